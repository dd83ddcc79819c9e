"""The real Streamlit app through AppTest, on the demo town and on an empty database."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from qualiboard.domain.config import load_config
from qualiboard.present.safe import shown
from qualiboard.store.db import connect
from qualiboard.views.cards import headline, overview_cards
from tests.conftest import DEMO_TODAY, ROOT
from tests.helpers import overview_headline, sign_in_app

PAGES = [
    "pages/vue-d-ensemble.py",
    "pages/indicateur.py",
    "pages/revue.py",
    "pages/actions.py",
    "pages/bilan.py",
    "pages/referentiel.py",
    "pages/qualite-des-donnees.py",
    "pages/import.py",
    "pages/journal.py",
    "pages/comptes.py",
    "pages/resultats.py",
]


@pytest.fixture
def app_env(monkeypatch, demo_copy):
    monkeypatch.setenv("QUALIBOARD_DB", str(demo_copy))
    monkeypatch.setenv("QUALIBOARD_TODAY", DEMO_TODAY.isoformat())
    monkeypatch.chdir(ROOT)
    return demo_copy


def run_app(page: str | None = None, query: dict | None = None, role: str | None = None) -> AppTest:
    """The dashboard, anonymous (the demo town allows reading) or signed in with `role`."""
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    if role:
        import os

        sign_in_app(app, os.environ["QUALIBOARD_DB"], role)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.run()
    if page:
        app.switch_page(page)
        app.run()
    return app


def labelled(elements, label: str):
    return next(e for e in elements if e.label == label)


def texts(app: AppTest) -> str:
    """What the page shows: Markdown and HTML sources with the escaped characters of data
    decoded."""
    parts = [m.value for m in app.markdown] + [s.value for s in app.subheader]
    parts += [h.value for h in app.html]
    parts += [c.value for c in app.caption] + [t.value for t in app.title]
    return shown("\n".join(parts))


@pytest.mark.parametrize("page", [None, *PAGES])
def test_every_page_renders_without_exception(app_env, page):
    app = run_app(page, role="administrateur")
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]
    assert app.title[0].value
    # Streamlit writes "None" in empty cells unless told otherwise: every table shows them empty.
    assert all(d.proto.placeholder == "" for d in app.dataframe)
    assert all(d.proto.HasField("placeholder") for d in app.dataframe)


def test_overview_headline_matches_the_engine(app_env):
    app = run_app(query={"mois": "2026-10"})
    config = load_config(ROOT / "indicators.yaml")
    con = connect(app_env)
    import datetime as dt

    cards = overview_cards(con, config, dt.date(2026, 10, 1), today=DEMO_TODAY)
    con.close()
    expected = headline(cards, dt.date(2026, 10, 1))
    shown = overview_headline(app)
    assert shown.startswith(expected.capitalize())
    met = int((cards["status"] == "atteint").sum())
    assert shown.startswith(f"{met} engagements sur")


def test_service_filter_changes_the_figures(app_env):
    everyone = run_app(query={"mois": "2026-10"})
    ccas = run_app(query={"mois": "2026-10", "service": "CCAS"})
    assert overview_headline(everyone).endswith("tous les services")
    assert overview_headline(ccas).endswith("CCAS")
    assert ccas.selectbox(key="filter_service").value == "CCAS"
    assert texts(everyone) != texts(ccas)


def test_filters_are_kept_in_the_url(app_env):
    app = run_app(query={"mois": "2026-06", "module": "8"})
    assert app.sidebar.selectbox[0].value.month == 6
    assert app.query_params["mois"] == ["2026-06"] or app.query_params["mois"] == "2026-06"
    assert "### Module 1" not in texts(app)
    assert "Module 8" in texts(app)


def test_a_filter_changed_in_the_sidebar_redraws_the_page_with_it(app_env):
    app = run_app(query={"mois": "2026-10"})
    assert overview_headline(app).startswith("21 engagements sur 39 atteints en octobre 2026")
    app.selectbox(key="filter_month").set_value(dt.date(2026, 6, 1)).run()
    assert not app.exception
    assert overview_headline(app).endswith(" en juin 2026 — tous les services")
    assert app.query_params["mois"] in (["2026-06"], "2026-06")
    app.selectbox(key="filter_service").set_value("CCAS").run()
    assert overview_headline(app).startswith("3 engagements sur 26 atteints en juin 2026")
    assert overview_headline(app).endswith("— CCAS")
    assert app.query_params["service"] in (["CCAS"], "CCAS")
    # The choices stay when the page runs again (a click elsewhere on it).
    app.run()
    assert overview_headline(app).startswith("3 engagements sur 26 atteints en juin 2026")
    assert app.selectbox(key="filter_month").value == dt.date(2026, 6, 1)


def test_empty_database_says_where_to_go(monkeypatch, tmp_path):
    from qualiboard.store.access import SYSTEM
    from qualiboard.store.accounts import add_account

    monkeypatch.setenv("QUALIBOARD_DB", str(tmp_path / "vide.duckdb"))
    monkeypatch.chdir(ROOT)
    # Outside the demo, reading needs an account; with none yet, the page says how to make one.
    first = run_app()
    assert "Connexion" in texts(first)
    assert any("python -m qualiboard users add" in i.value for i in first.info)
    con = connect(tmp_path / "vide.duckdb")
    add_account(con, SYSTEM, "admin", name="Admin", role="administrateur", password="x" * 12)
    con.close()
    for page in [None, *PAGES]:
        app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
        sign_in_app(app, tmp_path / "vide.duckdb", login="admin")
        app.run()
        if page:
            app.switch_page(page)
            app.run()
        assert not app.exception, (page, [e.value for e in app.exception])
        if page in (None, "pages/indicateur.py", "pages/revue.py", "pages/bilan.py"):
            assert any("Aucune donnée pour l'instant" in i.value for i in app.info), page
        if page is None:
            # The page ended early; the sidebar, drawn after it, still says why there is no
            # filter. (AppTest runs a switched-to page on its own, without the dashboard.)
            assert [i.value for i in app.sidebar.info] == ["Aucune donnée importée."]


def test_configuration_error_is_shown_in_french(monkeypatch, tmp_path, demo_copy):
    bad = tmp_path / "indicators.yaml"
    bad.write_text(
        (ROOT / "indicators.yaml")
        .read_text(encoding="utf-8")
        .replace("source: correspondence", "source: courriers", 1),
        encoding="utf-8",
    )
    monkeypatch.setenv("QUALIBOARD_CONFIG", str(bad))
    monkeypatch.setenv("QUALIBOARD_DB", str(demo_copy))
    monkeypatch.chdir(ROOT)
    app = run_app()
    assert not app.exception
    assert "contient des erreurs" in app.error[0].value
    assert "source inconnue « courriers »" in texts(app)


def test_indicator_detail_lists_records_behind_the_figure(app_env):
    app = run_app("pages/indicateur.py", query={"mois": "2026-10", "indicateur": "courrier_delai"})
    assert not app.exception
    assert app.selectbox(key="detail_indicator").value == "courrier_delai"
    frames = [d.value for d in app.dataframe]
    records = frames[-1]
    assert "Verdict" in records.columns and "Ligne du fichier" in records.columns
    assert records["Verdict"].iloc[0] == "non conforme"


def test_a_review_note_written_on_the_page_survives_an_app_restart(app_env):
    app = run_app("pages/revue.py", query={"mois": "2026-10"}, role="responsable qualité")
    assert not app.exception
    first_form_area = app.text_area[0]
    first_form_area.input("Pic de courriers après la rentrée.")
    app.text_area[1].input("Renfort à l'accueil")
    app.button[1].click().run()  # [0] saves the review as held, [1] the first note
    assert not app.exception, [e.value for e in app.exception]
    restarted = run_app("pages/revue.py", query={"mois": "2026-10"})
    author = "Responsable qualité de démonstration (demo.qualite)"
    assert f"{author} : Pic de courriers après la rentrée." in texts(restarted)
    con = connect(app_env)
    stored = con.execute("SELECT analysis, decisions, author FROM review_notes").fetchall()
    con.close()
    assert stored == [("Pic de courriers après la rentrée.", "Renfort à l'accueil", author)]


def test_review_print_view_and_held_review(app_env):
    app = run_app("pages/revue.py", query={"mois": "2026-10"}, role="responsable qualité")
    labelled(app.text_input, "Participants").input("Maire, DGS")
    app.button[0].click().run()
    assert "Revue tenue le" in texts(app)
    app.toggle(key="printable").set_value(True).run()
    assert not app.exception
    assert len(app.table) == 1
    assert "Imprimez avec Ctrl+P" in texts(app)


def test_action_plan_page_opens_an_action(app_env):
    app = run_app("pages/actions.py", role="responsable qualité")
    assert not app.exception
    before = len(app.dataframe[0].value)
    labelled(app.text_input, "Intitulé").input("Afficher les horaires d'été")
    labelled(app.text_input, "Pilote").input("Responsable accueil")
    labelled(app.button, "Ouvrir l'action").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("Action APP-" in shown(s.value) for s in app.success)
    assert len(app.dataframe[0].value) == before + 1


def test_annual_page_offers_both_exports(app_env):
    app = run_app("pages/bilan.py")
    assert not app.exception, [e.value for e in app.exception]
    assert any(s.value.startswith("Bilan — année") for s in app.subheader)
    synthesis = app.dataframe[1].value
    assert len(synthesis) == len(load_config(ROOT / "indicators.yaml").indicators)
    # The demo's data run to October 2026: the last complete year first.
    assert labelled(app.selectbox, "Année").value == 2025
    labelled(app.radio, "Période").set_value("Période personnalisée").run()
    assert labelled(app.selectbox, "Dernier mois").value == dt.date(2026, 10, 1)
    # Twelve months by default: November 2025 to October 2026.
    assert labelled(app.selectbox, "Premier mois").value == dt.date(2025, 11, 1)
    assert any(s.value == "Bilan — novembre 2025 à octobre 2026" for s in app.subheader)


def test_every_page_address_is_its_file_name():
    """A bookmark opened on a freshly started server is routed by file name, before the
    navigation is known: address and file name must agree, and every page file exists."""
    from pages._navigation import PAGES as NAVIGATION

    assert sorted(f"pages/{name}.py" for name, _, _ in NAVIGATION) == sorted(PAGES)
    assert all((ROOT / "pages" / f"{name}.py").exists() for name, _, _ in NAVIGATION)
