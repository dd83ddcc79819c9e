"""Backup and restore of the database file.

A backup is taken while the dashboard runs: the command holds the file through the gate (no
other process has it open meanwhile), folds the write-ahead log into it (CHECKPOINT) and copies
it. The copy is a complete DuckDB file, checked by opening it before it is kept. A restore
replaces the file by a checked backup; the current file is kept beside it first.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import duckdb

from qualiboard.store.db import SCHEMA_VERSION


class BackupError(Exception):
    """Why a backup or a restore could not be done (French text); nothing was changed."""


def _check(path: Path) -> int:
    """Imports recorded in a database file, which must open and be a Qualiboard database."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise BackupError(f"« {path} » n'est pas une base DuckDB lisible ({exc})") from exc
    try:
        version = con.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        batches = con.execute("SELECT count(*) FROM import_batches").fetchone()[0]
    except duckdb.Error as exc:
        raise BackupError(f"« {path} » n'est pas une base Qualiboard") from exc
    finally:
        con.close()
    if version is None or version > SCHEMA_VERSION:
        raise BackupError(
            f"« {path} » vient d'une version plus récente de Qualiboard (schéma {version})"
        )
    return int(batches)


def backup(con: duckdb.DuckDBPyConnection, db_path: Path, target: Path) -> int:
    """Copy the open database (held by this process) to `target`; returns its import count."""
    if target.exists() and target.resolve() == db_path.resolve():
        raise BackupError("la sauvegarde ne peut pas remplacer la base elle-même")
    con.execute("CHECKPOINT")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partiel")
    shutil.copyfile(db_path, partial)
    try:
        count = _check(partial)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return count


def restore(source: Path, db_path: Path, now: dt.datetime | None = None) -> tuple[int, Path | None]:
    """Put the backup `source` in place of the database (closed by every process); returns its
    import count and where the replaced file was kept."""
    if not source.exists():
        raise BackupError(f"sauvegarde « {source} » introuvable")
    count = _check(source)
    kept = None
    if db_path.exists():
        kept = db_path.with_name(
            f"{db_path.name}.avant-restauration-{now or dt.datetime.now():%Y%m%d-%H%M%S}"
        )
        shutil.copyfile(db_path, kept)
    partial = db_path.with_name(db_path.name + ".partiel")
    shutil.copyfile(source, partial)
    wal = db_path.with_name(db_path.name + ".wal")
    wal.unlink(missing_ok=True)  # a log of the replaced file must not be replayed on the backup
    os.replace(partial, db_path)
    return count, kept
