"""Durations in minutes read by what their header says: « Temps d'attente (hh:mm) » makes « 0:05 »
five minutes, « Temps d'attente (secondes) » makes « 300 » five minutes. Without a word of the
header, « 0:12 » is read as minutes:seconds, and the import says so: the same two numbers may be
hours:minutes in another tool, and nothing from data is guessed silently.

A sign belongs to the whole duration: « -00:00:45 » is minus 45 seconds (a negative wait, refused
by the import), never 45 seconds; a part out of its range (« 0:75 ») is unreadable, not read."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from qualiboard.domain.text import by_count, count_of, number

_HOURS_MINUTES = re.compile(r"(?i)\bh{1,2}\s*:\s*mm\b(?!\s*:)")
# « (mm:ss) » says minutes:seconds; « (hh:mm:ss) » says nothing of a value written in two numbers.
_MINUTES_SECONDS = re.compile(r"(?i)(?<!h:)(?<!h : )\bm{1,2}\s*:\s*ss\b")
_SECONDS = re.compile(r"(?i)\bsec(?:onde)?s?\b|\(\s*s\s*\)")
_MINUTES = re.compile(r"(?i)\bmin")
_HOURS = re.compile(r"(?i)\bheures?\b|\(\s*h\s*\)")
# A minus sign as typed: the hyphen-minus or the true minus (U+2212) of French typography.
MINUS_SIGNS = "-\u2212"
_SIGN = rf"[+{MINUS_SIGNS}]?"
_CLOCK = rf"^({_SIGN})(\d{{1,3}}):([0-5]\d)$"
_BLANKS = re.compile(r"[\s\u00a0\u202f]+")
_PLAIN_NUMBER = rf"^{_SIGN}[\d\s\u00a0\u202f.,]+$"
_SECS = r"(?:''|\"|s|secs?|secondes?)"
# Written without a sign (it is read apart); every part after the first stays below 60. Each part
# is worth its factor in minutes, or (negative) is divided by it: 30 s is 30 / 60 minutes.
_FORMS: tuple[tuple[re.Pattern[str], tuple[int, ...]], ...] = (
    (re.compile(r"^(\d+):([0-5]?\d):([0-5]?\d(?:[.,]\d+)?)$"), (60, 1, -60)),  # 00:12:30
    (re.compile(r"^(\d+):([0-5]?\d(?:[.,]\d+)?)$"), (1, -60)),  # 12:30 (mm:ss)
    (re.compile(r"^(\d+)h([0-5]?\d)?(?:mn|min)?$"), (60, 1)),  # 1h05, 1 h 05, 2h
    (re.compile(rf"^(\d+)(?:'|’|mn|min)([0-5]?\d){_SECS}?$"), (1, -60)),  # 12'30, 12min30s
    (re.compile(rf"^(\d+){_SECS}$"), (-60,)),  # 45 s, 45 secondes
    # ISO 8601, as OpenDocument writes a duration (« PT00H00M45S »; negative: « -PT… »).
    (
        re.compile(r"^p(?:(\d+)d)?t(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:[.,]\d+)?)s)?$"),
        (1440, 60, 1, -60),
    ),
)


def duration_minutes(value: object) -> float:
    """Minutes of a waiting time: '00:12:30', '12:30' (mm:ss), '1 h 05', "12'30", '45 s',
    'PT00H12M30S', a timedelta or a time cell; signed as written; NaN if unreadable."""
    if isinstance(value, (dt.timedelta, pd.Timedelta)):
        return value.total_seconds() / 60
    if isinstance(value, dt.time):
        return value.hour * 60 + value.minute + value.second / 60
    text = _BLANKS.sub("", str(value)).lower()
    sign = 1.0
    if text[:1] and text[0] in "+" + MINUS_SIGNS:
        sign, text = (-1.0 if text[0] in MINUS_SIGNS else 1.0), text[1:]
    for pattern, scales in _FORMS:
        match = pattern.match(text)
        if match and any(match.groups()):
            parts = [float(p.replace(",", ".")) if p else 0.0 for p in match.groups()]
            worth = [p / -s if s < 0 else p * s for p, s in zip(parts, scales, strict=True)]
            return sign * sum(worth)
    return np.nan


def duration_text(value: dt.timedelta) -> str:
    """« -00:00:45 »: a duration cell as a spreadsheet shows it (Python writes « -1 day,
    23:59:15 »)."""
    seconds = round(value.total_seconds())
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    return f"{sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def is_minutes_field(name: str) -> bool:
    """A field the schema keeps in minutes (`wait_minutes`): its header may state another unit."""
    return name.endswith("_minutes")


def _stated_scale(header: str) -> float | None:
    """Minutes per unit of the plain numbers the header states, or None for minutes. « Attente
    (min:sec) » names minutes first: its plain numbers are minutes."""
    if _MINUTES.search(header):
        return None
    if _SECONDS.search(header):
        return 1 / 60
    if _HOURS.search(header):
        return 60
    return None


def minutes_as_stated(
    raw: pd.Series, values: pd.Series, header: str
) -> tuple[pd.Series, list[str]]:
    """`values` (minutes, as `parse_numbers` read them) corrected by the unit the header states,
    and the French notes that say how the column was read."""
    text = raw.astype("string").str.strip()
    clock = text.str.extract(_CLOCK)
    two_numbers = clock[1].notna().to_numpy(dtype=bool)
    if _HOURS_MINUTES.search(header):
        values = values.copy()
        sign = np.where(clock[0][two_numbers].isin(list(MINUS_SIGNS)), -1.0, 1.0)
        values[two_numbers] = sign * (
            clock[1][two_numbers].astype(float) * 60 + clock[2][two_numbers].astype(float)
        )
        return values, []
    notes: list[str] = []
    # Only a bare number takes the header's unit: « 45 min » under « (secondes) » says minutes.
    plain = values.notna() & text.str.fullmatch(_PLAIN_NUMBER).fillna(False).astype(bool)
    scale = _stated_scale(header)
    if scale is not None and plain.any():
        values = values.copy()
        values[plain] = values[plain] * scale
        unit = "secondes" if scale < 1 else "heures"
        notes.append(f"colonne « {header} » : durées en {unit}, converties en minutes")
    if two_numbers.any() and not _MINUTES_SECONDS.search(header):
        example = str(text[two_numbers].iloc[0])
        minutes = float(values[two_numbers].iloc[0])
        read = int(two_numbers.sum())
        notes.append(
            f"colonne « {header} » : {count_of(read, 'durée', 'durées')} à deux nombres "
            f"{by_count(read, 'lue', 'lues')} en minutes:secondes (« {example} » = "
            f"{number(minutes, 2)} min) ; si ce sont "
            "des heures:minutes, ajoutez « (hh:mm) » à l'en-tête et importez de nouveau"
        )
    return values, notes
