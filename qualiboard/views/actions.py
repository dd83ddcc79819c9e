"""Plan d'actions: the plan as the page shows it (late actions first, with their count), the
services a person may open an action for, and the actions they may close here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from qualiboard.domain.config import Config
from qualiboard.present.export import french_csv_bytes
from qualiboard.present.formatting import display_table
from qualiboard.steering.review import action_plan, action_table
from qualiboard.store.access import QUALITE, WRITE_NOTES, Identity, can, role_rank

LATE, CLOSED = "en retard", "soldée"


@dataclass(frozen=True)
class ActionsPage:
    title: str
    table: pd.DataFrame  # shown (French headers and formats); empty without any action
    csv: bytes
    # The services a new action may be opened for ("" = none in particular), and whether this
    # person may open one at all.
    services: list[str]
    can_open: bool
    closable: dict[str, str]  # reference -> « reference — title »: opened here, open, theirs
    modules: list[str]


def actions_page(
    con: duckdb.DuckDBPyConnection, cfg: Config, who: Identity, today: dt.date
) -> ActionsPage:
    plan = action_plan(con, today)
    late = int((plan["state"] == LATE).sum())
    opened = int((plan["state"] != CLOSED).sum())
    table = action_table(plan)
    # A pilote opens and closes the actions of their services; from responsable qualité up, all.
    every_service = role_rank(who.role) >= role_rank(QUALITE) and not who.anonymous
    services = (
        ["", *[s.name for s in cfg.organisation.services]] if every_service else list(who.services)
    )
    open_here = plan[plan["created_in_app"] & (plan["state"] != CLOSED)]
    theirs = open_here["service"].map(
        lambda s: can(who, WRITE_NOTES, s if isinstance(s, str) else None)
    )
    open_here = open_here[theirs.astype(bool)]
    return ActionsPage(
        title=f"{late} action{'s' if late > 1 else ''} en retard sur {opened} en cours "
        f"au {today:%d/%m/%Y}",
        table=display_table(table),
        csv=french_csv_bytes(table),
        services=services,
        can_open=any(can(who, WRITE_NOTES, s or None) for s in services),
        closable={
            r: f"{r} — {t}" for r, t in zip(open_here["reference"], open_here["title"], strict=True)
        },
        modules=[str(m) for m in cfg.modules],
    )
