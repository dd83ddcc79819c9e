"""One card per indicator for a month (value, objective, status, change, sparkline data), the
headline above them and the change between two periods as shown: the overview's figures, also
read by the review agenda, the annual review and the indicator page."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from qualiboard.domain.config import Config, Indicator, Objective
from qualiboard.domain.periods import add_months, period_length, period_start
from qualiboard.domain.text import short_number, signed_number
from qualiboard.engine.indicators import compute_many
from qualiboard.engine.objectives import (
    STATUS_MET,
    STATUS_NO_DATA,
    STATUS_NO_OBJECTIVE,
    STATUS_NOT_APPLICABLE,
    STATUS_ORDER,
    objective_basis,
)
from qualiboard.present.formatting import (
    as_shown,
    month_label,
    number,
    objective_text,
    period_label,
    shown_decimals,
    unit_for,
    value_with_unit,
)

SPARK_MONTHS = 12


def indicator_period(indicator: Indicator, month: dt.date) -> dt.date:
    return period_start(month, indicator.frequency)


def overview_cards(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    month: dt.date,
    *,
    services: list[str] | None = None,
    module: int | None = None,
    comparison: str = "previous",
    today: dt.date | None = None,
) -> pd.DataFrame:
    """One row per indicator: the figure of the period holding `month`, its objective and status,
    the comparison figure and a 12-month history. Attention first (non atteint, vigilance)."""
    rows = []
    chosen = [i for i in config.indicators if module is None or i.module == module]
    first = add_months(month, -(SPARK_MONTHS - 1))
    compare_start = add_months(month, -12) if comparison == "year" else first
    all_series = compute_many(
        con,
        config,
        chosen,
        start=min(first, compare_start),
        end=month,
        services=services,
        today=today,
    )
    for indicator in chosen:
        series = all_series[indicator.id]
        months = period_length(indicator.frequency)
        current_period = indicator_period(indicator, month)
        current = series[series["period"] == current_period]
        if comparison == "year":
            compare_period = period_start(add_months(month, -12), indicator.frequency)
        else:
            compare_period = add_months(current_period, -period_length(indicator.frequency))
        previous = series[series["period"] == compare_period]
        row = current.iloc[0] if len(current) else None
        before = previous.iloc[0] if len(previous) else None
        history = series[series["period"] >= period_start(first, indicator.frequency)]
        # For one service, an indicator none of whose records concern it does not apply.
        applicable = not services or bool(
            (series["denominator"].fillna(0) > 0).any() or (series["pending"] > 0).any()
        )
        # Without a row for the period (no record at all), the objective is the one in force.
        objective = (
            row["objective"]
            if row is not None
            else (indicator.objective.target_for(current_period) if indicator.objective else None)
        )
        status = row["status"] if row is not None else STATUS_NO_DATA
        if objective is None or pd.isna(objective):
            # Not an engagement: tallied « sans objectif » whatever its data, as the headline
            # leaves it out of its count (a volume without data was tallied « pas de données »).
            status = STATUS_NO_OBJECTIVE
        compare_n = before["denominator"] if before is not None else None
        rows.append(
            {
                "indicator_id": indicator.id,
                "module": indicator.module,
                "label": indicator.label,
                "engagement": indicator.engagement,
                "period": current_period,
                "period_label": period_label(current_period, indicator.frequency),
                "value": row["value"] if row is not None else None,
                "value_text": value_with_unit(row["value"] if row is not None else None, indicator),
                "objective": objective,
                "objective_text": objective_text(objective, indicator)
                + (f" ({basis})" if (basis := objective_basis(indicator, months)) else ""),
                "status": status if applicable else STATUS_NOT_APPLICABLE,
                "provisional": bool(row["provisional"]) if row is not None else False,
                "denominator": row["denominator"] if row is not None else None,
                "pending": int(row["pending"]) if row is not None else 0,
                "ci_low": row["ci_low"] if row is not None else None,
                "ci_high": row["ci_high"] if row is not None else None,
                "compare_value": before["value"] if before is not None else None,
                "compare_denominator": compare_n,
                "compare_unreliable": unreliable_comparison(compare_n, indicator),
                "compare_label": period_label(compare_period, indicator.frequency),
                "change": shown_change(
                    row["value"] if row is not None else None,
                    before["value"] if before is not None else None,
                    indicator,
                ),
                "change_text": change_text(
                    row["value"] if row is not None else None,
                    before["value"] if before is not None else None,
                    compare_n,
                    indicator,
                    period_label(compare_period, indicator.frequency),
                ),
                "history_labels": [
                    period_label(period, indicator.frequency) for period in history["period"]
                ],
                "history_values": list(history["value"]),
                "history_texts": [value_with_unit(v, indicator) for v in history["value"]],
                "history_objectives": list(history["objective"]),
                "history_provisional": list(history["provisional"].astype(bool)),
                "direction": indicator.direction,
                "unit": indicator.unit,
            }
        )
    cards = pd.DataFrame(rows)
    if cards.empty:
        return cards
    cards["status_rank"] = cards["status"].map(STATUS_ORDER.index)
    return cards.sort_values(["status_rank", "module", "indicator_id"]).reset_index(drop=True)


def headline(cards: pd.DataFrame, month: dt.date) -> str:
    """'17 engagements sur 25 atteints en octobre 2026' (indicators with an objective); for
    one service, those that do not apply to it leave the count, and the headline says how many:
    all of them, as the tally of statuses below it does (with or without an objective)."""
    if cards.empty:
        return f"0 engagement sur 0 atteint en {month_label(month, long=True)}"
    with_objective = cards[cards["objective"].notna()]
    not_applicable = int((cards["status"] == STATUS_NOT_APPLICABLE).sum())
    applying = with_objective[with_objective["status"] != STATUS_NOT_APPLICABLE]
    met = int((applying["status"] == STATUS_MET).sum())
    total = len(applying)
    word = "atteint" if met <= 1 else "atteints"
    text = (
        f"{met} engagement{'s' if met > 1 else ''} sur {total} {word} "
        f"en {month_label(month, long=True)}"
    )
    if not_applicable:
        plural = "s" if not_applicable > 1 else ""
        text += f" ({not_applicable} non applicable{plural} à ce service, hors décompte)"
    return text


def status_counts(cards: pd.DataFrame) -> dict[str, int]:
    counts = cards["status"].value_counts().to_dict() if not cards.empty else {}
    out = {status: int(counts.get(status, 0)) for status in STATUS_ORDER}
    if not out[STATUS_NOT_APPLICABLE]:
        del out[STATUS_NOT_APPLICABLE]  # only said when a service is chosen and it happens
    return out


def shown_change(value: float | None, before: float | None, indicator: Indicator) -> float | None:
    """The change between the two values as shown (rounded alike): 92,4 vs 90,6 is +1,8."""
    now, then = as_shown(value, indicator), as_shown(before, indicator)
    if now is None or then is None:
        return None
    return round(now - then, shown_decimals(indicator))


def unreliable_comparison(compare_n: float | None, indicator: Indicator) -> bool:
    """The comparison figure rests on fewer records than `min_sample`."""
    if not indicator.min_sample:
        return False
    return compare_n is None or compare_n != compare_n or compare_n < indicator.min_sample


def change_text(
    value: float | None,
    before: float | None,
    compare_n: float | None,
    indicator: Indicator,
    compare_label: str,
) -> str:
    """« ↗ +1,8 pts depuis sept. 2026 », « … (comparaison peu fiable : n = 1) »."""
    delta = shown_change(value, before, indicator)
    if delta is None:
        return f"pas de comparaison avec {compare_label}"
    unit = "pts" if indicator.is_percent else unit_for(delta, indicator.unit)
    arrow = "↗" if delta > 0 else "↘" if delta < 0 else "→"
    text = (
        f"{arrow} {signed_number(delta, shown_decimals(indicator))} {unit} depuis {compare_label}"
    )
    if unreliable_comparison(compare_n, indicator):
        n = "—" if compare_n is None or compare_n != compare_n else number(compare_n)
        text += f" (comparaison peu fiable : n = {n})"
    return text


def vigilance_text(objective: Objective | None, indicator: Indicator) -> str:
    """The vigilance margin with its unit and its side: « 5 pts sous l'objectif »."""
    if objective is None or not objective.vigilance:
        return ""
    margin = short_number(objective.vigilance)
    unit = "pts" if indicator.is_percent else unit_for(objective.vigilance, indicator.unit)
    side = "sous" if indicator.direction == "higher" else "au-dessus de"
    return f"{margin} {unit} {side} l'objectif".replace("  ", " ")
