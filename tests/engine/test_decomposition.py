"""« Pourquoi ça a bougé ? »: changes split by part, against figures computed by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from qualiboard.engine.decomposition import decompose, split_weighted
from qualiboard.engine.indicators import RANGE, compute_indicator
from qualiboard.present.change_story import (
    change_sentence,
    decomposition_table,
    distribute,
    shown_effects,
)
from tests.conftest import make_config
from tests.helpers import fr, load, write_csv

D = dt.date
OCT, NOV = D(2026, 10, 1), D(2026, 11, 1)
TODAY = D(2026, 12, 15)
# Thursday 1 October -> Monday 5 October: 2 working days (on time); -> Friday 30 October: 21.
ON_TIME_OCT, LATE_OCT = (D(2026, 10, 1), D(2026, 10, 5)), (D(2026, 10, 1), D(2026, 10, 30))
# Monday 2 November -> Wednesday 4: on time; -> Monday 30 November: 19 (11/11 is a holiday).
ON_TIME_NOV, LATE_NOV = (D(2026, 11, 2), D(2026, 11, 4)), (D(2026, 11, 2), D(2026, 11, 30))


def config():
    return make_config(
        """
  - id: courrier_delai
    label: Courriers répondus sous 15 jours ouvrés
    module: 1
    source: correspondence
    measure: {type: share, condition: "delay_working_days <= 15"}
    breakdown: [service]
    objective: 90
  - id: courrier_volume
    label: Courriers reçus
    module: 1
    source: correspondence
    measure: {type: count}
    unit: courriers
    objective: aucun
  - id: courrier_median
    label: Délai médian
    module: 1
    source: correspondence
    measure: {type: median, field: delay_working_days}
    unit: jours ouvrés
    direction: lower
    objective: 8
