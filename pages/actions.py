"""Plan d'actions: corrective and improvement actions (audits, complaints, COPIL, surveys)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from pages import _cache as cache
from pages import _guard as guard
from pages import _layout as layout
from pages import _session as session
from qualiboard.present.export import french_csv_bytes
from qualiboard.present.formatting import display_table
from qualiboard.present.safe import plain
from qualiboard.steering.review import (
    ORIGINS,
    action_plan,
    action_table,
    close_action,
    create_action,
)
from qualiboard.store.access import QUALITE, WRITE_NOTES, role_rank

guard.within_dashboard()
cfg = cache.config()
con = session.connection()
layout.page_header(
    "Plan d'actions",
    "Les actions correctives et d'amélioration, importées du registre ou ouvertes ici, suivies "
    "jusqu'à leur clôture ; celles dont l'échéance est dépassée apparaissent en premier.",
)
who = guard.identity()
# A pilote opens and closes the actions of their services; from responsable qualité up, all.
every_service = role_rank(who.role) >= role_rank(QUALITE) and not who.anonymous
service_choices = (
    ["", *[s.name for s in cfg.organisation.services]] if every_service else list(who.services)
)
layout.show_flash()
today = session.today()
plan = action_plan(con, today)
late = int((plan["state"] == "en retard").sum())
opened = int((plan["state"] != "soldée").sum())
st.subheader(
    f"{late} action{'s' if late > 1 else ''} en retard sur {opened} en cours au {today:%d/%m/%Y}"
)

if plan.empty:
    st.info(
        "Aucune action pour l'instant : importez votre plan d'actions ou ouvrez-en une ci-dessous."
    )
else:
    table = action_table(plan)
    layout.table(display_table(table), width="stretch", hide_index=True)
    st.download_button(
        "Télécharger le plan d'actions (CSV)",
        french_csv_bytes(table),
        file_name=layout.download_name("plan_actions", "csv"),
        mime="text/csv",
    )

can_open = any(guard.allowed(WRITE_NOTES, s or None) for s in service_choices)
if not can_open:
    st.caption(
        "Lecture seule : les actions sont ouvertes par les pilotes et le responsable qualité."
    )
if can_open:
    with st.expander("Ouvrir une action"), st.form("new_action", clear_on_submit=True):
        title = st.text_input("Intitulé")
        left, right = st.columns(2)
        origin = left.selectbox("Origine", ORIGINS)
        module = right.selectbox("Module Qualivilles", [str(m) for m in cfg.modules])
        owner = left.text_input("Pilote")
        service = right.selectbox("Service", service_choices)
        opened_on = left.date_input("Ouverte le", value=dt.date.today(), format="DD/MM/YYYY")
        due_on = right.date_input("Échéance", value=None, format="DD/MM/YYYY")
        if st.form_submit_button("Ouvrir l'action"):
            try:
                reference = create_action(
                    con,
                    title=title,
                    origin=origin,
                    owner=owner,
                    opened_on=opened_on,
                    due_on=due_on,
                    module=module,
                    service=service or None,
                    by=who,
                )
            except ValueError as exc:
                st.error(f"Action non enregistrée : {plain(exc)}.")
            else:
                layout.flash(f"Action {reference} ouverte.")

open_here = plan[plan["created_in_app"] & (plan["state"] != "soldée")]
open_here = open_here[
    [guard.allowed(WRITE_NOTES, s if isinstance(s, str) else None) for s in open_here["service"]]
]
if len(open_here):
    with st.expander("Solder une action ouverte dans l'application"), st.form("close_action"):
        reference = st.selectbox(
            "Action",
            list(open_here["reference"]),
            format_func=lambda r: f"{r} — {open_here.set_index('reference').loc[r, 'title']}",
        )
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
