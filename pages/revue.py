"""Revue mensuelle: the COPIL's agenda for the month, its analyses and decisions, a printable page."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from pages import _cache as cache
from pages import _guard as guard
from pages import _insights
from pages import _layout as layout
from pages import _review_parts as parts
from qualiboard.present.formatting import of_month
from qualiboard.steering.review import record_review
from qualiboard.store.access import HOLD_REVIEW, WRITE_NOTES
from qualiboard.views.review import review_agenda, review_page

page = layout.page(
    "Revue mensuelle",
    "L'ordre du jour du comité de pilotage : les engagements non atteints ou en dégradation "
    "d'abord, avec les analyses des mois précédents ; l'analyse et les décisions du mois.",
    needs_data=True,
)
filters, month = page.filters, page.filters.month
service = filters.services[0] if filters.services else None
printable = st.toggle("Vue imprimable (A4)", key="printable")
layout.print_friendly()
agenda = review_agenda(cache.month_cards(page.con, filters))
reasons = _insights.agenda_reasons(list(agenda["indicator_id"]), filters)
review = review_page(page.con, page.cfg, agenda, reasons, month, filters.service_label)

st.subheader(review.title)
if review.held:
    st.markdown(review.held)
else:
    st.caption("Revue pas encore marquée comme tenue.")

if printable:
    parts.printable(review)
    guard.stop_page()

if not guard.allowed(WRITE_NOTES, service):
    st.caption(
        "Lecture seule : l'analyse et les décisions sont écrites par les pilotes (pour leurs "
        "services, choisis dans la barre latérale) et le responsable qualité."
    )
if guard.allowed(HOLD_REVIEW):
    with st.form("review_held"):
        st.markdown("**Marquer la revue comme tenue**")
        left, right = st.columns([1, 3])
        held_on = left.date_input("Date de la réunion", value=dt.date.today(), format="DD/MM/YYYY")
        attendees = right.text_input("Participants", placeholder="Maire, DGS, responsable qualité…")
        if st.form_submit_button("Enregistrer la revue"):
            record_review(page.con, month, held_on=held_on, attendees=attendees, by=page.who)
            layout.flash(f"Revue {of_month(month)} enregistrée comme tenue.")

st.html(review.agenda_html)

if guard.allowed(WRITE_NOTES, service) and len(agenda):
    parts.note_form(page.con, page.cfg, review, month, page.who, service)
