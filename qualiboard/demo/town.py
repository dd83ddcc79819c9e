"""The demo town's shape (services, seasons, strain) and how its files are written: French dates,
workbooks whose bytes do not change from one run to the next."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Iterator
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.workbook.properties import WorkbookProperties

from qualiboard.domain.calendar import public_holidays
from qualiboard.domain.periods import add_months

DEFAULT_SEED = 2026


FIXED_TIMESTAMP = dt.datetime(2026, 1, 1)


# name, weight of the workload, quality (1 = as good as the town gets, lower = worse)
SERVICES: list[tuple[str, float, float]] = [
    ("Hôtel de Ville - Accueil", 3.0, 1.00),
    ("État civil", 2.5, 0.97),
    ("CCAS", 1.5, 0.90),
    ("Police municipale", 1.0, 0.85),
    ("Eau - Urbanisme", 2.0, 0.80),
    ("Médiathèque", 1.0, 1.00),
    ("Guichet famille", 1.5, 0.95),
    ("Accueil de loisirs", 0.8, 0.92),
    ("Pôle ados", 0.4, 0.90),
    ("Multi-accueil", 0.6, 0.96),
    ("Résidence autonomie", 0.5, 0.93),
    ("Maison des associations", 0.5, 0.95),
]


# Spellings as typed by agents in the source tools: the import has to bring them together.
SPELLINGS: dict[str, list[str]] = {
    "État civil": ["État civil", "Etat civil", "ETAT CIVIL", "Etat-civil "],
    "Hôtel de Ville - Accueil": ["Hôtel de Ville - Accueil", "Accueil mairie", "HDV"],
    "Eau - Urbanisme": ["Eau - Urbanisme", "Urbanisme"],
}


SEASON = {
    1: 1.0,
    2: 0.95,
    3: 1.05,
    4: 1.0,
    5: 0.95,
    6: 1.05,
    7: 0.8,
    8: 0.6,
    9: 1.25,
    10: 1.1,
    11: 1.0,
    12: 0.85,
}


# Summer and school start stretch delays (staff on leave, peak of requests).
STRAIN = {7: 1.25, 8: 1.5, 9: 1.35}


class Town:
    def __init__(self, end_month: dt.date, seed: int = DEFAULT_SEED) -> None:
        self.end = end_month.replace(day=1)
        self.start = add_months(self.end, -35)
        self.export_day = add_months(self.end, 1) + dt.timedelta(days=2)
        self.rng = random.Random(f"{seed}-{self.end.isoformat()}")
        years = range(self.start.year, self.export_day.year + 1)
        self.holidays = set(public_holidays("metropole", years))

    def months(self) -> Iterator[dt.date]:
        month = self.start
        while month <= self.end:
            yield month
            month = add_months(month, 1)

    def days_in(self, month: dt.date) -> list[dt.date]:
        nxt = add_months(month, 1)
        days = [month + dt.timedelta(days=i) for i in range((nxt - month).days)]
        return [d for d in days if d.weekday() < 5 and d not in self.holidays]

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        while count > 0:
            day += dt.timedelta(days=1)
            if day.weekday() < 5 and day not in self.holidays:
                count -= 1
        return day

    def service(self, pool: list[tuple[str, float, float]] | None = None) -> tuple[str, float]:
        pool = pool or SERVICES
        name, _, quality = self.rng.choices(pool, weights=[w for _, w, _ in pool])[0]
        return name, quality

    def spelled(self, name: str) -> str:
        return self.rng.choice(SPELLINGS.get(name, [name]))

    def delay(self, mean: float, month: dt.date, quality: float) -> int:
        strain = STRAIN.get(month.month, 1.0) / quality
        return max(0, int(self.rng.expovariate(1 / (mean * strain))))

    def known(self, day: dt.date | None) -> dt.date | None:
        """What the export shows: nothing that happens after the export day."""
        return day if day is not None and day <= self.export_day else None


def write_csv(
    path: Path,
    header: list[str],
    rows: list[list[object]],
    *,
    delimiter: str = ";",
    lineterminator: str = "\r\n",
    encoding: str = "utf-8",
) -> int:
    """A demo export as its tool writes it (separator, line ends, encoding); its row count."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return len(rows)


def _fr(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _workbook(
    title_rows: list[str],
    header: list[str],
    rows: list[list[object]],
    path: Path,
    sheet: str,
    date_columns: tuple[int, ...] = (),
) -> None:
    workbook = Workbook()
    workbook.properties.created = FIXED_TIMESTAMP
    workbook.properties.modified = FIXED_TIMESTAMP
    workbook.workbook_properties = WorkbookProperties()
    worksheet = workbook.active
    worksheet.title = sheet
    for title in title_rows:
        worksheet.append([title])
        worksheet.cell(worksheet.max_row, 1).font = Font(bold=True, size=13)
    worksheet.append(header)
    for cell in worksheet[worksheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        worksheet.append(row)
    for column in date_columns:
        for (cell,) in worksheet.iter_rows(
            min_row=len(title_rows) + 2, min_col=column + 1, max_col=column + 1
        ):
            cell.number_format = "DD/MM/YYYY"
    workbook.save(path)
    _freeze_zip_dates(path)


def _freeze_zip_dates(path: Path) -> None:
    """openpyxl stamps zip entries with the current time; rewrite them for identical bytes."""
    import zipfile

    data = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(data) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = _strip_core_times(content)
            out.writestr(info, content)


def _strip_core_times(content: bytes) -> bytes:
    import re

    return re.sub(
        rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>2026-01-01T00:00:00Z\2", content
    )
