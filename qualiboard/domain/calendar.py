"""Working days with French public holidays per territory.

A delay in working days is counted as the number of working days after the start date up to and
including the end date: a letter received on Friday and answered on the following Tuesday, the
Monday being a public holiday, took 1 working day. This is computed from a cumulative index so the
SQL engine only needs two lookups per record.
"""

from __future__ import annotations

import datetime as dt
import functools

import holidays
import pandas as pd

# Territory names used in indicators.yaml -> subdivision code of the `holidays` package.
TERRITORIES: dict[str, str | None] = {
    "metropole": None,
    "alsace-moselle": "6AE",
    "moselle": "57",
    "guadeloupe": "971",
    "martinique": "972",
    "guyane": "973",
    "la-reunion": "974",
    "mayotte": "976",
    "saint-barthelemy": "BL",
    "saint-martin": "MF",
    "saint-pierre-et-miquelon": "PM",
    "nouvelle-caledonie": "NC",
    "polynesie-francaise": "PF",
    "wallis-et-futuna": "WF",
}

CALENDAR_FIRST_YEAR = 1990
CALENDAR_LAST_YEAR = 2060


def public_holidays(territory: str, years: range) -> dict[dt.date, str]:
    """Public holidays (date -> French name) of a territory."""
    if territory not in TERRITORIES:
        raise ValueError(f"territoire inconnu : {territory}")
    return dict(_holidays(territory, years.start, years.stop))


@functools.lru_cache(maxsize=64)
def _holidays(territory: str, first: int, stop: int) -> tuple[tuple[dt.date, str], ...]:
    # The holidays package builds its calendar (and imports its entity) on every call; the
    # delay rules ask for the same years on every figure.
    calendar = holidays.France(
        subdiv=TERRITORIES[territory], years=range(first, stop), language="fr"
    )
    return tuple(calendar.items())


def working_day_index(
    territory: str,
    first_year: int = CALENDAR_FIRST_YEAR,
    last_year: int = CALENDAR_LAST_YEAR,
) -> pd.DataFrame:
    """One row per calendar day: `day`, `is_working_day`, `wd_index` = working days up to `day`."""
    days = pd.date_range(dt.date(first_year, 1, 1), dt.date(last_year, 12, 31), freq="D")
    off = set(public_holidays(territory, range(first_year, last_year + 1)))
    is_working = (days.day_of_week < 5) & ~days.isin(pd.DatetimeIndex(sorted(off)))
    return pd.DataFrame(
        {
            "day": days.date,
            "is_working_day": is_working,
            "wd_index": is_working.cumsum().astype("int32"),
        }
    )


def working_days_between(start: dt.date, end: dt.date, territory: str = "metropole") -> int:
    """Working days after `start` up to and including `end` (negative if end < start)."""
    off = public_holidays(territory, range(min(start, end).year, max(start, end).year + 1))
    lo, hi, sign = (start, end, 1) if start <= end else (end, start, -1)
    count = 0
    day = lo + dt.timedelta(days=1)
    while day <= hi:
        if day.weekday() < 5 and day not in off:
            count += 1
        day += dt.timedelta(days=1)
    return sign * count
