"""The French CSV written column at a time says exactly what the cell-by-cell rule says."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from qualiboard.present.export import _french_cell, french_csv


def cell_by_cell(frame: pd.DataFrame) -> str:
    converted = frame.astype(object).map(_french_cell)
    return converted.to_csv(sep=";", index=False, lineterminator="\r\n")


def test_every_kind_of_column_is_written_as_cell_by_cell():
    frame = pd.DataFrame(
        {
            "Référence": ["A-1", "=1+1", None, "-3", "@SOMME(A1)", "ok"],
            "Ouverte le": [dt.date(2026, 1, 31), None, dt.date(2025, 12, 1)] * 2,
            "Horodatage": pd.to_datetime(["2026-10-01 08:30", None, "2026-11-03 00:00"] * 2),
            "Jours de retard": [1.0, np.nan, 2.5, 3.0, None, 0.125],
            "Nombre": [1, 2, 3, 4, 5, 6],
            "Mêlé": ["texte", 1.5, dt.date(2026, 2, 1), None, True, pd.NA],
            "Vide": [None] * 6,
            "Chaîne": pd.array(["a", None, "+33", "b", "c", "d"], dtype="string"),
        }
    )
    written = french_csv(frame)
    assert written == cell_by_cell(frame)
    lines = written.split("\r\n")
    assert lines[1] == "A-1;31/01/2026;01/10/2026;1;1;texte;;a"
    assert lines[2] == "'=1+1;;;;2;1,5;;"
    assert lines[3].startswith(";01/12/2025;03/11/2026;2,5;3;01/02/2026;;'+33")


def test_two_columns_of_the_same_name_are_both_written():
    frame = pd.DataFrame([["x", "y"]], columns=["Service", "Service"])
    assert french_csv(frame) == "Service;Service\r\nx;y\r\n"
