"""The sidebar's filters: the options offered, those preselected from a shared address, and the
address that keeps a choice."""

from __future__ import annotations

import datetime as dt

from qualiboard.views.sidebar import ALL, address, sidebar_choices

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
