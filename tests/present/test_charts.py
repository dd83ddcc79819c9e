"""Plotly figures and coloured grids of the pages (present/charts.py)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from qualiboard.present.charts import (
    PROVISIONAL_NOTE,
    breakdown_grid,
    chart_note,
    detail_chart,
    integer_ticks,
)
from tests.conftest import make_config

NNBSP = "\u202f"
CONFIG = make_config(
    """
  - id: part
    label: Courriers répondus à temps
    module: 1
    source: correspondence
    measure: {type: share, condition: "delay_working_days <= 15"}
    breakdown: [service]
    objective: 90
"""
)
SHARE = CONFIG.indicator("part")


def test_integer_ticks_are_round_steps_for_about_five_ticks():
    assert integer_ticks(None)["dtick"] == 1
    assert integer_ticks(0)["dtick"] == 1
    assert integer_ticks(3)["dtick"] == 1  # never half an action
    assert integer_ticks(18)["dtick"] == 5  # 18 / 4 = 4.5 -> 5
    assert integer_ticks(122)["dtick"] == 50  # 30.5 -> 50, not 30/61/91/122
    assert integer_ticks(4000)["dtick"] == 1000


def test_breakdown_grid_has_a_service_per_row_a_period_per_column_and_status_colours():
    by_service = pd.DataFrame(
        {
            "service": ["CCAS", "CCAS", "État civil", None],
            "period": [dt.date(2026, 1, 1)] + [dt.date(2026, 2, 1)] * 3,
            "value": [95.0, 80.0, None, 50.0],
            "status": ["atteint", "non atteint", "pas de données", "non atteint"],
        }
    )
    table, colours = breakdown_grid(by_service, SHARE)
    # Records without a service have no row; the newest month comes first.
    assert list(table.index) == ["CCAS", "État civil"]
    assert list(table.columns) == ["févr. 2026", "janv. 2026"]
    assert list(colours.columns) == ["févr. 2026", "janv. 2026"]
    assert table.loc["CCAS", "janv. 2026"] == f"✔ 95,0{NNBSP}%"
    assert table.loc["CCAS", "févr. 2026"] == f"✖ 80,0{NNBSP}%"
    assert table.loc["État civil", "févr. 2026"] == "○ —"
    assert colours.loc["CCAS", "janv. 2026"] == "background-color: #009E7333"
    assert colours.loc["CCAS", "févr. 2026"] == "background-color: #D55E0033"
    assert colours.loc["État civil", "janv. 2026"] == ""  # no figure that month: no colour
    empty, no_colours = breakdown_grid(by_service[by_service["service"].isna()], SHARE)
    assert empty.empty and no_colours.empty


def test_detail_chart_draws_the_values_and_the_objective_in_french():
    series = pd.DataFrame(
        {
            "period": [dt.date(2026, 1, 1), dt.date(2026, 2, 1)],
            "value": [92.0, 85.5],
            "objective": [90.0, 90.0],
            "status": ["atteint", "vigilance"],
            "provisional": [False, True],
            "numerator": [46, 171],
            "denominator": [50, 200],
            "pending": [0, 3],
            "ci_low": [None, None],
            "ci_high": [None, None],
            "service": [None, None],
        }
    )
    figure = detail_chart(series, SHARE)
    values = [list(trace.y) for trace in figure.data if trace.y is not None]
    assert [92.0, 85.5] in values
    assert [90.0, 90.0] in values
    assert figure.layout.separators == ", "  # decimal comma, thin space for thousands
    # On a phone the month labels turn: they make room for themselves, and the legend sits
    # above the chart where it covers none of them; the provisional note is the page's caption.
    assert figure.layout.xaxis.automargin is True
    assert (figure.layout.legend.yanchor, figure.layout.legend.y) == ("bottom", 1.02)
    assert not figure.layout.annotations
    assert chart_note(series) == PROVISIONAL_NOTE
    assert chart_note(series.assign(provisional=False)) == ""
