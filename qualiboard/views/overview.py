"""The overview page's cards as one HTML grid: what the page renders, built without Streamlit.

One HTML block (`st.html`) per module replaces three columns of widgets and a Plotly chart per card: the
cards share a row height, wrap on a phone, and the first view no longer waits for 29 charts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pandas as pd

from qualiboard.present.formatting import STATUS_COLOURS, STATUS_ICONS, margin_text, number
from qualiboard.present.safe import plain
from qualiboard.present.sparkline import CurveSheet
from qualiboard.views.cards import headline, status_counts


def chip_html(status: str) -> str:
    """A status as icon + word on its colour (never colour alone)."""
    colour = STATUS_COLOURS.get(status, "#999999")
    icon = STATUS_ICONS.get(status, "")
    return f'<span class="qb-chip" style="background:{colour}">{icon}&nbsp;{status}</span>'


def objective_line(card: Mapping[str, Any]) -> str:
    text = card["objective_text"]
    objective = "Sans objectif" if text.startswith("sans objectif") else f"Objectif {text}"
    provisional = " · <b>provisoire</b>" if card["provisional"] else ""
    return f"{objective} · {card['period_label']}{provisional}"


def sample_line(card: Mapping[str, Any]) -> str:
    n = card["denominator"]
    sample = "n = —" if n is None or pd.isna(n) else f"n = {number(n)}"
    pending = f" · {number(card['pending'])} en attente" if card["pending"] else ""
    return sample + pending


def card_html(card: Mapping[str, Any], link: str, year_end: str = "", *, curves: CurveSheet) -> str:
    """A card; its curve is drawn on `curves`, the page's sheet of curves (whose style the page
    carries: a curve without it would show nothing)."""
    engagement = card["engagement"]
    quote = (
        f'<div class="qb-engagement">« {plain(engagement, line_breaks=False)} »</div>'
        if isinstance(engagement, str) and engagement
        else ""
    )
    margin = margin_text(card["ci_low"], card["ci_high"])
    spark = curves.curve(
        card["history_labels"],
        card["history_values"],
        card["history_texts"],
        card["history_objectives"],
        card["history_provisional"],
    )
    return (
        f'<div class="qb-card" data-indicator="{card["indicator_id"]}">'
        f'<div class="qb-title">{plain(card["label"], line_breaks=False)}</div>{quote}'
        f'<div class="qb-figure"><span class="qb-value">{card["value_text"]}</span>'
        f'<span class="qb-margin">{margin}</span>{chip_html(card["status"])}</div>'
        f'<div class="qb-meta">{objective_line(card)}</div>'
        f'<div class="qb-small">{sample_line(card)}</div>'
        f'<div class="qb-small">{plain(card["change_text"], line_breaks=False)}</div>'
        + (
            f'<div class="qb-small qb-year-end">{plain(year_end, line_breaks=False)}</div>'
            if year_end
            else ""
        )
        + f"{spark}"
        f'<a class="qb-link" href="{link}" target="_self">Voir le détail</a>'
        "</div>"
    )


def detail_link(indicator_id: str, query: dict[str, str]) -> str:
    """The detail page's address, keeping the reader's filters (month, service, module)."""
    return "indicateur?" + urlencode({**query, "indicateur": indicator_id}, safe=":")


def module_grid_html(
    cards: pd.DataFrame,
    query: dict[str, str],
    year_end: dict[str, str] | None = None,
    *,
    curves: CurveSheet,
) -> str:
    """The cards of one module, in their order (attention first), each with its year-end line
    (« Où finira l'année ? ») when there is one."""
    body = "".join(
        card_html(
            card,
            detail_link(card["indicator_id"], query),
            (year_end or {}).get(card["indicator_id"], ""),
            curves=curves,
        )
        # Records, not iterrows: a Series per card cost 3 ms each on every first visit.
        for card in cards.to_dict("records")
    )
    return f'<div class="qb-grid">{body}</div>'


def counts_html(counts: dict[str, int]) -> str:
    """The month's tally by status, wrapping on a phone."""
    items = "".join(
        f'<div class="qb-count" style="border-left:6px solid {STATUS_COLOURS[status]}">'
        f"<b>{number(count)}</b><br>{STATUS_ICONS.get(status, '')} {status}</div>"
        for status, count in counts.items()
    )
    return f'<div class="qb-counts">{items}</div>'


@dataclass(frozen=True)
class OverviewPage:
    """The overview of a month: its headline, the tally by status, then one grid per module."""

    title: str
    counts: str  # HTML
    modules: tuple[tuple[str, str], ...]  # (heading, HTML grid of its cards)
    curves: str = ""  # the style sheet holding the cards' curves (`CurveSheet.style`)

    @property
    def html(self) -> str:
        """The whole page below its introduction as one HTML block: one element for the browser
        to draw instead of ten, and one string for the cache to keep."""
        sections = "".join(
            f'<h3 class="qb-heading">{heading}</h3>{grid}' for heading, grid in self.modules
        )
        return f'<h3 class="qb-heading">{self.title}</h3>{self.counts}{sections}{self.curves}'


def overview_page(
    cards: pd.DataFrame,
    month: dt.date,
    service_label: str,
    query: dict[str, str],
    year_end: dict[str, str] | None = None,
) -> OverviewPage:
    """The page of `overview_cards` (not empty). The cards' links keep the reader's filters of
    `query` (the address's parameters), without the indicator of an earlier visit."""
    kept = {k: v for k, v in query.items() if k != "indicateur"}
    curves = CurveSheet()
    modules = tuple(
        (
            f"Module {module}",
            module_grid_html(cards[cards["module"] == module], kept, year_end, curves=curves),
        )
        for module in sorted(cards["module"].unique())
    )
    return OverviewPage(
        title=headline(cards, month).capitalize() + f" — {plain(service_label)}",
        counts=counts_html(status_counts(cards)),
        modules=modules,
        curves=curves.style(),
    )
