"""What the detail page of an indicator computes, so that it can also be computed ahead."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from qualiboard.config import Config, Indicator
from qualiboard.indicators import compute_many
from qualiboard.periods import add_months

HISTORY_MONTHS = 24  # the history drawn against the objective
BREAKDOWN_MONTHS = 12  # the service-by-month grid


def detail_ranges(
    month: dt.date, indicator: Indicator, services: list[str] | None = None
) -> list[tuple[dt.date, dt.date, tuple[str, ...] | None]]:
    """(start, end, breakdown) of every series the page shows for `month`."""
    ranges: list[tuple[dt.date, dt.date, tuple[str, ...] | None]] = [
        (add_months(month, -(HISTORY_MONTHS - 1)), month, None)
    ]
    if "service" in indicator.breakdown and not services:
        ranges.append((add_months(month, -(BREAKDOWN_MONTHS - 1)), month, ("service",)))
    return ranges


def detail_series_ahead(
    con: duckdb.DuckDBPyConnection, config: Config, month: dt.date, today: dt.date
) -> dict[tuple[str, dt.date, dt.date, tuple[str, ...] | None], pd.DataFrame]:
    """Every series the detail pages show for `month` without a service filter, keyed
    (indicator id, start, end, breakdown): the same figures as one `compute_indicator` per
    series, computed by the batched engine (one query per source rather than per indicator)."""
    groups: dict[tuple[dt.date, dt.date, tuple[str, ...] | None], list[Indicator]] = {}
    for indicator in config.indicators:
        for start, end, by in detail_ranges(month, indicator):
            groups.setdefault((start, end, by), []).append(indicator)
    series = {}
    for (start, end, by), members in groups.items():
        computed = compute_many(
            con, config, members, start=start, end=end, by=list(by) if by else None, today=today
        )
        for indicator in members:
            series[(indicator.id, start, end, by)] = computed[indicator.id]
    return series
