"""Durations in minutes read by what their header says: « Temps d'attente (hh:mm) » makes « 0:05 »
five minutes, « Temps d'attente (secondes) » makes « 300 » five minutes. Without a word of the
header, « 0:12 » is read as minutes:seconds, and the import says so: the same two numbers may be
hours:minutes in another tool, and nothing from data is guessed silently."""

from __future__ import annotations

import re

import pandas as pd

from qualiboard.domain.text import by_count, count_of, number

_HOURS_MINUTES = re.compile(r"(?i)\bh{1,2}\s*:\s*mm\b(?!\s*:)")
_MINUTES_SECONDS = re.compile(r"(?i)\bm{1,2}\s*:\s*ss\b")
_SECONDS = re.compile(r"(?i)\bsec(?:onde)?s?\b|\(\s*s\s*\)")
_MINUTES = re.compile(r"(?i)\bmin")
_HOURS = re.compile(r"(?i)\bheures?\b|\(\s*h\s*\)")
_CLOCK = r"^(\d{1,3}):(\d{2})$"


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
    two_numbers = clock[0].notna().to_numpy(dtype=bool)
    if _HOURS_MINUTES.search(header):
        values = values.copy()
        values[two_numbers] = clock[0][two_numbers].astype(float) * 60 + clock[1][
            two_numbers
        ].astype(float)
        return values, []
    notes: list[str] = []
    plain = values.notna() & ~text.str.contains(r"[:'’h]", regex=True).fillna(True)
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
