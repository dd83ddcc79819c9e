"""The working-day table the engine's SQL joins on, filled for the territory of the configuration.

It is written when data comes in (each import) and when a page or command opens the database
with a configuration, never by the engine while it reads: a read path that writes would take the
writer's turn and fail on read-only connections."""

from __future__ import annotations

import threading

import duckdb

from qualiboard.domain.calendar import CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR, working_day_index
from qualiboard.store.db import get_setting, set_setting

_FILL = threading.Lock()


def ensure_working_calendar(con: duckdb.DuckDBPyConnection, territory: str) -> None:
    """Fill the working-day table for the territory (once; nothing is written when it holds it)."""
    if get_setting(con, "calendar_territory") == territory:
        return
    # Ten first readers at once would each fill it and collide on its key: one fills it.
    with _FILL:
        if get_setting(con, "calendar_territory") != territory:
            _fill(con, territory)


def _fill(con: duckdb.DuckDBPyConnection, territory: str) -> None:
    days = working_day_index(territory, CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM working_calendar")
        con.register("calendar_days", days)
        con.execute(
            "INSERT INTO working_calendar SELECT day, is_working_day, wd_index FROM calendar_days"
        )
        con.unregister("calendar_days")
        set_setting(con, "calendar_territory", territory)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
