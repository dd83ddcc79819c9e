"""Engine benchmark: every indicator of indicators.yaml, monthly by service, on N records per
source, against ONE hand-written DuckDB query computing the same figures.

The hand-written query is also an independent re-implementation of the period rules, so the
benchmark checks that both give the same numerators and denominators.

    python -m bench.engine [--records 1000000] [--db /tmp/qualiboard_bench.duckdb]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

import duckdb
import pandas as pd

from bench.synthetic import build, months
from qualiboard.domain.config import load_config
from qualiboard.engine.indicators import compute_all
from qualiboard.present.formatting import number
from qualiboard.store.working_calendar import ensure_working_calendar

TODAY = dt.date(2026, 11, 3)
FOLD = "trim(regexp_replace(strip_accents(lower({})), '[^a-z0-9]+', ' ', 'g'))"


def _share(indicator: str, condition_met: str, decided: str, scope: str) -> str:
    return (
        f"SELECT '{indicator}' AS indicator_id, month, service, "
        f"count(*) FILTER (WHERE {scope} AND {decided} AND {condition_met}) AS numerator, "
        f"count(*) FILTER (WHERE {scope} AND {decided}) AS denominator, NULL::DOUBLE AS value"
    )


HAND_WRITTEN = f"""
WITH today AS (SELECT wd_index AS wd FROM working_calendar WHERE day = $today),
c AS (
  SELECT date_trunc('month', t.received_on)::DATE AS month, t.service, t.channel,
         t.received_on, t.answered_on, t.acknowledged_on,
         e.wd_index - s.wd_index AS dwd, a.wd_index - s.wd_index AS awd,
         (SELECT wd FROM today) - s.wd_index AS sofar_wd,
         $today::DATE - t.received_on AS sofar_days
  FROM correspondence t
  JOIN working_calendar s ON s.day = t.received_on
  LEFT JOIN working_calendar e ON e.day = t.answered_on
  LEFT JOIN working_calendar a ON a.day = t.acknowledged_on
),
r AS (
  SELECT date_trunc('month', t.received_on)::DATE AS month, t.service, t.status,
         t.received_on, t.answered_on, t.acknowledged_on,
         a.wd_index - s.wd_index AS awd, (SELECT wd FROM today) - s.wd_index AS sofar_wd
  FROM complaints t
  JOIN working_calendar s ON s.day = t.received_on
  LEFT JOIN working_calendar a ON a.day = t.acknowledged_on
),
g AS (
  SELECT date_trunc('month', t.reported_on)::DATE AS month, t.service, t.status,
         t.resolved_on, t.acknowledged_on,
         e.wd_index - s.wd_index AS dwd, a.wd_index - s.wd_index AS awd,
         (SELECT wd FROM today) - s.wd_index AS sofar_wd
  FROM reports t
  JOIN working_calendar s ON s.day = t.reported_on
  LEFT JOIN working_calendar e ON e.day = t.resolved_on
  LEFT JOIN working_calendar a ON a.day = t.acknowledged_on
),
q AS (
  SELECT date_trunc('month', answered_on)::DATE AS month, service, channel,
         {FOLD.format("question")} AS question,
         score >= CASE scale_max WHEN 4 THEN 3 WHEN 5 THEN 4 WHEN 10 THEN 8 ELSE 0.75 * scale_max END AS sat,
         score <= CASE scale_max WHEN 4 THEN 2 WHEN 5 THEN 2 WHEN 10 THEN 5 ELSE 0.5 * scale_max END AS dissat
  FROM survey_answers
)
{
    _share(
        "courrier_delai",
        "dwd <= 15",
        "(answered_on IS NOT NULL OR sofar_wd > 15)",
        "channel = 'Courrier'",
    )
}
  FROM c GROUP BY ALL
UNION ALL {
    _share(
        "courrier_delai_15j",
        "answered_on - received_on < 15",
        "(answered_on IS NOT NULL OR sofar_days >= 15)",
        "channel = 'Courrier'",
    )
}
  FROM c GROUP BY ALL
