"""A stray NUL byte in a text CSV is removed and said; a binary file is still refused
(ingest/nul_bytes.py, ingest/readers.py)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.prepare import prepare_import
from tests.conftest import make_config
from tests.helpers import load

HEADER = "N° réclamation;Date de réception;Date de réponse;Service;Catégorie\n"


def text_csv(rows: int = 6) -> str:
    return HEADER + "".join(
        f"R{n};0{n}/10/2026;1{n}/10/2026;CCAS;Bruit\n" for n in range(1, rows + 1)
    )


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_a_nul_in_a_text_cell_is_removed_and_its_line_named(con, tmp_path, encoding):
    config = make_config()
    data = text_csv().encode(encoding)
    # Line 3 holds R2: its category « Bruit » gets a NUL in the middle.
    data = data.replace(
        b"R2;02/10/2026;12/10/2026;CCAS;Bru", b"R2;02/10/2026;12/10/2026;CCAS;Bru\x00"
    )
    path = tmp_path / "nul.csv"
    path.write_bytes(data)
    plan = prepare_import(con, path, config.organisation, kind="complaints")
    assert plan.notes[0] == (
        "caractère nul (octet 0) retiré, ligne 3 : ce caractère invisible, laissé par l'outil "
        "d'export, ne fait pas partie des données ; le reste de la cellule est lu tel quel"
    )
    result = load(con, config, path, kind="complaints")
    assert (result.inserted, result.rejected) == (6, 0)
    assert con.execute(
        "SELECT category, service, received_on FROM complaints WHERE reference = 'R2'"
    ).fetchall() == [("Bruit", "CCAS", dt.date(2026, 10, 2))]
    assert con.execute("SELECT count(*) FROM complaints WHERE category = 'Bruit'").fetchall() == [
        (6,)
    ]


def test_nuls_on_several_lines_are_all_named(con, tmp_path):
    data = text_csv().replace("R4;", "R\x004;").replace("R6;", "R6\x00;")
    path = tmp_path / "nuls.csv"
    path.write_bytes(data.encode())
    plan = prepare_import(con, path, make_config().organisation, kind="complaints")
    assert plan.notes[0].startswith("caractère nul (octet 0) retiré, lignes 5 et 7 : ")
    assert sorted(plan.records["reference"]) == ["R1", "R2", "R3", "R4", "R5", "R6"]


@pytest.mark.parametrize(
    "content",
    [
        # A PDF renamed .csv, otherwise text, with a single NUL.
        b"%PDF-1.4\n" + text_csv().encode() + b"\x00",
        # A text file with NULs everywhere: a dump, not an export.
        text_csv().replace(";", ";\x00").encode(),
        # Random bytes.
        random.Random(7).randbytes(3000),
        # A zip archive (a workbook) renamed .csv.
        b"PK\x03\x04" + b"\x14\x00\x00\x00\x08\x00" + text_csv().encode(),
    ],
    ids=["pdf", "many_nuls", "random", "zip"],
)
def test_a_binary_file_is_still_refused(con, tmp_path, content):
    path = tmp_path / "binaire.csv"
    path.write_bytes(content)
    with pytest.raises(ImportRefused, match="contenu binaire"):
        prepare_import(con, path, make_config().organisation, kind="complaints")
    assert con.execute("SELECT count(*) FROM import_batches").fetchall() == [(0,)]
