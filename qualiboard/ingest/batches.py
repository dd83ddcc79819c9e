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
from qualiboard.domain.text import number
from qualiboard.ingest.accounting import SET_ASIDE, RowAccount, counted
from qualiboard.ingest.archive import archive_file, default_archive_dir, forget_archive
from qualiboard.ingest.asof import AsOf, detect_as_of
from qualiboard.ingest.errors import ImportRefused, Problem
from qualiboard.ingest.gcpause import collector_paused
from qualiboard.ingest.header import Table, locate_table
from qualiboard.ingest.identity import choose_identity
from qualiboard.ingest.mapping import (
    Mapping,
    Recognition,
    UnrecognisedFile,
    header_signature,
    known_header_keys,
    recognise,
    save_profile,
)
from qualiboard.ingest.normalise import as_dates, parse_dates
from qualiboard.ingest.personal import personal_columns
from qualiboard.ingest.readers import read_sheet, sheet_names
from qualiboard.ingest.recognise import CONFIDENT, Candidate
from qualiboard.ingest.validate import OLDEST_PLAUSIBLE_DATE, build_records
from qualiboard.store.access import IMPORT, Identity, require
from qualiboard.store.db import BOOKKEEPING_COLUMNS, ROW_ACCOUNTING_COLUMNS
from qualiboard.store.writer import WriteBusy, write_turn

# Natural keys of the kinds without a reference column: a newer export of the same figures
# replaces the older one instead of adding to it.
COMPOSITE_KEYS: dict[str, tuple[str, ...]] = {
    "measurements": ("indicator", "period", "service", "site"),
    "phone_calls": ("period_start", "period_end", "service"),
}
# Dimensions that delimit what a file without references covers: its rows replace only the
# rows of the same months *and* the same services and sites.
SCOPE_FIELDS = ("service", "site")


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
    undated_incomplete: int = 0  # of those, set aside: no date places them in a month
    duplicate_of: int | None = None
    mode: str = "append"
    period: tuple[dt.date, dt.date] | None = None
    rows_to_replace: int = 0
    # Records this file would update although a more recent export (later « données au »)
    # reported them: importing an older export rolls them back, so the user confirms first.
    rows_from_newer_export: int = 0
    notes: list[str] = field(default_factory=list)
    unlisted: dict[str, int] = field(default_factory=dict)  # severity -> problems not listed
    # Issue 12: why each personal column was dropped; required fields not found and their best
    # candidates; where the mapping came from ("automatique", "profil", "correspondance").
    personal_reasons: dict[str, str] = field(default_factory=dict)
    missing: dict[str, list[Candidate]] = field(default_factory=dict)
    origin: str = "automatique"
    # The table without its personal columns, kept only when the archive must be re-written.
    archive_table: pd.DataFrame | None = None
    as_of: AsOf = AsOf(None, "")  # « données au »: detected, then confirmed by the user
    # Rows set aside before validation (blank, total, incomplete, unanswered): outcome -> rows.
    set_aside: dict[str, list[int]] = field(default_factory=dict)
    set_aside_details: dict[int, str] = field(default_factory=dict)
    record_key: tuple[str, ...] = ()  # ("reference",), ("reference", "year"), composite keys
    replaces_batch: int | None = None  # same file imported before with another mapping
    replace_sentence: str = ""  # what the user confirms before rows are replaced

    @property
    def confidence(self) -> float:
        return self.mapping.confidence

    @property
    def doubtful(self) -> bool:
        """Recognised automatically with too little confidence to import without a person
        confirming the kind (the page asks; the command line wants --kind or --mapping)."""
        return self.origin == "automatique" and self.confidence < CONFIDENT

    @property
    def needs_confirmation(self) -> bool:
        """Rows already imported will be replaced: the user says yes to the sentence first."""
        return bool(self.rows_to_replace or self.replaces_batch or self.rows_from_newer_export)

    def preview_sentence(self) -> str:
        """Before the import: how many rows will be written and which are set aside, and why."""
        account = self.account()
        written = account.count("added")
        text = (
            f"{number(account.read)} lignes lues : {number(written)} à importer, "
            f"{number(account.set_aside)} écartées"
        )
        aside = [
            f"{counted(account.count(o), o)} ({account.listed(o)})"
            for o in SET_ASIDE
            if account.count(o)
        ]
        return text + (" — " + " ; ".join(aside) if aside else "")

    def account(self, valid_rows_only: bool = False) -> RowAccount:
        """The accounts as far as the plan knows them: written rows all counted as added until
        the commit tells updated and unchanged ones apart."""
        account = RowAccount(self.rows_read)
        for outcome, rows in self.set_aside.items():
            account.add(outcome, rows)
        account.details.update(self.set_aside_details)
        account.add("invalid", sorted({int(r) for r in self.invalid_rows}))
        records = _merge_duplicates(self, self.valid_records(), account)
        written = {int(r) for r in records["source_row"].tolist()}
        account.add("added", sorted(written))
        return account

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
UPLOAD_MAX_AGE = dt.timedelta(hours=6)


