"""Sign-in plumbing for the dashboard: the French sign-in page, the account box of the sidebar,
the session cookie. Streamlit calls only: who is signed in and the words shown are
`qualiboard.views.signin`; passwords, lock-out, roles and sessions are in `qualiboard.store`.

Two ways in, chosen by configuration:
- the town's identity provider (OIDC through Streamlit's `st.login`), when `.streamlit/secrets.toml`
  has an `[auth]` section; the person must also have an account (their e-mail) holding their role;
- local accounts otherwise, kept in the database; a session token goes into a cookie so that a
  reloaded page or a bookmark keeps the person signed in.
"""

from __future__ import annotations

import streamlit as st

from qualiboard.present.safe import plain
from qualiboard.store import accounts
from qualiboard.store.access import Identity
from qualiboard.store.db import Connection
from qualiboard.views import signin as view

_TOKEN = "session_token"
_WANTS_SIGN_IN = "wants_sign_in"
_SIGNED_OUT = "signed_out"


def oidc_configured() -> bool:
    """Whether secrets.toml declares an identity provider (`[auth]`)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def _token() -> str | None:
    return view.session_token(
        st.session_state.get(_TOKEN),
        st.context.cookies.get(view.COOKIE),
        bool(st.session_state.get(_SIGNED_OUT)),
    )


def signed_in(con: Connection) -> Identity | None:
    """The person behind this run (`views.signin.signed_in`)."""
    at_provider = oidc_configured() and st.user.is_logged_in
    return view.signed_in(
        con,
        provider_user=st.user.to_dict() if at_provider else None,
        token=_token(),
        wants_sign_in=bool(st.session_state.get(_WANTS_SIGN_IN)),
    )


def keep_cookie() -> None:
    """Write (or clear) the session cookie in the browser. Repeated on each run of the session:
    a script sent just before a rerun may never reach the page."""
    token = st.session_state.get(_TOKEN)
    if st.session_state.get(_SIGNED_OUT):
        st.html(view.cookie_script(None), unsafe_allow_javascript=True, width="content")
    elif token and st.context.cookies.get(view.COOKIE) != token:
        st.html(view.cookie_script(token), unsafe_allow_javascript=True, width="content")


def _provider_buttons() -> None:
    if st.user.is_logged_in:
        st.error(view.no_account_text(st.user.get("email")))
        if st.button("Se déconnecter"):
            st.logout()
    elif st.button("Se connecter avec le compte de la collectivité", type="primary"):
        st.login()
    st.caption("Ou, pour un compte local :")


def sign_in_page(con: Connection, organisation: str) -> None:
    """The French sign-in page; stops the run."""
    st.title("Connexion")
    st.caption(f"Qualiboard — {plain(organisation, line_breaks=False)}")
    if oidc_configured():
        _provider_buttons()
    if not accounts.has_any_account(con):
        st.info(view.FIRST_ADMINISTRATOR)
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
        st.info(view.DEMO_TOWN)
        st.table(view.demo_accounts())
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
    box.markdown(view.account_text(identity))
    if box.button("Se déconnecter", key="sign_out_button"):
        if identity.via == view.OIDC_VIA:
            st.logout()
        accounts.close_session(con, _token())
        st.session_state[_TOKEN] = None
        st.session_state[_SIGNED_OUT] = True
        st.session_state[_WANTS_SIGN_IN] = True
        st.rerun()


def refusal(identity: Identity, permission: str) -> None:
    """The French page shown instead of a page the role does not open (the caller ends the
    page)."""
    st.error(view.refusal_text(identity, permission))
    st.caption(view.ROLES_LINE)
