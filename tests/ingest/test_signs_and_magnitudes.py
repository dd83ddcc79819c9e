"""No figure changes sign or magnitude on its way in (adversarial report of 27/11/2026, defects 3
and 4): a negative wait is refused in every form it can be written in, never read as positive; a
percentage reads the same typed as text or formatted in a workbook; a typed-in measurement no
indicator can count is said at import and on the data-quality page, never counted for nothing in
silence. Each file is small and built by hand; every figure is counted by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from qualiboard.engine.indicators import compute_indicator
from qualiboard.engine.untracked import uncounted_measurements
from qualiboard.ingest.batches import commit_import
from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.prepare import prepare_import
from qualiboard.views.data_quality import data_quality
from tests.conftest import make_config
from tests.helpers import write_csv

TODAY = dt.date(2026, 11, 20)
CONFIG = make_config()
NEGATIVE = "durée négative (une attente ne peut pas l'être)"


def _plan(con, path, config=CONFIG, **kw):
    return prepare_import(con, path, config.organisation, today=TODAY, **kw)


def _workbook(path, header, rows, formats=None):
    """A real xlsx; `formats` gives a number format per (row, column) of the data, 0-based."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Attentes"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for (row, column), code in (formats or {}).items():
        sheet.cell(row=row + 2, column=column + 1).number_format = code
    book.save(path)
    return path


# 1. Negative waits -------------------------------------------------------------------------

WAITS = [
    "-00:00:45",  # row 2: the tester's value
    "00:00:45",  # row 3: 0,75 min
    "\u221200:00:45",  # row 4: the true minus sign
    "-0:45",  # row 5: minutes:seconds
    "-45",  # row 6: minutes
    "1 h 05",  # row 7: 65 min
    "-1 h 05",  # row 8
    "00:12:30",  # row 9: 12,5 min
    "-PT00H00M45S",  # row 10: how an OpenDocument file writes minus 45 seconds
    "0:75",  # row 11: 75 seconds is no part of a clock: unreadable, never 2,25 min
    dt.timedelta(seconds=-45),  # row 12: a duration cell « [h]:mm:ss »
    -45 / 86400,  # row 13: a time-of-day cell « hh:mm:ss » holding minus 45 seconds
    dt.time(0, 12, 30),  # row 14: 12,5 min
    "45 s",  # row 15: 0,75 min
    "45 %",  # row 16: a rate, not a wait
]


def test_a_negative_wait_is_refused_in_every_form_it_is_written_in(con, tmp_path):
    rows = [[f"{i + 1:02d}/10/2026", "CCAS", wait] for i, wait in enumerate(WAITS)]
    formats = {(10, 2): "[h]:mm:ss", (11, 2): "hh:mm:ss", (12, 2): "hh:mm:ss"}
    path = _workbook(tmp_path / "file_attente.xlsx", ["Date", "Service", "Attente"], rows, formats)
    plan = _plan(con, path, kind="counter_visits")
    assert [(p.row, p.message, p.value) for p in plan.errors] == [
        (16, "pourcentage inattendu : attente (minutes) attend un nombre", "45 %"),
        (
            11,
            "durée illisible (formats lus : 12 ou 12,5 minutes, 00:12:30, 12:30, 1 h 05, "
            "12'30, 45 s)",
            "0:75",
        ),
        (2, NEGATIVE, "-00:00:45"),
        (4, NEGATIVE, "\u221200:00:45"),
        (5, NEGATIVE, "-0:45"),
        (6, NEGATIVE, "-45"),
        (8, NEGATIVE, "-1 h 05"),
        (10, NEGATIVE, "-PT00H00M45S"),
        (12, NEGATIVE, "-00:00:45"),
        (13, NEGATIVE, "-00:00:45"),
    ]
    assert plan.errors[2].describe(plan.file_name, plan.sheet) == (
        "fichier « file_attente.xlsx », feuille « Attentes », ligne 2, colonne « Attente » : "
        "durée négative (une attente ne peut pas l'être) (valeur : « -00:00:45 »)"
    )
    with pytest.raises(ImportRefused, match="10 erreurs"):
        commit_import(con, plan)
    assert con.execute("SELECT count(*) FROM counter_visits").fetchone() == (0,)
    result = commit_import(con, _plan(con, path, kind="counter_visits"), valid_rows_only=True)
    assert (result.inserted, result.rejected, result.warnings) == (5, 10, 0)
    assert con.execute(
        "SELECT source_row, wait_minutes FROM counter_visits ORDER BY source_row"
    ).fetchall() == [(3, 0.75), (7, 65.0), (9, 12.5), (14, 12.5), (15, 0.75)]


