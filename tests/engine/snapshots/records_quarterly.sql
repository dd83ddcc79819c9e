WITH base AS (SELECT date_trunc('quarter', t.checked_on)::DATE AS period, (coalesce((CASE WHEN t.scale_max = $p5 THEN t.score >= $p6 WHEN t.scale_max = $p7 THEN t.score >= $p8 WHEN t.scale_max = $p9 THEN t.score >= $p10 ELSE t.score >= $p11 * t.scale_max END), false))::INTEGER AS state, t.*, b.file_name AS fichier
FROM mystery_checks t
LEFT JOIN import_batches b ON b.batch_id = t.batch_id
WHERE t.checked_on >= $date_from AND t.checked_on < $date_to)
SELECT b.file_name AS source_file, base.* EXCLUDE (row_id, batch_id)
FROM base
LEFT JOIN import_batches b ON b.batch_id = base.batch_id
ORDER BY CASE WHEN state = 0 THEN 0 WHEN state = 2 THEN 1 WHEN state IS NULL THEN 3 ELSE 2 END, source_row LIMIT 5000

-- parameters
{
 "date_from": "2026-04-01",
 "date_to": "2026-07-01",
 "p10": 8.0,
 "p11": 0.75,
 "p5": 4.0,
 "p6": 3.0,
 "p7": 5.0,
 "p8": 4.0,
 "p9": 10.0
}
