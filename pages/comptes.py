"""Comptes et réglages: accounts, roles, pilots' services, and whether reading needs sign-in."""

from __future__ import annotations

import streamlit as st

from pages import _shared as shared
from qualiboard.present.safe import plain
from qualiboard.store import accounts
from qualiboard.store.access import MANAGE_ACCOUNTS, ROLES
from qualiboard.store.db import get_setting
from qualiboard.store.settings import (
    ANONYMOUS_READING,
    PUBLIC_BY_SERVICE,
    PUBLIC_RESULTS,
    change_setting,
    is_on,
)

shared.within_dashboard()
cfg = shared.config()
con = shared.connection()
shared.page_header(
    "Comptes et réglages",
    "Qui peut se connecter, avec quel rôle (lecteur < pilote < responsable qualité < "
    "administrateur) ; chaque changement est écrit au journal.",
)
who = shared.require_page(MANAGE_ACCOUNTS)
shared.show_flash()
services = [s.name for s in cfg.organisation.services]

table = accounts.list_accounts(con)
shared.table(table, hide_index=True, width="stretch")
logins = list(table["Identifiant"])


def done(action, message: str) -> None:
    try:
        action()
    except ValueError as exc:
        st.error(f"Non enregistré : {plain(exc)}.")
    else:
        shared.flash(message)


with st.expander("Créer un compte"), st.form("new_account", clear_on_submit=True):
    left, right = st.columns(2)
    login = left.text_input("Identifiant (courriel pour le fournisseur d'identité)")
    name = right.text_input("Nom affiché")
    role = left.selectbox("Rôle", ROLES)
    owned = right.multiselect("Services (pour un pilote)", services)
    oidc = left.checkbox("Connexion par le fournisseur d'identité (sans mot de passe)")
    password = right.text_input("Mot de passe (12 caractères au moins)", type="password")
    if st.form_submit_button("Créer le compte"):
        done(
            lambda: accounts.add_account(
                con,
                who,
                login,
                name=name,
                role=role,
                password=None if oidc else password,
                services=tuple(owned),
            ),
            f"Compte « {login.strip().lower()} » créé.",
        )

if logins:
    with st.expander("Changer un rôle"), st.form("change_role"):
        left, right = st.columns(2)
        target = left.selectbox("Compte", logins, key="role_login")
        role = right.selectbox("Nouveau rôle", ROLES, key="role_role")
        owned = st.multiselect("Services (pour un pilote)", services, key="role_services")
        if st.form_submit_button("Changer le rôle"):
            done(
                lambda: accounts.set_role(con, who, target, role, tuple(owned)),
                f"Compte « {target} » : rôle {role}.",
            )
    with st.expander("Désactiver ou réactiver un compte"), st.form("disable_account"):
        target = st.selectbox("Compte", logins, key="disable_login")
        left, right = st.columns(2)
        if left.form_submit_button("Désactiver"):
            done(
                lambda: accounts.set_disabled(con, who, target, True),
                f"Compte « {target} » désactivé.",
            )
        if right.form_submit_button("Réactiver (et déverrouiller)"):
            done(
                lambda: accounts.set_disabled(con, who, target, False),
                f"Compte « {target} » réactivé.",
            )
    with st.expander("Changer un mot de passe"), st.form("set_password", clear_on_submit=True):
        target = st.selectbox("Compte", logins, key="password_login")
        password = st.text_input("Nouveau mot de passe", type="password")
        if st.form_submit_button("Changer le mot de passe"):
            done(
                lambda: accounts.set_password(con, who, target, password),
                f"Mot de passe du compte « {target} » changé.",
            )

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
    done(
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
        done(
            lambda key=key, wanted=wanted: change_setting(
                con, who, key, "oui" if wanted else "non"
            ),
            "Réglage enregistré.",
        )
