"""Imports whose file had no column for an end date: their open items are « not recorded »,
not « not answered yet », and the engine must not count them as late."""

from __future__ import annotations

import json

import duckdb

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
