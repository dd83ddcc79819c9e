WITH base AS (SELECT date_trunc('month', t.answered_on)::DATE AS period, (coalesce((CASE WHEN t.scale_max = $p6 THEN t.score >= $p7 WHEN t.scale_max = $p8 THEN t.score >= $p9 WHEN t.scale_max = $p10 THEN t.score >= $p11 ELSE t.score >= $p12 * t.scale_max END), false))::INTEGER AS state, (coalesce((CASE WHEN t.scale_max = $p13 THEN t.score <= $p14 WHEN t.scale_max = $p15 THEN t.score <= $p16 WHEN t.scale_max = $p17 THEN t.score <= $p18 ELSE t.score <= $p19 * t.scale_max END), false))::INTEGER AS negative_state, t.*, b.file_name AS fichier
FROM survey_answers t
LEFT JOIN import_batches b ON b.batch_id = t.batch_id
WHERE t.answered_on >= $date_from AND t.answered_on < $date_to AND ((trim(regexp_replace(strip_accents(lower(t.question)), '[^a-z0-9]+', ' ', 'g')) LIKE $p5)))
SELECT b.file_name AS source_file, base.* EXCLUDE (row_id, batch_id)
FROM base
LEFT JOIN import_batches b ON b.batch_id = base.batch_id
ORDER BY CASE WHEN state = 0 THEN 0 WHEN state = 2 THEN 1 WHEN state IS NULL THEN 3 ELSE 2 END, source_row LIMIT 5000

-- parameters
{
 "date_from": "2026-03-01",
 "date_to": "2026-04-01",
 "p10": 10.0,
 "p11": 8.0,
 "p12": 0.75,
 "p13": 4.0,
 "p14": 2.0,
 "p15": 5.0,
 "p16": 2.0,
 "p17": 10.0,
 "p18": 5.0,
 "p19": 0.5,
 "p5": "%globalement%",
 "p6": 4.0,
 "p7": 3.0,
 "p8": 5.0,
 "p9": 4.0
}
