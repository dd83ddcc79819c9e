"""The « données au » date of an import: the day the data were extracted from the town's tool.

Pending versus late is judged at that date, never at the wall clock: a letter with no answer in
an export of 30/10 may well have been answered on 31/10, and nobody can know it from that file.

Where the date comes from, first found wins:
1. a title line above the header (« Extraction du 30/10/2026 », « Export du … », « Données au … »),
   or a footer line below the data (« Edité le 31/10/2026 par … »);
2. a date in the file name (« registre_2026-10-30.xlsx », « export 30-10-2026.csv »);
3. the latest date the records themselves hold (an answer, a closing, a visit), never later than
   the import day and never a planned date (an action's due date tells nothing of the extraction).
The user confirms or corrects it at import (page date input, CLI `--as-of`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from qualiboard.domain.periods import add_months
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.text import fold
from qualiboard.ingest.cells import cell_date
from qualiboard.ingest.normalise import as_dates

# Dates that announce what should happen, not what the extraction saw.
PLANNED_FIELDS = {"due_on"}
# Fields that name a whole month (a value typed in for « 2026-10 »): the data reach its end.
MONTH_FIELDS = {("measurements", "period")}

_MONTHS_FR = {
    "janvier": 1,
    "fevrier": 2,
    "février": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "août": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
    "décembre": 12,
}
# Matched on folded text (no case, accent or apostrophe): « Edité le », typed without its accent
# as many tools write capitals, is « Édité le ».
_TITLE_WORDS = (
    r"extraction|extrait|exporte?|donnees|situation|arrete|edite|edition|mise? a jour|"
    r"date d extraction|date de l export"
)
_TITLE = re.compile(rf"\b(?:{_TITLE_WORDS})\b")
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
_SPELLED = re.compile(
    r"(?i)(?<!\d)(\d{1,2})(?:er)?\s+(" + "|".join(_MONTHS_FR) + r")\s+(\d{4})(?!\d)"
)


TYPED = "saisie"  # origin of a date the user typed (page date input, CLI --as-of)
OLDEST_AS_OF = dt.date(2000, 1, 1)
# A typed date this far past the newest record is a typing slip (2062 for 2026).
MAX_AHEAD = dt.timedelta(days=366)


@dataclass(frozen=True)
class AsOf:
    day: dt.date | None
    origin: str  # French, shown at import: where the date was found
    note: str = ""  # French: a clue set aside, and why

    @property
    def text(self) -> str:
        return f"{self.day:%d/%m/%Y} ({self.origin})" if self.day else "inconnue"


def _date(year: int, month: int, day: int) -> dt.date | None:
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_in_text(text: str) -> dt.date | None:
    """The first date written in a piece of text, French order (day first)."""
    for pattern, order in ((_NUMERIC, "dmy"), (_ISO, "ymd"), (_SPELLED, "spelled")):
        for match in pattern.finditer(text):
            if order == "dmy":
                found = _date(int(match[3]), int(match[2]), int(match[1]))
            elif order == "ymd":
                found = _date(int(match[1]), int(match[2]), int(match[3]))
            else:
                month = _MONTHS_FR[match[2].lower()]
                found = _date(int(match[3]), month, int(match[1]))
            if found and 1990 <= found.year <= 2100:
                return found
    return None


def from_titles(title_rows: pd.DataFrame) -> tuple[dt.date, str] | None:
    """« Extraction du 30/10/2026 » in a line above the header (the date may sit in the next
    cell, as a real date cell)."""
    for _, row in title_rows.iterrows():
        cells = [c for c in row.tolist() if c is not None and not (isinstance(c, float))]
        text = " ".join(str(c) for c in cells if isinstance(c, str)).strip()
        if not text or not _TITLE.search(fold(text)):
            continue
        found = date_in_text(text)
        if found is None:
            found = next((d for d in map(cell_date, cells) if d), None)
        if found:
            return found, f"ligne de titre « {text[:80]} »"
    return None


def from_file_name(name: str) -> dt.date | None:
    return date_in_text(re.sub(r"[_]", " ", name.rsplit(".", 1)[0]))


def latest_record_date(records: pd.DataFrame, kind: str, today: dt.date | None) -> dt.date | None:
    """The latest event the records hold, not after the import day (if given)."""
    latest: dt.date | None = None
    for field in SOURCE_KINDS[kind].fields:
        planned = field.name in PLANNED_FIELDS or field.may_be_future  # an appointment booked
        if field.type != "date" or planned or field.name not in records:
            continue
        values = as_dates(records[field.name]).dropna()
        if (kind, field.name) in MONTH_FIELDS:
            values = values + pd.offsets.MonthEnd(0)
        if today is not None:
            values = values[values <= pd.Timestamp(today)]
        if len(values):
            candidate = values.max().date()
            latest = candidate if latest is None else max(latest, candidate)
    return latest


def detect_as_of(
    raw: pd.DataFrame,
    header_row: int,
    file_name: str,
    records: pd.DataFrame,
    kind: str,
    today: dt.date,
    footer_rows: list[int] | None = None,
) -> AsOf:
    """The extraction date of a file (see the module docstring for the order of the clues)."""
    titles = raw.loc[raw.index < header_row] if header_row is not None else raw.iloc[:0]
    found = from_titles(titles.head(30))
    if found is None and footer_rows:
        found = from_titles(raw.loc[raw.index.isin(footer_rows)])
        if found:
            found = (found[0], found[1].replace("ligne de titre", "pied de tableau", 1))
    if found and found[0] <= today:
        return AsOf(found[0], found[1])
    named = from_file_name(file_name)
    latest = latest_record_date(records, kind, today)
    note = ""
    if named and latest and named < latest:
        # « reclamations_2025-01-05.csv » holding October 2026: the name is no extraction date.
        note = (
            f"date du nom de fichier ({named:%d/%m/%Y}) ignorée : antérieure à la date la plus "
            f"récente des données ({latest:%d/%m/%Y})"
        )
    elif named and named <= today and named >= add_months(today, -240):
        return AsOf(named, "date du nom de fichier")
    if latest:
        return AsOf(latest, "date la plus récente du fichier", note)
    return AsOf(None, "aucune date dans le fichier", note)


def typed_as_of_refusal(day: dt.date, records: pd.DataFrame, kind: str) -> str | None:
    """Why a typed « données au » date cannot be right, in French; None when it may be."""
    if day < OLDEST_AS_OF:
        return (
            f"date « données au » {day:%d/%m/%Y} invraisemblable : elle ne peut précéder le "
            f"{OLDEST_AS_OF:%d/%m/%Y}"
        )
    newest = latest_record_date(records, kind, None)
    if newest is not None and day > newest + MAX_AHEAD:
        return (
            f"date « données au » {day:%d/%m/%Y} invraisemblable : plus d'un an après la date "
            f"la plus récente des données ({newest:%d/%m/%Y})"
        )
    return None
