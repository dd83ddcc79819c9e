"""Résultats pour les usagers: the town's engagements and their yearly results, for citizens.
Served without sign-in when an administrator has opened it (« Comptes et réglages »)."""

from __future__ import annotations

import streamlit as st

from pages import _cache as cache
from pages import _guard as guard
from pages import _layout as layout
from pages import _session as session
from qualiboard.views.citizen import years_available

guard.within_dashboard_or_public()
con = session.connection()
years = years_available(con, session.today())
if not years:
    st.title("Nos engagements de service")
    st.info("Aucun résultat n'est encore publié.")
    guard.stop_page()

page = cache.citizen_page_for(cache.cache_key(con), st.session_state.get("public_year", years[0]))
st.title(page.title)
if len(years) > 1:
    st.selectbox("Année", years, key="public_year")
if notice := page.notice(guard.is_public_visit()):
    st.info(notice)
st.html(page.fragment)
st.download_button(
    "Télécharger l'affiche à imprimer (HTML, format A4)",
    page.document.encode("utf-8"),
    file_name=layout.download_name(page.poster_stem, "html"),
    mime="text/html",
    on_click="ignore",
)
