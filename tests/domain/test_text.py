"""French numbers written once (domain.text), for every layer's messages."""

from __future__ import annotations

from qualiboard.domain.text import NBSP, number, short_number


def test_number_uses_decimal_comma_and_narrow_space():
    assert number(12477) == f"12{NBSP}477"
    assert number(83.94, 1) == "83,9"
    assert number(None) == "—"


def test_short_number_keeps_only_the_decimals_typed():
    assert short_number(90.0) == "90"
    assert short_number(2.5) == "2,5"
    assert short_number(1200.0) == "1200"  # as typed in the catalogue, no separator
