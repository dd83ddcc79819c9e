"""The statuses a record (letter, complaint, report, action) is normalised to at import: domain
vocabulary, shared by the import (which recognises them) and the engine and steering (which
count them), so neither has to reach into the import package."""

STATUS_TREATED = "traité"
STATUS_IN_PROGRESS = "en cours"
STATUS_NOT_TREATED = "non traité"
STATUS_CANCELLED = "annulé"
STATUS_OTHER = "autre"
