"""Find the header row of a grid, below titles, logos and blank rows, and cut the data body."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from qualiboard.domain.text import clean_label, fold
from qualiboard.ingest.distinct import arrow_text, distinct_codes, is_arrow_text, text_cells
from qualiboard.ingest.totals import SURE_WORDS

HEADER_SEARCH_ROWS = 30
# A total line starts with one of these, alone in its cell (folded: no case, accent, hyphen or
# colon). "Ensemble scolaire Jules Ferry", "Moyenne Vallée (antenne)" or "TOTAL-2026-001" are
# data: a word that merely starts a cell does not make a total.
TOTAL_WORDS = frozenset(
    {
        "total",
        "totaux",
        "total general",
        "totaux generaux",
        "sous total",
        "sous totaux",
        "moyenne",
        "moyennes",
        "moyenne generale",
        "ensemble",
        "somme",
        "cumul",
        "total annuel",
        "total mensuel",
    }
)


@dataclass
class Table:
    headers: list[str]
    body: pd.DataFrame  # columns = headers, index = Excel row numbers
    header_row: int
    blank_rows: list[int] = field(default_factory=list)  # rows below the header, all empty
    total_candidates: dict[int, str] = field(default_factory=dict)  # row -> header of the word
    ragged_rows: dict[int, int] = field(default_factory=dict)  # CSV: row -> its field count
    header_fields: int | None = None  # CSV: fields of the header record
    footer_rows: list[int] = field(default_factory=list)  # the export tool's closing words


def _is_empty(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, float) and pd.isna(value))
        or (isinstance(value, str) and not value.strip())
    )


def _is_text_label(value: object) -> bool:
    if not isinstance(value, str) or not value.strip():
        return False
    key = fold(value)
    # Dates and numbers written as text are data, not headers.
    return bool(key) and not key.replace(" ", "").isdigit()


def _header_score(row: list[object], known: set[str]) -> float:
    cells = [c for c in row if not _is_empty(c)]
    labels = [c for c in cells if _is_text_label(c)]
    if len(labels) < 2 or len(labels) < 0.6 * len(cells):
        return 0.0
    matches = sum(1 for c in labels if fold(c) in known)
    distinct = len({fold(c) for c in labels})
    return matches * 3 + distinct


def locate_table(
    frame: pd.DataFrame,
    known_headers: set[str],
    field_counts: pd.Series | None = None,
    blank_lines: list[int] | None = None,
) -> Table | None:
    """Header = the row among the first ones that looks most like column titles. Nothing below
    it is dropped here: blank rows and total lines are told, for the import to count them."""
    if frame.empty:
        return None
    empty = _empty_cells(frame)
    full_empty = empty
    empty_columns = empty.all(axis=0)
    if empty_columns.any():
        frame, empty = frame.loc[:, ~empty_columns], empty[:, ~empty_columns]
    if frame.shape[1] == 0:
        return None
    top = frame.head(HEADER_SEARCH_ROWS)
    scores = [(_header_score(list(row), known_headers), pos) for pos, row in enumerate(top.values)]
    best_score, best_pos = max(scores, key=lambda s: (s[0], -s[1]))
    if best_score <= 0:
        return None
    header_cells = list(top.iloc[best_pos])
    above = list(top.iloc[best_pos - 1]) if best_pos > 0 else [None] * len(header_cells)
    headers: list[str] = []
    seen: dict[str, int] = {}
    for position, (cell, upper) in enumerate(zip(header_cells, above, strict=True)):
        # A header merged vertically over two rows leaves its text in the upper row.
        label = cell if not _is_empty(cell) else upper if _is_text_label(upper) else None
        name = clean_label(_label_text(label)) or f"Colonne {_column_letter(position)}"
        count = seen.get(fold(name), 0)
        seen[fold(name)] = count + 1
        headers.append(name if count == 0 else f"{name} ({count + 1})")
    header_row = int(frame.index[best_pos])
    body = frame.iloc[best_pos + 1 :].set_axis(headers, axis=1)
    body_empty = empty[best_pos + 1 :]
    filled = ~body_empty.all(axis=1)
    blank = body.index[~filled].tolist() + [r for r in blank_lines or [] if r > header_row]
    if not filled.all():  # copying a million rows to drop none is not free
        body, body_empty = body.loc[filled], body_empty[filled]
    totals = _total_candidates(body, body_empty)
    footer = _footer_rows(body, body_empty)
    body = _blanks_as_none(body, body_empty)
    ragged: dict[int, int] = {}
    header_fields = None
    if field_counts is not None:
        header_fields = int(field_counts.get(header_row, 0))
        ragged = _ragged_rows(field_counts, full_empty, header_row, body.index)
    return Table(headers, body, header_row, sorted(blank), totals, ragged, header_fields, footer)


def _ragged_rows(
    counts: pd.Series, empty: np.ndarray, header_row: int, body_rows: pd.Index
) -> dict[int, int]:
    """CSV records below the header whose number of fields differs from the header's: a quote
    left open merges records, a stray separator shifts cells. Empty trailing fields aside (a
    separator at the end of every data line, or of the header line only)."""
    header_pos = int(counts.index.get_loc(header_row))
    header_fields = int(counts.iloc[header_pos])
    named = header_fields - int(np.argmax(~empty[header_pos, :header_fields][::-1]))
    if empty[header_pos, :header_fields].all():
        named = 0
    rows = body_rows[counts.reindex(body_rows).to_numpy() != header_fields]
    found: dict[int, int] = {}
    for row in rows.tolist():
        count = int(counts.loc[row])
        cells = empty[int(counts.index.get_loc(row))]
        if count > header_fields and cells[header_fields:].all():
            continue  # only empty fields beyond the header's
        if named <= count < header_fields:
            continue  # the header ends with empty fields that this line leaves out
        found[int(row)] = count
    return found


def _blanks_as_none(body: pd.DataFrame, empty: np.ndarray) -> pd.DataFrame:
    """Empty cells of workbook columns ("" or blanks) as None, so that a column of dates and
    empty cells is recognised as such by a vectorised test."""
    blanked = {}
    for position, header in enumerate(body.columns):
        cells = body.iloc[:, position]
        if cells.dtype == object and empty[:, position].any():
            values = cells.to_numpy(copy=True)
            values[empty[:, position]] = None
            blanked[header] = pd.Series(values, index=body.index, copy=False)
    return body.assign(**blanked) if blanked else body


def _label_text(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


# What pandas calls columns holding no text at all (dates, numbers, booleans, durations).
_TEXTLESS = {
    "empty",
    "date",
    "datetime",
    "datetime64",
    "integer",
    "floating",
    "mixed-integer-float",
    "decimal",
    "boolean",
    "time",
    "timedelta",
    "timedelta64",
}


def _empty_cells(frame: pd.DataFrame) -> np.ndarray:
    """Boolean grid: the cell is empty (nothing, NaN, or blanks only)."""
    columns = []
    for column in frame.columns:
        values = frame[column]
        if is_arrow_text(values):
            text = arrow_text(values)
            blank = pc.or_(pc.equal(pc.binary_length(text), 0), pc.utf8_is_space(text))
            columns.append(pc.fill_null(blank, True).to_numpy(zero_copy_only=False))
            continue
        # Below the rows where titles and headers may sit, a column of dates or numbers holds
        # no text, hence no cell of blanks only: two vectorised tests tell its empty cells.
        cells = values.to_numpy()
        blank = pd.isna(cells) | (cells == "")
        top = HEADER_SEARCH_ROWS
        if pd.api.types.infer_dtype(cells[top:][~blank[top:]], skipna=False) in _TEXTLESS:
            blank[:top] = [_is_empty(v) for v in cells[:top]]
            columns.append(blank)
            continue
        codes, uniques = distinct_codes(values)
        columns.append(np.array([_is_empty(v) for v in uniques], dtype=bool)[codes])
    return np.column_stack(columns) if columns else np.zeros((len(frame), 0), bool)


def _total_candidates(body: pd.DataFrame, empty: np.ndarray) -> dict[int, str]:
    """Rows whose first filled cell is exactly a total word ("Total", "Sous-total", "Moyenne"…),
    with the header of that cell: the import decides, once it knows the reference column,
    whether the line is a total or a record of its own."""
    found: dict[int, str] = {}
    if not len(body):
        return found
    first = np.argmax(~empty, axis=1)
    for position in np.unique(first):
        rows = first == position
        cells = body.iloc[rows, position]
        # Folding a million references would take seconds: Arrow picks the short cells that
        # start like a total word, and only those are folded.
        text = text_cells(cells)
        maybe = pc.and_(
            pc.less_equal(pc.utf8_length(text), 40),
            pc.match_substring_regex(text, _TOTAL_START, ignore_case=True),
        )
        hits = np.flatnonzero(pc.fill_null(maybe, False).to_numpy(zero_copy_only=False))
        header = str(body.columns[position])
        for hit in hits.tolist():
            if _is_total_text(text[hit].as_py()):
                found[int(cells.index[hit])] = header
    return found


# A sure total word followed by a word: « Total octobre 2026 », « Sous-total : CCAS ». Not a
# reference such as « TOTAL-2026-001 » (a digit after the word) or « Totalement » (no space).
_TOTAL_THEN_WORD = re.compile(rf"^(?:{'|'.join((*SURE_WORDS, 'cumul'))}) [^\W\d_]")


def _is_total_text(value: str) -> bool:
    key = _total_key(value)
    return key in TOTAL_WORDS or bool(_TOTAL_THEN_WORD.match(key))


MAX_FOOTER_ROWS = 10
_WORDS = re.compile(r"[^\W\d_]{2,}.*\s|\s.*[^\W\d_]{2,}")


def _footer_rows(body: pd.DataFrame, empty: np.ndarray) -> list[int]:
    """The last rows of a table that hold a single cell of words, below every record
    (« Nombre de lignes : 30 », « Edité le 31/10/2026 par … », « Page 1/1 »): what an export
    tool writes under its data. A record has several cells; one that lost all of them but a
    reference has no words and is reported as an error, never taken for a footer."""
    if body.shape[1] < 2 or not len(body):
        return []
    filled = (~empty).sum(axis=1)
    found: list[int] = []
    for position in range(len(body) - 1, max(len(body) - 1 - MAX_FOOTER_ROWS, -1), -1):
        if filled[position] != 1:
            break
        cell = body.iat[position, int(np.argmax(~empty[position]))]
        if not isinstance(cell, str) or not _WORDS.search(cell.strip()):
            break
        found.append(int(body.index[position]))
    if len(found) == len(body) or not (filled[: len(body) - len(found)] >= 2).any():
        return []  # a table of one filled cell per row: data, not a footer
    return sorted(found)


_TOTAL_START = r"^[^\pL\pN]*(?:total|totaux|sous|moyenne|ensemble|somme|cumul)"


def _total_key(value: str) -> str:
    return " ".join(fold(value).split())


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