UNION ALL {
    _share(
        "courrier_ar",
        "awd <= 5",
        "(acknowledged_on IS NOT NULL OR sofar_wd > 5)",
        "channel = 'Courrier'",
    )
}
  FROM c GROUP BY ALL
UNION ALL {
    _share(
        "courriel_delai",
        "dwd <= 5",
        "(answered_on IS NOT NULL OR sofar_wd > 5)",
        "channel IN ('Courriel', 'Formulaire en ligne')",
    )
}
  FROM c GROUP BY ALL
UNION ALL SELECT 'courrier_delai_median', month, service, NULL, count(dwd) FILTER (WHERE channel = 'Courrier'),
  median(dwd) FILTER (WHERE channel = 'Courrier') FROM c GROUP BY ALL
UNION ALL SELECT 'telephone_decroche', date_trunc('month', period_start)::DATE, service,
  sum(calls_answered), sum(calls_received), NULL FROM phone_calls GROUP BY ALL
UNION ALL SELECT 'guichet_attente', date_trunc('month', visited_on)::DATE, service,
  count(*) FILTER (WHERE wait_minutes <= 10), count(*), NULL FROM counter_visits GROUP BY ALL
UNION ALL SELECT 'guichet_attente_p90', date_trunc('month', visited_on)::DATE, service,
  NULL, count(wait_minutes), quantile_cont(wait_minutes, 0.9) FROM counter_visits GROUP BY ALL
UNION ALL SELECT 'indicator:' || indicator, period, service, sum(numerator), sum(denominator), NULL
  FROM measurements GROUP BY ALL
{
    "".join(
        f'''UNION ALL SELECT '{name}', month, service, count(*) FILTER (WHERE sat), count(sat), NULL
  FROM q WHERE question LIKE '%{needle}%' GROUP BY ALL
'''
        for name, needle in (
            ("satisfaction_accueil", "courtoisie"),
            ("satisfaction_attente", "temps d attente"),
            ("satisfaction_information", "clarte"),
            ("satisfaction_globale", "globalement"),
        )
    )
}
UNION ALL SELECT 'satisfaction_globale_courrier', month, service, count(*) FILTER (WHERE sat), count(sat), NULL
  FROM q WHERE question LIKE '%globalement%' AND channel = 'Formulaire en ligne' GROUP BY ALL
UNION ALL SELECT 'satisfaction_nette', month, service, count(*) FILTER (WHERE sat),
  count(sat), 100.0 * (count(*) FILTER (WHERE sat) - count(*) FILTER (WHERE dissat)) / count(sat)
  FROM q WHERE question LIKE '%globalement%' GROUP BY ALL
UNION ALL SELECT 'satisfaction_echantillon', month, service, count(*), count(*), NULL
  FROM q WHERE question LIKE '%globalement%' GROUP BY ALL
UNION ALL {
    _share(
        "reclamation_delai",
        "answered_on - received_on <= 15",
        "(answered_on IS NOT NULL OR (status IS DISTINCT FROM 'traité' AND $today::DATE - received_on > 15))",
        "true",
    )
}
  FROM r GROUP BY ALL
UNION ALL {
    _share(
        "reclamation_ar",
        "awd <= 3",
        "(acknowledged_on IS NOT NULL OR (status IS DISTINCT FROM 'traité' AND sofar_wd > 3))",
        "true",
    )
}
  FROM r GROUP BY ALL
UNION ALL SELECT 'reclamations_volume', month, service, count(*), count(*), NULL FROM r GROUP BY ALL
UNION ALL SELECT 'actions_a_lheure', date_trunc('month', due_on)::DATE, service,
  count(*) FILTER (WHERE closed_on <= due_on),
  count(*) FILTER (WHERE closed_on IS NOT NULL OR (status IS DISTINCT FROM 'traité' AND $today::DATE > due_on)), NULL
  FROM actions GROUP BY ALL
