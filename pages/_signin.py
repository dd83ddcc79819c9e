"""Sign-in plumbing for the dashboard: who is signed in, the French sign-in page, the account box
of the sidebar. No rule lives here: passwords, lock-out, roles and sessions are in
`qualiboard.store`; this module only carries them between the browser and the core.

Two ways in, chosen by configuration:
- the town's identity provider (OIDC through Streamlit's `st.login`), when `.streamlit/secrets.toml`
  has an `[auth]` section; the person must also have an account (their e-mail) holding their role;
- local accounts otherwise, kept in the database; a session token goes into a cookie so that a
  reloaded page or a bookmark keeps the person signed in.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from qualiboard.present.safe import plain
from qualiboard.store import accounts
from qualiboard.store.access import PERMISSIONS, ROLES, Identity, can
from qualiboard.store.db import Connection

COOKIE = "qualiboard_session"
_TOKEN = "session_token"
_WANTS_SIGN_IN = "wants_sign_in"
_SIGNED_OUT = "signed_out"
OIDC_VIA = "fournisseur d'identité"


def oidc_configured() -> bool:
    """Whether secrets.toml declares an identity provider (`[auth]`)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def _oidc_identity(con: Connection) -> Identity | None:
    if not oidc_configured() or not st.user.is_logged_in:
        return None
    # Entra ID may leave `email` out for accounts without a mailbox: its UPN stands in.
    email = st.user.get("email") or st.user.get("preferred_username") or ""
    return accounts.identity_for(con, str(email), OIDC_VIA) if email else None


def _token() -> str | None:
    if st.session_state.get(_SIGNED_OUT):
        return st.session_state.get(_TOKEN)
    return st.session_state.get(_TOKEN) or st.context.cookies.get(COOKIE)


def signed_in(con: Connection) -> Identity | None:
    """The person behind this run: provider, then local session, then anonymous reading (when
    allowed and not asking to sign in). Checked on every run, so a disabled account or a changed
    role takes effect at the next click."""
    if oidc_configured() and st.user.is_logged_in:
        # Signed in at the provider: their account decides; without one, the sign-in page
        # explains (never a silent fall back to anonymous reading).
        return _oidc_identity(con)
    identity = accounts.session_identity(con, _token())
    if identity is not None:
        return identity
    if st.session_state.get(_WANTS_SIGN_IN):
        return None
    return accounts.anonymous_identity(con)


def _cookie_script(token: str | None) -> str:
    if token is None:
        value = f"{COOKIE}=; path=/; max-age=0; SameSite=Strict"
    else:
        age = accounts.SESSION_DAYS * 86400
        value = f"{COOKIE}={token}; path=/; max-age={age}; SameSite=Strict"
    # The token is URL-safe base64 (no quote, no semicolon); json.dumps quotes it for JavaScript.
    return (
        "<script>document.cookie = "
        + json.dumps(value)
        + " + (location.protocol === 'https:' ? '; Secure' : '');</script>"
    )


def keep_cookie() -> None:
    """Write (or clear) the session cookie in the browser. Repeated on each run of the session:
    a script sent just before a rerun may never reach the page."""
    token = st.session_state.get(_TOKEN)
    if st.session_state.get(_SIGNED_OUT):
        st.html(_cookie_script(None), unsafe_allow_javascript=True, width="content")
    elif token and st.context.cookies.get(COOKIE) != token:
        st.html(_cookie_script(token), unsafe_allow_javascript=True, width="content")


ROLE_HELP = {
    "lecteur": "consulte et télécharge",
    "pilote": "écrit les analyses et actions de ses services",
    "responsable qualité": "importe, annule, tient la revue, lit le journal",
    "administrateur": "gère les comptes et les réglages",
}


