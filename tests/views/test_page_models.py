"""The view-models of the pages, from a small real database whose figures are counted by hand:
four letters of January 2026 (courriers_cp1252.csv), answered after 11, 39 and 2 days, one not
answered by the data's date (20/02/2026)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from qualiboard.ingest.batches import import_file
from qualiboard.steering.review import create_action, record_decision, record_review
from qualiboard.store import accounts
from qualiboard.store.access import SYSTEM, Identity
from qualiboard.store.settings import ANONYMOUS_READING, PUBLIC_RESULTS, change_setting
from qualiboard.views.accounts import accounts_page
from qualiboard.views.actions import action_plan_csv, actions_page
from qualiboard.views.cards import overview_cards
from qualiboard.views.catalogue import referentiel, referentiel_page
from qualiboard.views.citizen import CitizenPage
from qualiboard.views.journal import ALL, journal_choices, journal_page
from qualiboard.views.overview import overview_page
from qualiboard.views.review import review_agenda, review_page
from tests.conftest import FIXTURES, make_config

TODAY = dt.date(2026, 3, 1)
JANUARY = dt.date(2026, 1, 1)
LETTERS_IN_15_DAYS = """
  - id: courrier_delai
    label: Courriers répondus en 15 jours
    module: 1
    source: correspondence
    measure: {type: share, condition: "delay_days <= 15"}
    unit: "%"
    direction: higher
    objective: {value: 90}
"""
INDICATORS = (
    LETTERS_IN_15_DAYS
    + """\
  - id: courrier_60j
    label: Courriers répondus en 60 jours
    module: 2
    source: correspondence
    measure: {type: share, condition: "delay_days <= 60"}
    unit: "%"
    direction: higher
    objective: {value: 50}
