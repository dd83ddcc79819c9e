"""What the detail page of an indicator computes, so that it can also be computed ahead."""

from __future__ import annotations

import datetime as dt

from qualiboard.domain.config import Indicator
from qualiboard.domain.periods import add_months

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
