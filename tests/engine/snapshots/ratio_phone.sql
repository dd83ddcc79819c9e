WITH base AS (SELECT date_trunc('month', t.period_start)::DATE AS period, t.service AS service, (true) AS in_0, CASE WHEN true THEN 1 END AS state_0, CASE WHEN t.calls_received IS NOT NULL THEN t.calls_answered::DOUBLE END AS num_0, t.calls_received::DOUBLE AS den_0
FROM phone_calls t
WHERE t.period_start >= $date_from AND t.period_start < $date_to), aggregated AS MATERIALIZED (SELECT period, service, count(*) FILTER (WHERE in_0) AS rows_0, sum(num_0) FILTER (WHERE state_0 = 1) AS numerator_0, sum(den_0) FILTER (WHERE state_0 = 1) AS denominator_0
FROM base
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
 "date_from": "2026-01-01",
 "date_to": "2026-10-01",
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
 ]
}
