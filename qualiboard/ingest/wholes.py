"""Whole counts (calls received, answered…) read from the text an export writes.

« 1.234 », « 1,234 », « 1 234 » or « 12 345 » in a count column is a thousands separator: a group
of exactly three digits after each separator. Anything else with a fractional part, or a percent
sign, is refused: « 2,5 » calls is a misread figure, and « 12 % » another column's rate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qualiboard.domain.text import count_of, number
from qualiboard.ingest.errors import Problem

_GROUPED = r"^\d{1,3}(?:[.,\s\u00a0\u202f]\d{3})+$"
_GROUP_MARKS = r"[.,\s\u00a0\u202f]"
_PUNCTUATED = r"[.,]"


@dataclass
class Wholes:
    values: pd.Series  # floats holding whole numbers, NaN where refused or unreadable
    grouped: pd.Series  # read with a « . » or « , » as thousands separator (worth a warning)
    percent: pd.Series  # a percent sign: refused
    fractional: pd.Series  # a fractional part: refused


def whole_counts(raw: pd.Series, values: pd.Series) -> Wholes:
    """`values` as `parse_numbers` read them from `raw`, corrected for thousands separators and
    checked to be whole."""
    text = raw.where(raw.map(type).eq(str)).astype("string").str.strip()
    grouped_any = text.str.fullmatch(_GROUPED).fillna(False).astype(bool)
    values = values.copy()
    values[grouped_any] = pd.to_numeric(
        text[grouped_any].str.replace(_GROUP_MARKS, "", regex=True), errors="coerce"
    )
    # Spaces are the French way of grouping thousands: only « . » and « , » deserve a word.
    grouped = grouped_any & text.str.contains(_PUNCTUATED, regex=True).fillna(False).astype(bool)
    percent = text.str.contains("%", regex=False).fillna(False).astype(bool)
    filled = values.notna()
    fractional = filled & ~percent & (values != np.floor(values.fillna(0)))
    refused = percent | fractional
    return Wholes(values.where(~refused), grouped, percent, fractional)


PERCENT = (
    "nombre entier attendu : un pourcentage n'est pas un nombre (écrivez le nombre, par exemple 12)"
)
FRACTION = "nombre entier attendu : séparateur de milliers ? écrivez 1234 (sans point ni virgule)"


def whole_count_findings(
    raw: pd.Series, values: pd.Series, header: str
) -> tuple[pd.Series, list[tuple[pd.Series, str]], list[Problem]]:
    """The counts read whole; the rows refused with their French reason (percent, fraction);
    and one warning for the column where a « . » or « , » was read as thousands separator."""
    counts = whole_counts(raw, values)
    warning = []
    if counts.grouped.any():
        example = str(raw[counts.grouped].iloc[0]).strip()
        read = number(counts.values[counts.grouped].iloc[0])
        grouped = int(counts.grouped.sum())
        warning.append(
            Problem(
                "avertissement",
                f"{count_of(grouped, 'valeur lue', 'valeurs lues')} avec un séparateur de milliers "
                f"(« {example} » lu {read}) : vérifiez qu'il ne s'agit pas d'une décimale",
                None,
                header,
            )
        )
    return counts.values, [(counts.percent, PERCENT), (counts.fractional, FRACTION)], warning
