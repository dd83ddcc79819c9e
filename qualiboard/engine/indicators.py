"""Indicator engine: a definition of indicators.yaml -> one parametrised DuckDB query -> a tidy
table of values with numerator, denominator, pending items, confidence interval, objective, status.

Period rules (also shown on screen):
- a record belongs to the period of its reference date (received, reported, answered…);
- an item still open (no end date) whose deadline has passed counts as late, against the objective;
- an item still open within its deadline is pending: left out of the figure, counted apart;
- `today` is a parameter so that a past review can be reproduced exactly.
Quarters, years and rolling 12 months are computed from the records, never by averaging months.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from qualiboard.domain.conditions import Atom, parse_condition
from qualiboard.domain.config import Config, Indicator
from qualiboard.domain.fields import FieldInfo, available_fields
from qualiboard.domain.filters import parse_filter
from qualiboard.domain.labels import column_label
from qualiboard.domain.periods import add_months, period_length, period_start
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.statuses import STATUS_TREATED
from qualiboard.domain.text import fold
from qualiboard.engine import provisional, verdicts
from qualiboard.engine.objectives import (
    declared_yearly,
    objective_scale,
    statuses,
    wilson_arrays,
)

FREQUENCIES = ("monthly", "quarterly", "yearly", "rolling12")
# "range": the whole span from the first to the last month as ONE period (an annual review that
# covers 15 months), computed from the records like any other period.
RANGE = "range"
_TRUNC = {"monthly": "month", "quarterly": "quarter", "yearly": "year", "rolling12": "month"}
RESULT_COLUMNS = [
    "indicator_id",
    "period",
    "period_end",
    "frequency",
    "service",
    "value",
    "numerator",
    "denominator",
    "pending",
    "ci_low",
    "ci_high",
    "objective",
    "status",
    "provisional",
]


@dataclass
class _Query:
    """Accumulates SQL fragments and their named parameters."""

    params: dict[str, object] = field(default_factory=dict)
    joins: dict[str, str] = field(default_factory=dict)

    def param(self, value: object) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"${name}"

    def calendar(self, column: str) -> str:
        alias = f"wd_{column}"
        self.joins[alias] = f"LEFT JOIN working_calendar {alias} ON {alias}.day = t.{column}"
        return f"{alias}.wd_index"

    def as_of(self) -> tuple[str, str]:
        """The day each record is judged at, and its working-day index: the « données au »
        date of the import that last reported it, capped by `today` (a past review replayed);
        a record typed in the application has no import and is judged at `today`."""
        self.joins["asof"] = (
            "LEFT JOIN (SELECT batch_id, least(coalesce(as_of, $today::DATE), $today::DATE) "
            "AS day FROM import_batches) as_of_day ON as_of_day.batch_id = t.batch_id"
        )
        day = "coalesce(as_of_day.day, $today::DATE)"
        self.joins["wd_asof"] = f"LEFT JOIN working_calendar wd_asof ON wd_asof.day = {day}"
        return day, "wd_asof.wd_index"


def sql_fold(expr: str) -> str:
    """SQL twin of text.fold: accent-free, lower-case, punctuation turned into single spaces."""
    return f"trim(regexp_replace(strip_accents(lower({expr})), '[^a-z0-9]+', ' ', 'g'))"


class _Compiler:
    def __init__(
        self,
        config: Config,
        indicator: Indicator,
        today: dt.date,
        query: _Query | None = None,
        untracked: dict[str, list[int]] | None = None,
    ) -> None:
        # End field -> import batches whose file had no such column: their open items are not
        # "not answered yet" but "not recorded", and cannot be judged.
        self.untracked = untracked or {}
        self.config = config
        self.indicator = indicator
        self.kind = SOURCE_KINDS[indicator.source]
        self.fields = available_fields(indicator.source)
        self.q = query or _Query()
        self.today = today
        self.q.params["today"] = today

    # --- field expressions
    def value_of(self, info: FieldInfo) -> str:
        if info.kind == "column":
            return f"t.{info.name}"
        if info.kind == "delay_days":
            return f"(t.{info.delay.end} - t.{info.delay.start})"
        if info.kind == "delay_working_days":
            end = self.q.calendar(info.delay.end)
            start = self.q.calendar(info.delay.start)
            return f"({end} - {start})"
        return self._satisfaction(info.kind)

    def so_far(self, info: FieldInfo) -> str:
        """Delay of an open item counted up to the day its data were extracted (see `as_of`)."""
        day, day_wd = self.q.as_of()
        if info.kind == "delay_days":
            return f"({day} - t.{info.delay.start})"
        start = self.q.calendar(info.delay.start)
        return f"({day_wd} - {start})"

    def _satisfaction(self, kind: str) -> str:
        org = self.config.organisation
        thresholds = org.satisfied_threshold if kind == "satisfied" else org.dissatisfied_threshold
        op = ">=" if kind == "satisfied" else "<="
        cases = " ".join(
            f"WHEN t.scale_max = {self.q.param(float(scale))} THEN t.score {op} "
            f"{self.q.param(float(limit))}"
            for scale, limit in thresholds.items()
        )
        # Scales not configured: satisfied from 75 % of the scale, dissatisfied up to 50 %.
        share = 0.75 if kind == "satisfied" else 0.5
        return f"(CASE {cases} ELSE t.score {op} {self.q.param(share)} * t.scale_max END)"

    # --- conditions
    def atom_sql(self, atom: Atom, expr: str, info: FieldInfo) -> str:
        if atom.op in ("isnull", "notnull"):
            return f"({expr} IS {'' if atom.op == 'isnull' else 'NOT '}NULL)"
        if atom.op == "istrue":
            return (
                f"coalesce({expr}, false)" if info.value_type == "bool" else f"({expr} IS NOT NULL)"
            )
        if atom.op in ("in", "notin"):
            values = [fold(v) if isinstance(v, str) else v for v in atom.value]
            target = sql_fold(expr) if info.value_type == "text" else expr
            placeholders = ", ".join(self.q.param(v) for v in values)
            negation = "NOT " if atom.op == "notin" else ""
            return f"({target} {negation}IN ({placeholders}))"
        if info.value_type == "text":
            value = fold(atom.value) if isinstance(atom.value, str) else str(atom.value)
            return f"({sql_fold(expr)} {atom.op} {self.q.param(value)})"
        if info.value_type == "date":
            return f"({expr} {atom.op} {self.q.param(atom.value)}::DATE)"
        return f"({expr} {atom.op} {self.q.param(atom.value)})"

    def closed_by_status(self) -> str:
        if "status" in self.fields:
            return f"coalesce(t.status = {self.q.param(STATUS_TREATED)}, false)"
        return "false"

    def state(self, condition: str | list[str] | None) -> str:
        """One small integer per record: 1 meets the condition, 0 does not (decided, late
        included), 2 pending (open and still within its deadline), NULL cannot be judged (e.g.
        treated with no end date). One expression keeps the per-row work small on large tables."""
        if condition is None:
            return "1"
        states = []
        for atom in parse_condition(condition):
            info = self.fields[atom.field]
            final = self.atom_sql(atom, self.value_of(info), info)
            if info.delay is None or info.kind == "column":
                states.append(f"({final})::INTEGER")
                continue
            sofar = self.atom_sql(atom, self.so_far(info), info)
            if atom.op in ("<", "<="):
                still_open = f"WHEN {sofar} THEN 2 ELSE 0"  # within the deadline: pending
            elif atom.op in (">", ">="):
                still_open = f"WHEN {sofar} THEN 1 ELSE 2"  # already past: decided
            else:
                still_open = "ELSE 2"
            unrecorded = ""
            if self.untracked.get(info.delay.end):
                batches = self.q.param(self.untracked[info.delay.end])
                unrecorded = f"WHEN list_contains({batches}, t.batch_id) THEN NULL "
            states.append(
                f"(CASE WHEN t.{info.delay.end} IS NOT NULL THEN ({final})::INTEGER "
                f"WHEN {self.closed_by_status()} THEN NULL {unrecorded}{still_open} END)"
            )
        if len(states) == 1:
            return states[0]
        anyof = lambda test: " OR ".join(f"{x} {test}" for x in states)  # noqa: E731
        # All conditions must hold: one failure decides, then pending, then unknown.
        return (
            f"(CASE WHEN {anyof('= 0')} THEN 0 WHEN {anyof('= 2')} THEN 2 "
            f"WHEN {anyof('IS NULL')} THEN NULL ELSE 1 END)"
        )

    def filter_sql(self, field_name: str, spec: object) -> str:
        """SQL of one `filter` entry, from its parsed clauses (validated by `check`: an unknown
        operator is refused there, never read as `true`)."""
        info = self.fields[field_name]
        expr = self.value_of(info)
        parts = []
        for clause in parse_filter(field_name, spec, self.fields):
            if clause.op in ("=", "in", "sauf"):
                op = {"=": "=", "in": "in", "sauf": "notin"}[clause.op]
                parts.append(self.atom_sql(Atom(field_name, op, clause.value), expr, info))
            elif clause.op in ("min", "max"):
                cast = "::DATE" if info.value_type == "date" else ""
                sign = ">=" if clause.op == "min" else "<="
                parts.append(f"({expr} {sign} {self.q.param(clause.value)}{cast})")
            elif clause.op == "contient":
                likes = [
                    f"{sql_fold(expr)} LIKE {self.q.param('%' + fold(str(n)) + '%')}"
                    for n in clause.value
                ]
                parts.append("(" + " OR ".join(likes) + ")")
            else:  # a new operator of the registry must be given its SQL here
                raise ValueError(f"opérateur de filtre sans traduction SQL : {clause.op}")
        return "(" + " AND ".join(parts) + ")"

    # --- the query
    def base_query(
        self,
        start: dt.date,
        end: dt.date,
        frequency: str,
        by: list[str],
        services: list[str] | None,
        detail: bool = False,
    ) -> str:
        """Rows of the source in scope, each with its period and its `state` (see `state`)."""
        measure = self.indicator.measure
        period_field = self.indicator.period_field or self.kind.period_field
        date_from = add_months(start, -11) if frequency == "rolling12" else start
        self.q.params["date_from"] = date_from
        self.q.params["date_to"] = add_months(end, period_length(frequency))
        where = [f"t.{period_field} >= $date_from", f"t.{period_field} < $date_to"]
        for name, spec in self.indicator.filter.items():
            where.append(self.filter_sql(name, spec))
        if services:
            placeholders = ", ".join(self.q.param(s) for s in services)
            where.append(f"t.service IN ({placeholders})")
        trunc = _TRUNC[frequency]
        period_sql = f"date_trunc('{trunc}', t.{period_field})"
        if frequency == "rolling12":
            period_sql = f"(date_trunc('month', t.{period_field}) + to_months(r.k))"
        select = [f"{period_sql}::DATE AS period"]
        select += [f"t.{b} AS {b}" for b in by]
        select.append(f"{self.state(measure.condition)} AS state")
        if measure.type == "net":
            select.append(f"{self.state(measure.negative_condition)} AS negative_state")
        if measure.field:
            select.append(f"{self.value_of(self.fields[measure.field])}::DOUBLE AS x")
        if measure.type == "ratio":
            select.append(f"{self.value_of(self.fields[measure.numerator])}::DOUBLE AS num")
            select.append(f"{self.value_of(self.fields[measure.denominator])}::DOUBLE AS den")
        if detail:
            select.append("t.*")
            for info in self.fields.values():
                if info.kind in ("delay_days", "delay_working_days"):
                    select.append(f"{self.value_of(info)} AS {info.name}")
            select.append("b.file_name AS fichier")
            self.q.joins["batch"] = "LEFT JOIN import_batches b ON b.batch_id = t.batch_id"
        rolling = " CROSS JOIN range(12) r(k)" if frequency == "rolling12" else ""
        return (
            f"SELECT {', '.join(select)} FROM {self.indicator.source} t "
            + " ".join(self.q.joins.values())
            + rolling
            + " WHERE "
            + " AND ".join(where)
        )

    def finish_params(self, sql: str) -> dict[str, object]:
        used = set(re.findall(r"\$([a-z_0-9]+)", sql))
        return {k: v for k, v in self.q.params.items() if k in used}


class _Batch:
    """Several indicators of one source in ONE query: the table is scanned once, each indicator
    keeps its own filter, condition and aggregates (FILTER clauses)."""

    def __init__(
        self,
        config: Config,
        indicators: list[Indicator],
        today: dt.date,
        untracked: dict[str, list[int]] | None = None,
    ) -> None:
        self.q = _Query()
        self.compilers = [_Compiler(config, i, today, self.q, untracked) for i in indicators]
        first = self.compilers[0]
        self.source = first.indicator.source
        self.period_field = first.indicator.period_field or first.kind.period_field

    def sql(
        self,
        start: dt.date,
        end: dt.date,
        frequency: str,
        by: list[str],
        services: list[str] | None,
    ) -> tuple[str, dict[str, object]]:
        q = self.q
        date_from = add_months(start, -11) if frequency == "rolling12" else start
        q.params.update(
            date_from=date_from,
            date_to=add_months(end, period_length(frequency)),
            start=start,
            end=end,
        )
        period_field = self.period_field
        where = [f"t.{period_field} >= $date_from", f"t.{period_field} < $date_to"]
        if services:
            where.append(f"t.service IN ({', '.join(q.param(s) for s in services)})")
        if frequency == "rolling12":
            period_sql = f"(date_trunc('month', t.{period_field}) + to_months(r.k))"
        elif frequency == RANGE:
            q.params["date_to"] = add_months(end, 1)
            period_sql = "$start"
        else:
            period_sql = f"date_trunc('{_TRUNC[frequency]}', t.{period_field})"
        select = [f"{period_sql}::DATE AS period", *[f"t.{b} AS {b}" for b in by]]
        aggregates = []
        for k, compiler in enumerate(self.compilers):
            indicator = compiler.indicator
            measure = indicator.measure
            scope = (
                " AND ".join(
                    compiler.filter_sql(name, spec) for name, spec in indicator.filter.items()
                )
                or "true"
            )
            state = compiler.state(measure.condition)
            select += [f"({scope}) AS in_{k}", f"CASE WHEN {scope} THEN {state} END AS state_{k}"]
            if measure.type == "net":
                negative = compiler.state(measure.negative_condition)
                select.append(f"CASE WHEN {scope} THEN {negative} END AS neg_{k}")
            if measure.field:
                value = compiler.value_of(compiler.fields[measure.field])
                select.append(f"{value}::DOUBLE AS x_{k}")
            if measure.type == "ratio":
                for role in ("numerator", "denominator"):
                    value = compiler.value_of(compiler.fields[getattr(measure, role)])
                    select.append(f"{value}::DOUBLE AS {role[:3]}_{k}")
            aggregates += self._aggregates(k, measure.type, has_pending="THEN 2" in state)
        rolling = " CROSS JOIN range(12) r(k)" if frequency == "rolling12" else ""
        base = (
            f"SELECT {', '.join(select)} FROM {self.source} t "
            + " ".join(q.joins.values())
            + rolling
            + " WHERE "
            + " AND ".join(where)
        )
        group = ", ".join(["period", *by])
        aggregated = (
            f"SELECT {group}, {', '.join(aggregates)} FROM base "
            + ("WHERE period BETWEEN $start AND $end " if frequency == "rolling12" else "")
            + f"GROUP BY {group}"
        )
        # One row per (indicator, period, breakdown): the wide aggregate is unpivoted, then laid
        # on the full grid of periods so that a month without records reads "pas de données".
        dims = "".join(f", {b}" for b in by)
        produced = {a.rsplit(" AS ", 1)[1] for a in aggregates}

        def column(name: str, k: int, cast: str) -> str:
            alias = f"{name}_{k}"
            return f"{alias if alias in produced else 'NULL'}::{cast} AS {name}"

        branches = [
            f"SELECT {k} AS k, period{dims}, {column('numerator', k, 'DOUBLE')}, "
            f"{column('denominator', k, 'DOUBLE')}, {column('pending', k, 'BIGINT')}, "
            f"{column('negatives', k, 'DOUBLE')}, {column('raw_value', k, 'DOUBLE')} "
            f"FROM aggregated WHERE rows_{k} > 0"
            for k in range(len(self.compilers))
        ]
        q.params["periods"] = _periods(start, end, frequency)
        q.params["members"] = list(range(len(self.compilers)))
        keys = f"SELECT DISTINCT k{dims} FROM figures" if by else "SELECT unnest($members) AS k"
        joined = " AND ".join(
            ["f.k = g.k", "f.period = g.period", *[f"f.{b} IS NOT DISTINCT FROM g.{b}" for b in by]]
        )
        g_dims = "".join(f", g.{b}" for b in by)
        sql = (
            f"WITH base AS ({base}), aggregated AS MATERIALIZED ({aggregated}), "
            f"figures AS MATERIALIZED ({' UNION ALL '.join(branches)}), "
            f"grid AS (SELECT keys.*, p.period FROM ({keys}) keys "
            "CROSS JOIN (SELECT unnest($periods::DATE[]) AS period) p) "
            f"SELECT g.k, g.period{g_dims}, f.numerator, f.denominator, "
            "coalesce(f.pending, 0) AS pending, f.negatives, f.raw_value "
            f"FROM grid g LEFT JOIN figures f ON {joined} ORDER BY g.k, g.period{g_dims}"
        )
        used = set(re.findall(r"\$([a-z_0-9]+)", sql))
        return sql, {k: v for k, v in q.params.items() if k in used}

    @staticmethod
    def _aggregates(k: int, measure_type: str, has_pending: bool) -> list[str]:
        # Each FILTER aggregate costs a pass over the rows: only those the measure needs.
        state = f"state_{k}"
        out = [f"count(*) FILTER (WHERE in_{k}) AS rows_{k}"]
        if has_pending:
            out.append(f"count(*) FILTER (WHERE {state} = 2) AS pending_{k}")
        if measure_type in ("share", "count"):
            out += [
                f"count(*) FILTER (WHERE {state} = 1) AS numerator_{k}",
                f"count(*) FILTER (WHERE {state} <= 1) AS denominator_{k}",
            ]
        elif measure_type == "net":
            out += [
                f"count(*) FILTER (WHERE {state} = 1) AS numerator_{k}",
                f"count(*) FILTER (WHERE {state} <= 1 AND neg_{k} = 1) AS negatives_{k}",
                f"count(*) FILTER (WHERE {state} <= 1) AS denominator_{k}",
            ]
        elif measure_type == "ratio":
            out += [
                f"sum(num_{k}) FILTER (WHERE {state} = 1) AS numerator_{k}",
                f"sum(den_{k}) FILTER (WHERE {state} = 1) AS denominator_{k}",
            ]
        else:
            function, argument = {
                "mean": ("avg", f"x_{k}"),
                "median": ("quantile_cont", f"x_{k}, 0.5"),
                "p90": ("quantile_cont", f"x_{k}, 0.9"),
                "sum": ("sum", f"x_{k}"),
            }[measure_type]
            out += [
                f"{function}({argument}) FILTER (WHERE {state} = 1) AS raw_value_{k}",
                f"count(x_{k}) FILTER (WHERE {state} = 1) AS denominator_{k}",
            ]
        return out


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
    for (_, _, chosen, dims), members in groups.items():
        first, last = period_start(start, chosen), period_start(end, chosen)
        batch = _Batch(config, members, today, untracked_batches(con, members[0].source))
        sql, params = batch.sql(first, last, chosen, list(dims), services)
        jobs.append((sql, params, members, chosen, list(dims), last))

    def run(job: tuple, cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
        sql, params, members, chosen, dims, last = job
        months = period_length(chosen) if chosen not in ("rolling12", RANGE) else 12
        if chosen == RANGE:
            first = period_start(start, chosen)
            months = (last.year - first.year) * 12 + last.month - first.month + 1
        with cursor:
            figures = _finish(cursor.execute(sql, params).df(), members, chosen, dims, months)
        if chosen == RANGE and not figures.empty:
            figures["period_end"] = add_months(last, 1) - dt.timedelta(days=1)
        return figures

    # Each query gets its own cursor: DuckDB runs them side by side on the cores a single
    # small query leaves idle. The cursors are made here, in one thread: a connection asked for
    # cursors by several threads at once refuses (« connection is busy with another call »).
    cursors = [con.cursor() for _ in jobs]
    with ThreadPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1) or 1) as pool:
        finished = list(pool.map(run, jobs, cursors))
    results: dict[str, pd.DataFrame] = {}
    for (_, _, members, _, dims, _), figures in zip(jobs, finished, strict=True):
        for k, part in figures.groupby("k", sort=False):
            results[members[k].id] = part.drop(columns="k").reset_index(drop=True)
        for indicator in members:
            results.setdefault(indicator.id, _empty(dims))
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
    return results


def _empty(by: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=RESULT_COLUMNS + [b for b in by if b != "service"])


def _periods(start: dt.date, end: dt.date, frequency: str) -> list[dt.date]:
    if frequency == RANGE:
        return [start]
    step = 1 if frequency in ("monthly", "rolling12") else period_length(frequency)
    periods, current = [], period_start(start, frequency)
    while current <= end:
        periods.append(current)
        current = add_months(current, step)
    return periods


def compute_indicator(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    indicator: Indicator | str,
    *,
    start: dt.date,
    end: dt.date,
    frequency: str | None = None,
    by: list[str] | None = None,
    services: list[str] | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Values of one indicator for every period from `start` to `end` (months included)."""
    if isinstance(indicator, str):
        indicator = config.indicator(indicator)
    return compute_many(
        con,
        config,
        [indicator],
        start=start,
        end=end,
        frequency=frequency,
        by=by,
        services=services,
        today=today,
    )[indicator.id]


