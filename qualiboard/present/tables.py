"""Every table a person reads, in French: the one path from a DataFrame of real numbers to what
`st.dataframe` shows (`52,0 %`, `12 477`, `31/01/2026`, « ✔ atteint »), with the key columns first
and pinned.

Streamlit's NumberColumn formats follow the browser's locale (or printf, with a `.` decimal), so
a town PC set to English would show `83.9`: numbers are turned into French text here, for display
only; exports keep real numbers (`qualiboard.present.export`). The column settings are plain dicts (the
shape of Streamlit's `ColumnConfig`), so this module never imports Streamlit.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from qualiboard.domain.config import Indicator
from qualiboard.present.formatting import (
    STATUS_COLOURS,
    date_fr,
    is_missing,
    number,
    percent,
    shown_decimals,
    status_badge,
)

# Columns that name the row: shown first and kept on screen when the table scrolls sideways.
KEY_COLUMNS = ("Indicateur", "Fichier", "Référence", "Action", "Élément")
# The widest a key column grows to fit its values (pixels): « large » for an indicator's name.
KEY_WIDTHS = {"Indicateur": 400}
KEY_WIDTH = 300
# Columns a committee reads next to the name, before any long text.
LEADING_COLUMNS = ("Valeur", "Dernière valeur", "Objectif", "Statut", "Échéance", "État")
STATUS_COLUMNS = ("Statut",)
# Columns for the record, not the reader: moved to the right end.
TRAILING_COLUMNS = ("Module", "Code", "Unité")


@dataclass(frozen=True)
class RowFormat:
    """How the numbers of one row are shown when each row is a different indicator."""

    decimals: int
    is_percent: bool


@dataclass
class ShownTable:
    """A table ready for `st.dataframe(frame, column_config=column_config)`."""

    frame: pd.DataFrame
    column_config: dict[str, dict] = field(default_factory=dict)
    status_columns: list[str] = field(default_factory=list)


def row_formats(indicators: Iterable[Indicator]) -> list[RowFormat]:
    """The declared precision of each indicator, for tables with one row per indicator."""
    return [RowFormat(shown_decimals(i), i.is_percent) for i in indicators]


def french_value(value: object, decimals: int | None = None, is_percent: bool = False) -> object:
    """One cell as a French reader expects it; text stays text."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, pd.Timestamp | dt.datetime):
        if pd.isna(value):
            return ""
        if value.hour or value.minute:
            return value.strftime("%d/%m/%Y %H:%M")
        return date_fr(value.date())
    if isinstance(value, dt.date):
        return date_fr(value)
    if isinstance(value, int | float) or hasattr(value, "dtype"):
        try:
            number_value = float(value)
        except (TypeError, ValueError):
            return value
        if is_missing(number_value) or math.isinf(number_value):
            return "—"
        if decimals is None:
            decimals = 0 if number_value.is_integer() else 1
        return percent(number_value, decimals) if is_percent else number(number_value, decimals)
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    return value


def _numeric(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def _whole(value: object) -> bool:
    try:
        return float(value).is_integer()
    except (TypeError, ValueError):
        return False


def _decimals_of(values: pd.Series) -> int:
    """A column without a declared precision: whole numbers stay whole, others get one decimal."""
    present = values.dropna()
    return 0 if present.empty or (present.astype(float) % 1 == 0).all() else 1


def french_table(
    frame: pd.DataFrame,
    *,
    decimals: dict[str, int] | None = None,
    percent_columns: Sequence[str] = (),
    rows: Sequence[RowFormat] | None = None,
    row_columns: Sequence[str] = (),
    trimmed: Sequence[str] = (),
    pinned: Sequence[str] | None = None,
    widths: dict[str, str] | None = None,
) -> ShownTable:
    """`frame` in French text. `decimals` and `percent_columns` declare a column's precision;
    `rows` (one `RowFormat` per row) applies to `row_columns`, for tables of several indicators;
    in `trimmed` columns a whole number drops its decimals (an objective reads « 90 % »).
    Key columns come first and are pinned, then value, objective and status."""
    decimals = decimals or {}
    shown = frame.copy()
    if isinstance(shown.index, pd.RangeIndex):
        shown = shown.reset_index(drop=True)
    config: dict[str, dict] = {}
    for column in shown.columns:
        values = frame[column]
        name = str(column)
        numeric = _numeric(values)
        if rows is not None and column in row_columns:
            shown[column] = [
                french_value(
                    v,
                    0 if column in trimmed and _whole(v) else fmt.decimals,
                    fmt.is_percent,
                )
                for v, fmt in zip(values, rows, strict=False)
            ]
        elif numeric:
            places = decimals.get(name, _decimals_of(values))
            shown[column] = [french_value(v, places, column in percent_columns) for v in values]
        else:
            shown[column] = values.map(french_value).astype(object)
        if numeric or column in row_columns:
            config[name] = {"alignment": "right"}
    status_columns = []
    for column in STATUS_COLUMNS:
        if column in shown.columns:
            shown[column] = shown[column].map(
                lambda s: status_badge(s) if isinstance(s, str) and s in STATUS_COLOURS else s
            )
            status_columns.append(column)
    keys = [c for c in (pinned if pinned is not None else KEY_COLUMNS) if c in shown.columns]
    key = keys[:1]
    leading = [
        c
        for c in shown.columns
        if c not in key and any(str(c).startswith(prefix) for prefix in LEADING_COLUMNS)
    ]
    trailing = [c for c in TRAILING_COLUMNS if c in shown.columns and c not in key + leading]
    rest = [c for c in shown.columns if c not in key and c not in leading and c not in trailing]
    shown = shown[key + leading + rest + trailing]
    for column in key:
        widest = KEY_WIDTHS.get(str(column), KEY_WIDTH)
        config.setdefault(str(column), {}).update(
            {"pinned": True, "width": fitting_width(str(column), shown[column], widest)}
        )
    for column, width in (widths or {}).items():
        if column in shown.columns:
            config.setdefault(column, {})["width"] = width
    return ShownTable(shown, config, status_columns)


def fitting_width(header: str, values: pd.Series, widest: int) -> int:
    """Pixels for a column to show its longest value (of the first thousand) whole, up to
    `widest`: a reference cut to « 2026-0777 » named no record. About 7,5 px a character of the
    table's 14 px font, and the cell's padding."""
    longest = max([len(header), *(len(str(v)) for v in values.head(1000))])
    return int(min(widest, max(80, 7.5 * longest + 24)))


def status_style(badge: object) -> str:
    """CSS of a status cell: the status colour behind its icon and word (never colour alone)."""
    if not isinstance(badge, str):
        return ""
    for status, colour in STATUS_COLOURS.items():
        if badge.endswith(status):
            return f"background-color: {colour}55"
    return ""
