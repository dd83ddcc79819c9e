"""Source kinds' schema: canonical fields, their types, the SQL type each is stored as, and how
a kind is described (natural key, delays, wide layouts). The kinds themselves are declared in
`domain.synonyms` and `domain.synonyms_front_office`, gathered in `domain.sources`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FieldType = Literal["text", "date", "int", "float", "score", "check", "status", "service", "label"]

SQL_TYPES: dict[str, str] = {
    "text": "VARCHAR",
    "label": "VARCHAR",
    "service": "VARCHAR",
    "status": "VARCHAR",
    "date": "DATE",
    "int": "BIGINT",
    "float": "DOUBLE",
    "score": "DOUBLE",
    "check": "DOUBLE",  # a mystery-check answer: 1/0 for oui/non, or a score on its scale
}


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    may_be_future: bool = False  # a planned date (deadline), not an event that happened
    may_be_negative: bool = False  # counts, waits and scores never are; a typed-in result may be
    # May be written as a rate (« 87,5 % », stored 87.5): a typed-in result. Anywhere else a
    # percent sign is another column's rate, and the row is refused.
    percent: bool = False
    # A count of things (calls): a fractional or percent value is a misread separator or another
    # column's figure, never a count.
    whole: bool = False
    patterns: tuple[str, ...] = ()  # regular expressions on the folded header, after synonyms
    # A closed list of values (label fields): canonical value -> spellings met in exports. A
    # value matching none is kept as typed, so that nothing is lost and the indicator's filter
    # simply does not count it.
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # The field holding the whole this field is a part of (answered calls of the calls received,
    # a numerator of its denominator): a part above its whole is a typing error, the row is
    # refused. Declared here once, checked for every kind by the import.
    part_of: str | None = None
    # Above this, the value is implausible but may be true (a desk that stayed open late): the
    # import keeps the row and warns, listing the rows, so that someone looks before the COPIL.
    plausible_max: float | None = None


@dataclass(frozen=True)
class Delay:
    """A derived delay between two date fields; the indicator vocabulary exposes
    `<name>_days` and `<name>_working_days`."""

    name: str
    start: str
    end: str
    label: str
    # A longer delay is kept but warned about (a year typed wrong, a record reopened).
    plausible_max_days: int | None = None


@dataclass(frozen=True)
class Wide:
    """A kind whose exports may hold one column per item (a survey question, a mystery-check
    criterion): each such column is unpivoted to one record per answer, the item's header in
    `item`, its value in `score`. `date` is the field whose presence lets the import look for
    item columns at all."""

    date: str
    item: str
    label: str  # what the import page calls those columns


@dataclass(frozen=True)
class SourceKind:
    name: str
    label: str
    fields: tuple[Field, ...]
    period_field: str
    key: str | None = None
    delays: tuple[Delay, ...] = ()
    extra_columns: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    # A row sums up a period (call statistics, a typed-in result) rather than one event: its date
    # is the period, so a « Total » row of that period is a total, not a record of its own.
    rows_are_periods: bool = False
    wide: Wide | None = None
    # Derived yes/no fields read from `score` against the organisation's thresholds:
    # (name, "satisfied" | "dissatisfied", French label).
    score_flags: tuple[tuple[str, str, str], ...] = ()

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def required_fields(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    @property
    def stored_columns(self) -> list[tuple[str, str]]:
        """(column, SQL type) of the canonical table, without the bookkeeping columns."""
        cols = [(f.name, SQL_TYPES[f.type]) for f in self.fields]
        for f in self.fields:
            if f.type == "status":
                cols.append((f"{f.name}_raw", "VARCHAR"))
        return cols + list(self.extra_columns)
