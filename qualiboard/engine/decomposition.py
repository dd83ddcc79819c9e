"""« Pourquoi ça a bougé ? » — the change of an indicator between two periods, split by part.

For a rate R = Σ w_i r_i (w_i = n_i / N, n_i the records of part i that the figure counts), the
change R' − R is split, part by part, into
- a rate effect (the part's own figure moved): (r_i' − r_i) (w_i + w_i') / 2,
- a mix effect (the part weighs more or less): (w_i' − w_i) ((r_i + r_i') / 2 − (R + R') / 2).
The midpoint (Shapley) split makes the effects add up exactly to the change; centring the mix
effect on the mean level keeps the sum (Σ (w_i' − w_i) = 0) and gives each part a sign a reader
expects: a growing part whose rate is below the average pulls the total down.
A part present in one period only keeps its rate on both sides: all its effect is mix.
Counts and sums add up: each part's contribution is its own change.
Medians and 90th percentiles do not decompose: the result says so instead of guessing.

Every figure comes from the engine's SQL over the records, grouped by the dimension, never from
averages of monthly values.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from qualiboard.domain.config import Config, Indicator
from qualiboard.domain.fields import available_fields
from qualiboard.domain.measures import MEASURES
from qualiboard.engine.indicators import RANGE, compute_many

DIMENSIONS = ("service", "channel", "category")
WEIGHTED = tuple(n for n, s in MEASURES.items() if s.decomposition == "weighted")
ADDITIVE = tuple(n for n, s in MEASURES.items() if s.decomposition == "additive")
UNKNOWN_PART = "(non renseigné)"


@dataclass
class Part:
    name: str
    n_before: float
    n_after: float
    value_before: float | None
    value_after: float | None
    rate_effect: float
    mix_effect: float

    @property
    def contribution(self) -> float:
        return self.rate_effect + self.mix_effect


@dataclass
class Decomposition:
    indicator_id: str
    dimension: str
    measure: str  # "weighted" | "additive"
    before: float | None
    after: float | None
    parts: list[Part] = field(default_factory=list)
    reason: str = ""  # why there is no decomposition, in French

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def available(self) -> bool:
        return not self.reason


def dimensions_of(indicator: Indicator) -> list[str]:
    """The dimensions a change of this indicator can be split by: those of its source."""
    fields = available_fields(indicator.source)
    return [d for d in DIMENSIONS if d in fields]


def _figure(value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return float(value)


def split_weighted(
    before: dict[str, tuple[float, float]], after: dict[str, tuple[float, float]]
) -> tuple[float, float, list[Part]]:
    """Part -> (records counted, value) in each period -> (R, R', parts). Parts without records
    in a period weigh nothing there."""
    n_before = sum(n for n, _ in before.values() if n > 0)
    n_after = sum(n for n, _ in after.values() if n > 0)
    if n_before <= 0 or n_after <= 0:
        raise ValueError("une des deux périodes n'a aucun enregistrement")
    names = list(dict.fromkeys([*before, *after]))
    rates, weights = {}, {}
    for name in names:
        nb, rb = before.get(name, (0.0, math.nan))
        na, ra = after.get(name, (0.0, math.nan))
        has_before, has_after = nb > 0 and not math.isnan(rb), na > 0 and not math.isnan(ra)
        if not has_before:
            nb, rb = 0.0, ra
        if not has_after:
            na, ra = 0.0, rb
        rates[name] = (rb, ra)
        weights[name] = (nb / n_before, na / n_after, nb, na, has_before, has_after)
    total_before = sum(weights[n][0] * rates[n][0] for n in names if weights[n][0] > 0)
    total_after = sum(weights[n][1] * rates[n][1] for n in names if weights[n][1] > 0)
    level = (total_before + total_after) / 2
    parts = []
    for name in names:
        rb, ra = rates[name]
        wb, wa, nb, na, has_before, has_after = weights[name]
        if not has_before and not has_after:
            continue
        parts.append(
            Part(
                name=name,
                n_before=nb,
                n_after=na,
                value_before=rb if has_before else None,
                value_after=ra if has_after else None,
                rate_effect=(ra - rb) * (wb + wa) / 2,
                mix_effect=(wa - wb) * ((rb + ra) / 2 - level),
            )
        )
    return total_before, total_after, parts


def split_additive(
    before: dict[str, float], after: dict[str, float]
) -> tuple[float, float, list[Part]]:
    """Part -> count (or sum) in each period -> (total, total', parts)."""
    names = list(dict.fromkeys([*before, *after]))
    parts = [
        Part(
            name=name,
            n_before=before.get(name, 0.0),
            n_after=after.get(name, 0.0),
            value_before=before.get(name),
            value_after=after.get(name),
            rate_effect=after.get(name, 0.0) - before.get(name, 0.0),
            mix_effect=0.0,
        )
        for name in names
    ]
    return sum(before.values()), sum(after.values()), parts


def _by_part(frame: pd.DataFrame, dimension: str, additive: bool) -> dict:
    out: dict = {}
    for row in frame.itertuples(index=False):
        raw = getattr(row, dimension)
        name = raw if isinstance(raw, str) and raw.strip() else UNKNOWN_PART
        value = _figure(row.value)
        n = _figure(row.denominator) or 0.0
        if additive:
            if value is not None:
                out[name] = out.get(name, 0.0) + value
        elif value is not None and n > 0:
            out[name] = (n, value)
    return out


def decompose_many(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    indicators: list[Indicator],
    dimension: str,
    before: tuple[dt.date, dt.date],
    after: tuple[dt.date, dt.date],
    *,
    services: list[str] | None = None,
    today: dt.date | None = None,
) -> dict[str, Decomposition]:
    """Indicator id -> the change of that indicator from the months `before` (first, last) to
    the months `after`, split by `dimension` (service, channel, category). One engine query per
    source and period, whatever the number of indicators."""
    result = {i.id: _undecided(i, dimension) for i in indicators}
    computable = [i for i in indicators if not result[i.id].reason]
    if not computable:
        return result
    frames = [
        compute_many(
            con,
            config,
            computable,
            start=first,
            end=last,
            frequency=RANGE,
            by=[dimension],
            services=services,
            today=today,
        )
        for first, last in (before, after)
    ]
    for indicator in computable:
        parts = [
            _by_part(f[indicator.id], dimension, result[indicator.id].measure == "additive")
            for f in frames
        ]
        result[indicator.id] = _split(result[indicator.id], *parts)
    return result


def _undecided(indicator: Indicator, dimension: str) -> Decomposition:
    """An empty decomposition; its `reason` says why it cannot be computed, if it cannot."""
    spec = MEASURES[indicator.measure.type]
    empty = Decomposition(indicator.id, dimension, spec.decomposition or "weighted", None, None)
    if spec.decomposition is None:
        empty.reason = (
            "une médiane ou un 90e centile ne se décompose pas en contributions : comparez "
            "les valeurs par service"
        )
    elif dimension not in dimensions_of(indicator):
        empty.reason = f"la source de cet indicateur n'a pas de champ « {dimension} »"
    return empty


def _split(empty: Decomposition, parts_before: dict, parts_after: dict) -> Decomposition:
    try:
        if empty.measure == "additive":
            if not parts_before or not parts_after:
                raise ValueError("no data")
            total_before, total_after, parts = split_additive(parts_before, parts_after)
        else:
            total_before, total_after, parts = split_weighted(parts_before, parts_after)
    except ValueError:
        empty.reason = "pas de données sur l'une des deux périodes"
        return empty
    parts.sort(key=lambda p: -abs(p.contribution))
    return Decomposition(
        empty.indicator_id, empty.dimension, empty.measure, total_before, total_after, parts
    )


def decompose(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    indicator: Indicator | str,
    dimension: str,
    before: tuple[dt.date, dt.date],
    after: tuple[dt.date, dt.date],
    *,
    services: list[str] | None = None,
    today: dt.date | None = None,
) -> Decomposition:
    """The change of one indicator (see `decompose_many`)."""
    if isinstance(indicator, str):
        indicator = config.indicator(indicator)
    return decompose_many(
        con, config, [indicator], dimension, before, after, services=services, today=today
    )[indicator.id]
