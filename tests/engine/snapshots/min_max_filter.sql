WITH base AS (SELECT date_trunc('month', t.received_on)::DATE AS period, ((((t.answered_on - t.received_on) >= $p5) AND ((t.answered_on - t.received_on) <= $p6)) AND ((t.received_on >= $p7::DATE))) AS in_0, CASE WHEN (((t.answered_on - t.received_on) >= $p5) AND ((t.answered_on - t.received_on) <= $p6)) AND ((t.received_on >= $p7::DATE)) THEN (CASE WHEN t.answered_on IS NOT NULL THEN (((t.answered_on - t.received_on) <= $p8))::INTEGER WHEN coalesce(t.status = $p10, false) THEN NULL WHEN ((coalesce(as_of_day.day, $today::DATE) - t.received_on) <= $p9) THEN 2 ELSE 0 END) END AS state_0
FROM complaints t
LEFT JOIN (SELECT batch_id, least(coalesce(as_of, $today::DATE), $today::DATE) AS day
FROM import_batches) as_of_day ON as_of_day.batch_id = t.batch_id
LEFT JOIN working_calendar wd_asof ON wd_asof.day = coalesce(as_of_day.day, $today::DATE)
WHERE t.received_on >= $date_from AND t.received_on < $date_to), aggregated AS MATERIALIZED (SELECT period, count(*) FILTER (WHERE in_0) AS rows_0, count(*) FILTER (WHERE state_0 = 2) AS pending_0, count(*) FILTER (WHERE state_0 = 1) AS numerator_0, count(*) FILTER (WHERE state_0 <= 1) AS denominator_0
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
 "p10": "traité",
 "p5": 1.0,
 "p6": 30.0,
 "p7": "2026-02-01",
 "p8": 15.0,
 "p9": 15.0,
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
