"""The global filters in the sidebar (month, comparison, service, module), kept in the URL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from pages import _cache as cache
from pages._session import today
from qualiboard.domain.config import Config
from qualiboard.domain.periods import add_months, parse_month
from qualiboard.present.formatting import month_label
from qualiboard.present.safe import plain
from qualiboard.store.db import Connection
from qualiboard.views.inventory import data_month_range, default_month

ALL = "Tous"


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
