"""Revue mensuelle: the COPIL's agenda for the month, its analyses and decisions, a printable page."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from pages import _insights
from pages import _shared as shared
from qualiboard.formatting import date_fr, of_month, status_badge
from qualiboard.periods import add_months
from qualiboard.present.agenda_html import AGENDA_STYLE, agenda_html, agenda_items
from qualiboard.present.safe import plain, plain_frame
from qualiboard.review import notes, record_decision, record_review, reviews_held
from qualiboard.store.access import HOLD_REVIEW, WRITE_NOTES
from qualiboard.views import review_agenda

shared.within_dashboard()
cfg = shared.config()
con = shared.connection()
filters = shared.filters()
shared.page_header(
    "Revue mensuelle",
    "L'ordre du jour du comité de pilotage : les engagements non atteints ou en dégradation "
    "d'abord, avec les analyses des mois précédents ; l'analyse et les décisions du mois.",
)
if filters.month is None:
    shared.empty_database_message()
    st.stop()

month = filters.month
who = shared.identity()
service = filters.services[0] if filters.services else None
shared.show_flash()
printable = st.toggle("Vue imprimable (A4)", key="printable")
shared.print_friendly()
agenda = review_agenda(shared.month_cards(con, filters))
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
    table = pd.DataFrame(
        {
            "Statut": [status_badge(s) for s in agenda["status"]],
            "Indicateur": agenda["label"],
            "Valeur": agenda["value_text"],
            "Objectif": agenda["objective_text"],
            "Tendance": agenda["trend"],
            "Pourquoi ça a bougé": [reasons.get(i, "") for i in agenda["indicator_id"]],
        }
    )
    st.table(plain_frame(table.set_index("Statut")))
    month_notes = earlier[earlier["period"] == month]
    for row in month_notes.itertuples():
        label = cfg.indicator(row.indicator_id).label
        scope = f"({plain(row.service)})" if row.service else ""
        st.markdown(f"**{plain(label)}** {scope}")
        st.markdown(
            f"Analyse : {plain(row.analysis) or '—'}  \nDécisions : {plain(row.decisions) or '—'}"
        )
    st.caption("Imprimez avec Ctrl+P (ou Cmd+P) : la barre latérale et les boutons disparaissent.")
    st.stop()

if not shared.allowed(WRITE_NOTES, service):
    st.caption(
        "Lecture seule : l'analyse et les décisions sont écrites par les pilotes (pour leurs "
        "services, choisis dans la barre latérale) et le responsable qualité."
    )
if shared.allowed(HOLD_REVIEW):
    with st.form("review_held"):
        st.markdown("**Marquer la revue comme tenue**")
        left, right = st.columns([1, 3])
        held_on = left.date_input("Date de la réunion", value=dt.date.today(), format="DD/MM/YYYY")
        attendees = right.text_input("Participants", placeholder="Maire, DGS, responsable qualité…")
        if st.form_submit_button("Enregistrer la revue"):
            record_review(con, month, held_on=held_on, attendees=attendees, by=who)
            shared.flash(f"Revue {of_month(month)} enregistrée comme tenue.")

st.html(AGENDA_STYLE + agenda_html(agenda_items(agenda, reasons, earlier)))

if shared.allowed(WRITE_NOTES, service) and len(agenda):
    st.markdown("#### Saisir l'analyse et les décisions du mois")
    labels = dict(zip(agenda["indicator_id"], agenda["label"], strict=True))
    chosen = st.selectbox(
        "Indicateur (dans l'ordre du jour)",
        list(labels),
        format_func=labels.get,
        key="note_indicator",
    )
    indicator = cfg.indicator(chosen)
    current = earlier[(earlier["indicator_id"] == chosen) & (earlier["period"] == month)]
    with st.form(f"note_{chosen}"):
        analysis = st.text_area(
            "Analyse", value=current.iloc[0]["analysis"] if len(current) else ""
        )
        decisions = st.text_area(
            "Décisions", value=current.iloc[0]["decisions"] if len(current) else ""
        )
        opens = st.checkbox("Ouvrir une action à partir de cette décision")
        owner = st.text_input("Pilote de l'action")
        due_on = st.date_input(
            "Échéance de l'action", value=add_months(month, 3), format="DD/MM/YYYY"
        )
        if st.form_submit_button("Enregistrer"):
            try:
                reference = record_decision(
                    con,
                    chosen,
                    month,
                    analysis=analysis,
                    decisions=decisions,
                    by=who,
                    service=service,
                    action_owner=(owner or who.name) if opens else None,
                    action_due_on=due_on,
                    module=str(indicator.module),
                )
            except ValueError as exc:
                st.error(f"Non enregistré : {plain(exc)}.")
                st.stop()
            opened = f" Action {reference} ouverte." if reference else ""
            shared.flash("Analyse enregistrée." + opened)
