"""Merged cells of a workbook read as Excel shows them (ingest/merged.py, ingest/readers.py)."""

from __future__ import annotations

import datetime as dt
import zipfile

from openpyxl import Workbook

from qualiboard.ingest.merged import ods_merged_ranges
from qualiboard.ingest.prepare import prepare_import
from qualiboard.ingest.readers import read_sheet
from tests.conftest import make_config
from tests.helpers import load

HEADER = ["N° réclamation", "Date de réception", "Date de réponse", "Service"]


def register(path, *, title: str | None = None):
    """Five complaints; the service typed once and merged down over its rows (E-style
    registers): CCAS over three rows, État civil over two. A title, when given, is merged
    across the four columns above the header."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Registre"
    if title:
        sheet.append([title])
        sheet.merge_cells("A1:D1")
    sheet.append(HEADER)
    first = sheet.max_row + 1
    services = ["CCAS", None, None, "État civil", None]
    for n, service in enumerate(services):
        sheet.append([f"M{n}", dt.date(2026, 10, n + 1), dt.date(2026, 10, n + 10), service])
    sheet.merge_cells(f"D{first}:D{first + 2}")
    sheet.merge_cells(f"D{first + 3}:D{first + 4}")
    workbook.save(path)
    return path


def test_a_service_merged_down_is_read_on_every_row_of_its_range(tmp_path):
    raw = read_sheet(register(tmp_path / "fusion.xlsx"), None)
    assert raw.frame[3].tolist() == [
        "Service",
        "CCAS",
        "CCAS",
        "CCAS",
        "État civil",
        "État civil",
    ]
    # The other columns are untouched.
    assert raw.frame[0].tolist() == ["N° réclamation", "M0", "M1", "M2", "M3", "M4"]


def test_merged_services_are_imported_and_counted_in_their_service(con, tmp_path):
    config = make_config()
    result = load(con, config, register(tmp_path / "fusion.xlsx"), kind="complaints")
    assert (result.inserted, result.rejected) == (5, 0)
    assert con.execute(
        "SELECT service, count(*), string_agg(reference, ',' ORDER BY reference) "
        "FROM complaints GROUP BY 1 ORDER BY 1"
    ).fetchall() == [("CCAS", 3, "M0,M1,M2"), ("État civil", 2, "M3,M4")]


def test_a_title_merged_across_the_columns_stays_a_title(con, tmp_path):
    path = register(tmp_path / "titre.xlsx", title="Extraction du 30/10/2026")
    raw = read_sheet(path, None)
    # Spread across columns, the title would look like a row of four headers: it is not.
    assert raw.frame.loc[1].tolist() == ["Extraction du 30/10/2026", "", "", ""]
    plan = prepare_import(con, path, make_config().organisation, kind="complaints")
    assert plan.headers == HEADER
    assert plan.as_of.day == dt.date(2026, 10, 30)
    assert plan.records["service"].tolist() == ["CCAS"] * 3 + ["État civil"] * 2
    assert plan.records["source_row"].tolist() == [3, 4, 5, 6, 7]


def _ods(path, rows_xml: str):
    """An OpenDocument workbook written by hand, as LibreOffice stores merges: the first cell
    says how many rows/columns it spans, the cells it covers are `covered-table-cell`."""
    import zipfile

    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Autre"><table:table-row>'
        '<table:table-cell table:number-rows-spanned="9" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row></table:table>"
        f'<table:table table:name="Registre">{rows_xml}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return path


def _cell(text: str, attributes: str = "") -> str:
    return (
        f'<table:table-cell office:value-type="string" {attributes}><text:p>{text}</text:p>'
        "</table:table-cell>"
    )


def _row(*cells: str) -> str:
    return "<table:table-row>" + "".join(cells) + "</table:table-row>"


def test_an_ods_register_reads_its_merged_service_on_every_row(con, tmp_path):
    covered = "<table:covered-table-cell/>"
    rows = (
        _row(
            _cell("Extraction du 30/10/2026", 'table:number-columns-spanned="4"'),
            '<table:covered-table-cell table:number-columns-repeated="3"/>',
        )
        + _row(*(_cell(h) for h in HEADER))
        + _row(_cell("M0"), _cell("01/10/2026"), _cell("10/10/2026"),
               _cell("CCAS", 'table:number-rows-spanned="3"'))
        + _row(_cell("M1"), _cell("02/10/2026"), _cell("11/10/2026"), covered)
        + _row(_cell("M2"), _cell("03/10/2026"), _cell("12/10/2026"), covered)
        + _row(_cell("M3"), _cell("04/10/2026"), _cell("13/10/2026"), _cell("État civil"))
        + '<table:table-row table:number-rows-repeated="1000"><table:table-cell/></table:table-row>'
    )  # fmt: skip
    path = _ods(tmp_path / "registre.ods", rows)
    raw = read_sheet(path, "Registre")
    assert raw.frame.loc[1].tolist() == ["Extraction du 30/10/2026", "", "", ""]
    assert raw.frame[3].tolist()[1:] == ["Service", "CCAS", "CCAS", "CCAS", "État civil"]
    plan = prepare_import(
        con, path, make_config().organisation, kind="complaints", sheet="Registre"
    )
    assert plan.as_of.day == dt.date(2026, 10, 30)
    assert plan.records["service"].tolist() == ["CCAS", "CCAS", "CCAS", "État civil"]


def test_an_ods_whose_xml_declares_entities_gives_no_merges_and_expands_nothing(tmp_path):
    # A billion-laughs shape around a row-spanning cell: the merges are ignored, never expanded.
    content = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body>'
        '<table:table table:name="Feuille1"><table:table-row>'
        '<table:table-cell table:number-rows-spanned="3">&b;</table:table-cell>'
        "</table:table-row></table:table></office:body></office:document-content>"
    )
    path = tmp_path / "entites.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", content)
    assert ods_merged_ranges(path, "Feuille1") == []
    # The same cell without the entities is a merge of three rows.
    plain = content.split("]>", 1)[1].replace("&b;", "CCAS")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", '<?xml version="1.0"?>' + plain)
    assert ods_merged_ranges(path, "Feuille1") == [((0, 0), (2, 0))]
