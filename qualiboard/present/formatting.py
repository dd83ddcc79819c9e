"""French display of numbers, percentages, dates and periods: `52,0 %`, `1 234`, `janv. 2026`."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from qualiboard.domain.config import Indicator
from qualiboard.domain.statuses import (
    STATUS_MET,
    STATUS_MISSED,
    STATUS_NO_DATA,
    STATUS_NO_OBJECTIVE,
    STATUS_NOT_APPLICABLE,
    STATUS_SMALL_SAMPLE,
    STATUS_WATCH,
)
from qualiboard.domain.text import NBSP, count_of, is_missing, number  # noqa: F401 - the present layer's names

MONTHS_SHORT = [
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
]
MONTHS_LONG = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]

# Plain symbols present in every system font (emoji fonts are often missing on town PCs).
STATUS_ICONS = {
    STATUS_MET: "✔",
    STATUS_WATCH: "⚠",
    STATUS_MISSED: "✖",
    STATUS_SMALL_SAMPLE: "?",
    STATUS_NO_DATA: "○",
    STATUS_NO_OBJECTIVE: "–",
    STATUS_NOT_APPLICABLE: "∅",
}
# Okabe-Ito palette: readable by colour-blind people; never used without icon and word.
STATUS_COLOURS = {
    STATUS_MET: "#009E73",
    STATUS_WATCH: "#E69F00",
    STATUS_MISSED: "#D55E00",
    STATUS_SMALL_SAMPLE: "#56B4E9",
    STATUS_NO_DATA: "#BBBBBB",
    STATUS_NO_OBJECTIVE: "#999999",
    STATUS_NOT_APPLICABLE: "#DDDDDD",
}


def percent(value: float | None, decimals: int = 1) -> str:
    return "—" if is_missing(value) else f"{number(value, decimals)}{NBSP}%"


def file_size(size: int) -> str:
    """« 259 octets », « 65,9 ko », « 12,3 Mo »: a file's size as a French reader writes it
    (Streamlit's own file list writes « 65.9KB »)."""
    if size < 1000:
        # « 0 octet », as French writes a size: below two, the singular.
        return f"{number(size)} {'octet' if size < 2 else 'octets'}"
    for unit, scale in (("ko", 1e3), ("Mo", 1e6)):
        # The unit of the rounded figure: 999 950 octets are « 1,0 Mo », not « 1 000,0 ko ».
        if round(size / scale, 1) < 1000:
            return f"{number(size / scale, 1)}{NBSP}{unit}"
    return f"{number(size / 1e9, 1)}{NBSP}Go"


def shown_decimals(indicator: Indicator) -> int:
    """Decimals a figure of this indicator is shown with (one rule for cards, tables, exports)."""
    return 0 if indicator.measure.spec.whole_number and not indicator.is_percent else 1


def as_shown(value: float | None, indicator: Indicator) -> float | None:
    """The value as the reader sees it: a difference is taken between shown values."""
    if is_missing(value):
        return None
    return float(f"{float(value):.{shown_decimals(indicator)}f}")


def value_with_unit(value: float | None, indicator: Indicator) -> str:
    if is_missing(value):
        return "—"
    if indicator.is_percent:
        return percent(value)
    decimals = shown_decimals(indicator)
    return f"{number(value, decimals)} {unit_for(value, indicator.unit)}".strip()


def unit_for(value: float, unit: str) -> str:
    """French agreement: « 1 action », « 0 réclamation », « 2 actions » (below 2 is singular)."""
    if abs(value) >= 2:
        return unit
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in unit.split())


def sense_sign(indicator: Indicator) -> str:
    """« ≥ » where higher is better, « ≤ » where lower is."""
    return "≥" if indicator.direction == "higher" else "≤"


def unit_column(indicator: Indicator) -> str:
    """The unit of a workbook's « Unité » column beside a real number: « % » or the declared
    unit."""
    return "%" if indicator.is_percent else indicator.unit


def objective_text(target: float | None, indicator: Indicator) -> str:
    if is_missing(target):
        return "sans objectif"
    # A no-break space: « ≥ » never ends a line away from its figure (« objectif ≥ / 90 % »).
    sign = f"{sense_sign(indicator)}\u00a0"
    if indicator.is_percent:
        return f"{sign}{percent(target, 0)}"
    shown = number(target, 0 if float(target).is_integer() else 1)
    return f"{sign}{shown} {unit_for(float(target), indicator.unit)}"


def date_fr(day: dt.date | None) -> str:
    if day is None or day != day:  # NaT and NaN are not equal to themselves
        return ""
    return day.strftime("%d/%m/%Y")


def month_label(day: dt.date, long: bool = False) -> str:
    names = MONTHS_LONG if long else MONTHS_SHORT
    return f"{names[day.month - 1]} {day.year}"


def of_month(day: dt.date) -> str:
    """« d'octobre 2026 », « de mars 2026 »: French elides « de » before a vowel."""
    return of_label(month_label(day, long=True))


def of_label(label: str) -> str:
    """« d'oct. 2026 », « d'août 2026 », « de T4 2026 »: « de » before a period's label."""
    return f"d'{label}" if label[:1].lower() in "aeiouyéèêâà" else f"de {label}"


def objective_phrase(text: str) -> str:
    """« objectif ≥ 90 % », or « sans objectif » alone (never « objectif sans objectif »)."""
    return text if text == "sans objectif" else f"objectif {text}"


def period_label(day: dt.date, frequency: str) -> str:
    if frequency == "quarterly":
        return f"T{(day.month - 1) // 3 + 1} {day.year}"
    if frequency == "yearly":
        return str(day.year)
    if frequency == "rolling12":
        return f"12 mois à fin {month_label(day)}"
    return month_label(day)


def status_badge(status: str) -> str:
    return f"{STATUS_ICONS.get(status, '')} {status}".strip()


def margin_text(ci_low: float | None, ci_high: float | None) -> str:
    """'± 9 pts' from a confidence interval, for the committee."""
    if is_missing(ci_low) or is_missing(ci_high):
        return ""
    return f"± {number((ci_high - ci_low) / 2, 0)} pts"


def display_table(frame: pd.DataFrame, kind: str | None = None) -> pd.DataFrame:
    """A table as a French reader expects it: dates as dd/mm/yyyy and, for the records of a
    source kind, French column headers."""
    from qualiboard.domain.labels import column_label

    shown = frame.copy()
    for column in shown.columns:
        values = shown[column]
        if (
            pd.api.types.is_datetime64_any_dtype(values)
            or values.map(lambda v: isinstance(v, dt.date)).any()
        ):
            shown[column] = values.map(lambda v: date_fr(v) if isinstance(v, dt.date) else v)
    if kind is not None:
        shown = shown.rename(columns=lambda c: column_label(kind, c))
    return shown
