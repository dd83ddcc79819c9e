"""The one builder of window and periods (engine.sql.window) and the period grid."""

from __future__ import annotations

import datetime as dt

import pytest

from qualiboard.domain.periods import FREQUENCIES, RANGE, periods_between
from qualiboard.engine.expressions import Query
from qualiboard.engine.sql import TRUNC, window

D = dt.date


@pytest.mark.parametrize(
    ("frequency", "start", "end", "date_from", "date_to", "period"),
    [
        ("monthly", D(2026, 1, 1), D(2026, 3, 1), D(2026, 1, 1), D(2026, 4, 1), "'month'"),
        ("quarterly", D(2026, 1, 1), D(2026, 4, 1), D(2026, 1, 1), D(2026, 7, 1), "'quarter'"),
        ("yearly", D(2025, 1, 1), D(2026, 1, 1), D(2025, 1, 1), D(2027, 1, 1), "'year'"),
        # 12 months behind the first period's end: the window reaches 11 months further back.
        ("rolling12", D(2026, 3, 1), D(2026, 5, 1), D(2025, 4, 1), D(2026, 6, 1), "r.k"),
        # The whole span is one period, ending with the last month.
        (RANGE, D(2025, 1, 1), D(2026, 3, 1), D(2025, 1, 1), D(2026, 4, 1), "$start"),
    ],
)
def test_window_bounds_and_period(frequency, start, end, date_from, date_to, period):
    q = Query()
    span = window(q, "received_on", start, end, frequency, None)
    assert (q.params["date_from"], q.params["date_to"]) == (date_from, date_to)
    assert span.where == ("t.received_on >= $date_from", "t.received_on < $date_to")
    assert period in span.period
    assert bool(span.rolling) == (frequency == "rolling12")


def test_services_are_bound_as_parameters():
    q = Query()
    span = window(q, "received_on", D(2026, 1, 1), D(2026, 1, 1), "monthly", ["CCAS", "x' OR 1=1"])
    assert span.where[-1] == "t.service IN ($p4, $p5)"
    assert (q.params["p4"], q.params["p5"]) == ("CCAS", "x' OR 1=1")


def test_an_unknown_frequency_is_refused_in_french():
    with pytest.raises(ValueError, match="fréquence inconnue : hebdomadaire"):
        window(Query(), "received_on", D(2026, 1, 1), D(2026, 1, 1), "hebdomadaire", None)


def test_every_frequency_has_its_date_trunc_unit():
    assert set(TRUNC) == set(FREQUENCIES)


def test_period_grid():
    assert periods_between(D(2026, 2, 10), D(2026, 7, 1), "quarterly") == [
        D(2026, 1, 1),
        D(2026, 4, 1),
        D(2026, 7, 1),
    ]
    assert periods_between(D(2026, 1, 1), D(2026, 3, 1), "rolling12") == [
        D(2026, 1, 1),
        D(2026, 2, 1),
        D(2026, 3, 1),
    ]
    assert periods_between(D(2025, 1, 1), D(2026, 3, 1), RANGE) == [D(2025, 1, 1)]
