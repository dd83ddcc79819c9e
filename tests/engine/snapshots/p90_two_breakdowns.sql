WITH base AS (SELECT date_trunc('month', t.visited_on)::DATE AS period, t.service AS service, t.site AS site, (true) AS in_0, CASE WHEN true THEN 1 END AS state_0, t.wait_minutes::DOUBLE AS x_0
FROM counter_visits t
WHERE t.visited_on >= $date_from AND t.visited_on < $date_to), aggregated AS MATERIALIZED (SELECT period, service, site, count(*) FILTER (WHERE in_0) AS rows_0, quantile_cont(x_0, 0.9) FILTER (WHERE state_0 = 1) AS raw_value_0, count(x_0) FILTER (WHERE state_0 = 1) AS denominator_0
FROM base
GROUP BY period, service, site), figures AS MATERIALIZED (SELECT 0 AS k, period, service, site, NULL::DOUBLE AS numerator, denominator_0::DOUBLE AS denominator, NULL::BIGINT AS pending, NULL::DOUBLE AS negatives, raw_value_0::DOUBLE AS raw_value
FROM aggregated
WHERE rows_0 > 0), grid AS (SELECT keys.*, p.period
FROM (SELECT DISTINCT k, service, site
FROM figures) keys
CROSS JOIN (SELECT unnest($periods::DATE[]) AS period) p)
SELECT g.k, g.period, g.service, g.site, f.numerator, f.denominator, coalesce(f.pending, 0) AS pending, f.negatives, f.raw_value
FROM grid g
LEFT JOIN figures f ON f.k = g.k AND f.period = g.period AND f.service IS NOT DISTINCT FROM g.service AND f.site IS NOT DISTINCT FROM g.site
ORDER BY g.k, g.period, g.service, g.site

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
