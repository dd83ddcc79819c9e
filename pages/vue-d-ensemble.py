"""Vue d'ensemble: which commitments are kept this month, which are slipping."""

from __future__ import annotations

import streamlit as st

from pages import _cache as cache
from pages import _guard as guard
from pages import _layout as layout
from qualiboard.present.styles import OVERVIEW_CARDS, PRINT_A4

page = layout.page(
    "Vue d'ensemble",
    "Chaque engagement Qualivilles, sa valeur du mois face à son objectif ; ce qui demande "
    "attention apparaît en premier dans chaque module.",
    needs_data=True,
)
layout.freshness_line(page.con)
overview = cache.overview(page.con, page.filters, st.query_params.to_dict())
if overview is None:
    st.info("Aucun indicateur pour ce module.")
    guard.stop_page()

# The cards' styles and a clean A4 print (no sidebar) in one element.
st.html(OVERVIEW_CARDS + PRINT_A4)
st.html(overview.html)
