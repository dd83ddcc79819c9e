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
from qualiboard.views.sidebar import ALL, COMPARISONS, PARAMETERS, address, sidebar_choices


@dataclass
class Filters:
    month: dt.date | None
    services: list[str] | None
    module: int | None
    comparison: str  # previous | year

    @property
    def service_label(self) -> str:
        return self.services[0] if self.services else "tous les services"


def sidebar_filters(con: Connection, cfg: Config) -> Filters:
    """Period, comparison, service, module in the sidebar; kept in the URL so a view can be
    shared by e-mail and survives page changes (`views.sidebar`)."""
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
    query = {k: v for k, v in st.query_params.to_dict().items() if k in PARAMETERS}
    offered = sidebar_choices(bounds, default, service_names, list(cfg.modules), query)
    month = st.sidebar.selectbox(
        "Mois",
        offered.months,
        index=offered.month,
        format_func=lambda m: month_label(m, long=True).capitalize(),
        key="filter_month",
    )
    comparison = st.sidebar.radio(
        "Comparer à",
        list(COMPARISONS),
        index=offered.comparison,
        format_func=COMPARISONS.get,
        key="filter_comparison",
    )
    service = st.sidebar.selectbox(
        "Service", offered.services, index=offered.service, key="filter_service"
    )
    module = st.sidebar.selectbox(
        "Module Qualivilles",
        offered.modules,
        index=offered.module,
        format_func=lambda m: "Tous les modules" if m is None else f"Module {m}",
        key="filter_module",
    )
    params = address(month, comparison, service, module)
    for key in PARAMETERS:
        if key in params:
            if st.query_params.get(key) != params[key]:
                st.query_params[key] = params[key]
        elif key in st.query_params:
            del st.query_params[key]
    return Filters(month, None if service == ALL else [service], module, comparison)


def filters() -> Filters:
    stored = st.session_state.get("filters")
    return stored if isinstance(stored, Filters) else Filters(None, None, None, "previous")
