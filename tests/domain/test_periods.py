"""Frequencies: one list in domain.periods, which the catalogue model, the YAML header and the
engine's period arithmetic agree with."""

from __future__ import annotations

import datetime as dt
import re
import typing

import pytest

from qualiboard.domain.config import Frequency
from qualiboard.domain.periods import (
    FREQUENCIES,
    FREQUENCY_WORDS,
    RANGE,
    period_length,
    period_start,
    period_step,
)
from tests.conftest import ROOT


def test_the_catalogue_accepts_registered_frequencies_only():
    assert set(typing.get_args(Frequency)) <= set(FREQUENCIES)
    assert RANGE not in FREQUENCIES  # a range is asked for by a page, never declared


def test_the_yaml_header_documents_the_catalogue_frequencies():
    header = (ROOT / "indicators.yaml").read_text(encoding="utf-8").split("\norganisation:")[0]
    line = re.search(r"#\s+frequency\s+:\s+(.*)", header)
    assert line, "the header lost its « frequency » line"
    assert {w.strip() for w in line.group(1).split("|")} == set(typing.get_args(Frequency))


def test_every_frequency_has_french_words():
    assert set(FREQUENCY_WORDS) == set(FREQUENCIES)
    assert FREQUENCY_WORDS["quarterly"] == "trimestrielle"


@pytest.mark.parametrize(
    ("frequency", "start", "length", "step"),
    [
        ("monthly", dt.date(2026, 5, 1), 1, 1),
        ("quarterly", dt.date(2026, 4, 1), 3, 3),
        ("yearly", dt.date(2026, 1, 1), 12, 12),
        ("rolling12", dt.date(2026, 5, 1), 1, 1),
    ],
)
def test_period_arithmetic(frequency, start, length, step):
    assert period_start(dt.date(2026, 5, 17), frequency) == start
    assert (period_length(frequency), period_step(frequency)) == (length, step)


def test_a_frequency_is_typed_by_its_french_word_or_its_internal_name():
    from qualiboard.domain.periods import typed_frequency

    assert typed_frequency(" Glissante ") == "rolling12"
    assert typed_frequency("trimestrielle") == "quarterly"
    assert typed_frequency("monthly") == "monthly"
    with pytest.raises(ValueError, match="périodicité inconnue « hebdo »"):
        typed_frequency("hebdo")
