"""One write at a time: imports and undos of several sessions (and of the drop folder) take turns.

DuckDB checks conflicts only when a transaction commits, so two imports touching the same rows
ended in « Conflict on tuple deletion ». Writers of this process queue on one lock instead; the
one that waits is told who writes. Other processes never write at the same time: they cannot
even open the file while this one holds it (see qualiboard.store.gate).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# How long a write waits for the one before it (seconds): a large import takes a minute or two.
DEFAULT_WAIT = float(os.environ.get("QUALIBOARD_WRITE_WAIT", "600"))


class WriteBusy(Exception):
    """The write before this one did not end within the wait bound (French text)."""


@dataclass
class _Turn:
    lock: threading.Lock
    holder: str | None = None
    writes: int = 0  # how many writes ended in this process: tells a waiter that data moved


_TURN = _Turn(threading.Lock())


def current_write() -> str | None:
    """« import en cours par Mme Durand (« courrier.xlsx ») », while a write runs in this process."""
    return _TURN.holder


def writes_done() -> int:
    return _TURN.writes


@contextmanager
def write_turn(
    what: str,
    who: str,
    detail: str = "",
    on_wait: Callable[[str], None] | None = None,
    wait: float | None = None,
) -> Iterator[bool]:
    """Hold the write turn for `what` (« import », « annulation ») done by `who`; yields whether
    another write ran while this one waited (its plan may then be out of date)."""
    before = _TURN.writes
    if not _TURN.lock.acquire(blocking=False):
        holder = _TURN.holder or "une autre session"
        if on_wait is not None:
            on_wait(f"{holder[0].upper()}{holder[1:]} : le vôtre passera ensuite…")
        if not _TURN.lock.acquire(timeout=DEFAULT_WAIT if wait is None else wait):
            raise WriteBusy(f"{holder} toujours en cours ; réessayez dans un moment")
    _TURN.holder = f"{what} en cours par {who}" + (f" ({detail})" if detail else "")
    try:
        yield _TURN.writes != before
    finally:
        _TURN.writes += 1
        _TURN.holder = None
        _TURN.lock.release()
