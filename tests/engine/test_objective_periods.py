"""A count's objective states the period it applies to; over a longer period it is stretched
(or the declared yearly objective is used), never compared as is with a year's total."""

from __future__ import annotations

import datetime as dt

import pytest

from qualiboard.domain.config import ConfigError, parse_config
from qualiboard.engine.indicators import RANGE, compute_indicator
from qualiboard.engine.objectives import objective_basis
from qualiboard.views.annual import annual_review
from tests.conftest import MINIMAL_CONFIG, make_config
from tests.helpers import fr, load, write_csv

D = dt.date


def _count(objective: str, frequency: str = "monthly") -> str:
    return f"""
  - id: courriers_recus
    label: Courriers reçus
    module: 1
    source: correspondence
    measure: {{type: count}}
    unit: courriers
    frequency: {frequency}
    objective: {objective}
"""


@pytest.fixture
def year_of_letters(con, tmp_path):
    # 2025: three letters a month (36 in the year), each answered the next day.
    rows = []
    for month in range(1, 13):
        for k, day in enumerate((3, 10, 17)):
            received = D(2025, month, day)
            rows.append([f"{month}-{k}", fr(received), fr(received + dt.timedelta(days=1))])
    path = write_csv(tmp_path / "c.csv", ["N° chrono", "Date d'arrivée", "Date de réponse"], rows)
    return lambda config: load(con, config, path, today=D(2026, 1, 15))


def test_a_count_objective_per_month_is_multiplied_over_the_year(con, year_of_letters):
    config = make_config(_count("{value: 4, vigilance: 1, per: mois}"))
    year_of_letters(config)
    year = compute_indicator(
        con, config, "courriers_recus", start=D(2025, 1, 1), end=D(2025, 12, 1), frequency=RANGE
    ).iloc[0]
    # 36 letters against 4 × 12 = 48, vigilance 1 × 12 = 12: 36 is within 48 - 12.
    assert (year["value"], year["objective"], year["status"]) == (36, 48, "vigilance")
    month = compute_indicator(
        con, config, "courriers_recus", start=D(2025, 3, 1), end=D(2025, 3, 1)
    ).iloc[0]
    assert (month["value"], month["objective"], month["status"]) == (3, 4, "vigilance")
    quarter = compute_indicator(
        con,
        config,
        "courriers_recus",
        start=D(2025, 1, 1),
        end=D(2025, 1, 1),
        frequency="quarterly",
    ).iloc[0]
    assert (quarter["value"], quarter["objective"]) == (9, 12)
    assert objective_basis(config.indicator("courriers_recus"), 12) == "4 par mois × 12 mois"


def test_a_declared_yearly_objective_wins_over_the_multiplication(con, year_of_letters):
    config = make_config(_count("{value: 4, per: mois, annuel: 30}"))
    year_of_letters(config)
    review = annual_review(con, config, D(2025, 1, 1), D(2025, 12, 1), D(2026, 1, 15))
    row = review.synthesis.iloc[0]
    assert (row["Valeur (année 2025)"], row["Objectif"], row["Statut"]) == (36, 30, "atteint")
    assert row["Base de l'objectif"] == "objectif annuel déclaré"


def test_a_yearly_objective_is_spread_over_the_months(con, year_of_letters):
    config = make_config(_count("{value: 24, per: année}"))
    year_of_letters(config)
    month = compute_indicator(
        con, config, "courriers_recus", start=D(2025, 3, 1), end=D(2025, 3, 1)
    ).iloc[0]
    assert (month["objective"], month["status"]) == (2, "atteint")


def test_the_annual_review_of_the_demo_compares_a_year_with_a_yearly_objective(
    demo_copy, shipped_config
):
    from qualiboard.store.db import connect

    con = connect(demo_copy)
    try:
        review = annual_review(con, shipped_config, D(2025, 1, 1), D(2025, 12, 1), D(2026, 11, 3))
    finally:
        con.close()
    row = review.synthesis.set_index("Code").loc["satisfaction_echantillon"]
    # 30 answers a month: 360 for the year, never the monthly 30.
    assert row["Objectif"] == 360
    assert row["Base de l'objectif"] == "30 par mois × 12 mois"


def test_check_refuses_a_count_objective_that_does_not_say_its_period():
    with pytest.raises(ConfigError) as caught:
        make_config(_count("{value: 30, vigilance: 5}"))
    assert "objectif ambigu" in caught.value.messages[0]
    assert "per: mois" in caught.value.messages[0]
    with pytest.raises(ConfigError) as caught:
        make_config(_count("30"))
    assert "objectif ambigu" in caught.value.messages[0]
    make_config(_count("aucun"))  # no objective: nothing to be ambiguous about


def test_check_refuses_an_unknown_period_word():
    with pytest.raises(ConfigError) as caught:
        parse_config(
            MINIMAL_CONFIG.format(
                territory="metropole", indicators=_count("{value: 30, per: semaine}")
            )
        )
    assert "période « semaine » inconnue" in caught.value.messages[0]
