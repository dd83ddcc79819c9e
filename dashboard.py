"""Qualiboard — entry point of the Streamlit application (streamlit run dashboard.py)."""

from __future__ import annotations

import streamlit as st

from pages import _shared as shared
from pages._navigation import app_pages

st.set_page_config(page_title="Qualiboard", page_icon="📊", layout="wide")

navigation = st.navigation(app_pages())
cfg = shared.config()
con = shared.connection()
st.session_state["filters"] = shared.sidebar_filters(con, cfg)
st.sidebar.caption("Qualiboard — tableau de bord Qualivilles")
navigation.run()
