WITH base AS (SELECT date_trunc('month', t.reported_on)::DATE AS period, (true) AS in_0, CASE WHEN true THEN (CASE WHEN t.resolved_on IS NOT NULL THEN (((wd_resolved_on.wd_index - wd_reported_on.wd_index) <= $p5))::INTEGER WHEN coalesce(t.status = $p8, false) THEN NULL WHEN list_contains($p7, t.batch_id) THEN NULL WHEN ((wd_asof.wd_index - wd_reported_on.wd_index) <= $p6) THEN 2 ELSE 0 END) END AS state_0
FROM reports t
LEFT JOIN working_calendar wd_resolved_on ON wd_resolved_on.day = t.resolved_on
LEFT JOIN working_calendar wd_reported_on ON wd_reported_on.day = t.reported_on
LEFT JOIN (SELECT batch_id, least(coalesce(as_of, $today::DATE), $today::DATE) AS day
FROM import_batches) as_of_day ON as_of_day.batch_id = t.batch_id
LEFT JOIN working_calendar wd_asof ON wd_asof.day = coalesce(as_of_day.day, $today::DATE)
WHERE t.reported_on >= $date_from AND t.reported_on < $date_to), aggregated AS MATERIALIZED (SELECT period, count(*) FILTER (WHERE in_0) AS rows_0, count(*) FILTER (WHERE state_0 = 2) AS pending_0, count(*) FILTER (WHERE state_0 = 1) AS numerator_0, count(*) FILTER (WHERE state_0 <= 1) AS denominator_0
FROM base
GROUP BY period), figures AS MATERIALIZED (SELECT 0 AS k, period, numerator_0::DOUBLE AS numerator, denominator_0::DOUBLE AS denominator, pending_0::BIGINT AS pending, NULL::DOUBLE AS negatives, NULL::DOUBLE AS raw_value
FROM aggregated
WHERE rows_0 > 0), grid AS (SELECT keys.*, p.period
FROM (SELECT unnest($members) AS k) keys
CROSS JOIN (SELECT unnest($periods::DATE[]) AS period) p)
SELECT g.k, g.period, f.numerator, f.denominator, coalesce(f.pending, 0) AS pending, f.negatives, f.raw_value
FROM grid g
LEFT JOIN figures f ON f.k = g.k AND f.period = g.period
ORDER BY g.k, g.period

-- parameters
{
 "date_from": "2026-01-01",
 "date_to": "2026-10-01",
 "members": [
  0
 ],
 "p5": 10.0,
 "p6": 10.0,
 "p7": [
  3,
  7
 ],
 "p8": "traité",
 "periods": [
  "2026-01-01",
  "2026-02-01",
  "2026-03-01",
  "2026-04-01",
  "2026-05-01",
  "2026-06-01",
  "2026-07-01",
  "2026-08-01",
  "2026-09-01"
 ],
 "today": "2026-11-03"
}
