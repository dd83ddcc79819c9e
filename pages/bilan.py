"""Bilan annuel: every indicator over a year (or a custom range) against its objective, the
reviews held and the action plan, exported for the annual report."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from pages import _shared as shared
from qualiboard.annual import annual_csv_bytes, annual_review, annual_xlsx_bytes
from qualiboard.audit_view import audit_pack
from qualiboard.formatting import display_table, month_label
from qualiboard.periods import add_months
from qualiboard.present.audit_pdf import audit_zip_bytes, pack_stem
from qualiboard.views import data_month_range

shared.within_dashboard()
cfg = shared.config()
con = shared.connection()
filters = shared.filters()
shared.page_header(
    "Bilan annuel",
    "Chaque indicateur sur l'année (ou une période choisie), calculé sur les enregistrements et "
    "non en moyenne des mois, face à son objectif et à la période précédente ; revues tenues, "
    "actions ouvertes et soldées, analyses du COPIL. Exportable pour le rapport annuel.",
)
bounds = data_month_range(con)
if bounds is None:
    shared.empty_database_message()
    st.stop()

years = list(range(bounds[1].year, bounds[0].year - 1, -1))
custom = st.radio("Période", ["Année civile", "Période personnalisée"], horizontal=True) != (
    "Année civile"
)
if custom:
    months = []
    current = bounds[1]
    while current >= bounds[0]:
        months.append(current)
        current = add_months(current, -1)
    left, right = st.columns(2)
    end = left.selectbox("Dernier mois", months, format_func=month_label)
    start = right.selectbox(
        "Premier mois",
        [m for m in months if m <= end],
        index=min(11, len([m for m in months if m <= end]) - 1),
        format_func=month_label,
    )
else:
    year = st.selectbox("Année", years, index=1 if len(years) > 1 else 0)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 1)


@st.cache_data(show_spinner="Calcul du bilan…", max_entries=16)
def review_for(key: str, start, end):
    return annual_review(shared.connection(), shared.config(), start, end, shared.today())


review = review_for(shared.cache_key(con), start, end)
st.subheader(f"Bilan — {review.title}")
shared.table(review.steering, hide_index=True)
st.markdown("#### Synthèse des indicateurs")
shared.table(review.synthesis, formats=review.synthesis_formats(), hide_index=True)
st.markdown("#### Valeurs mensuelles")
shared.table(review.monthly, formats=review.monthly_formats(), hide_index=True)
st.markdown("#### Revues et analyses")
if review.reviews.empty:
    st.caption("Aucune revue ni analyse enregistrée sur la période.")
else:
    shared.table(display_table(review.reviews), width="stretch", hide_index=True)
stem = f"bilan_{start:%Y-%m}_{end:%Y-%m}"
left, right = st.columns(2)
left.download_button(
    "Télécharger la synthèse (CSV pour Excel)",
    annual_csv_bytes(review),
    file_name=shared.download_name(stem, "csv"),
    mime="text/csv",
)
right.download_button(
    "Télécharger le bilan complet (Excel)",
    # Written when asked for: the whole action plan and journal make a workbook that took
    # longer than the page itself on every visit.
    lambda: annual_xlsx_bytes(review),
    file_name=shared.download_name(stem, "xlsx"),
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)

pack_end = min(end, bounds[1])  # twelve months that end with data, not with empty months
st.markdown("#### Dossier d'audit")
st.caption(
    "Pour l'auditeur : référentiel, douze mois de chaque indicateur avec leur statut, revues et "
    "décisions, plan d'actions et constats d'audit, bilan annuel, qualité des données, journaux "
    f"des imports et d'audit — douze mois jusqu'à {month_label(pack_end, long=True)}, en PDF "
    "et Excel."
)


@st.cache_data(show_spinner="Préparation du dossier d'audit…", max_entries=4)
def audit_zip_for(key: str, end) -> tuple[bytes, str]:
    start = add_months(end, -11)
    # The review on screen covers the same twelve months when a whole year is chosen.
    pack = audit_pack(
        shared.connection(),
        shared.config(),
        end,
        shared.today(),
        review=review_for(key, start, end),
    )
    return audit_zip_bytes(pack), pack_stem(pack)


if st.button("Préparer le dossier d'audit (zip)"):
    st.session_state["audit_pack_end"] = pack_end
if st.session_state.get("audit_pack_end") == pack_end:
    archive, stem = audit_zip_for(shared.cache_key(con), pack_end)
    st.download_button(
        "Télécharger le dossier d'audit (PDF + Excel, zip)",
        archive,
        file_name=f"{stem}.zip",
        mime="application/zip",
        type="primary",
    )
