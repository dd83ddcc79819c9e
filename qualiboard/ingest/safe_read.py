"""Size checks made before a spreadsheet reader allocates anything.

python-calamine allocates one slot per cell of a sheet's whole range (first to last used cell),
and aborts the process when that allocation fails: two cells at A1 and XFD1048576 ask for 549 GB
and take the dashboard down for everyone. So the size of every sheet is known before calamine
sees the file:
- xlsx/xlsm: the sheet XML is scanned (numpy over the bytes) for its declared dimension and the
  cell references it really holds;
- any other workbook (xls, xlsb, ods): a child process opens it under a memory ceiling and tells
  the size of each sheet; if the child dies, only the child dies and the file is refused.
"""

from __future__ import annotations

import html
import json
import re
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np

from qualiboard.domain.text import number
from qualiboard.ingest.errors import ImportRefused

MAX_COLUMNS = 2_000
MAX_CELLS = 3_000_000  # a sheet's range, rows x columns: ~10 MB of xlsx, well under 1 GB read
PROBE_SECONDS = 20
PROBE_MEMORY = 2_000_000_000  # bytes of address space for the child that opens the workbook

_DIMENSION = re.compile(
    rb'<dimension\s+ref="([A-Z]{1,4})?([0-9]{1,8})?(?::([A-Z]{1,4})([0-9]{1,8}))?"'
)


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _too_big(file_name: str, sheet: str | None, rows: int, columns: int, declared: bool) -> None:
    what = "déclare" if declared else "contient"
    if columns > MAX_COLUMNS:
        raise ImportRefused(
            file_name,
            f"la feuille {what} {number(columns)} colonnes (au plus {number(MAX_COLUMNS)} acceptées) : "
            "dimensions anormales, fichier refusé par sécurité ; supprimez les cellules "
            "éloignées ou réenregistrez seulement le tableau",
            sheet=sheet,
        )
    if rows * columns > MAX_CELLS:
        raise ImportRefused(
            file_name,
            f"la feuille {what} une plage de {number(rows)} lignes sur {number(columns)} colonnes, soit "
            f"plus de {number(MAX_CELLS)} cellules : dimensions anormales, fichier refusé par sécurité ; "
            "supprimez les cellules éloignées ou découpez le fichier",
            sheet=sheet,
        )


def _sheet_extent(data: bytes) -> tuple[int, int]:
    """Last row and last column referenced by a cell (or row) of a sheet's XML: every ` r="…"`
    attribute is read, in numpy, between its two quotes."""
    raw = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(raw == 34)
    if len(quotes) < 2:
        return 0, 0
    opening = np.flatnonzero(
        (quotes[:-1] >= 3)
        & (raw[quotes[:-1] - 1] == 61)
        & (raw[quotes[:-1] - 2] == 114)
        & (raw[quotes[:-1] - 3] == 32)
    )
    if not len(opening):
        return 0, 0
    starts, ends = quotes[opening] + 1, quotes[opening + 1]  # the value between the quotes
    widths = ends - starts
    is_letter = [
        (raw[np.minimum(starts + k, ends)] - 65 < 26) & (starts + k < ends) for k in range(4)
    ]
    letters = is_letter[0].astype(np.int64)
    for k in range(1, 4):
        letters += is_letter[k] & (letters == k)
    digits = widths - letters
    if letters.max(initial=0) > 3 or digits.max(initial=0) > 9:
        return 10**9, 10**9  # no sheet has such cells: absurd on its face
    columns = np.zeros(len(starts), dtype=np.int64)
    for k in range(3):
        char = raw[np.minimum(starts + k, ends)].astype(np.int64) - 64
        columns = np.where(letters > k, columns * 26 + char, columns)
    longest = digits == digits.max()
    row_starts, count = (starts + letters)[longest], int(digits.max())
    rows = np.zeros(len(row_starts), dtype=np.int64)
    for k in range(count):
        rows = rows * 10 + (raw[row_starts + k].astype(np.int64) - 48)
    return int(rows.max(initial=0)), int(columns.max())


_ELEMENT = {tag: re.compile(rb"<" + tag + rb"\b[^>]*>") for tag in (b"sheet", b"Relationship")}
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')


def _elements(data: bytes, tag: bytes) -> list[dict[bytes, bytes]]:
    return [dict(_ATTRIBUTE.findall(m.group(0))) for m in _ELEMENT[tag].finditer(data)]


