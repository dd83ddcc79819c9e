"""Status of a figure against its objective, and the confidence interval of a share."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from qualiboard.config import Indicator

STATUS_MET = "atteint"
STATUS_WATCH = "vigilance"
STATUS_MISSED = "non atteint"
STATUS_SMALL_SAMPLE = "échantillon insuffisant"
STATUS_NO_DATA = "pas de données"
STATUS_NO_OBJECTIVE = "sans objectif"

# Order in which the committee wants to see things: what needs attention first.
STATUS_ORDER = [
    STATUS_MISSED,
    STATUS_WATCH,
    STATUS_SMALL_SAMPLE,
    STATUS_NO_DATA,
    STATUS_NO_OBJECTIVE,
    STATUS_MET,
]

Z_95 = 1.959963984540054


def wilson_interval(successes: float, n: float, z: float = Z_95) -> tuple[float, float]:
    """95 % Wilson score interval of a proportion, as fractions (0..1)."""
    if n <= 0:
        return (math.nan, math.nan)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def wilson_arrays(successes: pd.Series, n: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    s = successes.astype(float).to_numpy()
    size = n.astype(float).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        p = s / size
        denominator = 1 + Z_95**2 / size
        centre = (p + Z_95**2 / (2 * size)) / denominator
        half = Z_95 * np.sqrt(p * (1 - p) / size + Z_95**2 / (4 * size**2)) / denominator
    low = np.where(size > 0, np.clip(centre - half, 0, 1), np.nan)
    high = np.where(size > 0, np.clip(centre + half, 0, 1), np.nan)
    return low, high


def status_for(
    indicator: Indicator, value: float | None, sample: float | None, target: float | None
) -> str:
    """atteint / vigilance / non atteint / échantillon insuffisant / pas de données."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return STATUS_NO_DATA
    if indicator.min_sample and (sample or 0) < indicator.min_sample:
        return STATUS_SMALL_SAMPLE
    if target is None or (isinstance(target, float) and math.isnan(target)):
        return STATUS_NO_OBJECTIVE
    margin = indicator.objective.vigilance if indicator.objective else 0.0
    # Rounded comparison: 89.99999 computed from records is 90 on screen and must count as 90.
    gap = round(value - target, 9) if indicator.direction == "higher" else round(target - value, 9)
    if gap >= 0:
        return STATUS_MET
    if margin and gap >= -margin:
        return STATUS_WATCH
    return STATUS_MISSED
