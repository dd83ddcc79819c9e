WITH base AS (SELECT date_trunc('month', t.received_on)::DATE AS period, t.service AS service, (((trim(regexp_replace(strip_accents(lower(t.channel)), '[^a-z0-9]+', ' ', 'g')) = $p5))) AS in_0, CASE WHEN ((trim(regexp_replace(strip_accents(lower(t.channel)), '[^a-z0-9]+', ' ', 'g')) = $p5)) THEN (CASE WHEN t.answered_on IS NOT NULL THEN (((wd_answered_on.wd_index - wd_received_on.wd_index) <= $p6))::INTEGER WHEN false THEN NULL WHEN ((wd_asof.wd_index - wd_received_on.wd_index) <= $p7) THEN 2 ELSE 0 END) END AS state_0, (((trim(regexp_replace(strip_accents(lower(t.channel)), '[^a-z0-9]+', ' ', 'g')) = $p8))) AS in_1, CASE WHEN ((trim(regexp_replace(strip_accents(lower(t.channel)), '[^a-z0-9]+', ' ', 'g')) = $p8)) THEN (CASE WHEN t.acknowledged_on IS NOT NULL THEN (((wd_acknowledged_on.wd_index - wd_received_on.wd_index) <= $p9))::INTEGER WHEN false THEN NULL WHEN ((wd_asof.wd_index - wd_received_on.wd_index) <= $p10) THEN 2 ELSE 0 END) END AS state_1, (((trim(regexp_replace(strip_accents(lower(t.channel)), '[^a-z0-9]+', ' ', 'g')) = $p11))) AS in_2, CASE WHEN ((trim(regexp_replace(strip_accents(lower(t.channel)), '[^a-z0-9]+', ' ', 'g')) = $p11)) THEN 1 END AS state_2, (wd_answered_on.wd_index - wd_received_on.wd_index)::DOUBLE AS x_2
FROM correspondence t
LEFT JOIN working_calendar wd_answered_on ON wd_answered_on.day = t.answered_on
LEFT JOIN working_calendar wd_received_on ON wd_received_on.day = t.received_on
LEFT JOIN (SELECT batch_id, least(coalesce(as_of, $today::DATE), $today::DATE) AS day
FROM import_batches) as_of_day ON as_of_day.batch_id = t.batch_id
LEFT JOIN working_calendar wd_asof ON wd_asof.day = coalesce(as_of_day.day, $today::DATE)
LEFT JOIN working_calendar wd_acknowledged_on ON wd_acknowledged_on.day = t.acknowledged_on
WHERE t.received_on >= $date_from AND t.received_on < $date_to), aggregated AS MATERIALIZED (SELECT period, service, count(*) FILTER (WHERE in_0) AS rows_0, count(*) FILTER (WHERE state_0 = 2) AS pending_0, count(*) FILTER (WHERE state_0 = 1) AS numerator_0, count(*) FILTER (WHERE state_0 <= 1) AS denominator_0, count(*) FILTER (WHERE in_1) AS rows_1, count(*) FILTER (WHERE state_1 = 2) AS pending_1, count(*) FILTER (WHERE state_1 = 1) AS numerator_1, count(*) FILTER (WHERE state_1 <= 1) AS denominator_1, count(*) FILTER (WHERE in_2) AS rows_2, quantile_cont(x_2, 0.5) FILTER (WHERE state_2 = 1) AS raw_value_2, count(x_2) FILTER (WHERE state_2 = 1) AS denominator_2
FROM base
GROUP BY period, service), figures AS MATERIALIZED (SELECT 0 AS k, period, service, numerator_0::DOUBLE AS numerator, denominator_0::DOUBLE AS denominator, pending_0::BIGINT AS pending, NULL::DOUBLE AS negatives, NULL::DOUBLE AS raw_value
FROM aggregated
WHERE rows_0 > 0
UNION ALL
SELECT 1 AS k, period, service, numerator_1::DOUBLE AS numerator, denominator_1::DOUBLE AS denominator, pending_1::BIGINT AS pending, NULL::DOUBLE AS negatives, NULL::DOUBLE AS raw_value
FROM aggregated
WHERE rows_1 > 0
UNION ALL
SELECT 2 AS k, period, service, NULL::DOUBLE AS numerator, denominator_2::DOUBLE AS denominator, NULL::BIGINT AS pending, NULL::DOUBLE AS negatives, raw_value_2::DOUBLE AS raw_value
FROM aggregated
WHERE rows_2 > 0), grid AS (SELECT keys.*, p.period
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
 "p10": 5.0,
 "p11": "courrier",
 "p5": "courrier",
 "p6": 15.0,
 "p7": 15.0,
 "p8": "courrier",
 "p9": 5.0,
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
