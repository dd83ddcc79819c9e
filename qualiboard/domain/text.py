"""Text folding shared by header matching, service names and statuses."""

from __future__ import annotations

import math
import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(value: object) -> str:
    """Lower-case, accent-free, punctuation-free key: 'État-civil ' -> 'etat civil'."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    return _NON_ALNUM.sub(" ", text).strip()


# How a cell a spreadsheet would run as a formula begins. Such a text is data, kept as typed: it
# never meets another spelling under its folded key (« =CCAS » is not the service « CCAS »).
FORMULA_STARTS = ("=", "+", "-", "@")


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def name_key(value: object) -> str:
    """The key under which the spellings of one name meet: the folded text, except for a
    formula-looking text, which only meets itself (fold never yields a NUL)."""
    if looks_like_formula(value):
        return "\x00" + str(value)
    return fold(value)


def clean_label(value: object) -> str:
    """Trim and collapse white space (including non-breaking spaces) of a display label."""
    if value is None:
        return ""
    text = str(value).replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(text.split())


NBSP = "\u202f"  # narrow no-break space, as French typography puts before % and between thousands


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


MINUS = "\u2212"  # the true minus sign of French print, not the hyphen


def number(value: float | None, decimals: int = 0) -> str:
    """« 12 477 », « 83,9 », « −6,1 »: a number as a French reader writes it (every layer's
    messages). A value that rounds to zero is written without sign: « −0,0 » would read as a
    fall."""
    if is_missing(value):
        return "—"
    rounded = round(float(value), decimals) + 0.0  # -0.0 + 0.0 is 0.0
    text = f"{abs(rounded):,.{decimals}f}".replace(",", NBSP).replace(".", ",")
    return f"{MINUS}{text}" if rounded < 0 else text


def signed_number(value: float, decimals: int = 0) -> str:
    """« +2,0 », « −6,1 », « 0,0 »: a change, its sign always written (none for zero)."""
    text = number(value, decimals)
    return f"+{text}" if round(float(value), decimals) > 0 else text


def short_number(value: float) -> str:
    """« 1,5 », « 90 »: a catalogue value with only the decimals it has, as the quality
    officer typed it (six significant digits, no thousands separator)."""
    return f"{value:g}".replace(".", ",")


def count_of(count: int, singular: str, plural: str) -> str:
    """« 1 avertissement », « 3 avertissements » (zero takes the plural, as `ingest.accounting`
    writes « 0 mises à jour » in the same sentences)."""
    return f"{number(count)} {by_count(count, singular, plural)}"


def by_count(count: int, singular: str, plural: str) -> str:
    """The words that agree with `count`, as « vient » or « viennent » after `count_of`."""
    return singular if count == 1 else plural
