"""Qualité des données: completeness per source and month, gaps, undeclared services."""

from __future__ import annotations

import streamlit as st

from pages import _cache as cache
from pages import _guard as guard
from pages import _layout as layout
from qualiboard.views.data_quality import NO_END_ALL_GOOD

opened = layout.page(
    "Qualité des données",
    "La collecte elle-même est suivie : volumes par mois, mois manquants, champs non renseignés "
    "et services inconnus du référentiel.",
)
page = cache.data_quality_page_for(cache.cache_key(opened.con))
if not page.has_data:
    layout.empty_database_message()
    guard.stop_page()

st.markdown("#### Dernier import par source")
layout.table(page.freshness, hide_index=True, width="stretch")

st.markdown("#### Traités sans date de fin")
if not page.no_end_lines:
    st.success(NO_END_ALL_GOOD)
else:
    st.markdown("\n".join(f"- {line}" for line in page.no_end_lines))
    with st.expander("Tous les mois"):
        layout.table(page.no_end_table, hide_index=True, width="stretch")

for check in page.checks:
    st.markdown(f"#### {check.title}")
    if check.findings.empty:
        st.success(check.all_good)
        continue
    layout.table(check.findings, hide_index=True, width="stretch")
    if check.advice:
        st.caption(check.advice)

st.markdown("#### Enregistrements par source et par mois")
if not page.per_month.empty:
    layout.table(page.per_month, width="stretch")
