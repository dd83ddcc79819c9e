"""French display of numbers, units, objectives, dates and periods (present/formatting.py)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from qualiboard.present.formatting import (
    display_table,
    margin_text,
    month_label,
    number,
    objective_phrase,
    objective_text,
    of_month,
    percent,
    period_label,
    status_badge,
    unit_for,
    value_with_unit,
)
from tests.conftest import make_config

NNBSP = "\u202f"  # the narrow no-break space of French typography

CONFIG = make_config(
    """
  - id: part
    label: Courriers répondus à temps
    module: 1
    source: correspondence
    measure: {type: share, condition: "delay_working_days <= 15"}
    objective: 90
  - id: actions
    label: Actions ouvertes
    module: 1
    source: actions
    measure: {type: count}
    unit: actions
    objective: {value: 12, per: mois}
  - id: delai
    label: Délai moyen
    module: 1
    source: correspondence
    measure: {type: mean, field: delay_days}
    unit: jours
    direction: lower
    objective: 7.5
"""
)
SHARE, COUNT, MEAN = (CONFIG.indicator(i) for i in ("part", "actions", "delai"))


def test_numbers_have_a_decimal_comma_and_narrow_thousands():
    assert number(12477) == f"12{NNBSP}477"
    assert number(1234567.891, 2) == f"1{NNBSP}234{NNBSP}567,89"
    assert number(83.94, 1) == "83,9"
    assert number(None) == "—" and number(float("nan")) == "—"
    assert percent(52) == f"52,0{NNBSP}%"
    assert percent(None) == "—"


def test_units_agree_with_the_value_below_two_singular():
    assert unit_for(1, "actions") == "action"
    assert unit_for(0, "réclamations traitées") == "réclamation traitée"
    assert unit_for(2, "actions") == "actions"
    assert unit_for(1, "jours") == "jour"


def test_values_are_shown_with_the_indicator_precision_and_unit():
    assert value_with_unit(91.26, SHARE) == f"91,3{NNBSP}%"  # a share: one decimal and %
    assert value_with_unit(1, COUNT) == "1 action"  # a count: whole, singular
    assert value_with_unit(1234, COUNT) == f"1{NNBSP}234 actions"
    assert value_with_unit(6.04, MEAN) == "6,0 jours"
    assert value_with_unit(None, MEAN) == "—"


def test_objectives_say_their_direction():
    assert objective_text(90, SHARE) == f"≥\u00a090{NNBSP}%"
    assert objective_text(7.5, MEAN) == "≤\u00a07,5 jours"
    assert objective_text(12, COUNT) == "≥\u00a012 actions"
    assert objective_text(None, SHARE) == "sans objectif"
    assert objective_phrase("sans objectif") == "sans objectif"
    assert objective_phrase(f"≥ 90{NNBSP}%") == f"objectif ≥ 90{NNBSP}%"


def test_dates_months_and_periods_in_french():
    day = dt.date(2026, 2, 1)
    assert month_label(day) == "févr. 2026"
    assert month_label(day, long=True) == "février 2026"
    assert of_month(dt.date(2026, 10, 1)) == "d'octobre 2026"
    assert of_month(day) == "de février 2026"
    assert period_label(dt.date(2026, 4, 1), "quarterly") == "T2 2026"
    assert period_label(day, "yearly") == "2026"
    assert period_label(day, "rolling12") == "12 mois à fin févr. 2026"
    assert period_label(day, "monthly") == "févr. 2026"


def test_statuses_carry_an_icon_and_a_word_and_margins_are_in_points():
    assert status_badge("atteint") == "✔ atteint"
    assert status_badge("non atteint") == "✖ non atteint"
    assert status_badge("inconnu") == "inconnu"
    assert margin_text(80.0, 98.0) == "± 9 pts"
    assert margin_text(None, 98.0) == ""


def test_tables_show_dates_day_first_and_french_headers():
    frame = pd.DataFrame(
        {"received_on": [dt.date(2026, 3, 2), None], "source_row": [2, 3], "channel": ["a", "b"]}
    )
    shown = display_table(frame, "correspondence")
    assert list(shown.columns)[1] == "Ligne du fichier"
    assert shown.iloc[0, 0] == "02/03/2026"
    assert pd.isna(shown.iloc[1, 0])  # an empty cell stays empty
    assert list(shown.columns)[0] == "Date de réception"
    assert list(frame["received_on"])[0] == dt.date(2026, 3, 2)  # the input is left alone
