"""Streamlit plumbing shared by the pages: connection, configuration, global filters, headers.

Holds no business rule: figures come from `qualiboard.views` and `qualiboard.indicators`.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import os
import runpy
import secrets
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd
import streamlit as st

from pages import _signin
from pages._navigation import app_pages
from qualiboard.config import Config, ConfigError, load_config
from qualiboard.db import DEFAULT_DB_PATH, Connection
from qualiboard.engine.series_cache import SeriesCache
from qualiboard.formatting import STATUS_COLOURS, STATUS_ICONS, month_label
from qualiboard.indicators import compute_indicator
from qualiboard.ingest.depot_service import DepotService
from qualiboard.periods import add_months, parse_month
from qualiboard.present.safe import plain
from qualiboard.present.tables import french_table, status_style
from qualiboard.provisional import RULE_TEXT
from qualiboard.store.access import AccessDenied, Identity, can
from qualiboard.store.gate import DatabaseBusy, Gate, gate
from qualiboard.styles import FRENCH_DROP_ZONE, PRINT_A4
from qualiboard.views import (
    as_of_line,
    data_month_range,
    data_version,
    default_month,
    overview_cards,
)

ALL = "Tous"
T = TypeVar("T")
LOG = logging.getLogger("qualiboard")


def db_path() -> Path:
    return Path(os.environ.get("QUALIBOARD_DB", DEFAULT_DB_PATH))


def config_path() -> Path:
    return Path(os.environ.get("QUALIBOARD_CONFIG", "indicators.yaml"))


def today() -> dt.date:
    """The reference day of the period rules; QUALIBOARD_TODAY pins it for reviews and tests."""
    pinned = os.environ.get("QUALIBOARD_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


# How long a page run waits for a command line holding the database before saying so.
PAGE_WAIT = float(os.environ.get("QUALIBOARD_PAGE_WAIT", "30"))


HIDE_PAGE_FILES = "<style>[data-testid='stSidebarNav']{display:none}</style>"
_RUN = threading.local()  # whether this script run holds the database (see `database`)


def database_gate() -> Gate:
    # The file stays open a moment after a run, so that a burst of clicks opens it once.
    return gate(db_path(), "le tableau de bord", linger=0.5)


@contextmanager
def database() -> Iterator[None]:
    """The database file held open for this script run (see qualiboard.store.gate): the command
    line can use it between runs, and a run that finds it held waits and says so in French."""
    notice = st.empty()

    def waiting(message: str) -> None:
        with notice.container():
            # Before the dashboard declares its pages, Streamlit lists the raw page files.
            st.markdown(HIDE_PAGE_FILES, unsafe_allow_html=True)
            st.info(plain(message))

    try:
        session = database_gate().session(wait=PAGE_WAIT, on_wait=waiting)
        session.__enter__()
    except DatabaseBusy as busy:
        notice.empty()
        st.markdown(HIDE_PAGE_FILES, unsafe_allow_html=True)
        st.error(f"La base de données n'est pas disponible : {plain(busy)}.")
        st.info("Rechargez la page (touche F5) dans un moment.")
        st.stop()
    notice.empty()
    _RUN.held = True
    try:
        yield
    except BaseException as exc:
        _RUN.held = False
        session.__exit__(type(exc), exc, exc.__traceback__)
        raise
    else:
        _RUN.held = False
        session.__exit__(None, None, None)


def with_database(compute: Callable[[], T]) -> Callable[[], T]:
    """`compute` as a download's data: run when the reader asks for the file, on a thread of
    its own, with the database opened for that moment."""

    def run() -> T:
        with database_gate().session(wait=PAGE_WAIT):
            return compute()

    return run


def connection() -> Connection:
    """A cursor on the database held open by this run (cursors are thread-safe)."""
    return database_gate().cursor()


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


@dataclass
class Filters:
    month: dt.date | None
    services: list[str] | None
    module: int | None
    comparison: str  # previous | year

    @property
    def service_label(self) -> str:
        return self.services[0] if self.services else "tous les services"


def _query_param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if value else None


def sidebar_filters(con: Connection, cfg: Config) -> Filters:
    """Period, comparison, service, module in the sidebar; kept in the URL so a view can be
    shared by e-mail and survives page changes."""
    from qualiboard.views import services_in_data

    bounds, default, service_names = computed(
        con,
        "sidebar",
        (),
        lambda: (
            data_month_range(con),
            default_month(con, today()),
            services_in_data(con, cfg),
        ),
    )
    st.sidebar.markdown(f"### {plain(cfg.organisation.name, line_breaks=False)}")
    if bounds is None:
        st.sidebar.info("Aucune donnée importée.")
        return Filters(None, None, None, "previous")
    months = []
    current = bounds[1]
    while current >= bounds[0]:
        months.append(current)
        current = add_months(current, -1)
    default = default or bounds[1]
    wanted = _query_param("mois")
    try:
        chosen = parse_month(wanted) if wanted else default
    except ValueError:
        chosen = default
    if chosen not in months:
        chosen = default
    month = st.sidebar.selectbox(
        "Mois",
        months,
        index=months.index(chosen),
        format_func=lambda m: month_label(m, long=True).capitalize(),
        key="filter_month",
    )
    comparisons = {"previous": "Période précédente", "year": "Même période l'an dernier"}
    comparison = st.sidebar.radio(
        "Comparer à",
        list(comparisons),
        index=1 if _query_param("comparer") == "year" else 0,
        format_func=comparisons.get,
        key="filter_comparison",
    )
    services = [ALL, *service_names]
    wanted_service = _query_param("service")
    service = st.sidebar.selectbox(
        "Service",
        services,
        index=services.index(wanted_service) if wanted_service in services else 0,
        key="filter_service",
    )
    modules = [None, *cfg.modules]
    wanted_module = _query_param("module")
    module = st.sidebar.selectbox(
        "Module Qualivilles",
        modules,
        index=modules.index(int(wanted_module))
        if wanted_module and wanted_module.isdigit() and int(wanted_module) in modules
        else 0,
        format_func=lambda m: "Tous les modules" if m is None else f"Module {m}",
        key="filter_module",
    )
    params = {"mois": f"{month:%Y-%m}", "comparer": comparison}
    if service != ALL:
        params["service"] = service
    if module is not None:
        params["module"] = str(module)
    for key in ("mois", "comparer", "service", "module"):
        if key in params:
            if st.query_params.get(key) != params[key]:
                st.query_params[key] = params[key]
        elif key in st.query_params:
            del st.query_params[key]
    return Filters(month, None if service == ALL else [service], module, comparison)


def filters() -> Filters:
    stored = st.session_state.get("filters")
    return stored if isinstance(stored, Filters) else Filters(None, None, None, "previous")


def page_header(title: str, explanation: str) -> None:
    st.title(title)
    st.caption(explanation)


def freshness_line(con: Connection) -> None:
    """« Données au » of each source, with the rule that judges figures at that date."""
    line = computed(con, "as_of_line", (), lambda: as_of_line(con))
    if line:
        st.caption(line)
        st.caption(RULE_TEXT)


def empty_database_message() -> None:
    st.info(
        "Aucune donnée pour l'instant. Allez à la page « Import des données » pour importer vos "
        "fichiers (registre du courrier, réclamations, signalements, enquêtes…)."
    )
    st.page_link(
        "pages/import.py", label="Aller à l'import des données", icon=":material/upload_file:"
    )


def status_chip(status: str) -> str:
    colour = STATUS_COLOURS.get(status, "#999999")
    icon = STATUS_ICONS.get(status, "")
    return (
        f"<span style='background:{colour};color:#000;padding:2px 8px;border-radius:10px;"
        f"font-weight:600;white-space:nowrap'>{icon} {status}</span>"
    )


def cache_key(con: Connection) -> str:
    """What every cached figure depends on: the base, its data, the catalogue, the day."""
    try:
        catalogue = config_path().stat().st_mtime_ns
    except OSError:
        catalogue = 0
    return f"{db_path()}|{data_version(con)}|{catalogue}|{today()}"


def download_name(stem: str, suffix: str) -> str:
    return f"{stem}_{dt.date.today():%Y%m%d}.{suffix}"


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


def identity() -> Identity:
    """The signed-in person of this run (set by the dashboard before the page runs)."""
    who = st.session_state.get("identity")
    if not isinstance(who, Identity):
        raise AccessDenied("connectez-vous")
    return who


def allowed(permission: str, service: str | None = None) -> bool:
    """Whether to show a write (the core checks again when it is done)."""
    return can(st.session_state.get("identity"), permission, service)


def require_page(permission: str) -> Identity:
    """Pages that a role may not open say so in French, even when reached by their address."""
    who = identity()
    if not can(who, permission):
        _signin.refusal(who, permission)
    return who


def who_is_signed_in(con: Connection) -> Identity | None:
    return _signin.signed_in(con)


def sign_in(con: Connection, cfg: Config, who: Identity | None) -> Identity:
    """The signed-in person, or the sign-in page (which stops the run)."""
    if who is None:
        _signin.sign_in_page(con, cfg.organisation.name)
    assert who is not None
    st.session_state["identity"] = who
    _signin.account_box(con, who)
    _signin.keep_cookie()
    return who


def run_page(navigation) -> None:
    """Run the chosen page. A refusal of the core is shown in French; any other error shows an
    incident number, and its traceback goes to the server log only (showErrorDetails is off)."""
    try:
        navigation.run()
    except AccessDenied as denied:
        st.error(f"Accès refusé : {plain(denied)}.")
    except Exception:
        incident = secrets.token_hex(4).upper()
        LOG.exception("incident %s on page %s", incident, getattr(navigation, "url_path", "?"))
        st.error(
            f"Une erreur inattendue est survenue (incident n° {incident}). Rien n'a été "
            "enregistré par cette action. Réessayez ; si l'erreur revient, communiquez ce "
            "numéro à l'administrateur, qui en trouvera le détail dans le journal du serveur."
        )


def print_friendly() -> None:
    """The browser's print gives a clean A4 page: no sidebar, no toolbar, no buttons."""
    st.markdown(PRINT_A4, unsafe_allow_html=True)