def sign_in_page(con: Connection, organisation: str) -> None:
    """The French sign-in page; stops the run."""
    st.title("Connexion")
    st.caption(f"Qualiboard — {plain(organisation, line_breaks=False)}")
    if oidc_configured():
        if st.user.is_logged_in:
            st.error(
                f"Votre compte ({plain(st.user.get('email') or '?')}) n'est pas ouvert dans "
                "Qualiboard, ou il est désactivé : demandez à l'administrateur de le créer."
            )
            if st.button("Se déconnecter"):
                st.logout()
        elif st.button("Se connecter avec le compte de la collectivité", type="primary"):
            st.login()
        st.caption("Ou, pour un compte local :")
    if not accounts.has_any_account(con):
        st.info(
            "Aucun compte n'existe encore. Créez le premier administrateur sur le serveur :  \n"
            '`python -m qualiboard users add IDENTIFIANT --name "Prénom Nom" '
            "--role administrateur`  \npuis connectez-vous ici ; il créera les autres comptes "
            "(page « Comptes et réglages »)."
        )
    with st.form("sign_in"):
        login = st.text_input("Identifiant", autocomplete="username")
        password = st.text_input("Mot de passe", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Se connecter", type="primary")
    if submitted:
        try:
            identity = accounts.authenticate(con, login, password)
        except accounts.SignInRefused as refused:
            st.error(f"Connexion refusée : {plain(refused)}.")
        else:
            st.session_state[_TOKEN] = accounts.open_session(con, identity)
            st.session_state.pop(_WANTS_SIGN_IN, None)
            st.session_state.pop(_SIGNED_OUT, None)
            st.rerun()
    if accounts.is_demo_town(con):
        st.info(
            "Ville de démonstration : un compte par rôle, mot de passe "
            f"« {accounts.DEMO_PASSWORD} ». Ces comptes cessent de fonctionner dès que les "
            "données de démonstration sont retirées."
        )
        st.table(
            pd.DataFrame(
                [
                    {"Identifiant": login, "Rôle": role, "Peut": ROLE_HELP[role]}
                    for login, _, role, _ in accounts.DEMO_ACCOUNTS
                ]
            ).set_index("Identifiant")
        )
    if accounts.anonymous_reading(con) and st.button("Continuer sans se connecter (lecture)"):
        st.session_state.pop(_WANTS_SIGN_IN, None)
        st.rerun()
    st.stop()


def account_box(con: Connection, identity: Identity) -> None:
    """Who is signed in, in the sidebar, and the button to sign in or out."""
    box = st.sidebar.container(border=True)
    if identity.anonymous:
        box.caption("Lecture sans connexion")
        if box.button("Se connecter", key="sign_in_button"):
            st.session_state[_WANTS_SIGN_IN] = True
            st.session_state.pop(_SIGNED_OUT, None)
            st.rerun()
        return
    services = f" — {', '.join(identity.services)}" if identity.services else ""
    box.markdown(
        f"Connecté : **{plain(identity.name, line_breaks=False)}**  \n"
        f"{plain(identity.role)}{plain(services)}"
    )
    if box.button("Se déconnecter", key="sign_out_button"):
        if identity.via == OIDC_VIA:
            st.logout()
        accounts.close_session(con, _token())
        st.session_state[_TOKEN] = None
        st.session_state[_SIGNED_OUT] = True
        st.session_state[_WANTS_SIGN_IN] = True
        st.rerun()


def allowed(identity: Identity | None, permission: str, service: str | None = None) -> bool:
    return can(identity, permission, service)


def refusal(identity: Identity, permission: str) -> None:
    """The French page shown instead of a page the role does not open; stops the run."""
    least, what = PERMISSIONS[permission]
    above = "" if least == ROLES[-1] else " (ou plus)"
    st.error(
        f"Accès refusé : il faut être {least}{above} pour {what}. "
        + (
            "Connectez-vous avec un compte qui a ce rôle."
            if identity.anonymous
            else f"Vous êtes connecté comme {plain(identity.role)}."
        )
    )
    st.caption("Rôles, du moins au plus étendu : " + " < ".join(ROLES) + ".")
    st.stop()
