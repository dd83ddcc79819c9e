"""One French formatting path: tables, sparklines, workbooks and the command line, checked
against values worked out by hand on small frames."""

from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import unquote

import openpyxl
import pandas as pd
import pytest

from qualiboard.cli import main
from qualiboard.domain.kind_names import kind_from_name
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.present.export import xlsx_bytes
from qualiboard.present.formatting import file_size, objective_phrase, of_label, of_month
from qualiboard.present.sparkline import CurveSheet, sparkline_shapes, sparkline_svg
from qualiboard.present.tables import RowFormat, french_table
from qualiboard.views.overview import card_html

NNBSP = "\u202f"


def test_a_table_shows_french_numbers_dates_and_status_chips():
    frame = pd.DataFrame(
        {
            "Module": [1, 3],
            "Code": ["a", "b"],
            "Engagement": ["x", "y"],
            "Valeur": [83.9497, 1.8701],
            "Objectif": [90.0, 2.0],
            "Lues": [12477, 3],
            "Statut": ["non atteint", "atteint"],
            "Indicateur": ["Courriers", "Attente"],
            "Le": [dt.date(2026, 1, 31), None],
        }
    )
    shown = french_table(
        frame,
        rows=[RowFormat(1, True), RowFormat(0, False)],
        row_columns=["Valeur", "Objectif"],
        trimmed=["Objectif"],
    )
    table = shown.frame
    # Key column first and pinned; value, objective, status next; Module and Code at the end.
    assert list(table.columns) == [
        "Indicateur",
        "Valeur",
        "Objectif",
        "Statut",
        "Engagement",
        "Lues",
        "Le",
        "Module",
        "Code",
    ]
    assert shown.column_config["Indicateur"]["pinned"] is True
    # Wide enough for its longest value or header (« Indicateur », 10 characters): 10 × 7,5 + 24.
    assert shown.column_config["Indicateur"]["width"] == 99

    assert table["Valeur"].tolist() == [f"83,9{NNBSP}%", "2"]
    assert table["Objectif"].tolist() == [f"90{NNBSP}%", "2"]
    assert table["Lues"].tolist() == [f"12{NNBSP}477", "3"]
    assert table["Statut"].tolist() == ["✖ non atteint", "✔ atteint"]
    assert table["Le"].tolist() == ["31/01/2026", ""]
    assert shown.status_columns == ["Statut"]


def test_a_key_column_is_wide_enough_for_its_values_up_to_a_bound():
    references = pd.DataFrame({"Référence": ["2026-07779", "2026-07800"], "Service": ["CCAS"] * 2})
    # « 2026-07779 »: 10 characters, 99 px (« small », 75 px, showed « 2026-0777 »).
    assert french_table(references).column_config["Référence"]["width"] == 99
    long_names = pd.DataFrame({"Indicateur": ["x" * 80]})
    assert french_table(long_names).column_config["Indicateur"]["width"] == 400


def test_a_column_without_declared_precision_gets_one_decimal_and_never_a_dot():
    shown = french_table(pd.DataFrame({"Attente (minutes)": [13.46, 12.1167, 7.0]})).frame
    assert shown["Attente (minutes)"].tolist() == ["13,5", "12,1", "7,0"]


def test_french_month_phrases():
    assert of_month(dt.date(2026, 10, 1)) == "d'octobre 2026"
    assert of_month(dt.date(2026, 3, 1)) == "de mars 2026"
    assert of_label("oct. 2026") == "d'oct. 2026"
    assert of_label("août 2026") == "d'août 2026"
    assert of_label("avr. 2026") == "d'avr. 2026"
    assert of_label("T4 2026") == "de T4 2026"
    assert of_label("sept. 2026") == "de sept. 2026"
    assert objective_phrase("sans objectif") == "sans objectif"
    assert objective_phrase(f"≥ 90{NNBSP}%") == f"objectif ≥ 90{NNBSP}%"


def test_a_file_size_is_written_in_french():
    # Streamlit writes « 259.0B » and « 65.9KB » under a dropped file.
    assert file_size(0) == "0 octet"
    assert file_size(1) == "1 octet"
    # The unit of the rounded figure, never « 1 000,0 ko ».
    assert file_size(999_950) == f"1,0{NNBSP}Mo"
    assert file_size(999_949) == f"999,9{NNBSP}ko"
    assert file_size(259) == "259 octets"
    assert file_size(65_900) == f"65,9{NNBSP}ko"
    assert file_size(12_345_678) == f"12,3{NNBSP}Mo"


