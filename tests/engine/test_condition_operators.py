"""Every condition operator of the registry (domain.conditions) has its SQL and its French
words; the parser produces no other; each translation is checked on a real DuckDB table."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from qualiboard.domain.conditions import CONDITION_OPERATORS, parse_condition
from qualiboard.domain.fields import FieldInfo
from qualiboard.engine.expressions import CONDITION_SQL, Compiler
from qualiboard.views.catalogue import condition_text
from tests.conftest import make_config


def test_the_compiler_translates_exactly_the_registered_operators():
    assert set(CONDITION_SQL) == set(CONDITION_OPERATORS)


WRITTEN = [
    "delay_days <= 15",
    "delay_days < 15",
    "delay_days >= 2",
    "delay_days > 2",
    "channel = Courrier",
    "channel == Courrier",
    "channel != Courrier",
    "channel <> Courrier",
    "channel in [Courrier, Courriel]",
    "channel dans [Courrier]",
    "channel not in [Courrier]",
    "channel hors de [Courrier]",
    "answered_on",
    "answered_on est vide",
    "answered_on est renseigné",
]


def test_the_parser_produces_every_registered_operator_and_no_other():
    ops = {atom.op for text in WRITTEN for atom in parse_condition(text)}
    assert ops == set(CONDITION_OPERATORS)


def test_french_words_of_conditions():
    assert condition_text("correspondence", "delay_days <= 15") == (
        "délai de réponse (jours) au plus 15"
    )
    assert condition_text(
        "correspondence", ["channel not in [Courrier]", "answered_on est vide"]
    ) == ("canal hors de Courrier et le champ « date de réponse » est vide")


LETTERS = [
    ("A", "Courrier", 1.0, dt.date(2026, 1, 6)),
    ("B", "Courriel", 10.0, dt.date(2026, 1, 15)),
    ("C", "courrier", 20.0, None),
]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("score <= 10", ["A", "B"]),
        ("score < 10", ["A"]),
        ("score >= 10", ["B", "C"]),
        ("score > 10", ["C"]),
        ("channel = COURRIER", ["A", "C"]),  # texts compare folded
        ("channel != Courrier", ["B"]),
        ("channel in [Courriel, x]", ["B"]),
        ("channel not in [Courriel]", ["A", "C"]),
        ("answered_on", ["A", "B"]),
        ("answered_on est vide", ["C"]),
        ("answered_on est renseigné", ["A", "B"]),
    ],
)
def test_each_operator_selects_the_records_by_hand(condition, expected):
    config = make_config()
    indicator = make_config(
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
"""
    ).indicators[0]
    compiler = Compiler(config, indicator, dt.date(2026, 11, 3))
    # A plain number column stands for `score`: the operators do not depend on the source.
    fields = {**compiler.fields, "score": FieldInfo("score", "column", "number", "note")}
    compiler.fields = fields
    (atom,) = parse_condition(condition)
    info = fields[atom.field]
    where = compiler.atom_sql(atom, compiler.value_of(info), info)
    con = duckdb.connect()
    con.execute("CREATE TABLE t (reference TEXT, channel TEXT, score DOUBLE, answered_on DATE)")
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", LETTERS)
    sql = f"SELECT reference FROM t WHERE {where} ORDER BY reference"
    rows = con.execute(sql, compiler.q.used(sql)).fetchall()
    assert [r[0] for r in rows] == expected
