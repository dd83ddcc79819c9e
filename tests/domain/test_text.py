"""French numbers written once (domain.text), for every layer's messages."""

from __future__ import annotations

from qualiboard.domain.text import NBSP, number, short_number, signed_number


def test_number_uses_decimal_comma_and_narrow_space():
    assert number(12477) == f"12{NBSP}477"
    assert number(83.94, 1) == "83,9"
    assert number(None) == "—"


def test_a_negative_number_takes_the_minus_sign_and_a_rounded_zero_none():
    assert number(-100, 1) == "−100,0"
    assert number(-12477.25, 1) == f"−12{NBSP}477,2"
    # -0,04 shown with one decimal is zero: « −0,0 » would read as a fall.
    assert number(-0.04, 1) == "0,0"
    assert number(-0.4) == "0"
    assert signed_number(-0.04, 1) == "0,0"
    assert signed_number(0.06, 1) == "+0,1"
    assert signed_number(-6.14, 1) == "−6,1"
    assert signed_number(0) == "0"


def test_short_number_keeps_only_the_decimals_typed():
    assert short_number(90.0) == "90"
    assert short_number(2.5) == "2,5"
    assert short_number(1200.0) == "1200"  # as typed in the catalogue, no separator