def test_sparkline_is_a_small_svg_with_open_circles_for_provisional_months():
    svg = sparkline_svg([80.0, None, 90.0], [85.0, 85.0, 85.0], [False, False, True])
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<circle") == 2  # the missing month has no point
    assert svg.count('fill="#fff"') == 1  # october is provisional
    # Highest value at the top (y = 4), lowest at the bottom (y = 40), over 240 px of width.
    assert 'points="4,40 236,4"' in svg
    # The objective: one dashed segment across the three months, half-way between 80 and 90.
    assert '<path d="M4,22H236" stroke="#555555" stroke-dasharray="4 3"' in svg
    assert sparkline_svg([None, None, None], [None] * 3) == ""
    assert len(svg) < 500


def test_a_sparkline_objective_steps_where_it_changes():
    svg = sparkline_svg([1.0, 2.0, 3.0, 4.0], [2.0, 2.0, 3.0, 3.0])
    # Values 1 to 4 over y 40 to 4: objective 2 at y 28 for july-august, 3 at y 16 after.
    assert 'd="M4,28H158.7M158.7,16H236"' in svg


def test_the_overview_curves_are_bands_of_one_picture_with_their_values_in_words():
    """Each period named and each value shown as on the card: quarters as quarters, the unit,
    no decimal on a count, provisional values said so; each card shows its 44 px band."""
    labels = ["T2 2026", "T3 2026", "T4 2026"]
    texts = ["24 réclamations", "—", "3 réclamations"]
    values, objectives, provisional = [24.0, None, 3.0], [10.0] * 3, [False, False, True]
    sheet = CurveSheet()
    first = sheet.curve(labels, values, texts, objectives, provisional)
    assert sheet.curve(labels, [None, None, None], ["—"] * 3, [None] * 3) == ""
    second = sheet.curve(labels, [1.0, 2.0, 3.0], ["1", "2", "3"], [None] * 3)
    said = "T2 2026 : 24 réclamations · T4 2026 : 3 réclamations (provisoire)"
    assert first == (
        f'<div class="qb-spark" role="img" aria-label="Évolution de T2 2026 à T4 2026 — {said}" '
        f'title="{said}" style="background-position:0 0px"></div>'
    )
    assert 'style="background-position:0 -44px"' in second
    style = sheet.style()
    assert style.endswith(";background-size:100% 88px}</style>")
    source = re.search(r'url\("data:image/svg\+xml,([^"]+)"\)', style).group(1)
    band = sparkline_shapes(values, objectives, provisional)
    other = sparkline_shapes([1.0, 2.0, 3.0], [None] * 3)
    assert unquote(source) == (
        "<svg viewBox='0 0 240 88' preserveAspectRatio='none' "
        "xmlns='http://www.w3.org/2000/svg'>"
        f"<g transform='translate(0,0)'>{band}</g><g transform='translate(0,44)'>{other}</g>"
        "</svg>"
    ).replace('"', "'")
    assert CurveSheet().style() == ""


def test_an_overview_card_says_sans_objectif_once_and_escapes_data():
    card = pd.Series(
        {
            "indicator_id": "x",
            "label": "Signalements <b>en cours</b>",
            "engagement": "",
            "value_text": "13 signalements",
            "ci_low": None,
            "ci_high": None,
            "status": "sans objectif",
            "objective_text": "sans objectif",
            "period_label": "oct. 2026",
            "provisional": False,
            "denominator": 12477.0,
            "pending": 0,
            "change_text": "stable",
            "history_labels": ["oct. 2026"],
            "history_values": [13.0],
            "history_texts": ["13 signalements"],
            "history_objectives": [None],
            "history_provisional": [False],
        }
    )
    html = card_html(card, "indicateur?indicateur=x", curves=CurveSheet())
    assert "Sans objectif · oct. 2026" in html
    assert "Objectif sans objectif" not in html and "objectif sans" not in html.lower()
    assert "<b>en cours</b>" not in html
    assert f"n = 12{NNBSP}477" in html
    assert 'title="oct. 2026 : 13 signalements"' in html


