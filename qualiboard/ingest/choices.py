"""Values of a closed list (an appointment's state, a civil-status request's channel) brought to
one spelling per meaning, as configured on the field in `sources.py`."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from qualiboard.domain.text import fold
from qualiboard.ingest.distinct import per_distinct_value

Choices = tuple[tuple[str, tuple[str, ...]], ...]


@lru_cache(maxsize=64)
def _lookup(choices: Choices) -> tuple[dict[str, str], list[tuple[str, str]]]:
    exact: dict[str, str] = {}
    for canonical, spellings in choices:
        for spelling in (canonical, *spellings):
            exact.setdefault(fold(spelling), canonical)
    # Longest first: « CNI passeport biométrique » is both titles, not a CNI.
    prefixes = sorted(exact.items(), key=lambda kv: -len(kv[0]))
    return exact, prefixes


def choice_of(value: str | None, choices: Choices) -> str | None:
    """The canonical value for a cell, or the cell as typed when no spelling is known."""
    if value is None:
        return None
    key = fold(value)
    if not key:
        return None
    exact, prefixes = _lookup(choices)
    if key in exact:
        return exact[key]
    for spelling, canonical in prefixes:
        if key.startswith(spelling + " "):
            return canonical
    return value


@per_distinct_value
def normalise_choices(values: pd.Series, choices: Choices) -> pd.Series:
    """Cleaned text in, canonical values out (unknown spellings kept as they are)."""
    return values.map(lambda v: choice_of(v if isinstance(v, str) else None, choices)).astype(
        object
    )
