"""The year-end outlook in French: the sentence of what the rest of the year must bring, the
projection, the marker of the overview and the table of the annual export."""

from __future__ import annotations

import pandas as pd

from qualiboard.domain.config import Indicator
from qualiboard.domain.measures import YEAR_END_AVERAGE
from qualiboard.present.formatting import (
    number,
    objective_text,
    sense_sign,
    unit_column,
    unit_for,
    value_with_unit,
)
from qualiboard.steering.year_end import (
    OUT_OF_REACH,
    RECORD_NOUNS,
    SECURED,
    VERDICT_ICONS,
    Outlook,
)

RULE = (
    "À ce jour : de janvier au mois choisi, calculé sur les enregistrements (les éléments en "
    "attente sont écartés). Volume attendu d'ici décembre : les éléments en attente plus le "
    "rythme des mois écoulés. Projection : le taux à ce jour appliqué à ce volume ; "
    "fourchette à 95 % selon la taille de l'échantillon. Les variations saisonnières ne sont "
    "pas prises en compte."
)


def _noun(indicator: Indicator, count: float) -> str:
    if indicator.source == "phone_calls":
        noun = "appels"
    else:
        noun = RECORD_NOUNS.get(indicator.source, "enregistrements")
    return unit_for(count, noun)


def needed_sentence(outlook: Outlook, indicator: Indicator) -> str:
    """What the rest of the year must bring to end at the yearly objective."""
    if outlook.value is None:
        return "Pas de données cette année."
    if outlook.objective is None:
        return "Sans objectif annuel."
    goal = objective_text(outlook.objective, indicator)
    if outlook.complete:
        return (
            f"Année complète : {value_with_unit(outlook.value, indicator)} pour un objectif {goal}."
        )
    if outlook.needed is None:
        return f"Objectif annuel {goal} : le reste à faire ne se calcule pas pour cette mesure."
    if indicator.measure.spec.additive:
        left = 12 - outlook.months_elapsed
        if outlook.verdict == SECURED:
            return f"Objectif annuel {goal} déjà atteint."
        if outlook.verdict == OUT_OF_REACH:
            return f"Objectif annuel {goal} déjà dépassé."
        amount = value_with_unit(outlook.needed, indicator)
        per_month = number(outlook.needed / left, 1) if left else "—"
        verb = "il faut encore" if outlook.needed_kind == "at_least" else "il reste au plus"
        return (
            f"Pour finir l'année à {goal}, {verb} {amount} d'ici décembre "
            f"(soit {per_month} par mois)."
        )
    if indicator.measure.spec.year_end == YEAR_END_AVERAGE:
        bound = "au moins" if outlook.needed_kind == "at_least" else "au plus"
        return (
            f"Pour finir l'année à {goal}, il faut une moyenne de {bound} "
            f"{value_with_unit(outlook.needed, indicator)} sur le reste de l'année."
        )
    remaining = int(outlook.remaining or 0)
    needed = int(outlook.needed)
    noun = _noun(indicator, remaining)
    if outlook.verdict == SECURED:
        if outlook.needed_kind == "at_least":
            return (
                f"Objectif annuel {goal} déjà assuré, même si aucun des {number(remaining)} "
                f"prochains {noun} attendus ne respecte l'engagement."
            )
        return f"Objectif annuel {goal} déjà assuré, quels que soient les {number(remaining)} prochains {noun}."
    best = (outlook.numerator + (remaining if outlook.needed_kind == "at_least" else 0)) / (
        outlook.denominator + remaining
    )
    if outlook.verdict == OUT_OF_REACH:
        return (
            f"Objectif annuel {goal} hors d'atteinte : même si les {number(remaining)} prochains "
            f"{noun} attendus respectaient tous l'engagement, l'année finirait au mieux à "
            f"{value_with_unit(100 * best, indicator)}."
        )
    rate = value_with_unit(100 * needed / remaining, indicator) if remaining else "—"
    if outlook.needed_kind == "at_least":
        return (
            f"Pour finir l'année à {goal}, il faut que {number(needed)} des {number(remaining)} "
            f"prochains {noun} attendus respectent l'engagement ({rate})."
        )
    return (
        f"Pour finir l'année à {goal}, au plus {number(needed)} des {number(remaining)} "
        f"prochains {noun} attendus peuvent être dans ce cas ({rate})."
    )


def projection_sentence(outlook: Outlook, indicator: Indicator) -> str:
    if outlook.value is None or outlook.complete:
        return ""
    text = f"Au rythme actuel : {value_with_unit(outlook.projection, indicator)} en fin d'année"
    if outlook.low is not None and outlook.high is not None:
        text += (
            f" (entre {value_with_unit(outlook.low, indicator)} "
            f"et {value_with_unit(outlook.high, indicator)})"
        )
    return text + "."


def marker(outlook: Outlook | None) -> str:
    """« ▲ Fin d'année : en bonne voie » for an overview card ("" without objective)."""
    if outlook is None or not outlook.verdict:
        return ""
    return f"{VERDICT_ICONS[outlook.verdict]} Fin d'année : {outlook.verdict}"


# The columns of the « Fin d'année » sheet that hold a value of the indicator (a percentage is
# shown as such in Excel).
OUTLOOK_VALUES = [
    "À ce jour",
    "Objectif annuel",
    "Projection",
    "Fourchette basse",
    "Fourchette haute",
]


def outlook_table(outlooks: dict[str, Outlook], indicators: list[Indicator]) -> pd.DataFrame:
    """One row per indicator with an objective: the « Fin d'année » sheet of the annual export,
    its values real numbers (the sign and the unit in their own columns) that Excel can sort
    and sum."""
    rows = []
    for indicator in indicators:
        outlook = outlooks.get(indicator.id)
        if outlook is None or outlook.objective is None:
            continue
        rows.append(
            {
                "Code": indicator.id,
                "Indicateur": indicator.label,
                "Mois écoulés": outlook.months_elapsed,
                "À ce jour": outlook.value,
                "Sens": sense_sign(indicator),
                "Objectif annuel": outlook.objective,
                "Unité": unit_column(indicator),
                "Volume attendu d'ici décembre": outlook.remaining,
                "Reste à faire": needed_sentence(outlook, indicator),
                "Projection": outlook.projection,
                "Fourchette basse": outlook.low,
                "Fourchette haute": outlook.high,
                "Tendance": outlook.verdict,
            }
        )
    return pd.DataFrame(rows)
