"""Computed series shared by every reader of one server process.

A series is a pure function of (data version, catalogue, reference day, indicator, range,
filters): the key says all of it, so a cached series is the figure anyone would compute. Each key
is computed once: a second reader asking while the first computes waits for that result instead
of computing it again, and the figures computed ahead after an import (`seed`) are found by the
first reader as if he had computed them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

import pandas as pd

T = TypeVar("T")


def _own(value: T) -> T:
    return value.copy() if isinstance(value, pd.DataFrame) else value  # type: ignore[return-value]


class SeriesCache:
    """A bounded, thread-safe map key -> DataFrame (or any value derived from series: a chart,
    a grid); readers get their own copy of a DataFrame, other values are shared read-only."""

    def __init__(self, max_entries: int = 4096) -> None:
        self.max_entries = max_entries
        self._frames: OrderedDict[Hashable, object] = OrderedDict()
        self._computing: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        while True:
            with self._lock:
                if key in self._frames:
                    self._frames.move_to_end(key)
                    return _own(self._frames[key])
                running = self._computing.get(key)
                if running is None:
                    running = self._computing[key] = threading.Event()
                    break
            running.wait()  # another reader computes it; if he failed, try ourselves
        try:
            value = compute()
            self.seed([(key, value)])
            return _own(value)
        finally:
            with self._lock:
                self._computing.pop(key, None)
            running.set()

    def seed(self, items: Iterable[tuple[Hashable, object]]) -> None:
        """Store series computed ahead (after an import, at start)."""
        with self._lock:
            for key, frame in items:
                self._frames[key] = frame
                self._frames.move_to_end(key)
            while len(self._frames) > self.max_entries:
                self._frames.popitem(last=False)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._frames

    def __len__(self) -> int:
        with self._lock:
            return len(self._frames)
