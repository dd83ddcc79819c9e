"""Undoing an import: the database returns to what it was without it; and the list of imports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

from qualiboard.domain.statuses import BATCH_IMPORTED, BATCH_REPLACED, BATCH_UNDONE
from qualiboard.ingest.archive import default_archive_dir, forget_archive
from qualiboard.ingest.batches import _all_columns, _current_user
from qualiboard.ingest.errors import ImportRefused
from qualiboard.store import audit
from qualiboard.store.access import IMPORT, Identity, require
from qualiboard.store.db import ROW_ACCOUNTING_COLUMNS
from qualiboard.store.writer import WriteBusy, write_turn


def _undo_rows(con: duckdb.DuckDBPyConnection, batch_id: int) -> tuple[str, str]:
    """Put the rows back as they were without this batch, inside the caller's transaction."""
    row = con.execute(
        "SELECT kind, status, file_name FROM import_batches WHERE batch_id = ?", [batch_id]
    ).fetchall()
    if not row:
        raise ValueError(f"import n° {batch_id} introuvable")
    kind, current, file_name = row[0]
    if current != BATCH_IMPORTED:
        raise ValueError(f"l'import n° {batch_id} ({file_name}) est déjà annulé")
    later = con.execute(
        f"SELECT DISTINCT superseded_by FROM {kind}_history WHERE batch_id = ? ORDER BY 1",
        [batch_id],
    ).fetchall()
    if later:
        numbers = ", ".join(f"n° {r[0]}" for r in later)
        raise ImportRefused(
            file_name,
            f"des lignes de l'import n° {batch_id} ont depuis été mises à jour par l'import "
            f"{numbers} : annulez d'abord ce ou ces imports plus récents",
        )
    columns = _all_columns(kind)
    con.execute(f"DELETE FROM {kind} WHERE batch_id = ?", [batch_id])
    con.execute(
        f"INSERT INTO {kind} ({columns}) SELECT {columns} FROM {kind}_history "
        "WHERE superseded_by = ?",
        [batch_id],
    )
    con.execute(f"DELETE FROM {kind}_history WHERE superseded_by = ?", [batch_id])
    con.execute(
        "UPDATE import_batches SET status = ?, undone_at = current_timestamp::TIMESTAMP "
        "WHERE batch_id = ?",
        [BATCH_UNDONE, batch_id],
    )
    return kind, file_name


def _restore_replaced(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """Undoing a batch that replaced an earlier import of the same file brings that one back."""
    row = con.execute(
        "SELECT b.batch_id, b.kind FROM import_batches n JOIN import_batches b "
        "ON b.batch_id = n.replaced_batch WHERE n.batch_id = ? AND b.status = ?",
        [batch_id, BATCH_REPLACED],
    ).fetchall()
    if not row:
        return
    old, kind = row[0]
    columns = _all_columns(kind)
    con.execute(
        f"INSERT INTO {kind} ({columns}) SELECT {columns} FROM {kind}_history "
        "WHERE superseded_by = ? AND batch_id = ?",
        [batch_id, old],
    )
    con.execute(
        f"DELETE FROM {kind}_history WHERE superseded_by = ? AND batch_id = ?", [batch_id, old]
    )
    con.execute(
        "UPDATE import_batches SET status = ?, undone_at = NULL WHERE batch_id = ?",
        [BATCH_IMPORTED, old],
    )


def undo_import(
    con: duckdb.DuckDBPyConnection,
    batch_id: int,
    user: str | None = None,
    archive_dir: Path | None = None,
    identity: Identity | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> str:
    """Put the database back exactly as it was without this batch; French message returned."""
    if identity is not None:
        user = require(identity, IMPORT).label
    try:
        with write_turn("annulation", user or _current_user(), f"import n° {batch_id}", on_wait):
            return _undo_import(con, batch_id, user, archive_dir)
    except WriteBusy as busy:
        raise ValueError(f"{busy} ; rien n'a été annulé") from busy


def _undo_import(
    con: duckdb.DuckDBPyConnection, batch_id: int, user: str | None, archive_dir: Path | None
) -> str:
    found = con.execute(
        "SELECT sha256, sheet FROM import_batches WHERE batch_id = ?", [batch_id]
    ).fetchall()
    sha256, sheet = found[0] if found else (None, None)
    con.execute("BEGIN TRANSACTION")
    try:
        try:
            _restore_replaced(con, batch_id)
            _, file_name = _undo_rows(con, batch_id)
        except ImportRefused as refused:
            raise ValueError(refused.reason) from refused
        details = {"import n°": batch_id, "fichier": file_name}
        audit.record(con, user or _current_user(), "annulation", details)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    # Issue 12: the archived copy goes too, unless another import still refers to it.
    forget_archive(con, archive_dir or default_archive_dir(con), sha256, sheet)
    return f"Import n° {batch_id} ({file_name}) annulé : la base est revenue à son état sans lui."


def list_batches(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        "SELECT batch_id, file_name, sheet, kind, profile_name, rows_read, rows_inserted, "
        "rows_updated, rows_unchanged, rows_replaced, rows_rejected, warnings, period_from, "
        "period_to, imported_by, imported_at, status, undone_at, as_of, "
        f"{', '.join(ROW_ACCOUNTING_COLUMNS)}, record_key, replaced_batch FROM import_batches "
        "ORDER BY batch_id DESC"
    ).df()


def batch_rows(con: duckdb.DuckDBPyConnection, batch_id: int) -> pd.DataFrame:
    """Every row of a batch's file that was not simply added: updated, unchanged or set aside,
    with why (in French, for the page's download)."""
    from qualiboard.ingest.accounting import OUTCOME_ROW_LABELS

    frame = con.execute(
        "SELECT source_row, outcome, detail FROM import_rows WHERE batch_id = ? "
        "ORDER BY source_row",
        [batch_id],
    ).df()
    return pd.DataFrame(
        {
            "Ligne du fichier": frame["source_row"],
            "Devenir": frame["outcome"].map(OUTCOME_ROW_LABELS),
            "Précision": frame["detail"].fillna(""),
        }
    )
