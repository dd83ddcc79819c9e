"""Reading spreadsheets into a grid of cells (ingest/readers.py), on real files."""

from __future__ import annotations

import codecs
import datetime as dt

import openpyxl

from qualiboard.ingest.readers import detect_encoding, detect_separator, read_sheet, sheet_names
from tests.conftest import FIXTURES


def test_encodings_are_told_by_bom_then_by_what_decodes():
    assert detect_encoding(codecs.BOM_UTF8 + "Réf".encode()) == "utf-8-sig"
    assert detect_encoding(codecs.BOM_UTF16_LE + "Réf".encode("utf-16-le")) == "utf-16"
    assert detect_encoding("Date d'arrivée".encode()) == "utf-8"
    assert detect_encoding("Date d'arrivée;Réponse".encode("cp1252")) == "cp1252"


def test_separators_are_the_one_that_splits_lines_alike():
    assert detect_separator("a;b;c\n1;2;3\n4;5;6") == ";"
    assert detect_separator("a\tb\tc\n1\t2,5\t3\n") == "\t"
    assert detect_separator("a,b\n1,2\n3,4") == ","
    # Decimal commas inside a semicolon file do not win.
    assert detect_separator("Nom;Note\nA;3,5\nB;4,5\nC;2,0") == ";"


def test_a_windows_csv_is_read_with_its_accents_and_excel_row_numbers():
    sheet = read_sheet(FIXTURES / "courriers_cp1252.csv")
    frame = sheet.frame
    assert list(frame.iloc[0])[:2] == ["N° chrono", "Date d'arrivée"]
    assert frame.iloc[2, 5] == "ÉTAT CIVIL"
    assert list(frame.index[:3]) == [1, 2, 3]  # row numbers as the spreadsheet shows them
    assert sheet.field_counts is not None and set(sheet.field_counts.iloc[:3]) == {6}


def test_a_tab_separated_text_file_reads_like_its_csv_twin():
    tab = read_sheet(FIXTURES / "courriers_tab.txt").frame
    semicolon = read_sheet(FIXTURES / "courriers_cp1252.csv").frame
    assert tab.shape == semicolon.shape
    assert tab.iloc[1, 0] == semicolon.iloc[1, 0] == "2026-001"


def test_workbooks_list_their_sheets_and_read_the_chosen_one(tmp_path):
    path = tmp_path / "registre.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["Lisez-moi"])
    data = book.create_sheet("Courriers")
    data.append(["Référence", "Reçu le"])
    data.append(["C1", "02/03/2026"])
    data.append([None, None])
    data.append(["C2", "03/03/2026"])
    book.save(path)
    assert sheet_names(path) == ["Notes", "Courriers"]
    sheet = read_sheet(path, "Courriers")
    assert sheet.name == "Courriers"
    assert sheet.frame.iloc[0, 0] == "Référence"
    assert sheet.frame.loc[4].iloc[0] == "C2"  # Excel row 4, after the blank row 3


def test_ods_and_xls_give_real_dates_and_the_same_cells():
    ods, xls = (read_sheet(FIXTURES / f"courriers.{suffix}").frame for suffix in ("ods", "xls"))
    assert ods.shape == xls.shape == (5, 6)
    assert list(ods.iloc[0]) == list(xls.iloc[0])
    assert ods.iloc[1, 1] == xls.iloc[1, 1] == dt.date(2026, 1, 5)  # a date cell, not text
    assert ods.iloc[2, 3] == xls.iloc[2, 3] == ""  # an empty cell


def test_an_xlsm_keeps_its_title_rows_above_the_header():
    frame = read_sheet(FIXTURES / "courriers.xlsm").frame
    assert frame.iloc[0, 0] == "Registre du courrier 2026"
    assert frame.loc[4].iloc[0] == "N° chrono"
