"""Import batches: prepare (read, map, validate), commit in one transaction, undo.

The promise to users: a file imports whole or not at all; the same file twice adds nothing; a newer
export updates records by their reference and never counts one twice; every overwritten row is kept
in `<kind>_history` so that "Annuler cet import" puts the database back exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from qualiboard.domain.config import Organisation
from qualiboard.domain.labels import kind_label
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.statuses import BATCH_IMPORTED, BATCH_REPLACED
from qualiboard.domain.text import count_of
from qualiboard.ingest.accounting import RowAccount
from qualiboard.ingest.archive import archive_file
from qualiboard.ingest.asof import TYPED, AsOf, typed_as_of_refusal
from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.gcpause import collector_paused
from qualiboard.ingest.mapping_files import save_profile
from qualiboard.ingest.normalise import as_dates
from qualiboard.ingest.plan import ImportPlan, _merge_duplicates
from qualiboard.ingest.prepare import prepare_import
from qualiboard.ingest.replacement import (
    _register_scope,
    _replaced_where,
    _same_file_before,
    same_record_condition,
)
from qualiboard.store import audit
from qualiboard.store.access import IMPORT, Identity, require
from qualiboard.store.db import BOOKKEEPING_COLUMNS
from qualiboard.store.working_calendar import ensure_working_calendar
from qualiboard.store.writer import WriteBusy, write_turn

# Natural keys of the kinds without a reference column: a newer export of the same figures
# replaces the older one instead of adding to it.


@dataclass
class ImportResult:
    batch_id: int | None
    file_name: str
    kind: str
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    replaced: int = 0
    rejected: int = 0
    warnings: int = 0
    already_imported: bool = False
    messages: list[str] = field(default_factory=list)
    archive_note: str = ""
    account: RowAccount | None = None
    replaced_batch: int | None = None

    def summary(self) -> str:
        if self.already_imported:
            return (
                f"« {self.file_name} » : fichier déjà importé (import n° {self.batch_id}), "
                "rien n'a été ajouté."
            )
        text = f"« {self.file_name} » ({kind_label(self.kind)}) importé, import n° {self.batch_id}"
        if self.account is not None:
            text += " : " + self.account.sentence()
        if self.replaced:
            replaced = count_of(self.replaced, "ligne déjà importée", "lignes déjà importées")
            text += f" ; {replaced} remplacée{'s' if self.replaced > 1 else ''}"
        if self.replaced_batch:
            text += f" ; l'import n° {self.replaced_batch} du même fichier est remplacé"
        return text + f" ; {count_of(self.warnings, 'avertissement', 'avertissements')}."


def commit_import(
    con: duckdb.DuckDBPyConnection,
    plan: ImportPlan,
    *,
    valid_rows_only: bool = False,
    user: str | None = None,
    archive_dir: Path | None = None,
    save_profile_as: str | None = None,
    identity: Identity | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> ImportResult:
    """Write the plan in one transaction, or raise ImportRefused and write nothing. Pages and
    the command line pass the signed-in `identity`, whose role is checked here. Writes take
    turns (`on_wait` is told who writes before this one)."""
    if identity is not None:
        user = require(identity, IMPORT).label
    try:
        with write_turn(
            "import", user or _current_user(), f"« {plan.file_name} »", on_wait
        ) as others_wrote:
            if others_wrote:
                _replan_after_wait(con, plan)
            return _commit_import(con, plan, valid_rows_only, user, archive_dir, save_profile_as)
    except WriteBusy as busy:
        raise ImportRefused(plan.file_name, f"{busy} ; rien n'a été importé") from busy


def _replan_after_wait(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> None:
    """Another import ran while this one waited: the same file may now be in, and what the user
    confirmed may no longer hold."""
    replaces = plan.replaces_batch
    plan.duplicate_of = None
    _same_file_before(con, plan)
    if plan.duplicate_of is None and (plan.replaces_batch != replaces or plan.needs_confirmation):
        raise ImportRefused(
            plan.file_name,
            "un autre import est passé pendant l'attente et change ce que vous avez confirmé ; "
            "rien n'a été importé : déposez à nouveau le fichier pour revoir l'aperçu",
            plan.sheet,
        )


def _commit_import(
    con: duckdb.DuckDBPyConnection,
    plan: ImportPlan,
    valid_rows_only: bool,
    user: str | None,
    archive_dir: Path | None,
    save_profile_as: str | None,
) -> ImportResult:
    if plan.duplicate_of is not None:
        return ImportResult(plan.duplicate_of, plan.file_name, plan.kind, already_imported=True)
    if plan.blocking_errors or (plan.errors and not valid_rows_only):
        count = plan.error_count
        raise ImportRefused(
            plan.file_name,
            f"{count} erreur{'s' if count > 1 else ''} : fichier refusé, rien n'a été importé"
            + (
                "" if plan.blocking_errors else " (option « importer les lignes valides » possible)"
            ),
            plan.sheet,
            plan.errors,
            count,
        )
    records = plan.valid_records()
    if plan.as_of.day is not None and plan.as_of.origin == TYPED:
        refusal = typed_as_of_refusal(plan.as_of.day, records, plan.kind)
        if refusal:
            raise ImportRefused(plan.file_name, f"{refusal} ; rien n'a été importé", plan.sheet)
    result = ImportResult(None, plan.file_name, plan.kind)
    if archive_dir is not None:  # issue 12: personal columns never reach the archive
        result.archive_note = archive_file(
            archive_dir,
            plan.path,
            plan.sha256,
            plan.dropped_personal,
            plan.archive_table,
            plan.sheet,
        )
    result.warnings = plan.warning_count
    ensure_working_calendar(con, plan.territory)
    with collector_paused():
        return _commit(con, plan, records, result, user, save_profile_as)


def _commit(
    con: duckdb.DuckDBPyConnection,
    plan: ImportPlan,
    records: pd.DataFrame,
    result: ImportResult,
    user: str | None,
    save_profile_as: str | None,
) -> ImportResult:
    account = RowAccount(plan.rows_read)
    for outcome, rows in plan.set_aside.items():
        account.add(outcome, rows)
    account.details.update(plan.set_aside_details)
    account.add("invalid", sorted({int(r) for r in plan.invalid_rows}))
    records = _merge_duplicates(plan, records, account)
    con.execute("BEGIN TRANSACTION")
    try:
        batch_id = con.execute("SELECT nextval('batch_id_seq')").fetchall()[0][0]
        result.batch_id = batch_id
        if plan.replaces_batch is not None:
            _supersede_batch(con, plan.replaces_batch, batch_id)
            result.replaced_batch = plan.replaces_batch
        _write_records(con, plan, records, batch_id, result, account)
        account.check()
        result.account = account
        result.inserted = account.count("added")
        result.updated = account.count("updated")
        result.unchanged = account.count("unchanged")
        result.rejected = account.set_aside
        _record_batch(con, plan, records, result, account, user, save_profile_as)
        if save_profile_as:
            save_profile(con, save_profile_as, plan.signature, plan.mapping)
        _journal_import(con, plan, result, user, save_profile_as)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return result


def _record_batch(
    con: duckdb.DuckDBPyConnection,
    plan: ImportPlan,
    records: pd.DataFrame,
    result: ImportResult,
    account: RowAccount,
    user: str | None,
    save_profile_as: str | None,
) -> None:
    """The import's row in `import_batches` and the outcome of every row not simply added."""
    batch_id = result.batch_id
    dates = as_dates(records[SOURCE_KINDS[plan.kind].period_field]).dropna()
    mapping_json = json.loads(plan.mapping.to_json()) | {"signature": plan.signature}
    values = {
        "batch_id": batch_id,
        "file_name": plan.file_name,
        "sha256": plan.sha256,
        "sheet": plan.sheet,
        "kind": plan.kind,
        "mapping": json.dumps(mapping_json, ensure_ascii=False),
        "profile_name": save_profile_as or plan.profile_name,
        "rows_read": plan.rows_read,
        "rows_inserted": result.inserted,
        "rows_updated": result.updated,
        "rows_unchanged": result.unchanged,
        "rows_replaced": result.replaced,
        "rows_rejected": result.rejected,
        "warnings": result.warnings,
        "period_from": dates.min().date() if len(dates) else None,
        "period_to": dates.max().date() if len(dates) else None,
        "imported_by": user or _current_user(),
        "status": BATCH_IMPORTED,
        **{f"rows_{name}": account.count(outcome) for name, outcome in _COUNTED_OUTCOMES},
        "record_key": ",".join(plan.record_key) or None,
        "replaced_batch": plan.replaces_batch,
        "as_of": plan.as_of.day,
    }
    con.execute(
        f"INSERT INTO import_batches ({', '.join(values)}, imported_at) VALUES "
        f"({', '.join('?' for _ in values)}, current_timestamp::TIMESTAMP)",
        list(values.values()),
    )
    outcomes = account.table()
    outcomes = outcomes[outcomes["outcome"] != "added"]
    if len(outcomes):
        con.register("outcomes_raw", outcomes.assign(batch_id=batch_id))
        con.execute(
            "INSERT INTO import_rows (batch_id, source_row, outcome, detail) "
            "SELECT batch_id, source_row, outcome, detail FROM outcomes_raw"
        )
        con.unregister("outcomes_raw")


