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
from qualiboard.views.sidebar import ALL, address


def warm_overview(path: Path) -> sidebar.Filters | None:
    """The overview of the default month (cards, year-end lines, its page): run by the server's first
    page run before any other, so that the first reader of the overview finds it computed. The
    filters of that overview, or None when the base is empty or another one."""
    if path != session.db_path():
        return None  # a watcher left from another base (tests switch bases within one process)
    # Cached functions called outside a page run: Streamlit warns once per call, to no purpose.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR
    )
    with session.database_gate().session():
        con = session.connection()
        month = default_month(con, session.today())
        if month is None:
            return None
        filters = sidebar.Filters(month, None, None, "previous")
        # The page of a reader who types the dashboard's address (the sidebar's defaults in
        # it): its cards and year-end lines are computed on the way.
        cache.overview(con, filters, address(month, filters.comparison, ALL, None))
    return filters


def warm_first(path: Path) -> sidebar.Filters | None:
    """What the server's first page run computes before any reader comes (its readiness check,
    README « Mettre en service »): the overview (`warm_overview`), then every indicator's detail
    series by the batched engine (one query per source: 1 s on the demo town, 4 s on a million
    records per source)."""
    filters = warm_overview(path)
    if filters is None:
        return None
    with session.database_gate().session():
        con = session.connection()
        key = cache.cache_key(con)
        done = (key, "detail series computed ahead", filters.month)
        if done not in cache.series_cache():  # the first run did it already for this data
            ahead = detail_series_ahead(con, cache.config(), filters.month, session.today())
            cache.series_cache().seed(
                ((key, indicator_id, start, end, None, by), frame)
                for (indicator_id, start, end, by), frame in ahead.items()
            )
            cache.series_cache().seed([(done, True)])
    return filters


def warm_cache(path: Path) -> None:
    """`warm_first`, then each detail page's « Pourquoi ça a bougé ? » and « Où finira
    l'année ? ». One short database session per piece, so that the command line gets its turn
    in between."""
    filters = warm_first(path)
    if filters is None:
        return
    gate = session.database_gate()
    for indicator in cache.config().indicators:
        gate.wait_until_idle(timeout=5.0)  # readers first
        with gate.session():
            if default_dimension(indicator, None) is not None:
                _insights.why_it_moved_view(indicator, filters)
            _insights.year_end_view_for(indicator, filters)
