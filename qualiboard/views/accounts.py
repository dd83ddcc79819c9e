"""Comptes et réglages: the accounts as the page lists them, and the settings with their French
choices (reading without sign-in, results published for citizens) and where each stands."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from qualiboard.domain.config import Config
from qualiboard.store import accounts
from qualiboard.store.db import get_setting
from qualiboard.store.settings import (
    ANONYMOUS_READING,
    DEFAULT,
    PUBLIC_BY_SERVICE,
    PUBLIC_RESULTS,
    is_on,
)

READING_CHOICES = {
    DEFAULT: "Seulement tant que la ville de démonstration est chargée (défaut)",
    "oui": "Autorisée : tout le réseau peut consulter sans se connecter",
    "non": "Interdite : il faut se connecter pour consulter",
}
PUBLISHED = {
    PUBLIC_RESULTS: "Page publique ouverte (sans connexion)",
    PUBLIC_BY_SERVICE: "Montrer aussi les résultats par service",
}


@dataclass(frozen=True)
class AccountsPage:
    accounts: pd.DataFrame
    logins: list[str]
    services: list[str]  # a pilote's services are chosen among these
    reading: str  # the choice of READING_CHOICES in force
    reading_now: str  # « Aujourd'hui : lecture sans connexion autorisée. »
    published: dict[str, bool]  # setting of PUBLISHED -> on


def accounts_page(con: duckdb.DuckDBPyConnection, cfg: Config) -> AccountsPage:
    table = accounts.list_accounts(con)
    state = "autorisée" if accounts.anonymous_reading(con) else "interdite"
    return AccountsPage(
        accounts=table,
        logins=list(table["Identifiant"]),
        services=[s.name for s in cfg.organisation.services],
        reading=get_setting(con, ANONYMOUS_READING) or DEFAULT,
        reading_now=f"Aujourd'hui : lecture sans connexion {state}.",
        published={key: is_on(con, key) for key in PUBLISHED},
    )
