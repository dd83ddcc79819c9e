WITH base AS (SELECT date_trunc('quarter', t.received_on)::DATE AS period, t.category AS category, (true) AS in_0, CASE WHEN true THEN 1 END AS state_0
FROM complaints t
WHERE t.received_on >= $date_from AND t.received_on < $date_to), aggregated AS MATERIALIZED (SELECT period, category, count(*) FILTER (WHERE in_0) AS rows_0, count(*) FILTER (WHERE state_0 = 1) AS numerator_0, count(*) FILTER (WHERE state_0 <= 1) AS denominator_0
FROM base
GROUP BY period, category), figures AS MATERIALIZED (SELECT 0 AS k, period, category, numerator_0::DOUBLE AS numerator, denominator_0::DOUBLE AS denominator, NULL::BIGINT AS pending, NULL::DOUBLE AS negatives, NULL::DOUBLE AS raw_value
FROM aggregated
WHERE rows_0 > 0), grid AS (SELECT keys.*, p.period
FROM (SELECT DISTINCT k, category
FROM figures) keys
CROSS JOIN (SELECT unnest($periods::DATE[]) AS period) p)
SELECT g.k, g.period, g.category, f.numerator, f.denominator, coalesce(f.pending, 0) AS pending, f.negatives, f.raw_value
FROM grid g
LEFT JOIN figures f ON f.k = g.k AND f.period = g.period AND f.category IS NOT DISTINCT FROM g.category
ORDER BY g.k, g.period, g.category

-- parameters
{
 "date_from": "2026-01-01",
 "date_to": "2026-10-01",
 "periods": [
  "2026-01-01",
  "2026-04-01",
  "2026-07-01"
 ]
}
