"""Résultats pour les usagers: each engagement in the citizen's words with its result over the
year and its objective, as a town publishes them (Services Publics+ engagement 6). Only what is
public: no notes, no analyses, no record, and no breakdown by service unless the town chose it.
An indicator is published when it carries an engagement and an objective; an engagement written
in brackets (« (qualité des données) ») is an internal one and stays inside."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from qualiboard.domain.config import Config, Indicator
from qualiboard.engine.indicators import RANGE, compute_many
from qualiboard.engine.objectives import STATUS_SMALL_SAMPLE
from qualiboard.steering.year_end import yearly_objective


@dataclass
class PublicResult:
    indicator: Indicator
    value: float | None
    objective: float | None
    kept: bool | None  # None: not enough answers or no data to say
    months: list[dt.date]
    monthly: list[float | None]
    by_service: dict[str, float | None] = field(default_factory=dict)


@dataclass
class PublicResults:
    town: str
    year: int
    first: dt.date
    last: dt.date  # last month counted
    results: list[PublicResult]

    @property
    def complete_year(self) -> bool:
        return self.last.month == 12


def published(indicator: Indicator) -> bool:
    engagement = (indicator.engagement or "").strip()
    return bool(engagement) and not engagement.startswith("(") and indicator.objective is not None


def public_results(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    year: int,
    last: dt.date,
    *,
    by_service: bool = False,
    today: dt.date | None = None,
) -> PublicResults:
    """The results of `year`, counted from January to the month `last` (December once the
    year is over)."""
    first = dt.date(year, 1, 1)
    last = min(last.replace(day=1), dt.date(year, 12, 1))
    chosen = [i for i in config.indicators if published(i)]
    yearly = compute_many(con, config, chosen, start=first, end=last, frequency=RANGE, today=today)
    monthly = compute_many(
        con, config, chosen, start=first, end=last, frequency="monthly", today=today
    )
    services = (
        compute_many(
            con,
            config,
            chosen,
            start=first,
            end=last,
            frequency=RANGE,
            by=["service"],
            today=today,
        )  # fmt: skip
        if by_service
        else {}
    )
    results = []
    for indicator in chosen:
        frame = yearly[indicator.id]
        row = frame.iloc[0] if len(frame) else None
        value = None if row is None or row["value"] != row["value"] else float(row["value"])
        objective = yearly_objective(indicator, last)
        kept = None
        additive = indicator.measure.spec.additive
        judged = (
            value is not None and objective is not None and row["status"] != STATUS_SMALL_SAMPLE
        )
        # A yearly count can only be judged once the year is over.
        if judged and not (additive and last.month != 12):
            sign = 1.0 if indicator.direction == "higher" else -1.0
            kept = round(sign * (value - objective), 9) >= 0
        series = monthly[indicator.id]
        per_service = {}
        if by_service and indicator.id in services:
            for part in services[indicator.id].itertuples(index=False):
                if isinstance(part.service, str) and part.value == part.value:
                    per_service[part.service] = float(part.value)
        results.append(
            PublicResult(
                indicator=indicator,
                value=value,
                objective=objective,
                kept=kept,
                months=list(series["period"]),
                monthly=[None if v != v else float(v) for v in series["value"]],
                by_service=per_service,
            )
        )
    return PublicResults(config.organisation.name, year, first, last, results)
