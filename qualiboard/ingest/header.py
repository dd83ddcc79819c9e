"""Find the header row of a grid, below titles, logos and blank rows, and cut the data body."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from qualiboard.ingest.distinct import arrow_text, distinct_codes, is_arrow_text
from qualiboard.text import clean_label, fold

HEADER_SEARCH_ROWS = 30
_TOTAL_PATTERN = r"(?i)^[\W_]*(?:total|totaux|sous[\W_]*total|moyenne|ensemble)\b"


@dataclass
class Table:
    headers: list[str]
    body: pd.DataFrame  # columns = headers, index = Excel row numbers
    header_row: int
    total_rows_dropped: int


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


def locate_table(frame: pd.DataFrame, known_headers: set[str]) -> Table | None:
    """Header = the row among the first ones that looks most like column titles."""
    if frame.empty:
        return None
    empty = _empty_cells(frame)
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
    body = frame.iloc[best_pos + 1 :].set_axis(headers, axis=1)
    body_empty = empty[best_pos + 1 :]
    filled = ~body_empty.all(axis=1)
    if not filled.all():  # copying a million rows to drop none is not free
        body, body_empty = body.loc[filled], body_empty[filled]
    is_total = _total_rows(body, body_empty)
    dropped = int(is_total.sum())
    body = _blanks_as_none(body, body_empty)
    if dropped:
        body = body.loc[~is_total]
    return Table(headers, body, int(frame.index[best_pos]), dropped)


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


def _total_rows(body: pd.DataFrame, empty: np.ndarray) -> np.ndarray:
    """Rows whose first filled cell reads "Total", "Sous-total", "Totaux", "Moyenne"…"""
    is_total = np.zeros(len(body), bool)
    if not len(body):
        return is_total
    first = np.argmax(~empty, axis=1)
    for position in np.unique(first):
        rows = first == position
        cells = body.iloc[rows, position]
        if cells.dtype == object:
            cells = cells.map(lambda v: v if isinstance(v, str) else None)
        hit = cells.str.contains(_TOTAL_PATTERN, regex=True, na=False)
        is_total[np.flatnonzero(rows)[hit.to_numpy(dtype=bool)]] = True
    return is_total


def _column_letter(position: int) -> str:
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