def test_a_sheet_named_with_an_ampersand_keeps_its_negative_times_and_percentages(con, tmp_path):
    """The workbook's XML writes « Tickets &amp; attente »: read by that name, the sheet was
    found under no name, and its negative time became 1 439,25 minutes (adversarial test of
    27/11/2026)."""
    path = _workbook(
        tmp_path / "tickets.xlsx",
        ["Date", "Service", "Attente"],
        [["01/10/2026", "CCAS", -45 / 86400], ["02/10/2026", "CCAS", dt.time(0, 12, 30)]],
        {(0, 2): "hh:mm:ss", (1, 2): "hh:mm:ss"},
    )
    book = load_workbook(path)
    book["Attentes"].title = "Tickets & attente"
    book.save(path)
    plan = _plan(con, path, kind="counter_visits")
    assert [(p.row, p.message, p.value) for p in plan.errors] == [(2, NEGATIVE, "-00:00:45")]


def test_a_column_of_duration_cells_with_a_blank_is_read_row_by_row(con, tmp_path):
    """« [h]:mm:ss » cells and one blank: the column came typed, and the whole file was refused
    (« n'a pas pu être interprété ») instead of its blank row (adversarial test of 27/11/2026)."""
    waits = [dt.timedelta(minutes=15), None, dt.timedelta(hours=1, minutes=30)]
    rows = [[f"0{i + 1}/10/2026", "CCAS", wait] for i, wait in enumerate(waits)]
    formats = {(i, 2): "[h]:mm:ss" for i in range(3)}
    path = _workbook(tmp_path / "attentes.xlsx", ["Date", "Service", "Attente"], rows, formats)
    result = commit_import(con, _plan(con, path, kind="counter_visits"), valid_rows_only=True)
    assert (result.inserted, result.rejected) == (2, 1)
    assert con.execute(
        "SELECT source_row, wait_minutes FROM counter_visits ORDER BY source_row"
    ).fetchall() == [(2, 15.0), (4, 90.0)]


def test_a_negative_wait_in_a_csv_keeps_its_sign_whatever_unit_the_header_states(con, tmp_path):
    hours_minutes = write_csv(
        tmp_path / "attentes_hhmm.csv",
        ["Date", "Temps d'attente (hh:mm)", "Service"],
        [["01/10/2026", "0:45", "CCAS"], ["02/10/2026", "-0:45", "CCAS"]],
    )
    plan = _plan(con, hours_minutes, kind="counter_visits")
    assert [(p.row, p.message, p.value) for p in plan.errors] == [(3, NEGATIVE, "-0:45")]
    assert commit_import(con, plan, valid_rows_only=True).inserted == 1
    seconds = write_csv(
        tmp_path / "attentes_sec.csv",
        ["Date", "Temps d'attente (secondes)", "Service"],
        [["03/10/2026", "90", "CCAS"], ["04/10/2026", "\u221290", "CCAS"]]
        + [["05/10/2026", "45 min", "CCAS"]],  # minutes said in the cell: not 45 seconds
    )
    plan = _plan(con, seconds, kind="counter_visits")
    assert [(p.row, p.message, p.value) for p in plan.errors] == [(3, NEGATIVE, "\u221290")]
    assert commit_import(con, plan, valid_rows_only=True).inserted == 2
    assert con.execute(
        "SELECT visited_on, wait_minutes FROM counter_visits ORDER BY 1"
    ).fetchall() == [
        (dt.date(2026, 10, 1), 45.0),
        (dt.date(2026, 10, 3), 1.5),
        (dt.date(2026, 10, 5), 45.0),
    ]


