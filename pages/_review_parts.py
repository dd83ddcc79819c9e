"""The parts of the monthly review page: the printable agenda and the form of one indicator's
analysis and decisions. Streamlit calls only: what they show is `qualiboard.views.review`; notes
and actions are kept by `qualiboard.steering.review`."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from pages import _guard as guard
from pages import _layout as layout
from qualiboard.domain.config import Config
from qualiboard.domain.periods import add_months
from qualiboard.present.safe import plain
from qualiboard.steering.review import record_decision
from qualiboard.store.access import Identity
from qualiboard.store.db import Connection
from qualiboard.views.review import ReviewPage


def printable(review: ReviewPage) -> None:
    """The agenda as an A4 table, then the month's analyses and decisions."""
    st.table(review.printable)
    for heading, text in review.month_notes:
        st.markdown(heading)
        st.markdown(text)
    st.caption("Imprimez avec Ctrl+P (ou Cmd+P) : la barre latérale et les boutons disparaissent.")


def note_form(
    con: Connection,
    cfg: Config,
    review: ReviewPage,
    month: dt.date,
    who: Identity,
    service: str | None,
) -> None:
    """One form for the month, below the agenda: the indicator chosen, its analysis and
    decisions, and an action opened from them."""
    st.markdown("#### Saisir l'analyse et les décisions du mois")
    labels = review.indicators
    chosen = st.selectbox(
        "Indicateur (dans l'ordre du jour)",
        list(labels),
        format_func=labels.get,
        key="note_indicator",
    )
    indicator = cfg.indicator(chosen)
    analysis, decisions = review.current_note(chosen, month)
    with st.form(f"note_{chosen}"):
        analysis = st.text_area("Analyse", value=analysis)
        decisions = st.text_area("Décisions", value=decisions)
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
                guard.stop_page()
            opened = f" Action {reference} ouverte." if reference else ""
            layout.flash("Analyse enregistrée." + opened)
