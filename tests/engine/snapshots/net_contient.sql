WITH base AS (SELECT date_trunc('month', t.answered_on)::DATE AS period, t.service AS service, (((trim(regexp_replace(strip_accents(lower(t.question)), '[^a-z0-9]+', ' ', 'g')) LIKE $p5))) AS in_0, CASE WHEN ((trim(regexp_replace(strip_accents(lower(t.question)), '[^a-z0-9]+', ' ', 'g')) LIKE $p5)) THEN (coalesce((CASE WHEN t.scale_max = $p6 THEN t.score >= $p7 WHEN t.scale_max = $p8 THEN t.score >= $p9 WHEN t.scale_max = $p10 THEN t.score >= $p11 ELSE t.score >= $p12 * t.scale_max END), false))::INTEGER END AS state_0, CASE WHEN ((trim(regexp_replace(strip_accents(lower(t.question)), '[^a-z0-9]+', ' ', 'g')) LIKE $p5)) THEN (coalesce((CASE WHEN t.scale_max = $p13 THEN t.score <= $p14 WHEN t.scale_max = $p15 THEN t.score <= $p16 WHEN t.scale_max = $p17 THEN t.score <= $p18 ELSE t.score <= $p19 * t.scale_max END), false))::INTEGER END AS neg_0
FROM survey_answers t
WHERE t.answered_on >= $date_from AND t.answered_on < $date_to), aggregated AS MATERIALIZED (SELECT period, service, count(*) FILTER (WHERE in_0) AS rows_0, count(*) FILTER (WHERE state_0 = 1) AS numerator_0, count(*) FILTER (WHERE state_0 <= 1 AND neg_0 = 1) AS negatives_0, count(*) FILTER (WHERE state_0 <= 1) AS denominator_0
FROM base
GROUP BY period, service), figures AS MATERIALIZED (SELECT 0 AS k, period, service, numerator_0::DOUBLE AS numerator, denominator_0::DOUBLE AS denominator, NULL::BIGINT AS pending, negatives_0::DOUBLE AS negatives, NULL::DOUBLE AS raw_value
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
 "p10": 10.0,
 "p11": 8.0,
 "p12": 0.75,
 "p13": 4.0,
 "p14": 2.0,
 "p15": 5.0,
 "p16": 2.0,
 "p17": 10.0,
 "p18": 5.0,
 "p19": 0.5,
 "p5": "%globalement%",
 "p6": 4.0,
 "p7": 3.0,
 "p8": 5.0,
 "p9": 4.0,
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
