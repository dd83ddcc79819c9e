"""The sidebar's filters: the options offered, those preselected from a shared address, and the
address that keeps a choice."""

from __future__ import annotations

import datetime as dt

from qualiboard.views.sidebar import ALL, address, chosen, sidebar_choices

BOUNDS = (dt.date(2025, 11, 1), dt.date(2026, 2, 1))
SERVICES = ["CCAS", "État civil"]


def test_a_shared_address_opens_the_same_view():
    query = {"mois": "2025-12", "comparer": "year", "service": "CCAS", "module": "3"}
    offered = sidebar_choices(BOUNDS, dt.date(2026, 1, 1), SERVICES, [1, 3], query)
    assert offered.months == [
        dt.date(2026, 2, 1),
        dt.date(2026, 1, 1),
        dt.date(2025, 12, 1),
        dt.date(2025, 11, 1),
    ]
    assert offered.months[offered.month] == dt.date(2025, 12, 1)
    assert offered.comparison == 1
    assert offered.services[offered.service] == "CCAS"
    assert offered.modules == [None, 1, 3] and offered.modules[offered.module] == 3


def test_an_address_naming_nothing_known_falls_back_to_the_defaults():
    query = {"mois": "2024-01", "comparer": "hier", "service": "Piscine", "module": "9"}
    offered = sidebar_choices(BOUNDS, dt.date(2026, 1, 1), SERVICES, [1, 3], query)
    assert offered.months[offered.month] == dt.date(2026, 1, 1)  # the last complete month
    assert (offered.comparison, offered.service, offered.module) == (0, 0, 0)
    assert offered.services[0] == ALL
    broken = sidebar_choices(BOUNDS, None, SERVICES, [1], {"mois": "13/2025", "module": "x"})
    assert broken.months[broken.month] == dt.date(2026, 2, 1)  # no default: the latest month
    assert broken.module == 0
    # Digits to str.isdigit that int() refuses (superscripts) name no module either.
    for odd in ("²", "¹", "٣", "1²"):
        assert sidebar_choices(BOUNDS, None, SERVICES, [1, 3], {"module": odd}).module == 0


def test_the_address_keeps_only_what_narrows_the_view():
    assert address(dt.date(2026, 1, 1), "previous", ALL, None) == {
        "mois": "2026-01",
        "comparer": "previous",
    }
    assert address(dt.date(2026, 1, 1), "year", "CCAS", 3) == {
        "mois": "2026-01",
        "comparer": "year",
        "service": "CCAS",
        "module": "3",
    }


def test_a_choice_made_in_the_session_wins_over_the_address_while_it_is_offered():
    query = {"mois": "2025-12", "service": "CCAS"}
    offered = sidebar_choices(BOUNDS, dt.date(2026, 1, 1), SERVICES, [1, 3], query)
    assert chosen(offered, {}).address() == {
        "mois": "2025-12",
        "comparer": "previous",
        "service": "CCAS",
    }
    kept = {"month": dt.date(2026, 2, 1), "comparison": "year", "service": ALL, "module": 3}
    assert chosen(offered, kept).address() == {
        "mois": "2026-02",
        "comparer": "year",
        "module": "3",
    }
    # Every module chosen (None) is a choice too, not a missing one.
    assert chosen(offered, {"module": None}).module is None


def test_a_kept_value_no_longer_offered_falls_back_to_the_preselection():
    offered = sidebar_choices(BOUNDS, dt.date(2026, 1, 1), SERVICES, [1, 3], {"service": "CCAS"})
    gone = {"month": dt.date(2024, 5, 1), "comparison": "hier", "service": "Piscine", "module": 9}
    choice = chosen(offered, gone)
    assert (choice.month, choice.comparison, choice.service, choice.module) == (
        dt.date(2026, 1, 1),
        "previous",
        "CCAS",
        None,
    )