def untracked_batches(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, list[int]]:
    """End-date field -> imports of `source` whose file had no column for it (DansMaRue exports
    no closing date: its delays cannot be computed, and must not be counted as late)."""
    ends = {delay.end for delay in SOURCE_KINDS[source].delays}
    rows = con.execute(
        "SELECT batch_id, mapping FROM import_batches WHERE kind = ? AND status = 'importé'",
        [source],
    ).fetchall()
    untracked: dict[str, list[int]] = {}
    for batch_id, mapping in rows:
        columns = json.loads(mapping).get("columns", {}) if mapping else {}
        for end in ends - set(columns):
            untracked.setdefault(end, []).append(batch_id)
    return untracked


def records_behind(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    indicator: Indicator | str,
    period: dt.date,
    *,
    services: list[str] | None = None,
    today: dt.date | None = None,
    limit: int = 5000,
) -> pd.DataFrame:
    """The records behind one period's figure: those that miss the commitment first, then the
    pending ones, then those that meet it; each traceable to its file and row."""
    if isinstance(indicator, str):
        indicator = config.indicator(indicator)
    measure = indicator.measure
    today = today or dt.date.today()
    start = period_start(period, indicator.frequency)
    compiler = _Compiler(
        config, indicator, today, untracked=untracked_batches(con, indicator.source)
    )
    base = compiler.base_query(start, start, indicator.frequency, [], services, detail=True)
    sql = (
        f"WITH base AS ({base}) SELECT b.file_name AS source_file, "
        "base.* EXCLUDE (row_id, batch_id) FROM base "
        "LEFT JOIN import_batches b ON b.batch_id = base.batch_id "
        f"ORDER BY {verdicts.worst_first(measure.type, indicator.direction)}, "
        f"source_row LIMIT {int(limit)}"
    )
    params = compiler.finish_params(sql)
    frame = con.execute(sql, params).df()
    # The same state the figure counts, read with the same rule (see qualiboard.engine.verdicts).
    value = frame.get("x")
    if measure.type == "ratio":
        value = frame["num"].combine_first(frame["den"])  # either sum takes the record in
    verdict = verdicts.verdicts(
        measure.type,
        indicator.direction,
        measure.condition is not None,
        frame["state"],
        frame.get("negative_state"),
        value,
    )
    frame.insert(0, "verdict", verdict)
    frame.insert(1, "source_file", frame.pop("source_file"))
    frame = frame.drop(columns=["state", "period"])
    frame = frame.drop(columns=[c for c in ("x", "num", "den", "negative_state") if c in frame])
    # The file a row came from is already « Fichier importé »; a measure's own period column
    # comes out of the join renamed.
    frame = frame.drop(columns=[c for c in ("fichier",) if c in frame])
    frame = frame.rename(columns={"period_1": "period"})
    return frame.rename(columns=lambda c: column_label(indicator.source, c))


