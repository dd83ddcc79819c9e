"""The shared figures of the pages: computed once per key, under the keys the warm-up seeds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from qualiboard.domain.config import ConfigError
from qualiboard.engine.series_cache import SeriesCache
from qualiboard.ingest.batches import import_file
from qualiboard.store.db import connect
from qualiboard.views.figures import Figures, config_error_text, per_connection
from tests.conftest import DEMO_TODAY, FIXTURES, make_config
from tests.views.test_page_models import LETTERS_IN_15_DAYS

INDICATORS = LETTERS_IN_15_DAYS


def test_a_series_is_computed_once_under_the_key_the_warm_up_seeds(tmp_path):
    con = connect(tmp_path / "base.duckdb")
    cfg = make_config(INDICATORS)
    import_file(con, FIXTURES / "courriers_cp1252.csv", cfg.organisation, today=DEMO_TODAY)
    reads = []

    def config():
        reads.append(1)
        return cfg

    cache = SeriesCache()
    figures = Figures(cache, "v1", con, config, DEMO_TODAY)
    start, end = dt.date(2026, 1, 1), dt.date(2026, 2, 1)
    series = figures.detail_series("courrier_delai", start, end)
    january = series[series["period"] == start].iloc[0]
    # Four letters in January: answered after 11, 39 and 2 days; one never answered (late).
    assert (january["numerator"], january["denominator"]) == (2, 4)
    assert ("v1", "courrier_delai", start, end, None, None) in cache
    again = figures.detail_series("courrier_delai", start, end)
    assert reads == [1]  # the catalogue is read only to compute
    pd.testing.assert_frame_equal(series, again)
    # Any other derived figure is keyed by (key, what, *parts).
    assert figures.computed("csv", ("x",), lambda: b"1") == b"1"
    assert figures.computed("csv", ("x",), lambda: b"2") == b"1"
    assert ("v1", "csv", "x") in cache
    # The records behind a figure: formatted in French once, the first 500 only.
    records = pd.DataFrame({"Référence": [f"R{i}" for i in range(600)]})
    indicator = cfg.indicator("courrier_delai")
    shown = figures.records_table(indicator, start, None, records)
    assert len(shown.frame) == 500
    assert ("v1", "records_table", "courrier_delai", start, None) in cache
    # A page calls them with its connection: the figures of that run are made from it.
    made = []
    csv = per_connection(lambda c: made.append(c) or figures, Figures.computed)
    assert csv(con, "csv", ("x",), lambda: b"3") == b"1" and made == [con]
    con.close()


def test_a_wrong_catalogue_is_said_in_french_with_its_file():
    error = ConfigError(["indicateur « x » sans objectif"], Path("indicators.yaml"))
    title, errors, advice = config_error_text(Path("indicators.yaml"), error)
    # The path is shown as typed, never as Markdown (its dot is escaped).
    assert title == "Le fichier des indicateurs « indicators&#46;yaml » contient des erreurs :"
    assert errors == "- indicateur « x » sans objectif"
    assert advice == "Corrigez le fichier puis rechargez la page (touche F5)."
