"""Bilan annuel: every indicator over a year (or a custom range) against its objective, the
reviews held and the action plan, exported for the annual report."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from pages import _cache as cache
from pages import _layout as layout
from pages import _session as session
from qualiboard.present.formatting import display_table, month_label
from qualiboard.views.annual import (
    annual_csv_bytes,
    annual_xlsx_bytes,
    audit_pack_caption,
    audit_pack_end,
    period_choice,
    with_action_plan,
)
from qualiboard.views.inventory import data_month_range

page = layout.page(
    "Bilan annuel",
    "Chaque indicateur sur l'année (ou une période choisie), calculé sur les enregistrements et "
    "non en moyenne des mois, face à son objectif et à la période précédente ; revues tenues, "
    "actions ouvertes et soldées, analyses du COPIL. Exportable pour le rapport annuel.",
    needs_data=True,
)
con = page.con
bounds = data_month_range(con)
assert bounds is not None  # the page has stopped on an empty base

choice = period_choice(bounds)
custom = st.radio("Période", ["Année civile", "Période personnalisée"], horizontal=True) != (
    "Année civile"
)
if custom:
    left, right = st.columns(2)
    end = left.selectbox("Dernier mois", choice.months, format_func=month_label)
    firsts = choice.first_months(end)
    start = right.selectbox(
        "Premier mois",
        firsts,
        index=choice.twelve_months_back(firsts),
        format_func=month_label,
    )
else:
    year = st.selectbox("Année", choice.years, index=choice.years.index(choice.default_year))
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 1)

review = cache.annual_review_for(cache.cache_key(con), start, end)
st.subheader(f"Bilan — {review.title}")
layout.table(review.steering, hide_index=True)
st.markdown("#### Synthèse des indicateurs")
layout.table(review.synthesis_shown(), formats=review.synthesis_formats(), hide_index=True)
st.markdown("#### Valeurs mensuelles")
layout.table(review.monthly, formats=review.monthly_formats(), hide_index=True)
st.markdown("#### Revues et analyses")
if review.reviews.empty:
    st.caption("Aucune revue ni analyse enregistrée sur la période.")
else:
    layout.table(display_table(review.reviews), width="stretch", hide_index=True)
stem = f"bilan_{start:%Y-%m}_{end:%Y-%m}"
left, right = st.columns(2)
left.download_button(
    "Télécharger la synthèse (CSV pour Excel)",
    annual_csv_bytes(review),
    file_name=layout.download_name(stem, "csv"),
    mime="text/csv",
    on_click="ignore",
)
right.download_button(
    "Télécharger le bilan complet (Excel)",
    # Written when asked for: the whole action plan and journal make a workbook that took
    # longer than the page itself on every visit.
    session.with_database(
        lambda: annual_xlsx_bytes(with_action_plan(session.connection(), review, session.today()))
    ),
    file_name=layout.download_name(stem, "xlsx"),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
)

pack_end = audit_pack_end(end, bounds[1])
st.markdown("#### Dossier d'audit")
st.caption(audit_pack_caption(pack_end))

if st.button("Préparer le dossier d'audit (zip)"):
    st.session_state["audit_pack_end"] = pack_end
if st.session_state.get("audit_pack_end") == pack_end:
    archive, stem = cache.audit_zip_for(cache.cache_key(con), pack_end)
    st.download_button(
        "Télécharger le dossier d'audit (PDF + Excel, zip)",
        archive,
        file_name=f"{stem}.zip",
        mime="application/zip",
        type="primary",
        on_click="ignore",
    )