def _finish(
    frame: pd.DataFrame, members: list[Indicator], frequency: str, by: list[str], months: int = 1
) -> pd.DataFrame:
    """Values, confidence intervals, objectives and statuses of several indicators at once,
    from their numerators and denominators (column `k` is the position in `members`)."""
    if frame.empty:
        frame["k"] = pd.Series(dtype=int)
        return frame
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    k = frame["k"].to_numpy()

    def per_indicator(attribute) -> np.ndarray:
        return np.array([attribute(i) for i in members])[k]

    measure = per_indicator(lambda i: i.measure.type)
    percent = per_indicator(lambda i: i.is_percent)
    num = frame["numerator"].to_numpy(dtype=float)
    den = frame["denominator"].to_numpy(dtype=float)
    pending = frame["pending"].to_numpy(dtype=float)
    has = den > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.select(
            [
                measure == "share",
                # Zero is a real figure once records exist, even if all of them are pending.
                measure == "count",
                measure == "net",
                measure == "ratio",
            ],
            [
                np.where(has, 100 * num / den, np.nan),
                np.where(has | (pending > 0), np.nan_to_num(num), np.nan),
                np.where(has, 100 * (num - frame["negatives"].to_numpy(dtype=float)) / den, np.nan),
                np.where(has, np.where(percent, 100, 1) * num / den, np.nan),
            ],
            default=np.where(has, frame["raw_value"].to_numpy(dtype=float), np.nan),
        )
    frame["value"] = value
    frame["pending"] = frame["pending"].astype(int)
    low, high = wilson_arrays(pd.Series(np.minimum(num, den)), pd.Series(np.where(has, den, 0)))
    with_ci = np.isin(measure, ["share", "ratio"]) & percent
    frame["ci_low"] = np.where(with_ci, 100 * low, np.nan)
    frame["ci_high"] = np.where(with_ci, 100 * high, np.nan)
    if "service" not in by:
        frame["service"] = None
    frame["objective"] = _targets(frame, members, months)
    status = np.empty(len(frame), dtype=object)
    value, sample, target = (
        frame[c].to_numpy(dtype=float) for c in ("value", "denominator", "objective")
    )
    for position, indicator in enumerate(members):
        rows = k == position
        scale = objective_scale(indicator, months)
        status[rows] = statuses(indicator, value[rows], sample[rows], target[rows], scale)
    frame["status"] = status
    frame["provisional"] = False  # set by compute_many, which knows the dates of the data
    frame["indicator_id"] = per_indicator(lambda i: i.id)
    frame["frequency"] = frequency
    step = 1 if frequency in ("monthly", "rolling12") else period_length(frequency)
    ends = {p: add_months(p, step) - dt.timedelta(days=1) for p in set(frame["period"])}
    frame["period_end"] = frame["period"].map(ends)
    return frame[["k", *RESULT_COLUMNS, *[b for b in by if b != "service"]]]


