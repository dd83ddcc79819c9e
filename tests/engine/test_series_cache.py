"""Series computed ahead and shared by readers: the same figures as one computation per series,
each computed once however many readers ask at the same moment."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pandas as pd
import pytest

from qualiboard.engine.indicators import compute_indicator
from qualiboard.engine.series_cache import SeriesCache
from qualiboard.store.db import connect
from qualiboard.views.indicator import detail_series_ahead

TODAY = dt.date(2026, 11, 3)
MONTH = dt.date(2026, 10, 1)


def test_series_computed_ahead_are_the_figures_of_each_indicator(demo_copy, shipped_config):
    con = connect(demo_copy)
    try:
        ahead = detail_series_ahead(con, shipped_config, MONTH, TODAY)
        # Every indicator's history (24 months) and, where it has services, its 12-month grid.
        with_services = [i for i in shipped_config.indicators if "service" in i.breakdown]
        assert len(ahead) == len(shipped_config.indicators) + len(with_services)
        for (indicator_id, start, end, by), frame in ahead.items():
            alone = compute_indicator(
                con,
                shipped_config,
                indicator_id,
                start=start,
                end=end,
                by=list(by) if by else None,
                today=TODAY,
            )
            pd.testing.assert_frame_equal(
                frame.reset_index(drop=True), alone.reset_index(drop=True), check_like=True
            )
        letters = ahead[("courrier_delai", dt.date(2024, 11, 1), MONTH, None)]
        assert len(letters) == 24
    finally:
        con.close()


def test_a_series_asked_by_ten_readers_at_once_is_computed_once():
    cache = SeriesCache()
    calls = []
    start = threading.Barrier(10)

    def compute() -> pd.DataFrame:
        calls.append(1)
        time.sleep(0.2)  # long enough for the nine others to arrive meanwhile
        return pd.DataFrame({"period": [MONTH], "value": [87.5]})

    results = []

    def reader() -> None:
        start.wait()
        results.append(cache.get(("v1", "courrier_15j"), compute))

    threads = [threading.Thread(target=reader) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert [r["value"].iloc[0] for r in results] == [87.5] * 10
    # Each reader has his own copy: changing one leaves the cached series as it was.
    results[0].loc[0, "value"] = 0.0
    assert cache.get(("v1", "courrier_15j"), compute)["value"].iloc[0] == 87.5


def test_a_failed_computation_is_not_kept_and_the_next_reader_computes_again():
    cache = SeriesCache()

    def broken() -> pd.DataFrame:
        raise ValueError("base indisponible")

    with pytest.raises(ValueError):
        cache.get("k", broken)
    assert "k" not in cache
    assert cache.get("k", lambda: pd.DataFrame({"value": [1.0]}))["value"].iloc[0] == 1.0


def test_the_oldest_series_leave_first_when_the_cache_is_full():
    cache = SeriesCache(max_entries=2)
    cache.seed([("a", pd.DataFrame()), ("b", pd.DataFrame())])
    cache.get("a", pd.DataFrame)  # read: now the most recent
    cache.seed([("c", pd.DataFrame())])
    assert "a" in cache and "c" in cache and "b" not in cache


def test_the_figures_key_changes_with_the_data_the_catalogue_and_the_day(demo_copy, tmp_path):
    """A cached figure is found again only when everything it depends on is unchanged."""
    import os

    from qualiboard.views.inventory import figures_key

    catalogue = tmp_path / "indicators.yaml"
    catalogue.write_text("organisation: {}\n", encoding="utf-8")
    con = connect(demo_copy)
    try:
        first = figures_key(con, demo_copy, catalogue, TODAY)
        assert figures_key(con, demo_copy, catalogue, TODAY) == first
        assert figures_key(con, demo_copy, catalogue, dt.date(2026, 11, 4)) != first
        os.utime(catalogue, ns=(1, 1))  # the catalogue written again
        assert figures_key(con, demo_copy, catalogue, TODAY) != first
    finally:
        con.close()
