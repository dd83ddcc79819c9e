"""Snapshots of the SQL the engine generates for representative indicators of the shipped
catalogue: a change to the SQL builder shows here as a readable diff, reviewed before it lands.

Refresh after an intended change (then read the diff in git before committing):

    QUALIBOARD_REFRESH_SNAPSHOTS=1 .venv/bin/python -m pytest tests/engine/test_sql_snapshots.py

Cases cover every measure type (mean and sum are not shipped: they are the p90 indicator with
its type changed), each filter operator (equal, list, contient, sauf, min/max), every frequency
(monthly, quarterly, yearly, rolling12, range), a period field other than the source's, a
service filter, breakdowns, several indicators in one batch, and the records-behind query.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest

from qualiboard.domain.config import Config, Indicator, load_config
from qualiboard.domain.periods import period_start
from qualiboard.engine.records import records_sql
from qualiboard.engine.sql import batch_sql

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
REFRESH = os.environ.get("QUALIBOARD_REFRESH_SNAPSHOTS") == "1"
TODAY = dt.date(2026, 11, 3)
START, END = dt.date(2026, 1, 1), dt.date(2026, 9, 1)


def _variant(config: Config, base: str, new_id: str, **changes: object) -> Indicator:
    indicator = config.indicator(base)
    measure = changes.pop("measure", None)
    update: dict[str, object] = {"id": new_id, **changes}
    if measure is not None:
        update["measure"] = indicator.measure.model_copy(update=measure)
    return indicator.model_copy(update=update)


def _indicators(config: Config, ids: list[str]) -> list[Indicator]:
    extra = {
        "guichet_attente_moyenne": _variant(
            config, "guichet_attente_p90", "guichet_attente_moyenne", measure={"type": "mean"}
        ),
        "guichet_attente_total": _variant(
            config, "guichet_attente_p90", "guichet_attente_total", measure={"type": "sum"}
        ),
        "reclamation_delai_bornee": _variant(
            config,
            "reclamation_delai",
            "reclamation_delai_bornee",
            filter={"delay_days": {"min": 1, "max": 30}, "received_on": {"min": "2026-02-01"}},
        ),
    }
    return [extra[i] if i in extra else config.indicator(i) for i in ids]


# name -> (indicator ids of one batch, frequency, breakdown, services, untracked end fields)
BATCHES: dict[str, tuple[list[str], str, list[str], list[str] | None, dict]] = {
    "share_equal_filter_monthly": (["courrier_delai"], "monthly", ["service"], None, {}),
    "share_list_filter": (["courriel_delai"], "monthly", [], None, {}),
    "median_by_service_filtered": (
        ["courrier_delai_median"],
        "monthly",
        ["service"],
        ["État civil", "CCAS"],
        {},
    ),
    "ratio_phone": (["telephone_decroche"], "monthly", ["service"], None, {}),
    "p90_two_breakdowns": (["guichet_attente_p90"], "monthly", ["service", "site"], None, {}),
    "mean_variant": (["guichet_attente_moyenne"], "monthly", [], None, {}),
    "sum_variant_yearly": (["guichet_attente_total"], "yearly", [], None, {}),
    "net_contient": (["satisfaction_nette"], "monthly", ["service"], None, {}),
    "count_quarterly": (["reclamations_volume"], "quarterly", ["category"], None, {}),
    "share_sauf_two_filters": (["actes_delai_median"], "monthly", [], None, {}),
    "min_max_filter": (["reclamation_delai_bornee"], "monthly", [], None, {}),
    "count_due_on_rolling12": (["actions_en_retard"], "rolling12", ["service"], None, {}),
    "share_range": (["courrier_delai"], "range", [], None, {}),
    "untracked_end_field": (
        ["signalement_delai"],
        "monthly",
        [],
        None,
        {"resolved_on": [3, 7]},
    ),
    "one_batch_three_indicators": (
        ["courrier_delai", "courrier_ar", "courrier_delai_median"],
        "monthly",
        ["service"],
        None,
        {},
    ),
}

# name -> (indicator id, period, services, untracked end fields)
RECORDS: dict[str, tuple[str, dt.date, list[str] | None, dict]] = {
    "records_share": ("courrier_delai", dt.date(2026, 3, 1), None, {}),
    "records_ratio_services": ("telephone_decroche", dt.date(2026, 3, 1), ["CCAS"], {}),
    "records_net": ("satisfaction_nette", dt.date(2026, 3, 1), None, {}),
    "records_quarterly": ("mystere_conformite", dt.date(2026, 5, 1), None, {}),
    "records_lower_count_due_on": ("actions_en_retard", dt.date(2026, 3, 1), None, {}),
    "records_untracked": ("signalement_delai", dt.date(2026, 3, 1), None, {"resolved_on": [4]}),
}


def readable(sql: str, params: dict[str, object]) -> str:
    """One clause a line (the comparison is on this text: SQL whitespace carries no meaning)."""
    keywords = r"(SELECT|FROM|WHERE|LEFT JOIN|CROSS JOIN|GROUP BY|UNION ALL|ORDER BY|WITH)\b"
    text = re.sub(r"\s+(?=" + keywords + ")", "\n", sql.strip()).replace(
        "DISTINCT\nFROM", "DISTINCT FROM"
    )
    shown = json.dumps(params, ensure_ascii=False, sort_keys=True, default=str, indent=1)
    return f"{text}\n\n-- parameters\n{shown}\n"


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "indicators.yaml")


def _compare(name: str, text: str) -> None:
    path = SNAPSHOTS / f"{name}.sql"
    if REFRESH or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not REFRESH:
            pytest.fail(f"new snapshot written, review and commit it: {path.name}")
        return
    assert text == path.read_text(encoding="utf-8"), f"generated SQL changed: {path.name}"


@pytest.mark.parametrize("name", sorted(BATCHES))
def test_batched_sql_matches_snapshot(config, name):
    ids, frequency, by, services, untracked = BATCHES[name]
    members = _indicators(config, ids)
    first, last = period_start(START, frequency), period_start(END, frequency)
    sql, params = batch_sql(config, members, TODAY, untracked, first, last, frequency, by, services)
    _compare(name, readable(sql, params))


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_records_behind_sql_matches_snapshot(config, name):
    indicator_id, period, services, untracked = RECORDS[name]
    indicator = config.indicator(indicator_id)
    sql, params = records_sql(config, indicator, period, services, TODAY, untracked, limit=5000)
    _compare(name, readable(sql, params))


def test_every_measure_type_and_filter_operator_has_a_snapshot(config):
    from qualiboard.domain.filters import FILTER_OPERATORS
    from qualiboard.domain.measures import MEASURES

    members = [i for ids, *_ in BATCHES.values() for i in _indicators(config, ids)]
    assert {i.measure.type for i in members} == set(MEASURES)
    written = json.dumps([i.filter for i in members], ensure_ascii=False)
    for operator in FILTER_OPERATORS:
        assert f'"{operator.name}"' in written, operator.name
    assert {case[1] for case in BATCHES.values()} == {
        "monthly",
        "quarterly",
        "yearly",
        "rolling12",
        "range",
    }
