"""Answers of a mystery-check grid: « oui / non », « conforme / non conforme », or a score.

A criterion that did not apply to the check (« sans objet », « NA ») is no answer, and not an
unreadable one either: the firm leaves the e-mail criteria blank on a phone call.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import pandas as pd

from qualiboard.domain.text import fold
from qualiboard.ingest.distinct import per_distinct_value
from qualiboard.ingest.normalise import NO_OPINION, declared_scale, parse_scores

CONFORM = frozenset(
    fold(v)
    for v in ("oui", "conforme", "c", "o", "ok", "vrai", "yes", "réalisé", "fait", "respecté")
)
NOT_CONFORM = frozenset(
    fold(v)
    for v in (
        "non",
        "non conforme",
        "nc",
        "n",
        "ko",
        "faux",
        "no",
        "non réalisé",
        "pas fait",
        "non respecté",
    )
)
NOT_APPLICABLE = frozenset(fold(v) for v in ("na", "n/a", "n.a.", "non applicable", "nc/na"))


@per_distinct_value
def parse_checks(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(score, scale_max, unreadable): 1/1 for a conform answer, 0/1 for a non-conform one, a
    score on its own scale otherwise (a column of bare 0 and 1 is read as non / oui)."""
    keys = values.map(lambda v: fold(v) if isinstance(v, str) else None)
    conform, not_conform = keys.isin(CONFORM), keys.isin(NOT_CONFORM)
    skipped = keys.isin(NOT_APPLICABLE | NO_OPINION)
    score, scale, unreadable = parse_scores(values.where(~(conform | not_conform | skipped)))
    numbers = score.dropna()
    if len(numbers) and numbers.isin([0.0, 1.0]).all() and (scale.dropna() == 4).all():
        scale = scale.where(score.isna(), 1.0)
    score = score.where(~conform, 1.0).where(~not_conform, 0.0)
    scale = scale.where(~(conform | not_conform), 1.0)
    unreadable = unreadable & ~(conform | not_conform | skipped)
    return score.astype("float64"), scale.astype("float64"), unreadable.astype(bool)


ScoreParser = Callable[[pd.Series], tuple[pd.Series, pd.Series, pd.Series]]


def parser_for(field_type: str, header: str | None = None) -> ScoreParser:
    """The reader of a kind's score field: survey scores or mystery-check answers; bare numbers
    of a survey are read on the scale their column's header states, if it states one."""
    if field_type == "check":
        return parse_checks
    scale = declared_scale(header) if header else None
    return functools.partial(parse_scores, declared_scale=scale) if scale else parse_scores
