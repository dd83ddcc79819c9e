"""Status of a figure against its objective, and the confidence interval of a share."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from qualiboard.domain.config import Indicator
from qualiboard.domain.measures import ADDITIVE_MEASURES
from qualiboard.domain.statuses import (
    STATUS_MET,
    STATUS_MISSED,
    STATUS_NO_DATA,
    STATUS_NO_OBJECTIVE,
    STATUS_NOT_APPLICABLE,
    STATUS_SMALL_SAMPLE,
    STATUS_WATCH,
)
from qualiboard.domain.text import short_number

# Order in which the committee wants to see things: what needs attention first.
STATUS_ORDER = [
    STATUS_MISSED,
    STATUS_WATCH,
    STATUS_SMALL_SAMPLE,
    STATUS_NO_DATA,
    STATUS_NO_OBJECTIVE,
    STATUS_MET,
    STATUS_NOT_APPLICABLE,
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


def objective_scale(indicator: Indicator, months: int) -> float:
    """Factor of the objective of a count or a sum for a period of `months` months: 30 answers
    per month make 360 per year. 1 for shares, means and ratios, which do not add up."""
    objective = indicator.objective
    if objective is None or indicator.measure.type not in ADDITIVE_MEASURES:
        return 1.0
    return months / (objective.per_months or months)


def declared_yearly(indicator: Indicator, months: int) -> float | None:
    """The yearly objective written in the catalogue, when the period is a year."""
    objective = indicator.objective
    if objective is None or indicator.measure.type not in ADDITIVE_MEASURES or months != 12:
        return None
    return objective.yearly


def objective_basis(indicator: Indicator, months: int) -> str:
    """How the objective of a period was obtained, in French (« 30 par mois × 12 mois »), or
    "" when it is the catalogue's value as such."""
    objective = indicator.objective
    if objective is None or indicator.measure.type not in ADDITIVE_MEASURES:
        return ""
    if declared_yearly(indicator, months) is not None:
        return "objectif annuel déclaré"
    if objective.per_months == months or objective.value is None:
        return ""
    value = short_number(objective.value)
    return f"{value} par {objective.per} × {months} mois ÷ {objective.per_months}".replace(
        " ÷ 1", ""
    )


def statuses(
    indicator: Indicator,
    values: pd.Series,
    samples: pd.Series,
    targets: pd.Series,
    scale: float = 1.0,
) -> np.ndarray:
    """atteint / vigilance / non atteint / échantillon insuffisant / pas de données / sans
    objectif, for each (value, sample size, target). `scale` stretches the vigilance margin of
    a count over a longer period, like its objective."""
    value = pd.Series(values, dtype=float).to_numpy()
    sample = pd.Series(samples, dtype=float).fillna(0).to_numpy()
    target = pd.Series(targets, dtype=float).to_numpy()
    margin = indicator.objective.vigilance * scale if indicator.objective else 0.0
    sign = 1.0 if indicator.direction == "higher" else -1.0
    # Rounded comparison: 89.99999 computed from records is 90 on screen and must count as 90.
    with np.errstate(invalid="ignore"):
        gap = np.round(sign * (value - target), 9)
    small = (sample < indicator.min_sample) if indicator.min_sample else np.zeros(len(value), bool)
    return np.select(
        [np.isnan(value), small, np.isnan(target), gap >= 0, (gap >= -margin) & (margin > 0)],
        [STATUS_NO_DATA, STATUS_SMALL_SAMPLE, STATUS_NO_OBJECTIVE, STATUS_MET, STATUS_WATCH],
        default=STATUS_MISSED,
    )


def status_for(
    indicator: Indicator, value: float | None, sample: float | None, target: float | None
) -> str:
    """The status of one figure (same rules as `statuses`)."""
    return str(statuses(indicator, [value], [sample], [target])[0])
