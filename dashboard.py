"""Qualiboard — entry point of the Streamlit application (streamlit run dashboard.py).

Only routes: the page list, who is signed in (or the sign-in page), the global filters."""

from __future__ import annotations

import streamlit as st

from pages import _shared as shared
from pages._navigation import app_pages
from qualiboard.present.styles import FRENCH_CHROME

st.set_page_config(page_title="Qualiboard", page_icon="📊", layout="wide")
st.html(FRENCH_CHROME)

shared.start_drop_folder()
# The database is open for this run only: the command line can use it between runs.
with shared.database():
    con = shared.connection()
    who = shared.who_is_signed_in(con)
    # Before sign-in the page list is hidden: the sign-in page is all there is to see.
    navigation = st.navigation(app_pages(), position="sidebar" if who else "hidden")
    cfg = shared.config()
    shared.open_public_page(con, who, navigation)
    shared.sign_in(con, cfg, who)
    st.session_state["filters"] = shared.sidebar_filters(con, cfg)
    st.sidebar.caption("Qualiboard — tableau de bord Qualivilles")
    shared.run_page(navigation)
