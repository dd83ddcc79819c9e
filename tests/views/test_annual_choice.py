"""What the annual review page offers to choose (views/annual.py)."""

from __future__ import annotations

import datetime as dt

from qualiboard.views.annual import audit_pack_caption, audit_pack_end, period_choice

D = dt.date


def test_years_and_months_from_the_data_newest_first():
    choice = period_choice((D(2024, 11, 1), D(2026, 2, 1)))
    assert choice.years == [2026, 2025, 2024]
    assert choice.default_year == 2025  # the last complete year
    assert choice.months[:3] == [D(2026, 2, 1), D(2026, 1, 1), D(2025, 12, 1)]
    assert choice.months[-1] == D(2024, 11, 1) and len(choice.months) == 16
    firsts = choice.first_months(D(2025, 6, 1))
    assert firsts[0] == D(2025, 6, 1) and len(firsts) == 8  # June 2025 back to November 2024
    assert firsts[choice.twelve_months_back(firsts)] == D(2024, 11, 1)  # only 8 months
    twelve = choice.first_months(D(2026, 2, 1))
    assert twelve[choice.twelve_months_back(twelve)] == D(2025, 3, 1)


def test_a_single_year_of_data_is_the_default():
    assert period_choice((D(2026, 3, 1), D(2026, 10, 1))).default_year == 2026


def test_the_audit_pack_ends_with_data():
    assert audit_pack_end(D(2026, 12, 1), D(2026, 10, 1)) == D(2026, 10, 1)
    assert audit_pack_end(D(2025, 12, 1), D(2026, 10, 1)) == D(2025, 12, 1)
    assert audit_pack_caption(D(2026, 10, 1)).endswith("jusqu'à octobre 2026, en PDF et Excel.")
