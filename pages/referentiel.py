"""Référentiel des indicateurs: the indicator <-> objective table an auditor asks for (WSM-2)."""

from __future__ import annotations

import streamlit as st

from pages import _cache as cache
from pages import _guard as guard
from pages import _layout as layout
from pages import _session as session
from pages import _sidebar as sidebar
from qualiboard.present.export import french_csv_bytes

guard.within_dashboard()
cfg = cache.config()
con = session.connection()
filters = sidebar.filters()

layout.page_header(
    "Référentiel des indicateurs",
    "Chaque engagement, son indicateur, sa définition, son objectif (et son historique), son pilote "
    "et sa dernière valeur : le document demandé par l'auditeur.",
)


key = cache.cache_key(con)
table = cache.referentiel_for(key, filters.month)
if filters.module is not None:
    table = table[table["Module"] == filters.module]
layout.table(table, width="stretch", hide_index=True)
left, right = st.columns(2)
left.download_button(
    "Télécharger (CSV pour Excel)",
    french_csv_bytes(table),
    file_name=layout.download_name("referentiel_indicateurs", "csv"),
    mime="text/csv",
)
right.download_button(
    "Télécharger (Excel)",
    # Written when the button is pressed (in a thread of its own, which opens the database).
    session.with_database(
        lambda: cache.referentiel_workbook_for(key, filters.month, filters.module)
    ),
    file_name=layout.download_name("referentiel_indicateurs", "xlsx"),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
