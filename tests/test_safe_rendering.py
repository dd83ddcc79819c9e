"""Safe rendering: data is shown as typed, never as Markdown or HTML (the escaping helper on a
payload table, then every page of the real app through AppTest); errors show an incident number,
never a traceback."""

from __future__ import annotations

import logging
import re

import pytest
from streamlit.testing.v1 import AppTest

from qualiboard.present.safe import WORD_JOINER, plain, plain_frame, shown
from tests.conftest import DEMO_TODAY, ROOT
from tests.helpers import sign_in_app
from tests.payloads import FILE_NAME, NOTE, PAYLOADS, SERVICES, seed_hostile

# What would start a construct if it reached Markdown or HTML unescaped.
STARTERS = (
    "![",
    "](",
    "<img",
    "<b>",
    ":red[",
    ":material/",
    ":smile:",
    "$x",
    "**",
    "# ",
    "http://",
)


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_the_helper_leaves_no_construct_and_shows_the_text(name):
    payload = PAYLOADS[name]
    escaped = plain(payload)
    assert not any(s in escaped for s in STARTERS), escaped
    assert shown(escaped) == payload


def test_notes_keep_their_line_breaks_and_nothing_else():
    escaped = plain("Ligne 1\n    indentée\n- pas une liste\n1. pas une liste non plus")
    lines = escaped.split("  \n")
    assert len(lines) == 4
    assert shown(lines[1]) == "\u00a0" * 4 + "indentée"
    assert not lines[2].startswith("-") and "1." not in lines[3]
    assert plain("titre\nsur deux lignes", line_breaks=False) == "titre sur deux lignes"


def test_hidden_characters_are_dropped_and_tables_are_escaped():
    import pandas as pd

    assert plain("a\u202eb\u200bc\x07") == "abc"
    frame = plain_frame(pd.DataFrame({"**col**": ["<b>x</b>", 3]}))
    assert list(frame.columns) == ["&#42;&#42;col&#42;&#42;"]
    assert frame.iloc[0, 0] == "&#60;b&#62;x&#60;&#47;b&#62;" and frame.iloc[1, 0] == 3
    assert plain("a@b.fr http://x www.y") == (
        f"a&#64;&#{ord(WORD_JOINER)};b&#46;fr http&#58;&#{ord(WORD_JOINER)};&#47;&#47;x "
        f"www&#{ord(WORD_JOINER)};&#46;y"
    )


SPARKLINE = re.compile(
    r'<div class="qb-spark" role="img" aria-label="[^"<>]*" title="[^"<>]*" '
    r'style="background-position:0 -?\d+px"></div>'
    r'|<style>\.qb-spark\{background-image:url\("data:image/svg\+xml,[A-Za-z0-9%\' =/:,._~-]+"\);'
    r"background-size:100% \d+px\}</style>"
)


@pytest.fixture
def hostile_env(monkeypatch, demo_copy):
    seed_hostile(demo_copy, ROOT, DEMO_TODAY)
    monkeypatch.setenv("QUALIBOARD_DB", str(demo_copy))
    monkeypatch.setenv("QUALIBOARD_TODAY", DEMO_TODAY.isoformat())
    monkeypatch.chdir(ROOT)
    return demo_copy


def rendered(app: AppTest) -> list[str]:
    """Every string the page hands to Streamlit's Markdown renderer."""
    values: list[str] = []
    for kind in ("markdown", "caption", "title", "subheader", "header"):
        values += [e.value for e in getattr(app, kind)]
    for kind in ("info", "warning", "error", "success"):
        values += [e.value for e in getattr(app, kind)]
    for kind in ("button", "selectbox", "text_input", "text_area", "checkbox", "radio"):
        values += [e.label for e in getattr(app, kind)]
    for table in app.table:
        frame = table.value
        values += [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]
    return values


def open_page(db, page: str | None, query: dict, role: str = "responsable qualité") -> AppTest:
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    sign_in_app(app, db, role)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    if page:
        app.switch_page(page)
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


@pytest.mark.parametrize(
    ("page", "query", "expected"),
    [
        (None, {"mois": "2026-10", "service": SERVICES["image"]}, [SERVICES["image"]]),
        ("pages/revue.py", {"mois": "2026-10"}, [*PAYLOADS.values(), PAYLOADS["lien"]]),
        ("pages/revue.py", {"mois": "2026-10", "service": SERVICES["html"]}, [SERVICES["html"]]),
        ("pages/actions.py", {}, []),
        ("pages/import.py", {}, []),
        ("pages/journal.py", {}, []),
        ("pages/qualite-des-donnees.py", {}, []),
        ("pages/indicateur.py", {"mois": "2026-10", "indicateur": "courrier_delai"}, []),
    ],
)
def test_no_page_renders_data_as_markdown(hostile_env, page, query, expected):
    app = open_page(hostile_env, page, query)
    values = rendered(app)
    for value in values:
        for payload in [*PAYLOADS.values(), FILE_NAME, *SERVICES.values()]:
            assert payload not in value, (page, value)
        assert "](http" not in value and "<img" not in value, (page, value)
    # Blocks drawn as HTML (`st.html`: agenda, overview cards) do not read Markdown; there a
    # payload must arrive escaped, never as a tag.
    bodies = [h.value for h in app.html]
    for body in bodies:
        # The only picture is the cards' curves, drawn from figures (a data: URI in a style).
        rest = SPARKLINE.sub("", body)
        assert "<img" not in rest and "<b>gras" not in rest, (page, rest)
        assert "url(" not in rest, (page, rest)
    visible = shown("\n".join(values + bodies))
    for text in expected:
        assert text in visible, (page, text)


def test_the_printable_review_shows_the_note_as_typed(hostile_env):
    app = open_page(hostile_env, "pages/revue.py", {"mois": "2026-10"})
    app.toggle(key="printable").set_value(True).run()
    values = rendered(app)
    assert not any(p in v for v in values for p in PAYLOADS.values())
    note = next(v for v in values if v.startswith("Analyse"))
    # One Markdown hard break per line of the note, each line shown as typed.
    assert shown(note).startswith("Analyse : " + NOTE.split("\n")[0] + "  \n")


def test_an_unexpected_error_shows_an_incident_number_not_a_traceback(
    monkeypatch, app_env_with_crash, caplog
):
    with caplog.at_level(logging.ERROR, logger="qualiboard"):
        app = open_page(app_env_with_crash, None, {"mois": "2026-10"})
    message = " ".join(e.value for e in app.error)
    assert "incident n°" in message
    assert "/secret/chemin" not in message and "Traceback" not in message
    incident = message.split("incident n° ")[1].split(")")[0]
    assert any(incident in r.getMessage() for r in caplog.records)
    assert any("/secret/chemin" in (r.exc_text or "") or r.exc_info for r in caplog.records)


@pytest.fixture
def app_env_with_crash(monkeypatch, demo_copy):
    import qualiboard.views.overview

    def broken(*_args, **_kwargs):
        raise RuntimeError("/secret/chemin/qualiboard.py ligne 12 : boom")

    # The overview (the page the dashboard opens) calls it on every run, for its view-model.
    monkeypatch.setattr(qualiboard.views.overview, "status_counts", broken)
    monkeypatch.setenv("QUALIBOARD_DB", str(demo_copy))
    monkeypatch.setenv("QUALIBOARD_TODAY", DEMO_TODAY.isoformat())
    monkeypatch.chdir(ROOT)
    return demo_copy


def test_show_error_details_is_off():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