def store_upload(name: str, data: bytes) -> Path:
    """A file received by the browser, kept under its content hash until it is imported or
    refused (`discard_upload`); the archive keeps imported files for good. Uploads left behind
    by a closed tab are removed after a few hours."""
    _remove_stale_uploads()
    folder = UPLOAD_DIR / hashlib.sha256(data).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(name).name
    if not path.exists():
        path.write_bytes(data)
    return path


def discard_upload(path: Path) -> None:
    """Delete an uploaded file once it is imported or refused (never a file outside uploads)."""
    path = Path(path)
    if UPLOAD_DIR.resolve() not in path.resolve().parents:
        return
    shutil.rmtree(path.parent, ignore_errors=True)


def _remove_stale_uploads() -> None:
    if not UPLOAD_DIR.exists():
        return
    oldest = (dt.datetime.now() - UPLOAD_MAX_AGE).timestamp()
    for folder in UPLOAD_DIR.iterdir():
        try:
            if folder.stat().st_mtime < oldest:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _existing_names(con: duckdb.DuckDBPyConnection, kind: str) -> dict[str, dict[str, str]]:
    from qualiboard.domain.text import fold

    names: dict[str, dict[str, str]] = {}
    for f in SOURCE_KINDS[kind].fields:
        if f.type in ("service", "label") and f.name not in ("question", "criterion"):
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
    set_aside_incomplete: bool = False,
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
                set_aside_incomplete=set_aside_incomplete,
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
    set_aside_incomplete: bool = False,
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
    table = locate_table(raw.frame, known_header_keys(), raw.field_counts, raw.blank_rows)
    if table is None or table.body.empty:
        what = "aucune ligne de données" if table is not None else "aucune ligne d'en-têtes"
        raise ImportRefused(file_name, f"{what} trouvée", sheet=raw.name)
    signature = header_signature(table.headers)
    # --- recognition and personal data (issue 12: recognise.py, personal.py, mapping.py) ---
    personal = personal_columns(table.headers, table.body)
    recognition = recognise(
        con,
        table.headers,
        table.body,
        set(personal),
        file_name=file_name,
        kind=kind,
        mapping=mapping,
        profile=profile,
    )
    if recognition.mapping is None or (
        recognition.missing and recognition.origin == "automatique" and kind is None
    ):
        raise _unrecognised(file_name, raw.name, table.headers, recognition)
    mapping, profile_name = recognition.mapping, recognition.profile_name
    absent = [h for h in mapping.columns.values() if h not in table.headers]
    if absent:
        raise ImportRefused(
            file_name, f"colonnes introuvables dans le fichier : {', '.join(absent)}", raw.name
        )
    dropped = list(personal)
    # --- end of issue 12 block ---
    record_identity = choose_identity(
        mapping, [h for h in table.headers if h not in dropped], table.body
    )
    clean_mapping = record_identity.mapping
    totals = _total_lines(table, clean_mapping)
    footer = sorted(set(table.footer_rows) - totals)
    body = table.body.drop(index=[*totals, *footer]) if totals or footer else table.body
    used = clean_mapping.headers()
    ignored = [h for h in table.headers if h not in used and h not in dropped]
    records = build_records(
        body,
        clean_mapping,
        organisation,
        today,
        _existing_names(con, mapping.kind),
        set_aside_incomplete=set_aside_incomplete,
    )
    problems, invalid = records.problems, set(records.invalid_rows)
    for row, count in table.ragged_rows.items():
        if row in totals:
            continue
        invalid.add(row)
        message = (
            "guillemet mal fermé : cette ligne absorbe la ou les lignes suivantes dans une seule "
            "cellule ; corrigez le guillemet"
            if count < 0
            else f"la ligne compte {count} champs au lieu des {table.header_fields} de l'en-tête "
            "(guillemet non refermé ou séparateur en trop) : ses cellules seraient décalées"
        )
        problems.insert(0, Problem("erreur", message, row))
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
        problems=problems,
        invalid_rows=invalid,
        dropped_personal=dropped,
        personal_reasons=personal,
        archive_table=table.body.drop(columns=dropped) if dropped else table.body,
        missing=recognition.missing,
        origin=recognition.origin,
        ignored_columns=ignored,
        rows_read=len(table.body) + len(table.blank_rows),
        total_rows_dropped=len(totals),
        incomplete_responses=records.incomplete_responses,
        undated_incomplete=records.undated_incomplete,
        unlisted=records.unlisted,
        set_aside={
            "blank": list(table.blank_rows),
            "total": sorted(totals),
            "footer": footer,
            "incomplete": list(records.incomplete_rows),
            "unanswered": list(records.unanswered_rows),
        },
        record_key=record_identity.key,
    )
    plan.notes.extend(record_identity.notes)
    if records.masked_cells:
        plan.notes.append(
            f"{number(records.masked_cells)} cellule(s) de texte libre citaient une adresse "
            "électronique, un numéro de téléphone ou de sécurité sociale : ces valeurs sont "
            "masquées, jamais enregistrées"
        )
    _same_file_before(con, plan)
    plan.as_of = detect_as_of(
        raw.frame,
        table.header_row,
        file_name,
        records.frame,
        clean_mapping.kind,
        today,
        footer_rows=footer,
    )
    kind_def = SOURCE_KINDS[clean_mapping.kind]
    for end in dict.fromkeys(d.end for d in kind_def.delays):
        if end not in clean_mapping.columns:
            measured = ", ".join(d.label for d in kind_def.delays if d.end == end)
            plan.notes.append(
                f"pas de colonne « {kind_def.field(end).label} » : {measured} non calculable "
                "pour ce fichier ; ses enregistrements ne comptent ni en retard ni dans le délai"
            )
    if plan.incomplete_responses:  # issue 12: unfinished survey responses, never silently
        n, undated = plan.incomplete_responses, plan.undated_incomplete
        if set_aside_incomplete:
            kept = "écartées à votre demande"
        elif undated:
            kept = (
                f"{n - undated} conservée(s), datée(s) par un autre horodatage du fichier ; "
                f"{undated} écartée(s) : aucune date ne permet de les rattacher à un mois et le "
                "fichier couvre plusieurs mois"
            )
        else:
            kept = (
                "conservées avec leurs réponses, datées par un autre horodatage du fichier "
                "ou, à défaut, par sa date la plus récente (fichier d'un seul mois)"
            )
        plan.notes.append(f"{n} réponse(s) non terminée(s) (sans date de soumission) : {kept}")
    _plan_write_mode(con, plan)
    return plan


