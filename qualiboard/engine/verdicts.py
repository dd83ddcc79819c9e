"""The verdict of each record behind a figure, from the same rule as the figure.

One table, one entry per measure type and direction: what a record that meets the condition
(state 1), misses it (state 0), or meets the negative condition of a net measure means for the
figure. A lower-is-better indicator counts the records that go against it: « Actions arrivées à
échéance et non soldées à temps » counts the late action, which is therefore « non conforme ».
States as the engine computes them: 1 meets, 0 misses (late included), 2 pending, NULL unknown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from qualiboard.domain.measures import MEASURE_NAMES, MEASURES, measure_spec

PENDING = "en attente"
UNKNOWN = "non évaluable"
MEETS, MISSES = "conforme", "non conforme"
COUNTED, NOT_COUNTED = "compté", "non compté"
USED, LEFT_OUT, NO_VALUE = "pris en compte", "écarté (condition non remplie)", "sans valeur"

MEASURE_TYPES = MEASURE_NAMES
DIRECTIONS = ("higher", "lower")
# Measures of a value (mean of a field, sum of a ratio…): a record is taken in or left out.
VALUE_MEASURES = tuple(n for n, s in MEASURES.items() if s.verdict == "value")
# Measures counting records: a lower-is-better one counts the records that go against it.
_RECORD_MEASURES = tuple(n for n, s in MEASURES.items() if s.verdict != "value")


def labels(measure_type: str, direction: str, has_condition: bool) -> dict[str, str]:
    """Label of each outcome ("meets", "misses", "negative", "neither") for a measure type and
    direction: the registry the drill-down and its test share."""
    good, bad = (MEETS, MISSES) if direction == "higher" else (MISSES, MEETS)
    kind = measure_spec(measure_type).verdict
    if kind == "share":
        return {"meets": good, "misses": bad}
    if kind == "count":
        if not has_condition:
            return {"meets": COUNTED, "misses": NOT_COUNTED}
        if direction == "higher":
            return {"meets": f"{COUNTED} ({MEETS})", "misses": NOT_COUNTED}
        return {"meets": f"{COUNTED} ({MISSES})", "misses": f"{NOT_COUNTED} ({MEETS})"}
    if kind == "net":
        return {
            "meets": f"{good} (compté en plus)",
            "negative": f"{bad} (compté en moins)",
            "neither": "neutre",
        }
    if kind == "value":
        return {"meets": USED, "misses": LEFT_OUT, "no_value": NO_VALUE}
    raise ValueError(f"verdict sans libellés : {kind}")


def verdicts(
    measure_type: str,
    direction: str,
    has_condition: bool,
    state: pd.Series,
    negative: pd.Series | None = None,
    value: pd.Series | None = None,
) -> pd.Series:
    """The verdict of each record (French words), aligned on `state`."""
    words = labels(measure_type, direction, has_condition)
    # Plain floats: a nullable column (Int64 with <NA>) compares to a BooleanArray holding <NA>,
    # which numpy's select refuses.
    state = pd.to_numeric(state, errors="coerce").astype("float64")
    meets, misses = (state == 1).to_numpy(bool), (state == 0).to_numpy(bool)
    if measure_spec(measure_type).verdict == "net":
        negative_hit = (
            (pd.to_numeric(negative, errors="coerce").astype("float64") == 1).to_numpy(bool)
            if negative is not None
            else False
        )
        decided = meets | misses
        chosen = np.select(
            [meets, decided & negative_hit, decided],
            [words["meets"], words["negative"], words["neither"]],
            default="",
        )
    elif measure_type in VALUE_MEASURES:
        present = value.notna().to_numpy(bool) if value is not None else True
        chosen = np.select(
            [meets & present, meets, misses],
            [words["meets"], words["no_value"], words["misses"]],
            default="",
        )
    else:
        chosen = np.select([meets, misses], [words["meets"], words["misses"]], default="")
    out = pd.Series(chosen, index=state.index, dtype=object)
    out[state == 2] = PENDING
    out[state.isna()] = UNKNOWN
    return out


def worst_first(measure_type: str, direction: str) -> str:
    """SQL ORDER BY key on `state`: the records that go against the objective first, then the
    pending ones, then the others, unknown last."""
    against = 1 if direction == "lower" and measure_type in _RECORD_MEASURES else 0
    return (
        f"CASE WHEN state = {against} THEN 0 WHEN state = 2 THEN 1 "
        "WHEN state IS NULL THEN 3 ELSE 2 END"
    )
