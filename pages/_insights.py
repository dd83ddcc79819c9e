"""Streamlit blocks of the insights of issue 18, each one call from a page: « Pourquoi ça a
bougé ? » and « Où finira l'année ? ». Figures come from `qualiboard.views.insight`."""

from __future__ import annotations

import streamlit as st

from pages import _cache as cache
from pages import _layout as layout
from pages import _session as session
from pages._session import config, connection, today
from qualiboard.domain.config import Indicator
from qualiboard.present.safe import plain
from qualiboard.views.insight import (
    WHY_RULE,
    default_dimension,
    why_sentences,
    why_view,
    year_end_view,
)


@st.cache_data(show_spinner="Décomposition…", max_entries=64)
def why_for(key, indicator_id, month, comparison, dimension, services):
    cfg = config()
    return why_view(
        connection(), cfg, cfg.indicator(indicator_id), month, comparison, dimension,
        services=list(services or ()) or None, today=today(),
    )  # fmt: skip


@st.cache_data(show_spinner="Projection…", max_entries=64)
def year_end_for(key, indicator_id, month, services):
    cfg = config()
    return year_end_view(
        connection(), cfg, cfg.indicator(indicator_id), month, services=list(services or ()) or None,
        today=today(),
    )  # fmt: skip


@st.cache_data(show_spinner="Décomposition des changements…", max_entries=64)
def agenda_sentences_for(key, ids, month, comparison, services):
    return why_sentences(
        connection(), config(), list(ids), month, comparison, services=list(services or ()) or None,
        today=today(),
    )  # fmt: skip


def _services(filters) -> tuple[str, ...] | None:
    return tuple(filters.services) if filters.services else None


def why_it_moved_view(indicator: Indicator, filters):
    """The decomposition along the default part (cached per data version and filters)."""
    return why_for(
        cache.cache_key(session.connection()), indicator.id, filters.month, filters.comparison,
        default_dimension(indicator, filters.services), _services(filters),
    )  # fmt: skip


def why_it_moved(indicator: Indicator, filters) -> None:
    """The change since the compared period, split by part, under its own heading."""
    dimension = default_dimension(indicator, filters.services)
    if dimension is None:
        return
    st.markdown("#### Pourquoi ça a bougé ?")
    con = session.connection()
    view = why_it_moved_view(indicator, filters)
    if view is None:
        return
    if len(view.choices) > 1:
        chosen = st.radio(
            "Décomposer par",
            list(view.choices),
            index=list(view.choices).index(view.dimension),
            format_func=view.choices.get,
            horizontal=True,
            key="why_dimension",
        )
        if chosen != view.dimension:
            view = why_for(
                cache.cache_key(con), indicator.id, filters.month, filters.comparison, chosen,
                _services(filters),
            )  # fmt: skip
    st.markdown(f"**{plain(view.periods)} : {plain(view.sentence)}**")
    if not view.table.empty:
        # Every part visible at once: the total row must be read with the parts above it.
        height = min(38 + 35 * len(view.table), 640)
        # The part (service, canal…) is the row's name: first and pinned, as « Indicateur » is.
        key = {"pinned": list(view.table.columns[:1])}
        layout.table(view.table, formats=key, hide_index=True, width="stretch", height=height)
    st.caption(WHY_RULE)


def year_end_view_for(indicator: Indicator, filters):
    """Where the year ends (cached per data version and filters)."""
    return year_end_for(
        cache.cache_key(session.connection()), indicator.id, filters.month, _services(filters)
    )


def where_the_year_ends(indicator: Indicator, filters) -> None:
    view = year_end_view_for(indicator, filters)
    if view is None:
        return
    st.markdown(f"#### {view.title}")
    st.markdown(
        f"{plain(view.value)} — **{plain(view.marker)}**" if view.marker else plain(view.value)
    )
    st.markdown(plain(view.needed))
    if view.projection:
        st.markdown(plain(view.projection))
    st.caption(view.rule)


def agenda_reasons(indicator_ids: list[str], filters) -> dict[str, str]:
    """Indicator id -> « Pourquoi : … » for the review agenda."""
    return agenda_sentences_for(
        cache.cache_key(session.connection()),
        tuple(indicator_ids),
        filters.month,
        filters.comparison,
        _services(filters),
    )
