"""Small readings of raw cells shared by the recognisers (personal data, field scoring, as-of)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

SAMPLE_SIZE = 300  # filled cells looked at to judge a column: enough for a share, fast on 1M rows


def filled_sample(values: pd.Series, size: int = SAMPLE_SIZE) -> list[object]:
    """The first `size` filled cells of a column (blank text and missing values skipped); only
    the first `size * 4` cells are scanned, so a sparse column of a huge file stays cheap."""
    sample = []
    for value in values.head(size * 4).tolist():
        if value is None or (isinstance(value, float) and value != value):
            continue
        if isinstance(value, str) and not value.strip():
            continue
        sample.append(value)
        if len(sample) >= size:
            break
    return sample


def cell_date(value: object) -> dt.date | None:
    """The day of a cell that the reader already typed as a date or a timestamp, else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    return None
