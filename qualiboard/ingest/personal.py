"""Citizens' personal data, told by its header or by its values, so that it is never stored.

A column is personal when its header says so (« Nom », « Courriel de contact », « Tél. portable »…)
or when most of its filled cells are e-mail addresses, French phone numbers, social security
numbers (NIR) or birth dates, whatever its header (« Identifiant usager » holding e-mails).
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from qualiboard.domain.personal_headers import is_personal_header
from qualiboard.ingest.cells import cell_date, filled_sample

# Enough cells to tell a column's nature; reading a million would only cost time.
# Share of the filled cells that must have the shape: a few typos never hide a column of e-mails,
# and a free-text column quoting one address now and then is not taken for one.
MOSTLY = 0.5

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
# 06 12 34 56 78, 06.12.34.56.78, +33 6 12 34 56 78, 0033612345678, 0262 12 34 56 (DOM).
_PHONE = re.compile(
    r"^(?:(?:\+|00)(?:33|262|269|590|594|596|687|689)\s*(?:\(0\))?\s*[1-9]|0[1-9])"
    r"(?:[\s.\-]?\d{2}){4}$"
)
# NIR: sex digit, year, month, department (2A/2B for Corsica), commune, order, optional key.
_NIR = re.compile(
    r"^[12]\s?\d{2}\s?(?:0[1-9]|1[0-2]|[2-9]\d)\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}(?:\s?\d{2})?$",
    re.IGNORECASE,
)
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_TEXT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")

REASONS = {
    "header": "son intitulé désigne une donnée personnelle",
    "email": "ses valeurs sont des adresses électroniques",
    "phone": "ses valeurs sont des numéros de téléphone",
    "nir": "ses valeurs sont des numéros de sécurité sociale",
    "birth": "ses valeurs sont des dates de naissance",
}


def _as_date(value: object) -> dt.date | None:
    typed = cell_date(value)
    if typed is not None or not isinstance(value, str):
        return typed
    text = value.strip()
    match = _DATE_TEXT.match(text)
    try:
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        match = _ISO_TEXT.match(text)
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return None


def _looks_like_birth_dates(sample: list[object], today: dt.date) -> bool:
    """People's birth dates: spread over decades and well in the past, unlike the dates of
    letters or reports, which cluster within a few years of the export."""
    allowed_misses = len(sample) - max(3, MOSTLY * len(sample))
    if allowed_misses < 0:  # fewer than three dates can show no spread
        return False
    dates, misses = [], 0
    for value in sample:
        day = _as_date(value)
        if day is None:
            misses += 1
            if misses > allowed_misses:  # a column of text: decided without reading it all
                return False
        else:
            dates.append(day)
    # Older than 16 for most, spread over 20 years or more: a register of letters is neither.
    cutoff = today - dt.timedelta(days=16 * 365)
    adults = [d for d in dates if dt.date(1900, 1, 1) <= d <= cutoff]
    if len(adults) < 0.8 * len(dates):
        return False
    years = sorted(d.year for d in adults)
    return years[-1] - years[0] >= 20


def _texts(sample: list[object]) -> list[str]:
    """Cells as the text a person typed (a mobile number typed as a number gets its 0 back)."""
    texts = []
    for value in sample:
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
        if isinstance(value, (int, float)) and len(text) == 9 and text[0] in "67":
            text = "0" + text  # a mobile number typed as a number loses its leading zero
        texts.append(text.strip())
    return texts


def _mostly(texts: list[str], pattern: re.Pattern[str]) -> bool:
    """At least MOSTLY of the texts have the shape; stops as soon as that cannot be reached."""
    allowed_misses = len(texts) * (1 - MOSTLY)
    misses = 0
    for text in texts:
        if not pattern.match(text):
            misses += 1
            if misses > allowed_misses:
                return False
    return True


def personal_by_value(values: pd.Series, today: dt.date | None = None) -> str | None:
    """Which kind of personal data the values are, or None."""
    sample = filled_sample(values)
    if not sample:
        return None
    texts = _texts(sample)
    if _mostly(texts, _EMAIL):
        return "email"
    if _mostly(texts, _NIR):
        return "nir"
    if _mostly(texts, _PHONE):
        return "phone"
    if _looks_like_birth_dates(sample, today or dt.date.today()):
        return "birth"
    return None


def looks_personal(header: str, values: pd.Series | None = None) -> str | None:
    """Why this column holds a citizen's personal data (French, for the user), or None.

    Other modules (reference selection, survey questions) call it before using a column."""
    if is_personal_header(header):
        return REASONS["header"]
    if values is None:
        return None
    found = personal_by_value(values)
    return REASONS[found] if found else None


def personal_columns(headers: list[str], body: pd.DataFrame) -> dict[str, str]:
    """Header -> reason, for every personal column of a table, in file order."""
    found: dict[str, str] = {}
    for header in headers:
        reason = looks_personal(header, body[header] if header in body.columns else None)
        if reason:
            found[header] = reason
    return found


# The same shapes inside a free text (« rappeler au 06 12 34 56 78 »): bounded by non-digits so
# that a reference such as 2026-000123 is left alone.
_INLINE = re.compile(
    r"[^@\s<>()\[\],;:]+@[^@\s<>()\[\],;:]+\.[a-z]{2,}"
    r"|(?<![\w+])(?:(?:\+|00)(?:33|262|269|590|594|596|687|689)\s*(?:\(0\))?\s*[1-9]|0[1-9])"
    r"(?:[\s.\-]?\d{2}){4}(?!\d)"
    r"|(?<!\d)[12]\s?\d{2}\s?(?:0[1-9]|1[0-2])\s?(?:\d{2}|2[AB])\s?\d{3}\s?\d{3}(?:\s?\d{2})?(?!\d)"
    # IBAN (FR76 3000 6000 0112 3456 7890 189): country, check digits, then 12 to 30 letters
    # or digits, grouped by four or not.
    r"|(?<!\w)[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?(?!\w)",
    re.IGNORECASE,
)
_MAYBE_INLINE = r"@|\d(?:\D*\d){8}"
MASK = "[donnée personnelle masquée]"


def mask_personal_values(values: pd.Series) -> tuple[pd.Series, int]:
    """Texts with every e-mail address, phone number, NIR or IBAN replaced by a mask, and how many
    cells were changed: a whole column of them is dropped at import, but one quoted in a free
    text (a complaint's subject, a remark) must not be stored either."""
    text = values.astype("string")
    # Every address has an « @ » and every phone number or NIR at least nine digits: this test runs
    # in Arrow's regex engine over the whole column, Python's only over the few cells it keeps.
    found = text.str.contains(_MAYBE_INLINE, regex=True, na=False).to_numpy(dtype=bool)
    maybe = np.flatnonzero(found)
    found[maybe] = text.iloc[maybe].str.contains(_INLINE, na=False).to_numpy(dtype=bool)
    if not found.any():
        return values, 0
    masked = values.copy().astype(object)
    masked[found] = text[found].str.replace(_INLINE, MASK, regex=True).astype(object)
    return masked, int(found.sum())
