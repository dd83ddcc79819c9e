"""Status words live in domain.statuses; every consumer knows every one of them."""

from __future__ import annotations

from qualiboard.domain.statuses import FIGURE_STATUSES
from qualiboard.engine.objectives import STATUS_ORDER
from qualiboard.present.formatting import STATUS_COLOURS, STATUS_ICONS


def test_every_figure_status_has_an_icon_a_colour_and_a_rank():
    assert len(FIGURE_STATUSES) == 7
    assert set(STATUS_ICONS) == set(STATUS_COLOURS) == set(STATUS_ORDER) == set(FIGURE_STATUSES)
