"""Revue mensuelle: the agenda of the month's review, indicators that need a word first, and the
page that shows it (held or not, the agenda, its printable form, the month's analyses)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from qualiboard.domain.config import Config
from qualiboard.domain.periods import add_months
from qualiboard.engine.objectives import (
    STATUS_ORDER,
)
from qualiboard.present.agenda_html import AGENDA_STYLE, agenda_html, agenda_items
from qualiboard.present.formatting import date_fr, of_month, status_badge
from qualiboard.present.safe import plain, plain_frame
from qualiboard.steering.review import notes, reviews_held


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


@dataclass(frozen=True)
class ReviewPage:
    """What the review page shows for one month."""

    title: str
    held: str | None  # « Revue tenue le … — participants : … », None while not held
    agenda: pd.DataFrame  # `review_agenda`
    agenda_html: str  # the agenda with each indicator's reasons and last analyses
    printable: pd.DataFrame  # the agenda as an A4 table, shown as typed
    month_notes: tuple[tuple[str, str], ...]  # (indicator and service, analysis and decisions)
    earlier: pd.DataFrame  # the analyses of the last three months (`steering.review.notes`)

    @property
    def indicators(self) -> dict[str, str]:
        """The agenda's indicators (id -> label), in its order, for the note form."""
        return dict(zip(self.agenda["indicator_id"], self.agenda["label"], strict=True))

    def current_note(self, indicator_id: str, month: dt.date) -> tuple[str, str]:
        """The analysis and decisions already written for this indicator and month."""
        earlier = self.earlier
        mine = earlier[(earlier["indicator_id"] == indicator_id) & (earlier["period"] == month)]
        return (mine.iloc[0]["analysis"], mine.iloc[0]["decisions"]) if len(mine) else ("", "")


def review_page(
    con: duckdb.DuckDBPyConnection,
    cfg: Config,
    agenda: pd.DataFrame,
    reasons: dict[str, str],
    month: dt.date,
    service_label: str,
) -> ReviewPage:
    held = reviews_held(con, month, month)
    earlier = notes(con, start=add_months(month, -3), end=month)
    held_line = None
    if len(held):
        attendees = plain(held.iloc[0]["attendees"], line_breaks=False) or "—"
        held_line = (
            f"Revue tenue le **{date_fr(held.iloc[0]['held_on'])}** — participants : {attendees}"
        )
    printable = pd.DataFrame(
        {
            "Statut": [status_badge(s) for s in agenda["status"]],
            "Indicateur": agenda["label"],
            "Valeur": agenda["value_text"],
            "Objectif": agenda["objective_text"],
            "Tendance": agenda["trend"],
            "Pourquoi ça a bougé": [reasons.get(i, "") for i in agenda["indicator_id"]],
        }
    )
    month_notes = tuple(
        (
            f"**{plain(cfg.indicator(row.indicator_id).label)}** "
            + (f"({plain(row.service)})" if row.service else ""),
            f"Analyse : {plain(row.analysis) or '—'}  \nDécisions : {plain(row.decisions) or '—'}",
        )
        for row in earlier[earlier["period"] == month].itertuples()
    )
    return ReviewPage(
        title=f"Revue {of_month(month)} — {plain(service_label)}",
        held=held_line,
        agenda=agenda,
        agenda_html=AGENDA_STYLE + agenda_html(agenda_items(agenda, reasons, earlier)),
        printable=plain_frame(printable.set_index("Statut")),
        month_notes=month_notes,
        earlier=earlier,
    )
