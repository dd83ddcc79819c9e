"""Indicator engine, its public face: a definition of indicators.yaml -> one parametrised DuckDB
query -> a tidy table of values with numerator, denominator, pending items, confidence interval,
objective, status.

Period rules (also shown on screen):
- a record belongs to the period of its reference date (received, reported, answered…);
- an item still open (no end date) whose deadline has passed counts as late, against the objective;
- an item still open within its deadline is pending: left out of the figure, counted apart;
- `today` is a parameter so that a past review can be reproduced exactly.
Quarters, years and rolling 12 months are computed from the records, never by averaging months.

The work is done by: engine.expressions (field values, conditions, filters of one indicator),
engine.sql (the one builder of window, periods and batched aggregates), engine.finish (values,
intervals, objectives, statuses), engine.compute (grouping, running, provisional marks) and
engine.records (the records behind a figure).
"""

from __future__ import annotations

from qualiboard.domain.periods import FREQUENCIES, RANGE
from qualiboard.engine.compute import compute_all, compute_indicator, compute_many
from qualiboard.engine.finish import RESULT_COLUMNS
from qualiboard.engine.records import records_behind
from qualiboard.engine.untracked import untracked_batches

__all__ = [
    "FREQUENCIES",
    "RANGE",
    "RESULT_COLUMNS",
    "compute_all",
    "compute_indicator",
    "compute_many",
    "records_behind",
    "untracked_batches",
]
