"""Plan d'actions: corrective and improvement actions (audits, complaints, COPIL, surveys)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from pages import _layout as layout
from pages import _session as session
from qualiboard.present.safe import plain
from qualiboard.steering.review import ORIGINS, close_action, create_action
from qualiboard.views.actions import action_plan_csv, actions_page

page = layout.page(
    "Plan d'actions",
    "Les actions correctives et d'amélioration, importées du registre ou ouvertes ici, suivies "
    "jusqu'à leur clôture ; celles dont l'échéance est dépassée apparaissent en premier.",
)
con, who = page.con, page.who
plan = actions_page(con, page.cfg, who, session.today())
st.subheader(plan.title)

if plan.table.empty:
    st.info(
        "Aucune action pour l'instant : importez votre plan d'actions ou ouvrez-en une ci-dessous."
    )
else:
    layout.table(plan.table, width="stretch", hide_index=True)
    if plan.shown_note:
        st.caption(plan.shown_note)
    today = session.today()
    st.download_button(
        "Télécharger le plan d'actions (CSV)",
        session.with_database(lambda: action_plan_csv(session.connection(), today)),
        file_name=layout.download_name("plan_actions", "csv"),
        mime="text/csv",
        on_click="ignore",
    )

if not plan.can_open:
    st.caption(
        "Lecture seule : les actions sont ouvertes par les pilotes et le responsable qualité."
    )
if plan.can_open:
    with st.expander("Ouvrir une action"), st.form("new_action", clear_on_submit=True):
        title = st.text_input("Intitulé")
        left, right = st.columns(2)
        origin = left.selectbox("Origine", ORIGINS)
        module = right.selectbox("Module Qualivilles", plan.modules)
        owner = left.text_input("Pilote")
        service = right.selectbox("Service", plan.services)
        opened_on = left.date_input("Ouverte le", value=dt.date.today(), format="DD/MM/YYYY")
        due_on = right.date_input("Échéance", value=None, format="DD/MM/YYYY")
        if st.form_submit_button("Ouvrir l'action"):
            try:
                reference = create_action(
                    con, title=title, origin=origin, owner=owner, opened_on=opened_on,
                    due_on=due_on, module=module, service=service or None, by=who,
                )  # fmt: skip
            except ValueError as exc:
                st.error(f"Action non enregistrée : {plain(exc)}.")
            else:
                layout.flash(f"Action {reference} ouverte.")

if plan.closable:
    with st.expander("Solder une action ouverte dans l'application"), st.form("close_action"):
        reference = st.selectbox("Action", list(plan.closable), format_func=plan.closable.get)
        closed_on = st.date_input("Soldée le", value=dt.date.today(), format="DD/MM/YYYY")
        if st.form_submit_button("Solder"):
            try:
                close_action(con, reference, closed_on=closed_on, by=who)
            except ValueError as exc:
                st.error(f"Action non soldée : {plain(exc)}.")
            else:
                layout.flash(f"Action {reference} soldée.")
st.caption(
    "Les actions importées d'un registre se mettent à jour en important sa nouvelle version "
    "(page « Import des données »)."
)
