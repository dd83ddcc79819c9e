"""An unused column that counts (« Nombre de passages » : 120) in a file where each row is one
record: the file may be a summary (a row per day or per service), and counting its rows would
give wrong figures without a word. The import says so; it does not guess the detail."""

from __future__ import annotations

import re

import pandas as pd

from qualiboard.domain.schema import SourceKind
from qualiboard.domain.text import fold

_COUNT_HEADER = re.compile(r"^(?:nombre|nb|nbre|total|quantite|volume)\b")


def summary_notes(kind: SourceKind, body: pd.DataFrame, unused: list[str]) -> list[str]:
    """French notes for the unused counting columns of a kind whose rows are single records
    (a kind with counts of its own, such as phone statistics, is a summary by nature)."""
    if any(f.whole for f in kind.fields):
        return []
    notes = []
    for header in unused:
        if header not in body.columns or not _COUNT_HEADER.match(fold(str(header)).strip()):
            continue
        text = body[header].astype("string").str.replace(r"[\s\u00a0\u202f]", "", regex=True)
        numbers = pd.to_numeric(text, errors="coerce")
        filled = body[header].notna().sum()
        if filled and numbers.notna().sum() >= 0.8 * filled and (numbers > 1).any():
            notes.append(
                f"colonne « {header} » non utilisée : chaque ligne compte ici pour un seul "
                f"enregistrement ({kind.label.lower()}) ; si une ligne en résume plusieurs "
                "(une synthèse par jour ou par service), les chiffres seront faux : importez "
                "plutôt le détail"
            )
    return notes