def _targets(frame: pd.DataFrame, members: list[Indicator], months: int = 1) -> np.ndarray:
    """The objective in force for each row. The default objective depends on the period only;
    a service with its own objective is looked up for its rows alone. A count's objective is
    stretched to the period's months, unless the catalogue declares the yearly one."""
    targets = np.full(len(frame), np.nan)
    k = frame["k"].to_numpy()
    period_codes, periods = pd.factorize(frame["period"])
    service_codes, services = pd.factorize(frame["service"])
    for position, indicator in enumerate(members):
        objective = indicator.objective
        if objective is None:
            continue
        rows = k == position
        by_period = np.array([objective.target_for(p) for p in periods], dtype=float)
        targets[rows] = by_period[period_codes[rows]]
        for code, service in enumerate(services):
            if not isinstance(service, str) or not objective.has_own_target(service):
                continue
            own = rows & (service_codes == code)
            own_targets = [objective.target_for(p, service) for p in periods]
            targets[own] = np.array(own_targets, dtype=float)[period_codes[own]]
        targets[rows] *= objective_scale(indicator, months)
        yearly = declared_yearly(indicator, months)
        if yearly is not None:
            targets[rows] = yearly
    return targets


def compute_all(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    *,
    start: dt.date,
    end: dt.date,
    frequency: str | None = None,
    by: list[str] | None = None,
    services: list[str] | None = None,
    today: dt.date | None = None,
    indicator_ids: list[str] | None = None,
) -> pd.DataFrame:
    """Every indicator (or those listed), in catalogue order, as one tidy table."""
    chosen = [i for i in config.indicators if indicator_ids is None or i.id in indicator_ids]
    series = compute_many(
        con,
        config,
        chosen,
        start=start,
        end=end,
        frequency=frequency,
        by=by,
        services=services,
        today=today,
    )
    frames = [series[i.id] for i in chosen if not series[i.id].empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=RESULT_COLUMNS)
