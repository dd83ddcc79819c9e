"""Where the dashboard and the command line find their database and catalogue, and the day of
their figures: the variables QUALIBOARD_DB, QUALIBOARD_CONFIG and QUALIBOARD_TODAY when set (an
empty one counts as unset), so that both always work on the same database."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from qualiboard.domain.config import DEFAULT_CONFIG_PATH
from qualiboard.store.db import DEFAULT_DB_PATH

DB_VARIABLE = "QUALIBOARD_DB"
CONFIG_VARIABLE = "QUALIBOARD_CONFIG"
TODAY_VARIABLE = "QUALIBOARD_TODAY"


def database_path() -> Path:
    return Path(os.environ.get(DB_VARIABLE) or DEFAULT_DB_PATH)


def catalogue_path() -> Path:
    return Path(os.environ.get(CONFIG_VARIABLE) or DEFAULT_CONFIG_PATH)


def pinned_today() -> dt.date | None:
    """The day QUALIBOARD_TODAY pins (to replay a past review), None when it is not set;
    ValueError in French when it cannot be read."""
    pinned = os.environ.get(TODAY_VARIABLE)
    if not pinned:
        return None
    try:
        return dt.date.fromisoformat(pinned.strip())
    except ValueError:
        raise ValueError(
            f"variable {TODAY_VARIABLE} : date illisible « {pinned} » (AAAA-MM-JJ)"
        ) from None
