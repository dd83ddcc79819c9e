WITH base AS (SELECT $start::DATE AS period, (((trim(regexp_replace(strip_accents(lower(t.channel)), '[^a-z0-9]+', ' ', 'g')) = $p5))) AS in_0, CASE WHEN ((trim(regexp_replace(strip_accents(lower(t.channel)), '[^a-z0-9]+', ' ', 'g')) = $p5)) THEN (CASE WHEN t.answered_on IS NOT NULL THEN (((wd_answered_on.wd_index - wd_received_on.wd_index) <= $p6))::INTEGER WHEN false THEN NULL WHEN ((wd_asof.wd_index - wd_received_on.wd_index) <= $p7) THEN 2 ELSE 0 END) END AS state_0
FROM correspondence t
LEFT JOIN working_calendar wd_answered_on ON wd_answered_on.day = t.answered_on
LEFT JOIN working_calendar wd_received_on ON wd_received_on.day = t.received_on
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
 "p5": "courrier",
 "p6": 15.0,
 "p7": 15.0,
 "periods": [
  "2026-01-01"
 ],
 "start": "2026-01-01",
 "today": "2026-11-03"
}
