"""French labels of source kinds and canonical columns, for screens and exports."""

from __future__ import annotations

from qualiboard.domain.sources import SOURCE_KINDS

COLUMN_LABELS: dict[str, str] = {
    "source_row": "Ligne du fichier",
    "source_file": "Fichier importé",
    "fichier": "Fichier",
    "verdict": "Verdict",
    "period": "Période",
    "status_raw": "Statut (tel qu'importé)",
    "delay_days": "Délai (jours)",
    "delay_working_days": "Délai (jours ouvrés)",
    "ack_delay_days": "Délai d'accusé de réception (jours)",
    "ack_delay_working_days": "Délai d'accusé de réception (jours ouvrés)",
    "overdue_days": "Dépassement d'échéance (jours)",
    "overdue_working_days": "Dépassement d'échéance (jours ouvrés)",
}


def column_label(kind_name: str, column: str) -> str:
    """French header of a canonical column, for screens and exports."""
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column]
    kind = SOURCE_KINDS.get(kind_name)
    if kind is not None and column in kind.field_names:
        return kind.field(column).label
    return column


def kind_label(name: str) -> str:
    kind = SOURCE_KINDS.get(name)
    return kind.label if kind else name
