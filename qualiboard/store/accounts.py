"""Local accounts (the default when no identity provider is configured), sign-in with lock-out,
browser sessions, and the demo town's accounts.

Passwords are kept as argon2id hashes only. A person signed in through the town's identity
provider (OIDC) also has a row here, without password: it carries their role and services."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets

import duckdb
import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from qualiboard.domain.statuses import BATCH_IMPORTED
from qualiboard.store import audit
from qualiboard.store.access import (
    ADMIN,
    ANONYMOUS,
    LECTEUR,
    MANAGE_ACCOUNTS,
    PILOTE,
    QUALITE,
    ROLES,
    SYSTEM,
    Identity,
    require,
)
from qualiboard.store.db import get_setting, set_setting
from qualiboard.store.settings import ANONYMOUS_READING

MAX_FAILURES = 5  # wrong passwords in a row before the account is locked
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 12
SESSION_DAYS = 7
LOCAL, OIDC = "local", "oidc"

_hasher = PasswordHasher()

DEMO_PASSWORD = "demo-qualiboard"
# (login, name, role, services): one account per role, shown on the sign-in page of the demo.
DEMO_ACCOUNTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("demo.lecteur", "Lecteur de démonstration", LECTEUR, ()),
    ("demo.pilote", "Pilote de démonstration (CCAS)", PILOTE, ("CCAS",)),
    ("demo.qualite", "Responsable qualité de démonstration", QUALITE, ()),
    ("demo.admin", "Administrateur de démonstration", ADMIN, ()),
)
_DEMO_BATCHES = "demo_batches"


class SignInRefused(Exception):
    """A refused sign-in, its reason in French."""


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _check_login(login: str) -> str:
    login = login.strip().lower()
    if not login or len(login) > 200 or any(c.isspace() for c in login):
        raise ValueError("identifiant invalide : une suite de lettres, chiffres, points ou @")
    return login


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"rôle inconnu « {role} » (rôles : {', '.join(ROLES)})")
    return role


def _check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"mot de passe trop court : {MIN_PASSWORD_LENGTH} caractères au moins")
    return password


def has_real_accounts(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether an account other than the demo's exists (then the command line needs one)."""
    return bool(con.execute("SELECT count(*) FROM accounts WHERE NOT demo").fetchone()[0])


