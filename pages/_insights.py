"""Streamlit blocks of the insights of issue 18, each one call from a page: « Pourquoi ça a
bougé ? » and « Où finira l'année ? ». Figures come from `qualiboard.insight_view`."""

from __future__ import annotations

import streamlit as st

from pages import _shared as shared
from qualiboard.config import Indicator
from qualiboard.insight_view import (
    WHY_RULE,
    default_dimension,
    why_sentences,
    why_view,
    year_end_markers,
    year_end_view,
)
from qualiboard.present.safe import plain


def _services(filters) -> tuple[str, ...] | None:
    return tuple(filters.services) if filters.services else None


@st.cache_data(show_spinner="Décomposition…", max_entries=64)
def _why(key, indicator_id, month, comparison, dimension, services):
    cfg = shared.config()
    return why_view(
        shared.connection(),
        cfg,
        cfg.indicator(indicator_id),
        month,
        comparison,
        dimension,
        services=list(services) if services else None,
        today=shared.today(),
    )


def why_it_moved_view(indicator: Indicator, filters):
    """The decomposition along the default part (cached per data version and filters)."""
    return _why(
        shared.cache_key(shared.connection()), indicator.id, filters.month, filters.comparison,
        default_dimension(indicator, filters.services), _services(filters),
    )  # fmt: skip


def why_it_moved(indicator: Indicator, filters) -> None:
    """The change since the compared period, split by part, under its own heading."""
    dimension = default_dimension(indicator, filters.services)
    if dimension is None:
        return
    st.markdown("#### Pourquoi ça a bougé ?")
    con = shared.connection()
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
            view = _why(
                shared.cache_key(con), indicator.id, filters.month, filters.comparison, chosen,
                _services(filters),
            )  # fmt: skip
    st.markdown(f"**{plain(view.periods)} : {plain(view.sentence)}**")
    if not view.table.empty:
        # Every part visible at once: the total row must be read with the parts above it.
        height = min(38 + 35 * len(view.table), 640)
        shared.table(view.table, hide_index=True, width="stretch", height=height)
    st.caption(WHY_RULE)


@st.cache_data(show_spinner="Projection…", max_entries=64)
def _year_end(key, indicator_id, month, services):
    cfg = shared.config()
    return year_end_view(
        shared.connection(),
        cfg,
        cfg.indicator(indicator_id),
        month,
        services=list(services) if services else None,
        today=shared.today(),
    )


def year_end_view_for(indicator: Indicator, filters):
    """Where the year ends (cached per data version and filters)."""
    return _year_end(
        shared.cache_key(shared.connection()), indicator.id, filters.month, _services(filters)
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


@st.cache_data(show_spinner=False, max_entries=64)
def _markers(key, month, services):
    return year_end_markers(
        shared.connection(),
        shared.config(),
        month,
        services=list(services) if services else None,
        today=shared.today(),
    )


def card_year_end_lines(filters) -> dict[str, str]:
    """Indicator id -> the year-end line of its overview card."""
    return _markers(shared.cache_key(shared.connection()), filters.month, _services(filters))


@st.cache_data(show_spinner="Décomposition des changements…", max_entries=64)
def _agenda_sentences(key, ids, month, comparison, services):
    return why_sentences(
        shared.connection(),
        shared.config(),
        list(ids),
        month,
        comparison,
        services=list(services) if services else None,
        today=shared.today(),
    )


def agenda_reasons(indicator_ids: list[str], filters) -> dict[str, str]:
    """Indicator id -> « Pourquoi : … » for the review agenda."""
    return _agenda_sentences(
        shared.cache_key(shared.connection()),
        tuple(indicator_ids),
        filters.month,
        filters.comparison,
        _services(filters),
    )
