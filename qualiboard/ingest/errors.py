"""French problem reports that name the file, sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["erreur", "avertissement"]


@dataclass(frozen=True)
class Problem:
    severity: Severity
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def describe(self, file_name: str, sheet: str | None = None) -> str:
        where = [f"fichier « {file_name} »"]
        if sheet:
            where.append(f"feuille « {sheet} »")
        if self.row is not None:
            where.append(f"ligne {self.row}")
        if self.column:
            where.append(f"colonne « {self.column} »")
        value = f" (valeur : « {self.value} »)" if self.value not in (None, "") else ""
        return f"{', '.join(where)} : {self.message}{value}"


class ImportRefused(Exception):
    """The file cannot be imported at all; nothing was written."""

    def __init__(
        self,
        file_name: str,
        reason: str,
        sheet: str | None = None,
        problems: list[Problem] | None = None,
        total_problems: int | None = None,
    ) -> None:
        self.file_name = file_name
        self.reason = reason
        self.sheet = sheet
        self.problems = problems or []  # the first ones, listed
        self.total_problems = total_problems or len(self.problems)
        where = f"fichier « {file_name} »" + (f", feuille « {sheet} »" if sheet else "")
        super().__init__(f"{where} : {reason}")
