"""Starting the drop-folder watcher: what the server's first run computes comes first, and a
failure there never keeps the watcher (or the page) from starting."""

from __future__ import annotations

import datetime as dt

from qualiboard.ingest.depot_service import DepotService


def _service(tmp_path, interval):
    return DepotService(
        tmp_path / "absente.duckdb", tmp_path / "indicators.yaml", dt.date.today, interval=interval
    )


def test_no_watcher_and_nothing_ahead_when_the_interval_is_zero(tmp_path):
    ran = []
    service = _service(tmp_path, 0).open(first=lambda: ran.append(1))
    assert ran == [] and not service.is_alive()


def test_the_first_computation_runs_then_the_watcher_even_if_it_failed(tmp_path):
    ran = []

    def first():
        ran.append(1)
        raise RuntimeError("calcul d'avance impossible")

    service = _service(tmp_path, 60).open(first=first)
    try:
        assert ran == [1] and service.is_alive()
    finally:
        service.stop()
    assert not service.is_alive()
