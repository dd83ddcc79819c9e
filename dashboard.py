"""Qualiboard — entry point of the Streamlit application (streamlit run dashboard.py)."""

from __future__ import annotations

import streamlit as st

from pages import _shared as shared

st.set_page_config(page_title="Qualiboard", page_icon="📊", layout="wide")

PAGES = [
    st.Page(
        "pages/overview.py",
        title="Vue d'ensemble",
        icon=":material/home:",
        url_path="vue-d-ensemble",
        default=True,
    ),
    st.Page(
        "pages/indicator.py",
        title="Indicateur (détail)",
        icon=":material/monitoring:",
        url_path="indicateur",
    ),
    st.Page("pages/review.py", title="Revue mensuelle", icon=":material/groups:", url_path="revue"),
    st.Page(
        "pages/actions.py", title="Plan d'actions", icon=":material/task_alt:", url_path="actions"
    ),
    st.Page("pages/annual.py", title="Bilan annuel", icon=":material/summarize:", url_path="bilan"),
    st.Page(
        "pages/referentiel.py",
        title="Référentiel des indicateurs",
        icon=":material/table_view:",
        url_path="referentiel",
    ),
    st.Page(
        "pages/data_quality.py",
        title="Qualité des données",
        icon=":material/fact_check:",
        url_path="qualite-des-donnees",
    ),
    st.Page(
        "pages/imports.py",
        title="Import des données",
        icon=":material/upload_file:",
        url_path="import",
    ),
]

navigation = st.navigation(PAGES)
cfg = shared.config()
con = shared.connection()
st.session_state["filters"] = shared.sidebar_filters(con, cfg)
st.sidebar.caption("Qualiboard — tableau de bord Qualivilles")
navigation.run()
