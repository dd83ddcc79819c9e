"""A status column answered « Oui » / « Non » (« Traité ? », « Clôturé », « Résolu ? »).

A quality officer reads « Traité ? Oui » as a treated record: the title names the state, the
answer says whether the record reached it. The import reads it so, and writes the meaning in a
note, never silently. Oui/Non under a title that names no state (« Urgent ») says nothing of the
record's status: those rows are refused with the reason, rather than counted as « autre ».
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from qualiboard.domain.statuses import STATUS_NOT_TREATED, STATUS_TREATED
from qualiboard.domain.synonyms import STATE_TITLE
from qualiboard.domain.text import clean_label, fold
from qualiboard.ingest.distinct import distinct_codes, mostly_distinct, per_distinct_value

YES = frozenset({"oui", "o", "yes", "vrai"})
NO = frozenset({"non", "n", "no", "faux"})
NO_STATE = (
    "« oui » ou « non » ne dit pas le statut : l'intitulé de la colonne doit nommer l'état "
    "(« Traité ? », « Clôturé ? ») ou les valeurs être des statuts (traité, en cours…)"
)


@dataclass
class YesNo:
    statuses: pd.Series | None  # None when the title names no state
    raw: pd.Series
    note: str = ""
    refused: pd.Series | None = None  # rows answered oui/non under a title naming no state


@per_distinct_value
def _read(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(raw text, folded key, status if the key is oui/non), read once per distinct value."""
    raw = values.map(lambda v: None if v is None or pd.isna(v) else clean_label(v) or None)
    keys = raw.map(lambda v: None if v is None or pd.isna(v) else fold(v))
    statuses = keys.map(
        lambda k: STATUS_TREATED if k in YES else STATUS_NOT_TREATED if k in NO else None
    )
    return raw, keys, statuses


def _only_yes_no(values: pd.Series) -> bool:
    """Every written cell says oui or non: decided on the distinct values (a status column of a
    million rows holds a handful), before any cell is read."""
    if len(values) >= 64 and mostly_distinct(values):
        return False
    _, uniques = distinct_codes(values)
    keys = {fold(clean_label(v)) for v in uniques if v is not None and not pd.isna(v)} - {""}
    return bool(keys) and keys <= YES | NO


def yes_no_statuses(values: pd.Series, header: str) -> YesNo | None:
    """The statuses read from a column of oui/non answers, or None when the column holds
    anything else (status words, read as usual)."""
    if not _only_yes_no(values):
        return None
    raw, keys, statuses = _read(values)
    if not re.match(STATE_TITLE, fold(header)):
        return YesNo(None, raw, refused=keys.notna())
    note = (
        f"colonne « {header} » lue comme statut : « Oui » = {STATUS_TREATED}, « Non » = "
        f"{STATUS_NOT_TREATED} ; une cellule vide ne donne aucun statut"
    )
    return YesNo(statuses, raw, note)
