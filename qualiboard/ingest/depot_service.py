"""The drop-folder watcher of a running dashboard: one thread per server process.

Every `interval` seconds it looks at the folder, imports the files that have stopped changing
(each in its own short database session, so that the command line gets its turn in between) and,
when the data changed (a dropped file, an import from a page or from the command line), asks the
dashboard to compute the usual figures again so that the next readers find them ready.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from qualiboard.domain.config import ConfigError, load_config
from qualiboard.ingest.depot import Watcher, depot_folder, import_dropped
from qualiboard.store.gate import DatabaseBusy, gate

LOG = logging.getLogger("qualiboard.depot")


def default_interval() -> float:
    """Seconds between two looks (QUALIBOARD_DEPOT_INTERVAL; 0 turns the watcher off)."""
    return float(os.environ.get("QUALIBOARD_DEPOT_INTERVAL", "10"))


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    # Same as views.data_version; repeated so that the ingest layer does not import a view.
    row = con.execute(
        "SELECT count(*), max(batch_id), max(coalesce(undone_at, imported_at)) FROM import_batches"
    ).fetchall()[0]
    return f"{row[0]}-{row[1]}-{row[2]}"


class DepotService(threading.Thread):
    def __init__(
        self,
        db_path: Path,
        config_path: Path,
        today: Callable[[], dt.date],
        warm: Callable[[], None] | None = None,
        interval: float | None = None,
    ) -> None:
        super().__init__(name="qualiboard-depot", daemon=True)
        self.db_path = Path(db_path)
        self.config_path = Path(config_path)
        self.today = today
        self.warm = warm
        self.interval = default_interval() if interval is None else interval
        self._stopping = False
        self.folder: Path | None = None
        self.watcher: Watcher | None = None
        self.warmed_version: str | None = None
        self._wake = threading.Event()
        self._gate = gate(self.db_path, "le tableau de bord")
        if not LOG.handlers:  # the server's log (journald under systemd) tells what it did
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("%(asctime)s qualiboard %(message)s"))
            LOG.addHandler(handler)
            LOG.setLevel(logging.INFO)

    def open(self, first: Callable[[], object]) -> DepotService:
        """Start watching, once `first` has run (the server's first page run, its readiness
        check: see README « Mettre en service »). An interval of 0 means no watcher and no
        figures ahead."""
        if self.interval > 0:
            try:
                first()
            except Exception:  # a page must open even if computing ahead failed
                LOG.exception("calcul d'avance de la vue d'ensemble")
            self.start()
            atexit.register(self.stop)
        return self

    def wake(self) -> None:
        """Look now (after an import from a page: warm the figures without waiting)."""
        self._wake.set()

    def stop(self) -> None:
        """End the loop (at exit: no DuckDB work while the interpreter shuts down)."""
        self._stopping = True
        self._wake.set()
        if self.is_alive():
            self.join(timeout=30)

    def run(self) -> None:
        while not self._stopping:
            try:
                self.tick()
            except DatabaseBusy as busy:
                LOG.warning("dépôt : %s", busy)
            except Exception:  # the watcher must outlive any one bad file or hiccup
                LOG.exception("dépôt : erreur inattendue")
            self._wake.wait(self.interval)
            self._wake.clear()

    def tick(self) -> None:
        if not self.db_path.exists():
            return  # nothing to import into yet (the dashboard's first run creates it)
        try:
            config = load_config(self.config_path)
        except ConfigError:
            LOG.warning("dépôt : indicators.yaml contient des erreurs, dépôt suspendu")
            return
        folder = depot_folder(config.organisation, self.db_path)
        if folder != self.folder:
            self.folder, self.watcher = folder, Watcher(folder)
            folder.mkdir(parents=True, exist_ok=True)
        assert self.watcher is not None
        for path in self.watcher.ready():
            if self._stopping:
                return
            with self._gate.session() as con:
                outcome = import_dropped(
                    con,
                    path,
                    config.organisation,
                    archive_dir=self.db_path.parent / "archive",
                    today=self.today(),
                )
            LOG.info("dépôt : %s", outcome.message)
        if self.warm is None:
            return
        with self._gate.session() as con:
            version = data_version(con)
        if version != self.warmed_version:
            started = time.perf_counter()
            self.warm()
            self.warmed_version = version
            LOG.info("chiffres calculés d'avance en %s s", f"{time.perf_counter() - started:.1f}")
