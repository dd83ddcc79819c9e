"""The insights of issue 18 on the real pages (AppTest on the demo town): the sentence of the
detail page is the engine's decomposition and its total is the overview's change; the year-end
block, the overview marker, and the review agenda's reasons (the audit pack download is driven in Chromium:
test_browser_insights.py)."""

from __future__ import annotations

import json
import re

import pytest

from qualiboard.domain.config import load_config
from qualiboard.engine.decomposition import decompose
from qualiboard.present.change_story import change_sentence
from qualiboard.present.safe import plain
from qualiboard.store.db import connect
from qualiboard.views.cards import overview_cards
from qualiboard.views.insight import compared_periods, year_end_markers
from tests.conftest import DEMO_TODAY, ROOT
from tests.test_pages import run_app, texts

MONTH = DEMO_TODAY.replace(month=10, day=1)


@pytest.fixture
def app_env(monkeypatch, demo_copy):
    monkeypatch.setenv("QUALIBOARD_DB", str(demo_copy))
    monkeypatch.setenv("QUALIBOARD_TODAY", DEMO_TODAY.isoformat())
    monkeypatch.chdir(ROOT)
    return demo_copy


def test_detail_page_explains_the_change_and_the_year_end(app_env):
    cfg = load_config(ROOT / "indicators.yaml")
    indicator = cfg.indicator("courrier_delai")
    con = connect(app_env)
    before, after = compared_periods(indicator, MONTH, "previous")
    expected = change_sentence(
        decompose(con, cfg, indicator, "service", before, after, today=DEMO_TODAY), indicator
    )
    card = overview_cards(con, cfg, MONTH, today=DEMO_TODAY).set_index("indicator_id")
    con.close()
    app = run_app("pages/indicateur.py", query={"indicateur": "courrier_delai", "mois": "2026-10"})
    assert not app.exception, [e.value for e in app.exception]
    shown = texts(app)
    assert "Pourquoi ça a bougé ?" in shown
    assert f"sept. 2026 → oct. 2026 : {expected}" in shown
    # The total of the sentence is the change the overview card shows.
    change = card.loc["courrier_delai", "change"]
    total = re.match(r"([−+]?\d+,\d) pts", expected).group(1)
    assert float(total.replace("−", "-").replace(",", ".")) == pytest.approx(change)
    assert "Où finira l'année 2026 ?" in shown
    assert "prochains courriers attendus" in shown or "Objectif annuel" in shown
    grid = next(d for d in app.dataframe if "Contribution" in d.value.columns)
    table = grid.value
    # The part is the row's name: first and pinned, the last row the total.
    assert list(table.columns[:3]) == ["Service", "Valeur avant", "Valeur après"]
    assert table["Service"].iloc[-1] == "Total"
    assert json.loads(grid.proto.columns)["Service"]["pinned"] is True
    contributions = [float(c.replace("−", "-").replace(",", ".")) for c in table["Contribution"]]
    assert contributions[-1] == pytest.approx(change)
    assert round(sum(contributions[:-1]), 1) == pytest.approx(change)


def test_overview_marker_and_review_reasons(app_env):
    cfg = load_config(ROOT / "indicators.yaml")
    con = connect(app_env)
    markers = year_end_markers(con, cfg, MONTH, today=DEMO_TODAY)
    con.close()
    overview = run_app(query={"mois": "2026-10"})
    assert not overview.exception
    cards = "".join(m.value for m in [*overview.markdown, *overview.html])
    assert markers
    for indicator_id, marker in markers.items():
        line = f'<div class="qb-small qb-year-end">{plain(marker, line_breaks=False)}</div>'
        assert line in cards, indicator_id
    review = run_app("pages/revue.py", query={"mois": "2026-10"})
    assert not review.exception, [e.value for e in review.exception]
    assert "Pourquoi ça a bougé : " in texts(review)
