"""What an import will do, worked out before anything is written: the plan the user confirms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.text import number
from qualiboard.ingest.accounting import SET_ASIDE, RowAccount, counted
from qualiboard.ingest.asof import AsOf
from qualiboard.ingest.errors import Problem
from qualiboard.ingest.mapping import Mapping
from qualiboard.ingest.normalise import as_dates
from qualiboard.ingest.recognise import CONFIDENT, Candidate

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
    # The working-day table is filled for it when the rows are written, not when figures are read.
    territory: str = "metropole"
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
        text = f"{account.read_text()} : {number(written)} à importer, {account.set_aside_text()}"
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


COMPOSITE_KEYS: dict[str, tuple[str, ...]] = {
    "measurements": ("indicator", "period", "service", "site"),
    "phone_calls": ("period_start", "period_end", "service"),
}


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
