"""« Où finira l'année ? » on constructed series, against figures computed by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from qualiboard.engine.objectives import wilson_interval
from qualiboard.present.year_end_text import (
    marker,
    needed_sentence,
    outlook_table,
    projection_sentence,
)
from qualiboard.steering.year_end import (
    OUT_OF_REACH,
    SECURED,
    UNCERTAIN,
    outlook_from_figures,
    year_end_outlook,
)
from tests.conftest import make_config
from tests.helpers import fr, load, write_csv

D = dt.date


def config():
    return make_config(
        """
  - id: courrier_delai
    label: Courriers répondus sous 15 jours ouvrés
    module: 1
    source: correspondence
    measure: {type: share, condition: "delay_working_days <= 15"}
    objective: 92
  - id: courrier_volume
    label: Courriers traités
    module: 1
    source: correspondence
    measure: {type: count}
    unit: courriers
    objective: {value: 12, per: mois}
  - id: sans_date_fin
    label: Signalements traités sans date de fin
    module: 8
    source: reports
    measure: {type: share, condition: "resolved_on est vide"}
    direction: lower
    objective: 5
"""
    )


@pytest.fixture
def four_months(con, tmp_path):
    """January to April 2026: 10 letters a month, 9 answered within a week, 1 after a month."""
    rows = []
    for month in range(1, 5):
        for i in range(10):
            received = D(2026, month, 2)
            answered = D(2026, month, 9) if i < 9 else D(2026, month + 2, 2)
            rows.append([f"C{month}-{i}", fr(received), fr(answered), "Courrier", "CCAS"])
    path = write_csv(
        tmp_path / "courriers.csv",
        ["N° chrono", "Date d'arrivée", "Date de réponse", "Canal", "Service"],
        rows,
    )
    cfg = config()
    load(con, cfg, path, today=D(2026, 6, 30))
    return cfg


def test_share_needs_records_on_the_expected_volume(con, four_months):
    cfg = four_months
    outlook = year_end_outlook(con, cfg, D(2026, 4, 1), today=D(2026, 6, 30))["courrier_delai"]
    # 36 of 40 so far (90 %); pace 10 a month -> 80 more expected; 92 % of 120 = 110,4.
    assert (outlook.numerator, outlook.denominator, outlook.value) == (36, 40, 90.0)
    assert outlook.remaining == 80
    assert outlook.needed == 75
    low, high = wilson_interval(36, 40)
    assert outlook.projection == 90.0
    assert outlook.low == pytest.approx(100 * (36 + 80 * low) / 120)
    assert outlook.high == pytest.approx(100 * (36 + 80 * high) / 120)
    assert outlook.verdict == UNCERTAIN
    indicator = cfg.indicator("courrier_delai")
    assert needed_sentence(outlook, indicator) == (
        "Pour finir l'année à ≥\u00a092\u202f%, il faut que 75 des 80 prochains courriers attendus "
        "respectent l'engagement (93,8\u202f%)."
    )
    assert projection_sentence(outlook, indicator).startswith(
        "Au rythme actuel : 90,0\u202f% en fin d'année (entre 81,"
    )
    assert marker(outlook) == "◆ Fin d'année : incertain"


def test_count_projection_and_what_is_left(con, four_months):
    cfg = four_months
    outlook = year_end_outlook(con, cfg, D(2026, 4, 1), today=D(2026, 6, 30))["courrier_volume"]
    # 40 in 4 months, 12 a month -> 144 a year; pace 10 -> 120 ± 1,96 × 8 × √40 / 4.
    assert outlook.objective == 144
    assert outlook.needed == 104
    assert outlook.projection == 120
    spread = 1.959963984540054 * 8 * 40**0.5 / 4
    assert (outlook.low, outlook.high) == (pytest.approx(120 - spread), pytest.approx(120 + spread))
    assert needed_sentence(outlook, cfg.indicator("courrier_volume")) == (
        "Pour finir l'année à ≥\u00a0144 courriers, il faut encore 104 courriers d'ici décembre "
        "(soit 13,0 par mois)."
    )
    table = outlook_table({"courrier_volume": outlook}, [cfg.indicator("courrier_volume")])
    assert table.iloc[0]["Tendance"] == UNCERTAIN


def test_lower_is_better_share_and_pending_items():
    indicator = config().indicator("sans_date_fin")
    # 3 of 100 so far in 6 months, 4 pending: 4 + 100 expected; 5 % of 204 = 10,2 -> 7 more.
    outlook = outlook_from_figures(indicator, 2026, 6, 3.0, 3, 100, 4, 5.0)
    assert outlook.remaining == 104
    assert outlook.needed == 7
    assert needed_sentence(outlook, indicator) == (
        "Pour finir l'année à ≤\u00a05\u202f%, au plus 7 des 104 prochains signalements attendus "
        "peuvent être dans ce cas (6,7\u202f%)."
    )


def test_out_of_reach_secured_and_complete_year():
    indicator = config().indicator("courrier_delai")
    # 30 of 40 after 10 months: 8 more expected; 90 % of 48 = 43,2 -> 14 > 8.
    out = outlook_from_figures(indicator, 2026, 10, 75.0, 30, 40, 0, 90.0)
    assert out.verdict == OUT_OF_REACH
    assert "l'année finirait au mieux à 79,2\u202f%" in needed_sentence(out, indicator)
    # 119 of 120 after 11 months: 11 more; 90 % of 131 = 117,9 -> none needed.
    done = outlook_from_figures(indicator, 2026, 11, 119 / 1.2, 119, 120, 0, 90.0)
    assert done.verdict == SECURED
    assert done.needed == 0
    full = outlook_from_figures(indicator, 2026, 12, 91.0, 91, 100, 0, 90.0)
    assert full.verdict == "atteint sur l'année"
    assert projection_sentence(full, indicator) == ""
