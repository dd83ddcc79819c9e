"""Vue d'ensemble: which commitments are kept this month, which are slipping."""

from __future__ import annotations

import streamlit as st

from pages import _insights
from pages import _shared as shared
from qualiboard.present.safe import plain
from qualiboard.present.styles import OVERVIEW_CARDS
from qualiboard.views.cards import headline, status_counts
from qualiboard.views.overview import counts_html, module_grid_html

shared.within_dashboard()
cfg = shared.config()
con = shared.connection()
filters = shared.filters()

shared.page_header(
    "Vue d'ensemble",
    "Chaque engagement Qualivilles, sa valeur du mois face à son objectif ; ce qui demande "
    "attention apparaît en premier dans chaque module.",
)


if filters.month is None:
    shared.empty_database_message()
    st.stop()

shared.freshness_line(con)
cards = shared.month_cards(con, filters)
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
