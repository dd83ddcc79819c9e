"""Résultats pour les usagers: the town's engagements and their yearly results, for citizens.
Served without sign-in when an administrator has opened it (« Comptes et réglages »)."""

from __future__ import annotations

import streamlit as st

from pages import _shared as shared
from qualiboard.views.citizen import citizen_page, years_available

shared.within_dashboard_or_public()
cfg = shared.config()
con = shared.connection()
visitor = shared.is_public_visit()

years = years_available(con, shared.today())
if not years:
    st.title("Nos engagements de service")
    st.info("Aucun résultat n'est encore publié.")
    st.stop()
year = st.session_state.get("public_year", years[0])


@st.cache_data(show_spinner="Calcul des résultats…", max_entries=16)
def page_for(key: str, year: int):
    return citizen_page(shared.connection(), shared.config(), year, shared.today())


page = page_for(shared.cache_key(con), year)
st.title(page.title)
if len(years) > 1:
    st.selectbox("Année", years, key="public_year")
if not visitor and not page.open_to_public:
    st.info(
        "Aperçu : cette page n'est pas encore ouverte au public. Un administrateur l'ouvre dans "
        "« Comptes et réglages » ; elle est alors consultable sans connexion à l'adresse "
        "…/resultats."
    )
st.html(page.fragment)
st.download_button(
    "Télécharger l'affiche à imprimer (HTML, format A4)",
    page.document.encode("utf-8"),
    file_name=shared.download_name(f"resultats_usagers_{year}", "html"),
    mime="text/html",
)
