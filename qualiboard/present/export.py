"""Exports for French Excel: CSV with ';', UTF-8 BOM, decimal comma, dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt
import io
import numbers

import numpy as np
import pandas as pd

from qualiboard.domain.text import FORMULA_STARTS

# What starts a formula, plus a tab or a return that Excel skips before reading one.
FORMULA_PREFIXES = (*FORMULA_STARTS, "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell beginning like a formula is prefixed with ' so a spreadsheet shows it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _french_cell(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float):
        if pd.isna(value):
            return ""
        return f"{value:.10g}".replace(".", ",") if not value.is_integer() else str(int(value))
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return neutralise(value)


# Columns of one kind of value: each distinct value is written once, then repeated.
_ONE_KIND = {"string", "empty", "date", "datetime", "datetime64", "integer", "floating"}


def _french_column(values: pd.Series) -> pd.Series:
    """`_french_cell` of every value. In a column of one kind of value (where 1, 1.0 and True
    cannot meet as equal keys), each distinct value is converted once: a million-row action plan
    took 30 s cell by cell."""
    plain = values.astype(object)
    if pd.api.types.infer_dtype(values, skipna=True) not in _ONE_KIND:
        return plain.map(_french_cell)
    codes, distinct = pd.factorize(plain)
    said = np.array([*(_french_cell(value) for value in distinct), ""], dtype=object)
    return pd.Series(said[codes], index=values.index)  # a missing value's code (-1): ""


def french_csv(frame: pd.DataFrame) -> str:
    """CSV text for French Excel (write it with encoding 'utf-8-sig' for the BOM)."""
    converted = pd.DataFrame(
        {index: _french_column(frame.iloc[:, index]) for index in range(frame.shape[1])}
    )
    converted.columns = frame.columns
    buffer = io.StringIO()
    converted.to_csv(buffer, sep=";", index=False, lineterminator="\r\n")
    return buffer.getvalue()


def french_csv_bytes(frame: pd.DataFrame) -> bytes:
    return french_csv(frame).encode("utf-8-sig")


def _colour_statuses(sheet, headers: list[str], rows: int) -> None:
    """A status cell on its status colour, as on the pages (the word stays: never colour alone)."""
    from openpyxl.styles import PatternFill

    from qualiboard.present.formatting import STATUS_COLOURS

    for index, header in enumerate(headers, start=1):
        if not header.startswith("Statut"):
            continue
        for row in range(2, rows + 2):
            cell = sheet.cell(row=row, column=index)
            colour = STATUS_COLOURS.get(str(cell.value or "").strip())
            if colour:
                cell.fill = PatternFill("solid", fgColor=colour.lstrip("#"))


def xlsx_bytes(
    sheets: dict[str, pd.DataFrame],
    percent_columns: dict[str, list[str]] | None = None,
    percent_rows: dict[str, tuple[list[str], list[bool]]] | None = None,
) -> bytes:
    """A workbook with one formatted sheet per frame: bold frozen header, widths, French dates.
    Percentages hold real numbers (0.52) that Excel shows as 52,0 %: whole columns
    (`percent_columns`), or some columns on the rows flagged True (`percent_rows`, for tables
    that mix units row by row)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    percent_columns = percent_columns or {}
    percent_rows = percent_rows or {}
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, frame in sheets.items():
        sheet = workbook.create_sheet(name[:31])
        headers = [str(c) for c in frame.columns]
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1F4E79")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        whole = set(percent_columns.get(name, []))
        row_columns, row_flags = percent_rows.get(name, ([], []))
        for position, values in enumerate(frame.itertuples(index=False)):
            excel_row = position + 2
            for index, (header, value) in enumerate(zip(headers, values, strict=True), start=1):
                is_percent = header in whole or (
                    header in row_columns and position < len(row_flags) and row_flags[position]
                )
                cell = sheet.cell(row=excel_row, column=index)
                if (
                    value is None
                    or value is pd.NA
                    or value is pd.NaT
                    or (isinstance(value, float) and pd.isna(value))
                ):
                    continue
                if isinstance(value, pd.Timestamp):
                    value = value.to_pydatetime()
                if is_percent and isinstance(value, numbers.Real) and not isinstance(value, bool):
                    cell.value = float(value) / 100
                    cell.number_format = "0.0%"
                elif isinstance(value, (dt.datetime, dt.date)):
                    cell.value = value
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(value, numbers.Real) and not isinstance(value, bool):
                    cell.value = float(value) if isinstance(value, float) else int(value)
                    integral = float(value).is_integer()
                    cell.number_format = "#,##0" if integral else "#,##0.0"
                else:
                    cell.value = neutralise(value)
        for index, header in enumerate(headers, start=1):
            column = frame.iloc[:, index - 1]
            longest = max([len(header)] + [len(str(v)) for v in column.head(500)])
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, longest + 2))
        sheet.freeze_panes = "A2"
        if len(frame.columns):
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(frame) + 1}"
        _colour_statuses(sheet, headers, len(frame))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