# `import_batches` column suffix -> the row outcome it counts.
_COUNTED_OUTCOMES = (
    ("invalid", "invalid"),
    ("total_lines", "total"),
    ("blank", "blank"),
    ("duplicate", "duplicate"),
    ("incomplete", "incomplete"),
    ("unanswered", "unanswered"),
    ("outside", "outside"),
)


def _journal_import(
    con: duckdb.DuckDBPyConnection,
    plan: ImportPlan,
    result: ImportResult,
    user: str | None,
    save_profile_as: str | None,
) -> None:
    details = {
        "import n°": result.batch_id,
        "fichier": plan.file_name,
        "type": kind_label(plan.kind),
        "lues": plan.rows_read,
        "ajoutées": result.inserted,
        "mises à jour": result.updated,
        "inchangées": result.unchanged,
        "écartées": result.rejected,
        "données au": plan.as_of.text,
        "remplace l'import n°": plan.replaces_batch or "",
        "profil de correspondance enregistré": save_profile_as or "",
    }
    audit.record(con, user or _current_user(), "import", details)


def _current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "inconnu"


def _columns(kind: str) -> list[str]:
    return [name for name, _ in SOURCE_KINDS[kind].stored_columns]


def _all_columns(kind: str) -> str:
    """Bookkeeping and stored columns, named: tables extended by migrations keep their order."""
    return ", ".join([name for name, _ in BOOKKEEPING_COLUMNS] + _columns(kind))


