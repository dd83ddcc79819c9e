"""From the aggregates of a batch to the figures: values by each measure's formula (see
domain.measures), confidence intervals, objectives in force and statuses."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from qualiboard.domain.config import Indicator
from qualiboard.domain.measures import MEASURES, Sums
from qualiboard.domain.periods import add_months, period_step
from qualiboard.engine.objectives import declared_yearly, objective_scale, statuses, wilson_arrays

RESULT_COLUMNS = [
    "indicator_id",
    "period",
    "period_end",
    "frequency",
    "service",
    "value",
    "numerator",
    "denominator",
    "pending",
    "ci_low",
    "ci_high",
    "objective",
    "status",
    "provisional",
]


def finish(
    frame: pd.DataFrame, members: list[Indicator], frequency: str, by: list[str], months: int = 1
) -> pd.DataFrame:
    """Values, confidence intervals, objectives and statuses of several indicators at once,
    from their numerators and denominators (column `k` is the position in `members`)."""
    if frame.empty:
        frame["k"] = pd.Series(dtype=int)
        return frame
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    k = frame["k"].to_numpy()

    def per_indicator(attribute) -> np.ndarray:
        return np.array([attribute(i) for i in members])[k]

    measure = per_indicator(lambda i: i.measure.type)
    percent = per_indicator(lambda i: i.is_percent)
    sums = Sums(
        *(frame[c].to_numpy(dtype=float) for c in ("numerator", "denominator", "pending")),
        frame["negatives"].to_numpy(dtype=float),
        frame["raw_value"].to_numpy(dtype=float),
        percent,
    )
    frame["value"] = _values(sums, measure)
    frame["pending"] = frame["pending"].astype(int)
    num, den = sums.numerator, sums.denominator
    low, high = wilson_arrays(pd.Series(np.minimum(num, den)), pd.Series(np.where(den > 0, den, 0)))
    with_ci = np.isin(measure, [n for n, s in MEASURES.items() if s.confidence_interval]) & percent
    frame["ci_low"] = np.where(with_ci, 100 * low, np.nan)
    frame["ci_high"] = np.where(with_ci, 100 * high, np.nan)
    if "service" not in by:
        frame["service"] = None
    frame["objective"] = targets(frame, members, months)
    frame["status"] = _statuses(frame, members, months)
    frame["provisional"] = False  # set by compute_many, which knows the dates of the data
    frame["indicator_id"] = per_indicator(lambda i: i.id)
    frame["frequency"] = frequency
    step = period_step(frequency)
    ends = {p: add_months(p, step) - dt.timedelta(days=1) for p in set(frame["period"])}
    frame["period_end"] = frame["period"].map(ends)
    return frame[["k", *RESULT_COLUMNS, *[b for b in by if b != "service"]]]


def _values(sums: Sums, measure: np.ndarray) -> np.ndarray:
    """Each row's figure, by the finishing formula of its measure type."""
    value = np.full(len(measure), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        for name in np.unique(measure):
            rows = measure == name
            value[rows] = MEASURES[name].finish(sums)[rows]
    return value


def _statuses(frame: pd.DataFrame, members: list[Indicator], months: int) -> np.ndarray:
    k = frame["k"].to_numpy()
    status = np.empty(len(frame), dtype=object)
    value, sample, target = (
        frame[c].to_numpy(dtype=float) for c in ("value", "denominator", "objective")
    )
    for position, indicator in enumerate(members):
        rows = k == position
        scale = objective_scale(indicator, months)
        status[rows] = statuses(indicator, value[rows], sample[rows], target[rows], scale)
    return status


def targets(frame: pd.DataFrame, members: list[Indicator], months: int = 1) -> np.ndarray:
    """The objective in force for each row. The default objective depends on the period only;
    a service with its own objective is looked up for its rows alone. A count's objective is
    stretched to the period's months, unless the catalogue declares the yearly one."""
    targets = np.full(len(frame), np.nan)
    k = frame["k"].to_numpy()
    period_codes, periods = pd.factorize(frame["period"])
    service_codes, services = pd.factorize(frame["service"])
    for position, indicator in enumerate(members):
        objective = indicator.objective
        if objective is None:
            continue
        rows = k == position
        by_period = np.array([objective.target_for(p) for p in periods], dtype=float)
        targets[rows] = by_period[period_codes[rows]]
        for code, service in enumerate(services):
            if not isinstance(service, str) or not objective.has_own_target(service):
                continue
            own = rows & (service_codes == code)
            own_targets = [objective.target_for(p, service) for p in periods]
            targets[own] = np.array(own_targets, dtype=float)[period_codes[own]]
        targets[rows] *= objective_scale(indicator, months)
        yearly = declared_yearly(indicator, months)
        if yearly is not None:
            targets[rows] = yearly
    return targets