def test_a_clock_or_a_time_cell_is_no_number_outside_a_duration(con, tmp_path):
    """« 1:30 » typed as a measure's value was read 1,5 (minutes:seconds): it is unreadable."""
    path = write_csv(
        tmp_path / "mesures.csv",
        ["Indicateur", "Mois", "Service", "Valeur"],
        [["note", "10/2026", "CCAS", "1:30"], ["note", "10/2026", "État civil", "\u22126,1"]],
    )
    plan = _plan(con, path, kind="measurements")
    assert [(p.row, p.message, p.value) for p in plan.errors] == [
        (2, "nombre illisible", "1:30"),
        (2, "ni valeur, ni numérateur et dénominateur", None),
    ]
    commit_import(con, plan, valid_rows_only=True)
    # A result may be negative; its true minus sign is a minus sign.
    assert con.execute("SELECT value FROM measurements").fetchall() == [(-6.1,)]


# 2. Measures given as a value only -----------------------------------------------------------

INDICATORS = """
  - id: proprete_locaux
    label: Contrôles de propreté des locaux conformes
    module: 2
    source: measurements
    filter: {indicator: proprete_locaux}
    measure: {type: ratio, numerator: numerator, denominator: denominator}
    objective: 90
  - id: note_accueil
    label: Note moyenne de l'accueil
    module: 2
    source: measurements
    filter: {indicator: note_accueil}
    measure: {type: mean, field: value}
    objective: 90
"""
MEASURES_CONFIG = make_config(INDICATORS)
JANUARY = dt.date(2026, 1, 1)
UNCOUNTED = (
    "ligne importée mais comptée dans aucun indicateur : « proprete_locaux » se calcule avec le "
    "numérateur et le dénominateur, absents de la saisie (une valeur seule n'entre pas dans un "
    "rapport de deux sommes)"
)


def test_a_value_alone_for_a_ratio_is_warned_refused_halves_and_the_figure_stays_right(
    con, tmp_path
):
    header = ["Indicateur", "Mois", "Service", "Valeur", "Numérateur", "Dénominateur"]
    rows = [
        ["proprete_locaux", JANUARY, "CCAS", "99,95 %", None, None],  # 2: a value alone
        ["proprete_locaux", JANUARY, "État civil", None, 18, 20],  # 3: counted
        ["note_accueil", JANUARY, "CCAS", 0.9995, None, None],  # 4: a percentage cell
        ["note_accueil", JANUARY, "État civil", "80 %", None, None],  # 5: typed as text
        ["Propreté des locaux", JANUARY, "CCAS", 95, None, None],  # 6: no such code
        ["proprete_locaux", JANUARY, "Urbanisme", 95, 19, None],  # 7: half a pair
        ["proprete_locaux", JANUARY, "Sports", None, None, None],  # 8: nothing
    ]
    path = _workbook(tmp_path / "mesures.xlsx", header, rows, {(2, 3): "0.00%"})
    plan = _plan(con, path, MEASURES_CONFIG, kind="measurements")
    assert [(p.row, p.column, p.message, p.value) for p in plan.errors] == [
        (8, None, "ni valeur, ni numérateur et dénominateur", None),
        (
            7,
            "Numérateur",
            "le numérateur sans le dénominateur : l'indicateur « proprete_locaux » additionne les "
            "deux, la ligne ne peut pas y entrer à moitié",
            "19",
        ),
    ]
    assert [(p.row, p.column, p.message, p.value) for p in plan.warnings] == [
        (2, "Valeur", UNCOUNTED, "99,95 %"),
        (
            6,
            "Valeur",
            "aucun indicateur du référentiel ne lit ce code : ligne importée mais comptée dans "
            "aucun indicateur ; vouliez-vous dire « proprete_locaux » ?",
            "95",
        ),
    ]
    result = commit_import(con, plan, valid_rows_only=True)
    assert (result.inserted, result.rejected, result.warnings) == (5, 2, 2)
    # 18 of 20 controls: 90 %, the value alone left out, as the warning said.
    figure = compute_indicator(con, MEASURES_CONFIG, "proprete_locaux", start=JANUARY, end=JANUARY)
    assert figure[["numerator", "denominator", "value"]].values.tolist() == [[18.0, 20.0, 90.0]]
    # « 99,95 % » formatted in the workbook reads as typed: 99,95, not 0,9995.
    assert con.execute(
        "SELECT source_row, value FROM measurements WHERE indicator = 'note_accueil' ORDER BY 1"
    ).fetchall() == [(4, 99.95), (5, 80.0)]
    mean = compute_indicator(con, MEASURES_CONFIG, "note_accueil", start=JANUARY, end=JANUARY)
    assert mean["value"].round(3).tolist() == [89.975]
    # The data-quality page's list: the rows of a read code that count for nothing.
    listed = uncounted_measurements(con, MEASURES_CONFIG)
    assert listed.values.tolist() == [
        ["proprete_locaux", 1, UNCOUNTED.split(" : ", 1)[1]],
    ]
    pd.testing.assert_frame_equal(data_quality(con, MEASURES_CONFIG)["uncounted_measures"], listed)


