"""« Provisoire »: a period whose deadlines run past the date of its data.

A letter received on 30/10 with 15 working days to be answered has until 20/11; an export dated
03/11 cannot tell whether it will be answered in time. The figure of October is then provisional:
it may still move when a later export comes in. A period is final once the last deadline of its
records (the period's last day plus the delay the condition allows) is on or before the date of
the data, i.e. the earliest « données au » of the imports still holding its records.
"""

from __future__ import annotations

import datetime as dt
import functools

import duckdb
import numpy as np
import pandas as pd

from qualiboard.domain.calendar import public_holidays
from qualiboard.domain.conditions import parse_condition
from qualiboard.domain.config import Indicator
from qualiboard.domain.fields import available_fields
from qualiboard.domain.statuses import BATCH_IMPORTED

PROVISIONAL = "provisoire"
RULE_TEXT = (
    "Chaque chiffre est jugé à la date de ses données (« données au »), jamais au jour où on le "
    "regarde : un enregistrement sans réponse et dans son délai à cette date est « en attente », "
    "délai dépassé il est « en retard ». Un mois dont les délais courent au-delà de cette date "
    "est « provisoire » : il peut encore changer au prochain import."
)


def allowed_delay(indicator: Indicator) -> tuple[int, bool]:
    """(days, in working days) a record may still take after the period ends: the largest limit
    of the condition's delays; (0, True) without a delay (the period's last working day)."""
    condition = indicator.measure.condition
    if condition is None:
        return 0, True
    fields = available_fields(indicator.source)
    days, working = 0, True
    for atom in parse_condition(condition):
        info = fields.get(atom.field)
        if info is None or info.delay is None or not isinstance(atom.value, float):
            continue
        if int(atom.value) >= days:
            days, working = max(0, int(atom.value)), info.kind == "delay_working_days"
    return days, working


@functools.lru_cache(maxsize=16)
def _holidays(territory: str, first_year: int, last_year: int) -> frozenset[dt.date]:
    return frozenset(public_holidays(territory, range(first_year, last_year + 1)))


def _is_working(day: dt.date, territory: str) -> bool:
    return day.weekday() < 5 and day not in _holidays(territory, day.year - 1, day.year + 1)


def deadlines(
    ends: list[dt.date], days: int, working: bool, territory: str
) -> dict[dt.date, dt.date]:
    """Period end -> last deadline of its records: `days` working days after the period's
    last working day (the same count as the engine's working-day delays), or calendar days."""
    out = {}
    for end in ends:
        if not working:
            out[end] = end + dt.timedelta(days=days)
            continue
        day = end
        while not _is_working(day, territory):
            day -= dt.timedelta(days=1)
        left = days
        while left > 0:
            day += dt.timedelta(days=1)
            if _is_working(day, territory):
                left -= 1
        out[end] = day
    return out


def data_dates(
    con: duckdb.DuckDBPyConnection, source: str, today: dt.date
) -> list[tuple[dt.date, dt.date]]:
    """The imports still holding records of `source`: (latest date they cover, their « données
    au » capped by today)."""
    rows = con.execute(
        f"SELECT b.period_to, least(coalesce(b.as_of, $today::DATE), $today::DATE) "
        f"FROM import_batches b WHERE b.kind = $kind AND b.status = $imported "
        f"AND b.period_to IS NOT NULL "
        f"AND b.batch_id IN (SELECT DISTINCT batch_id FROM {source})",  # noqa: S608 - fixed name
        {"today": today, "kind": source, "imported": BATCH_IMPORTED},
    ).fetchall()
    return [(_day(a), _day(b)) for a, b in rows]


def _day(value: object) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value  # type: ignore[return-value]


def data_date_for(dates: list[tuple[dt.date, dt.date]], period: dt.date) -> dt.date | None:
    """The date of the data of a period: the earliest as-of among imports reaching it."""
    reaching = [day for covered, day in dates if covered >= period]
    return min(reaching) if reaching else None


def mark(
    indicator: Indicator,
    figures: pd.DataFrame,
    dates: list[tuple[dt.date, dt.date]],
    territory: str,
    cache: dict | None = None,
) -> np.ndarray:
    """True where the figure's period is provisional. Decided once per distinct period (a
    breakdown by service repeats each period many times); `cache` keeps the deadlines of the
    indicators that share a delay."""
    if figures.empty:
        return np.zeros(0, dtype=bool)
    cache = {} if cache is None else cache
    days, working = allowed_delay(indicator)
    pairs = set(zip(figures["period"], figures["period_end"], strict=True))
    ends = sorted({e for _, e in pairs if isinstance(e, dt.date)})
    key = (days, working, tuple(ends))
    if key not in cache:
        cache[key] = deadlines(ends, days, working, territory)
    last = cache[key]
    verdict = {}
    for period, end in pairs:
        data_day = data_date_for(dates, period)
        verdict[(period, end)] = data_day is not None and end in last and last[end] > data_day
    return np.array(
        [verdict[pair] for pair in zip(figures["period"], figures["period_end"], strict=True)],
        dtype=bool,
    )
