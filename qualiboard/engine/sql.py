"""The one SQL builder of the engine: which records are in the window (period field, start and
end, services), which period each falls in (month, quarter, year, rolling 12 months, or the
whole range), and what each record brings to its measure. The batched figures (`batch_sql`)
and the records behind a figure (engine.records) are both written by it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from qualiboard.domain.config import Config, Indicator
from qualiboard.domain.measures import measure_spec
from qualiboard.domain.periods import (
    FREQUENCIES,
    RANGE,
    add_months,
    period_length,
    periods_between,
)
from qualiboard.engine.expressions import Compiler, Query

# date_trunc unit of each frequency (a test keeps the keys equal to FREQUENCIES).
TRUNC = {"monthly": "month", "quarterly": "quarter", "yearly": "year", "rolling12": "month"}


@dataclass(frozen=True)
class Window:
    """The FROM tail, WHERE clauses and period expression of a window of records."""

    period: str  # SQL of the period a record counts in
    where: tuple[str, ...]
    rolling: str  # the CROSS JOIN a rolling window spreads each record over its 12 periods with

    def select_from(
        self, source: str, q: Query, select: list[str], scope: list[str] | None = None
    ) -> str:
        """SELECT `select` FROM the source's records in the window (and in `scope`), with the
        joins the expressions asked `q` for."""
        return (
            f"SELECT {', '.join(select)} FROM {source} t "
            + " ".join(q.joins.values())
            + self.rolling
            + " WHERE "
            + " AND ".join([*self.where, *(scope or [])])
        )


def window(
    q: Query,
    period_field: str,
    start: dt.date,
    end: dt.date,
    frequency: str,
    services: list[str] | None,
) -> Window:
    """Records whose period field falls from the period of `start` to the one of `end` (a
    rolling window reaches 11 months further back), of the chosen services."""
    if frequency not in (*FREQUENCIES, RANGE):
        raise ValueError(f"fréquence inconnue : {frequency}")
    date_from = add_months(start, -11) if frequency == "rolling12" else start
    last_month = 1 if frequency == RANGE else period_length(frequency)
    q.params.update(date_from=date_from, date_to=add_months(end, last_month), start=start, end=end)
    where = [f"t.{period_field} >= $date_from", f"t.{period_field} < $date_to"]
    if services:
        where.append(f"t.service IN ({', '.join(q.param(s) for s in services)})")
    rolling = ""
    if frequency == "rolling12":
        period = f"(date_trunc('month', t.{period_field}) + to_months(r.k))"
        rolling = " CROSS JOIN range(12) r(k)"
    elif frequency == RANGE:
        period = "$start"
    else:
        period = f"date_trunc('{TRUNC[frequency]}', t.{period_field})"
    return Window(f"{period}::DATE", tuple(where), rolling)


def measure_inputs(compiler: Compiler, scope: str | None = None) -> dict[str, str]:
    """What each record brings to its indicator's measure, by role: `state` (see
    Compiler.state), `neg` (the negative condition of a net measure), `x` (the measured field),
    `num` and `den` (the two sums of a ratio). With `scope`, the states of records out of the
    indicator's filter are NULL (a batch reads several indicators from one scan)."""
    measure = compiler.indicator.measure
    spec = measure_spec(measure.type)

    def in_scope(expr: str) -> str:
        return f"CASE WHEN {scope} THEN {expr} END" if scope else expr

    inputs = {"state": in_scope(compiler.state(measure.condition))}
    if "negative_condition" in spec.needs:
        inputs["neg"] = in_scope(compiler.state(measure.negative_condition))
    if measure.field:
        inputs["x"] = f"{compiler.value_of(compiler.fields[measure.field])}::DOUBLE"
    if "numerator" in spec.needs:
        numerator = compiler.value_of(compiler.fields[measure.numerator])
        denominator = compiler.value_of(compiler.fields[measure.denominator])
        # A numerator without its denominator (a measurement typed in halfway) stays out of the
        # sums: counted above the line only, it raised a ratio to 37 of 20 (the import refuses
        # it now, the data-quality page lists those imported before). A denominator without
        # its numerator still counts below the line, as nothing met.
        inputs["num"] = f"CASE WHEN {denominator} IS NOT NULL THEN {numerator}::DOUBLE END"
        inputs["den"] = f"{denominator}::DOUBLE"
    return inputs