"""
    )


def letters(service: str, on_time: int, late: int, month: str) -> list[tuple]:
    good, bad = (ON_TIME_OCT, LATE_OCT) if month == "oct" else (ON_TIME_NOV, LATE_NOV)
    return [(*good, service)] * on_time + [(*bad, service)] * late


@pytest.fixture
def loaded(con, tmp_path):
    """October: État civil 9/10, Urbanisme 8/10 (85 %). November: État civil 18/20,
    Urbanisme 2/5, CCAS 1/5 (21/30 = 70 %)."""
    cfg = config()
    rows = (
        letters("État civil", 9, 1, "oct")
        + letters("Urbanisme", 8, 2, "oct")
        + letters("État civil", 18, 2, "nov")
        + letters("Urbanisme", 2, 3, "nov")
        + letters("CCAS", 1, 4, "nov")
    )
    path = write_csv(
        tmp_path / "courriers.csv",
        ["N° chrono", "Date d'arrivée", "Date de réponse", "Canal", "Service"],
        [[f"C{i}", fr(r[0]), fr(r[1]), "Courrier", r[2]] for i, r in enumerate(rows)],
    )
    load(con, cfg, path, today=TODAY)
    return cfg


def test_share_change_split_by_service_matches_hand_computation(con, loaded):
    result = decompose(
        con, loaded, "courrier_delai", "service", (OCT, OCT), (NOV, NOV), today=TODAY
    )
    assert result.before == pytest.approx(85.0)
    assert result.after == pytest.approx(70.0)
    parts = {p.name: p for p in result.parts}
    # Weights 1/2, 1/2 -> 2/3, 1/6, 1/6; mean level (85 + 70) / 2 = 77,5.
    assert parts["État civil"].rate_effect == pytest.approx(0.0)
    assert parts["État civil"].mix_effect == pytest.approx((2 / 3 - 1 / 2) * (90 - 77.5))
    assert parts["Urbanisme"].rate_effect == pytest.approx((40 - 80) * (1 / 2 + 1 / 6) / 2)
    assert parts["Urbanisme"].mix_effect == pytest.approx((1 / 6 - 1 / 2) * (60 - 77.5))
    # CCAS exists in November only: no rate effect, all mix.
    assert parts["CCAS"].value_before is None
    assert parts["CCAS"].rate_effect == 0.0
    assert parts["CCAS"].mix_effect == pytest.approx(1 / 6 * (20 - 77.5))
    assert sum(p.contribution for p in result.parts) == pytest.approx(-15.0, abs=1e-9)
    # The totals are the engine's own figures, not a recomputation.
    for (first, last), expected in (((OCT, OCT), 85.0), ((NOV, NOV), 70.0)):
        whole = compute_indicator(
            con, loaded, "courrier_delai", start=first, end=last, frequency=RANGE, today=TODAY
        )
        assert whole.iloc[0]["value"] == pytest.approx(expected)


def test_sentence_and_table_add_up_as_shown(con, loaded):
    indicator = loaded.indicator("courrier_delai")
    result = decompose(con, loaded, indicator, "service", (OCT, OCT), (NOV, NOV), today=TODAY)
    assert change_sentence(result, indicator) == (
        "−15,0 pts, dont −13,3 pts Urbanisme (taux) et −9,6 pts effet de volume CCAS"
    )
    effects = shown_effects(result, indicator)
    assert round(sum(e.shown for e in effects), 1) == -15.0
    table = decomposition_table(result, indicator)
    assert list(table["Service"]) == ["CCAS", "Urbanisme", "État civil", "Total"]
    assert list(table["Contribution"]) == [-9.6, -7.5, 2.1, -15.0]
    assert list(table["Effet taux"]) == [0.0, -13.3, 0.0, -13.3]
    assert list(table["Effet volume"]) == [-9.6, 5.8, 2.1, -1.7]


def test_count_change_is_the_sum_of_each_part_change(con, loaded):
    indicator = loaded.indicator("courrier_volume")
    result = decompose(con, loaded, indicator, "service", (OCT, OCT), (NOV, NOV), today=TODAY)
    assert (result.before, result.after) == (20, 30)
    assert {p.name: p.contribution for p in result.parts} == {
        "État civil": 10,
        "Urbanisme": -5,
        "CCAS": 5,
    }
    assert change_sentence(result, indicator) == (
        "+10 courriers, dont +10 courriers État civil et +5 courriers CCAS"
    )


def test_median_is_not_decomposed_and_says_why(con, loaded):
    result = decompose(
        con, loaded, "courrier_median", "service", (OCT, OCT), (NOV, NOV), today=TODAY
    )
    assert not result.available
    assert "médiane" in result.reason
    assert change_sentence(result, loaded.indicator("courrier_median")).startswith(
        "Pas de décomposition"
    )


def test_split_of_means_sums_exactly():
    # Mean waiting time: A 10 visits at 6 min, B 10 at 12 -> A 30 at 5, B 10 at 14 (9 -> 7,25).
    before, after, parts = split_weighted(
        {"A": (10, 6.0), "B": (10, 12.0)}, {"A": (30, 5.0), "B": (10, 14.0)}
    )
    assert (before, after) == (9.0, 7.25)
    assert sum(p.contribution for p in parts) == pytest.approx(-1.75)
    a = next(p for p in parts if p.name == "A")
    assert a.rate_effect == pytest.approx((5 - 6) * (0.5 + 0.75) / 2)
    assert a.mix_effect == pytest.approx((0.75 - 0.5) * (5.5 - 8.125))


def test_rounding_is_distributed_so_the_parts_add_up():
    # Three parts of +1,04 each: 1,0 + 1,0 + 1,0 would not make the shown total 3,1.
    assert distribute([1.04, 1.04, 1.04], 3.1, 1) == [1.1, 1.0, 1.0]
    assert distribute([-0.26, -0.26, 0.02], -0.5, 1) == [-0.2, -0.3, 0.0]
    assert sum(distribute([0.333, 0.333, 0.334], 1.0, 0)) == 1.0
