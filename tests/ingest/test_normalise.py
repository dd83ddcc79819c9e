import datetime as dt

import pandas as pd
import pytest

from qualiboard.ingest.normalise import (
    clean_text,
    parse_dates,
    parse_numbers,
    parse_scores,
    parse_yes_no,
)
from qualiboard.ingest.status_words import normalise_status
from tests.helpers import assert_same_as_cell_by_cell


def dates(values):
    parsed, bad = parse_dates(pd.Series(values, dtype=object))
    return [None if pd.isna(v) else v.to_pydatetime() for v in parsed], list(bad)


def test_french_dates_are_day_first():
    parsed, bad = dates(
        [
            "31/01/2026",
            "01/02/2026",
            "31/01/26",
            "2026-01-31",
            "31/01/2026 14:05",
            "1.2.2026",
            "janvier 2026",
            "15 mars 2026",
        ]
    )
    assert parsed == [
        dt.datetime(2026, 1, 31),
        dt.datetime(2026, 2, 1),
        dt.datetime(2026, 1, 31),
        dt.datetime(2026, 1, 31),
        dt.datetime(2026, 1, 31, 14, 5),
        dt.datetime(2026, 2, 1),
        dt.datetime(2026, 1, 1),
        dt.datetime(2026, 3, 15),
    ]
    assert not any(bad)


def test_excel_serials_and_real_date_cells():
    parsed, bad = dates(
        [46053, 46053.5, dt.datetime(2026, 1, 31, 8, 0), dt.date(2026, 1, 31), "46053"]
    )
    assert parsed[0] == dt.datetime(2026, 1, 31)
    assert parsed[1] == dt.datetime(2026, 1, 31, 12, 0)
    assert parsed[2] == dt.datetime(2026, 1, 31, 8, 0)
    assert parsed[3] == dt.datetime(2026, 1, 31)
    assert parsed[4] == dt.datetime(2026, 1, 31)
    assert not any(bad)


def test_long_workbook_columns_of_date_cells_read_in_one_go_without_guessing_numbers():
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(100)]
    # Date cells and empty cells only (the import turns blanks into None): read by Arrow.
    parsed, bad = dates([*days[:99], None])
    assert parsed == [dt.datetime.combine(d, dt.time()) for d in days[:99]] + [None]
    assert not any(bad)
    # An empty string among them: read cell by cell, same result.
    assert dates([*days[:99], ""]) == (parsed, [False] * 100)
    timed, bad = dates([dt.datetime(2026, 1, 31, 8, 30)] * 70)
    assert timed[0] == dt.datetime(2026, 1, 31, 8, 30) and not any(bad)
    # A number among date cells is an Excel serial (46053 = 31/01/2026), never days since 1970;
    # text that is no date is reported.
    parsed, bad = dates([*days[:98], 46053, "bientôt"])
    assert parsed[97:] == [dt.datetime(2026, 4, 8), dt.datetime(2026, 1, 31), None]
    assert bad[97:] == [False, False, True]


def test_unreadable_dates_are_flagged_not_guessed():
    parsed, bad = dates(["01/31/2026", "31/02/2026", "bientôt", "", None])
    assert parsed == [None] * 5
    assert bad == [True, True, True, False, False]


def test_numbers_with_decimal_comma_and_spaces():
    values, bad = parse_numbers(
        pd.Series(
            ["1 234,5", "87,5 %", "1.234,5", "1,234.5", "12", 3.5, "\u202f2\u202f000", "abc", None],
            dtype=object,
        )
    )
    assert list(values[:7]) == [1234.5, 87.5, 1234.5, 1234.5, 12.0, 3.5, 2000.0]
    assert list(bad) == [False] * 7 + [True, False]


def test_waiting_times_as_durations():
    values, _ = parse_numbers(
        pd.Series(["00:12:30", "12:30", "1h05", dt.timedelta(minutes=7)], dtype=object),
        durations=True,
    )
    assert list(values) == [12.5, 12.5, 65.0, 7.0]
    # Minutes and seconds with an apostrophe; never an apostrophe as a thousands separator.
    values, bad = parse_numbers(
        pd.Series(["12'30", "12'30''", "12’05", "7'75"], dtype=object), durations=True
    )
    assert list(values[:3]) == [12.5, 12.5, 12 + 5 / 60]
    assert list(bad) == [False, False, False, True]


def test_scores_in_every_form():
    score, scale, bad = parse_scores(
        pd.Series(
            ["4/5", "Très satisfait", "Plutôt pas satisfait", "Sans avis", "7/10", "9/5"],
            dtype=object,
        )
    )
    assert list(score[:5].fillna(-1)) == [4, 4, 2, -1, 7]
    assert list(scale[:5].fillna(-1)) == [5, 4, 4, -1, 10]
    assert list(bad) == [False, False, False, False, False, True]
    bare, bare_scale, _ = parse_scores(pd.Series(["1", "2", "3", "4"], dtype=object))
    assert list(bare_scale) == [4, 4, 4, 4]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Traité", "traité"),
        ("traitée", "traité"),
        ("Clôturé", "traité"),
        ("CLOS", "traité"),
        ("En cours", "en cours"),
        ("en attente", "en cours"),
        ("Non traité", "non traité"),
        ("Doublon", "annulé"),
        ("Fixed", "traité"),
        ("Investigating", "en cours"),
        ("Quelque chose", "autre"),
        ("", None),
    ],
)
def test_statuses(raw, expected):
    assert normalise_status(raw) == expected


def test_yes_no():
    values, bad = parse_yes_no(
        pd.Series(["Oui", "non", "X", "1", "0", "peut-être", None], dtype=object)
    )
    assert list(values[:5]) == [True, False, True, True, False]
    assert list(bad) == [False] * 5 + [True, False]


def test_long_columns_parse_each_distinct_value_once_with_the_same_results():
    # Above 64 cells the parsers work on distinct values and spread the results back: the
    # results must be those of the cell-by-cell parser (`__wrapped__`), True and 1 kept apart.
    cells = ["31/01/2026", "2026-02-01", 45000, None, "", "n'importe quoi", True, 1, 1.0, "  x  "]
    column = pd.Series(cells * 30, dtype=object)
    assert_same_as_cell_by_cell(
        column, (parse_dates, parse_numbers, parse_scores, parse_yes_no, clean_text)
    )
    dates, unreadable = parse_dates(column)
    assert dates[290] == pd.Timestamp(2026, 1, 31)
    assert dates[292] == pd.Timestamp(2023, 3, 15)  # Excel serial 45000
    assert list(unreadable[:6]) == [False, False, False, False, False, True]
    assert list(clean_text(column)[296:300]) == ["True", "1", "1", "x"]


def test_month_periods_of_statistics_exports_mean_the_first_day():
    values, bad = dates(["janv-26", "janv. 2026", "01/2026", "2026-01", "Février 2026", "mars 26"])
    assert values == [
        dt.datetime(2026, 1, 1),
        dt.datetime(2026, 1, 1),
        dt.datetime(2026, 1, 1),
        dt.datetime(2026, 1, 1),
        dt.datetime(2026, 2, 1),
        dt.datetime(2026, 3, 1),
    ]
    assert bad == [False] * 6


def test_units_agree_with_their_number():
    from qualiboard.present.formatting import unit_for

    assert unit_for(1, "actions") == "action"
    assert unit_for(0, "réclamations") == "réclamation"
    assert unit_for(1.5, "jours ouvrés") == "jour ouvré"
    assert unit_for(2, "jours ouvrés") == "jours ouvrés"
    assert unit_for(1, "pts") == "pts"
