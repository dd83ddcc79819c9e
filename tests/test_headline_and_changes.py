"""Headlines count the indicators that apply; changes are read between the shown values."""

from __future__ import annotations

import datetime as dt

from qualiboard.domain.config import parse_config
from qualiboard.domain.statuses import STATUS_NOT_APPLICABLE
from qualiboard.views.cards import (
    change_text,
    headline,
    overview_cards,
    shown_change,
    status_counts,
)
from qualiboard.views.review import review_agenda
from tests.conftest import MINIMAL_CONFIG, make_config
from tests.helpers import fr, load, overview_headline, write_csv

D = dt.date
OCTOBER = D(2026, 10, 1)
INDICATORS = """
  - id: courrier_delai
    label: Courriers répondus sous 15 jours ouvrés
    module: 1
    source: correspondence
    measure: {type: share, condition: "delay_working_days <= 15"}
    breakdown: [service]
    objective: 90
  - id: reclamation_delai
    label: Réclamations répondues sous 15 jours
    module: 3
    source: complaints
    measure: {type: share, condition: "delay_days <= 15"}
    breakdown: [service]
    objective: 90
  - id: reclamations_volume
    label: Réclamations reçues
    module: 3
    source: complaints
    measure: {type: count}
    unit: réclamations
    direction: lower
    objective: aucun
"""


def _data(con, config, tmp_path):
    letters = write_csv(
        tmp_path / "courriers.csv",
        ["N° chrono", "Date d'arrivée", "Date de réponse", "Service"],
        [
            ["C1", fr(D(2026, 10, 1)), fr(D(2026, 10, 2)), "CCAS"],
            ["C2", fr(D(2026, 10, 5)), fr(D(2026, 10, 6)), "État civil"],
        ],
    )
    complaints = write_csv(
        tmp_path / "reclamations.csv",
        ["N° réclamation", "Date de réception", "Date de réponse", "Service concerné"],
        [["R1", fr(D(2026, 10, 1)), fr(D(2026, 10, 30)), "État civil"]],
    )
    load(con, config, letters, today=D(2026, 11, 3))
    load(con, config, complaints, today=D(2026, 11, 3))


def test_an_indicator_without_records_for_the_service_is_not_applicable(con, tmp_path):
    config = make_config(INDICATORS)
    _data(con, config, tmp_path)
    ccas = overview_cards(con, config, OCTOBER, services=["CCAS"], today=D(2026, 11, 25))
    status = dict(zip(ccas["indicator_id"], ccas["status"], strict=True))
    # CCAS has a letter answered next day, and no complaint at all.
    assert status == {
        "courrier_delai": "atteint",
        "reclamation_delai": "non applicable",
        "reclamations_volume": "non applicable",
    }
    # Both indicators without complaints are out of the count, the volume (no objective) too:
    # the headline says 2, as the tally of statuses under it (it said 1 and the tally 2).
    assert headline(ccas, OCTOBER) == (
        "1 engagement sur 1 atteint en octobre 2026 (2 non applicables à ce service, hors décompte)"
    )
    assert status_counts(ccas)[STATUS_NOT_APPLICABLE] == 2
    everyone = overview_cards(con, config, OCTOBER, today=D(2026, 11, 25))
    # All services: the complaint took 29 days; both engagements count.
    assert headline(everyone, OCTOBER) == "1 engagement sur 2 atteint en octobre 2026"


def _indicator(min_sample: int = 10, unit: str = "%"):
    text = MINIMAL_CONFIG.format(
        territory="metropole",
        indicators=f"""  - id: courrier_delai
    label: Courriers
    module: 1
    source: correspondence
    measure: {{type: share, condition: "delay_working_days <= 15"}}
    unit: "{unit}"
    min_sample: {min_sample}
    objective: 90
""",
    )
    return parse_config(text).indicator("courrier_delai")


