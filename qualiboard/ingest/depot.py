"""Drop folder: files put in `data/depot/` by nightly jobs are imported like a manual import.

A file is taken only once its size and modification time have stayed the same over two looks
and it is a few seconds old, so that a copy still running is never imported half. It goes
through the same prepare/commit as the import page, as « dépôt automatique », then moves to
`importés/` or to `refusés/` with a French report beside it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from qualiboard.domain.config import Organisation
from qualiboard.domain.labels import kind_label
from qualiboard.domain.text import count_of, number
from qualiboard.ingest.batches import commit_import
from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.prepare import prepare_import
from qualiboard.ingest.replacement import newer_export_text
from qualiboard.store.access import QUALITE, Identity

DEPOT_AUTHOR = Identity("dépôt automatique", "dépôt automatique", QUALITE, via="système")
IMPORTED, REFUSED = "importés", "refusés"
# Seconds a file must have stayed unchanged before it is taken.
SETTLE_SECONDS = float(os.environ.get("QUALIBOARD_DEPOT_SETTLE", "2"))
READABLE = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt", ".tsv"}


def depot_folder(organisation: Organisation, db_path: Path) -> Path:
    """QUALIBOARD_DEPOT, else `organisation.depot` of indicators.yaml, else beside the base."""
    chosen = os.environ.get("QUALIBOARD_DEPOT") or organisation.depot
    return Path(chosen) if chosen else db_path.parent / "depot"


@dataclass
class DropOutcome:
    file_name: str
    imported: bool
    message: str
    moved_to: Path


@dataclass
class Watcher:
    """Which files of the folder are complete: unchanged since the previous look."""

    folder: Path
    seen: dict[Path, tuple[int, float]] = field(default_factory=dict)

    def ready(self, now: float | None = None) -> list[Path]:
        now = dt.datetime.now().timestamp() if now is None else now
        current: dict[Path, tuple[int, float]] = {}
        try:
            entries = sorted(self.folder.iterdir())
        except OSError:
            return []  # a share not mounted yet: look again next time
        for path in entries:
            # Office's lock files (~$…) and the hidden files of copies in progress are not data.
            if not path.is_file() or path.name.startswith(("~$", ".")):
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            current[path] = (stat.st_size, stat.st_mtime)
        ready = [
            path
            for path, state in current.items()
            if self.seen.get(path) == state and now - state[1] >= SETTLE_SECONDS
        ]
        self.seen = {p: s for p, s in current.items() if p not in ready}
        return ready


def _destination(folder: Path, name: str, stamp: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{stamp}_{name}"
    counter = 2
    while target.exists():
        target = folder / f"{stamp}_{counter}_{name}"
        counter += 1
    return target


def _report(refused: ImportRefused, path: Path, when: dt.datetime) -> str:
    lines = [
        f"Fichier : {path.name}",
        f"Déposé dans : {path.parent}",
        f"Examiné le : {when:%d/%m/%Y à %H:%M}",
        "",
        f"REFUSÉ — {refused}",
        "",
        "Rien n'a été importé : la base est restée telle qu'elle était.",
    ]
    if refused.problems:
        lines += ["", "Lignes en cause :"]
        lines += ["  " + p.describe(refused.file_name, refused.sheet) for p in refused.problems]
        if refused.total_problems > len(refused.problems):
            others = refused.total_problems - len(refused.problems)
            lines.append(f"  … et {count_of(others, 'autre', 'autres')}")
    lines += [
        "",
        "Que faire : corrigez le fichier puis déposez-le à nouveau, ou importez-le depuis la page "
        "« Import des données », qui permet de choisir le type et les colonnes.",
    ]
    return "\n".join(lines) + "\n"


def import_dropped(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    organisation: Organisation,
    *,
    archive_dir: Path | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> DropOutcome:
    """Import one dropped file as the page would, then move it out of the folder. Whatever the
    file holds, the outcome is a DropOutcome; the database is unchanged when it is refused."""
    now = now or dt.datetime.now()
    stamp = f"{now:%Y%m%d-%H%M%S}"
    try:
        if path.suffix.lower() not in READABLE:
            raise ImportRefused(
                path.name,
                f"format « {path.suffix or 'sans extension'} » non lu (déposez un fichier xlsx, "
                "xlsm, xls, ods ou csv)",
            )
        plan = prepare_import(con, path, organisation, today=today)
        if plan.doubtful:
            raise ImportRefused(
                path.name,
                f"reconnaissance incertaine (confiance {number(plan.confidence, 2)}, type proposé "
                f"« {kind_label(plan.kind)} ») : un dépôt automatique n'importe que ce qu'il "
                "reconnaît sûrement ; importez ce fichier une fois depuis la page en enregistrant "
                "un profil de correspondance, les suivants seront reconnus",
                plan.sheet,
            )
        if plan.rows_from_newer_export:
            raise ImportRefused(
                path.name,
                newer_export_text(plan.rows_from_newer_export),
                plan.sheet,
            )
        result = commit_import(con, plan, archive_dir=archive_dir, identity=DEPOT_AUTHOR)
    except ImportRefused as refused:
        target = _destination(path.parent / REFUSED, path.name, stamp)
        shutil.move(path, target)
        report = target.with_name(target.name + ".txt")
        report.write_text(_report(refused, path, now), encoding="utf-8")
        return DropOutcome(path.name, False, f"REFUSÉ — {refused}", target)
    target = _destination(path.parent / IMPORTED, path.name, stamp)
    shutil.move(path, target)
    return DropOutcome(path.name, True, result.summary(), target)
