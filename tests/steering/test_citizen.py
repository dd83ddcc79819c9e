"""Résultats pour les usagers: public figures computed by hand, accessible HTML, nothing
internal, and a page served without sign-in only when an administrator opened it."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
from streamlit.testing.v1 import AppTest

from qualiboard.present.citizen_html import COLOUR_PAIRS, citizen_document
from qualiboard.steering.citizen_results import public_results
from qualiboard.steering.review import save_note
from qualiboard.store.db import connect, set_setting
from qualiboard.store.settings import ANONYMOUS_READING, PUBLIC_BY_SERVICE, PUBLIC_RESULTS
from tests.conftest import DEMO_TODAY, ROOT, make_config
from tests.helpers import fr, load, person, write_csv

D = dt.date


def town_config():
    return make_config(
        """
  - id: courrier_delai
    label: Courriers répondus sous 15 jours ouvrés
    module: 1
    engagement: Nous répondons à vos courriers sous 15 jours ouvrés
    source: correspondence
    measure: {type: share, condition: "delay_working_days <= 15"}
    breakdown: [service]
    objective: 85
  - id: courrier_ar
    label: Accusés de réception
    module: 1
    engagement: (qualité des données)
    source: correspondence
    measure: {type: share, condition: "delay_working_days <= 15"}
    objective: 50
  - id: courrier_median
    label: Délai médian
    module: 1
    source: correspondence
    measure: {type: median, field: delay_working_days}
    unit: jours ouvrés
    direction: lower
    objective: 8
"""
    )


@pytest.fixture
def town(con, tmp_path):
    """September 2026: CCAS 9 of 10 letters answered in time; October: État civil 4 of 5."""
    rows = []
    for month, count, service in ((9, 10, "CCAS"), (10, 5, "État civil")):
        for i in range(count):
            answered = D(2026, month, 9) if i else D(2026, month + 1, 2)
            rows.append([f"C{month}-{i}", fr(D(2026, month, 2)), fr(answered), "Courrier", service])
    path = write_csv(
        tmp_path / "courriers.csv",
        ["N° chrono", "Date d'arrivée", "Date de réponse", "Canal", "Service"],
        rows,
    )
    cfg = town_config()
    load(con, cfg, path, today=D(2026, 11, 3))
    save_note(
        con, "courrier_delai", D(2026, 10, 1), analysis="Agent absent, note interne", by=person()
    )
    return cfg


def contrast(foreground: str, background: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_public_results_hand_computed_and_nothing_internal(con, town):
    results = public_results(con, town, 2026, D(2026, 10, 1), today=D(2026, 11, 3))
    # Only the engagement in the citizen's words: not the data-quality one, not the median.
    assert [r.indicator.id for r in results.results] == ["courrier_delai"]
    result = results.results[0]
    assert result.value == pytest.approx(100 * 13 / 15)  # 9 + 4 of 10 + 5
    assert result.kept is True
    assert result.by_service == {}
    html = citizen_document(results, D(2026, 11, 4))
    text = re.sub(r"<[^>]+>", " ", html).replace("\u202f", " ")
    assert '<html lang="fr">' in html
    assert html.count("<h1>") == 1 and html.count("<h2>") == 1
    assert "« Nous répondons à vos courriers sous 15 jours ouvrés »" in text
    assert "Résultat de janvier à octobre 2026 :  87 %" in text
    assert "au moins 85 %" in text and "✔ Engagement tenu" in text
    assert "publiés le 04/11/2026" in text
    # The chart's figures, as a table (its long description).
    assert "<td>septembre 2026</td><td>90\u202f%</td>" in html
    assert "<td>octobre 2026</td><td>80\u202f%</td>" in html
    # Every chart is an image with a text alternative, and its figures follow in a table.
    charts = re.findall(r"<img [^>]*>", html)
    assert len(charts) == 1
    assert 'alt="Graphique : résultat mois par mois, objectif au moins 85' in charts[0]
    drawing = base64.b64decode(re.search(r"base64,([^\"]+)", charts[0]).group(1)).decode()
    assert drawing.count("<rect") == 2  # September and October, the months with letters
    assert "<caption>Résultat mois par mois</caption>" in html
    assert "Agent absent" not in html and "CCAS" not in html and "État civil" not in html
    assert "@page { size: A4" in html


def test_services_are_shown_only_when_chosen(con, town):
    results = public_results(con, town, 2026, D(2026, 10, 1), by_service=True, today=D(2026, 11, 3))
    assert results.results[0].by_service == {"CCAS": 90.0, "État civil": 80.0}
    assert "<caption>Par service</caption>" in citizen_document(results, D(2026, 11, 4))


def test_colours_have_enough_contrast():
    assert all(contrast(fg, bg) >= 4.5 for fg, bg in COLOUR_PAIRS)


def _visit(demo_copy, monkeypatch, *, public: str, page: str = "resultats") -> AppTest:
    con = connect(demo_copy)
    set_setting(con, ANONYMOUS_READING, "non")
    set_setting(con, PUBLIC_RESULTS, public)
    set_setting(con, PUBLIC_BY_SERVICE, "non")
    con.close()
    monkeypatch.setenv("QUALIBOARD_DB", str(demo_copy))
    monkeypatch.setenv("QUALIBOARD_TODAY", DEMO_TODAY.isoformat())
    monkeypatch.chdir(ROOT)
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    app.run()
    app.switch_page(f"pages/{page}.py")
    app.run()
    return app


def test_visitor_sees_the_results_without_signing_in_when_opened(demo_copy, monkeypatch):
    app = _visit(demo_copy, monkeypatch, public="oui")
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == "Nos engagements de service : les résultats 2026"
    assert not app.text_input  # no sign-in form
    html = app.get("html")[0].proto.body
    assert "Nous répondons à vos courriers sous 15 jours ouvrés" in html
    assert "Aperçu" not in " ".join(i.value for i in app.info)


def test_visitor_gets_the_sign_in_page_when_not_opened(demo_copy, monkeypatch):
    app = _visit(demo_copy, monkeypatch, public="non")
    assert [t.value for t in app.title] == ["Connexion"]
    assert not app.get("html") or all(
        "Nos engagements" not in h.proto.body for h in app.get("html")
    )
    # The rest of the dashboard stays closed to the visitor even when the public page is open.
    other = _visit(demo_copy, monkeypatch, public="oui", page="vue-d-ensemble")
    assert [t.value for t in other.title] == ["Connexion"]
