"""Référentiel des indicateurs: the indicator <-> objective table an auditor asks for (WSM-2)."""

from __future__ import annotations

import streamlit as st

from pages import _shared as shared
from qualiboard.export import french_csv_bytes, xlsx_bytes
from qualiboard.views import referentiel, referentiel_sheet

shared.within_dashboard()
cfg = shared.config()
con = shared.connection()
filters = shared.filters()

shared.page_header(
    "Référentiel des indicateurs",
    "Chaque engagement, son indicateur, sa définition, son objectif (et son historique), son pilote "
    "et sa dernière valeur : le document demandé par l'auditeur.",
)


@st.cache_data(show_spinner="Calcul…")
def table_for(key: str, month):
    return referentiel(shared.connection(), shared.config(), month, shared.today())


@st.cache_data(show_spinner=False)
def workbook_for(key: str, month, module) -> bytes:
    sheet, percent = referentiel_sheet(
        shared.connection(), shared.config(), month, shared.today(), module
    )
    return xlsx_bytes(
        {"Référentiel": sheet},
        percent_rows={"Référentiel": (["Objectif", "Dernière valeur"], percent)},
    )


def referentiel_workbook(cfg, filters):
    """The workbook, written when the button is pressed (in a thread of its own, which opens
    the database for that moment)."""
    key = shared.cache_key(con)
    return shared.with_database(lambda: workbook_for(key, filters.month, filters.module))


table = table_for(shared.cache_key(con), filters.month)
if filters.module is not None:
    table = table[table["Module"] == filters.module]
shared.table(table, width="stretch", hide_index=True)
left, right = st.columns(2)
left.download_button(
    "Télécharger (CSV pour Excel)",
    french_csv_bytes(table),
    file_name=shared.download_name("referentiel_indicateurs", "csv"),
    mime="text/csv",
)
right.download_button(
    "Télécharger (Excel)",
    referentiel_workbook(cfg, filters),
    file_name=shared.download_name("referentiel_indicateurs", "xlsx"),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