def flash(message: str) -> None:
    """A confirmation shown once, after the page reruns to show the new data."""
    st.session_state["flash"] = message
    st.rerun()


def show_flash() -> None:
    message = st.session_state.pop("flash", None)
    if message:
        # Confirmations name files and references: shown as typed, never as Markdown.
        st.success(plain(message))


def french_file_uploader() -> None:
    """Streamlit writes its drop zone in English ("Upload", "100MB per file"): say it in French."""
    st.markdown(FRENCH_DROP_ZONE, unsafe_allow_html=True)


def table(data: object, *, formats: dict | None = None, **options: object) -> None:
    """A table in French (`present.tables.french_table`, with `formats` declaring precisions),
    its key column pinned and its statuses as coloured chips; empty cells look empty, as in
    Excel (Streamlit writes "None")."""
    if isinstance(data, pd.DataFrame):
        shown = french_table(data, **(formats or {}))
        options.setdefault("column_config", shown.column_config)
        # A report's table shows all its rows (up to 40) rather than 10 and a scroll bar.
        if 10 < len(data) <= 40:
            options.setdefault("height", (len(data) + 1) * 35 + 3)
        data = shown.frame
        if shown.status_columns and not data.empty:
            data = data.style.map(status_style, subset=shown.status_columns)
    st.dataframe(data, placeholder="", **options)


