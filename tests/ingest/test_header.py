"""Finding the header row, the body, blank, total and footer lines (ingest/header.py)."""

from __future__ import annotations

import pandas as pd

from qualiboard.ingest.header import locate_table
from qualiboard.ingest.mapping import known_header_keys


def grid(rows: list[list[object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame.index = range(1, len(rows) + 1)  # row numbers as Excel shows them
    return frame


def test_the_header_is_found_below_a_title_and_the_body_keeps_excel_rows():
    table = locate_table(
        grid(
            [
                ["Registre du courrier — extraction du 03/11/2026", None, None],
                [None, None, None],
                ["N° chrono", "Date d'arrivée", "Date de réponse"],
                ["C1", "02/03/2026", "09/03/2026"],
                ["C2", "03/03/2026", None],
            ]
        ),
        known_header_keys(),
    )
    assert table is not None
    assert table.header_row == 3
    assert table.headers == ["N° chrono", "Date d'arrivée", "Date de réponse"]
    assert list(table.body.index) == [4, 5]
    assert table.body.loc[5, "N° chrono"] == "C2"


def test_blank_rows_and_a_total_line_are_told_not_dropped():
    table = locate_table(
        grid(
            [
                ["Service", "Appels reçus", "Appels décrochés"],
                ["CCAS", 120, 110],
                [None, None, None],
                ["État civil", 80, 75],
                ["Total", 200, 185],
            ]
        ),
        known_header_keys(),
    )
    assert table is not None
    assert table.blank_rows == [3]
    assert list(table.total_candidates) == [5]
    assert 5 in table.body.index  # the import decides, and counts it


def test_an_empty_grid_has_no_table():
    assert locate_table(pd.DataFrame(), known_header_keys()) is None
