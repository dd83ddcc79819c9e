WITH base AS (SELECT date_trunc('month', t.received_on)::DATE AS period, t.service AS service, (((trim(regexp_replace(strip_accents(lower(t.channel)), '[^a-z0-9]+', ' ', 'g')) = $p7))) AS in_0, CASE WHEN ((trim(regexp_replace(strip_accents(lower(t.channel)), '[^a-z0-9]+', ' ', 'g')) = $p7)) THEN 1 END AS state_0, (wd_answered_on.wd_index - wd_received_on.wd_index)::DOUBLE AS x_0
FROM correspondence t
LEFT JOIN working_calendar wd_answered_on ON wd_answered_on.day = t.answered_on
LEFT JOIN working_calendar wd_received_on ON wd_received_on.day = t.received_on
WHERE t.received_on >= $date_from AND t.received_on < $date_to AND t.service IN ($p5, $p6)), aggregated AS MATERIALIZED (SELECT period, service, count(*) FILTER (WHERE in_0) AS rows_0, quantile_cont(x_0, 0.5) FILTER (WHERE state_0 = 1) AS raw_value_0, count(x_0) FILTER (WHERE state_0 = 1) AS denominator_0
FROM base
GROUP BY period, service), figures AS MATERIALIZED (SELECT 0 AS k, period, service, NULL::DOUBLE AS numerator, denominator_0::DOUBLE AS denominator, NULL::BIGINT AS pending, NULL::DOUBLE AS negatives, raw_value_0::DOUBLE AS raw_value
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
 "p5": "État civil",
 "p6": "CCAS",
 "p7": "courrier",
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
