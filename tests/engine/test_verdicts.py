"""Every measure type × direction: the verdict of each record behind a figure is read with the
rule of the figure (a lower-is-better indicator counts what goes against it)."""

from __future__ import annotations

import datetime as dt

import pytest

from qualiboard.domain.labels import column_label
from qualiboard.engine.indicators import compute_indicator, records_behind
from qualiboard.engine.verdicts import DIRECTIONS, MEASURE_TYPES
from tests.conftest import make_config
from tests.helpers import fr, load, write_xlsx

D = dt.date
OCTOBER = D(2026, 10, 1)
VERDICT = column_label("correspondence", "verdict")
MEASURES = {
    "share": '{type: share, condition: "delay_working_days <= 5"}',
    "count": '{type: count, condition: "delay_working_days <= 5"}',
    "net": (
        '{type: net, condition: "delay_working_days <= 5", '
        'negative_condition: "delay_working_days > 15"}'
    ),
    "mean": "{type: mean, field: delay_working_days}",
    "median": "{type: median, field: delay_working_days}",
    "p90": "{type: p90, field: delay_working_days}",
    "sum": "{type: sum, field: delay_working_days}",
    "ratio": ("{type: ratio, numerator: ack_delay_working_days, denominator: delay_working_days}"),
}
# C1 answered in 2 working days, C2 in 10, C3 in 20, C4 open 4 working days at the extraction
# (30/10/2026): pending. C1 and C2 acknowledged in 1 and 3 working days.
EXPECTED = {
    ("share", "higher"): ["conforme", "non conforme", "non conforme", "en attente"],
    ("share", "lower"): ["non conforme", "conforme", "conforme", "en attente"],
    ("count", "higher"): ["compté (conforme)", "non compté", "non compté", "en attente"],
    ("count", "lower"): [
        "compté (non conforme)",
        "non compté (conforme)",
        "non compté (conforme)",
        "en attente",
    ],
    ("net", "higher"): [
        "conforme (compté en plus)",
        "neutre",
        "non conforme (compté en moins)",
        "en attente",
    ],
    ("net", "lower"): [
        "non conforme (compté en plus)",
        "neutre",
        "conforme (compté en moins)",
        "en attente",
    ],
    **{
        (kind, direction): ["pris en compte", "pris en compte", "pris en compte", "sans valeur"]
        for kind in ("mean", "median", "p90", "sum")
        for direction in DIRECTIONS
    },
    **{
        ("ratio", direction): ["pris en compte", "pris en compte", "pris en compte", "sans valeur"]
        for direction in DIRECTIONS
    },
}
# The figure, by hand, whatever the direction.
FIGURES = {
    "share": 100 / 3,
    "count": 1,
    "net": 0.0,  # (1 satisfied - 1 negative) / 3
    "mean": 32 / 3,
    "median": 10,
    "p90": 18,  # 10 + 0.8 * (20 - 10)
    "sum": 32,
    "ratio": 4 / 32,  # acks (1 + 3 + none) / delays (2 + 10 + 20): C3 counts below the line
}


def _config():
    blocks = []
    for kind in MEASURES:
        for direction in DIRECTIONS:
            blocks.append(
                f"""
  - id: {kind}_{direction}
    label: {kind} {direction}
    module: 1
    source: correspondence
    measure: {MEASURES[kind]}
    unit: "{"%" if kind in ("share", "net") else "jours"}"
    direction: {direction}
    objective: {{value: 50, per: mois}}
"""
            )
    return make_config("".join(blocks))


@pytest.fixture
def letters(con, tmp_path):
    config = _config()
    rows = [
        ["C1", fr(D(2026, 10, 1)), fr(D(2026, 10, 2)), fr(D(2026, 10, 5))],
        ["C2", fr(D(2026, 10, 1)), fr(D(2026, 10, 6)), fr(D(2026, 10, 15))],
        ["C3", fr(D(2026, 10, 1)), "", fr(D(2026, 10, 29))],
        ["C4", fr(D(2026, 10, 26)), "", ""],
    ]
    path = write_xlsx(
        tmp_path / "registre.xlsx",
        ["N° chrono", "Date d'arrivée", "Date AR", "Date de réponse"],
        rows,
        titles=["Extraction du 30/10/2026"],
    )
    load(con, config, path, today=D(2026, 11, 25))
    return config


def test_every_measure_type_and_direction_is_enumerated():
    assert set(EXPECTED) == {(k, d) for k in MEASURE_TYPES for d in DIRECTIONS}
    assert set(MEASURES) == set(MEASURE_TYPES)


@pytest.mark.parametrize(("kind", "direction"), sorted(EXPECTED))
def test_drill_down_verdict(con, letters, kind, direction):
    indicator = f"{kind}_{direction}"
    figure = compute_indicator(
        con, letters, indicator, start=OCTOBER, end=OCTOBER, today=D(2026, 11, 25)
    ).iloc[0]
    assert figure["value"] == pytest.approx(FIGURES[kind])
    records = records_behind(con, letters, indicator, OCTOBER, today=D(2026, 11, 25))
    reference = column_label("correspondence", "reference")
    by_reference = dict(zip(records[reference], records[VERDICT], strict=True))
    assert [by_reference[r] for r in ("C1", "C2", "C3", "C4")] == EXPECTED[(kind, direction)]
    against = EXPECTED[(kind, direction)][0 if direction == "lower" else 1]
    if kind in ("share", "count", "net"):
        # What goes against the objective comes first in the table.
        assert records[VERDICT].iloc[0] == against
    if kind in ("share", "count"):
        # The records counted by the figure are exactly those the verdict says are counted.
        counted = records[VERDICT].str.startswith(EXPECTED[(kind, direction)][0]).sum()
        assert counted == figure["numerator"]


def test_a_nullable_state_column_reads_unknown_for_its_missing_cells():
    """A state read back as Int64 with <NA> (a delay in working days not computable for one
    record) gave a BooleanArray numpy refused: the detail page of « Signalements traités sous
    10 jours ouvrés » stopped on an incident."""
    import pandas as pd

    from qualiboard.engine.verdicts import PENDING, UNKNOWN, labels, verdicts

    state = pd.Series([1, 0, pd.NA, 2], dtype="Int64")
    words = labels("share", "higher", True)
    assert list(verdicts("share", "higher", True, state)) == [
        words["meets"],
        words["misses"],
        UNKNOWN,
        PENDING,
    ]
    negative = pd.Series([0, 1, pd.NA, 0], dtype="Int64")
    net = labels("net", "higher", True)
    assert list(verdicts("net", "higher", True, state, negative=negative))[:2] == [
        net["meets"],
        net["negative"],
    ]


def test_every_indicator_of_the_catalogue_shows_the_records_behind_its_figure(
    demo_copy, shipped_config
):
    """Each detail page lists the records behind the month's figure, for every indicator."""
    from qualiboard.domain.periods import period_start
    from qualiboard.store.db import connect

    con = connect(demo_copy)
    try:
        for indicator in shipped_config.indicators:
            period = period_start(OCTOBER, indicator.frequency)
            records = records_behind(con, shipped_config, indicator, period, today=D(2026, 11, 3))
            assert VERDICT in records.columns or records.empty, indicator.id
    finally:
        con.close()
