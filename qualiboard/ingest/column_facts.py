"""What a column's values look like (dates, numbers, few distinct values…), and how well that
fits a field's type: the second half of a column's recognition score, after its header."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from qualiboard.domain.statuses import STATUS_OTHER
from qualiboard.domain.text import fold
from qualiboard.ingest.cells import filled_sample
from qualiboard.ingest.status_words import normalise_status

_DATE_TEXT = re.compile(
    r"^\s*(\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2})"
    r"([ T]\d{1,2}[:h]\d{2}.*)?\s*$"
)


_MONTH_TEXT = re.compile(
    r"^(janv|fevr|mars|avr|mai|juin|juil|aout|sept|oct|nov|dec|jan|feb|apr|may|jun|jul|aug|sep)"
    r"\w*\s*\d{0,4}$"
)


_NUMBER_TEXT = re.compile(r"^[+-]?[\d\s\u00a0\u202f.]*[.,]?\d+\s*%?$")


@dataclass(frozen=True)
class ColumnFacts:
    """What a column's first filled values look like, measured once per file."""

    filled: int
    dates: float  # shares of the filled values
    numbers: float
    unique: float
    statuses: float


def _is_date(value: object) -> bool:
    if isinstance(value, (dt.date, pd.Timestamp)):
        return True
    if not isinstance(value, str):
        return False
    return bool(_DATE_TEXT.match(value)) or bool(_MONTH_TEXT.match(fold(value)))


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return value == value
    return isinstance(value, str) and bool(_NUMBER_TEXT.match(value.strip()))


def column_facts(values: pd.Series) -> ColumnFacts:
    sample = filled_sample(values)
    if not sample:
        return ColumnFacts(0, 0.0, 0.0, 0.0, 0.0)
    n = len(sample)
    distinct: dict[object, int] = {}
    for value in sample:
        key = value if isinstance(value, (str, int, float, dt.date)) else str(value)
        distinct[key] = distinct.get(key, 0) + 1
    known = sum(
        count
        for value, count in distinct.items()
        if isinstance(value, str) and normalise_status(value) not in (None, STATUS_OTHER)
    )
    return ColumnFacts(
        n,
        sum(map(_is_date, sample)) / n,
        sum(map(_is_number, sample)) / n,
        len(distinct) / n,
        known / n,
    )


def value_factor(field_type: str, field_name: str, facts: ColumnFacts) -> float:
    """What the column's values say of the field: > 0 confirms, < 0 contradicts (added)."""
    if not facts.filled:
        return -0.1  # an empty column may be the right one, but a filled one is better
    if field_type == "date":
        share = facts.dates
        return 0.15 if share >= 0.8 else -0.6 if share < 0.5 else 0.0
    if field_type in ("int", "float"):
        return 0.1 if facts.numbers >= 0.8 else -0.6
    if field_type == "status":
        if facts.dates >= 0.8:
            return -0.8  # a column of dates is no status, whatever its header says
        return 0.2 if facts.statuses >= 0.5 else -0.2
    if field_name in ("reference", "respondent"):
        if facts.unique >= 0.95:
            return 0.15
        return -0.5 if facts.unique < 0.6 else 0.0
    if field_type in ("label", "service"):
        # A handful of names repeated, not a free text on every row.
        if facts.filled >= 10 and facts.unique > 0.9:
            return -0.3
        return -0.5 if facts.dates >= 0.8 else 0.0  # dates are no service names
    return 0.0
