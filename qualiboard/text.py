"""Text folding shared by header matching, service names and statuses."""

from __future__ import annotations

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


def clean_label(value: object) -> str:
    """Trim and collapse white space (including non-breaking spaces) of a display label."""
    if value is None:
        return ""
    text = str(value).replace("\u00a0", " ").replace("\u202f", " ")
    return " ".join(text.split())
