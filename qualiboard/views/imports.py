"""Import des données: the history of imports, as the page lists them."""

from __future__ import annotations

import pandas as pd

from qualiboard.domain.labels import kind_label
from qualiboard.present.formatting import (
    date_fr,
)


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
