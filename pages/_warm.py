"""Figures computed ahead, in the drop-folder thread, when the server starts and after each
import: what a first visit of the overview and of every detail page asks for, so that readers
arriving together find it computed (see README « Beaucoup de lecteurs »)."""

from __future__ import annotations

import logging
from pathlib import Path

from pages import _cache as cache
from pages import _insights
from pages import _session as session
from pages import _sidebar as sidebar
from qualiboard.views.indicator import detail_series_ahead
from qualiboard.views.insight import default_dimension
from qualiboard.views.inventory import default_month


def warm_cache(path: Path) -> None:
    """The overview of the default month first (cards and year-end lines), then every
    indicator's detail series by the batched engine (one query per source), then each detail
    page's « Pourquoi ça a bougé ? » and « Où finira l'année ? ». One short database session per
    piece, so that the command line gets its turn in between."""
    if path != session.db_path():
        return  # a watcher left from another base (tests switch bases within one process)
    # Cached functions called outside a page run: Streamlit warns once per call, to no purpose.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR
    )
    gate = session.database_gate()
    with gate.session():
        con = session.connection()
        cfg = cache.config()
        month = default_month(con, session.today())
        if month is None:
            return
        filters = sidebar.Filters(month, None, None, "previous")
        cache.month_cards(con, filters)
        _insights.card_year_end_lines(filters)
    with gate.session():
        con = session.connection()
        key = cache.cache_key(con)
        ahead = detail_series_ahead(con, cfg, month, session.today())
        cache.series_cache().seed(
            ((key, indicator_id, start, end, None, by), frame)
            for (indicator_id, start, end, by), frame in ahead.items()
        )
    for indicator in cfg.indicators:
        with gate.session():
            if default_dimension(indicator, None) is not None:
                _insights.why_it_moved_view(indicator, filters)
            _insights.year_end_view_for(indicator, filters)
