WITH base AS (SELECT date_trunc('month', t.period_start)::DATE AS period, 1 AS state, CASE WHEN t.calls_received IS NOT NULL THEN t.calls_answered::DOUBLE END AS num, t.calls_received::DOUBLE AS den, t.*, b.file_name AS fichier
FROM phone_calls t
LEFT JOIN import_batches b ON b.batch_id = t.batch_id
WHERE t.period_start >= $date_from AND t.period_start < $date_to AND t.service IN ($p5))
SELECT b.file_name AS source_file, base.* EXCLUDE (row_id, batch_id)
FROM base
LEFT JOIN import_batches b ON b.batch_id = base.batch_id
ORDER BY CASE WHEN state = 0 THEN 0 WHEN state = 2 THEN 1 WHEN state IS NULL THEN 3 ELSE 2 END, source_row LIMIT 5000

-- parameters
{
 "date_from": "2026-03-01",
 "date_to": "2026-04-01",
 "p5": "CCAS"
}