def _write_records(
    con: duckdb.DuckDBPyConnection,
    plan: ImportPlan,
    records: pd.DataFrame,
    batch_id: int,
    result: ImportResult,
    account: RowAccount,
) -> None:
    kind = plan.kind
    incoming = _stage_incoming(con, kind, records, batch_id)
    all_columns = _all_columns(kind)
    history = f"INSERT INTO {kind}_history ({all_columns}, superseded_by) SELECT {all_columns}, ?"
    matched_rows: set[int] = set()
    existing_rows = con.execute(f"SELECT count(*) FROM {kind}").fetchall()[0][0]
    if plan.mode in ("reference", "reference_year", "composite") and existing_rows:
        matched_rows = _replace_matched(con, plan, records, batch_id, result, account, history)
    elif plan.mode == "period" and plan.period:
        _register_scope(con, kind, records)
        where, params = _replaced_where(plan)
        con.execute(f"{history} FROM {kind} WHERE {where}", [batch_id, *params])
        result.replaced = con.execute(f"DELETE FROM {kind} WHERE {where}", params).fetchall()[0][0]
    if matched_rows and "reference" in _columns(kind):
        # A matched record keeps its reference as first stored (leading zeros included).
        kept = ", ".join(
            "coalesce(k.reference, i.reference)" if c == "reference" else f"i.{c}"
            for c in _columns(kind)
        )
        con.execute(
            f"INSERT INTO {kind} ({all_columns}) SELECT i.row_id, ?, i.source_row, {kept} "
            "FROM incoming i LEFT JOIN kept_references k USING (source_row)",
            [batch_id],
        )
    else:
        con.execute(
            f"INSERT INTO {kind} ({all_columns}) SELECT row_id, ?, source_row, "
            + ", ".join(_columns(kind))
            + " FROM incoming",
            [batch_id],
        )
    con.execute("DROP TABLE IF EXISTS kept_references")
    written = set(pd.unique(incoming["source_row"]).astype(int).tolist())
    account.add("added", sorted(written - matched_rows))
    con.execute("DROP VIEW incoming")
    con.unregister("incoming_raw")


def _stage_incoming(
    con: duckdb.DuckDBPyConnection, kind: str, records: pd.DataFrame, batch_id: int
) -> pd.DataFrame:
    """The records to write, as the temporary view `incoming` typed like the kind's table."""
    columns = _columns(kind)
    incoming = records.copy()
    for column in columns:
        if column not in incoming:
            incoming[column] = None
    incoming = incoming[["source_row", *columns]]
    # Row ids of an import: its batch number in the high 32 bits, a row counter below. Unique
    # without drawing a million values from a sequence; rows created in the app draw from
    # `row_id_seq`, whose values stay far below 2**32.
    incoming.insert(0, "row_id", (batch_id << 32) + np.arange(len(incoming), dtype=np.int64))
    # Arrow columns are scanned by DuckDB without touching Python objects one by one.
    con.register("incoming_raw", pa.Table.from_pandas(incoming, preserve_index=False))
    typed = ", ".join(
        f"CAST(incoming_raw.{c} AS {t}) AS {c}" for c, t in SOURCE_KINDS[kind].stored_columns
    )
    # A view, not a copy: the statements below read the rows straight from Arrow.
    con.execute(
        "CREATE OR REPLACE TEMP VIEW incoming AS "
        f"SELECT row_id, source_row, {typed} FROM incoming_raw"
    )
    return incoming


