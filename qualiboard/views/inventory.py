"""What the database holds, as every page needs it: the months covered, the month to show by
default, a version that changes with each import (for caches), freshness per source and the
services named in the data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from qualiboard.domain.config import Config
from qualiboard.domain.periods import last_complete_month
from qualiboard.domain.schema import SourceKind
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.statuses import BATCH_IMPORTED
from qualiboard.present.formatting import (
    date_fr,
)


def _happened(kind: SourceKind) -> str:
    """SQL of a record's date for « latest data »: a planned date (an appointment booked for
    December) says nothing of how recent the data are, so it is capped at its import's
    « données au » date."""
    column = f"t.{kind.period_field}"
    if not kind.field(kind.period_field).may_be_future:
        return column
    return (
        f"least({column}, coalesce((SELECT b.as_of FROM import_batches b "
        f"WHERE b.batch_id = t.batch_id), {column}))"
    )


def data_month_range(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date] | None:
    """First and last month holding records, all sources together."""
    parts = [
        f"SELECT min({_happened(k)}) AS lo, max({_happened(k)}) AS hi FROM {k.name} t"
        for k in SOURCE_KINDS.values()
    ]
    row = con.execute(
        f"SELECT min(lo), max(hi) FROM ({' UNION ALL '.join(parts)})"  # noqa: S608 - fixed names
    ).fetchall()[0]
    if row[0] is None:
        return None
    return row[0].replace(day=1), row[1].replace(day=1)


def default_month(con: duckdb.DuckDBPyConnection, today: dt.date) -> dt.date | None:
    """Last complete month, or the last month with data if the data stop earlier."""
    bounds = data_month_range(con)
    if bounds is None:
        return None
    return min(last_complete_month(today), bounds[1])


def figures_key(
    con: duckdb.DuckDBPyConnection, database: Path, catalogue: Path, today: dt.date
) -> str:
    """What every computed figure depends on: the base, its data, the catalogue (as last
    written), the reference day. A cached figure under this key is the figure anyone computes."""
    try:
        written = catalogue.stat().st_mtime_ns
    except OSError:
        written = 0
    return f"{database}|{data_version(con)}|{written}|{today}"


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """Changes whenever an import or an undo changes the data: a cache key for the pages."""
    row = con.execute(
        "SELECT count(*), max(batch_id), max(coalesce(undone_at, imported_at)) FROM import_batches"
    ).fetchall()[0]
    return f"{row[0]}-{row[1]}-{row[2]}"


def freshness(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Latest import and latest record per source: 'Données au …'."""
    rows = []
    for kind in SOURCE_KINDS.values():
        last_record = con.execute(
            f"SELECT max({_happened(kind)}) FROM {kind.name} t"  # noqa: S608 - fixed names
        ).fetchall()[0][0]
        last_import, as_of = con.execute(
            "SELECT max(imported_at), max(as_of) FILTER (WHERE batch_id IN "
            f"(SELECT DISTINCT batch_id FROM {kind.name})) FROM import_batches "
            "WHERE kind = ? AND status = ?",
            [kind.name, BATCH_IMPORTED],
        ).fetchall()[0]
        rows.append(
            {
                "kind": kind.name,
                "source": kind.label,
                "last_record": last_record,
                "last_import": last_import,
                "as_of": as_of,
            }
        )
    return pd.DataFrame(rows)


def as_of_line(con: duckdb.DuckDBPyConnection) -> str:
    """« Données au — Courriers : 03/11/2026 · … » (the extraction date of each source)."""
    fresh = freshness(con)
    fresh = fresh[fresh["last_record"].notna()]
    if fresh.empty:
        return ""
    parts = [
        f"{row.source} : {date_fr(row.as_of if row.as_of == row.as_of else row.last_record)}"
        for row in fresh.itertuples()
    ]
    return "Données au — " + " · ".join(parts)


def services_in_data(con: duckdb.DuckDBPyConnection, config: Config) -> list[str]:
    names = {s.name for s in config.organisation.services}
    for kind in SOURCE_KINDS.values():
        if "service" in kind.field_names:
            names |= {
                r[0]
                for r in con.execute(
                    f"SELECT DISTINCT service FROM {kind.name} WHERE service IS NOT NULL"
                ).fetchall()
            }
    declared = [s.name for s in config.organisation.services]
    return declared + sorted(names - set(declared))
