"""The detail page's heading figure (views/indicator.py)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from qualiboard.views.indicator import figure_of_period
from tests.present.test_charts import SHARE

NNBSP = "\u202f"


def series(**overrides) -> pd.DataFrame:
    row = {
        "period": dt.date(2026, 2, 1),
        "value": 85.5,
        "objective": 90.0,
        "status": "non atteint",
        "provisional": True,
        "numerator": 171,
        "denominator": 200,
        "pending": 3,
        "ci_low": None,
        "ci_high": None,
    }
    return pd.DataFrame([{**row, **overrides}])


def test_the_figure_of_the_period_reads_like_a_heading():
    figure = figure_of_period(series(), SHARE, dt.date(2026, 2, 1))
    assert figure is not None and figure.provisional
    assert figure.title == f"Févr. 2026 : 85,5{NNBSP}% — ✖ non atteint — provisoire"
    # 171 of 200 answered in time; 3 still within the delay.
    assert figure.details == "171 sur 200 · 3 en attente (dans le délai)"


def test_a_period_missing_from_the_history_has_no_figure():
    assert figure_of_period(series(), SHARE, dt.date(2026, 3, 1)) is None
