"""Property-based tests of the normalisers: whatever the value, the French reading holds."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from qualiboard.ingest.normalise import clean_text, parse_dates, parse_numbers
from qualiboard.ingest.status_words import normalise_status
from tests.helpers import assert_same_as_cell_by_cell

DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
FAST = settings(max_examples=150, deadline=None)


def one_date(value: object) -> pd.Timestamp | None:
    parsed, unreadable = parse_dates(pd.Series([value], dtype=object))
    return None if unreadable[0] or pd.isna(parsed[0]) else parsed[0]


@FAST
@given(DAYS, st.sampled_from(["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]))
def test_written_dates_are_read_day_first(day, pattern):
    if pattern.endswith("%y") and not 1970 <= day.year <= 2069:
        return  # two-digit years mean 1970-2069
    assert one_date(day.strftime(pattern)) == pd.Timestamp(day)


@FAST
@given(DAYS, st.integers(0, 23), st.integers(0, 59))
def test_dates_with_a_time_keep_their_day(day, hour, minute):
    text = f"{day:%d/%m/%Y} {hour:02d}:{minute:02d}"
    assert one_date(text) == pd.Timestamp(day.year, day.month, day.day, hour, minute)


@FAST
@given(DAYS)
def test_excel_serial_numbers(day):
    serial = (day - dt.date(1899, 12, 30)).days
    assert one_date(serial) == pd.Timestamp(day)
    assert one_date(float(serial)) == pd.Timestamp(day)


@FAST
@given(DAYS)
def test_day_and_month_are_never_swapped(day):
    # 03/04/2026 is the 3rd of April, even when the month could be a day.
    assert one_date(f"{day.day:02d}/{day.month:02d}/{day.year}").month == day.month


@FAST
@given(st.text(max_size=40))
def test_any_text_gives_a_date_or_a_flag_never_an_error(text):
    parsed, unreadable = parse_dates(pd.Series([text], dtype=object))
    empty = not text.strip()
    assert bool(unreadable[0]) == (pd.isna(parsed[0]) and not empty)


@FAST
@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_french_numbers(value):
    integer, _, decimals = f"{abs(value):.2f}".partition(".")
    groups = []
    while integer:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    sign = "-" if value < 0 else ""
    for space in (" ", "\u00a0", "\u202f"):
        text = f"{sign}{space.join(groups)},{decimals}"
        parsed, unreadable = parse_numbers(pd.Series([text, text + " %"], dtype=object))
        assert not unreadable.any()
        assert parsed[0] == float(value) and parsed[1] == float(value)


STATUSES = {
    "Traité": "traité",
    "traitée": "traité",
    "Clôturé": "traité",
    "En cours": "en cours",
    "Non traité": "non traité",
}


@FAST
@given(
    st.sampled_from(sorted(STATUSES)),
    st.sampled_from([str.upper, str.lower, str.title, lambda s: s]),
    st.text(alphabet=" \t\u00a0", max_size=3),
    st.text(alphabet=" \t\u00a0", max_size=3),
)
def test_statuses_whatever_the_case_and_spaces(label, case, before, after):
    assert normalise_status(before + case(label) + after) == STATUSES[label]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(-5, 5),
            st.floats(allow_nan=True, allow_infinity=False, width=32),
            st.sampled_from(["", " a ", "A", "31/01/2026", "1,5", "Très satisfait"]),
        ),
        min_size=64,
        max_size=200,
    )
)
def test_distinct_value_parsing_matches_cell_by_cell(cells):
    column = pd.Series(cells, dtype=object)
    assert_same_as_cell_by_cell(column, (parse_dates, parse_numbers, clean_text))
