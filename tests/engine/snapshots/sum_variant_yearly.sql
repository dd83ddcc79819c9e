WITH base AS (SELECT date_trunc('year', t.visited_on)::DATE AS period, (true) AS in_0, CASE WHEN true THEN 1 END AS state_0, t.wait_minutes::DOUBLE AS x_0
FROM counter_visits t
WHERE t.visited_on >= $date_from AND t.visited_on < $date_to), aggregated AS MATERIALIZED (SELECT period, count(*) FILTER (WHERE in_0) AS rows_0, sum(x_0) FILTER (WHERE state_0 = 1) AS raw_value_0, count(x_0) FILTER (WHERE state_0 = 1) AS denominator_0
FROM base
GROUP BY period), figures AS MATERIALIZED (SELECT 0 AS k, period, NULL::DOUBLE AS numerator, denominator_0::DOUBLE AS denominator, NULL::BIGINT AS pending, NULL::DOUBLE AS negatives, raw_value_0::DOUBLE AS raw_value
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
 "date_to": "2027-01-01",
 "members": [
  0
 ],
 "periods": [
  "2026-01-01"
 ]
}
