"""Import des données: the history of imports as the page lists it, and undoing one."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from qualiboard.domain.labels import kind_label
from qualiboard.domain.statuses import BATCH_IMPORTED
from qualiboard.present.formatting import date_fr


def import_history(batches: pd.DataFrame) -> pd.DataFrame:
    """The import history (`list_batches`) as the import page shows it, in French."""
    shown = batches.assign(
        source=batches["kind"].map(kind_label),
        date=batches["imported_at"].map(lambda d: d.strftime("%d/%m/%Y %H:%M")),
        période=[
            f"{date_fr(a)} – {date_fr(b)}" if a == a and a is not None else ""
            for a, b in zip(batches["period_from"], batches["period_to"], strict=True)
        ],
        **{"données au": batches["as_of"].map(date_fr)},
    )
    # The counts a person checks come right after the file; the periods, longer, after them.
    columns = {
        "batch_id": "N°",
        "date": "Date",
        "file_name": "Fichier",
        "source": "Source",
        "rows_read": "Lues",
        "rows_inserted": "Ajoutées",
        "rows_updated": "Mises à jour",
        "rows_unchanged": "Inchangées",
        "rows_replaced": "Remplacées",
        "rows_rejected": "Écartées",
        "warnings": "Avertissements",
        "données au": "Données au",
        "période": "Période",
        "status": "Statut",
        "imported_by": "Par",  # a person, or « dépôt automatique » for the drop folder
    }
    return shown[list(columns)].rename(columns=columns)


@dataclass(frozen=True)
class History:
    """The history table and the imports that can still be undone (number -> label)."""

    table: pd.DataFrame
    undoable: dict[int, str]
    # Changes with the history, so that after an import the newest one is proposed again.
    choice_key: str

    @property
    def empty(self) -> bool:
        return self.table.empty


def history(batches: pd.DataFrame) -> History:
    if batches.empty:
        return History(batches, {}, "undo_choice_0_0")
    active = batches[batches["status"] == BATCH_IMPORTED]
    undoable = {
        int(b): f"n° {b} — {name}"
        for b, name in zip(active["batch_id"], active["file_name"], strict=True)
    }
    key = f"undo_choice_{len(batches)}_{int(batches['batch_id'].max())}"
    return History(import_history(batches), undoable, key)


def rows_download(batch_id: int) -> tuple[str, str]:
    """The label and file name of the rows of one import that were not simply added."""
    return (
        f"Lignes mises à jour, inchangées ou écartées de l'import n° {batch_id} (CSV)",
        f"import_{batch_id}_lignes.csv",
    )
