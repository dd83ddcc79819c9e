"""Vue d'ensemble: which commitments are kept this month, which are slipping."""

from __future__ import annotations

import streamlit as st

from pages import _cache as cache
from pages import _insights
from pages import _layout as layout
from qualiboard.present.styles import OVERVIEW_CARDS
from qualiboard.views.overview import overview_page

page = layout.page(
    "Vue d'ensemble",
    "Chaque engagement Qualivilles, sa valeur du mois face à son objectif ; ce qui demande "
    "attention apparaît en premier dans chaque module.",
    needs_data=True,
)
layout.freshness_line(page.con)
cards = cache.month_cards(page.con, page.filters)
if cards.empty:
    st.info("Aucun indicateur pour ce module.")
    st.stop()

overview = overview_page(
    cards,
    page.filters.month,
    page.filters.service_label,
    st.query_params.to_dict(),
    _insights.card_year_end_lines(page.filters),
)
st.subheader(overview.title)
st.html(OVERVIEW_CARDS)
st.html(overview.counts)
for heading, grid in overview.modules:
    st.markdown(f"### {heading}")
    st.html(grid)
