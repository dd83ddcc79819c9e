"""The account forms of « Comptes et réglages »: create, change a role, disable, set a password.
Streamlit rendering only; rules, hashing and the journal are in `qualiboard.store.accounts`."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from pages import _layout as layout
from qualiboard.present.safe import plain
from qualiboard.store import accounts
from qualiboard.store.access import ROLES, Identity
from qualiboard.store.db import Connection


def done(action: Callable[[], object], message: str) -> None:
    """Run a write; its refusal is shown in French, its success once after the rerun."""
    try:
        action()
    except ValueError as exc:
        st.error(f"Non enregistré : {plain(exc)}.")
    else:
        layout.flash(message)


def account_forms(con: Connection, who: Identity, services: list[str], logins: list[str]) -> None:
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
