"""Steering (Qualivilles module 3): the COPIL's monthly notes with their history, the reviews held,
and the action plan (imported register and actions opened in the application)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from qualiboard.domain.statuses import STATUS_TREATED
from qualiboard.store import audit
from qualiboard.store.access import HOLD_REVIEW, WRITE_NOTES, Identity, require

ORIGINS = (
    "COPIL",
    "audit interne",
    "audit externe",
    "réclamation",
    "enquête de satisfaction",
)
STATUS_OPEN = "en cours"
APP_PREFIX = "APP-"  # references of the actions opened in the application


def _log(con: duckdb.DuckDBPyConnection, who: Identity, action: str, details: dict) -> None:
    audit.record(con, who, action, details)


# ---------------------------------------------------------------- notes


def save_note(
    con: duckdb.DuckDBPyConnection,
    indicator_id: str,
    period: dt.date,
    *,
    analysis: str,
    decisions: str = "",
    by: Identity,
    service: str | None = None,
    written_at: dt.datetime | None = None,
) -> int:
    """Write the analysis of an indicator for a month (and a service); an edit adds a version,
    the earlier text stays in the history. Returns the note id. The author is the signed-in
    identity, never a name typed by hand."""
    require(by, WRITE_NOTES, service)
    written_at = written_at or dt.datetime.now().replace(microsecond=0)
    found = con.execute(
        "SELECT note_id, max(version) FROM review_notes WHERE indicator_id = ? AND period = ? "
        "AND service IS NOT DISTINCT FROM ? GROUP BY note_id",
        [indicator_id, period, service],
    ).fetchone()
    if found:
        note_id, version = found[0], found[1] + 1
    else:
        note_id, version = con.execute("SELECT nextval('note_id_seq')").fetchone()[0], 1
    con.execute(
        "INSERT INTO review_notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            note_id,
            version,
            indicator_id,
            period,
            service,
            analysis,
            decisions,
            by.label,
            written_at,
        ],
    )
    _log(
        con,
        by,
        "note",
        {
            "indicateur": indicator_id,
            "mois": period,
            "service": service or "tous",
            "version": version,
            "analyse": analysis,
            "décisions": decisions,
        },
    )
    return int(note_id)


_LATEST = (
    "SELECT * FROM review_notes n WHERE version = (SELECT max(version) FROM review_notes m "
    "WHERE m.note_id = n.note_id)"
)


def notes(
    con: duckdb.DuckDBPyConnection,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    indicator_id: str | None = None,
) -> pd.DataFrame:
    """The current text of every note in the months from `start` to `end` (included)."""
    frame = con.execute(
        f"SELECT * FROM ({_LATEST}) WHERE period >= coalesce(?, DATE '1900-01-01') "
        "AND period <= coalesce(?, DATE '2999-12-01') "
        "AND indicator_id = coalesce(?, indicator_id) ORDER BY period DESC, indicator_id, service",
        [start, end, indicator_id],
    ).df()
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    return frame


def note_history(con: duckdb.DuckDBPyConnection, note_id: int) -> pd.DataFrame:
    """Every version of a note, the newest first."""
    return con.execute(
        "SELECT version, analysis, decisions, author, written_at FROM review_notes "
        "WHERE note_id = ? ORDER BY version DESC",
        [note_id],
    ).df()


def record_decision(
    con: duckdb.DuckDBPyConnection,
    indicator_id: str,
    period: dt.date,
    *,
    analysis: str,
    decisions: str,
    by: Identity,
    service: str | None = None,
    action_owner: str | None = None,
    action_due_on: dt.date | None = None,
    module: str | None = None,
    today: dt.date | None = None,
) -> str | None:
    """Save the month's note; when an owner is given for the decision, open it as a COPIL
    action too. Returns the action reference, if one was opened."""
    require(by, WRITE_NOTES, service)
    save_note(
        con,
        indicator_id,
        period,
        analysis=analysis,
        decisions=decisions,
        by=by,
        service=service,
    )
    if action_owner is None or not decisions.strip():
        return None
    return create_action(
        con,
        title=decisions.strip(),
        origin="COPIL",
        owner=action_owner or by.name,
        opened_on=today or dt.date.today(),
        due_on=action_due_on,
        module=module,
        service=service,
        by=by,
    )


# ---------------------------------------------------------------- reviews held


def record_review(
    con: duckdb.DuckDBPyConnection,
    period: dt.date,
    *,
    held_on: dt.date,
    attendees: str,
    by: Identity,
) -> None:
    """Mark the month's review as held (again: the date and attendees are replaced)."""
    require(by, HOLD_REVIEW)
    before = con.execute(
        "SELECT held_on, attendees FROM reviews WHERE period = ?", [period]
    ).fetchone()
    con.execute(
        "INSERT INTO reviews VALUES (?, ?, ?, ?, current_timestamp::TIMESTAMP) "
        "ON CONFLICT (period) DO UPDATE SET held_on = excluded.held_on, "
        "attendees = excluded.attendees, recorded_by = excluded.recorded_by, "
        "recorded_at = excluded.recorded_at",
        [period, held_on, attendees, by.label],
    )
    details = {"mois": period, "date": held_on, "participants": attendees}
    if before:
        details["avant"] = f"{before[0]} — {before[1] or ''}"
    _log(con, by, "revue tenue", details)


