"""Every status word of the application, in one place.

The statuses a record (letter, complaint, report, action) is normalised to at import: domain
vocabulary, shared by the import (which recognises them) and the engine and steering (which
count them), so neither has to reach into the import package."""

STATUS_TREATED = "traité"
STATUS_IN_PROGRESS = "en cours"
STATUS_NOT_TREATED = "non traité"
STATUS_CANCELLED = "annulé"
STATUS_OTHER = "autre"

# The status of a figure against its objective (engine.objectives decides it; pages show it with
# an icon and a word, never by colour alone).
STATUS_MET = "atteint"
STATUS_WATCH = "vigilance"
STATUS_MISSED = "non atteint"
STATUS_SMALL_SAMPLE = "échantillon insuffisant"
STATUS_NO_DATA = "pas de données"
STATUS_NO_OBJECTIVE = "sans objectif"
# Shown for one service only: the indicator has no record of that service at all.
STATUS_NOT_APPLICABLE = "non applicable"
FIGURE_STATUSES = (
    STATUS_MET,
    STATUS_WATCH,
    STATUS_MISSED,
    STATUS_SMALL_SAMPLE,
    STATUS_NO_DATA,
    STATUS_NO_OBJECTIVE,
    STATUS_NOT_APPLICABLE,
)

# The status of an import batch: its records count, or it was undone.
BATCH_IMPORTED = "importé"
BATCH_UNDONE = "annulé"
BATCH_REPLACED = "remplacé"  # by the same file imported again with another mapping