def _replace_matched(
    con: duckdb.DuckDBPyConnection,
    plan: ImportPlan,
    records: pd.DataFrame,
    batch_id: int,
    result: ImportResult,
    account: RowAccount,
    history: str,
) -> set[int]:
    """Rows already stored with the same key give way to the incoming ones (kept in history);
    returns the file rows that matched one, counted as updated or unchanged."""
    kind = plan.kind
    columns = _columns(kind)
    stored = "t.reference" if "reference" in columns else "NULL::VARCHAR"
    # The reference as first stored is kept (« 000101 » stays so when 101 comes): no change.
    differs = " OR ".join(f"t.{c} IS DISTINCT FROM i.{c}" for c in columns if c != "reference")
    if plan.mode == "composite":
        join = " AND ".join(f"t.{k} IS NOT DISTINCT FROM i.{k}" for k in plan.record_key)
    else:
        join = same_record_condition(SOURCE_KINDS[kind].period_field)
    same = " AND ".join(f"t.{c} IS NOT DISTINCT FROM i.{c}" for c in columns)
    every = ", ".join(columns)
    # Rows without a reference: their natural key is their own fields; two identical rows
    # are matched one to one (occurrence number), never all to all.
    blank_references = plan.mode != "composite" and bool(records["reference"].isna().any())
    natural = (
        ""
        if not blank_references
        else " UNION ALL SELECT t.row_id, i.source_row, false FROM "
        f"(SELECT *, row_number() OVER (PARTITION BY {every} ORDER BY row_id) AS occ "
        f"FROM {kind} WHERE reference IS NULL) t JOIN "
        f"(SELECT *, row_number() OVER (PARTITION BY {every} ORDER BY source_row) AS occ "
        f"FROM incoming WHERE reference IS NULL) i ON {same} AND t.occ = i.occ"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE matched AS "
        f"SELECT t.row_id, i.source_row, ({differs}) AS changed, {stored} AS stored "
        f"FROM {kind} t JOIN incoming i ON {join}"
        + natural.replace("false FROM", "false, NULL FROM", 1)
    )
    _keep_first_references(con)
    outcome = con.execute(
        "SELECT source_row, bool_or(changed) FROM matched GROUP BY source_row"
    ).fetchall()
    updated = sorted(int(r) for r, changed in outcome if changed)
    unchanged = sorted(int(r) for r, changed in outcome if not changed)
    matched_rows = set(updated) | set(unchanged)
    account.add("updated", updated)
    account.add("unchanged", unchanged)
    existing = con.execute("SELECT count(DISTINCT row_id) FROM matched").fetchall()[0][0]
    # An older batch may hold the same reference twice: both rows give way to this one.
    result.replaced = max(existing - len(matched_rows), 0)
    # Unchanged rows are re-stamped too: the newer export now vouches for them, so undoing
    # the older batch alone is refused and undoing this one restores them exactly.
    con.execute(f"{history} FROM {kind} WHERE row_id IN (SELECT row_id FROM matched)", [batch_id])
    con.execute(f"DELETE FROM {kind} WHERE row_id IN (SELECT row_id FROM matched)")
    con.execute("DROP TABLE matched")
    return matched_rows


def _keep_first_references(con: duckdb.DuckDBPyConnection) -> None:
    """The stored reference of each matched incoming row (« 000101 » for an incoming 101)."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE kept_references AS SELECT source_row, "
        "min(stored) AS reference FROM matched WHERE stored IS NOT NULL GROUP BY source_row"
    )


def import_file(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    organisation: Organisation,
    *,
    archive_dir: Path | None = None,
    valid_rows_only: bool = False,
    today: dt.date | None = None,
    as_of: dt.date | None = None,
    **options: object,
) -> ImportResult:
    """prepare + commit, for the CLI, the demo and tests; `as_of` overrides the detected date."""
    plan = prepare_import(con, path, organisation, today=today, **options)  # type: ignore[arg-type]
    if as_of is not None:
        plan.as_of = AsOf(as_of, TYPED)
    return commit_import(con, plan, valid_rows_only=valid_rows_only, archive_dir=archive_dir)


def _supersede_batch(con: duckdb.DuckDBPyConnection, old: int, new: int) -> None:
    """The same file imported again with another mapping: the earlier batch's rows step aside
    into history, superseded by the new batch, so that undoing the new one brings them back."""
    kind = con.execute("SELECT kind FROM import_batches WHERE batch_id = ?", [old]).fetchall()[0][0]
    columns = _all_columns(kind)
    con.execute(
        f"INSERT INTO {kind}_history ({columns}, superseded_by) SELECT {columns}, ? FROM {kind} "
        "WHERE batch_id = ?",
        [new, old],
    )
    con.execute(f"DELETE FROM {kind} WHERE batch_id = ?", [old])
    con.execute(
        "UPDATE import_batches SET status = ?, undone_at = current_timestamp::TIMESTAMP "
        "WHERE batch_id = ?",
        [BATCH_REPLACED, old],
    )
