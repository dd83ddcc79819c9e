"""Page introuvable: an address the dashboard does not know, said in French (Streamlit's own
answer is an English « Page not found » dialog)."""

from __future__ import annotations

import streamlit as st

from pages import _guard as guard
from pages import _layout as layout

guard.within_dashboard()
layout.page_header(
    "Page introuvable",
    "Cette adresse ne correspond à aucune page du tableau de bord (lien ancien ou mal recopié).",
)
st.page_link("pages/vue-d-ensemble.py", label="Aller à la vue d'ensemble", icon=":material/home:")
