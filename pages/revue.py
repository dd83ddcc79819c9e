"""Revue mensuelle: the COPIL's agenda for the month, its analyses and decisions, a printable page."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from pages import _cache as cache
from pages import _guard as guard
from pages import _insights
from pages import _layout as layout
from pages import _review_parts as parts
from pages import _session as session
from pages import _sidebar as sidebar
from qualiboard.domain.periods import add_months
from qualiboard.present.agenda_html import AGENDA_STYLE, agenda_html, agenda_items
from qualiboard.present.formatting import (
    date_fr,
    of_month,
)
from qualiboard.present.safe import plain
from qualiboard.steering.review import notes, record_review, reviews_held
from qualiboard.store.access import HOLD_REVIEW, WRITE_NOTES
from qualiboard.views.review import review_agenda

guard.within_dashboard()
cfg = cache.config()
con = session.connection()
filters = sidebar.filters()
layout.page_header(
    "Revue mensuelle",
    "L'ordre du jour du comité de pilotage : les engagements non atteints ou en dégradation "
    "d'abord, avec les analyses des mois précédents ; l'analyse et les décisions du mois.",
)
if filters.month is None:
    layout.empty_database_message()
    st.stop()

month = filters.month
who = guard.identity()
service = filters.services[0] if filters.services else None
layout.show_flash()
printable = st.toggle("Vue imprimable (A4)", key="printable")
layout.print_friendly()
agenda = review_agenda(cache.month_cards(con, filters))
reasons = _insights.agenda_reasons(list(agenda["indicator_id"]), filters)
held = reviews_held(con, month, month)
earlier = notes(con, start=add_months(month, -3), end=month)

st.subheader(f"Revue {of_month(month)} — {plain(filters.service_label)}")
if len(held):
    st.markdown(
        f"Revue tenue le **{date_fr(held.iloc[0]['held_on'])}** — "
        f"participants : {plain(held.iloc[0]['attendees'], line_breaks=False) or '—'}"
    )
else:
    st.caption("Revue pas encore marquée comme tenue.")

if printable:
    parts.printable(cfg, agenda, reasons, earlier, month)
    st.stop()

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
            record_review(con, month, held_on=held_on, attendees=attendees, by=who)
            layout.flash(f"Revue {of_month(month)} enregistrée comme tenue.")

st.html(AGENDA_STYLE + agenda_html(agenda_items(agenda, reasons, earlier)))

if guard.allowed(WRITE_NOTES, service) and len(agenda):
    parts.note_form(con, cfg, agenda, earlier, month, who, service)
