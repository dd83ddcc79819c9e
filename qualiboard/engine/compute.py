"""Series of indicators: the catalogue's indicators grouped so that those sharing a source,
period field, frequency and breakdown are computed by ONE query (engine.sql.batch_sql), the
queries run side by side, then finished into figures (engine.finish) and marked provisional
where their deadlines run past the data's date (engine.provisional)."""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import NotRequired, TypedDict, Unpack

import duckdb
import pandas as pd

from qualiboard.domain.config import Config, Indicator
from qualiboard.domain.fields import available_fields
from qualiboard.domain.periods import (
    FREQUENCIES,
    RANGE,
    add_months,
    period_length,
    period_start,
)
from qualiboard.engine import provisional
from qualiboard.engine.finish import RESULT_COLUMNS, finish
from qualiboard.engine.sql import batch_sql
from qualiboard.engine.untracked import untracked_batches


@dataclass(frozen=True)
class _Job:
    """One batched query and what its rows mean."""

    sql: str
    params: dict[str, object]
    members: list[Indicator]
    frequency: str
    dims: list[str]
    first: dt.date
    last: dt.date

    def months(self) -> int:
        """Months in one period (a range is one period over all its months)."""
        if self.frequency == RANGE:
            return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1
        return 12 if self.frequency == "rolling12" else period_length(self.frequency)

    def run(self, cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
        with cursor:
            raw = cursor.execute(self.sql, self.params).df()
        figures = finish(raw, self.members, self.frequency, self.dims, self.months())
        if self.frequency == RANGE and not figures.empty:
            figures["period_end"] = add_months(self.last, 1) - dt.timedelta(days=1)
        return figures


def _jobs(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    indicators: list[Indicator],
    start: dt.date,
    end: dt.date,
    frequency: str | None,
    by: list[str] | None,
    services: list[str] | None,
    today: dt.date,
) -> list[_Job]:
    groups: dict[tuple, list[Indicator]] = {}
    for indicator in indicators:
        chosen = frequency or indicator.frequency
        if chosen not in (*FREQUENCIES, RANGE):
            raise ValueError(f"fréquence inconnue : {chosen}")
        fields = available_fields(indicator.source)
        dims = tuple(b for b in (by or []) if b in fields)
        key = (indicator.source, indicator.period_field, chosen, dims)
        groups.setdefault(key, []).append(indicator)
    jobs = []
    for (source, _, chosen, dims), members in groups.items():
        first, last = period_start(start, chosen), period_start(end, chosen)
        untracked = untracked_batches(con, source)
        sql, params = batch_sql(
            config, members, today, untracked, first, last, chosen, list(dims), services
        )
        jobs.append(_Job(sql, params, members, chosen, list(dims), first, last))
    return jobs


def compute_many(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    indicators: list[Indicator],
    *,
    start: dt.date,
    end: dt.date,
    frequency: str | None = None,
    by: list[str] | None = None,
    services: list[str] | None = None,
    today: dt.date | None = None,
) -> dict[str, pd.DataFrame]:
    """Indicator id -> its series. Indicators sharing a source, period field and frequency are
    computed by one query."""
    today = today or dt.date.today()
    jobs = _jobs(con, config, indicators, start, end, frequency, by, services, today)
    # Each query gets its own cursor: DuckDB runs them side by side on the cores a single
    # small query leaves idle. The cursors are made here, in one thread: a connection asked for
    # cursors by several threads at once refuses (« connection is busy with another call »).
    cursors = [con.cursor() for _ in jobs]
    with ThreadPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1) or 1) as pool:
        finished = list(pool.map(lambda job, cursor: job.run(cursor), jobs, cursors))
    results: dict[str, pd.DataFrame] = {}
    for job, figures in zip(jobs, finished, strict=True):
        for k, part in figures.groupby("k", sort=False):
            results[job.members[k].id] = part.drop(columns="k").reset_index(drop=True)
        for indicator in job.members:
            results.setdefault(indicator.id, _empty(job.dims))
    _mark_provisional(con, config, indicators, results, today)
    return results


def _mark_provisional(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    indicators: list[Indicator],
    results: dict[str, pd.DataFrame],
    today: dt.date,
) -> None:
    dates: dict[str, list] = {}
    deadline_cache: dict = {}
    for indicator in indicators:
        figures = results[indicator.id]
        if figures.empty:
            continue
        if indicator.source not in dates:
            dates[indicator.source] = provisional.data_dates(con, indicator.source, today)
        figures["provisional"] = provisional.mark(
            indicator,
            figures,
            dates[indicator.source],
            config.organisation.territory,
            deadline_cache,
        )


def _empty(by: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=RESULT_COLUMNS + [b for b in by if b != "service"])


class Span(TypedDict):
    """What every series is computed over: the months from `start` to `end` (included), the
    frequency (each indicator's own by default), the breakdown, the services, the day."""

    start: dt.date
    end: dt.date
    frequency: NotRequired[str | None]
    by: NotRequired[list[str] | None]
    services: NotRequired[list[str] | None]
    today: NotRequired[dt.date | None]


def compute_indicator(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    indicator: Indicator | str,
    **span: Unpack[Span],
) -> pd.DataFrame:
    """Values of one indicator for every period of the span (`compute_many`)."""
    if isinstance(indicator, str):
        indicator = config.indicator(indicator)
    return compute_many(con, config, [indicator], **span)[indicator.id]


def compute_all(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    *,
    indicator_ids: list[str] | None = None,
    **span: Unpack[Span],
) -> pd.DataFrame:
    """Every indicator (or those listed), in catalogue order, as one tidy table."""
    chosen = [i for i in config.indicators if indicator_ids is None or i.id in indicator_ids]
    series = compute_many(con, config, chosen, **span)
    frames = [series[i.id] for i in chosen if not series[i.id].empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=RESULT_COLUMNS)