def test_workbook_holds_real_numbers_autofilter_frozen_header_and_status_colours():
    frame = pd.DataFrame(
        {
            "Indicateur": ["Courriers", "Attente"],
            "Objectif": [90.0, 15.0],
            "Dernière valeur": [77.1, 5],
            "Statut": ["atteint", "non atteint"],
        }
    )
    data = xlsx_bytes(
        {"Référentiel": frame},
        percent_rows={"Référentiel": (["Objectif", "Dernière valeur"], [True, False])},
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Référentiel"]
    assert sheet["C2"].value == pytest.approx(0.771) and sheet["C2"].number_format == "0.0%"
    assert sheet["C3"].value == 5 and isinstance(sheet["C3"].value, int)
    assert sheet["B3"].value == 15
    assert sheet.auto_filter.ref == "A1:D3"
    assert sheet.freeze_panes == "A2"
    assert sheet["D2"].fill.fgColor.rgb.endswith("009E73")
    assert sheet["D3"].fill.fgColor.rgb.endswith("D55E00")


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("courriers", "correspondence"),
        ("réclamations", "complaints"),
        ("Reclamations", "complaints"),
        ("signalements", "reports"),
        ("enquêtes", "survey_answers"),
        ("téléphone", "phone_calls"),
        ("guichet", "counter_visits"),
        ("mesures", "measurements"),
        ("actions", "actions"),
        ("complaints", "complaints"),
        ("météo", None),
    ],
)
def test_kinds_are_typed_in_french_or_by_internal_name(typed, kind):
    assert kind_from_name(typed, frozenset(SOURCE_KINDS)) == kind


def test_command_line_help_and_errors_are_french(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["import", "--help"])
    assert stopped.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("utilisation : python -m qualiboard import")
    assert "affiche cette aide et quitte" in out and "options:" in out
    assert "usage:" not in out and "show this help" not in out
    assert "réclamations" in out
    # Every option of every command says what it is for.
    for command in ("demo", "import", "undo", "compute", "export", "imports", "check"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        lines = capsys.readouterr().out.splitlines()
        options = [line for line in lines if re.match(r"^  -", line)]
        assert options, command
        for position, line in enumerate(lines):
            if re.match(r"^  -\S+( \S+)?$", line):  # a long option whose help is on the next line
                assert lines[position + 1].startswith(" " * 10), (command, line)
            elif re.match(r"^  -", line):
                assert re.match(r"^  -.*\S\s{2,}\S", line), (command, line)
    with pytest.raises(SystemExit) as stopped:
        main(["undo", "abc"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "utilisation :" in err and "erreur :" in err and "nombre entier attendu" in err
    assert "invalid int" not in err and "usage:" not in err
    with pytest.raises(SystemExit):
        main(["import", "x.csv", "--kind", "météo"])
    assert "type de données inconnu « météo »" in capsys.readouterr().err


def test_import_accepts_a_french_kind_name(tmp_path, capsys):
    """The same file imported with --kind réclamations as with --kind complaints."""
    from tests.conftest import SAMPLES

    code = main(
        [
            "import",
            str(SAMPLES / "reclamations_registre.csv"),
            "--kind",
            "réclamations",
            "--db",
            str(tmp_path / "q.duckdb"),
        ]
    )
    assert code == 0, capsys.readouterr()
    assert "Réclamations" in capsys.readouterr().out


TABLE_PAGES = [
    "pages/indicateur.py",
    "pages/actions.py",
    "pages/bilan.py",
    "pages/referentiel.py",
    "pages/qualite-des-donnees.py",
    "pages/import.py",
    "pages/journal.py",
]


def test_every_table_of_every_page_is_french_text(monkeypatch, demo_copy):
    """Tables are drawn on a canvas in the browser, so their cells are read here, as sent: no
    number column left to the browser's locale, no English decimal, no 4-decimal value."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import DEMO_TODAY, ROOT
    from tests.helpers import sign_in_app

    monkeypatch.setenv("QUALIBOARD_DB", str(demo_copy))
    monkeypatch.setenv("QUALIBOARD_TODAY", DEMO_TODAY.isoformat())
    monkeypatch.chdir(ROOT)
    app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    sign_in_app(app, demo_copy, "administrateur")
    app.run()
    raw = re.compile(r"^-?\d+\.\d+$|\d,\d{2,}")
    checked = 0
    for page in TABLE_PAGES:
        app.switch_page(page)
        app.run()
        assert not app.exception, (page, [e.value for e in app.exception])
        for table in app.dataframe:
            frame = table.value
            for column in frame.columns:
                values = frame[column]
                assert not pd.api.types.is_float_dtype(values), (page, column)
                bad = [v for v in values if isinstance(v, str) and raw.search(v)]
                assert not bad, (page, column, bad[:3])
                checked += len(values)
    assert checked > 1000
