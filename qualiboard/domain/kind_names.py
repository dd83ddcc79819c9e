"""The French names a person types for a source kind (« réclamations ») and the internal name
the code uses (`complaints`). Both are accepted wherever a kind is typed."""

from __future__ import annotations

from qualiboard.domain.text import fold

# French name shown in help and messages -> internal name.
FRENCH_KIND_NAMES: dict[str, str] = {
    "courriers": "correspondence",
    "réclamations": "complaints",
    "signalements": "reports",
    "enquêtes": "survey_answers",
    "téléphone": "phone_calls",
    "guichet": "counter_visits",
    "mesures": "measurements",
    "actions": "actions",
}


def kind_from_name(text: str, known: set[str] | frozenset[str]) -> str | None:
    """The internal kind for a French name (accents, case and a final « s » optional) or an
    internal name; None when the text names no kind."""
    if text in known:
        return text
    wanted = fold(text).strip().rstrip("s")
    for french, internal in FRENCH_KIND_NAMES.items():
        if fold(french).rstrip("s") == wanted and internal in known:
            return internal
    return None
