WITH base AS (SELECT date_trunc('month', t.reported_on)::DATE AS period, (CASE WHEN t.resolved_on IS NOT NULL THEN (((wd_resolved_on.wd_index - wd_reported_on.wd_index) <= $p5))::INTEGER WHEN coalesce(t.status = $p8, false) THEN NULL WHEN list_contains($p7, t.batch_id) THEN NULL WHEN ((wd_asof.wd_index - wd_reported_on.wd_index) <= $p6) THEN 2 ELSE 0 END) AS state, t.*, (t.resolved_on - t.reported_on) AS delay_days, (wd_resolved_on.wd_index - wd_reported_on.wd_index) AS delay_working_days, (t.acknowledged_on - t.reported_on) AS ack_delay_days, (wd_acknowledged_on.wd_index - wd_reported_on.wd_index) AS ack_delay_working_days, b.file_name AS fichier
FROM reports t
LEFT JOIN working_calendar wd_resolved_on ON wd_resolved_on.day = t.resolved_on
LEFT JOIN working_calendar wd_reported_on ON wd_reported_on.day = t.reported_on
LEFT JOIN (SELECT batch_id, least(coalesce(as_of, $today::DATE), $today::DATE) AS day
FROM import_batches) as_of_day ON as_of_day.batch_id = t.batch_id
LEFT JOIN working_calendar wd_asof ON wd_asof.day = coalesce(as_of_day.day, $today::DATE)
LEFT JOIN working_calendar wd_acknowledged_on ON wd_acknowledged_on.day = t.acknowledged_on
LEFT JOIN import_batches b ON b.batch_id = t.batch_id
WHERE t.reported_on >= $date_from AND t.reported_on < $date_to)
SELECT b.file_name AS source_file, base.* EXCLUDE (row_id, batch_id)
FROM base
LEFT JOIN import_batches b ON b.batch_id = base.batch_id
ORDER BY CASE WHEN state = 0 THEN 0 WHEN state = 2 THEN 1 WHEN state IS NULL THEN 3 ELSE 2 END, source_row LIMIT 5000

-- parameters
{
 "date_from": "2026-03-01",
 "date_to": "2026-04-01",
 "p5": 10.0,
 "p6": 10.0,
 "p7": [
  4
 ],
 "p8": "traité",
 "today": "2026-11-03"
}