def _unrecognised(
    file_name: str, sheet: str | None, headers: list[str], recognition: Recognition
) -> UnrecognisedFile:
    """Refusal of a file no kind fits, saying which columns came close."""
    reason = "type de données non reconnu"
    if recognition.mapping is not None and recognition.missing:
        kind = SOURCE_KINDS[recognition.mapping.kind]
        parts = []
        for name, candidates in recognition.missing.items():
            close = ", ".join(f"« {c.header} » ({c.score:.2f})" for c in candidates)
            parts.append(
                f"{kind.field(name).label} introuvable"
                + (f" (colonnes proches : {close})" if close else "")
            )
        reason += f" ; au plus près : {kind.label.lower()}, " + " ; ".join(parts)
    reason += " ; précisez le type (--kind) ou une correspondance de colonnes (--mapping)"
    return UnrecognisedFile(
        file_name, reason, sheet, headers, recognition.mapping, recognition.missing
    )


def _filled(cell: object) -> bool:
    return cell is not None and cell == cell and bool(str(cell).strip())


def _is_plausible_date(cell: object) -> bool:
    """A date a record may have; a count under a date header (« Total | 3 ») is none."""
    parsed, unreadable = parse_dates(pd.Series([cell], dtype=object))
    return not unreadable.iloc[0] and parsed.iloc[0] >= OLDEST_PLAUSIBLE_DATE