def has_any_account(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM accounts").fetchone()[0])


def _write(con: duckdb.DuckDBPyConnection, by: Identity, action: str, details: dict, *sql) -> None:
    """Run the statements and journal them in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        for statement, params in sql:
            con.execute(statement, params)
        audit.record(con, by, action, details)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def add_account(
    con: duckdb.DuckDBPyConnection,
    by: Identity,
    login: str,
    *,
    name: str,
    role: str,
    password: str | None = None,
    services: tuple[str, ...] = (),
    demo: bool = False,
) -> None:
    """Create an account; without a password it signs in through the identity provider only."""
    require(by, MANAGE_ACCOUNTS)
    login, role = _check_login(login), _check_role(role)
    if con.execute("SELECT 1 FROM accounts WHERE login = ?", [login]).fetchone():
        raise ValueError(f"le compte « {login} » existe déjà")
    digest = _hasher.hash(password if demo else _check_password(password)) if password else None
    _write(
        con,
        by,
        "compte créé",
        {"compte": login, "nom": name, "rôle du compte": role, "services": list(services)},
        (
            "INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?, FALSE, ?, 0, NULL, ?, NULL)",
            [
                login,
                name.strip() or login,
                role,
                json.dumps(list(services), ensure_ascii=False),
                digest,
                LOCAL if password else OIDC,
                demo,
                _now(),
            ],
        ),
    )


def _existing(con: duckdb.DuckDBPyConnection, login: str) -> tuple:
    row = con.execute(
        "SELECT role, services, disabled FROM accounts WHERE login = ?", [login.strip().lower()]
    ).fetchone()
    if row is None:
        raise ValueError(f"compte « {login} » introuvable")
    return row


def set_role(
    con: duckdb.DuckDBPyConnection,
    by: Identity,
    login: str,
    role: str,
    services: tuple[str, ...] | None = None,
) -> None:
    require(by, MANAGE_ACCOUNTS)
    login, role = login.strip().lower(), _check_role(role)
    before_role, before_services, _ = _existing(con, login)
    services_json = before_services if services is None else json.dumps(list(services))
    _write(
        con,
        by,
        "rôle modifié",
        {
            "compte": login,
            "avant": {"rôle": before_role, "services": json.loads(before_services or "[]")},
            "après": {"rôle": role, "services": json.loads(services_json or "[]")},
        },
        (
            "UPDATE accounts SET role = ?, services = ? WHERE login = ?",
            [role, services_json, login],
        ),
    )


def set_disabled(
    con: duckdb.DuckDBPyConnection, by: Identity, login: str, disabled: bool = True
) -> None:
    require(by, MANAGE_ACCOUNTS)
    login = login.strip().lower()
    _existing(con, login)
    if disabled and login == by.login:
        raise ValueError("un administrateur ne peut pas désactiver son propre compte")
    _write(
        con,
        by,
        "compte désactivé" if disabled else "compte réactivé",
        {"compte": login},
        (
            "UPDATE accounts SET disabled = ?, failed_attempts = 0, locked_until = NULL "
            "WHERE login = ?",
            [disabled, login],
        ),
        ("DELETE FROM sessions WHERE login = ?", [login]),
    )


def set_password(con: duckdb.DuckDBPyConnection, by: Identity, login: str, password: str) -> None:
    require(by, MANAGE_ACCOUNTS)
    login = login.strip().lower()
    _existing(con, login)
    _write(
        con,
        by,
        "mot de passe changé",
        {"compte": login},
        (
            "UPDATE accounts SET password_hash = ?, via = ?, failed_attempts = 0, "
            "locked_until = NULL WHERE login = ?",
            [_hasher.hash(_check_password(password)), LOCAL, login],
        ),
    )


def list_accounts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Accounts with French headers (no hash)."""
    frame = con.execute(
        "SELECT login, name, role, services, via, disabled, "
        "locked_until IS NOT NULL AND locked_until > current_timestamp::TIMESTAMP AS locked, "
        "last_sign_in, demo FROM accounts ORDER BY demo, login"
    ).df()
    frame["services"] = frame["services"].map(lambda s: ", ".join(json.loads(s or "[]")))
    frame["via"] = frame["via"].map({LOCAL: "mot de passe", OIDC: "fournisseur d'identité"})
    for column in ("disabled", "locked", "demo"):
        frame[column] = frame[column].map({True: "oui", False: "non"})
    return frame.rename(
        columns={
            "login": "Identifiant",
            "name": "Nom",
            "role": "Rôle",
            "services": "Services (pilote)",
            "via": "Connexion",
            "disabled": "Désactivé",
            "locked": "Verrouillé",
            "last_sign_in": "Dernière connexion",
            "demo": "Démonstration",
        }
    )


def _identity(row: tuple, via: str) -> Identity:
    login, name, role, services = row[:4]
    return Identity(login, name, role, tuple(json.loads(services or "[]")), via)


def identity_for(con: duckdb.DuckDBPyConnection, login: str, via: str) -> Identity | None:
    """The active account's identity, or None (unknown or disabled login; demo account once the
    demo town is gone)."""
    row = con.execute(
        "SELECT login, name, role, services, demo FROM accounts WHERE login = ? AND NOT disabled",
        [login.strip().lower()],
    ).fetchone()
    if row is None or (row[4] and not is_demo_town(con)):
        return None
    return _identity(row, via)


def authenticate(
    con: duckdb.DuckDBPyConnection, login: str, password: str, now: dt.datetime | None = None
) -> Identity:
    """Check a password; after MAX_FAILURES wrong ones in a row the account is locked for
    LOCK_MINUTES. The message never says whether the login exists."""
    now = now or _now()
    login = login.strip().lower()
    wrong = SignInRefused("identifiant ou mot de passe incorrect")
    row = con.execute(
        "SELECT login, name, role, services, password_hash, disabled, failed_attempts, "
        "locked_until, demo FROM accounts WHERE login = ?",
        [login],
    ).fetchone()
    if row is None or row[4] is None:
        _hasher.hash(password or "-")  # same time spent as for a known login
        raise wrong
    digest, disabled, failures, locked_until, demo = row[4:9]
    if locked_until is not None and locked_until > now:
        minutes = max(1, int((locked_until - now).total_seconds() // 60) + 1)
        raise SignInRefused(
            f"compte verrouillé après {MAX_FAILURES} essais manqués : réessayez dans "
            f"{minutes} minute{'s' if minutes > 1 else ''} ou demandez à l'administrateur"
        )
    try:
        _hasher.verify(digest, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        failures = int(failures or 0) + 1
        if failures >= MAX_FAILURES:
            con.execute(
                "UPDATE accounts SET failed_attempts = 0, locked_until = ? WHERE login = ?",
                [now + dt.timedelta(minutes=LOCK_MINUTES), login],
            )
            audit.record(
                con, SYSTEM, "compte verrouillé", {"compte": login, "essais manqués": failures}
            )
        else:
            con.execute(
                "UPDATE accounts SET failed_attempts = ? WHERE login = ?", [failures, login]
            )
        raise wrong from None
    if disabled or (demo and not is_demo_town(con)):
        raise SignInRefused("ce compte est désactivé : demandez à l'administrateur")
    con.execute(
        "UPDATE accounts SET failed_attempts = 0, locked_until = NULL, last_sign_in = ? "
        "WHERE login = ?",
        [now, login],
    )
    return _identity(row, "compte local")


# ---------------------------------------------------------------- browser sessions


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(con: duckdb.DuckDBPyConnection, identity: Identity) -> str:
    """A random token for the browser's cookie; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    now = _now()
    con.execute(
        "INSERT INTO sessions VALUES (?, ?, ?, ?)",
        [_token_hash(token), identity.login, now, now + dt.timedelta(days=SESSION_DAYS)],
    )
    return token


def session_identity(con: duckdb.DuckDBPyConnection, token: object) -> Identity | None:
    if not isinstance(token, str) or not token:
        return None
    row = con.execute(
        "SELECT login FROM sessions WHERE token_hash = ? AND expires_at > ?",
        [_token_hash(token), _now()],
    ).fetchone()
    return identity_for(con, row[0], "compte local") if row else None


def close_session(con: duckdb.DuckDBPyConnection, token: str | None) -> None:
    if token:
        con.execute("DELETE FROM sessions WHERE token_hash = ?", [_token_hash(token)])


# ---------------------------------------------------------------- the demo town


def seed_demo(con: duckdb.DuckDBPyConnection, batch_ids: list[int]) -> None:
    """Remember which imports are the demo town and give it one account per role; the accounts
    work only while one of those imports is still in the database."""
    set_setting(con, _DEMO_BATCHES, json.dumps([int(b) for b in batch_ids]))
    for login, name, role, services in DEMO_ACCOUNTS:
        if not con.execute("SELECT 1 FROM accounts WHERE login = ?", [login]).fetchone():
            add_account(
                con,
                SYSTEM,
                login,
                name=name,
                role=role,
                password=DEMO_PASSWORD,
                services=services,
                demo=True,
            )


def is_demo_town(con: duckdb.DuckDBPyConnection) -> bool:
    batches = json.loads(get_setting(con, _DEMO_BATCHES) or "[]")
    if not batches:
        return False
    placeholders = ", ".join("?" for _ in batches)
    found = con.execute(
        f"SELECT count(*) FROM import_batches WHERE status = ? "  # noqa: S608 - placeholders only
        f"AND batch_id IN ({placeholders})",
        [BATCH_IMPORTED, *batches],
    ).fetchone()[0]
    return bool(found)


def anonymous_reading(con: duckdb.DuckDBPyConnection) -> bool:
    """Reading without signing in: the setting, else only while the demo town is loaded."""
    value = get_setting(con, ANONYMOUS_READING)
    if value is not None:
        return value == "oui"
    return is_demo_town(con)


def anonymous_identity(con: duckdb.DuckDBPyConnection) -> Identity | None:
    return ANONYMOUS if anonymous_reading(con) else None
