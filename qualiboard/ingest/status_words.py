"""The words towns write for a record's status (« clos », « répondu », « en attente »…), read as
the few statuses the engine counts (`domain.statuses`)."""

from __future__ import annotations

import pandas as pd

from qualiboard.domain.statuses import (
    STATUS_CANCELLED,
    STATUS_IN_PROGRESS,
    STATUS_NOT_TREATED,
    STATUS_OTHER,
    STATUS_TREATED,
)
from qualiboard.domain.text import clean_label, fold
from qualiboard.ingest.distinct import per_distinct_value

_STATUS_WORDS: list[tuple[tuple[str, ...], str]] = [
    (
        (
            "non traite",
            "non traitee",
            "a traiter",
            "nouveau",
            "nouvelle",
            "new",
            "non pris en charge",
            "non commence",
            "non commencee",
            "non realise",
            "non realisee",
            "pas commence",
            "open",
            "unconfirmed",
            "non demarre",
            "non demarree",
            "en attente de traitement",
        ),
        STATUS_NOT_TREATED,
    ),
    (
        (
            "annule",
            "annulee",
            "doublon",
            "duplicate",
            "sans suite",
            "classe sans suite",
            "not responsible",
            "hors competence",
            "rejete",
            "rejetee",
            "refuse",
            "refusee",
            "abandonne",
            "abandonnee",
            "internal referral",
        ),
        STATUS_CANCELLED,
    ),
    (
        (
            "traite",
            "accepte",  # démarches-simplifiées: a decision was sent
            "acceptee",
            "traitee",
            "traites",
            "traitees",
            "cloture",
            "cloturee",
            "clos",
            "close",
            "ferme",
            "fermee",
            "resolu",
            "resolue",
            "termine",
            "terminee",
            "realise",
            "realisee",
            "solde",
            "soldee",
            "fixed",
            "closed",
            "done",
            "fait",
            "faite",
            "repondu",
            "repondue",
            "reponse envoyee",
            "acheve",
            "achevee",
            "intervention realisee",
            "unable to fix",
            "efficace",
            "finalise",
            "finalisee",
        ),
        STATUS_TREATED,
    ),
    (
        (
            "en cours",
            "en attente",
            "ouvert",
            "ouverte",
            "pris en compte",
            "prise en compte",
            "pris en charge",
            "prise en charge",
            "planifie",
            "planifiee",
            "in progress",
            "investigating",
            "action scheduled",
            "confirmed",
            "acknowledged",
            "en traitement",
            "a valider",
            "en instruction",
            "en construction",  # démarches-simplifiées: still being filled in
            "transmis",
            "transmise",
            "programme",
            "programmee",
            "en retard",
            "a relancer",
            "reporte",
            "reportee",
        ),
        STATUS_IN_PROGRESS,
    ),
]


_STATUS_LOOKUP = {word: status for words, status in _STATUS_WORDS for word in words}


def normalise_status(raw: object) -> str | None:
    key = fold(raw)
    if not key:
        return None
    if key in _STATUS_LOOKUP:
        return _STATUS_LOOKUP[key]
    for words, status in _STATUS_WORDS:
        if any(key.startswith(w + " ") for w in words):
            return status
    return STATUS_OTHER


@per_distinct_value
def normalise_statuses(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(normalised status, raw value as text)."""
    raw = values.map(lambda v: None if v is None or pd.isna(v) else clean_label(v) or None)
    cache = {key: normalise_status(key) for key in raw.dropna().unique()}
    return raw.map(lambda v: cache.get(v) if v is not None else None), raw
