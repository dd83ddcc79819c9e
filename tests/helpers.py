"""Small writers of real spreadsheet files for tests."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from qualiboard.config import Config
from qualiboard.ingest.batches import ImportResult, import_file


def write_csv(
    path: Path,
    header: list[str],
    rows: list[list[object]],
    *,
    sep: str = ";",
    encoding: str = "utf-8",
    titles: list[str] | None = None,
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=sep)
        for title in titles or []:
            writer.writerow([title])
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
    return path


def write_xlsx(
    path: Path,
    header: list[str],
    rows: list[list[object]],
    *,
    titles: list[str] | None = None,
    sheet: str = "Feuil1",
) -> Path:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for title in titles or []:
        worksheet.append([title])
    worksheet.append(header)
    for row in rows:
        worksheet.append(row)
    workbook.save(path)
    return path


def fr(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def load(
    con, config: Config, path: Path, today: dt.date = dt.date(2026, 11, 3), **kw
) -> ImportResult:
    return import_file(con, path, config.organisation, today=today, **kw)


def assert_same_as_cell_by_cell(column, parsers) -> None:
    """Parsers decorated with `per_distinct_value` give what the cell-by-cell parser gives."""
    import pandas as pd

    for parser in parsers:
        fast, slow = parser(column), parser.__wrapped__(column)
        for got, expected in zip(
            fast if isinstance(fast, tuple) else [fast],
            slow if isinstance(slow, tuple) else [slow],
            strict=True,
        ):
            pd.testing.assert_series_equal(got, expected, check_dtype=False)


def person(name: str = "Mme Durand", role: str = "responsable qualité", services=()):
    """A signed-in identity for core calls; its label (the journal's « qui ») is `name`."""
    from qualiboard.store.access import Identity

    return Identity(name, name, role, tuple(services))
