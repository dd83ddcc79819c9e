"""Settings changed in the application (by an administrator), each change journaled."""

from __future__ import annotations

import duckdb

from qualiboard.db import get_setting, set_setting
from qualiboard.store import audit
from qualiboard.store.access import SETTINGS, Identity, require

ANONYMOUS_READING = "lecture_anonyme"  # "oui" | "non"; unset: only while the demo town is loaded
DEFAULT = "défaut"  # the value that removes a setting
SETTING_LABELS = {ANONYMOUS_READING: "lecture sans connexion"}


def change_setting(con: duckdb.DuckDBPyConnection, by: Identity, key: str, value: str) -> None:
    require(by, SETTINGS)
    if key not in SETTING_LABELS:
        raise ValueError(f"réglage inconnu « {key} »")
    before = get_setting(con, key)
    con.execute("BEGIN TRANSACTION")
    try:
        if value == DEFAULT:
            con.execute("DELETE FROM settings WHERE key = ?", [key])
        else:
            set_setting(con, key, value)
        audit.record(
            con,
            by,
            "réglage",
            {"réglage": SETTING_LABELS[key], "avant": before or "(défaut)", "après": value},
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
