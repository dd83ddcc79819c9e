WITH base AS (SELECT (date_trunc('month', t.due_on) + to_months(r.k))::DATE AS period, t.service AS service, (true) AS in_0, CASE WHEN true THEN (CASE WHEN t.closed_on IS NOT NULL THEN (((t.closed_on - t.due_on) > $p5))::INTEGER WHEN coalesce(t.status = $p7, false) THEN NULL WHEN ((coalesce(as_of_day.day, $today::DATE) - t.due_on) > $p6) THEN 1 ELSE 2 END) END AS state_0
FROM actions t
LEFT JOIN (SELECT batch_id, least(coalesce(as_of, $today::DATE), $today::DATE) AS day
FROM import_batches) as_of_day ON as_of_day.batch_id = t.batch_id
LEFT JOIN working_calendar wd_asof ON wd_asof.day = coalesce(as_of_day.day, $today::DATE)
CROSS JOIN range(12) r(k)
WHERE t.due_on >= $date_from AND t.due_on < $date_to), aggregated AS MATERIALIZED (SELECT period, service, count(*) FILTER (WHERE in_0) AS rows_0, count(*) FILTER (WHERE state_0 = 1) AS numerator_0, count(*) FILTER (WHERE state_0 <= 1) AS denominator_0
FROM base
WHERE period BETWEEN $start AND $end
GROUP BY period, service), figures AS MATERIALIZED (SELECT 0 AS k, period, service, numerator_0::DOUBLE AS numerator, denominator_0::DOUBLE AS denominator, NULL::BIGINT AS pending, NULL::DOUBLE AS negatives, NULL::DOUBLE AS raw_value
FROM aggregated
WHERE rows_0 > 0), grid AS (SELECT keys.*, p.period
FROM (SELECT DISTINCT k, service
FROM figures) keys
CROSS JOIN (SELECT unnest($periods::DATE[]) AS period) p)
SELECT g.k, g.period, g.service, f.numerator, f.denominator, coalesce(f.pending, 0) AS pending, f.negatives, f.raw_value
FROM grid g
LEFT JOIN figures f ON f.k = g.k AND f.period = g.period AND f.service IS NOT DISTINCT FROM g.service
ORDER BY g.k, g.period, g.service

-- parameters
{
 "date_from": "2025-02-01",
 "date_to": "2026-10-01",
 "end": "2026-09-01",
 "p5": 0.0,
 "p6": 0.0,
 "p7": "traité",
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
 "start": "2026-01-01",
 "today": "2026-11-03"
}
