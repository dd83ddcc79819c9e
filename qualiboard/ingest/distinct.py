"""Run a column parser once per distinct cell value, then spread the results back.

Exports repeat themselves: a million letters carry a few thousand dates, a dozen services and four
statuses. Parsing each distinct value once turns per-row Python work into per-value work.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

Result = TypeVar("Result", pd.Series, tuple)


def is_arrow_text(values: pd.Series) -> bool:
    """A column of text only, held by Arrow (what the CSV reader gives)."""
    return isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow"


def arrow_text(values: pd.Series) -> pa.Array:
    """The Arrow array behind a column of text, as one chunk."""
    array = pa.array(values)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def text_cells(values: pd.Series) -> pa.Array:
    """The cells as an Arrow string array, any cell that is not text as null (no copy when
    Arrow already holds the column)."""
    if is_arrow_text(values):
        return arrow_text(values)
    return pa.array(
        [v if isinstance(v, str) else None for v in values.to_numpy(dtype=object)],
        type=pa.string(),
    )


def text_series(array: pa.Array | pa.ChunkedArray, index: pd.Index) -> pd.Series:
    """A Series of text that stays in Arrow (no Python string per cell)."""
    if isinstance(array, pa.Array):
        array = pa.chunked_array([array], type=array.type)
    series = array.to_pandas()
    series.index = index  # set, not aligned: the cells are already in the order of `index`
    return series


SAMPLE_ROWS = 4096


def mostly_distinct(values: pd.Series) -> bool:
    """A long column whose cells are (nearly) all different: references, free text. Looked at on
    a spread sample, because hashing a million distinct strings to find that out costs more than
    the parsing it would save."""
    if len(values) < 4 * SAMPLE_ROWS:
        return False
    sample = values.iloc[:: len(values) // SAMPLE_ROWS]
    if is_arrow_text(values):
        return pc.count_distinct(arrow_text(sample)).as_py() > 0.9 * len(sample)
    try:
        return sample.nunique(dropna=False) > 0.9 * len(sample)
    except TypeError:  # unhashable cells
        return True


def distinct_codes(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """(code of each cell, the distinct values) with empty cells as one distinct value too."""
    if is_arrow_text(values):
        encoded = pc.dictionary_encode(arrow_text(values), null_encoding="encode")
        uniques = encoded.dictionary.to_numpy(zero_copy_only=False).astype(object)
        return encoded.indices.to_numpy(), pd.Series(uniques, dtype=object)
    cells = values.to_numpy(dtype=object, na_value=None)
    try:
        codes, uniques = pd.factorize(cells, use_na_sentinel=False)
    except TypeError:  # an unhashable cell: every cell is its own value
        return np.arange(len(cells)), pd.Series(cells, dtype=object)
    # Python says True == 1 == 1.0 and factorize merges them: where booleans and numbers mix,
    # keep them apart. Only a value equal to 0 or 1 can stand for cells of both kinds.
    ambiguous = [
        code
        for code, unique in enumerate(uniques)
        if isinstance(unique, (bool, int, float, np.bool_, np.number)) and unique in (0, 1)
    ]
    if any(len({type(v) in (bool, np.bool_) for v in cells[codes == c]}) > 1 for c in ambiguous):
        typed = pd.Series([(type(v).__name__, v) for v in cells], dtype=object)
        codes, uniques_typed = pd.factorize(typed, use_na_sentinel=False)
        uniques = np.array([v for _, v in uniques_typed], dtype=object)
    return codes, pd.Series(uniques, dtype=object)


def per_distinct_value(parser: Callable[..., Result]) -> Callable[..., Result]:
    """Decorate `parser(values: Series, ...) -> Series | tuple[Series, ...]`."""

    @functools.wraps(parser)
    def wrapper(values: pd.Series, *args: object, **kwargs: object) -> Result:
        few = len(values) >= 64 and not mostly_distinct(values)
        if few:
            codes, uniques = distinct_codes(values)
        if not few or len(uniques) > 0.5 * len(values):
            if is_arrow_text(values) and not getattr(parser, "handles_arrow", False):
                # The parsers work on Python cells; only some have an Arrow fast path.
                values = pd.Series(
                    values.to_numpy(dtype=object, na_value=None), index=values.index, dtype=object
                )
            return parser(values, *args, **kwargs)
        result = parser(uniques, *args, **kwargs)

        def spread(part: pd.Series) -> pd.Series:
            # The array's own take keeps its type (Arrow text stays Arrow, dates stay dates).
            return pd.Series(part.array.take(codes), index=values.index)

        if isinstance(result, tuple):
            return tuple(spread(part) for part in result)  # type: ignore[return-value]
        return spread(result)

    return wrapper