def test_half_a_pair_imported_before_enters_neither_sum_and_is_listed(con, tmp_path):
    """Imported under a catalogue that did not read its code, then read by a ratio: the row's
    numerator alone would have raised the ratio to 37 of 20."""
    path = write_csv(
        tmp_path / "mesures.csv",
        ["Indicateur", "Mois", "Service", "Valeur", "Numérateur", "Dénominateur"],
        [
            ["proprete_locaux", "01/2026", "CCAS", "95", "19", ""],
            ["proprete_locaux", "01/2026", "État civil", "", "18", "20"],
        ],
    )
    commit_import(con, _plan(con, path, kind="measurements"))
    figure = compute_indicator(con, MEASURES_CONFIG, "proprete_locaux", start=JANUARY, end=JANUARY)
    assert figure[["numerator", "denominator", "value"]].values.tolist() == [[18.0, 20.0, 90.0]]
    assert uncounted_measurements(con, MEASURES_CONFIG).values.tolist() == [
        [
            "proprete_locaux",
            1,
            "le numérateur sans le dénominateur : l'indicateur « proprete_locaux » additionne "
            "les deux, la ligne ne peut pas y entrer à moitié",
        ]
    ]


def test_a_percentage_in_a_numerator_or_a_count_is_refused_not_read_as_that_many(con, tmp_path):
    path = write_csv(
        tmp_path / "mesures.csv",
        ["Indicateur", "Mois", "Service", "Numérateur", "Dénominateur"],
        [["proprete_locaux", "01/2026", "CCAS", "95 %", "100"]],
    )
    plan = _plan(con, path, MEASURES_CONFIG, kind="measurements")
    assert [(p.row, p.message, p.value) for p in plan.errors] == [
        (2, "pourcentage inattendu : numérateur attend un nombre", "95 %"),
        # The half left is said with its column and value, not as « ni valeur, ni … ».
        (2, "le dénominateur sans le numérateur, et aucune valeur", "100"),
    ]


def test_an_ods_keeps_the_sign_of_a_duration_and_the_scale_of_a_percentage(con, tmp_path):
    from tests.ingest.test_merged_cells import _cell, _ods, _row

    def typed(kind: str, attribute: str, value: str, shown: str) -> str:
        return (
            f'<table:table-cell office:value-type="{kind}" office:{attribute}="{value}">'
            f"<text:p>{shown}</text:p></table:table-cell>"
        )

    waits = _ods(
        tmp_path / "guichet.ods",
        _row(_cell("Date"), _cell("Service"), _cell("Attente"))
        + _row(_cell("01/10/2026"), _cell("CCAS"), typed("time", "time-value", "-PT00H00M45S", "-00:00:45"))
        + _row(_cell("02/10/2026"), _cell("CCAS"), typed("time", "time-value", "PT00H12M30S", "00:12:30")),
    )  # fmt: skip
    plan = _plan(con, waits, kind="counter_visits", sheet="Registre")
    assert [(p.row, p.message, p.value) for p in plan.errors] == [(2, NEGATIVE, "-PT00H00M45S")]
    commit_import(con, plan, valid_rows_only=True)
    assert con.execute("SELECT wait_minutes FROM counter_visits").fetchall() == [(12.5,)]
    measures = _ods(
        tmp_path / "mesures.ods",
        _row(_cell("Indicateur"), _cell("Mois"), _cell("Service"), _cell("Valeur"))
        + _row(_cell("note_accueil"), _cell("01/2026"), _cell("CCAS"),
               typed("percentage", "value", "0.9995", "99,95 %"))
        + _row(_cell("note_accueil"), _cell("01/2026"), _cell("État civil"), _cell("80 %")),
    )  # fmt: skip
    plan = _plan(con, measures, MEASURES_CONFIG, kind="measurements", sheet="Registre")
    assert (plan.errors, plan.records["value"].tolist()) == ([], [99.95, 80.0])
