"""The pages of the dashboard: file, title and icon of each, in the sidebar's order."""

from __future__ import annotations

import streamlit as st

# (file in pages/, title, icon). Each page's address is its file's name: on a freshly started
# server, Streamlit routes a bookmark by the files of pages/ (see _shared.within_dashboard);
# another address would get its English "Page not found".
PAGES: tuple[tuple[str, str, str], ...] = (
    ("vue-d-ensemble", "Vue d'ensemble", ":material/home:"),
    ("indicateur", "Indicateur (détail)", ":material/monitoring:"),
    ("revue", "Revue mensuelle", ":material/groups:"),
    ("actions", "Plan d'actions", ":material/task_alt:"),
    ("bilan", "Bilan annuel", ":material/summarize:"),
    ("referentiel", "Référentiel des indicateurs", ":material/table_view:"),
    ("qualite-des-donnees", "Qualité des données", ":material/fact_check:"),
    ("import", "Import des données", ":material/upload_file:"),
    ("journal", "Journal", ":material/history:"),
    ("comptes", "Comptes et réglages", ":material/manage_accounts:"),
    ("resultats", "Résultats pour les usagers", ":material/campaign:"),
)


def app_pages() -> list:
    """The pages of the dashboard, the first one opening at the root address."""
    return [
        st.Page(f"pages/{name}.py", title=title, icon=icon, url_path=name, default=position == 0)
        for position, (name, title, icon) in enumerate(PAGES)
    ]
