"""The archive of imported files (data/archive/), without citizens' personal data.

A file with no personal column is kept as it came, under its sha256. A file with personal
columns is kept re-written as a CSV of the imported table without those columns; when that cannot
be done, it is not kept at all, and the user is told. A workbook is always re-written, one
archive per imported sheet. Archived files are readable by their owner only (0600); undoing the
last import of a file (or of a sheet) removes it.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path

import duckdb
import pandas as pd

from qualiboard.domain.statuses import BATCH_IMPORTED
from qualiboard.ingest.duration_units import duration_text
from qualiboard.ingest.personal import mask_personal_values
from qualiboard.ingest.readers import TEXT_SUFFIXES

FILE_MODE = 0o600
DIR_MODE = 0o700
CLEANED_SUFFIX = ".sans-donnees-personnelles.csv"


def archived_paths(archive_dir: Path, sha256: str) -> list[Path]:
    """Every archive of a file: as it came, re-written, and one per sheet of a workbook
    (archives written before sheets were told apart are `<sha256>.sans-donnees-…csv`)."""
    return sorted(archive_dir.glob(f"{sha256}.*")) if archive_dir.is_dir() else []


def cleaned_path(archive_dir: Path, sha256: str, sheet: str | None = None) -> Path:
    """A re-written archive, one per sheet: two sheets of one workbook are two tables. The
    sheet's name may hold any character (« Oct 2026 🎃 », « a/b »): its hash names the file."""
    if sheet is None:
        return archive_dir / f"{sha256}{CLEANED_SUFFIX}"
    key = hashlib.sha256(sheet.encode("utf-8")).hexdigest()[:16]
    return archive_dir / f"{sha256}.feuille-{key}{CLEANED_SUFFIX}"


def _private_dir(archive_dir: Path) -> None:
    archive_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # a shared folder we do not own keeps its mode
        os.chmod(archive_dir, DIR_MODE)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return (
            value.strftime("%d/%m/%Y %H:%M:%S")
            if value.time() != dt.time()
            else (value.strftime("%d/%m/%Y"))
        )
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.timedelta):
        return duration_text(value)  # « -00:00:45 », « 36:00:00 »: readable again as durations
    return str(value)


def archive_file(
    archive_dir: Path,
    source: Path,
    sha256: str,
    personal: list[str],
    table: pd.DataFrame | None,
    sheet: str | None = None,
) -> str:
    """Keep the file in the archive; returns what was done, in French, for the user. An e-mail
    address or phone number quoted in any text cell (a remark, a subject) is masked there too:
    the file is then kept re-written, never as it came."""
    _private_dir(archive_dir)
    masked = 0
    if table is not None:
        table, masked = _masked_texts(table)
    # A workbook can hide what the import never reads (other or hidden sheets, cell comments):
    # only a text file is kept as it came, and only when nothing personal was found in it.
    workbook = source.suffix.lower() not in TEXT_SUFFIXES
    if not personal and not masked and not (workbook and table is not None):
        target = archive_dir / f"{sha256}{source.suffix.lower()}"
        if not target.exists():
            partial = target.with_suffix(target.suffix + ".partiel")
            shutil.copyfile(source, partial)
            os.chmod(partial, FILE_MODE)
            partial.replace(target)
        return "fichier archivé tel quel"
    target = cleaned_path(archive_dir, sha256, sheet if workbook else None)
    if table is None:
        return (
            "fichier non archivé : ses colonnes de données personnelles ne peuvent pas en être "
            "retirées"
        )
    # The same table imported again is archived already: told as the first time.
    if not target.exists() and not _write_cleaned(target, table, personal):
        return (
            "fichier non archivé : ses colonnes de données personnelles n'ont pas pu en être "
            "retirées"
        )
    removed = []
    if workbook:
        removed.append("seul le tableau importé est gardé, ni autres feuilles ni commentaires")
    if personal:
        removed.append(", ".join(f"« {c} »" for c in personal) + " retirées")
    if masked:
        removed.append(
            f"{masked} cellule{'s' if masked > 1 else ''} de texte citant une adresse "
            "électronique ou un numéro masquée" + ("s" if masked > 1 else "")
        )
    if not personal and not masked:
        return f"fichier archivé réécrit en CSV ({' ; '.join(removed)})"
    what = "colonnes de données personnelles" if personal else "données personnelles"
    return f"fichier archivé sans ses {what} (réécrit en CSV : {' ; '.join(removed)})"


def _masked_texts(table: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The table with every personal value quoted in a text cell masked, and how many cells."""
    total, columns = 0, {}
    for column in table.columns:
        values = table[column]
        if values.dtype.kind in "biufcmM":  # numbers and dates quote no address
            continue
        masked, count = mask_personal_values(values)
        if count:
            columns[column], total = masked, total + count
    return (table.assign(**columns) if columns else table), total


def default_archive_dir(con: duckdb.DuckDBPyConnection) -> Path | None:
    """data/archive/ beside the database file, as the CLI and the page use it."""
    try:
        rows = con.execute("SELECT path FROM duckdb_databases() WHERE NOT internal").fetchall()
    except duckdb.Error:
        return None
    for (path,) in rows:
        if path:
            return Path(path).parent / "archive"
    return None


def forget_archive(
    con: duckdb.DuckDBPyConnection,
    archive_dir: Path | None,
    sha256: str,
    sheet: str | None = None,
) -> bool:
    """After an undo: remove the archived file unless another import still refers to it; of a
    workbook, the undone sheet's archive unless that sheet is still imported."""
    if archive_dir is None:
        return False
    still = {
        row[0]
        for row in con.execute(
            "SELECT sheet FROM import_batches WHERE sha256 = ? AND status = ?",
            [sha256, BATCH_IMPORTED],
        ).fetchall()
    }
    if not still:
        paths = archived_paths(archive_dir, sha256)
    elif sheet is not None and sheet not in still:
        paths = [cleaned_path(archive_dir, sha256, sheet)]
    else:
        return False
    removed = False
    for path in paths:
        if path.exists():
            path.unlink()
            removed = True
    return removed


def _write_cleaned(target: Path, table: pd.DataFrame, personal: list[str]) -> bool:
    """The imported table without its personal columns, as a French CSV; False if it failed
    (nothing half-written is left behind)."""
    kept = [c for c in table.columns if c not in personal]
    partial = target.with_suffix(".partiel")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with open(fd, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(["Ligne du fichier", *kept])
            for row, values in zip(
                table.index.tolist(), table[kept].itertuples(index=False), strict=True
            ):
                writer.writerow([row, *(_cell(v) for v in values)])
        partial.replace(target)
    except (OSError, ValueError, TypeError):
        partial.unlink(missing_ok=True)
        return False
    return True
