"""The pages of the dashboard: file, title, icon and address of each, in the sidebar's order."""

from __future__ import annotations

import streamlit as st


def app_pages() -> list:
    """The pages of the dashboard, in the order of the sidebar."""
    # Each url_path is its file's name: on a freshly started server, Streamlit routes a bookmark
    # by the files of pages/ (see within_dashboard); another path would get its English
    # "Page not found".
    return [
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
        st.Page(
            "pages/revue.py", title="Revue mensuelle", icon=":material/groups:", url_path="revue"
        ),
        st.Page(
            "pages/actions.py",
            title="Plan d'actions",
            icon=":material/task_alt:",
            url_path="actions",
        ),
        st.Page(
            "pages/bilan.py", title="Bilan annuel", icon=":material/summarize:", url_path="bilan"
        ),
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
