"""Import batches: prepare (read, map, validate), commit in one transaction, undo.

The promise to users: a file imports whole or not at all; the same file twice adds nothing; a newer
export updates records by their reference and never counts one twice; every overwritten row is kept
in `<kind>_history` so that "Annuler cet import" puts the database back exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from qualiboard.config import Organisation
from qualiboard.db import BOOKKEEPING_COLUMNS
from qualiboard.formatting import number
from qualiboard.ingest.errors import ImportRefused, Problem
from qualiboard.ingest.gcpause import collector_paused
from qualiboard.ingest.header import locate_table
from qualiboard.ingest.mapping import (
    Mapping,
    find_profile,
    header_signature,
    known_header_keys,
    mapping_for_kind,
    profile_by_name,
    propose_mapping,
    save_profile,
)
from qualiboard.ingest.normalise import as_dates
from qualiboard.ingest.readers import read_sheet, sheet_names
from qualiboard.ingest.validate import build_records
from qualiboard.sources import SOURCE_KINDS, is_personal_header, kind_label
from qualiboard.store.access import IMPORT, Identity, require

# Natural keys of the kinds without a reference column: a newer export of the same figures
# replaces the older one instead of adding to it.
COMPOSITE_KEYS: dict[str, tuple[str, ...]] = {
    "measurements": ("indicator", "period", "service"),
    "phone_calls": ("period_start", "period_end", "service"),
}


@dataclass
class ImportPlan:
    path: Path
    file_name: str
    sha256: str
    sheet: str | None
    sheets: list[str]
    mapping: Mapping
    signature: str
    profile_name: str | None
    headers: list[str]
    records: pd.DataFrame
    problems: list[Problem]
    invalid_rows: set[int]
    dropped_personal: list[str]
    ignored_columns: list[str]
    rows_read: int
    total_rows_dropped: int = 0
    incomplete_responses: int = 0
    duplicate_of: int | None = None
    mode: str = "append"
    period: tuple[dt.date, dt.date] | None = None
    rows_to_replace: int = 0
    notes: list[str] = field(default_factory=list)
    unlisted: dict[str, int] = field(default_factory=dict)  # severity -> problems not listed

    @property
    def kind(self) -> str:
        return self.mapping.kind

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "erreur"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "avertissement"]

    @property
    def error_count(self) -> int:
        """Every error, including those beyond the ones listed."""
        return len(self.errors) + self.unlisted.get("erreur", 0)

    @property
    def warning_count(self) -> int:
        return len(self.warnings) + self.unlisted.get("avertissement", 0)

    @property
    def blocking_errors(self) -> list[Problem]:
        """Errors that concern the whole file, not a row: nothing can be imported."""
        return [p for p in self.errors if p.row is None]

    def listed_note(self, severity: str) -> str:
        """Said when only the first problems are listed."""
        if not self.unlisted.get(severity):
            return ""
        listed = sum(1 for p in self.problems if p.severity == severity)
        return f" Les {number(listed)} premiers sont listés ci-dessous."

    def problems_table(self, severity: str) -> pd.DataFrame:
        """The errors (or warnings) as the import page lists them, row by row."""
        rows = [
            {
                "Ligne": p.row,
                "Colonne": p.column or "",
                "Valeur": p.value or "",
                "Problème": p.message,
            }
            for p in self.problems
            if p.severity == severity
        ]
        return pd.DataFrame(rows, columns=["Ligne", "Colonne", "Valeur", "Problème"])

    def valid_records(self) -> pd.DataFrame:
        if not self.invalid_rows:
            return self.records
        return self.records[~self.records["source_row"].isin(list(self.invalid_rows))]


UPLOAD_DIR = Path(tempfile.gettempdir()) / "qualiboard_uploads"


def store_upload(name: str, data: bytes) -> Path:
    """A file received by the browser, kept under its content hash until it is imported (the
    archive then keeps it for good)."""
    folder = UPLOAD_DIR / hashlib.sha256(data).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(name).name
    if not path.exists():
        path.write_bytes(data)
    return path


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _existing_names(con: duckdb.DuckDBPyConnection, kind: str) -> dict[str, dict[str, str]]:
    from qualiboard.text import fold

    names: dict[str, dict[str, str]] = {}
    for f in SOURCE_KINDS[kind].fields:
        if f.type in ("service", "label") and f.name not in ("question",):
            rows = con.execute(
                f"SELECT DISTINCT {f.name} FROM {kind} WHERE {f.name} IS NOT NULL LIMIT 10000"
            ).fetchall()
            names[f.name] = {fold(r[0]): r[0] for r in rows}
    return names


def prepare_import(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    organisation: Organisation,
    *,
    kind: str | None = None,
    mapping: Mapping | None = None,
    sheet: str | None = None,
    profile: str | None = None,
    today: dt.date | None = None,
    display_name: str | None = None,
) -> ImportPlan:
    """Read, recognise and validate a file without writing anything. Whatever the file holds,
    the outcome is a plan or an ImportRefused in French, never another exception."""
    try:
        with collector_paused():
            return _prepare_import(
                con,
                path,
                organisation,
                kind=kind,
                mapping=mapping,
                sheet=sheet,
                profile=profile,
                today=today,
                display_name=display_name,
            )
    except (ImportRefused, duckdb.Error):
        raise
    except (
        MemoryError,
        RecursionError,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        OverflowError,
        UnicodeError,
        OSError,
        AttributeError,
    ) as exc:
        raise ImportRefused(
            display_name or Path(path).name,
            "le contenu du fichier n'a pas pu être interprété (cellules d'un type inattendu ou "
            f"structure inhabituelle ; détail technique : {type(exc).__name__}) ; réenregistrez-le "
            "depuis votre tableur ou signalez-le à l'équipe Qualiboard",
        ) from exc


def _prepare_import(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    organisation: Organisation,
    *,
    kind: str | None,
    mapping: Mapping | None,
    sheet: str | None,
    profile: str | None,
    today: dt.date | None,
    display_name: str | None,
) -> ImportPlan:
    path = Path(path)
    file_name = display_name or path.name
    today = today or dt.date.today()
    if not path.exists():
        raise ImportRefused(file_name, "fichier introuvable")
    if kind is not None and kind not in SOURCE_KINDS:
        raise ImportRefused(
            file_name, f"type de source « {kind} » inconnu ; types : {', '.join(SOURCE_KINDS)}"
        )
    sheets = sheet_names(path)
    try:
        raw = read_sheet(path, sheet)
    except ImportRefused as exc:
        exc.file_name = file_name
        raise
    table = locate_table(raw.frame, known_header_keys())
    if table is None or table.body.empty:
        what = "aucune ligne de données" if table is not None else "aucune ligne d'en-têtes"
        raise ImportRefused(file_name, f"{what} trouvée", sheet=raw.name)
    signature = header_signature(table.headers)
    profile_name = None
    if mapping is None and profile:
        mapping = profile_by_name(con, profile)
        if mapping is None:
            raise ImportRefused(file_name, f"profil de correspondance « {profile} » inconnu")
        profile_name = profile
    if mapping is None and kind is None:
        found = find_profile(con, signature)
        if found:
            profile_name, mapping = found
    if mapping is None:
        if kind:
            mapping = mapping_for_kind(kind, table.headers, table.body)
        else:
            mapping = propose_mapping(table.headers, table.body, file_name)
        if mapping is None:
            raise ImportRefused(
                file_name,
                "type de données non reconnu : aucune colonne de date ou d'identifiant connue ; "
                "précisez le type (--kind) ou une correspondance de colonnes (--mapping)",
                sheet=raw.name,
            )
    absent = [h for h in mapping.columns.values() if h not in table.headers]
    if absent:
        raise ImportRefused(
            file_name, f"colonnes introuvables dans le fichier : {', '.join(absent)}", raw.name
        )
    dropped = [h for h in table.headers if is_personal_header(h)]
    personal_mapped = {f: h for f, h in mapping.columns.items() if h in dropped}
    clean_mapping = Mapping(
        mapping.kind,
        {f: h for f, h in mapping.columns.items() if f not in personal_mapped},
        [q for q in mapping.questions if q not in dropped],
        {
            f: [h for h in hs if h in table.headers and h not in dropped]
            for f, hs in mapping.fallbacks.items()
            if f in mapping.columns and f not in personal_mapped
        },
    )
    used = clean_mapping.headers()
    ignored = [h for h in table.headers if h not in used and h not in dropped]
    records = build_records(
        table.body, clean_mapping, organisation, today, _existing_names(con, mapping.kind)
    )
    plan = ImportPlan(
        path=path,
        file_name=file_name,
        sha256=sha256_of(path),
        sheet=raw.name,
        sheets=sheets,
        mapping=clean_mapping,
        signature=signature,
        profile_name=profile_name,
        headers=table.headers,
        records=records.frame,
        problems=records.problems,
        invalid_rows=records.invalid_rows,
        dropped_personal=dropped,
        ignored_columns=ignored,
        rows_read=len(table.body),
        total_rows_dropped=table.total_rows_dropped,
        incomplete_responses=records.incomplete_responses,
        unlisted=records.unlisted,
    )
    row = con.execute(
        "SELECT batch_id FROM import_batches WHERE sha256 = ? AND status = 'importé' "
        "AND coalesce(sheet, '') = coalesce(?, '') LIMIT 1",
        [plan.sha256, plan.sheet],
    ).fetchone()
    plan.duplicate_of = row[0] if row else None
    kind_def = SOURCE_KINDS[clean_mapping.kind]
    for end in dict.fromkeys(d.end for d in kind_def.delays):
        if end not in clean_mapping.columns:
            measured = ", ".join(d.label for d in kind_def.delays if d.end == end)
            plan.notes.append(
                f"pas de colonne « {kind_def.field(end).label} » : {measured} non calculable "
                "pour ce fichier ; ses enregistrements ne comptent ni en retard ni dans le délai"
            )
    _plan_write_mode(con, plan)
    return plan


def _plan_write_mode(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> None:
    kind = SOURCE_KINDS[plan.kind]
    if kind.key and kind.key in plan.mapping.columns:
        plan.mode = "reference"
        return
    if plan.kind in COMPOSITE_KEYS:
        plan.mode = "composite"
        return
    if kind.key:
        plan.notes.append(
            "pas de colonne de référence : les lignes existantes des mois couverts par ce fichier, "
            "issues d'un export de même format, seront remplacées"
        )
    dates = as_dates(plan.valid_records()[kind.period_field]).dropna()
    if dates.empty:
        return
    first = dates.min().date().replace(day=1)
    last = dates.max().date().replace(day=1)
    plan.mode = "period"
    plan.period = (first, last)
    plan.rows_to_replace = _replaced_rows(con, plan, count_only=True)
    if plan.rows_to_replace:
        plan.notes.append(
            f"{plan.rows_to_replace} lignes déjà importées de {first:%m/%Y} à {last:%m/%Y} "
            "(même format d'export) seront remplacées par celles de ce fichier"
        )


def _replaced_rows(con: duckdb.DuckDBPyConnection, plan: ImportPlan, count_only: bool) -> int:
    period_field = SOURCE_KINDS[plan.kind].period_field
    assert plan.period is not None
    where = (
        f"date_trunc('month', {period_field}) BETWEEN ? AND ? AND batch_id IN "
        "(SELECT batch_id FROM import_batches WHERE status = 'importé' AND kind = ? "
        "AND json_extract_string(mapping, '$.signature') = ?)"
    )
    params = [plan.period[0], plan.period[1], plan.kind, plan.signature]
    return con.execute(f"SELECT count(*) FROM {plan.kind} WHERE {where}", params).fetchall()[0][0]


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

    def summary(self) -> str:
        if self.already_imported:
            return (
                f"« {self.file_name} » : fichier déjà importé (import n° {self.batch_id}), "
                "rien n'a été ajouté."
            )
        parts = [
            f"{self.inserted} ajoutées",
            f"{self.updated} mises à jour",
            f"{self.unchanged} inchangées",
        ]
        if self.replaced:
            parts.append(f"{self.replaced} remplacées")
        parts.append(f"{self.rejected} écartées")
        parts.append(f"{self.warnings} avertissements")
        return (
            f"« {self.file_name} » ({kind_label(self.kind)}) importé, import n° {self.batch_id} : "
            + ", ".join(parts)
        )


def commit_import(
    con: duckdb.DuckDBPyConnection,
    plan: ImportPlan,
    *,
    valid_rows_only: bool = False,
    user: str | None = None,
    archive_dir: Path | None = None,
    save_profile_as: str | None = None,
    identity: Identity | None = None,
) -> ImportResult:
    """Write the plan in one transaction, or raise ImportRefused and write nothing. Pages and
    the command line pass the signed-in `identity`, whose role is checked here."""
    if identity is not None:
        user = require(identity, IMPORT).label
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
    if archive_dir is not None:
        archive_dir.mkdir(parents=True, exist_ok=True)
        target = archive_dir / f"{plan.sha256}{plan.path.suffix.lower()}"
        if not target.exists():
            shutil.copyfile(plan.path, target)
    result = ImportResult(None, plan.file_name, plan.kind)
    result.rejected = len({int(r) for r in plan.invalid_rows})
    result.warnings = plan.warning_count
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
    con.execute("BEGIN TRANSACTION")
    try:
        batch_id = con.execute("SELECT nextval('batch_id_seq')").fetchall()[0][0]
        result.batch_id = batch_id
        _write_records(con, plan, records, batch_id, result)
        dates = as_dates(records[SOURCE_KINDS[plan.kind].period_field]).dropna()
        mapping_json = json.loads(plan.mapping.to_json()) | {"signature": plan.signature}
        con.execute(
            "INSERT INTO import_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " current_timestamp::TIMESTAMP, 'importé', NULL)",
            [
                batch_id,
                plan.file_name,
                plan.sha256,
                plan.sheet,
                plan.kind,
                json.dumps(mapping_json, ensure_ascii=False),
                save_profile_as or plan.profile_name,
                plan.rows_read,
                result.inserted,
                result.updated,
                result.unchanged,
                result.replaced,
                result.rejected,
                result.warnings,
                dates.min().date() if len(dates) else None,
                dates.max().date() if len(dates) else None,
                user or _current_user(),
            ],
        )
        if save_profile_as:
            save_profile(con, save_profile_as, plan.signature, plan.mapping)
        con.execute(
            "INSERT INTO audit_log VALUES (current_timestamp::TIMESTAMP, ?, 'import', ?)",
            [
                user or _current_user(),
                json.dumps(
                    {
                        "import n°": batch_id,
                        "fichier": plan.file_name,
                        "type": kind_label(plan.kind),
                        "ajoutées": result.inserted,
                        "mises à jour": result.updated,
                        "écartées": result.rejected,
                        "profil de correspondance enregistré": save_profile_as or "",
                    },
                    ensure_ascii=False,
                    default=str,
                ),
            ],
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return result


def _current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "inconnu"


def _columns(kind: str) -> list[str]:
    return [name for name, _ in SOURCE_KINDS[kind].stored_columns]


def _write_records(
    con: duckdb.DuckDBPyConnection,
    plan: ImportPlan,
    records: pd.DataFrame,
    batch_id: int,
    result: ImportResult,
) -> None:
    kind = plan.kind
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
    create = (
        "CREATE OR REPLACE TEMP VIEW incoming AS "
        f"SELECT row_id, source_row, {typed} FROM incoming_raw"
    )
    con.execute(create)
    if plan.mode == "reference":
        repeated = con.execute(
            "SELECT count(reference) - count(DISTINCT reference) FROM incoming"
        ).fetchall()[0][0]
        if repeated:
            # The last line of a file wins when a reference appears twice.
            con.execute(
                create + " QUALIFY row_number() OVER (PARTITION BY reference "
                "ORDER BY source_row DESC) = 1 OR reference IS NULL"
            )
    history_cols = ", ".join(name for name, _ in BOOKKEEPING_COLUMNS) + ", " + ", ".join(columns)
    keys: tuple[str, ...] = ()
    if plan.mode == "reference":
        keys = ("reference",)
    elif plan.mode == "composite":
        keys = COMPOSITE_KEYS[kind]
    if keys:
        join = " AND ".join(f"t.{k} IS NOT DISTINCT FROM i.{k}" for k in keys)
        differs = " OR ".join(f"t.{c} IS DISTINCT FROM i.{c}" for c in columns)
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE matched AS SELECT t.row_id, ({differs}) AS changed, "
            + ", ".join(f"i.{k} AS k_{k}" for k in keys)
            + f" FROM {kind} t JOIN incoming i ON {join}"
        )
        result.updated, result.unchanged = con.execute(
            "SELECT count(*) FILTER (WHERE changed), count(*) FILTER (WHERE NOT changed) "
            "FROM matched"
        ).fetchone()
        # Unchanged rows are re-stamped too: the newer export now vouches for them, so undoing
        # the older batch alone is refused and undoing this one restores them exactly.
        con.execute(
            f"INSERT INTO {kind}_history SELECT {history_cols}, ? FROM {kind} "
            "WHERE row_id IN (SELECT row_id FROM matched)",
            [batch_id],
        )
        con.execute(f"DELETE FROM {kind} WHERE row_id IN (SELECT row_id FROM matched)")
        inserted = con.execute(
            f"INSERT INTO {kind} SELECT i.row_id, ?, i.source_row, "
            + ", ".join(f"i.{c}" for c in columns)
            + " FROM incoming i",
            [batch_id],
        ).fetchall()[0][0]
        result.inserted = inserted - result.updated - result.unchanged
        con.execute("DROP TABLE matched")
    else:
        if plan.mode == "period" and plan.period:
            period_field = SOURCE_KINDS[kind].period_field
            where = (
                f"date_trunc('month', {period_field}) BETWEEN ? AND ? AND batch_id IN "
                "(SELECT batch_id FROM import_batches WHERE status = 'importé' AND kind = ? "
                "AND json_extract_string(mapping, '$.signature') = ?)"
            )
            params = [plan.period[0], plan.period[1], kind, plan.signature]
            con.execute(
                f"INSERT INTO {kind}_history SELECT {history_cols}, ? FROM {kind} WHERE {where}",
                [batch_id, *params],
            )
            result.replaced = con.execute(f"DELETE FROM {kind} WHERE {where}", params).fetchall()[
                0
            ][0]
        result.inserted = con.execute(
            f"INSERT INTO {kind} SELECT row_id, ?, source_row, "
            + ", ".join(columns)
            + " FROM incoming",
            [batch_id],
        ).fetchall()[0][0]
    con.execute("DROP VIEW incoming")
    con.unregister("incoming_raw")


def undo_import(
    con: duckdb.DuckDBPyConnection,
    batch_id: int,
    user: str | None = None,
    identity: Identity | None = None,
) -> str:
    """Put the database back exactly as it was without this batch; French message returned."""
    if identity is not None:
        user = require(identity, IMPORT).label
    row = con.execute(
        "SELECT kind, status, file_name FROM import_batches WHERE batch_id = ?", [batch_id]
    ).fetchone()
    if row is None:
        raise ValueError(f"import n° {batch_id} introuvable")
    kind, status, file_name = row
    if status != "importé":
        raise ValueError(f"l'import n° {batch_id} ({file_name}) est déjà annulé")
    later = con.execute(
        f"SELECT DISTINCT superseded_by FROM {kind}_history WHERE batch_id = ? ORDER BY 1",
        [batch_id],
    ).fetchall()
    if later:
        numbers = ", ".join(f"n° {r[0]}" for r in later)
        raise ValueError(
            f"des lignes de l'import n° {batch_id} ont depuis été mises à jour par l'import "
            f"{numbers} : annulez d'abord ce ou ces imports plus récents"
        )
    columns = ", ".join(name for name, _ in BOOKKEEPING_COLUMNS) + ", " + ", ".join(_columns(kind))
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"DELETE FROM {kind} WHERE batch_id = ?", [batch_id])
        con.execute(
            f"INSERT INTO {kind} SELECT {columns} FROM {kind}_history WHERE superseded_by = ?",
            [batch_id],
        )
        con.execute(f"DELETE FROM {kind}_history WHERE superseded_by = ?", [batch_id])
        con.execute(
            "UPDATE import_batches SET status = 'annulé', undone_at = current_timestamp::TIMESTAMP "
            "WHERE batch_id = ?",
            [batch_id],
        )
        con.execute(
            "INSERT INTO audit_log VALUES (current_timestamp::TIMESTAMP, ?, 'annulation', ?)",
            [
                user or _current_user(),
                json.dumps({"import n°": batch_id, "fichier": file_name}, ensure_ascii=False),
            ],
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return f"Import n° {batch_id} ({file_name}) annulé : la base est revenue à son état sans lui."


def list_batches(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        "SELECT batch_id, file_name, sheet, kind, profile_name, rows_read, rows_inserted, "
        "rows_updated, rows_unchanged, rows_replaced, rows_rejected, warnings, period_from, "
        "period_to, imported_by, imported_at, status, undone_at FROM import_batches "
        "ORDER BY batch_id DESC"
    ).df()


def import_file(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    organisation: Organisation,
    *,
    archive_dir: Path | None = None,
    valid_rows_only: bool = False,
    today: dt.date | None = None,
    **options: object,
) -> ImportResult:
    """prepare + commit, for the CLI, the demo and tests."""
    plan = prepare_import(con, path, organisation, today=today, **options)  # type: ignore[arg-type]
    return commit_import(con, plan, valid_rows_only=valid_rows_only, archive_dir=archive_dir)
