"""Sign-in, as the dashboard shows it: who is behind a run (provider, session, anonymous reading),
the session cookie, and the French words of the sign-in page, the account box and a refusal. The
rules (passwords, lock-out, roles, sessions) stay in `qualiboard.store`."""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from qualiboard.present.safe import plain
from qualiboard.store import accounts
from qualiboard.store.access import PERMISSIONS, ROLES, Identity

COOKIE = "qualiboard_session"
OIDC_VIA = "fournisseur d'identité"
ROLE_HELP = {
    "lecteur": "consulte et télécharge",
    "pilote": "écrit les analyses et actions de ses services",
    "responsable qualité": "importe, annule, tient la revue, lit le journal",
    "administrateur": "gère les comptes et les réglages",
}
FIRST_ADMINISTRATOR = (
    "Aucun compte n'existe encore. Créez le premier administrateur sur le serveur :  \n"
    '`python -m qualiboard users add IDENTIFIANT --name "Prénom Nom" '
    "--role administrateur`  \npuis connectez-vous ici ; il créera les autres comptes "
    "(page « Comptes et réglages »)."
)
DEMO_TOWN = (
    "Ville de démonstration : un compte par rôle, mot de passe "
    f"« {accounts.DEMO_PASSWORD} ». Ces comptes cessent de fonctionner dès que les "
    "données de démonstration sont retirées."
)


def provider_login(user: dict[str, object]) -> str:
    """The login of a person signed in at the identity provider: their e-mail; Entra ID may leave
    it out for accounts without a mailbox, and their UPN then stands in."""
    return str(user.get("email") or user.get("preferred_username") or "")


def session_token(kept: str | None, cookie: str | None, signed_out: bool) -> str | None:
    """The session token of this browser: the one of this session, else its cookie (a reloaded
    page, a bookmark); never the cookie once the person signed out (it may not be cleared yet)."""
    return kept if signed_out else kept or cookie


def signed_in(
    con: duckdb.DuckDBPyConnection,
    *,
    provider_user: dict[str, object] | None,
    token: str | None,
    wants_sign_in: bool,
) -> Identity | None:
    """The person behind this run: provider, then local session, then anonymous reading (when
    allowed and not asking to sign in). Checked on every run, so a disabled account or a changed
    role takes effect at the next click."""
    if provider_user is not None:
        # Signed in at the provider: their account decides; without one, the sign-in page
        # explains (never a silent fall back to anonymous reading).
        login = provider_login(provider_user)
        return accounts.identity_for(con, login, OIDC_VIA) if login else None
    identity = accounts.session_identity(con, token)
    if identity is not None:
        return identity
    if wants_sign_in:
        return None
    return accounts.anonymous_identity(con)


def cookie_script(token: str | None) -> str:
    """The script that writes the session cookie (or clears it, for None) in the browser."""
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


def no_account_text(email: object) -> str:
    """Signed in at the provider, but without an open account in Qualiboard."""
    return (
        f"Votre compte ({plain(email or '?')}) n'est pas ouvert dans "
        "Qualiboard, ou il est désactivé : demandez à l'administrateur de le créer."
    )


def demo_accounts() -> pd.DataFrame:
    """The demo town's accounts, one per role, with what each role may do."""
    return pd.DataFrame(
        [
            {"Identifiant": login, "Rôle": role, "Peut": ROLE_HELP[role]}
            for login, _, role, _ in accounts.DEMO_ACCOUNTS
        ]
    ).set_index("Identifiant")


def account_text(identity: Identity) -> str:
    """Who is signed in, for the sidebar's account box."""
    services = f" — {', '.join(identity.services)}" if identity.services else ""
    return (
        f"Connecté : **{plain(identity.name, line_breaks=False)}**  \n"
        f"{plain(identity.role)}{plain(services)}"
    )


def refusal_text(identity: Identity, permission: str) -> str:
    """Why a page is refused to this person, and what would open it."""
    least, what = PERMISSIONS[permission]
    above = "" if least == ROLES[-1] else " (ou plus)"
    return f"Accès refusé : il faut être {least}{above} pour {what}. " + (
        "Connectez-vous avec un compte qui a ce rôle."
        if identity.anonymous
        else f"Vous êtes connecté comme {plain(identity.role)}."
    )


ROLES_LINE = "Rôles, du moins au plus étendu : " + " < ".join(ROLES) + "."
