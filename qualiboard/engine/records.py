"""The records behind one period's figure, each with the verdict the figure counts it with and
traceable to its file and row: those that go against the objective first, then the pending
ones, then the others."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from qualiboard.domain.config import Config, Indicator
from qualiboard.domain.labels import column_label
from qualiboard.domain.periods import period_start
from qualiboard.engine import verdicts
from qualiboard.engine.expressions import Compiler
from qualiboard.engine.sql import measure_inputs, window
from qualiboard.engine.untracked import untracked_batches

# Record-level names of the measure inputs (engine.sql.measure_inputs), dropped once judged.
_INPUT_COLUMNS = {"state": "state", "neg": "negative_state", "x": "x", "num": "num", "den": "den"}


def records_sql(
    config: Config,
    indicator: Indicator,
    period: dt.date,
    services: list[str] | None,
    today: dt.date,
    untracked: dict[str, list[int]],
    limit: int = 5000,
) -> tuple[str, dict[str, object]]:
    """The query of `records_behind`: the same window, scope and states as the figure."""
    start = period_start(period, indicator.frequency)
    compiler = Compiler(config, indicator, today, untracked=untracked)
    q = compiler.q
    span = window(q, compiler.period_field, start, start, indicator.frequency, services)
    scope = compiler.scope()  # compiled first: its joins come first, as in the figures' query
    select = [f"{span.period} AS period"]
    for role, expr in measure_inputs(compiler).items():
        select.append(f"{expr} AS {_INPUT_COLUMNS[role]}")
    select.append("t.*")
    for info in compiler.fields.values():
        if info.kind in ("delay_days", "delay_working_days"):
            select.append(f"{compiler.value_of(info)} AS {info.name}")
    select.append("b.file_name AS fichier")
    q.joins["batch"] = "LEFT JOIN import_batches b ON b.batch_id = t.batch_id"
    base = span.select_from(indicator.source, q, select, scope)
    order = verdicts.worst_first(indicator.measure.type, indicator.direction)
    sql = (
        f"WITH base AS ({base}) SELECT b.file_name AS source_file, "
        "base.* EXCLUDE (row_id, batch_id) FROM base "
        "LEFT JOIN import_batches b ON b.batch_id = base.batch_id "
        f"ORDER BY {order}, source_row LIMIT {int(limit)}"
    )
    return sql, q.used(sql)


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
    untracked = untracked_batches(con, indicator.source)
    sql, params = records_sql(
        config, indicator, period, services, today or dt.date.today(), untracked, limit
    )
    frame = con.execute(sql, params).df()
    # The same state the figure counts, read with the same rule (see qualiboard.engine.verdicts).
    value = frame.get("x")
    if "num" in frame:
        # Counted when its denominator is given (a numerator alone is in no sum: engine.sql).
        value = frame["num"].combine_first(frame["den"])
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
    frame = frame.drop(columns=["period", *[c for c in _INPUT_COLUMNS.values() if c in frame]])
    # The file a row came from is already « Fichier importé »; a measure's own period column
    # comes out of the join renamed.
    frame = frame.drop(columns=[c for c in ("fichier",) if c in frame])
    frame = frame.rename(columns={"period_1": "period"})
    return frame.rename(columns=lambda c: column_label(indicator.source, c))