def _sheet_names_by_part(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet names as the user sees them, by the file name of their XML part."""
    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {
        r.get(b"Id"): Path(r.get(b"Target", b"").decode("utf-8", "replace")).name
        for r in _elements(rels, b"Relationship")
    }
    # The XML writes « Tickets & attente » as « Tickets &amp; attente »: unescaped, the name is
    # the one the reader gives (a sheet found under no name lost its negative times and its
    # percentages, read again from the file by name).
    return {
        targets[s[b"r:id"]]: html.unescape(s.get(b"name", b"").decode("utf-8", "replace"))
        for s in _elements(book, b"sheet")
        if s.get(b"r:id") in targets
    }


CHUNK = 16 << 20  # bytes of sheet XML scanned at a time: memory stays flat for any sheet
_OVERLAP = 64  # an ` r="XFD1048576"` attribute cut by a chunk boundary is read whole


def _streamed_extent(head: bytes, stream) -> tuple[int, int]:  # noqa: ANN001 - a zip stream
    """Last row and column of a sheet read chunk by chunk, never the whole XML in memory."""
    rows = columns = 0
    pending = head
    while True:
        more = stream.read(CHUNK)
        if not more:
            last_rows, last_columns = _sheet_extent(pending)
            return max(rows, last_rows), max(columns, last_columns)
        data = pending + more
        # Attributes starting in the last bytes are read with the next chunk.
        cut = max(len(data) - _OVERLAP, 0)
        chunk_rows, chunk_columns = _sheet_extent(data[:cut] + data[cut:].split(b" ", 1)[0])
        rows, columns = max(rows, chunk_rows), max(columns, chunk_columns)
        pending = data[cut:]


def check_xlsx(path: Path, file_name: str) -> None:
    """Refuse a workbook whose sheets declare or hold an absurd range, before calamine reads it."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [
                m
                for m in archive.infolist()
                if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml")
            ]
            names = _sheet_names_by_part(archive)
            for member in members:
                sheet = names.get(Path(member.filename).name, Path(member.filename).stem)
                with archive.open(member) as stream:
                    head = stream.read(8192)
                    declared = _DIMENSION.search(head)
                    rows, columns = _streamed_extent(head, stream)
                if declared and declared.group(3):
                    first_col = column_number(
                        declared.group(1).decode() if declared.group(1) else "A"
                    )
                    first_row = int(declared.group(2) or 1)
                    span_rows = int(declared.group(4)) - first_row + 1
                    span_columns = column_number(declared.group(3).decode()) - first_col + 1
                    _too_big(
                        file_name, sheet, max(span_rows, 1), max(span_columns, 1), declared=True
                    )
                _too_big(file_name, sheet, rows, columns, declared=False)
    except ImportRefused:
        raise
    except Exception as exc:  # zlib, zipfile and others: a sheet that cannot be sized is not read
        raise ImportRefused(
            file_name,
            "le classeur est endommagé (une feuille ne se décompresse pas) ; réenregistrez-le "
            "depuis votre tableur",
        ) from exc


_PROBE = """
import json, sys
import python_calamine as calamine
book = calamine.CalamineWorkbook.from_path(sys.argv[1])
sizes = {}
for name in book.sheet_names:
    sheet = book.get_sheet_by_name(name)
    sizes[name] = [sheet.height, sheet.width]
print(json.dumps(sizes))
"""


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (PROBE_MEMORY, PROBE_MEMORY))


def probe_workbook(path: Path, file_name: str) -> dict[str, tuple[int, int]]:
    """Open the workbook in a child process under a memory ceiling: a reader that dies in native
    code (allocation failure, panic) kills the child, never the dashboard."""
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", _PROBE, str(path)],
            capture_output=True,
            timeout=PROBE_SECONDS,
            preexec_fn=_limit_memory,  # noqa: PLW1509 - setrlimit only, no lock taken
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ImportRefused(
            file_name,
            f"la lecture du classeur dépasse {PROBE_SECONDS} secondes (dimensions anormales) : "
            "fichier refusé par sécurité",
        ) from exc
    if done.returncode != 0:
        raise ImportRefused(
            file_name,
            "le classeur n'a pas pu être ouvert (fichier endommagé ou dimensions anormales) : "
            "fichier refusé par sécurité ; réenregistrez-le depuis votre tableur au format .xlsx",
        )
    try:
        sizes = json.loads(done.stdout.decode("utf-8").strip().splitlines()[-1])
    except (ValueError, IndexError) as exc:
        raise ImportRefused(file_name, "le classeur n'a pas pu être ouvert") from exc
    for name, (rows, columns) in sizes.items():
        _too_big(file_name, name, int(rows), int(columns), declared=False)
    return {name: (int(r), int(c)) for name, (r, c) in sizes.items()}


def check_workbook(path: Path, file_name: str) -> None:
    """Every workbook is sized before the reader of this process opens it."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm") and zipfile.is_zipfile(path):
        check_xlsx(path, file_name)
    else:
        probe_workbook(path, file_name)
