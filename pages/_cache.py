"""The Streamlit caches of the dashboard (the insights' own are in `_insights`), as thin
wrappers of `qualiboard.views`: the figures of
the pages per data version (`cache_key(con)` first: an import changes it; shared by every session,
some computed ahead after each import) and the drop-folder watcher (one per process)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from pages._session import cache_key, config, config_path, connection, db_path, today
from qualiboard.domain.periods import add_months
from qualiboard.engine.series_cache import SeriesCache
from qualiboard.ingest.depot_service import DepotService
from qualiboard.present.audit_pdf import audit_zip_bytes, pack_stem
from qualiboard.store.db import Connection
from qualiboard.views.annual import AnnualReview, annual_review
from qualiboard.views.audit import audit_pack
from qualiboard.views.cards import overview_cards
from qualiboard.views.catalogue import referentiel, referentiel_workbook
from qualiboard.views.citizen import CitizenPage, citizen_page
from qualiboard.views.data_quality import DataQualityPage, data_quality_page
from qualiboard.views.figures import Figures, per_connection
from qualiboard.views.insight import year_end_markers
from qualiboard.views.overview import OverviewPage, overview_page

if TYPE_CHECKING:  # the sidebar reads its bounds through `computed`
    from pages._sidebar import Filters


@st.cache_resource(show_spinner=False)
def series_cache() -> SeriesCache:
    """The computed series of this server process, shared by every session."""
    return SeriesCache()


def figures(con: Connection) -> Figures:
    """The shared figures of this run's data version (`views.figures`)."""
    return Figures(series_cache(), cache_key(con), con, config, today())


# Shared per data version; `views.figures.Figures` says what each one depends on.
computed = per_connection(figures, Figures.computed)
detail_series = per_connection(figures, Figures.detail_series)
detail_chart_for = per_connection(figures, Figures.detail_chart)
breakdown_grid_for = per_connection(figures, Figures.breakdown_grid)
records_behind_for = per_connection(figures, Figures.records_behind)
records_table_for = per_connection(figures, Figures.records_table)
records_csv_for = per_connection(figures, Figures.records_csv)


@st.cache_resource(show_spinner=False)
def _depot_service(path: str, config_file: str) -> DepotService:
    from pages._warm import warm_cache, warm_first  # they use every page's cached blocks

    base = Path(path)
    service = DepotService(base, Path(config_file), today, warm=lambda: warm_cache(base))
    # The server's first page run computes the overview and the detail series before anyone
    # reads them; the rest is computed in the background.
    return service.open(first=lambda: warm_first(base))


def start_drop_folder() -> DepotService:
    """The drop-folder watcher of this server process (started by the first run, then shared)."""
    return _depot_service(str(db_path()), str(config_path()))


@st.cache_data(show_spinner="Calcul des indicateurs…", max_entries=64)
def _cards(key: str, month, services: tuple[str, ...] | None, module, comparison: str):
    return overview_cards(
        connection(), config(), month, services=list(services) if services else None,
        module=module, comparison=comparison, today=today(),
    )  # fmt: skip


def month_cards(con: Connection, filters: Filters) -> pd.DataFrame:
    """One row per indicator for the chosen month, service, module (cached per data version)."""
    chosen = tuple(filters.services) if filters.services else None
    return _cards(cache_key(con), filters.month, chosen, filters.module, filters.comparison)


@st.cache_data(show_spinner=False, max_entries=64)
def _overview(key: str, month, services, module, comparison, label, query) -> OverviewPage:
    cards = _cards(key, month, services, module, comparison)
    year_end = year_end_markers_for(key, month, services)
    return overview_page(cards, month, label, dict(query), year_end)


def overview(con: Connection, filters: Filters, query: dict[str, str]) -> OverviewPage | None:
    """The overview page's HTML for these filters (None when the module has no indicator): the
    same for every reader until the data changes, so a new session's first visit only reads it
    (building the 41 cards' HTML took a tenth of a second of the server's run)."""
    chosen = tuple(filters.services) if filters.services else None
    if month_cards(con, filters).empty:
        return None
    return _overview(
        cache_key(con), filters.month, chosen, filters.module, filters.comparison,
        filters.service_label, tuple(sorted(query.items())),
    )  # fmt: skip


@st.cache_data(show_spinner="Calcul du bilan…", max_entries=16)
def annual_review_for(key: str, start: dt.date, end: dt.date) -> AnnualReview:
    # What the page shows: the action plan, for the workbook only, is added when it is asked for.
    return annual_review(connection(), config(), start, end, today(), with_actions=False)


@st.cache_data(show_spinner="Préparation du dossier d'audit…", max_entries=4)
def audit_zip_for(key: str, end: dt.date) -> tuple[bytes, str]:
    # The review on screen covers the same twelve months when a whole year is chosen.
    review = annual_review_for(key, add_months(end, -11), end)
    pack = audit_pack(connection(), config(), end, today(), review=review)
    return audit_zip_bytes(pack), pack_stem(pack)


@st.cache_data(show_spinner="Contrôle des données…", max_entries=8)
def data_quality_page_for(key: str) -> DataQualityPage:
    """The data-quality page (one pass over every source table: about a second on a million
    records per source, so once per data version)."""
    return data_quality_page(connection(), config())


@st.cache_data(show_spinner="Calcul…")
def referentiel_for(key: str, month: dt.date) -> pd.DataFrame:
    return referentiel(connection(), config(), month, today())


@st.cache_data(show_spinner=False)
def referentiel_workbook_for(key: str, month: dt.date, module: int | None) -> bytes:
    return referentiel_workbook(connection(), config(), month, today(), module)


@st.cache_data(show_spinner="Calcul des résultats…", max_entries=16)
def citizen_page_for(key: str, year: int) -> CitizenPage:
    return citizen_page(connection(), config(), year, today())


@st.cache_data(show_spinner=False, max_entries=64)
def year_end_markers_for(key, month, services):
    services = list(services or ()) or None
    return year_end_markers(connection(), config(), month, services=services, today=today())
