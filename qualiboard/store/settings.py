"""Settings changed in the application (by an administrator), each change journaled."""

from __future__ import annotations

import duckdb

from qualiboard.store import audit
from qualiboard.store.access import SETTINGS, Identity, require
from qualiboard.store.db import get_setting, set_setting

ANONYMOUS_READING = "lecture_anonyme"  # "oui" | "non"; unset: only while the demo town is loaded
DEFAULT = "défaut"  # the value that removes a setting
# Results published to citizens (issue 18): a public page without sign-in, off unless chosen;
# the breakdown by service is a second choice, off by default.
PUBLIC_RESULTS = "publication_usagers"  # "oui" | "non" (unset: non)
PUBLIC_BY_SERVICE = "publication_par_service"  # "oui" | "non" (unset: non)
SETTING_LABELS = {
    ANONYMOUS_READING: "lecture sans connexion",
    PUBLIC_RESULTS: "page publique des résultats",
    PUBLIC_BY_SERVICE: "résultats publics par service",
}


def is_on(con: duckdb.DuckDBPyConnection, key: str) -> bool:
    """A yes/no setting that is off until an administrator turns it on."""
    return get_setting(con, key) == "oui"


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
