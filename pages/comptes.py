"""Comptes et réglages: accounts, roles, pilots' services, and whether reading needs sign-in."""

from __future__ import annotations

import streamlit as st

from pages import _account_forms as forms
from pages import _layout as layout
from qualiboard.store.access import MANAGE_ACCOUNTS
from qualiboard.store.settings import ANONYMOUS_READING, change_setting
from qualiboard.views.accounts import PUBLISHED, READING_CHOICES, accounts_page

page = layout.page(
    "Comptes et réglages",
    "Qui peut se connecter, avec quel rôle (lecteur < pilote < responsable qualité < "
    "administrateur) ; chaque changement est écrit au journal.",
    permission=MANAGE_ACCOUNTS,
)
con, who = page.con, page.who
shown = accounts_page(con, page.cfg)
layout.table(shown.accounts, hide_index=True, width="stretch")
forms.account_forms(con, who, shown.services, shown.logins)

st.markdown("#### Lecture sans connexion")
chosen = st.radio(
    "Consultation du tableau de bord sans compte",
    list(READING_CHOICES),
    index=list(READING_CHOICES).index(shown.reading),
    format_func=READING_CHOICES.get,
    key="anonymous_reading",
)
st.caption(shown.reading_now)
if chosen != shown.reading and st.button("Enregistrer le réglage"):
    forms.done(
        lambda: change_setting(con, who, ANONYMOUS_READING, chosen),
        "Réglage enregistré.",
    )

st.markdown("#### Résultats publiés pour les usagers")
st.caption(
    "La page « Résultats pour les usagers » présente chaque engagement, son résultat de l'année "
    "et son objectif, sans analyse ni note interne. Ouverte, elle se consulte sans connexion à "
    "l'adresse …/resultats."
)
for key, label in PUBLISHED.items():
    wanted = st.toggle(label, value=shown.published[key], key=f"setting_{key}")
    if wanted != shown.published[key]:
        forms.done(
            lambda key=key, wanted=wanted: change_setting(
                con, who, key, "oui" if wanted else "non"
            ),
            "Réglage enregistré.",
        )
