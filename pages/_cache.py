"""Every Streamlit cache of the dashboard in one place: the configuration (per file change), the
figures of the pages (per data version, shared by every session; the overview and the detail
series are computed ahead after each import) and the drop-folder watcher (one per process).
Each cached function takes `cache_key(con)` first: a new import changes the key."""

from __future__ import annotations

import atexit
import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages._session import config_path, connection, db_path, today
from qualiboard.domain.config import Config, ConfigError, Indicator, load_config
from qualiboard.domain.periods import add_months
from qualiboard.engine.indicators import compute_indicator, records_behind
from qualiboard.engine.series_cache import SeriesCache
from qualiboard.ingest.depot_service import DepotService
from qualiboard.present.audit_pdf import audit_zip_bytes, pack_stem
from qualiboard.present.charts import breakdown_grid, detail_chart
from qualiboard.present.export import french_csv_bytes, xlsx_bytes
from qualiboard.present.safe import plain
from qualiboard.present.tables import ShownTable, french_table
from qualiboard.store.db import Connection
from qualiboard.views.annual import AnnualReview, annual_review
from qualiboard.views.audit import audit_pack
from qualiboard.views.cards import overview_cards
from qualiboard.views.catalogue import referentiel, referentiel_sheet
from qualiboard.views.citizen import CitizenPage, citizen_page
from qualiboard.views.data_quality import DataQualityPage, data_quality_page
from qualiboard.views.insight import why_sentences, why_view, year_end_markers, year_end_view
from qualiboard.views.inventory import figures_key

if TYPE_CHECKING:  # the sidebar reads its bounds through `computed`
    from pages._sidebar import Filters

T = TypeVar("T")
LOG = logging.getLogger("qualiboard")


def config() -> Config:
    """The catalogue, read again only when the file changes (`load_config` keeps it)."""
    path = config_path()
    try:
        return load_config(path)
    except ConfigError as exc:
        st.error(f"Le fichier des indicateurs « {plain(path)} » contient des erreurs :")
        st.markdown("\n".join(f"- {plain(m, line_breaks=False)}" for m in exc.messages))
        st.info("Corrigez le fichier puis rechargez la page (touche F5).")
        st.stop()
        raise  # unreachable: st.stop raises


def cache_key(con: Connection) -> str:
    """What every cached figure depends on (`views.inventory.figures_key`)."""
    return figures_key(con, db_path(), config_path(), today())


@st.cache_data(show_spinner="Calcul des indicateurs…", max_entries=64)
def _cards(key: str, month, services: tuple[str, ...] | None, module, comparison: str):
    return overview_cards(
        connection(),
        config(),
        month,
        services=list(services) if services else None,
        module=module,
        comparison=comparison,
        today=today(),
    )


@st.cache_resource(show_spinner=False)
def series_cache() -> SeriesCache:
    """The computed series of this server process, shared by every session."""
    return SeriesCache()


def computed(con: Connection, what: str, parts: tuple, compute: Callable[[], T]) -> T:
    """A table, grid or chart derived from the data, computed once per data version,
    catalogue, day and `parts`, and shared by every session (treat it as read-only)."""
    return series_cache().get((cache_key(con), what, *parts), compute)