def within_dashboard(_caller_depth: int = 1) -> None:
    """Called first by every page. On a freshly started server, a bookmarked page is run by
    Streamlit on its own, without the dashboard around it (no filters, no navigation): declaring
    the navigation hands every later run to the dashboard, which then opens that page."""
    # Without the dashboard's run before it (sign-in, filters), a page never runs on its own.
    if "filters" not in st.session_state or "identity" not in st.session_state:
        st.navigation(app_pages(), position="hidden")
        st.rerun()
    if not getattr(_RUN, "held", False):
        # Run on its own with the dashboard's state (Streamlit's page folder mode): the page
        # runs again here, in this same run so that a click is not lost, with the database held.
        page_file = sys._getframe(_caller_depth).f_globals["__file__"]
        with database():
            runpy.run_path(page_file, run_name="__page__")
        st.stop()


# ---------------------------------------------------------------- public page (issue 18)

_PUBLIC_VISIT = "public_visit"


def open_public_page(con: Connection, who: Identity | None, navigation) -> None:
    """A visitor who is not signed in reaches the citizens' page when an administrator opened
    it: the page runs alone (no sidebar, no filters) and the run stops there."""
    from qualiboard.citizen_view import PAGE, public_page_open

    if who is not None or navigation.url_path != PAGE or not public_page_open(con):
        st.session_state.pop(_PUBLIC_VISIT, None)
        return
    st.session_state[_PUBLIC_VISIT] = True
    run_page(navigation)
    st.stop()


def is_public_visit() -> bool:
    return bool(st.session_state.get(_PUBLIC_VISIT))


def within_dashboard_or_public() -> None:
    """`within_dashboard`, for the one page a visitor may see without signing in."""
    if not is_public_visit():
        within_dashboard(_caller_depth=2)  # the page that called this one is to run again
