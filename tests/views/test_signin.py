"""Who is behind a run and the words of sign-in, against a real database of accounts."""

from __future__ import annotations

from qualiboard.store import accounts
from qualiboard.store.access import ANONYMOUS, IMPORT, MANAGE_ACCOUNTS, SYSTEM, Identity
from qualiboard.store.settings import ANONYMOUS_READING, change_setting
from qualiboard.views import signin

PASSWORD = "un mot de passe long"


def _accounts(con):
    accounts.add_account(con, SYSTEM, "lea", name="Léa", role="pilote", password=PASSWORD,
                         services=("CCAS",))  # fmt: skip
    accounts.add_account(con, SYSTEM, "marc@ville.fr", name="Marc", role="lecteur")
    return accounts.open_session(con, accounts.authenticate(con, "lea", PASSWORD))


def test_a_session_then_the_provider_then_anonymous_reading_decide_who_is_there(con):
    token = _accounts(con)
    who = signin.signed_in(con, provider_user=None, token=token, wants_sign_in=False)
    assert (who.login, who.role, who.services) == ("lea", "pilote", ("CCAS",))
    # At the provider, the account of the e-mail (or of the UPN when there is no e-mail) decides.
    at_provider = signin.signed_in(
        con, provider_user={"preferred_username": "marc@ville.fr"}, token=token, wants_sign_in=False
    )
    assert (at_provider.login, at_provider.via) == ("marc@ville.fr", "fournisseur d'identité")
    stranger = {"email": "inconnu@ville.fr"}
    assert signin.signed_in(con, provider_user=stranger, token=None, wants_sign_in=False) is None
    # No session: reading without sign-in only when the setting allows it and no one asks to sign in.
    assert signin.signed_in(con, provider_user=None, token="faux", wants_sign_in=False) is None
    change_setting(con, SYSTEM, ANONYMOUS_READING, "oui")
    assert signin.signed_in(con, provider_user=None, token=None, wants_sign_in=False) is ANONYMOUS
    assert signin.signed_in(con, provider_user=None, token=None, wants_sign_in=True) is None


def test_the_cookie_is_read_until_the_person_signs_out():
    assert signin.session_token(None, "du-cookie", signed_out=False) == "du-cookie"
    assert signin.session_token("de-session", "du-cookie", signed_out=False) == "de-session"
    assert signin.session_token(None, "du-cookie", signed_out=True) is None


def test_the_cookie_script_keeps_the_token_a_week_or_clears_it():
    assert "qualiboard_session=abc_-1; path=/; max-age=604800; SameSite=Strict" in (
        signin.cookie_script("abc_-1")
    )
    assert '"qualiboard_session=; path=/; max-age=0; SameSite=Strict"' in signin.cookie_script(None)


def test_the_words_of_the_account_box_and_of_a_refusal():
    pilote = Identity("lea", "Léa", "pilote", ("CCAS", "État civil"))
    # plain() keeps the dash on the line of the role (a no-break space before it).
    assert signin.account_text(pilote) == "Connecté : **Léa**  \npilote&#160;— CCAS, État civil"
    assert signin.refusal_text(pilote, IMPORT) == (
        "Accès refusé : il faut être responsable qualité (ou plus) pour importer des données "
        "ou annuler un import. Vous êtes connecté comme pilote."
    )
    assert signin.refusal_text(ANONYMOUS, MANAGE_ACCOUNTS).endswith(
        "Connectez-vous avec un compte qui a ce rôle."
    )
    assert "(ou plus)" not in signin.refusal_text(ANONYMOUS, MANAGE_ACCOUNTS)
    table = signin.demo_accounts()
    assert list(table.columns) == ["Rôle", "Peut"]
    assert len(table) == len(accounts.DEMO_ACCOUNTS)
    assert set(table["Peut"]) == set(signin.ROLE_HELP.values())
