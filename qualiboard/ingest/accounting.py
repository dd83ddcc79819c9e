"""Row accounting: every row read from a file ends in exactly one outcome, and the outcomes add up.

rows read = added + updated + unchanged + set aside, where "set aside" is broken down by reason.
The import refuses to write a batch whose accounts do not balance: a row can no longer disappear
under « 0 écartées ».
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qualiboard.domain.text import count_of, number

# Outcome -> French label, in the order they are shown. The first three are written rows.
WRITTEN = {"added": "ajoutées", "updated": "mises à jour", "unchanged": "inchangées"}
SET_ASIDE = {
    "invalid": "en erreur",
    "total": "lignes de total",
    "footer": "lignes de pied de tableau",
    "blank": "lignes vides",
    "duplicate": "doublons fusionnés dans une ligne suivante",
    "incomplete": "réponses inachevées",
    "unanswered": "sans aucune note",
    "outside": "hors du périmètre du fichier",
}
OUTCOMES = {**WRITTEN, **SET_ASIDE}
SINGULAR = {
    "added": "ajoutée",
    "updated": "mise à jour",
    "unchanged": "inchangée",
    "invalid": "en erreur",
    "total": "ligne de total",
    "footer": "ligne de pied de tableau",
    "blank": "ligne vide",
    "duplicate": "doublon fusionné dans une ligne suivante",
    "incomplete": "réponse inachevée",
    "unanswered": "sans aucune note",
    "outside": "hors du périmètre du fichier",
}


def counted(count: int, outcome: str) -> str:
    """« 1 ligne de total », « 3 lignes de total »."""
    return count_of(count, SINGULAR[outcome], OUTCOMES[outcome])


# One row's outcome, singular, for the downloadable table.
OUTCOME_ROW_LABELS = {
    "added": "ajoutée",
    "updated": "mise à jour",
    "unchanged": "inchangée",
    "invalid": "écartée : en erreur",
    "total": "écartée : ligne de total",
    "footer": "écartée : pied de tableau (texte de l'outil d'export)",
    "blank": "écartée : ligne vide",
    "duplicate": "écartée : doublon fusionné dans une ligne suivante",
    "incomplete": "écartée : réponse inachevée",
    "unanswered": "écartée : aucune note",
    "outside": "écartée : hors du périmètre du fichier",
}
LISTED = 20  # row numbers shown in a summary before « … »


class AccountsDoNotBalance(RuntimeError):
    """A code path lost a row: never shown to users as a success."""


@dataclass
class RowAccount:
    """The file rows behind each outcome (row numbers as the user's tool shows them)."""

    read: int
    rows: dict[str, list[int]] = field(default_factory=dict)
    details: dict[int, str] = field(default_factory=dict)  # row -> why (duplicate of row N…)

    def add(self, outcome: str, rows: Iterable[int], detail: dict[int, str] | None = None) -> None:
        if outcome not in OUTCOMES:
            raise ValueError(outcome)
        numbers = np.fromiter(rows, dtype=np.int64) if not isinstance(rows, np.ndarray) else rows
        self.rows.setdefault(outcome, []).extend(numbers.astype(np.int64).tolist())
        if detail:
            self.details.update(detail)

    def count(self, outcome: str) -> int:
        return len(self.rows.get(outcome, []))

    @property
    def set_aside(self) -> int:
        return sum(self.count(o) for o in SET_ASIDE)

    @property
    def accounted(self) -> int:
        return sum(len(rows) for rows in self.rows.values())

    def check(self) -> None:
        """rows read = added + updated + unchanged + set aside, each row exactly once."""
        every = np.concatenate([np.asarray(r, dtype=np.int64) for r in self.rows.values()] or [[]])
        if self.accounted != self.read or len(np.unique(every)) != len(every):
            counts = ", ".join(f"{o}={self.count(o)}" for o in OUTCOMES if self.count(o))
            raise AccountsDoNotBalance(
                f"comptes de lignes déséquilibrés : {self.read} lues, {counts}"
            )

    def counts(self) -> dict[str, int]:
        return {outcome: self.count(outcome) for outcome in OUTCOMES}

    def sentence(self) -> str:
        """« 120 lignes lues : 100 ajoutées, 15 mises à jour, 0 inchangées, 5 écartées (…) »"""
        written = ", ".join(counted(self.count(o), o) for o in WRITTEN)
        aside = [
            f"{counted(self.count(o), o)} ({self.listed(o)})" for o in SET_ASIDE if self.count(o)
        ]
        text = f"{self.read_text()} : {written}, {self.set_aside_text()}"
        return text + (" — " + " ; ".join(aside) if aside else "")

    def read_text(self) -> str:
        """« 1 ligne lue », « 120 lignes lues »."""
        return count_of(self.read, "ligne lue", "lignes lues")

    def set_aside_text(self) -> str:
        """« 1 écartée », « 5 écartées », « 0 écartées » (as the sentence's other counts)."""
        return count_of(self.set_aside, "écartée", "écartées")

    def listed(self, outcome: str, limit: int = LISTED) -> str:
        rows = sorted(self.rows.get(outcome, []))
        shown = ", ".join(str(r) for r in rows[:limit])
        more = f" … et {number(len(rows) - limit)} autres" if len(rows) > limit else ""
        return f"ligne{'s' if len(rows) > 1 else ''} {shown}{more}"

    def table(self) -> pd.DataFrame:
        """Every row and its outcome, for the page's download and the `import_rows` table."""
        parts = [
            pd.DataFrame(
                {"source_row": np.asarray(rows, dtype=np.int64), "outcome": outcome, "detail": ""}
            )
            for outcome, rows in self.rows.items()
            if rows
        ]
        if not parts:
            return pd.DataFrame({"source_row": [], "outcome": [], "detail": []})
        frame = pd.concat(parts, ignore_index=True)
        if self.details:
            known = frame["source_row"].map(self.details)
            frame["detail"] = known.where(known.notna(), "")
        return frame.sort_values("source_row", kind="stable").reset_index(drop=True)

    def french_table(self) -> pd.DataFrame:
        frame = self.table()
        return pd.DataFrame(
            {
                "Ligne du fichier": frame["source_row"],
                "Devenir": frame["outcome"].map(OUTCOME_ROW_LABELS),
                "Précision": frame["detail"],
            }
        )
