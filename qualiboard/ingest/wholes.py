"""Number fields read from their cells (`read_numbers`), every row that cannot hold one refused
with its French reason: unreadable, negative where the field cannot be, a percentage where the
field holds no rate, a count that is not whole. A waiting time is a duration: its messages say
« durée ».

Whole counts (calls received, answered…) read from the text an export writes:
« 1.234 », « 1,234 », « 1 234 » or « 12 345 » in a count column is a thousands separator: a group
of exactly three digits after each separator. Anything else with a fractional part, or a percent
sign, is refused: « 2,5 » calls is a misread figure, and « 12 % » another column's rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd

from qualiboard.domain.schema import Field
from qualiboard.domain.text import count_of, number
from qualiboard.ingest.duration_units import is_minutes_field, minutes_as_stated
from qualiboard.ingest.errors import Problem
from qualiboard.ingest.normalise import parse_numbers

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


NEGATIVE_NUMBER = "nombre négatif (impossible pour ce champ)"
NEGATIVE_DURATION = "durée négative (une attente ne peut pas l'être)"
UNREADABLE_DURATION = (
    "durée illisible (formats lus : 12 ou 12,5 minutes, 00:12:30, 12:30, 1 h 05, 12'30, 45 s)"
)


class Findings(Protocol):
    """What the import collects row by row (`validate._Collector`)."""

    notes: list[str]
    problems: list[Problem]

    def rows(
        self,
        mask: pd.Series,
        raw: pd.Series | None,
        column: str | None,
        message: str,
        severity: str = "erreur",
    ) -> None: ...


def read_numbers(f: Field, raw: pd.Series, header: str, found: Findings) -> pd.Series:
    """The field's numbers; the rows that cannot hold one are reported to `found` and left
    empty."""
    duration = is_minutes_field(f.name)
    values, bad = parse_numbers(raw, durations=duration)
    if duration:
        values, notes = minutes_as_stated(raw, values, str(header))
        found.notes.extend(notes)
    if f.whole:
        values, refusals, warning = whole_count_findings(raw, values, header)
        bad &= values.isna() & ~refusals[0][0] & ~refusals[1][0]
        for mask, message in refusals:
            found.rows(mask, raw, header, message)
        found.problems.extend(warning)
    elif not f.percent:
        # « 45 % » in a waiting time or a numerator is another column's rate, not 45 of them.
        # Looked for among the distinct cells: a column of a million waits holds a few thousand.
        rates = [v for v in raw.unique() if isinstance(v, str) and "%" in v]
        if rates:
            percent = raw.isin(rates) & values.notna()
            why = f"pourcentage inattendu : {f.label.lower()} attend un nombre"
            found.rows(percent, raw, header, why)
            values = values.where(~percent)
    found.rows(bad, raw, header, UNREADABLE_DURATION if duration else "nombre illisible")
    if not f.may_be_negative:
        negative = values < 0
        found.rows(negative, raw, header, NEGATIVE_DURATION if duration else NEGATIVE_NUMBER)
        values = values.where(~negative)
    return values
