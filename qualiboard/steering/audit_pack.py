"""Dossier d'audit: what an AFNOR auditor takes away, as data. `qualiboard.views.audit` fills it
from the database, `qualiboard.present.audit_pdf` lays it out as PDF and XLSX."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd


@dataclass
class AuditSection:
    key: str  # short name: the sheet of the workbook
    title: str
    intro: str
    table: pd.DataFrame
    # Relative column widths in the PDF (None: from the longest texts).
    widths: list[float] | None = None
    # Said instead of an empty table: an auditor reads an absence as a finding, never as a gap.
    empty: str = "Rien à signaler sur la période."


@dataclass
class AuditPack:
    town: str
    made_on: dt.date
    start: dt.date  # first month covered
    end: dt.date  # last month covered
    period: str = ""  # « novembre 2025 à octobre 2026 »
    sections: list[AuditSection] = field(default_factory=list)
