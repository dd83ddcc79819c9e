"""Qualiboard — entry point of the Streamlit application (streamlit run dashboard.py)."""

from __future__ import annotations

import streamlit as st

from pages import _shared as shared

st.set_page_config(page_title="Qualiboard", page_icon="📊", layout="wide")

# Each url_path is its file's name: until the first visit of a freshly started server, Streamlit
# routes links by the files of pages/, so any other path would greet a bookmark with its English
# "Page not found".
PAGES = [
    st.Page(
        "pages/vue-d-ensemble.py",
        title="Vue d'ensemble",
        icon=":material/home:",
        url_path="vue-d-ensemble",
        default=True,
    ),
    st.Page(
        "pages/indicateur.py",
        title="Indicateur (détail)",
        icon=":material/monitoring:",
        url_path="indicateur",
    ),
    st.Page("pages/revue.py", title="Revue mensuelle", icon=":material/groups:", url_path="revue"),
    st.Page(
        "pages/actions.py", title="Plan d'actions", icon=":material/task_alt:", url_path="actions"
    ),
    st.Page("pages/bilan.py", title="Bilan annuel", icon=":material/summarize:", url_path="bilan"),
    st.Page(
        "pages/referentiel.py",
        title="Référentiel des indicateurs",
        icon=":material/table_view:",
        url_path="referentiel",
    ),
    st.Page(
        "pages/qualite-des-donnees.py",
        title="Qualité des données",
        icon=":material/fact_check:",
        url_path="qualite-des-donnees",
    ),
    st.Page(
        "pages/import.py",
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
