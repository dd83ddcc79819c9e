"""The measure types of indicators.yaml, one registry entry each.

Everything the code knows about a type lives here: the YAML fields it needs, the SQL aggregates
the engine asks DuckDB for, the formula that turns them into the figure, its French words, how
its figures are shown and whether they get a confidence interval. Code elsewhere reads these
attributes instead of testing type names, so adding a type is one entry (tests check that every
type the catalogue, the config model and the YAML header mention is registered).

States as the engine computes them for each record: 1 meets the condition, 0 misses it (late
included), 2 pending, NULL cannot be judged. Aggregate templates use `{state}` (that column) and
`{k}` (the indicator's position in a batch); the per-record inputs are `x_{k}` (the `field`),
`num_{k}` / `den_{k}` (ratio) and `neg_{k}` (the negative state of a net measure).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

# How the record behind a figure is judged (qualiboard.engine.verdicts reads it).
VerdictKind = Literal["share", "count", "net", "value"]
# How a change splits into contributions by service or channel (engine.decomposition): a
# weighted figure by rate and mix effects, an additive one by plain differences; a median or a
# 90th percentile does not split.
Decomposition = Literal["weighted", "additive"]


@dataclass(frozen=True)
class Sums:
    """The aggregates of one batch row set, as float arrays aligned on the rows."""

    numerator: np.ndarray
    denominator: np.ndarray
    pending: np.ndarray
    negatives: np.ndarray
    raw_value: np.ndarray
    percent: np.ndarray  # bool: the indicator's unit is « % »


def _share(s: Sums) -> np.ndarray:
    return np.where(s.denominator > 0, 100 * s.numerator / s.denominator, np.nan)


def _count(s: Sums) -> np.ndarray:
    # Zero is a real figure once records exist, even if all of them are pending.
    known = (s.denominator > 0) | (s.pending > 0)
    return np.where(known, np.nan_to_num(s.numerator), np.nan)


def _net(s: Sums) -> np.ndarray:
    has = s.denominator > 0
    return np.where(has, 100 * (s.numerator - s.negatives) / s.denominator, np.nan)


def _ratio(s: Sums) -> np.ndarray:
    scale = np.where(s.percent, 100, 1)
    return np.where(s.denominator > 0, scale * s.numerator / s.denominator, np.nan)


def _raw(s: Sums) -> np.ndarray:
    return np.where(s.denominator > 0, s.raw_value, np.nan)


_RECORDS = (
    "count(*) FILTER (WHERE {state} = 1) AS numerator_{k}",
    "count(*) FILTER (WHERE {state} <= 1) AS denominator_{k}",
)


def _of_field(function: str) -> tuple[str, ...]:
    return (
        f"{function} FILTER (WHERE {{state}} = 1) AS raw_value_{{k}}",
        "count(x_{k}) FILTER (WHERE {state} = 1) AS denominator_{k}",
    )


# How `steering.year_end` projects the year end of a measure: the records still to come judged
# like those seen (a ratio only when it is a percentage: calls answered of calls received), the
# pace of the months seen (additive measures), or the average the rest of the year needs.
YEAR_END_RECORDS = "records"
YEAR_END_RECORDS_IF_PERCENT = "records when a percentage"
YEAR_END_PACE = "pace"
YEAR_END_AVERAGE = "average"


@dataclass(frozen=True)
class MeasureSpec:
    name: str
    needs: tuple[str, ...]  # fields of the YAML `measure` block that must be given
    words: str  # French, for the référentiel (« part des enregistrements… »)
    aggregates: tuple[str, ...]  # SQL templates, see the module docstring
    finish: Callable[[Sums], np.ndarray]  # aggregates -> the figure
    verdict: VerdictKind
    decomposition: Decomposition | None
    additive: bool = False  # adds up over time: its objective depends on the period's length
    whole_number: bool = False  # shown without decimals (unless its unit is « % »)
    confidence_interval: bool = False  # Wilson interval when the figure is a percentage
    fraction: bool = False  # the figure is n out of N, read « 46 sur 50 »
    condition_selects: bool = False  # its condition picks the records counted (« où … »)
    year_end: str | None = None  # YEAR_END_*; None: no projection, only the figure so far

    def year_end_projection(self, is_percent: bool) -> str | None:
        """How the year end of an indicator of this measure is projected (YEAR_END_*)."""
        if self.year_end == YEAR_END_RECORDS_IF_PERCENT:
            return YEAR_END_RECORDS if is_percent else None
        return self.year_end

    def needed_fields(self) -> tuple[str, ...]:
        """The needs that name a field of the source (the others are conditions)."""
        return tuple(n for n in self.needs if n in ("field", "numerator", "denominator"))


MEASURES: dict[str, MeasureSpec] = {
    spec.name: spec
    for spec in (
        MeasureSpec(
            "count",
            (),
            "nombre d'enregistrements",
            _RECORDS,
            _count,
            "count",
            "additive",
            additive=True,
            whole_number=True,
            condition_selects=True,
            year_end=YEAR_END_PACE,
        ),
        MeasureSpec(
            "share",
            ("condition",),
            "part des enregistrements",
            _RECORDS,
            _share,
            "share",
            "weighted",
            confidence_interval=True,
            fraction=True,
            condition_selects=True,
            year_end=YEAR_END_RECORDS,
        ),
        MeasureSpec(
            "mean",
            ("field",),
            "moyenne",
            _of_field("avg(x_{k})"),
            _raw,
            "value",
            "weighted",
            year_end=YEAR_END_AVERAGE,
        ),
        MeasureSpec(
            "median",
            ("field",),
            "médiane",
            _of_field("quantile_cont(x_{k}, 0.5)"),
            _raw,
            "value",
            None,
        ),
        MeasureSpec(
            "p90",
            ("field",),
            "valeur sous laquelle se trouvent 90 % des enregistrements",
            _of_field("quantile_cont(x_{k}, 0.9)"),
            _raw,
            "value",
            None,
        ),
        MeasureSpec(
            "sum",
            ("field",),
            "somme",
            _of_field("sum(x_{k})"),
            _raw,
            "value",
            "additive",
            additive=True,
            year_end=YEAR_END_PACE,
        ),
        MeasureSpec(
            "ratio",
            ("numerator", "denominator"),
            "rapport de deux sommes",
            (
                "sum(num_{k}) FILTER (WHERE {state} = 1) AS numerator_{k}",
                "sum(den_{k}) FILTER (WHERE {state} = 1) AS denominator_{k}",
            ),
            _ratio,
            "value",
            "weighted",
            confidence_interval=True,
            fraction=True,
            year_end=YEAR_END_RECORDS_IF_PERCENT,
        ),
        MeasureSpec(
            "net",
            ("condition", "negative_condition"),
            "part des satisfaits moins part des insatisfaits",
            (
                "count(*) FILTER (WHERE {state} = 1) AS numerator_{k}",
                "count(*) FILTER (WHERE {state} <= 1 AND neg_{k} = 1) AS negatives_{k}",
                "count(*) FILTER (WHERE {state} <= 1) AS denominator_{k}",
            ),
            _net,
            "net",
            "weighted",
        ),
    )
}

MEASURE_NAMES: tuple[str, ...] = tuple(MEASURES)
ADDITIVE_MEASURES: tuple[str, ...] = tuple(n for n, s in MEASURES.items() if s.additive)


def measure_spec(name: str) -> MeasureSpec:
    """The registry entry of a measure type; a French error for a type nobody registered."""
    try:
        return MEASURES[name]
    except KeyError:
        raise ValueError(f"type de mesure inconnu : {name}") from None
