"""The registry of source kinds: each kind becomes one DuckDB table. The kinds are declared with
their header synonyms in `domain.synonyms` and `domain.synonyms_front_office`.
"""

from __future__ import annotations

from qualiboard.domain.schema import SourceKind
from qualiboard.domain.synonyms import (
    COMPLAINTS,
    CORRESPONDENCE,
    COUNTER_VISITS,
    PHONE_CALLS,
    REPORTS,
    SURVEY_ANSWERS,
)
from qualiboard.domain.synonyms_front_office import (
    APPOINTMENTS,
    CIVIL_STATUS_REQUESTS,
    MYSTERY_CHECKS,
)
from qualiboard.domain.synonyms_internal import ACTIONS, MEASUREMENTS

SOURCE_KINDS: dict[str, SourceKind] = {
    k.name: k
    for k in (
        CORRESPONDENCE,
        COMPLAINTS,
        REPORTS,
        SURVEY_ANSWERS,
        PHONE_CALLS,
        COUNTER_VISITS,
        MEASUREMENTS,
        ACTIONS,
        APPOINTMENTS,
        CIVIL_STATUS_REQUESTS,
        MYSTERY_CHECKS,
    )
}
