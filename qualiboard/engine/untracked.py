"""Records the figures cannot count, for the data-quality page to list: imports whose file had
no column for an end date (their open items are « not recorded », not « not answered yet », and
the engine must not count them as late), and typed-in measurements that the indicators reading
their code cannot count (a value alone where the indicator adds numerators and denominators,
half a pair; the rule is domain.measures', the one the import warns with). The codes no indicator
reads at all are `views.data_quality.unknown_measures`."""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from qualiboard.domain.config import Config
from qualiboard.domain.measures import FIGURES, half_pair, measurement_readers, missing_figures
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.statuses import BATCH_IMPORTED


def untracked_batches(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, list[int]]:
    """End-date field -> imports of `source` whose file had no column for it (DansMaRue exports
    no closing date: its delays cannot be computed, and must not be counted as late)."""
    ends = {delay.end for delay in SOURCE_KINDS[source].delays}
    rows = con.execute(
        "SELECT batch_id, mapping FROM import_batches WHERE kind = ? AND status = ?",
        [source, BATCH_IMPORTED],
    ).fetchall()
    untracked: dict[str, list[int]] = {}
    for batch_id, mapping in rows:
        columns = json.loads(mapping).get("columns", {}) if mapping else {}
        for end in ends - set(columns):
            untracked.setdefault(end, []).append(batch_id)
    return untracked


COLUMNS = ["Indicateur saisi", "Lignes", "Pourquoi elles ne comptent pas"]


def uncounted_measurements(con: duckdb.DuckDBPyConnection, config: Config) -> pd.DataFrame:
    """One row per code and set of figures given that no indicator reading the code can count."""
    readers = measurement_readers(config.indicators)
    given = ", ".join(f"{name} IS NOT NULL" for name in FIGURES)
    found = []
    for code, *flags, rows in con.execute(
        f"SELECT indicator, {given}, count(*) FROM measurements GROUP BY ALL ORDER BY ALL"
    ).fetchall():
        figures = frozenset(f for f, on in zip(FIGURES, flags, strict=True) if on)
        # A denominator without its numerator counts below the line, as nothing met (see
        # sql.measure_inputs): it is no row that counts for nothing.
        below_the_line = "denominator" in figures and "numerator" not in figures
        why = None if below_the_line else half_pair(code, figures, readers)
        why = why or (None if below_the_line else missing_figures(code, figures, readers))
        if why:
            found.append({COLUMNS[0]: code, COLUMNS[1]: rows, COLUMNS[2]: why})
    return pd.DataFrame(found, columns=COLUMNS)
