"""The audit journal: every write says who did it, when, and what changed.

Built on the `audit_log` table of migration 2 (logged_at, who, action, details); `who` holds the
identity's label « Mme Durand (durand) », `details` a JSON object whose keys are French so that
the journal reads without a legend."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pandas as pd

from qualiboard.domain.text import number
from qualiboard.store.access import Identity

JOURNAL_HEADERS = {
    "logged_at": "Date et heure",
    "who": "Qui",
    "action": "Action",
    "what": "Détail",
}


def record(con: duckdb.DuckDBPyConnection, who: Identity | str, action: str, details: dict) -> None:
    """Append one entry; called inside the caller's transaction when it has one."""
    if isinstance(who, Identity):
        details = {**details, "rôle": who.role, "connexion": who.via}
        who = who.label
    con.execute(
        "INSERT INTO audit_log VALUES (current_timestamp::TIMESTAMP, ?, ?, ?)",
        [who, action, json.dumps(details, ensure_ascii=False, default=_french_value)],
    )


def _french_value(value: object) -> str:
    """Dates as the journal shows them (« 04/11/2026 », not « 2026-11-04 »)."""
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M:%S}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _what(details: object) -> str:
    if not isinstance(details, str) or not details:
        return ""
    try:
        parsed = json.loads(details)
    except ValueError:
        return details
    if not isinstance(parsed, dict):
        return _value_text(parsed)
    # A detail with nothing to say (no replaced import, no mapping saved) is left out.
    return " · ".join(
        f"{key} : {_value_text(value)}" for key, value in parsed.items() if value not in ("", None)
    )


def _value_text(value: object) -> str:
    """A detail's value as the journal reads: « 1 800 », « oui », « « CCAS », « État civil » »,
    « aucun » — never Python's or JSON's own writing (« ['CCAS'] », « True »)."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return number(value)
    if isinstance(value, float):
        return number(value, 0 if value.is_integer() else 1)
    if isinstance(value, list):
        return ", ".join(f"« {_value_text(v)} »" for v in value) if value else "aucun"
    if isinstance(value, dict):
        return ", ".join(f"{k} : {_value_text(v)}" for k, v in value.items())
    return str(value)


def journal(
    con: duckdb.DuckDBPyConnection,
    start: dt.date | None = None,
    end: dt.date | None = None,
    who: str | None = None,
    action: str | None = None,
) -> pd.DataFrame:
    """Journal entries from `start` to `end` (days included), the newest first, French headers."""
    frame = con.execute(
        "SELECT logged_at, who, action, details FROM audit_log "
        "WHERE logged_at >= coalesce(?::TIMESTAMP, TIMESTAMP '1900-01-01') "
        "AND logged_at < coalesce(?::TIMESTAMP, TIMESTAMP '2999-01-01') "
        "AND (? IS NULL OR who = ?) AND (? IS NULL OR action = ?) "
        "ORDER BY logged_at DESC, rowid DESC",
        [
            start,
            end + dt.timedelta(days=1) if end else None,
            who,
            who,
            action,
            action,
        ],
    ).df()
    frame["what"] = frame["details"].map(_what)
    # A French date and time as text: exports (CSV FR, XLSX) keep the seconds.
    frame["logged_at"] = frame["logged_at"].map(lambda t: f"{t:%d/%m/%Y %H:%M:%S}")
    return frame[list(JOURNAL_HEADERS)].rename(columns=JOURNAL_HEADERS)


def journal_actions(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        r[0] for r in con.execute("SELECT DISTINCT action FROM audit_log ORDER BY 1").fetchall()
    ]


def journal_people(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("SELECT DISTINCT who FROM audit_log ORDER BY 1").fetchall()]
