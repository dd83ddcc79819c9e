"""Sharing one DuckDB file between the dashboard and the command line.

DuckDB lets one process at a time open a file (even read-only opens are refused while another
process holds it read-write). So no process keeps the file open: each opens it for a piece of
work (one page run, one command, one drop-folder file) and closes it after. Within a process the
pieces share one open database, counted; the file closes when the last one ends. A process that
finds the file held waits its turn, says so, and gives up with a French message after a bound;
while it waits it leaves a mark beside the file so that the holder closes it as soon as its
current work is done instead of starting new work.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb

from qualiboard.store.db import SCHEMA_VERSION, migrate

# How long a piece of work waits for the file before giving up (seconds).
DEFAULT_WAIT = float(os.environ.get("QUALIBOARD_WAIT", "60"))
RETRY_EVERY = 0.2
# A waiting mark older than this is left over by a process that stopped waiting.
WAITING_FRESH = 2.0


class DatabaseBusy(Exception):
    """The file stayed held by another process for longer than the wait bound (French text)."""


def _is_lock_error(exc: duckdb.Error) -> bool:
    return "Could not set lock" in str(exc) or "Conflicting lock" in str(exc)


def occupant_path(db: Path) -> Path:
    return db.with_name(db.name + ".occupant")


def waiting_path(db: Path) -> Path:
    return db.with_name(db.name + ".attente")


def _write_whole(path: Path, text: str) -> None:
    """Written aside then renamed: another process never reads a half-written mark (it would
    then name « un autre programme » instead of who holds or waits). In a read-only folder the
    mark is simply not written."""
    draft = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}")
    with suppress(OSError):
        draft.write_text(text, encoding="utf-8")
        os.replace(draft, path)
    with suppress(OSError):
        draft.unlink(missing_ok=True)


def occupant(db: Path) -> str:
    """Who holds the file, in French, as the holder wrote it when it opened the file."""
    try:
        text = occupant_path(db).read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text or "un autre programme"


class Gate:
    """The opening and closing of one database file in this process."""

    def __init__(
        self, path: str | Path, holder: str, read_only: bool = False, linger: float = 0.0
    ) -> None:
        self.path = Path(path)
        self.holder = holder  # « le tableau de bord », « la commande import »…
        self.read_only = read_only
        self.linger = linger
        self._lock = threading.Condition()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._users = 0
        self._opening = False
        self._generation = 0
        self._migrated = False

    # -- waiting -----------------------------------------------------------------------------

    def _someone_else_waits(self) -> bool:
        mark = waiting_path(self.path)
        try:
            if time.time() - mark.stat().st_mtime > WAITING_FRESH:
                return False
            return mark.read_text(encoding="utf-8").split("\n")[0] != str(os.getpid())
        except OSError:
            return False

    def _waiter(self) -> str:
        try:
            pid, holder = waiting_path(self.path).read_text(encoding="utf-8").split("\n", 1)
        except (OSError, ValueError):
            return "un autre programme"
        return f"{holder} (processus {pid})"

    def _mark_waiting(self) -> None:
        # In a read-only folder waiting still works, only without priority.
        _write_whole(waiting_path(self.path), f"{os.getpid()}\n{self.holder}")

    def _unmark_waiting(self) -> None:
        mark = waiting_path(self.path)
        try:
            if mark.read_text(encoding="utf-8").split("\n")[0] == str(os.getpid()):
                mark.unlink()
        except OSError:
            pass

    # -- opening -----------------------------------------------------------------------------

    def _open_file(self) -> duckdb.DuckDBPyConnection:
        if self.read_only and self.path.exists():
            try:
                con = duckdb.connect(str(self.path), read_only=True)
            except duckdb.ConnectionException:
                con = None  # this process already has it open for writing: share that
            if con is not None:
                if self._schema_is_current(con):
                    return con
                con.close()  # an older file: open it for writing once, to bring it up to date
        self.path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(self.path))
        if not self._migrated:
            migrate(con)
            self._migrated = True
        return con

    @staticmethod
    def _schema_is_current(con: duckdb.DuckDBPyConnection) -> bool:
        try:
            row = con.execute("SELECT max(version) FROM schema_version").fetchone()
        except duckdb.CatalogException:
            return False
        return bool(row and row[0] == SCHEMA_VERSION)

    def _open(self, wait: float, on_wait: Callable[[str], None] | None) -> None:
        """Open the file, retrying while another process holds it (the lock is held)."""
        deadline = time.monotonic() + wait
        announced = False
        while True:
            try:
                self._con = self._open_file()
            except duckdb.IOException as exc:
                if not _is_lock_error(exc):
                    raise
            else:
                self._unmark_waiting()
                if not self.read_only:
                    _write_whole(
                        occupant_path(self.path), f"{self.holder} (processus {os.getpid()})"
                    )
                return
            self._mark_waiting()
            if time.monotonic() >= deadline:
                self._unmark_waiting()
                raise DatabaseBusy(
                    f"base « {self.path} » occupée par {occupant(self.path)} depuis plus de "
                    f"{wait:.0f} s ; réessayez dans un moment (durée d'attente réglable par la "
                    "variable QUALIBOARD_WAIT, en secondes)"
                )
            if not announced and on_wait is not None:
                on_wait(f"Base occupée par {occupant(self.path)}, nouvel essai…")
                announced = True
            # Released while waiting, so that this process's other work can end meanwhile.
            self._lock.wait(RETRY_EVERY)

    def _close(self) -> None:
        if self._con is None or self._users > 0:
            return
        con, self._con = self._con, None
        con.close()
        if not self.read_only:
            with suppress(OSError):
                occupant_path(self.path).unlink(missing_ok=True)

    def _close_later(self, generation: int) -> None:
        with self._lock:
            if generation == self._generation:
                self._close()

    @contextmanager
    def session(
        self, wait: float | None = None, on_wait: Callable[[str], None] | None = None
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """The database for one piece of work: a cursor of the shared open file. Raises
        DatabaseBusy (French) when another process held the file longer than `wait` seconds."""
        wait = DEFAULT_WAIT if wait is None else wait
        deadline = time.monotonic() + wait
        with self._lock:
            # Another process waits: finish what runs here, let it in, then start new work.
            while self._someone_else_waits() and time.monotonic() < deadline:
                self._close()
                if on_wait is not None:
                    on_wait(f"Base demandée aussi par {self._waiter()}, qui passe d'abord…")
                    on_wait = None
                self._lock.wait(RETRY_EVERY)
            while self._opening:  # another thread of this process is opening the file
                if on_wait is not None:
                    on_wait(f"Base occupée par {occupant(self.path)}, nouvel essai…")
                    on_wait = None
                if time.monotonic() >= deadline:
                    raise DatabaseBusy(
                        f"base « {self.path} » occupée par {occupant(self.path)} depuis plus "
                        f"de {wait:.0f} s ; réessayez dans un moment (durée d'attente réglable "
                        "par la variable QUALIBOARD_WAIT, en secondes)"
                    )
                self._lock.wait(RETRY_EVERY)
            if self._con is None:
                self._opening = True
                try:
                    self._open(max(deadline - time.monotonic(), 0.0), on_wait)
                finally:
                    self._opening = False
                    self._lock.notify_all()
            assert self._con is not None
            self._users += 1
            self._generation += 1
            cursor = self._con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()
            with self._lock:
                self._users -= 1
                if self._users == 0:
                    if self.linger <= 0 or self._someone_else_waits():
                        self._close()
                    else:
                        # Clicks come in bursts: keep the file open a moment for the next run.
                        timer = threading.Timer(self.linger, self._close_later, [self._generation])
                        timer.daemon = True
                        timer.start()
                self._lock.notify_all()

    def wait_until_idle(self, timeout: float) -> None:
        """Wait, at most `timeout` seconds, until no piece of work of this process holds the
        file: work in the background (figures computed ahead) lets readers' page runs go
        first instead of sharing the processor with them."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._users > 0 and time.monotonic() < deadline:
                self._lock.wait(0.05)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """Another cursor on the file while a session of this process holds it open."""
        with self._lock:
            if self._con is None:
                raise RuntimeError("database used outside Gate.session()")
            return self._con.cursor()

    def close(self) -> None:
        """Close the file now if no work holds it (end of a command, tests)."""
        with self._lock:
            self._close()


_GATES: dict[tuple[str, bool], Gate] = {}
_GATES_LOCK = threading.Lock()


def gate(path: str | Path, holder: str, read_only: bool = False, linger: float = 0.0) -> Gate:
    """The one gate of this process for `path` (created on first use)."""
    key = (str(Path(path).resolve()), read_only)
    with _GATES_LOCK:
        if key not in _GATES:
            _GATES[key] = Gate(path, holder, read_only, linger)
        return _GATES[key]
