"""View-models of the two insights added to the detail page, the review agenda and the overview
(issue 18): « Pourquoi ça a bougé ? » and « Où finira l'année ? »."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from qualiboard.domain.config import Config, Indicator
from qualiboard.domain.periods import add_months, period_length, period_start
from qualiboard.engine.decomposition import decompose_many, dimensions_of
from qualiboard.present.change_story import (
    DIMENSION_WORDS,
    change_sentence,
    decomposition_table,
    signed_number,
)
from qualiboard.present.formatting import number, period_label, value_with_unit
from qualiboard.present.year_end_text import (
    RULE,
    marker,
    needed_sentence,
    projection_sentence,
)
from qualiboard.steering.year_end import year_end_outlook

WHY_RULE = (
    "Chaque part (service, canal, catégorie) contribue au changement par l'évolution de son "
    "propre taux (effet taux) et par l'évolution de son poids dans le total (effet volume : "
    "une part qui grossit avec un taux sous la moyenne fait baisser le total). Les "
    "contributions s'additionnent exactement au changement affiché ; calcul sur les "
    "enregistrements des deux périodes."
)


@dataclass
class WhyView:
    sentence: str
    table: pd.DataFrame
    periods: str  # « sept. 2026 → oct. 2026 »
    dimension: str
    choices: dict[str, str] = field(default_factory=dict)  # dimension -> French word


@dataclass
class YearEndView:
    title: str
    value: str
    needed: str
    projection: str
    marker: str
    rule: str = RULE


def compared_periods(
    indicator: Indicator, month: dt.date, comparison: str
) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]:
    """(first, last) months of the period compared and of the current period."""
    length = period_length(indicator.frequency)
    current = period_start(month, indicator.frequency)
    if comparison == "year":
        before = period_start(add_months(month, -12), indicator.frequency)
    else:
        before = add_months(current, -length)
    return (before, add_months(before, length - 1)), (current, add_months(current, length - 1))


def default_dimension(indicator: Indicator, services: list[str] | None) -> str | None:
    """By service, unless one service is chosen: then by channel or category."""
    dims = dimensions_of(indicator)
    if services:
        dims = [d for d in dims if d != "service"] or dims
    return dims[0] if dims else None


def why_view(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    indicator: Indicator,
    month: dt.date,
    comparison: str,
    dimension: str | None,
    *,
    services: list[str] | None = None,
    today: dt.date | None = None,
) -> WhyView | None:
    dimension = dimension or default_dimension(indicator, services)
    if dimension is None:
        return None
    before, after = compared_periods(indicator, month, comparison)
    result = decompose_many(
        con, config, [indicator], dimension, before, after, services=services, today=today
    )[indicator.id]
    table = decomposition_table(result, indicator) if result.available else pd.DataFrame()
    if not table.empty:
        for column in ("Valeur avant", "Valeur après"):
            if column in table:
                table[column] = table[column].map(lambda v: value_with_unit(v, indicator))
        # Signed French figures (« −6,1 ») as the sentence writes them.
        for column in ("Effet taux", "Effet volume", "Contribution"):
            if column in table:
                table[column] = table[column].map(lambda v: signed_number(v, indicator))
        for column in ("Enregistrements avant", "Enregistrements après"):
            table[column] = table[column].map(number)
    return WhyView(
        sentence=change_sentence(result, indicator),
        table=table,
        periods=(
            f"{period_label(before[0], indicator.frequency)} → "
            f"{period_label(after[0], indicator.frequency)}"
        ),
        dimension=dimension,
        choices={d: DIMENSION_WORDS[d] for d in dimensions_of(indicator)},
    )


def why_sentences(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    indicator_ids: list[str],
    month: dt.date,
    comparison: str,
    *,
    services: list[str] | None = None,
    today: dt.date | None = None,
) -> dict[str, str]:
    """Indicator id -> « Pourquoi : −8,8 pts, dont … » for the review agenda (indicators that
    cannot be split are left out). Indicators sharing a dimension and periods are split by the
    same queries."""
    groups: dict[tuple, list[Indicator]] = {}
    for indicator_id in indicator_ids:
        indicator = config.indicator(indicator_id)
        dimension = default_dimension(indicator, services)
        if dimension is None or indicator.measure.spec.decomposition is None:
            continue
        key = (dimension, compared_periods(indicator, month, comparison))
        groups.setdefault(key, []).append(indicator)
    sentences = {}
    for (dimension, (before, after)), members in groups.items():
        found = decompose_many(
            con, config, members, dimension, before, after, services=services, today=today
        )
        for indicator in members:
            result = found[indicator.id]
            if result.available and result.change:
                sentences[indicator.id] = change_sentence(result, indicator)
    return sentences


def year_end_view(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    indicator: Indicator,
    month: dt.date,
    *,
    services: list[str] | None = None,
    today: dt.date | None = None,
) -> YearEndView | None:
    outlook = year_end_outlook(
        con, config, month, indicators=[indicator], services=services, today=today
    )[indicator.id]
    if outlook.objective is None:
        return None
    months = (
        "janvier" if outlook.months_elapsed == 1 else f"janvier à {period_label(month, 'monthly')}"
    )
    return YearEndView(
        title=f"Où finira l'année {outlook.year} ?",
        value=f"À ce jour ({months}) : {value_with_unit(outlook.value, indicator)}",
        needed=needed_sentence(outlook, indicator),
        projection=projection_sentence(outlook, indicator),
        marker=marker(outlook),
    )


def year_end_markers(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    month: dt.date,
    *,
    services: list[str] | None = None,
    today: dt.date | None = None,
) -> dict[str, str]:
    """Indicator id -> « ▲ Fin d'année : en bonne voie » for the overview cards."""
    outlooks = year_end_outlook(con, config, month, services=services, today=today)
    return {key: marker(outlook) for key, outlook in outlooks.items() if marker(outlook)}
