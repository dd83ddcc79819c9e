"""Indicateur (détail): its identity card, the figure of the period, and the ranges the page
computes (so that they can also be computed ahead)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from qualiboard.domain.config import Config, Indicator
from qualiboard.domain.labels import kind_label
from qualiboard.domain.measures import measure_spec
from qualiboard.domain.periods import add_months
from qualiboard.engine.indicators import compute_many
from qualiboard.present.formatting import (
    month_label,
    number,
    objective_text,
    percent,
    period_label,
    status_badge,
    value_with_unit,
)
from qualiboard.present.safe import plain
from qualiboard.views.cards import vigilance_text
from qualiboard.views.catalogue import describe

HISTORY_MONTHS = 24  # the history drawn against the objective
BREAKDOWN_MONTHS = 12  # the service-by-month grid


def detail_ranges(
    month: dt.date, indicator: Indicator, services: list[str] | None = None
) -> list[tuple[dt.date, dt.date, tuple[str, ...] | None]]:
    """(start, end, breakdown) of every series the page shows for `month`."""
    ranges: list[tuple[dt.date, dt.date, tuple[str, ...] | None]] = [
        (add_months(month, -(HISTORY_MONTHS - 1)), month, None)
    ]
    if "service" in indicator.breakdown and not services:
        ranges.append((add_months(month, -(BREAKDOWN_MONTHS - 1)), month, ("service",)))
    return ranges


def detail_series_ahead(
    con: duckdb.DuckDBPyConnection, config: Config, month: dt.date, today: dt.date
) -> dict[tuple[str, dt.date, dt.date, tuple[str, ...] | None], pd.DataFrame]:
    """Every series the detail pages show for `month` without a service filter, keyed
    (indicator id, start, end, breakdown): the same figures as one `compute_indicator` per
    series, computed by the batched engine (one query per source rather than per indicator)."""
    groups: dict[tuple[dt.date, dt.date, tuple[str, ...] | None], list[Indicator]] = {}
    for indicator in config.indicators:
        for start, end, by in detail_ranges(month, indicator):
            groups.setdefault((start, end, by), []).append(indicator)
    series = {}
    for (start, end, by), members in groups.items():
        computed = compute_many(
            con, config, members, start=start, end=end, by=list(by) if by else None, today=today
        )
        for indicator in members:
            series[(indicator.id, start, end, by)] = computed[indicator.id]
    return series


PERIOD_RULES = (
    "Règles de période : un enregistrement compte dans le mois de sa date de référence "
    "(réception, signalement…). Sans réponse et délai dépassé : en retard, il compte contre "
    "l'objectif. Sans réponse et encore dans le délai : en attente, écarté du calcul et compté à "
    "part. « Traité » sans date de fin : délai inconnu, écarté du calcul de délai."
)


@dataclass
class Sheet:
    """The indicator's identity card, as Markdown lines (user texts already escaped)."""

    definition: list[str]  # commitment, definition, owner, source, module
    objective: list[str]  # objective in force, vigilance, changes over time and per service


def indicator_sheet(indicator: Indicator, period: dt.date) -> Sheet:
    definition = []
    if indicator.engagement:
        definition.append(f"**Engagement :** « {plain(indicator.engagement)} »")
    definition.append(f"**Définition :** {plain(describe(indicator))}")
    definition.append(
        f"**Pilote :** {plain(indicator.owner) or '—'} · **Source :** "
        f"{kind_label(indicator.source)} · **Module :** {indicator.module}"
    )
    objective = indicator.objective
    target = objective.target_for(period) if objective else None
    lines = [f"**Objectif en vigueur :** {objective_text(target, indicator)}"]
    if objective and objective.vigilance:
        lines.append(f"**Vigilance :** jusqu'à {vigilance_text(objective, indicator)}")
    if objective and objective.changes:
        for change in sorted(objective.changes, key=lambda c: c.from_):
            lines.append(
                f"- à partir de {month_label(change.from_)} : "
                f"{objective_text(change.value, indicator)}"
            )
    if objective and objective.services:
        for name, changes in objective.services.items():
            lines.append(f"- {plain(name)} : {objective_text(changes[-1].value, indicator)}")
    return Sheet(definition, lines)


@dataclass
class PeriodFigure:
    """The figure of the chosen period, as the page heads it."""

    title: str  # « Mars 2026 : 92 % — ✅ atteint »
    provisional: bool
    details: str  # numerator over denominator, confidence interval, pending records


def period_figure(row: pd.Series, indicator: Indicator, period: dt.date) -> PeriodFigure:
    title = (
        f"{period_label(period, indicator.frequency).capitalize()} : "
        f"{value_with_unit(row['value'], indicator)} — {status_badge(row['status'])}"
        + (" — provisoire" if row["provisional"] else "")
    )
    details = []
    if pd.notna(row["numerator"]) and measure_spec(indicator.measure.type).fraction:
        details.append(f"{number(row['numerator'])} sur {number(row['denominator'])}")
    if pd.notna(row["ci_low"]):
        details.append(
            f"intervalle de confiance à 95 % : {number(row['ci_low'], 1)} – "
            f"{percent(row['ci_high'])}"
        )
    if row["pending"]:
        details.append(f"{row['pending']} en attente (dans le délai)")
    return PeriodFigure(title, bool(row["provisional"]), " · ".join(details))


def figure_of_period(
    series: pd.DataFrame, indicator: Indicator, period: dt.date
) -> PeriodFigure | None:
    """The heading figure of `period` in the page's history, or None when it has no row."""
    current = series[series["period"] == period]
    return period_figure(current.iloc[0], indicator, period) if len(current) else None
