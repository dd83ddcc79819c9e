"""Every Streamlit cache of the dashboard in one place: the configuration (per file change), the
figures of the pages (per data version, shared by every session; the overview and the detail
series are computed ahead after each import) and the drop-folder watcher (one per process).
Each cached function takes `cache_key(con)` first: a new import changes the key."""

from __future__ import annotations

import atexit
import datetime as dt
import logging
from pathlib import Path

import pandas as pd
import streamlit as st

from pages._session import config_path, connection, database_gate, db_path, today
from pages._sidebar import Filters
from qualiboard.domain.config import Config, ConfigError, load_config
from qualiboard.domain.periods import add_months
from qualiboard.engine.indicators import compute_indicator
from qualiboard.ingest.depot_service import DepotService
from qualiboard.present.audit_pdf import audit_zip_bytes, pack_stem
from qualiboard.present.export import xlsx_bytes
from qualiboard.present.safe import plain
from qualiboard.store.db import Connection
from qualiboard.views.annual import AnnualReview, annual_review
from qualiboard.views.audit import audit_pack
from qualiboard.views.cards import overview_cards
from qualiboard.views.catalogue import referentiel, referentiel_sheet
from qualiboard.views.citizen import CitizenPage, citizen_page
from qualiboard.views.indicator import detail_ranges
from qualiboard.views.insight import why_sentences, why_view, year_end_markers, year_end_view
from qualiboard.views.inventory import data_version, default_month


@st.cache_data(show_spinner=False)
def _config(path: str, mtime: float) -> Config:
    return load_config(path)


def config() -> Config:
    path = config_path()
    try:
        return _config(str(path), path.stat().st_mtime if path.exists() else 0.0)
    except ConfigError as exc:
        st.error(f"Le fichier des indicateurs « {plain(path)} » contient des erreurs :")
        st.markdown("\n".join(f"- {plain(m, line_breaks=False)}" for m in exc.messages))
        st.info("Corrigez le fichier puis rechargez la page (touche F5).")
        st.stop()
        raise  # unreachable: st.stop raises


def cache_key(con: Connection) -> str:
    return f"{db_path()}|{data_version(con)}|{today()}"


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


@st.cache_data(show_spinner="Calcul…", max_entries=256)
def _detail_series(key: str, indicator_id: str, start, end, services, by) -> pd.DataFrame:
    return compute_indicator(
        connection(),
        config(),
        indicator_id,
        start=start,
        end=end,
        services=list(services) if services else None,
        by=list(by) if by else None,
        today=today(),
    )


def detail_series(
    con: Connection,
    indicator_id: str,
    start: dt.date,
    end: dt.date,
    services: list[str] | None = None,
    by: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """An indicator's series for the detail page, shared by every session per data version and
    filters (and computed ahead after each import, see `warm_cache`)."""
    return _detail_series(
        cache_key(con), indicator_id, start, end, tuple(services) if services else None, by
    )


def warm_cache(path: Path) -> None:
    """Compute, ahead of the readers, what a first visit asks for: the overview of the default
    month and every indicator's detail page. One short database session per piece, so that the
    command line gets its turn in between. Runs in the drop-folder thread after each change."""
    if path != db_path():
        return  # a watcher left from another base (tests switch bases within one process)
    # Cached functions called outside a page run: Streamlit warns once per call, to no purpose.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR
    )
    with database_gate().session():
        con = connection()
        cfg = config()
        month = default_month(con, today())
        if month is None:
            return
        month_cards(con, Filters(month, None, None, "previous"))
    for indicator in cfg.indicators:
        with database_gate().session():
            con = connection()
            for start, end, by in detail_ranges(month, indicator):
                detail_series(con, indicator.id, start, end, None, by)


@st.cache_resource(show_spinner=False)
def _depot_service(path: str, config_file: str) -> DepotService:
    service = DepotService(
        Path(path), Path(config_file), today, warm=lambda: warm_cache(Path(path))
    )
    if service.interval > 0:  # QUALIBOARD_DEPOT_INTERVAL=0: no watcher, no figures ahead
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
    return annual_review(connection(), config(), start, end, today())


@st.cache_data(show_spinner="Préparation du dossier d'audit…", max_entries=4)
def audit_zip_for(key: str, end: dt.date) -> tuple[bytes, str]:
    start = add_months(end, -11)
    # The review on screen covers the same twelve months when a whole year is chosen.
    pack = audit_pack(
        connection(), config(), end, today(), review=annual_review_for(key, start, end)
    )
    return audit_zip_bytes(pack), pack_stem(pack)


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
