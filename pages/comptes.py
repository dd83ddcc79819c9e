"""Comptes et réglages: accounts, roles, pilots' services, and whether reading needs sign-in."""

from __future__ import annotations

import streamlit as st

from pages import _account_forms as forms
from pages import _cache as cache
from pages import _guard as guard
from pages import _layout as layout
from pages import _session as session
from qualiboard.store import accounts
from qualiboard.store.access import MANAGE_ACCOUNTS
from qualiboard.store.db import get_setting
from qualiboard.store.settings import (
    ANONYMOUS_READING,
    PUBLIC_BY_SERVICE,
    PUBLIC_RESULTS,
    change_setting,
    is_on,
)

guard.within_dashboard()
cfg = cache.config()
con = session.connection()
layout.page_header(
    "Comptes et réglages",
    "Qui peut se connecter, avec quel rôle (lecteur < pilote < responsable qualité < "
    "administrateur) ; chaque changement est écrit au journal.",
)
who = guard.require_page(MANAGE_ACCOUNTS)
layout.show_flash()
services = [s.name for s in cfg.organisation.services]

table = accounts.list_accounts(con)
layout.table(table, hide_index=True, width="stretch")
logins = list(table["Identifiant"])


forms.account_forms(con, who, services, logins)

st.markdown("#### Lecture sans connexion")
current = get_setting(con, ANONYMOUS_READING)
choices = {
    "défaut": "Seulement tant que la ville de démonstration est chargée (défaut)",
    "oui": "Autorisée : tout le réseau peut consulter sans se connecter",
    "non": "Interdite : il faut se connecter pour consulter",
}
chosen = st.radio(
    "Consultation du tableau de bord sans compte",
    list(choices),
    index=list(choices).index(current or "défaut"),
    format_func=choices.get,
    key="anonymous_reading",
)
state = "autorisée" if accounts.anonymous_reading(con) else "interdite"
st.caption(f"Aujourd'hui : lecture sans connexion {state}.")
if chosen != (current or "défaut") and st.button("Enregistrer le réglage"):
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
published = {
    PUBLIC_RESULTS: "Page publique ouverte (sans connexion)",
    PUBLIC_BY_SERVICE: "Montrer aussi les résultats par service",
}
for key, label in published.items():
    wanted = st.toggle(label, value=is_on(con, key), key=f"setting_{key}")
    if wanted != is_on(con, key):
        forms.done(
            lambda key=key, wanted=wanted: change_setting(
                con, who, key, "oui" if wanted else "non"
            ),
            "Réglage enregistré.",
        )
