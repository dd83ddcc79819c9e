"""Merged cells, read as the spreadsheet shows them (python-calamine gives only their first
cell), and the streaming walk over an OpenDocument sheet that `shown_cells` shares.

A register often types a service once and merges it down over the rows of that service: the
file stores the value in the range's first cell only, the rows below hold nothing. Excel shows
the value on every row, so the reader fills each merged range's value down its rows.

Only downwards, in the range's first column: a title merged across the columns above a table
stays one cell, so that it is never taken for a row of headers (the header row and the
« Extraction du … » line are read as before).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from defusedxml.ElementTree import iterparse

# ((first row, first column), (last row, last column)), 0-based, as python-calamine gives them.
CellRange = tuple[tuple[int, int], tuple[int, int]]


def fill_merged_down(rows: list[list[object]], ranges: list[CellRange] | None) -> int:
    """Copy the value of each range spanning several rows into the cells below it in its first
    column (in place); returns how many cells were filled. `rows` starts at A1."""
    filled = 0
    for (top, left), (bottom, _right) in ranges or []:
        if bottom <= top or top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        if value is None or value == "":
            continue
        for row in rows[top + 1 : bottom + 1]:
            if left < len(row):
                row[left] = value
                filled += 1
    return filled


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_MARK = b"number-rows-spanned"


def _mentions(archive: zipfile.ZipFile, member: str, mark: bytes) -> bool:
    """The member's bytes hold `mark`: read in chunks, never parsed (most files merge nothing)."""
    tail = b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            if mark in tail + chunk:
                return True
            tail = chunk[-len(mark) :]
    return False


def ods_merged_ranges(path: Path, sheet: str) -> list[CellRange]:
    """Merged ranges of one sheet of an OpenDocument workbook (python-calamine does not give
    them for ods). The XML is parsed, streaming, only when some cell spans several rows, and
    without entities or a DTD (a hostile file's expansions are refused, its merges ignored)."""
    try:
        with zipfile.ZipFile(path) as archive:
            if not _mentions(archive, "content.xml", _MARK):
                return []
            with archive.open("content.xml") as stream:
                return _spans(stream, sheet)
    except Exception:  # zipfile, zlib and expat raise many types for a damaged member
        return []  # the sheet was read already: without its merges it reads as before


def _ods_sheet(stream: IO[bytes], sheet: str) -> Iterator[tuple[str, object, int, int]]:
    """One sheet of an OpenDocument content.xml, streaming: ("cell", element, row, column) at
    each cell's start, ("row", element, row, repeated) at each row's end (rows and columns from
    0, repeats counted); every element is cleared once read."""
    inside, row, column = False, 0, 0
    for event, element in iterparse(stream, events=("start", "end")):
        tag = element.tag
        if tag == f"{_TABLE}table":
            if event == "start":
                inside = element.get(f"{_TABLE}name") == sheet
            elif inside:
                return
        elif not inside:
            if event == "end" and tag == f"{_TABLE}table-row":
                element.clear()
        elif tag == f"{_TABLE}table-row":
            if event == "start":
                column = 0
            else:
                repeated = int(element.get(f"{_TABLE}number-rows-repeated", "1"))
                yield "row", element, row, repeated
                row += repeated
                element.clear()
        elif event == "start" and tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
            yield "cell", element, row, column
            column += int(element.get(f"{_TABLE}number-columns-repeated", "1"))


def _spans(stream: IO[bytes], sheet: str) -> list[CellRange]:
    ranges: list[CellRange] = []
    for what, element, row, column in _ods_sheet(stream, sheet):
        if what == "cell":
            rows = int(element.get(f"{_TABLE}number-rows-spanned", "1"))
            columns = int(element.get(f"{_TABLE}number-columns-spanned", "1"))
            if rows > 1 or columns > 1:
                ranges.append(((row, column), (row + rows - 1, column + columns - 1)))
    return ranges
