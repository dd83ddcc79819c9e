"""« Où finira l'année ? » — for each indicator with an objective: its year-to-date figure from
the records, what the rest of the year must bring to reach the yearly objective (in records when
the figure counts records), and a projection at the current pace with an interval.

Rules (shown on screen with the figures):
- the year to date runs from January to the chosen month, computed from the records as one
  period (never an average of months); pending items are left out, like in every figure;
- the expected volume of the rest of the year is the pending items plus the pace so far
  (records decided per month) times the months left;
- the projection keeps the year-to-date rate on that volume; its interval is the 95 % Wilson
  interval of the rate applied to the remaining volume (for a count: the pace ± 1,96 × its
  standard error, √count ÷ months). Seasons are not modelled.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import duckdb
import pandas as pd

from qualiboard.domain.config import Config, Indicator
from qualiboard.domain.measures import (
    YEAR_END_AVERAGE,
    YEAR_END_PACE,
    YEAR_END_RECORDS,
    measure_spec,
)
from qualiboard.engine.indicators import RANGE, compute_many
from qualiboard.engine.objectives import declared_yearly, objective_scale, wilson_interval

ON_TRACK = "en bonne voie"
UNCERTAIN = "incertain"
OFF_TRACK = "hors trajectoire"
SECURED = "déjà assuré"
OUT_OF_REACH = "hors d'atteinte"
FINAL_MET = "atteint sur l'année"
FINAL_MISSED = "non atteint sur l'année"
VERDICT_ICONS = {
    ON_TRACK: "▲",
    SECURED: "✔",
    FINAL_MET: "✔",
    UNCERTAIN: "◆",
    OFF_TRACK: "▼",
    OUT_OF_REACH: "✖",
    FINAL_MISSED: "✖",
}
RECORD_NOUNS = {
    "correspondence": "courriers",
    "complaints": "réclamations",
    "reports": "signalements",
    "survey_answers": "réponses",
    "phone_calls": "appels",
    "counter_visits": "passages",
    "measurements": "contrôles",
    "actions": "actions",
}


@dataclass
class Outlook:
    indicator_id: str
    year: int
    months_elapsed: int
    value: float | None  # year to date
    numerator: float | None
    denominator: float | None
    pending: int
    objective: float | None  # for the whole year
    remaining: float | None  # records (or calls) expected on the rest of the year
    needed: float | None  # records to meet, at most to have, or value to reach on the rest
    needed_kind: str  # "at_least" | "at_most" | ""
    projection: float | None
    low: float | None
    high: float | None
    verdict: str

    @property
    def complete(self) -> bool:
        return self.months_elapsed >= 12


def yearly_objective(
    indicator: Indicator, month: dt.date, service: str | None = None
) -> float | None:
    """The objective of the whole year, as in force at `month` (a count's monthly objective
    times twelve, unless the catalogue declares the yearly one)."""
    objective = indicator.objective
    if objective is None:
        return None
    own = service if service and objective.has_own_target(service) else None
    target = objective.target_for(month, own)
    if target is None:
        return None
    declared = declared_yearly(indicator, 12)
    if declared is not None:
        return declared
    return target * objective_scale(indicator, 12)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def outlook_from_figures(
    indicator: Indicator,
    year: int,
    months_elapsed: int,
    value: float | None,
    numerator: float | None,
    denominator: float | None,
    pending: int,
    objective: float | None,
) -> Outlook:
    """The outlook from the year-to-date figures (pure arithmetic, tested by hand)."""
    k, left = months_elapsed, 12 - months_elapsed
    projection = measure_spec(indicator.measure.type).year_end_projection(indicator.is_percent)
    higher = indicator.direction == "higher"
    out = Outlook(
        indicator.id, year, k, value, numerator, denominator, pending, objective,
        None, None, "", value, None, None, "",
    )  # fmt: skip
    if _missing(value):
        out.value = out.projection = None
        out.verdict = ""
        return out
    met = objective is not None and (value >= objective if higher else value <= objective)
    if k >= 12:
        out.verdict = "" if objective is None else FINAL_MET if met else FINAL_MISSED
        return out
    counts_records = projection == YEAR_END_RECORDS and not _missing(denominator)
    if counts_records and denominator > 0:
        a, n = float(numerator), float(denominator)
        remaining = pending + round(n / k * left)
        out.remaining = remaining
        low, high = wilson_interval(a, n)
        out.projection = 100 * a / n
        out.low = 100 * (a + remaining * low) / (n + remaining)
        out.high = 100 * (a + remaining * high) / (n + remaining)
        if objective is not None:
            share = objective / 100
            if higher:
                out.needed_kind = "at_least"
                out.needed = max(0, math.ceil(share * (n + remaining) - a - 1e-9))
                if out.needed > remaining:
                    out.verdict = OUT_OF_REACH
                elif out.needed == 0:
                    out.verdict = SECURED
            else:
                out.needed_kind = "at_most"
                out.needed = math.floor(share * (n + remaining) - a + 1e-9)
                if out.needed < 0:
                    out.verdict = OUT_OF_REACH
                elif out.needed >= remaining:
                    out.verdict = SECURED
    elif projection == YEAR_END_PACE:
        pace = value / k
        spread = 1.959963984540054 * left * math.sqrt(max(value, 0.0)) / k
        out.remaining = None
        out.projection = value + pace * left
        out.low, out.high = max(value, out.projection - spread), out.projection + spread
        if objective is not None:
            out.needed_kind = "at_least" if higher else "at_most"
            out.needed = objective - value
            if higher and out.needed <= 0:
                out.verdict = SECURED
            elif not higher and out.needed < 0:
                out.verdict = OUT_OF_REACH
    elif projection == YEAR_END_AVERAGE and not _missing(denominator) and denominator > 0:
        n = float(denominator)
        remaining = round(n / k * left)
        out.remaining = remaining
        if objective is not None and remaining > 0:
            out.needed_kind = "at_least" if higher else "at_most"
            out.needed = (objective * (n + remaining) - value * n) / remaining
    if not out.verdict and objective is not None:
        if out.low is not None and out.high is not None:
            worst, best = (out.low, out.high) if higher else (out.high, out.low)
            ahead = (lambda x: x >= objective) if higher else (lambda x: x <= objective)
            out.verdict = ON_TRACK if ahead(worst) else OFF_TRACK if not ahead(best) else UNCERTAIN
        else:
            ahead = out.projection >= objective if higher else out.projection <= objective
            out.verdict = ON_TRACK if ahead else OFF_TRACK
    return out


def year_end_outlook(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    month: dt.date,
    *,
    indicators: list[Indicator] | None = None,
    services: list[str] | None = None,
    today: dt.date | None = None,
) -> dict[str, Outlook]:
    """Indicator id -> its outlook for the year of `month`, the data counted up to `month`."""
    chosen = indicators if indicators is not None else config.indicators
    january = dt.date(month.year, 1, 1)
    last = month.replace(day=1)
    figures = compute_many(
        con, config, chosen, start=january, end=last, frequency=RANGE,
        services=services, today=today,
    )  # fmt: skip
    service = services[0] if services and len(services) == 1 else None
    result = {}
    for indicator in chosen:
        frame = figures[indicator.id]
        row = frame.iloc[0] if len(frame) else None
        get = lambda c, r=row: None if r is None or pd.isna(r[c]) else float(r[c])  # noqa: E731
        result[indicator.id] = outlook_from_figures(
            indicator,
            month.year,
            last.month,
            get("value"),
            get("numerator"),
            get("denominator"),
            int(row["pending"]) if row is not None else 0,
            yearly_objective(indicator, last, service),
        )
    return result