def _total_lines(table: Table, mapping: Mapping) -> set[int]:
    """Candidate total lines (first cell exactly « Total », « Sous-total »…) that have neither
    a reference nor a date of their own: a record whose reference or event date is filled is
    data, whatever its first cell says (a desk called « Ensemble »). Where a row sums up a
    period, the period is no date of its own: « Total | janv-26 | 1 794 » is a total."""
    kind = SOURCE_KINDS[mapping.kind]
    reference = mapping.columns.get("reference")
    dates = (
        []
        if kind.rows_are_periods
        else [mapping.columns.get(f.name) for f in kind.fields if f.type == "date"]
    )
    columns = set(table.body.columns)
    totals = set()
    for row, word_header in table.total_candidates.items():
        if (
            reference in columns
            and reference != word_header
            and _filled(table.body.at[row, reference])
        ):
            continue
        cells = [table.body.at[row, h] for h in dates if h in columns and h != word_header]
        if any(_is_plausible_date(cell) for cell in cells if _filled(cell)):
            continue
        totals.add(row)
    return totals


def _same_file_before(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> None:
    """The same file (sha256, sheet) already imported: with the same mapping nothing is added;
    with another mapping, this import replaces the earlier one in one transaction."""
    row = con.execute(
        "SELECT batch_id, mapping FROM import_batches WHERE sha256 = ? AND status = 'importé' "
        "AND coalesce(sheet, '') = coalesce(?, '') ORDER BY batch_id DESC LIMIT 1",
        [plan.sha256, plan.sheet],
    ).fetchall()  # fetched to the end: a pending result blocks `register` later on
    if not row:
        return
    row = row[0]
    earlier = json.loads(row[1]) if row[1] else {}
    earlier.pop("signature", None)
    if earlier == json.loads(plan.mapping.to_json()):
        plan.duplicate_of = row[0]
        return
    plan.replaces_batch = row[0]
    plan.notes.append(
        f"ce fichier a déjà été importé (import n° {row[0]}) avec une autre correspondance de "
        "colonnes : cet import-là sera annulé et remplacé par celui-ci, dans la même opération"
    )


def same_record_condition(period_field: str, t: str = "t", i: str = "i") -> str:
    """When a stored row `t` and an incoming row `i` are the same record, by reference.

    A blank reference never matches (`=` is never true for NULL). The reference alone is not
    enough across files: registers restart their numbering each year, and two services of one
    town number their own letters from 1. A record keeps its year from one export to the next,
    and keeps either its date or its service (a letter passed to another service keeps its
    date), so both are required too."""
    return (
        f"{t}.reference = {i}.reference "
        f"AND year({t}.{period_field}) IS NOT DISTINCT FROM year({i}.{period_field}) "
        f"AND ({t}.{period_field} IS NOT DISTINCT FROM {i}.{period_field} "
        f"OR {t}.service IS NOT DISTINCT FROM {i}.service)"
    )


def _references_matching(
    con: duckdb.DuckDBPyConnection, plan: ImportPlan, where: str, params: list[object]
) -> int:
    """Distinct incoming references with a stored row `t` (joined to its batch `b`) such that
    `where` holds; `i` is the incoming row (reference, period date, service)."""
    kind, period_field = plan.kind, SOURCE_KINDS[plan.kind].period_field
    records = plan.valid_records()
    if records.empty or not con.execute(f"SELECT count(*) FROM {kind}").fetchall()[0][0]:
        return 0
    incoming = pd.DataFrame(
        {
            "reference": records["reference"].astype(object),
            period_field: as_dates(records[period_field]),
            "service": records["service"].astype(object)
            if "service" in records
            else pd.Series(None, index=records.index, dtype=object),
        }
    ).dropna(subset=["reference"])
    incoming["reference"] = incoming["reference"].astype(str)
    con.register("numbers_raw", incoming)
    try:
        return con.execute(
            f"SELECT count(DISTINCT i.reference) FROM numbers_raw i JOIN {kind} t "
            "ON t.reference = i.reference JOIN import_batches b ON b.batch_id = t.batch_id "
            f"WHERE {where}",
            params,
        ).fetchall()[0][0]
    finally:
        con.unregister("numbers_raw")


def _other_records_with_same_numbers(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> int:
    """Incoming references already held by a stored record of another year, or of another
    service with another date: those are other records, kept side by side (the user is told)."""
    period_field = SOURCE_KINDS[plan.kind].period_field
    return _references_matching(con, plan, f"NOT ({same_record_condition(period_field)})", [])


def _records_from_newer_exports(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> int:
    """Stored records this file would update although an export dated after this file's
    « données au » reported them: a catch-up import of an older extraction rolls them back."""
    if plan.as_of.day is None:
        return 0
    period_field = SOURCE_KINDS[plan.kind].period_field
    return _references_matching(
        con, plan, f"b.as_of > ? AND {same_record_condition(period_field)}", [plan.as_of.day]
    )


def _plan_write_mode(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> None:
    kind = SOURCE_KINDS[plan.kind]
    if plan.record_key:
        plan.mode = "reference"
        if "year" in plan.record_key:
            plan.mode = "reference_year"
        plan.rows_from_newer_export = _records_from_newer_exports(con, plan)
        if plan.rows_from_newer_export:
            plan.notes.append(
                f"{number(plan.rows_from_newer_export)} enregistrement(s) de ce fichier viennent "
                "d'un export plus récent que lui (données au "
                f"{plan.as_of.day:%d/%m/%Y} pour ce fichier) : l'importer les ramènerait à leur "
                "état plus ancien ; confirmez seulement si c'est voulu"
            )
        others = _other_records_with_same_numbers(con, plan)
        if others:
            plan.notes.append(
                f"{number(others)} numéro(s) de ce fichier existent déjà en base pour d'autres "
                "enregistrements (autre année, ou autre service à une autre date) : ce sont des "
                "enregistrements distincts, conservés côte à côte, rien n'est écrasé"
            )
        return
    if plan.kind in COMPOSITE_KEYS:
        plan.mode = "composite"
        plan.record_key = COMPOSITE_KEYS[plan.kind]
        return
    if kind.key and kind.key not in plan.mapping.columns:
        plan.notes.append(
            "pas de colonne de référence : les lignes déjà importées d'un export de même format, "
            "des mêmes mois et du même périmètre (services, sites) seront remplacées"
        )
    dates = as_dates(plan.valid_records()[kind.period_field]).dropna()
    if dates.empty:
        return
    first = dates.min().date().replace(day=1)
    last = dates.max().date().replace(day=1)
    plan.mode = "period"
    plan.period = (first, last)
    plan.rows_to_replace, plan.replace_sentence = _replacement(con, plan, plan.valid_records())
    if plan.rows_to_replace:
        plan.notes.append(plan.replace_sentence)


def _scope_fields(kind: str) -> list[str]:
    stored = {name for name, _ in SOURCE_KINDS[kind].stored_columns}
    return [f for f in SCOPE_FIELDS if f in stored]


def _register_scope(con: duckdb.DuckDBPyConnection, kind: str, records: pd.DataFrame) -> None:
    """The (month, service, site) combinations a file covers, as the temp table `scope`."""
    period_field = SOURCE_KINDS[kind].period_field
    months = as_dates(records[period_field]).dt.to_period("M").dt.to_timestamp()
    scope = pd.DataFrame({"m": months})
    for name in _scope_fields(kind):
        values = records[name] if name in records else pd.Series(None, index=records.index)
        scope[name] = values.astype(object).where(values.notna(), "").astype(str).to_numpy()
    scope = scope.dropna(subset=["m"]).drop_duplicates()
    con.register("scope_raw", scope)
    con.execute("CREATE OR REPLACE TEMP TABLE scope AS SELECT * FROM scope_raw")
    con.unregister("scope_raw")


def _replaced_where(plan: ImportPlan) -> tuple[str, list[object]]:
    """Rows of the same export format (header signature), months and services/sites."""
    kind, period_field = plan.kind, SOURCE_KINDS[plan.kind].period_field
    same_scope = " AND ".join(
        [f"s.m = date_trunc('month', {kind}.{period_field})"]
        + [f"s.{f} = coalesce({kind}.{f}, '')" for f in _scope_fields(kind)]
    )
    where = (
        f"EXISTS (SELECT 1 FROM scope s WHERE {same_scope}) AND {kind}.batch_id IN "
        "(SELECT batch_id FROM import_batches WHERE status = 'importé' AND kind = ? "
        "AND json_extract_string(mapping, '$.signature') = ? AND batch_id <> ?)"
    )
    return where, [plan.kind, plan.signature, plan.replaces_batch or -1]


def _replacement(
    con: duckdb.DuckDBPyConnection, plan: ImportPlan, records: pd.DataFrame
) -> tuple[int, str]:
    """How many rows this file replaces, and the sentence the user confirms."""
    kind, period_field = plan.kind, SOURCE_KINDS[plan.kind].period_field
    _register_scope(con, kind, records)
    where, params = _replaced_where(plan)
    groups = con.execute(
        f"SELECT {kind}.batch_id, any_value(b.file_name), count(*), min({period_field}), "
        f"max({period_field}) FROM {kind} JOIN import_batches b USING (batch_id) WHERE {where} "
        "GROUP BY ALL ORDER BY 1",
        params,
    ).fetchall()
    total = sum(g[2] for g in groups)
    if not total:
        return 0, ""
    scope_values = {
        f: sorted(
            v[0] for v in con.execute(f"SELECT DISTINCT {f} FROM scope WHERE {f} <> ''").fetchall()
        )
        for f in _scope_fields(kind)
    }
    where_text = ", ".join(
        f"{'services' if f == 'service' else 'sites'} : {_few(values)}"
        for f, values in scope_values.items()
        if values
    )
    batches = " ; ".join(
        f"{number(count)} de l'import n° {batch} (« {name} », {lo:%d/%m/%Y} – {hi:%d/%m/%Y})"
        for batch, name, count, lo, hi in groups
    )
    assert plan.period is not None
    sentence = (
        f"{number(total)} ligne{'s' if total > 1 else ''} déjà importée{'s' if total > 1 else ''} "
        f"seront remplacées par celles de ce fichier : {batches}. Seules les lignes de même "
        f"format d'export, des mois couverts ({plan.period[0]:%m/%Y} à {plan.period[1]:%m/%Y})"
        + (f" et du même périmètre ({where_text})" if where_text else "")
        + " sont concernées ; les autres ne sont pas touchées."
    )
    return total, sentence


def _few(values: list[str], limit: int = 6) -> str:
    shown = ", ".join(values[:limit])
    return shown + (f" et {len(values) - limit} autres" if len(values) > limit else "")


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
            text += f" ; {number(self.replaced)} lignes déjà importées remplacées"
        if self.replaced_batch:
            text += f" ; l'import n° {self.replaced_batch} du même fichier est remplacé"
        return text + f" ; {number(self.warnings)} avertissements."


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
    result = ImportResult(None, plan.file_name, plan.kind)
    if archive_dir is not None:  # issue 12: personal columns never reach the archive
        result.archive_note = archive_file(
            archive_dir, plan.path, plan.sha256, plan.dropped_personal, plan.archive_table
        )
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
            "status": "importé",
            "rows_invalid": account.count("invalid"),
            "rows_total_lines": account.count("total"),
            "rows_blank": account.count("blank"),
            "rows_duplicate": account.count("duplicate"),
            "rows_incomplete": account.count("incomplete"),
            "rows_unanswered": account.count("unanswered"),
            "rows_outside": account.count("outside"),
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
                        "lues": plan.rows_read,
                        "ajoutées": result.inserted,
                        "mises à jour": result.updated,
                        "inchangées": result.unchanged,
                        "écartées": result.rejected,
                        "données au": plan.as_of.text,
                        "remplace l'import n°": plan.replaces_batch or "",
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


def _merge_duplicates(plan: ImportPlan, records: pd.DataFrame, account: RowAccount) -> pd.DataFrame:
    """Rows of the file that a later row repeats under the same key: the later row wins, the
    earlier ones are counted as duplicates merged into it (never silently dropped). A blank
    reference never makes two rows the same record."""
    if not plan.record_key or plan.mapping.questions or records.empty:
        return records
    kind = SOURCE_KINDS[plan.kind]
    keys = pd.DataFrame(index=records.index)
    for name in plan.record_key:
        if name == "year":
            keys[name] = as_dates(records[kind.period_field]).dt.year
        else:
            keys[name] = records[name].astype(object) if name in records else None
    if plan.mode != "composite":
        blank = keys["reference"].isna()
    else:
        blank = pd.Series(False, index=records.index)
    repeated = keys.duplicated(keep="last") & ~blank
    if not repeated.any():
        return records
    winners = (
        records.loc[~repeated & ~blank, ["source_row"]]
        .join(keys)
        .drop_duplicates(subset=list(plan.record_key), keep="last")
    )
    merged = records.loc[repeated, ["source_row"]].join(keys)
    merged = merged.merge(winners, on=list(plan.record_key), suffixes=("", "_kept"), how="left")
    detail = {
        int(r): f"même enregistrement que la ligne {int(k)}"
        for r, k in zip(merged["source_row"], merged["source_row_kept"], strict=True)
        if k == k
    }
    account.add("duplicate", merged["source_row"].astype(int).tolist(), detail)
    return records.loc[~repeated]


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
    columns = _columns(kind)
    period_field = SOURCE_KINDS[kind].period_field
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
    all_columns = _all_columns(kind)
    history = f"INSERT INTO {kind}_history ({all_columns}, superseded_by) SELECT {all_columns}, ?"
    matched_rows: set[int] = set()
    existing_rows = con.execute(f"SELECT count(*) FROM {kind}").fetchall()[0][0]
    if plan.mode in ("reference", "reference_year", "composite") and existing_rows:
        differs = " OR ".join(f"t.{c} IS DISTINCT FROM i.{c}" for c in columns)
        if plan.mode == "composite":
            join = " AND ".join(f"t.{k} IS NOT DISTINCT FROM i.{k}" for k in plan.record_key)
        else:
            join = same_record_condition(period_field)
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
            f"SELECT t.row_id, i.source_row, ({differs}) AS changed "
            f"FROM {kind} t JOIN incoming i ON {join}{natural}"
        )
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
        con.execute(
            f"{history} FROM {kind} WHERE row_id IN (SELECT row_id FROM matched)", [batch_id]
        )
        con.execute(f"DELETE FROM {kind} WHERE row_id IN (SELECT row_id FROM matched)")
        con.execute("DROP TABLE matched")
    elif plan.mode == "period" and plan.period:
        _register_scope(con, kind, records)
        where, params = _replaced_where(plan)
        con.execute(f"{history} FROM {kind} WHERE {where}", [batch_id, *params])
        result.replaced = con.execute(f"DELETE FROM {kind} WHERE {where}", params).fetchall()[0][0]
    con.execute(
        f"INSERT INTO {kind} ({all_columns}) SELECT row_id, ?, source_row, "
        + ", ".join(columns)
        + " FROM incoming",
        [batch_id],
    )
    written = set(pd.unique(incoming["source_row"]).astype(int).tolist())
    account.add("added", sorted(written - matched_rows))
    con.execute("DROP VIEW incoming")
    con.unregister("incoming_raw")


def _undo_rows(con: duckdb.DuckDBPyConnection, batch_id: int, status: str) -> tuple[str, str]:
    """Put the rows back as they were without this batch, inside the caller's transaction."""
    row = con.execute(
        "SELECT kind, status, file_name FROM import_batches WHERE batch_id = ?", [batch_id]
    ).fetchall()
    if not row:
        raise ValueError(f"import n° {batch_id} introuvable")
    kind, current, file_name = row[0]
    if current != "importé":
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
        "UPDATE import_batches SET status = 'annulé', undone_at = current_timestamp::TIMESTAMP "
        "WHERE batch_id = ?",
        [batch_id],
    )
    return kind, file_name


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
        "UPDATE import_batches SET status = 'remplacé', undone_at = current_timestamp::TIMESTAMP "
        "WHERE batch_id = ?",
        [old],
    )


def _restore_replaced(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """Undoing a batch that replaced an earlier import of the same file brings that one back."""
    row = con.execute(
        "SELECT b.batch_id, b.kind FROM import_batches n JOIN import_batches b "
        "ON b.batch_id = n.replaced_batch WHERE n.batch_id = ? AND b.status = 'remplacé'",
        [batch_id],
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
        "UPDATE import_batches SET status = 'importé', undone_at = NULL WHERE batch_id = ?", [old]
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
        "SELECT sha256 FROM import_batches WHERE batch_id = ?", [batch_id]
    ).fetchall()
    sha256 = found[0][0] if found else None
    con.execute("BEGIN TRANSACTION")
    try:
        try:
            _restore_replaced(con, batch_id)
            _, file_name = _undo_rows(con, batch_id, "importé")
        except ImportRefused as refused:
            raise ValueError(refused.reason) from refused
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
    # Issue 12: the archived copy goes too, unless another import still refers to it.
    forget_archive(con, archive_dir or default_archive_dir(con), sha256)
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
        plan.as_of = AsOf(as_of, "saisie")
    return commit_import(con, plan, valid_rows_only=valid_rows_only, archive_dir=archive_dir)