def aggregates(k: int, measure_type: str, has_pending: bool) -> list[str]:
    """The FILTER aggregates of the k-th indicator of a batch. Each costs a pass over the rows:
    only those its measure needs."""
    state = f"state_{k}"
    out = [f"count(*) FILTER (WHERE in_{k}) AS rows_{k}"]
    if has_pending:
        out.append(f"count(*) FILTER (WHERE {state} = 2) AS pending_{k}")
    spec = measure_spec(measure_type)
    return out + [a.format(state=state, k=k) for a in spec.aggregates]


def batch_sql(
    config: Config,
    indicators: list[Indicator],
    today: dt.date,
    untracked: dict[str, list[int]] | None,
    start: dt.date,
    end: dt.date,
    frequency: str,
    by: list[str],
    services: list[str] | None,
) -> tuple[str, dict[str, object]]:
    """Several indicators of one source and period field in ONE query: the table is scanned
    once, each indicator keeps its own filter, condition and aggregates (FILTER clauses). One
    row per (indicator position k, period, breakdown), on the full grid of periods so that a
    period without records reads « pas de données »."""
    q = Query()
    compilers = [Compiler(config, i, today, q, untracked) for i in indicators]
    span = window(q, compilers[0].period_field, start, end, frequency, services)
    select = [f"{span.period} AS period", *[f"t.{b} AS {b}" for b in by]]
    wanted = []
    for k, compiler in enumerate(compilers):
        scope = " AND ".join(compiler.scope()) or "true"
        inputs = measure_inputs(compiler, scope)
        select += [f"({scope}) AS in_{k}"]
        select += [f"{expr} AS {role}_{k}" for role, expr in inputs.items()]
        has_pending = "THEN 2" in inputs["state"]
        wanted += aggregates(k, compiler.indicator.measure.type, has_pending)
    base = span.select_from(indicators[0].source, q, select)
    group = ", ".join(["period", *by])
    aggregated = (
        f"SELECT {group}, {', '.join(wanted)} FROM base "
        + ("WHERE period BETWEEN $start AND $end " if frequency == "rolling12" else "")
        + f"GROUP BY {group}"
    )
    q.params["periods"] = periods_between(start, end, frequency)
    q.params["members"] = list(range(len(compilers)))
    sql = f"WITH base AS ({base}), aggregated AS MATERIALIZED ({aggregated}), " + _on_grid(
        len(compilers), by, {a.rsplit(" AS ", 1)[1] for a in wanted}
    )
    return sql, q.used(sql)


def _on_grid(members: int, by: list[str], produced: set[str]) -> str:
    """The wide aggregate unpivoted to one row per indicator, laid on the grid of periods."""
    dims = "".join(f", {b}" for b in by)

    def column(name: str, k: int, cast: str) -> str:
        alias = f"{name}_{k}"
        return f"{alias if alias in produced else 'NULL'}::{cast} AS {name}"

    branches = [
        f"SELECT {k} AS k, period{dims}, {column('numerator', k, 'DOUBLE')}, "
        f"{column('denominator', k, 'DOUBLE')}, {column('pending', k, 'BIGINT')}, "
        f"{column('negatives', k, 'DOUBLE')}, {column('raw_value', k, 'DOUBLE')} "
        f"FROM aggregated WHERE rows_{k} > 0"
        for k in range(members)
    ]
    keys = f"SELECT DISTINCT k{dims} FROM figures" if by else "SELECT unnest($members) AS k"
    joined = " AND ".join(
        ["f.k = g.k", "f.period = g.period", *[f"f.{b} IS NOT DISTINCT FROM g.{b}" for b in by]]
    )
    g_dims = "".join(f", g.{b}" for b in by)
    return (
        f"figures AS MATERIALIZED ({' UNION ALL '.join(branches)}), "
        f"grid AS (SELECT keys.*, p.period FROM ({keys}) keys "
        "CROSS JOIN (SELECT unnest($periods::DATE[]) AS period) p) "
        f"SELECT g.k, g.period{g_dims}, f.numerator, f.denominator, "
        "coalesce(f.pending, 0) AS pending, f.negatives, f.raw_value "
        f"FROM grid g LEFT JOIN figures f ON {joined} ORDER BY g.k, g.period{g_dims}"
    )
