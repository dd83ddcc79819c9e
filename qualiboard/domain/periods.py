"""Calendar months, quarters and years as used by indicators and reviews."""

from __future__ import annotations

import datetime as dt

# The frequencies an indicator can be computed at, and their French words (« mensuelle »).
FREQUENCY_WORDS = {
    "monthly": "mensuelle",
    "quarterly": "trimestrielle",
    "yearly": "annuelle",
    "rolling12": "12 mois glissants",
}
FREQUENCIES: tuple[str, ...] = tuple(FREQUENCY_WORDS)
# The one French word a person types for each frequency (`compute --frequency glissante`).
FREQUENCY_TYPED = {
    "mensuelle": "monthly",
    "trimestrielle": "quarterly",
    "annuelle": "yearly",
    "glissante": "rolling12",
}


def typed_frequency(text: str) -> str:
    """A frequency by its typed French word or its internal name (monthly, quarterly…)."""
    wanted = text.strip().lower()
    if wanted in FREQUENCY_TYPED.values():
        return wanted
    if wanted in FREQUENCY_TYPED:
        return FREQUENCY_TYPED[wanted]
    raise ValueError(f"périodicité inconnue « {text} » (possibles : {', '.join(FREQUENCY_TYPED)})")


# "range": the whole span from the first to the last month as ONE period (an annual review that
# covers 15 months), computed from the records like any other period.
RANGE = "range"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """First day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_start(day: dt.date, frequency: str) -> dt.date:
    if frequency == "quarterly":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if frequency == "yearly":
        return dt.date(day.year, 1, 1)
    return month_start(day)


def period_length(frequency: str) -> int:
    """Months in one period of this frequency."""
    return {"quarterly": 3, "yearly": 12}.get(frequency, 1)


def period_step(frequency: str) -> int:
    """Months between the starts of two successive periods (a rolling window moves by one)."""
    return 1 if frequency in ("monthly", "rolling12") else period_length(frequency)


def periods_between(start: dt.date, end: dt.date, frequency: str) -> list[dt.date]:
    """The starts of the periods from the one of `start` to the one of `end`; a range is one."""
    if frequency == RANGE:
        return [start]
    periods, current = [], period_start(start, frequency)
    while current <= end:
        periods.append(current)
        current = add_months(current, period_step(frequency))
    return periods


def last_complete_month(today: dt.date) -> dt.date:
    return add_months(today.replace(day=1), -1)


def parse_month(text: str) -> dt.date:
    """'2026-01' or '01/2026' -> 2026-01-01; ValueError with a French message otherwise."""
    text = text.strip()
    for fmt in ("%Y-%m", "%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date().replace(day=1)
        except ValueError:
            continue
    raise ValueError(f"mois illisible « {text} » (format attendu : AAAA-MM, par ex. 2026-01)")
