"""Every filter operator of the registry (domain.filters) has its SQL in the compiler, and
nothing else does; each translation is checked on a real DuckDB table."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from qualiboard.domain.filters import FILTER_OPERATORS, IMPLICIT_OPERATORS
from qualiboard.engine.expressions import FILTER_SQL, Compiler
from tests.conftest import make_config


def test_the_compiler_translates_exactly_the_registered_operators():
    assert set(FILTER_SQL) == set(IMPLICIT_OPERATORS) | {op.name for op in FILTER_OPERATORS}


LETTERS = [
    # reference, channel, received_on, answered_on
    ("A", "Courrier", dt.date(2026, 1, 5), dt.date(2026, 1, 6)),
    ("B", "Courriel", dt.date(2026, 1, 5), dt.date(2026, 1, 15)),
    ("C", "Formulaire en ligne", dt.date(2026, 2, 1), dt.date(2026, 2, 4)),
    ("D", "courrier", dt.date(2026, 3, 1), None),
]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"channel": "Courrier"}, ["A", "D"]),  # equal, folded
        ({"channel": ["Courriel", "Formulaire en ligne"]}, ["B", "C"]),
        ({"channel": {"sauf": ["Courriel"]}}, ["A", "C", "D"]),
        ({"channel": {"contient": "ligne"}}, ["C"]),
        ({"delay_days": {"min": 2, "max": 10}}, ["B", "C"]),
        ({"received_on": {"min": "2026-02-01"}}, ["C", "D"]),
    ],
)
def test_each_operator_selects_the_records_by_hand(spec, expected):
    config = make_config(
        """
  - id: x
    label: X
    module: 1
    source: correspondence
    measure: {type: count}
    unit: courriers
    direction: higher
    frequency: monthly
    objective: aucun
    filter: """
        + repr(spec).replace("'", '"')
    )
    compiler = Compiler(config, config.indicators[0], dt.date(2026, 11, 3))
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE correspondence (reference TEXT, channel TEXT, received_on DATE, "
        "answered_on DATE)"
    )
    con.executemany("INSERT INTO correspondence VALUES (?, ?, ?, ?)", LETTERS)
    where = " AND ".join(compiler.scope())
    sql = f"SELECT reference FROM correspondence t WHERE {where} ORDER BY reference"
    rows = con.execute(sql, compiler.q.used(sql)).fetchall()
    assert [r[0] for r in rows] == expected