def reviews_held(
    con: duckdb.DuckDBPyConnection, start: dt.date | None = None, end: dt.date | None = None
) -> pd.DataFrame:
    frame = con.execute(
        "SELECT period, held_on, attendees FROM reviews "
        "WHERE period >= coalesce(?, DATE '1900-01-01') AND period <= coalesce(?, DATE '2999-12-01')"
        " ORDER BY period",
        [start, end],
    ).df()
    for column in ("period", "held_on"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


# ---------------------------------------------------------------- action plan


def create_action(
    con: duckdb.DuckDBPyConnection,
    *,
    title: str,
    origin: str,
    owner: str,
    opened_on: dt.date,
    due_on: dt.date | None,
    module: str | None = None,
    service: str | None = None,
    by: Identity,
) -> str:
    """Open an action in the application; returns its reference (APP-2026-001…)."""
    require(by, WRITE_NOTES, service)
    if not title.strip():
        raise ValueError("l'intitulé de l'action est obligatoire")
    if due_on is not None and due_on < opened_on:
        raise ValueError("l'échéance est antérieure à la date d'ouverture")
    prefix = f"{APP_PREFIX}{opened_on.year}-"
    count = con.execute(
        "SELECT count(*) FROM actions WHERE starts_with(reference, ?)", [prefix]
    ).fetchone()[0]
    reference = f"{prefix}{count + 1:03d}"
    con.execute(
        "INSERT INTO actions (row_id, batch_id, source_row, reference, title, origin, module, "
        "owner, opened_on, due_on, closed_on, status, service, status_raw) "
        "VALUES (nextval('row_id_seq'), NULL, NULL, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
        [
            reference,
            title.strip(),
            origin,
            module,
            owner,
            opened_on,
            due_on,
            STATUS_OPEN,
            service,
            "Ouverte",
        ],
    )
    _log(
        con,
        by,
        "action ouverte",
        {
            "référence": reference,
            "intitulé": title,
            "origine": origin,
            "pilote": owner,
            "service": service or "",
            "échéance": due_on or "",
        },
    )
    return reference


def close_action(
    con: duckdb.DuckDBPyConnection, reference: str, *, closed_on: dt.date, by: Identity
) -> None:
    """Close an action opened in the application (imported ones change with their register)."""
    row = con.execute(
        "SELECT opened_on, service FROM actions WHERE reference = ? AND batch_id IS NULL",
        [reference],
    ).fetchone()
    if row is None:
        raise ValueError(
            f"action « {reference} » introuvable parmi les actions ouvertes dans l'application"
        )
    if closed_on < row[0]:
        raise ValueError("la date de clôture est antérieure à la date d'ouverture")
    require(by, WRITE_NOTES, row[1])
    con.execute(
        "UPDATE actions SET closed_on = ?, status = ?, status_raw = 'Soldée' WHERE reference = ?",
        [closed_on, STATUS_TREATED, reference],
    )
    _log(con, by, "action soldée", {"référence": reference, "date": closed_on})


# Each action's state on $today; the plan's order: overdue first, then open, then closed.
_ACTION_STATES = """
    SELECT reference, title, origin, module, owner, service, opened_on, due_on, closed_on,
           status, batch_id IS NULL AS created_in_app,
           CASE
             WHEN closed_on IS NOT NULL OR status = $treated THEN 'soldée'
             WHEN due_on < $today THEN 'en retard'
             ELSE 'en cours'
           END AS state,
           CASE WHEN closed_on IS NULL AND coalesce(status, '') <> $treated
                     AND due_on < $today THEN $today - due_on END AS days_overdue
    FROM actions
"""
_PLAN_ORDER = """
    ORDER BY CASE state WHEN 'en retard' THEN 0 WHEN 'en cours' THEN 1 ELSE 2 END,
             due_on NULLS LAST, reference
"""


def action_plan(
    con: duckdb.DuckDBPyConnection, today: dt.date, first: int | None = None
) -> pd.DataFrame:
    """Every action (or the `first` ones) with its state on `today`: soldée, en cours, or en
    retard (open after its due date), the overdue actions first."""
    limit = "" if first is None else "LIMIT $first"
    parameters: dict[str, object] = {"today": today, "treated": STATUS_TREATED}
    if first is not None:
        parameters["first"] = first
    frame = con.execute(_ACTION_STATES + _PLAN_ORDER + limit, parameters).df()
    for column in ("opened_on", "due_on", "closed_on"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def action_state_counts(con: duckdb.DuckDBPyConnection, today: dt.date) -> dict[str, int]:
    """How many actions are in each state on `today` (every state present, 0 when none)."""
    rows = con.execute(
        f"SELECT state, count(*) FROM ({_ACTION_STATES}) GROUP BY state",  # noqa: S608 - fixed
        {"today": today, "treated": STATUS_TREATED},
    ).fetchall()
    counts = {"en retard": 0, "en cours": 0, "soldée": 0}
    counts.update({state: int(count) for state, count in rows})
    return counts


def open_actions_created_here(con: duckdb.DuckDBPyConnection, today: dt.date) -> pd.DataFrame:
    """The actions opened in the application and still open on `today` (reference, title,
    service), in the plan's order."""
    return con.execute(
        f"SELECT reference, title, service FROM ({_ACTION_STATES}) "  # noqa: S608 - fixed
        "WHERE created_in_app AND state <> 'soldée'" + _PLAN_ORDER,
        {"today": today, "treated": STATUS_TREATED},
    ).df()


def action_counts(
    con: duckdb.DuckDBPyConnection, start: dt.date, end_exclusive: dt.date
) -> dict[str, int]:
    """Actions opened and closed in [start, end_exclusive)."""
    opened, closed = con.execute(
        "SELECT count(*) FILTER (WHERE opened_on >= $s AND opened_on < $e), "
        "count(*) FILTER (WHERE closed_on >= $s AND closed_on < $e) FROM actions",
        {"s": start, "e": end_exclusive},
    ).fetchone()
    return {"opened": int(opened), "closed": int(closed)}


ACTION_HEADERS = {
    "reference": "Référence",
    "title": "Intitulé",
    "origin": "Origine",
    "module": "Module",
    "owner": "Pilote",
    "service": "Service",
    "opened_on": "Ouverte le",
    "due_on": "Échéance",
    "closed_on": "Soldée le",
    "state": "État",
    "days_overdue": "Jours de retard",
}
STATE_SYMBOLS = {"en retard": "✖ en retard", "en cours": "… en cours", "soldée": "✔ soldée"}


def action_table(plan: pd.DataFrame) -> pd.DataFrame:
    """The action plan with French headers, the state written with a symbol."""
    table = plan[list(ACTION_HEADERS)].rename(columns=ACTION_HEADERS)
    table["État"] = table["État"].map(STATE_SYMBOLS)
    return table
