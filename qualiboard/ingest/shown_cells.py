"""Cells python-calamine reads otherwise than the spreadsheet shows them, read again from the
sheet's XML (chunk by chunk, memory flat; only when the sheet may hold such cells):

- negative durations in an xlsx cell formatted as a time of day (« hh:mm:ss », no brackets):
  calamine reads the serial -0.000521 (minus 45 seconds) as the time of day it wraps to,
  23:59:15, a wait of almost a day, and the sign is gone; they are put back as the negative
  duration they hold, for the import to refuse them with their value (« durée négative »,
  « -00:00:45 »);
- percentages (xlsx and ods): a cell shows « 99,95 % » and holds 0.9995; it is given as shown.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pandas as pd

from qualiboard.ingest.merged import _TABLE, _mentions, _ods_sheet
from qualiboard.ingest.safe_read import CHUNK, _sheet_names_by_part, column_number

_NEGATIVE_CELL = re.compile(
    rb"<c\b([^>]*)>(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)?<v>(-[0-9.Ee+\-]+)</v>"
)
_REFERENCE = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_END = b"</c>"


def _columns_with_times(frame: pd.DataFrame) -> list[int]:
    """Positions of the columns holding a time-of-day cell (a fast type sniff, then a look at the
    mixed columns only)."""
    found = []
    for position, column in enumerate(frame.columns):
        values = frame[column]
        if values.dtype != object:
            continue
        kind = pd.api.types.infer_dtype(values, skipna=True)
        if kind == "time" or (kind.startswith("mixed") and any(type(v) is dt.time for v in values)):
            found.append(position)
    return found


def restore_negative_times(path: Path, sheet: str, frame: pd.DataFrame) -> int:
    """Put back, in `frame` (rows as Excel numbers them from 1, columns from A), the negative
    duration of every time-of-day cell whose serial is negative; returns how many."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return 0
    columns = set(_columns_with_times(frame))
    if not columns:
        return 0
    restored = 0
    for match in _negative_cells(path, sheet):
        reference = _REFERENCE.search(match[1])
        if reference is None:
            continue
        row, column = int(reference[2]), column_number(reference[1].decode()) - 1
        wrapped = column in columns and 1 <= row <= len(frame)
        if wrapped and type(frame.iat[row - 1, column]) is dt.time:
            seconds = round(float(match[2]) * 86400)
            frame.iat[row - 1, column] = dt.timedelta(seconds=seconds)
            restored += 1
    return restored


def _negative_cells(path: Path, sheet: str) -> Iterator[re.Match[bytes]]:
    """The cells of the sheet's XML holding a negative number."""
    with zipfile.ZipFile(path) as archive:
        yield from _cells(archive, sheet, _NEGATIVE_CELL, b"<v>-")


def _cells(
    archive: zipfile.ZipFile, sheet: str, pattern: re.Pattern[bytes], mark: bytes
) -> Iterator[re.Match[bytes]]:
    """The matches of `pattern` (one cell each) in the sheet's XML, read chunk by chunk; a
    chunk without `mark` is not searched."""
    parts = {name: part for part, name in _sheet_names_by_part(archive).items()}
    part = parts.get(sheet)
    if part is None:
        return
    with archive.open(f"xl/worksheets/{part}") as stream:
        pending = b""
        while True:
            more = stream.read(CHUNK)
            data = pending + more
            # A cell cut by the chunk's end is read whole with the next chunk.
            cut = len(data) if not more else max(data.rfind(_END) + len(_END), 0)
            if data.find(mark, 0, cut) >= 0:
                yield from pattern.finditer(data, 0, cut)
            pending = data[cut:]
            if not more:
                return


# ----------------------------------------------------------------------- percentage cells
#
# A cell formatted as a percentage shows « 99,95 % » and holds 0.9995; python-calamine gives
# the 0.9995. The same result typed as text, or exported to CSV, reads 99.95: the reader gives
# such a cell as the spreadsheet shows it, « 99,95 % », and the import reads it as it reads the
# text (a typed-in result keeps 99.95; a waiting time or a count refuses a percentage).

