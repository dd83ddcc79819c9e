"""Journal: the writes of a period, filtered by person and action, as the page lists them and
as its two downloads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from qualiboard.present.export import french_csv_bytes, xlsx_bytes
from qualiboard.store.audit import journal, journal_actions, journal_people

ALL = "Toutes"


def journal_choices(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str]]:
    """The people and the actions the journal can be narrowed to, « Toutes » first."""
    return [ALL, *journal_people(con)], [ALL, *journal_actions(con)]


@dataclass(frozen=True)
class JournalPage:
    entries: pd.DataFrame
    title: str
    stem: str  # of the downloads' file names

    @property
    def csv(self) -> bytes:
        return french_csv_bytes(self.entries)

    def workbook(self) -> bytes:
        """Written when the reader asks for it (a download's callable), not on every visit."""
        return xlsx_bytes({"Journal": self.entries})


def journal_page(
    con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, person: str, action: str
) -> JournalPage:
    """The entries from `start` to `end` (days included) of `person` and `action` (or ALL)."""
    entries = journal(
        con,
        start,
        end,
        who=None if person == ALL else person,
        action=None if action == ALL else action,
    )
    count = len(entries)
    return JournalPage(
        entries,
        f"{count} écriture{'s' if count > 1 else ''}",
        f"journal_{start:%Y%m%d}_{end:%Y%m%d}",
    )
