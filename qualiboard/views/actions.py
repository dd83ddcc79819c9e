"""Plan d'actions: the plan as the page shows it (late actions first, with their count), the
services a person may open an action for, and the actions they may close here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from qualiboard.domain.config import Config
from qualiboard.present.export import french_csv_bytes
from qualiboard.present.formatting import display_table, number
from qualiboard.steering.review import (
    action_plan,
    action_state_counts,
    action_table,
    open_actions_created_here,
)
from qualiboard.store.access import QUALITE, WRITE_NOTES, Identity, can, role_rank

LATE, CLOSED = "en retard", "soldée"
# A plan longer than this is shown from its start (overdue first); the CSV holds all of it.
SHOWN_ACTIONS = 1_000


@dataclass(frozen=True)
class ActionsPage:
    title: str
    table: pd.DataFrame  # shown (French headers and formats); empty without any action
    shown_note: str  # « les 1 000 premières… » when the plan is longer than the table
    # The services a new action may be opened for ("" = none in particular), and whether this
    # person may open one at all.
    services: list[str]
    can_open: bool
    closable: dict[str, str]  # reference -> « reference — title »: opened here, open, theirs
    modules: list[str]


def actions_page(
    con: duckdb.DuckDBPyConnection,
    cfg: Config,
    who: Identity,
    today: dt.date,
    shown: int = SHOWN_ACTIONS,
) -> ActionsPage:
    counts = action_state_counts(con, today)
    late, total = counts[LATE], sum(counts.values())
    opened = total - counts[CLOSED]
    table = action_table(action_plan(con, today, first=shown))
    shown_note = (
        f"Les {number(len(table))} premières actions sur {number(total)} (en retard, puis en "
        "cours, puis soldées) : le plan complet est dans le fichier CSV."
        if total > len(table)
        else ""
    )
    # A pilote opens and closes the actions of their services; from responsable qualité up, all.
    every_service = role_rank(who.role) >= role_rank(QUALITE) and not who.anonymous
    services = (
        ["", *[s.name for s in cfg.organisation.services]] if every_service else list(who.services)
    )
    open_here = open_actions_created_here(con, today)
    theirs = open_here["service"].map(
        lambda s: can(who, WRITE_NOTES, s if isinstance(s, str) else None)
    )
    open_here = open_here[theirs.astype(bool)]
    return ActionsPage(
        title=f"{late} action{'s' if late > 1 else ''} en retard sur {opened} en cours "
        f"au {today:%d/%m/%Y}",
        table=display_table(table),
        shown_note=shown_note,
        services=services,
        can_open=any(can(who, WRITE_NOTES, s or None) for s in services),
        closable={
            r: f"{r} — {t}" for r, t in zip(open_here["reference"], open_here["title"], strict=True)
        },
        modules=[str(m) for m in cfg.modules],
    )


def action_plan_csv(con: duckdb.DuckDBPyConnection, today: dt.date) -> bytes:
    """The whole plan for French Excel (written when the reader asks for it)."""
    return french_csv_bytes(action_table(action_plan(con, today)))