_PERCENT_FORMATS = {9, 10}  # Excel's built-in « 0% » and « 0.00% »
_ELEMENT = re.compile(rb"<(numFmt|xf)\b([^>]*)>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')
_CELL_XFS = re.compile(rb"<cellXfs\b[^>]*>(.*?)</cellXfs>", re.DOTALL)
_LITERAL = re.compile(r'"[^"]*"|\\.')  # quoted text and escaped characters of a format


def _percent_styles(archive: zipfile.ZipFile) -> list[bytes]:
    """Indexes (as written in a cell's s="…") of the cell styles that show a percentage."""
    try:
        styles = archive.read("xl/styles.xml")
    except KeyError:
        return []
    formats = set(_PERCENT_FORMATS)
    xfs = _CELL_XFS.search(styles)
    for tag, attributes in _ELEMENT.findall(styles[: xfs.start()] if xfs else styles):
        found = dict(_ATTRIBUTE.findall(attributes))
        code = found.get(b"formatCode", b"").decode("utf-8", "replace").replace("&quot;", '"')
        if tag == b"numFmt" and "%" in _LITERAL.sub("", code):
            formats.add(int(found.get(b"numFmtId", b"-1")))
    if xfs is None:
        return []
    styles_found = [
        dict(_ATTRIBUTE.findall(attributes)).get(b"numFmtId", b"0")
        for tag, attributes in _ELEMENT.findall(xfs[1])
        if tag == b"xf"
    ]
    return [str(k).encode() for k, f in enumerate(styles_found) if int(f) in formats]


def _percent_text(fraction: float) -> str:
    """« 99,95 % » for 0.9995, every digit kept (to ten decimals of a percent)."""
    return f"{round(fraction * 100, 10)!r} %".replace(".0 %", " %").replace(".", ",")


def _xlsx_percent_cells(path: Path, sheet: str) -> list[tuple[int, int, float]]:
    with zipfile.ZipFile(path) as archive:
        styles = _percent_styles(archive)
        if not styles:
            return []
        pattern = re.compile(
            rb'<c\b([^>]*\bs="(?:' + b"|".join(styles) + rb')"[^>]*)>'
            rb"(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)?<v>([^<]*)</v>"
        )
        found = []
        for match in _cells(archive, sheet, pattern, b"<v>"):
            attributes = dict(_ATTRIBUTE.findall(match[1]))
            reference = _REFERENCE.search(match[1])
            if reference is None or attributes.get(b"t", b"n") != b"n":
                continue
            column = column_number(reference[1].decode()) - 1
            found.append((int(reference[2]), column, float(match[2])))
        return found


_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _ods_percent_cells(path: Path, sheet: str) -> list[tuple[int, int, float]]:
    with zipfile.ZipFile(path) as archive:
        if not _mentions(archive, "content.xml", b'value-type="percentage"'):
            return []
        with archive.open("content.xml") as stream:
            return _ods_percentages(stream, sheet)


def _ods_percentages(stream: IO[bytes], sheet: str) -> list[tuple[int, int, float]]:
    """(row from 1, column from 0, value) of every cell of the sheet typed as a percentage."""
    found: list[tuple[int, int, float]] = []
    in_row: list[tuple[int, float]] = []
    for what, element, row, position in _ods_sheet(stream, sheet):
        if what == "row":
            repeated = min(position, 10_000)
            found += [(row + 1 + k, c, v) for k in range(repeated) for c, v in in_row]
            in_row = []
        elif element.get(f"{_OFFICE}value-type") == "percentage":
            value = float(element.get(f"{_OFFICE}value", "nan"))
            repeated = int(element.get(f"{_TABLE}number-columns-repeated", "1"))
            in_row += [(position + k, value) for k in range(min(repeated, 2_000))]
    return found


def show_percent_cells(path: Path, sheet: str, frame: pd.DataFrame) -> int:
    """Give, in `frame` (rows as Excel numbers them from 1, columns from A), every number cell
    formatted as a percentage as the spreadsheet shows it (« 99,95 % »); returns how many."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            cells = _xlsx_percent_cells(path, sheet)
        elif suffix == ".ods":
            cells = _ods_percent_cells(path, sheet)
        else:
            return 0
    except Exception:  # zipfile, zlib and expat raise many types for a damaged member
        return 0  # the sheet was read already: it reads as calamine gave it
    by_column: dict[int, list[tuple[int, float]]] = {}
    for row, column, fraction in cells:
        if 1 <= row <= len(frame) and column < frame.shape[1] and fraction == fraction:
            by_column.setdefault(column, []).append((row - 1, fraction))
    shown = 0
    # Column by column on an array: cell by cell through pandas took 1,5 s for 60 000 cells.
    for column, found in by_column.items():
        values = frame.iloc[:, column].to_numpy()
        if values.dtype != object:
            continue
        values = values.copy()
        for index, fraction in found:
            if type(values[index]) in (float, int):
                values[index] = _percent_text(fraction)
                shown += 1
        frame.isetitem(column, values)
    return shown
