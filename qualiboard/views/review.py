"""Revue mensuelle: the agenda of the month's review, indicators that need a word first."""

from __future__ import annotations

import pandas as pd

from qualiboard.engine.objectives import (
    STATUS_ORDER,
)


def review_agenda(cards: pd.DataFrame) -> pd.DataFrame:
    """The month's indicators for the COPIL: off objective or worsening first. `trend` says
    whether the figure moved the right way since the comparison period."""
    if cards.empty:
        return cards.assign(trend=pd.Series(dtype=str), worsening=pd.Series(dtype=bool))
    change = cards["change"].astype(float)
    better = change.where(cards["direction"] == "higher", -change)
    trend = pd.Series("stable", index=cards.index)
    trend[better > 0] = "en amélioration"
    trend[better < 0] = "en dégradation"
    trend[change.isna()] = "pas de comparaison"
    trend[change.notna() & cards["compare_unreliable"]] += " (comparaison peu fiable)"
    value_text = cards["value_text"].where(
        ~cards["provisional"], cards["value_text"] + " (provisoire)"
    )
    agenda = cards.assign(trend=trend, worsening=better < 0, value_text=value_text)
    off = agenda["status"].isin([STATUS_ORDER[0], STATUS_ORDER[1]])
    agenda["agenda_rank"] = (~off).astype(int) * 2 + (~agenda["worsening"]).astype(int)
    return agenda.sort_values(["agenda_rank", "status_rank", "module", "indicator_id"]).reset_index(
        drop=True
    )
