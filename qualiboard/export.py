"""Exports for French Excel: CSV with ';', UTF-8 BOM, decimal comma, dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell beginning like a formula is prefixed with ' so a spreadsheet shows it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _french_cell(value: object) -> object:
    if isinstance(value, float):
        if pd.isna(value):
            return ""
        return f"{value:.10g}".replace(".", ",") if not value.is_integer() else str(int(value))
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if value is None or value is pd.NA:
        return ""
    return neutralise(value)


def french_csv(frame: pd.DataFrame) -> str:
    """CSV text for French Excel (write it with encoding 'utf-8-sig' for the BOM)."""
    converted = frame.astype(object).map(_french_cell)
    buffer = io.StringIO()
    converted.to_csv(buffer, sep=";", index=False, lineterminator="\r\n")
    return buffer.getvalue()


def french_csv_bytes(frame: pd.DataFrame) -> bytes:
    return french_csv(frame).encode("utf-8-sig")
