WITH base AS (SELECT date_trunc('month', t.due_on)::DATE AS period, (CASE WHEN t.closed_on IS NOT NULL THEN (((t.closed_on - t.due_on) > $p5))::INTEGER WHEN coalesce(t.status = $p7, false) THEN NULL WHEN ((coalesce(as_of_day.day, $today::DATE) - t.due_on) > $p6) THEN 1 ELSE 2 END) AS state, t.*, (t.closed_on - t.opened_on) AS delay_days, (wd_closed_on.wd_index - wd_opened_on.wd_index) AS delay_working_days, (t.closed_on - t.due_on) AS overdue_days, (wd_closed_on.wd_index - wd_due_on.wd_index) AS overdue_working_days, b.file_name AS fichier
FROM actions t
LEFT JOIN (SELECT batch_id, least(coalesce(as_of, $today::DATE), $today::DATE) AS day
FROM import_batches) as_of_day ON as_of_day.batch_id = t.batch_id
LEFT JOIN working_calendar wd_asof ON wd_asof.day = coalesce(as_of_day.day, $today::DATE)
LEFT JOIN working_calendar wd_closed_on ON wd_closed_on.day = t.closed_on
LEFT JOIN working_calendar wd_opened_on ON wd_opened_on.day = t.opened_on
LEFT JOIN working_calendar wd_due_on ON wd_due_on.day = t.due_on
LEFT JOIN import_batches b ON b.batch_id = t.batch_id
WHERE t.due_on >= $date_from AND t.due_on < $date_to)
SELECT b.file_name AS source_file, base.* EXCLUDE (row_id, batch_id)
FROM base
LEFT JOIN import_batches b ON b.batch_id = base.batch_id
ORDER BY CASE WHEN state = 1 THEN 0 WHEN state = 2 THEN 1 WHEN state IS NULL THEN 3 ELSE 2 END, source_row LIMIT 5000

-- parameters
{
 "date_from": "2026-03-01",
 "date_to": "2026-04-01",
 "p5": 0.0,
 "p6": 0.0,
 "p7": "traité",
 "today": "2026-11-03"
}