def test_the_change_is_taken_between_the_values_as_shown():
    indicator = _indicator()
    # 92,44 % shows as 92,4 % and 90,56 % as 90,6 %: the change reads +1,8, not +1,9.
    assert shown_change(92.44, 90.56, indicator) == 1.8
    assert change_text(92.44, 90.56, 120, indicator, "sept. 2026") == "↗ +1,8 pts depuis sept. 2026"
    assert change_text(90.56, 92.44, 120, indicator, "sept. 2026") == "↘ −1,8 pts depuis sept. 2026"
    assert change_text(92.44, None, None, indicator, "sept. 2026") == (
        "pas de comparaison avec sept. 2026"
    )


def test_a_comparison_below_min_sample_says_it_is_unreliable():
    indicator = _indicator(min_sample=10)
    assert change_text(92.44, 100.0, 1, indicator, "oct. 2025") == (
        "↘ −7,6 pts depuis oct. 2025 (comparaison peu fiable : n = 1)"
    )
    assert "peu fiable" not in change_text(92.44, 100.0, 10, indicator, "oct. 2025")


def test_the_review_agenda_says_provisional_and_unreliable(con, tmp_path):
    config = make_config(INDICATORS)
    _data(con, config, tmp_path)
    cards = overview_cards(con, config, OCTOBER, today=D(2026, 11, 3))
    agenda = review_agenda(cards).set_index("indicator_id")
    # Complaints exported with their latest date 30/10: 15 days run past it, October may move.
    assert agenda.loc["reclamation_delai", "value_text"].endswith("(provisoire)")
    assert agenda.loc["reclamation_delai", "trend"] == "pas de comparaison"


def test_the_overview_page_says_what_does_not_apply_to_a_service(monkeypatch, demo_copy):
    from streamlit.testing.v1 import AppTest

    from qualiboard.domain.config import load_config
    from qualiboard.store.db import connect
    from tests.conftest import DEMO_TODAY, ROOT

    monkeypatch.setenv("QUALIBOARD_DB", str(demo_copy))
    monkeypatch.setenv("QUALIBOARD_TODAY", DEMO_TODAY.isoformat())
    monkeypatch.chdir(ROOT)
    con = connect(demo_copy)
    cards = overview_cards(
        con,
        load_config(ROOT / "indicators.yaml"),
        OCTOBER,
        services=["Pôle ados"],
        today=DEMO_TODAY,
    )
    con.close()
    expected = headline(cards, OCTOBER)
    assert "non applicables à ce service" in expected  # no phone line, no counter, no reports
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    app.query_params["mois"] = "2026-10"
    app.query_params["service"] = "Pôle ados"
    app.run()
    assert not app.exception
    assert overview_headline(app) == expected.capitalize() + " — Pôle ados"
    shown = "\n".join(c.value for c in app.caption)
    assert "Données au — Courriers et courriels : 03/11/2026" in shown
    assert "jugé à la date de ses données" in shown


def test_for_every_service_of_the_demo_the_headline_agrees_with_the_tally(demo_db):
    """« N engagements sur M atteints (K non applicables) » against the tally under it, for every
    service: M is the cards that apply and have an objective, N the « atteint », K the « non
    applicable ». A volume without objective and without data for the month was tallied « pas de
    données » while the headline left it out: 18 cards against 17 (an adversarial tester)."""
    from qualiboard.domain.config import load_config
    from qualiboard.store.db import connect
    from qualiboard.views.inventory import services_in_data
    from tests.conftest import DEMO_TODAY, ROOT

    con = connect(demo_db, read_only=True)
    config = load_config(ROOT / "indicators.yaml")
    services = services_in_data(con, config)
    assert "Résidence autonomie" in services
    for service in [None, *services]:
        chosen = [service] if service else None
        cards = overview_cards(con, config, OCTOBER, services=chosen, today=DEMO_TODAY)
        tally = status_counts(cards)
        not_applicable = tally.get(STATUS_NOT_APPLICABLE, 0)
        met = tally["atteint"]
        counted = len(cards) - not_applicable - tally["sans objectif"]
        expected = f"{met} engagement{'s' if met > 1 else ''} sur {counted} "
        assert headline(cards, OCTOBER).startswith(expected), service
        if not_applicable:
            assert f"({not_applicable} non applicable" in headline(cards, OCTOBER), service
    con.close()
