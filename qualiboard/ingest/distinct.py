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


def distinct_codes(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """(code of each cell, the distinct values) with empty cells as one distinct value too."""
    if is_arrow_text(values):
        encoded = pc.dictionary_encode(pa.array(values), null_encoding="encode")
        uniques = encoded.dictionary.to_numpy(zero_copy_only=False).astype(object)
        return encoded.indices.to_numpy(), pd.Series(uniques, dtype=object)
    cells = values.to_numpy(dtype=object, na_value=None)
    try:
        codes, uniques = pd.factorize(cells, use_na_sentinel=False)
    except TypeError:  # an unhashable cell: every cell is its own value
        return np.arange(len(cells)), pd.Series(cells, dtype=object)
    # Python says True == 1 == 1.0 and factorize merges them: where booleans and numbers mix,
    # keep them apart. Columns of one plain type cannot hold both.
    kind = pd.api.types.infer_dtype(cells, skipna=True)
    if kind not in ("string", "empty", "floating", "integer", "datetime", "date", "boolean"):
        is_bool = np.fromiter((type(v) is bool or type(v) is np.bool_ for v in cells), bool)
        if is_bool.any() and not is_bool.all():
            typed = pd.Series([(type(v).__name__, v) for v in cells], dtype=object)
            codes, uniques_typed = pd.factorize(typed, use_na_sentinel=False)
            uniques = np.array([v for _, v in uniques_typed], dtype=object)
    return codes, pd.Series(uniques, dtype=object)


def per_distinct_value(parser: Callable[..., Result]) -> Callable[..., Result]:
    """Decorate `parser(values: Series, ...) -> Series | tuple[Series, ...]`."""

    @functools.wraps(parser)
    def wrapper(values: pd.Series, *args: object, **kwargs: object) -> Result:
        if len(values) >= 64:
            codes, uniques = distinct_codes(values)
        if len(values) < 64 or len(uniques) > 0.5 * len(values):
            if is_arrow_text(values) and not getattr(parser, "handles_arrow", False):
                # The parsers work on Python cells; only some have an Arrow fast path.
                values = pd.Series(
                    values.to_numpy(dtype=object, na_value=None), index=values.index, dtype=object
                )
            return parser(values, *args, **kwargs)
        result = parser(uniques, *args, **kwargs)

        def spread(part: pd.Series) -> pd.Series:
            return pd.Series(part.to_numpy()[codes], index=values.index, dtype=part.dtype)

        if isinstance(result, tuple):
            return tuple(spread(part) for part in result)  # type: ignore[return-value]
        return spread(result)

    return wrapper
