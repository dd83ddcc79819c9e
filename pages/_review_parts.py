"""The parts of the monthly review page: the printable agenda and the form of one indicator's
analysis and decisions. Streamlit rendering only; notes and actions are kept by
`qualiboard.steering.review`."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from pages import _layout as layout
from qualiboard.domain.config import Config
from qualiboard.domain.periods import add_months
from qualiboard.present.formatting import status_badge
from qualiboard.present.safe import plain, plain_frame
from qualiboard.steering.review import record_decision
from qualiboard.store.access import Identity
from qualiboard.store.db import Connection


def printable(
    cfg: Config,
    agenda: pd.DataFrame,
    reasons: dict[str, str],
    earlier: pd.DataFrame,
    month: dt.date,
) -> None:
    """The agenda as an A4 table, then the month's analyses and decisions."""
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


def note_form(
    con: Connection,
    cfg: Config,
    agenda: pd.DataFrame,
    earlier: pd.DataFrame,
    month: dt.date,
    who: Identity,
    service: str | None,
) -> None:
    """One form for the month, below the agenda: the indicator chosen, its analysis and
    decisions, and an action opened from them."""
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
            layout.flash("Analyse enregistrée." + opened)
