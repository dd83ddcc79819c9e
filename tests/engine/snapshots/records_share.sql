WITH base AS (SELECT date_trunc('month', t.received_on)::DATE AS period, (CASE WHEN t.answered_on IS NOT NULL THEN (((wd_answered_on.wd_index - wd_received_on.wd_index) <= $p6))::INTEGER WHEN false THEN NULL WHEN ((wd_asof.wd_index - wd_received_on.wd_index) <= $p7) THEN 2 ELSE 0 END) AS state, t.*, (t.answered_on - t.received_on) AS delay_days, (wd_answered_on.wd_index - wd_received_on.wd_index) AS delay_working_days, (t.acknowledged_on - t.received_on) AS ack_delay_days, (wd_acknowledged_on.wd_index - wd_received_on.wd_index) AS ack_delay_working_days, b.file_name AS fichier
FROM correspondence t
LEFT JOIN working_calendar wd_answered_on ON wd_answered_on.day = t.answered_on
LEFT JOIN working_calendar wd_received_on ON wd_received_on.day = t.received_on
LEFT JOIN (SELECT batch_id, least(coalesce(as_of, $today::DATE), $today::DATE) AS day
FROM import_batches) as_of_day ON as_of_day.batch_id = t.batch_id
LEFT JOIN working_calendar wd_asof ON wd_asof.day = coalesce(as_of_day.day, $today::DATE)
LEFT JOIN working_calendar wd_acknowledged_on ON wd_acknowledged_on.day = t.acknowledged_on
LEFT JOIN import_batches b ON b.batch_id = t.batch_id
WHERE t.received_on >= $date_from AND t.received_on < $date_to AND ((trim(regexp_replace(strip_accents(lower(t.channel)), '[^a-z0-9]+', ' ', 'g')) = $p5)))
SELECT b.file_name AS source_file, base.* EXCLUDE (row_id, batch_id)
FROM base
LEFT JOIN import_batches b ON b.batch_id = base.batch_id
ORDER BY CASE WHEN state = 0 THEN 0 WHEN state = 2 THEN 1 WHEN state IS NULL THEN 3 ELSE 2 END, source_row LIMIT 5000

-- parameters
{
 "date_from": "2026-03-01",
 "date_to": "2026-04-01",
 "p5": "courrier",
 "p6": 15.0,
 "p7": 15.0,
 "today": "2026-11-03"
}
