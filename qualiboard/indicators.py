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
import re
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from qualiboard.calendar import CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR, working_day_index
from qualiboard.conditions import Atom, parse_condition
from qualiboard.config import Config, Indicator
from qualiboard.db import get_setting, set_setting
from qualiboard.fields import FieldInfo, available_fields
from qualiboard.ingest.normalise import STATUS_TREATED
from qualiboard.objectives import STATUS_NO_DATA, status_for, wilson_arrays
from qualiboard.periods import add_months, period_length, period_start
from qualiboard.sources import SOURCE_KINDS, column_label
from qualiboard.text import fold

FREQUENCIES = ("monthly", "quarterly", "yearly", "rolling12")
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
]


def ensure_calendar(con: duckdb.DuckDBPyConnection, territory: str) -> None:
    """Fill the working-day table for the territory of the configuration (once)."""
    if get_setting(con, "calendar_territory") == territory:
        return
    days = working_day_index(territory, CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM working_calendar")
        con.register("calendar_days", days)
        con.execute(
            "INSERT INTO working_calendar SELECT day, is_working_day, wd_index FROM calendar_days"
        )
        con.unregister("calendar_days")
        set_setting(con, "calendar_territory", territory)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


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


def sql_fold(expr: str) -> str:
    """SQL twin of text.fold: accent-free, lower-case, punctuation turned into single spaces."""
    return f"trim(regexp_replace(strip_accents(lower({expr})), '[^a-z0-9]+', ' ', 'g'))"


class _Compiler:
    def __init__(self, config: Config, indicator: Indicator, today: dt.date) -> None:
        self.config = config
        self.indicator = indicator
        self.kind = SOURCE_KINDS[indicator.source]
        self.fields = available_fields(indicator.source)
        self.q = _Query()
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
        """Delay of an open item counted up to `today`."""
        if info.kind == "delay_days":
            return f"($today::DATE - t.{info.delay.start})"
        start = self.q.calendar(info.delay.start)
        return f"($today_wd - {start})"

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

    def condition(self, condition: str | list[str]) -> tuple[str, str]:
        """(met, pending) SQL expressions for a condition, with the pending/late rule."""
        met_parts, pending_parts, decided_false = [], [], []
        for atom in parse_condition(condition):
            info = self.fields[atom.field]
            final = self.atom_sql(atom, self.value_of(info), info)
            if info.delay is None or info.kind == "column":
                met_parts.append(final)
                decided_false.append(f"coalesce(NOT {final}, false)")
                continue
            end = f"t.{info.delay.end}"
            sofar = self.atom_sql(atom, self.so_far(info), info)
            closed = self.closed_by_status()
            # Open and already on the wrong side of the deadline: late, decided. Open and still
            # within it: pending. Closed by status but with no end date: unknown, left out.
            met = (
                f"(CASE WHEN {end} IS NOT NULL THEN {final} WHEN {closed} THEN NULL "
                f"ELSE {sofar} END)"
            )
            if atom.op in ("<", "<="):
                undecided = sofar
            elif atom.op in (">", ">="):
                undecided = f"NOT {sofar}"
            else:
                undecided = "true"
            pending = f"({end} IS NULL AND NOT {closed} AND coalesce({undecided}, false))"
            met_parts.append(met)
            pending_parts.append(pending)
            decided_false.append(f"(NOT {pending} AND coalesce(NOT {met}, false))")
        met_sql = " AND ".join(met_parts) or "true"
        if not pending_parts:
            return f"({met_sql})", "false"
        pending_sql = f"(({' OR '.join(pending_parts)}) AND NOT ({' OR '.join(decided_false)}))"
        return f"({met_sql})", pending_sql

    def filter_sql(self, field_name: str, spec: object) -> str:
        info = self.fields[field_name]
        expr = self.value_of(info)
        if isinstance(spec, dict):
            parts = []
            lowered = {fold(k): v for k, v in spec.items()}
            if "min" in lowered:
                parts.append(f"{expr} >= {self.q.param(lowered['min'])}")
            if "max" in lowered:
                parts.append(f"{expr} <= {self.q.param(lowered['max'])}")
            for word in ("contient", "contains"):
                if word in lowered:
                    needles = lowered[word] if isinstance(lowered[word], list) else [lowered[word]]
                    parts.append(
                        "("
                        + " OR ".join(
                            f"{sql_fold(expr)} LIKE {self.q.param('%' + fold(n) + '%')}"
                            for n in needles
                        )
                        + ")"
                    )
            for word in ("sauf", "except"):
                if word in lowered:
                    excluded = lowered[word] if isinstance(lowered[word], list) else [lowered[word]]
                    parts.append(
                        self.atom_sql(Atom(field_name, "notin", tuple(excluded)), expr, info)
                    )
            return "(" + " AND ".join(parts or ["true"]) + ")"
        if isinstance(spec, list):
            return self.atom_sql(Atom(field_name, "in", tuple(spec)), expr, info)
        return self.atom_sql(Atom(field_name, "=", spec), expr, info)

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
        """Rows of the source in scope, each with its period, `met` and `pending` flags."""
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
        met, pending = self.condition(measure.condition) if measure.condition else ("true", "false")
        select = [f"{period_sql}::DATE AS period"]
        select += [f"t.{b} AS {b}" for b in by]
        select += [f"{met} AS met", f"{pending} AS pending"]
        if measure.type == "net":
            negative, _ = self.condition(measure.negative_condition)
            select.append(f"{negative} AS negative")
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
        if "$today_wd" in sql:
            self.q.params["today_wd"] = None  # filled by the caller from the calendar
        used = set(re.findall(r"\$([a-z_0-9]+)", sql))
        return {k: v for k, v in self.q.params.items() if k in used}

    def compile(
        self,
        start: dt.date,
        end: dt.date,
        frequency: str,
        by: list[str],
        services: list[str] | None,
    ) -> tuple[str, dict[str, object]]:
        base = self.base_query(start, end, frequency, by, services)
        aggregates = self.aggregates(self.indicator.measure.type)
        group = ", ".join(["period", *by])
        sql = (
            f"WITH base AS ({base}) SELECT {group}, {aggregates} FROM base "
            + ("WHERE period BETWEEN $start AND $end " if frequency == "rolling12" else "")
            + f"GROUP BY {group} ORDER BY {group}"
        )
        self.q.params["start"] = start
        self.q.params["end"] = end
        return sql, self.finish_params(sql)

    @staticmethod
    def aggregates(measure_type: str) -> str:
        decided = "NOT pending AND met IS NOT NULL"
        pending = "count(*) FILTER (WHERE pending) AS pending"
        if measure_type == "share":
            return (
                f"count(*) FILTER (WHERE NOT pending AND met) AS numerator, "
                f"count(*) FILTER (WHERE {decided}) AS denominator, {pending}"
            )
        if measure_type == "count":
            return (
                "count(*) FILTER (WHERE NOT pending AND met) AS numerator, "
                f"count(*) FILTER (WHERE {decided}) AS denominator, {pending}"
            )
        if measure_type == "net":
            return (
                "count(*) FILTER (WHERE met) AS numerator, "
                "count(*) FILTER (WHERE negative) AS negatives, "
                "count(*) FILTER (WHERE met IS NOT NULL) AS denominator, 0 AS pending"
            )
        if measure_type in ("mean", "median", "p90", "sum"):
            function = {
                "mean": "avg(x)",
                "median": "quantile_cont(x, 0.5)",
                "p90": "quantile_cont(x, 0.9)",
                "sum": "sum(x)",
            }[measure_type]
            return (
                f"{function} FILTER (WHERE met AND NOT pending) AS raw_value, "
                "count(x) FILTER (WHERE met AND NOT pending) AS denominator, "
                "NULL::DOUBLE AS numerator, "
                f"count(*) FILTER (WHERE pending OR (met AND NOT pending AND x IS NULL)) AS pending"
            )
        if measure_type == "ratio":
            return (
                "sum(num) FILTER (WHERE met AND NOT pending) AS numerator, "
                "sum(den) FILTER (WHERE met AND NOT pending) AS denominator, "
                f"{pending}"
            )
        raise ValueError(measure_type)


def _periods(start: dt.date, end: dt.date, frequency: str) -> list[dt.date]:
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
    frequency = frequency or indicator.frequency
    if frequency not in FREQUENCIES:
        raise ValueError(f"fréquence inconnue : {frequency}")
    today = today or dt.date.today()
    by = [b for b in (by or []) if b in available_fields(indicator.source)]
    ensure_calendar(con, config.organisation.territory)
    start = period_start(start, frequency)
    end = period_start(end, frequency)
    compiler = _Compiler(config, indicator, today)
    sql, params = compiler.compile(start, end, frequency, by, services)
    if "today_wd" in params:
        params["today_wd"] = _today_index(con, today)
    raw = con.execute(sql, params).df()
    return _finish(raw, indicator, start, end, frequency, by)


def _today_index(con: duckdb.DuckDBPyConnection, today: dt.date) -> int | None:
    row = con.execute("SELECT wd_index FROM working_calendar WHERE day = ?", [today]).fetchall()
    return row[0][0] if row else None


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
    today = today or dt.date.today()
    ensure_calendar(con, config.organisation.territory)
    start = period_start(period, indicator.frequency)
    compiler = _Compiler(config, indicator, today)
    base = compiler.base_query(start, start, indicator.frequency, [], services, detail=True)
    sql = (
        f"WITH base AS ({base}) SELECT * EXCLUDE (row_id, batch_id) FROM base "
        "ORDER BY CASE WHEN pending THEN 1 WHEN met IS NULL THEN 2 WHEN met THEN 3 ELSE 0 END, "
        f"source_row LIMIT {int(limit)}"
    )
    params = compiler.finish_params(sql)
    if "today_wd" in params:
        params["today_wd"] = _today_index(con, today)
    frame = con.execute(sql, params).df()
    verdict = np.select(
        [
            frame["pending"].astype(bool),
            frame["met"].isna(),
            frame["met"].astype("boolean").fillna(False),
        ],
        ["en attente", "non évaluable", "conforme"],
        default="non conforme",
    )
    frame.insert(0, "verdict", verdict)
    frame = frame.drop(columns=["met", "pending", "period"])
    frame = frame.drop(columns=[c for c in ("x", "num", "den", "negative") if c in frame])
    return frame.rename(columns=lambda c: column_label(indicator.source, c))


def _finish(
    raw: pd.DataFrame,
    indicator: Indicator,
    start: dt.date,
    end: dt.date,
    frequency: str,
    by: list[str],
) -> pd.DataFrame:
    periods = _periods(start, end, frequency)
    if not raw.empty:
        raw["period"] = pd.to_datetime(raw["period"]).dt.date
    if by:
        groups = raw[by].drop_duplicates() if not raw.empty else pd.DataFrame(columns=by)
        grid = pd.DataFrame({"period": periods}).merge(groups, how="cross")
    else:
        grid = pd.DataFrame({"period": periods})
    frame = grid.merge(raw, on=["period", *by], how="left") if not raw.empty else grid
    for column in ("numerator", "denominator", "pending", "negatives", "raw_value"):
        if column not in frame:
            frame[column] = np.nan
    frame["pending"] = frame["pending"].fillna(0).astype(int)
    measure = indicator.measure.type
    num = frame["numerator"].astype(float)
    den = frame["denominator"].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "share":
            value = np.where(den > 0, 100 * num / den, np.nan)
        elif measure == "count":
            # Zero is a real figure once records exist, even if all of them are still pending.
            value = np.where((den > 0) | (frame["pending"] > 0), num.fillna(0), np.nan)
        elif measure == "net":
            value = np.where(den > 0, 100 * (num - frame["negatives"].astype(float)) / den, np.nan)
        elif measure == "ratio":
            factor = 100 if indicator.is_percent else 1
            value = np.where(den > 0, factor * num / den, np.nan)
        else:
            value = np.where(den > 0, frame["raw_value"].astype(float), np.nan)
    frame["value"] = value
    if measure in ("share", "ratio") and indicator.is_percent:
        low, high = wilson_arrays(num.clip(upper=den), den.where(den > 0, 0))
        frame["ci_low"], frame["ci_high"] = 100 * low, 100 * high
    else:
        frame["ci_low"], frame["ci_high"] = np.nan, np.nan
    objective = indicator.objective
    services = frame["service"] if "service" in by else pd.Series(None, index=frame.index)
    frame["objective"] = [
        objective.target_for(p, s if isinstance(s, str) else None) if objective else None
        for p, s in zip(frame["period"], services, strict=True)
    ]
    frame["status"] = [
        status_for(indicator, v, d, o)
        for v, d, o in zip(frame["value"], frame["denominator"], frame["objective"], strict=True)
    ]
    frame["indicator_id"] = indicator.id
    frame["frequency"] = frequency
    step = 1 if frequency in ("monthly", "rolling12") else period_length(frequency)
    frame["period_end"] = [add_months(p, step) - dt.timedelta(days=1) for p in frame["period"]]
    if "service" not in frame:
        frame["service"] = None
    columns = RESULT_COLUMNS + [b for b in by if b != "service"]
    frame["objective"] = frame["objective"].astype(float)
    return frame[columns].reset_index(drop=True)


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
    frames = [
        compute_indicator(
            con,
            config,
            indicator,
            start=start,
            end=end,
            frequency=frequency,
            by=by,
            services=services,
            today=today,
        )
        for indicator in config.indicators
        if indicator_ids is None or indicator.id in indicator_ids
    ]
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=RESULT_COLUMNS)


def latest_status_counts(results: pd.DataFrame) -> dict[str, int]:
    return results["status"].value_counts().to_dict() if not results.empty else {STATUS_NO_DATA: 0}
