"""« Provisoire »: a period whose deadlines run past the date of its data.

A letter received on 30/10 with 15 working days to be answered has until 20/11; an export dated
03/11 cannot tell whether it will be answered in time. The figure of October is then provisional:
it may still move when a later export comes in. A period is final once the last deadline of its
records (the period's last day plus the delay the condition allows) is on or before the date of
the data, i.e. the earliest « données au » of the imports still holding its records.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd

from qualiboard.conditions import parse_condition
from qualiboard.config import Indicator
from qualiboard.fields import available_fields

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


def deadlines(
    con: duckdb.DuckDBPyConnection, ends: list[dt.date], days: int, working: bool
) -> dict[dt.date, dt.date]:
    """Period end -> last deadline of its records (working days from the calendar table)."""
    if not ends:
        return {}
    if not working:
        return {end: end + dt.timedelta(days=days) for end in ends}
    rows = con.execute(
        "SELECT e.end_day, min(c2.day) FROM (SELECT unnest($ends::DATE[]) AS end_day) e "
        "JOIN working_calendar c1 ON c1.day = e.end_day "
        "JOIN working_calendar c2 ON c2.wd_index = c1.wd_index + $days "
        "AND (c2.is_working_day OR $days = 0) GROUP BY 1",
        {"ends": ends, "days": days},
    ).fetchall()
    found = {pd.Timestamp(a).date(): pd.Timestamp(b).date() for a, b in rows}
    return {end: found.get(end, end + dt.timedelta(days=days)) for end in ends}


def data_dates(con: duckdb.DuckDBPyConnection, source: str, today: dt.date) -> pd.DataFrame:
    """The imports still holding records of `source`: their « données au » (capped by today)
    and the latest date they cover."""
    return con.execute(
        f"SELECT least(coalesce(b.as_of, $today::DATE), $today::DATE) AS day, b.period_to "
        f"FROM import_batches b WHERE b.kind = $kind AND b.status = 'importé' "
        f"AND b.batch_id IN (SELECT DISTINCT batch_id FROM {source})",  # noqa: S608 - fixed name
        {"today": today, "kind": source},
    ).df()


def data_date_for(dates: pd.DataFrame, period: dt.date) -> dt.date | None:
    """The date of the data of a period: the earliest as-of among imports reaching it."""
    if dates.empty:
        return None
    reaching = dates[pd.to_datetime(dates["period_to"]) >= pd.Timestamp(period)]
    if reaching.empty:
        return None
    return pd.Timestamp(reaching["day"].min()).date()


def mark(
    con: duckdb.DuckDBPyConnection,
    indicator: Indicator,
    figures: pd.DataFrame,
    dates: pd.DataFrame,
) -> np.ndarray:
    """True where the figure's period is provisional."""
    if figures.empty:
        return np.zeros(0, dtype=bool)
    days, working = allowed_delay(indicator)
    ends = sorted({e for e in figures["period_end"] if isinstance(e, dt.date)})
    last = deadlines(con, ends, days, working)
    out = []
    for period, end in zip(figures["period"], figures["period_end"], strict=True):
        data_day = data_date_for(dates, period)
        out.append(data_day is not None and end in last and last[end] > data_day)
    return np.array(out, dtype=bool)
