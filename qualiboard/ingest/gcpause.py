"""Pause Python's cyclic garbage collector while a file is read and written.

Reading a workbook creates one list per row: 100,000 rows trigger some 150 collections that walk
every tracked object, about 0.1 s per import, for cycles an import never creates. Reference
counting still frees everything as usual; the collector runs again as soon as the last import in
the process ends.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_active = 0
_was_enabled = True


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Nestable and safe across threads (Streamlit sessions import side by side)."""
    global _active, _was_enabled
    with _lock:
        if _active == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _was_enabled:
                gc.enable()