def detail_series(
    con: Connection,
    indicator_id: str,
    start: dt.date,
    end: dt.date,
    services: list[str] | None = None,
    by: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """An indicator's series for the detail page, shared by every session per data version,
    catalogue and filters (and computed ahead after each import, see `warm_cache`)."""
    chosen = tuple(services) if services else None
    return series_cache().get(
        (cache_key(con), indicator_id, start, end, chosen, by),
        lambda: compute_indicator(
            con,
            config(),
            indicator_id,
            start=start,
            end=end,
            services=list(chosen) if chosen else None,
            by=list(by) if by else None,
            today=today(),
        ),
    )


def _chosen(services: list[str] | None) -> tuple[str, ...] | None:
    return tuple(services) if services else None


def detail_chart_for(
    con: Connection,
    indicator: Indicator,
    month: dt.date,
    services: list[str] | None,
    series: pd.DataFrame,
) -> go.Figure:
    return computed(
        con,
        "detail_chart",
        (indicator.id, month, _chosen(services)),
        lambda: detail_chart(series, indicator),
    )


def breakdown_grid_for(
    con: Connection, indicator: Indicator, month: dt.date, by_service: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    return computed(
        con, "breakdown_grid", (indicator.id, month), lambda: breakdown_grid(by_service, indicator)
    )


def records_behind_for(
    con: Connection, indicator: Indicator, period: dt.date, services: list[str] | None
) -> pd.DataFrame:
    return computed(
        con,
        "records_behind",
        (indicator.id, period, _chosen(services)),
        lambda: records_behind(con, config(), indicator, period, services=services, today=today()),
    )


def records_table_for(
    con: Connection,
    indicator: Indicator,
    period: dt.date,
    services: list[str] | None,
    records: pd.DataFrame,
) -> ShownTable:
    """The first 500 records behind the figure, in French (formatting them took longer than
    reading them)."""
    return computed(
        con,
        "records_table",
        (indicator.id, period, _chosen(services)),
        lambda: french_table(records.head(500)),
    )


def records_csv_for(
    con: Connection,
    indicator: Indicator,
    period: dt.date,
    services: list[str] | None,
    records: pd.DataFrame,
) -> bytes:
    return computed(
        con,
        "records_csv",
        (indicator.id, period, _chosen(services)),
        lambda: french_csv_bytes(records),
    )


@st.cache_resource(show_spinner=False)
def _depot_service(path: str, config_file: str) -> DepotService:
    from pages._warm import warm_cache, warm_first  # they use every page's cached blocks

    service = DepotService(
        Path(path), Path(config_file), today, warm=lambda: warm_cache(Path(path))
    )
    if service.interval > 0:  # QUALIBOARD_DEPOT_INTERVAL=0: no watcher, no figures ahead
        # The server's first page run (its readiness check, see README « Mettre en service »)
        # computes the overview and the detail series before anyone reads them; the rest is
        # computed in the background.
        try:
            warm_first(Path(path))
        except Exception:  # a page must open even if computing ahead failed
            LOG.exception("calcul d'avance de la vue d'ensemble")
        service.start()
        atexit.register(service.stop)
    return service


def start_drop_folder() -> DepotService:
    """The drop-folder watcher of this server process (started by the first run, then shared)."""
    return _depot_service(str(db_path()), str(config_path()))


def month_cards(con: Connection, filters: Filters) -> pd.DataFrame:
    """One row per indicator for the chosen month, service, module (cached per data version)."""
    return _cards(
        cache_key(con),
        filters.month,
        tuple(filters.services) if filters.services else None,
        filters.module,
        filters.comparison,
    )


# ------------------------------------------------------ the pages' other figures, per data version


@st.cache_data(show_spinner="Calcul du bilan…", max_entries=16)
def annual_review_for(key: str, start: dt.date, end: dt.date) -> AnnualReview:
    # What the page shows: the action plan, for the workbook only, is added when it is asked for.
    return annual_review(connection(), config(), start, end, today(), with_actions=False)


@st.cache_data(show_spinner="Préparation du dossier d'audit…", max_entries=4)
def audit_zip_for(key: str, end: dt.date) -> tuple[bytes, str]:
    start = add_months(end, -11)
    # The review on screen covers the same twelve months when a whole year is chosen.
    pack = audit_pack(
        connection(), config(), end, today(), review=annual_review_for(key, start, end)
    )
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
    sheet, percent = referentiel_sheet(connection(), config(), month, today(), module)
    return xlsx_bytes(
        {"Référentiel": sheet},
        percent_rows={"Référentiel": (["Objectif", "Dernière valeur"], percent)},
    )


@st.cache_data(show_spinner="Calcul des résultats…", max_entries=16)
def citizen_page_for(key: str, year: int) -> CitizenPage:
    return citizen_page(connection(), config(), year, today())


def _listed(services: tuple[str, ...] | None) -> list[str] | None:
    return list(services) if services else None


@st.cache_data(show_spinner="Décomposition…", max_entries=64)
def why_for(key, indicator_id, month, comparison, dimension, services):
    cfg = config()
    return why_view(
        connection(),
        cfg,
        cfg.indicator(indicator_id),
        month,
        comparison,
        dimension,
        services=_listed(services),
        today=today(),
    )


@st.cache_data(show_spinner="Projection…", max_entries=64)
def year_end_for(key, indicator_id, month, services):
    cfg = config()
    return year_end_view(
        connection(), cfg, cfg.indicator(indicator_id), month, services=_listed(services),
        today=today(),
    )  # fmt: skip


@st.cache_data(show_spinner=False, max_entries=64)
def year_end_markers_for(key, month, services):
    return year_end_markers(
        connection(), config(), month, services=_listed(services), today=today()
    )


@st.cache_data(show_spinner="Décomposition des changements…", max_entries=64)
def agenda_sentences_for(key, ids, month, comparison, services):
    return why_sentences(
        connection(), config(), list(ids), month, comparison, services=_listed(services),
        today=today(),
    )  # fmt: skip
