"""Qualiboard — entry point of the Streamlit application (streamlit run dashboard.py).

Only routes: the page list, who is signed in (or the sign-in page), the global filters."""

from __future__ import annotations

import streamlit as st

from pages import _cache as cache
from pages import _guard as guard
from pages import _session as session
from pages import _sidebar as sidebar
from pages._navigation import app_pages, filters_after
from qualiboard.present.styles import FRENCH_CHROME
from qualiboard.store.working_calendar import ensure_working_calendar

st.set_page_config(page_title="Qualiboard", page_icon="📊", layout="wide")
st.html(FRENCH_CHROME)

cache.start_drop_folder()
# The database is open for this run only: the command line can use it between runs.
with session.database():
    con = session.connection()
    who = guard.who_is_signed_in(con)
    # Before sign-in the page list is hidden: the sign-in page is all there is to see.
    navigation = st.navigation(app_pages(), position="sidebar" if who else "hidden")
    cfg = cache.config()
    # The engine only reads the working-day table: it is made ready here for the territory.
    ensure_working_calendar(con, cfg.organisation.territory)
    guard.open_public_page(con, who, navigation)
    guard.sign_in(con, cfg, who)
    filters, offered = sidebar.sidebar_filters(con, cfg)
    st.session_state["filters"] = filters
    # The filters' widgets before or after the page: a page ends with guard.stop_page, never
    # st.stop, so that widgets drawn after it are always drawn.
    after = filters_after(navigation)
    if not after:
        sidebar.draw_filters(cfg, offered, filters)
    guard.run_page(navigation)
    if after:
        sidebar.draw_filters(cfg, offered, filters)
    st.sidebar.caption("Qualiboard — tableau de bord Qualivilles")
