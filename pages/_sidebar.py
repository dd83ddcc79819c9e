"""The global filters in the sidebar (month, comparison, service, module), kept in the URL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from pages import _cache as cache
from pages._session import today
from qualiboard.domain.config import Config
from qualiboard.present.formatting import month_label
from qualiboard.present.safe import plain
from qualiboard.store.db import Connection
from qualiboard.views.inventory import data_month_range, default_month
from qualiboard.views.sidebar import (
    ALL,
    COMPARISONS,
    PARAMETERS,
    SidebarChoices,
    chosen,
    sidebar_choices,
)


@dataclass
class Filters:
    month: dt.date | None
    services: list[str] | None
    module: int | None
    comparison: str  # previous | year

    @property
    def service_label(self) -> str:
        return self.services[0] if self.services else "tous les services"


_KEYS = {name: f"filter_{name}" for name in ("month", "comparison", "service", "module")}
# « Every module » in its widget: a selectbox holding None was drawn empty, with Streamlit's
# English « Choose an option », after signing in from the anonymous view.
EVERY_MODULE = "tous"


def _offered(con: Connection, cfg: Config) -> SidebarChoices | None:
    from qualiboard.views.inventory import services_in_data

    bounds, default, service_names = cache.computed(
        con,
        "sidebar",
        (),
        lambda: (
            data_month_range(con),
            default_month(con, today()),
            services_in_data(con, cfg),
        ),
    )
    if bounds is None:
        return None
    query = {k: v for k, v in st.query_params.to_dict().items() if k in PARAMETERS}
    return sidebar_choices(bounds, default, service_names, list(cfg.modules), query)


def sidebar_filters(con: Connection, cfg: Config) -> tuple[Filters, SidebarChoices | None]:
    """The filters of this run, read before the page: the reader's last choice in the session,
    else the address (a shared link), else the defaults (`views.sidebar`); and the choices
    offered, which `draw_filters` draws before or after the page (`_navigation.filters_after`)."""
    offered = _offered(con, cfg)
    if offered is None:
        return Filters(None, None, None, "previous"), None
    kept = {name: st.session_state[key] for name, key in _KEYS.items() if key in st.session_state}
    if kept.get("module") == EVERY_MODULE:
        kept["module"] = None
    choice = chosen(offered, kept)
    # The whole address at once: each change of a parameter is one more step of the browser's
    # « Back » (a move by the sidebar took three).
    current = st.query_params.to_dict()
    wanted = {k: v for k, v in current.items() if k not in PARAMETERS} | choice.address()
    if wanted != current:
        st.query_params.from_dict(wanted)
    service = choice.service
    used = Filters(
        choice.month, None if service == ALL else [service], choice.module, choice.comparison
    )
    return used, offered


def draw_filters(cfg: Config, offered: SidebarChoices | None, used: Filters) -> None:
    """The filters' widgets, showing the values the page is drawn with; should a widget hold
    another value, the page is drawn again with it. Drawn by the dashboard, never within a
    page's run: Streamlit names a widget after the page it is drawn in, and a choice made on
    one page would be lost on the next."""
    st.sidebar.markdown(f"### {plain(cfg.organisation.name, line_breaks=False)}")
    if offered is None:
        st.sidebar.info("Aucune donnée importée.")
        return
    service = used.services[0] if used.services else ALL
    month = st.sidebar.selectbox(
        "Mois",
        offered.months,
        index=offered.months.index(used.month),
        format_func=lambda m: month_label(m, long=True).capitalize(),
        key=_KEYS["month"],
    )
    comparison = st.sidebar.radio(
        "Comparer à",
        list(COMPARISONS),
        index=list(COMPARISONS).index(used.comparison),
        format_func=COMPARISONS.get,
        key=_KEYS["comparison"],
    )
    shown_service = st.sidebar.selectbox(
        "Service",
        offered.services,
        index=offered.services.index(service),
        key=_KEYS["service"],
    )
    modules = [EVERY_MODULE if m is None else m for m in offered.modules]
    module = st.sidebar.selectbox(
        "Module Qualivilles",
        modules,
        index=modules.index(EVERY_MODULE if used.module is None else used.module),
        format_func=lambda m: "Tous les modules" if m == EVERY_MODULE else f"Module {m}",
        key=_KEYS["module"],
    )
    module = None if module == EVERY_MODULE else module
    if (month, comparison, shown_service, module) != (
        used.month,
        used.comparison,
        service,
        used.module,
    ):
        st.rerun()


def filters() -> Filters:
    stored = st.session_state.get("filters")
    return stored if isinstance(stored, Filters) else Filters(None, None, None, "previous")