"""
)
QUALITY = Identity("qualite", "Mme Durand", "responsable qualité")
PILOTE = Identity("lea", "Léa", "pilote", ("CCAS",))


@pytest.fixture
def town(con, tmp_path):
    cfg = make_config(INDICATORS)
    options = {"archive_dir": tmp_path / "archive", "today": TODAY}
    import_file(con, FIXTURES / "courriers_cp1252.csv", cfg.organisation, **options)
    return con, cfg


def test_the_overview_of_january_two_modules_one_engagement_kept(town):
    con, cfg = town
    cards = overview_cards(con, cfg, JANUARY, today=TODAY)
    query = {"mois": "2026-01", "indicateur": "ancien"}
    page = overview_page(cards, JANUARY, "tous les services", query, {"courrier_60j": "Fin 2026"})
    # 2/4 in 15 days (50 %, objective 90: missed); 3/3 in 60 days, one pending (met).
    assert page.title == "1 engagement sur 2 atteint en janvier 2026 — tous les services"
    assert [heading for heading, _ in page.modules] == ["Module 1", "Module 2"]
    first, second = (grid for _, grid in page.modules)
    assert "50,0\u202f%" in first and "non atteint" in first
    assert "100,0\u202f%" in second and "1 en attente" in second and "Fin 2026" in second
    # The links keep the reader's month, not the indicator of an earlier visit.
    assert 'href="indicateur?mois=2026-01&indicateur=courrier_60j"' in second
    assert "ancien" not in first + second
    assert "<b>1</b><br>" in page.counts
    # One block for the browser: the headline, the tally, then each module's heading and cards.
    body = page.html
    assert body.startswith('<h3 class="qb-heading">1 engagement sur 2 atteint en janvier 2026')
    assert body.index(page.counts) < body.index(">Module 1</h3>") < body.index(first)
    assert body.index(first) < body.index(">Module 2</h3>") < body.index(second)


def test_the_review_of_january_puts_the_missed_engagement_first(town):
    con, cfg = town
    agenda = review_agenda(overview_cards(con, cfg, JANUARY, today=TODAY))
    empty = review_page(con, cfg, agenda, {}, JANUARY, "CCAS")
    assert empty.title == "Revue de janvier 2026 — CCAS"
    assert empty.held is None and empty.month_notes == ()
    assert empty.current_note("courrier_delai", JANUARY) == ("", "")
    record_review(con, JANUARY, held_on=dt.date(2026, 2, 10), attendees="Maire, DGS", by=QUALITY)
    record_decision(
        con, "courrier_delai", JANUARY, analysis="Congés de décembre",
        decisions="Renfort en janvier", by=QUALITY,
    )  # fmt: skip
    reasons = {"courrier_delai": "Deux courriers tardifs"}
    page = review_page(con, cfg, agenda, reasons, JANUARY, "tous les services")
    assert page.held == "Revue tenue le **10/02/2026** — participants : Maire, DGS"
    assert list(page.indicators) == ["courrier_delai", "courrier_60j"]
    assert list(page.printable["Indicateur"]) == [
        "Courriers répondus en 15 jours",
        "Courriers répondus en 60 jours",
    ]
    assert page.printable.iloc[0]["Pourquoi ça a bougé"] == "Deux courriers tardifs"
    # Shown as typed: the parentheses are escaped for Markdown.
    assert page.printable.iloc[1]["Valeur"] == "100,0\u202f% &#40;provisoire&#41;"
    assert page.month_notes == (
        (
            "**Courriers répondus en 15 jours** ",
            "Analyse : Congés de décembre  \nDécisions : Renfort en janvier",
        ),
    )
    assert page.current_note("courrier_delai", JANUARY) == (
        "Congés de décembre",
        "Renfort en janvier",
    )
    assert "Deux courriers tardifs" in page.agenda_html


def test_the_action_plan_counts_the_late_ones_and_lets_a_pilote_close_only_theirs(con):
    cfg = make_config()
    common = {"origin": "COPIL", "owner": "Léa", "opened_on": dt.date(2026, 1, 5), "by": QUALITY}
    late = create_action(
        con, title="Relancer", due_on=dt.date(2026, 2, 1), service="CCAS", **common
    )
    create_action(con, title="Former", due_on=dt.date(2026, 6, 1), service="État civil", **common)
    page = actions_page(con, cfg, PILOTE, TODAY)
    assert page.title == "1 action en retard sur 2 en cours au 01/03/2026"
    assert len(page.table) == 2 and page.shown_note == ""
    csv = action_plan_csv(con, TODAY).decode("utf-8-sig").splitlines()
    assert len(csv) == 3 and csv[1].startswith(f"{late};Relancer;COPIL;")
    assert page.services == ["CCAS"] and page.can_open
    assert page.closable == {late: f"{late} — Relancer"}
    everyone = actions_page(con, cfg, QUALITY, TODAY)
    assert everyone.services == ["", "État civil", "CCAS"]
    assert len(everyone.closable) == 2
    reader = actions_page(con, cfg, Identity("marc", "Marc", "lecteur"), TODAY)
    assert not reader.can_open and reader.closable == {}


def test_a_long_plan_shows_its_start_and_says_so_the_csv_holds_it_all(con):
    cfg = make_config()
    common = {"origin": "COPIL", "owner": "Léa", "opened_on": dt.date(2026, 1, 5), "by": QUALITY}
    for title, due in (("Former", 6), ("Relancer", 2), ("Afficher", 4)):
        create_action(con, title=title, due_on=dt.date(2026, due, 1), service="CCAS", **common)
    page = actions_page(con, cfg, QUALITY, TODAY, shown=2)
    # Overdue first (due 1 February), then the open ones by due date.
    assert page.table["Intitulé"].tolist() == ["Relancer", "Afficher"]
    assert page.shown_note == (
        "Les 2 premières actions sur 3 (en retard, puis en cours, puis soldées) : le plan "
        "complet est dans le fichier CSV."
    )
    assert page.title == "1 action en retard sur 3 en cours au 01/03/2026"
    assert len(page.closable) == 3  # every open action opened here, shown or not
    assert len(action_plan_csv(con, TODAY).decode("utf-8-sig").splitlines()) == 4


def test_the_journal_lists_the_writes_by_person_and_action(con):
    accounts.add_account(con, SYSTEM, "lea", name="Léa", role="lecteur", password="x" * 12)
    change_setting(con, SYSTEM, ANONYMOUS_READING, "oui")
    people, actions = journal_choices(con)
    assert people[0] == ALL and actions[0] == ALL and len(actions) == 3
    today = dt.date.today()
    every = journal_page(con, today - dt.timedelta(days=1), today, ALL, ALL)
    assert every.title == "2 écritures"
    assert every.stem == f"journal_{today - dt.timedelta(days=1):%Y%m%d}_{today:%Y%m%d}"
    one = journal_page(con, today, today, ALL, actions[1])
    assert one.title == "1 écriture"
    assert every.csv.decode("utf-8-sig").count("\n") == 3  # header and two writes
    assert every.workbook()[:2] == b"PK"  # an xlsx is a zip
    assert journal_page(con, today, today, "personne", ALL).title == "0 écriture"


def test_the_accounts_page_says_where_each_setting_stands(con):
    cfg = make_config()
    accounts.add_account(con, SYSTEM, "lea", name="Léa", role="pilote", password="x" * 12)
    page = accounts_page(con, cfg)
    assert page.logins == ["lea"] and page.services == ["État civil", "CCAS"]
    assert page.reading == "défaut"
    assert page.reading_now == "Aujourd'hui : lecture sans connexion interdite."
    assert not any(page.published.values())
    change_setting(con, SYSTEM, ANONYMOUS_READING, "oui")
    change_setting(con, SYSTEM, PUBLIC_RESULTS, "oui")
    page = accounts_page(con, cfg)
    assert page.reading == "oui"
    assert page.reading_now == "Aujourd'hui : lecture sans connexion autorisée."
    assert page.published[PUBLIC_RESULTS]


def test_the_referentiel_narrows_to_a_module_and_its_csv_follows():
    table = pd.DataFrame({"Module": [1, 2, 2], "Code": ["a", "b", "c"]})
    assert len(referentiel_page(table, None).table) == 3
    page = referentiel_page(table, 2)
    assert list(page.table["Code"]) == ["b", "c"]
    assert page.csv.decode("utf-8-sig").splitlines() == ["Module;Code", "2;b", "2;c"]


def test_the_referentiel_page_and_its_csv_hold_only_the_auditors_columns(town):
    """The workbook's own numbers (sign, unit, provisional) stayed in the page's table, its CSV and
    the annual review's sheet as « _sense;_unit;_provisional » (found by an adversarial tester)."""
    con, cfg = town
    table = referentiel(con, cfg, JANUARY, TODAY)
    header = referentiel_page(table, None).csv.decode("utf-8-sig").splitlines()[0]
    assert header == (
        "Module;Engagement;Indicateur;Code;Définition;Objectif;Historique de l'objectif;"
        "Seuil de vigilance;Fréquence;Pilote;Source;Dernière valeur;Période;Statut"
    )
    # The values read on the page: 2 of 4 letters answered in 15 days, objective 90.
    row = table.set_index("Code").loc["courrier_delai"]
    assert (row["Objectif"], row["Dernière valeur"]) == ("≥\u00a090\u202f%", "50,0\u202f%")


def test_the_results_page_warns_a_reader_while_it_is_not_open():
    closed = CitizenPage(2026, "Nos engagements", False, False, "<p>x</p>", "<html>")
    assert closed.notice(visitor=False).startswith("Aperçu : cette page n'est pas encore ouverte")
    assert closed.notice(visitor=True) is None
    assert CitizenPage(2026, "t", True, False, "", "").notice(visitor=False) is None
    assert closed.poster_stem == "resultats_usagers_2026"
