"""A decomposition of a change as a French reader sees it: effects rounded so that the shown
parts add up to the shown total, a table, and the one sentence for the committee."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from qualiboard.domain.config import Indicator
from qualiboard.domain.text import signed_number as signed_figure
from qualiboard.engine.decomposition import Decomposition
from qualiboard.present.formatting import as_shown, shown_decimals, unit_for

DIMENSION_WORDS = {"service": "service", "channel": "canal", "category": "catégorie"}


@dataclass
class ShownEffect:
    part: str
    kind: str  # "rate" | "mix" | "count"
    exact: float
    shown: float  # rounded, the shown effects adding up to the shown change


def distribute(exact: list[float], total: float, decimals: int) -> list[float]:
    """Round `exact` to `decimals` so that the rounded values add up to `total` (already
    rounded): each value is rounded, then the gap is given, one step at a time, to the values
    that rounding moved furthest (largest remainder)."""
    scale = 10**decimals
    scaled = [x * scale for x in exact]
    rounded = [round(x) for x in scaled]
    gap = round(total * scale) - sum(rounded)
    order_up = sorted(range(len(scaled)), key=lambda k: -(scaled[k] - rounded[k]))
    order_down = sorted(range(len(scaled)), key=lambda k: scaled[k] - rounded[k])
    step = 0
    while gap and scaled:
        k = (order_up if gap > 0 else order_down)[step % len(scaled)]
        rounded[k] += 1 if gap > 0 else -1
        gap += -1 if gap > 0 else 1
        step += 1
    return [r / scale for r in rounded]


def shown_total(decomposition: Decomposition, indicator: Indicator) -> float | None:
    """The change between the two figures as shown (rounded alike), as on the overview."""
    before = as_shown(decomposition.before, indicator)
    after = as_shown(decomposition.after, indicator)
    if before is None or after is None:
        return None
    return round(after - before, shown_decimals(indicator))


def shown_effects(decomposition: Decomposition, indicator: Indicator) -> list[ShownEffect]:
    total = shown_total(decomposition, indicator)
    if total is None:
        return []
    effects: list[tuple[str, str, float]] = []
    for part in decomposition.parts:
        if decomposition.measure == "additive":
            effects.append((part.name, "count", part.rate_effect))
        else:
            effects.append((part.name, "rate", part.rate_effect))
            effects.append((part.name, "mix", part.mix_effect))
    shown = distribute([e[2] for e in effects], total, shown_decimals(indicator))
    return [
        ShownEffect(name, kind, exact, value)
        for (name, kind, exact), value in zip(effects, shown, strict=True)
    ]


def _unit(value: float, indicator: Indicator) -> str:
    return "pts" if indicator.is_percent else unit_for(value, indicator.unit)


def signed(value: float, indicator: Indicator) -> str:
    """« −6,1 pts », « +12 réclamations » (true minus sign, as French print has it)."""
    return f"{signed_number(value, indicator)} {_unit(value, indicator)}".strip()


def signed_number(value: float, indicator: Indicator) -> str:
    """« −6,1 », « +2,0 », « 0,0 » (no unit: a table column)."""
    return signed_figure(value, shown_decimals(indicator))


def _effect_words(effect: ShownEffect, indicator: Indicator) -> str:
    amount = signed(effect.shown, indicator)
    if effect.kind == "mix":
        return f"{amount} effet de volume {effect.part}"
    if effect.kind == "count":
        return f"{amount} {effect.part}"
    own = "taux" if indicator.is_percent else "valeur propre"
    return f"{amount} {effect.part} ({own})"


def change_sentence(decomposition: Decomposition, indicator: Indicator, top: int = 2) -> str:
    """« −8,8 pts, dont −6,1 pts Urbanisme (taux) et −2,0 pts effet de volume État civil »:
    the change, then its largest contributors in the direction of the change."""
    total = shown_total(decomposition, indicator)
    if not decomposition.available or total is None:
        return f"Pas de décomposition : {decomposition.reason or 'pas de données'}."
    effects = shown_effects(decomposition, indicator)
    if total == 0:
        return f"Stable ({signed(0.0, indicator)})."
    leading = sorted((e for e in effects if e.shown * total > 0), key=lambda e: -abs(e.shown))[:top]
    head = signed(total, indicator)
    if not leading:
        return head
    named = [_effect_words(e, indicator) for e in leading]
    joined = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " et " + named[-1]
    return f"{head}, dont {joined}"


def decomposition_table(decomposition: Decomposition, indicator: Indicator) -> pd.DataFrame:
    """One row per part: its figures in both periods and its shown effects (French headers);
    the last row is the total, equal to the sum of the rows above."""
    effects = shown_effects(decomposition, indicator)
    by_part: dict[str, dict[str, float]] = {}
    for effect in effects:
        by_part.setdefault(effect.part, {})[effect.kind] = effect.shown
    dimension = DIMENSION_WORDS.get(decomposition.dimension, decomposition.dimension)
    decimals = shown_decimals(indicator)
    rows = []
    for part in decomposition.parts:
        shown = by_part.get(part.name, {})
        row = {
            dimension.capitalize(): part.name,
            "Enregistrements avant": part.n_before,
            "Enregistrements après": part.n_after,
        }
        if decomposition.measure == "weighted":
            row["Valeur avant"] = part.value_before
            row["Valeur après"] = part.value_after
            row["Effet taux"] = shown.get("rate", 0.0)
            row["Effet volume"] = shown.get("mix", 0.0)
        total = round(sum(shown.values()), decimals)
        row["Contribution"] = total
        rows.append(row)
    table = pd.DataFrame(rows)
    if not table.empty:
        summary = {dimension.capitalize(): "Total"}
        for column in table.columns[1:]:
            if column.startswith("Valeur"):
                summary[column] = decomposition.before if "avant" in column else decomposition.after
            else:
                summary[column] = round(table[column].sum(), decimals)
        table = pd.concat([table, pd.DataFrame([summary])], ignore_index=True)
    return table
