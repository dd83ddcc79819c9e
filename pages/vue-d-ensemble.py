"""Vue d'ensemble: which commitments are kept this month, which are slipping."""

from __future__ import annotations

import streamlit as st

from pages import _cache as cache
from pages import _guard as guard
from pages import _insights
from pages import _layout as layout
from pages import _session as session
from pages import _sidebar as sidebar
from qualiboard.present.safe import plain
from qualiboard.present.styles import OVERVIEW_CARDS
from qualiboard.views.cards import headline, status_counts
from qualiboard.views.overview import counts_html, module_grid_html

guard.within_dashboard()
cfg = cache.config()
con = session.connection()
filters = sidebar.filters()

layout.page_header(
    "Vue d'ensemble",
    "Chaque engagement Qualivilles, sa valeur du mois face à son objectif ; ce qui demande "
    "attention apparaît en premier dans chaque module.",
)


if filters.month is None:
    layout.empty_database_message()
    st.stop()

layout.freshness_line(con)
cards = cache.month_cards(con, filters)
if cards.empty:
    st.info("Aucun indicateur pour ce module.")
    st.stop()

st.subheader(headline(cards, filters.month).capitalize() + f" — {plain(filters.service_label)}")
st.markdown(OVERVIEW_CARDS, unsafe_allow_html=True)
st.markdown(counts_html(status_counts(cards)), unsafe_allow_html=True)
query = {k: v for k, v in st.query_params.to_dict().items() if k != "indicateur"}
year_end = _insights.card_year_end_lines(filters)
for module in sorted(cards["module"].unique()):
    st.markdown(f"### Module {module}")
    st.markdown(
        module_grid_html(cards[cards["module"] == module], query, year_end),
        unsafe_allow_html=True,
    )