UNION ALL SELECT 'actions_en_retard', date_trunc('month', due_on)::DATE, service,
  count(*) FILTER (WHERE closed_on > due_on OR (closed_on IS NULL AND status IS DISTINCT FROM 'traité' AND $today::DATE > due_on)),
  count(*) FILTER (WHERE closed_on IS NOT NULL OR (status IS DISTINCT FROM 'traité' AND $today::DATE > due_on)), NULL
  FROM actions GROUP BY ALL
UNION ALL {
    _share(
        "signalement_ar",
        "awd <= 2",
        "(acknowledged_on IS NOT NULL OR (status IS DISTINCT FROM 'traité' AND sofar_wd > 2))",
        "true",
    )
}
  FROM g GROUP BY ALL
UNION ALL {_share("signalement_traites", "status = 'traité'", "true", "true")}
  FROM g GROUP BY ALL
UNION ALL SELECT 'signalement_en_cours', month, service, count(*) FILTER (WHERE status = 'en cours'), count(*), NULL
  FROM g GROUP BY ALL
UNION ALL {
    _share(
        "signalement_delai",
        "dwd <= 10",
        "(resolved_on IS NOT NULL OR (status IS DISTINCT FROM 'traité' AND sofar_wd > 10))",
        "true",
    )
}
  FROM g GROUP BY ALL
UNION ALL {_share("signalement_sans_date_fin", "resolved_on IS NULL", "true", "status = 'traité'")}
  FROM g GROUP BY ALL
"""


def hand_written(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(HAND_WRITTEN, {"today": TODAY}).df()


def engine(con: duckdb.DuckDBPyConnection, config, start: dt.date, end: dt.date) -> pd.DataFrame:
    return compute_all(
        con, config, start=start, end=end, frequency="monthly", by=["service"], today=TODAY
    )


def compare(ours: pd.DataFrame, floor: pd.DataFrame, config) -> int:
    """Numerators and denominators must agree; returns the number of disagreements."""
    measurement_ids = {
        i.id: i.filter.get("indicator") for i in config.indicators if i.source == "measurements"
    }
    floor = floor.copy()
    for indicator_id, code in measurement_ids.items():
        floor.loc[floor["indicator_id"] == f"indicator:{code}", "indicator_id"] = indicator_id
    floor["period"] = pd.to_datetime(floor["month"]).dt.date
    merged = ours[ours["denominator"] > 0].merge(
        floor, on=["indicator_id", "period", "service"], how="left", suffixes=("", "_floor")
    )
    bad = merged[
        (merged["denominator"] != merged["denominator_floor"])
        | ((merged["numerator"].notna()) & (merged["numerator"] != merged["numerator_floor"]))
    ]
    return len(bad)


def timed(function, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def measure(records: int, db: Path) -> dict[str, float]:
    """Seconds of the engine and of the hand-written floor, and their disagreements."""
    config = load_config("indicators.yaml")
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    con = build(db, records)
    print(
        f"base synthétique : {number(records)} enregistrements par source, 8 sources, "
        f"5 ans, 12 services, écrite en {time.perf_counter() - started:.1f} s"
    )
    ensure_working_calendar(con, config.organisation.territory)
    start, end = months()
    ours = engine(con, config, start, end)  # warm-up
    floor = hand_written(con)
    disagreements = compare(ours, floor, config)
    engine_s = timed(lambda: engine(con, config, start, end))
    floor_s = timed(lambda: hand_written(con))
    print(
        f"{len(config.indicators)} indicateurs, mensuels par service : {number(len(ours))} lignes"
    )
    con.close()
    return {"engine": engine_s, "floor": floor_s, "disagreements": disagreements}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Engine benchmark")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/qualiboard_bench.duckdb"))
    args = parser.parse_args(argv)
    result = measure(args.records, args.db)
    engine_s, floor_s = result["engine"], result["floor"]
    print(f"moteur Qualiboard        : {engine_s:.3f} s")
    print(f"requête SQL écrite main  : {floor_s:.3f} s")
    print(f"rapport                  : {engine_s / floor_s:.2f} (cible ≤ 1,5 et < 1 s)")
    print(f"écarts numérateur/dénominateur entre les deux : {result['disagreements']}")
    return 0 if result["disagreements"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
