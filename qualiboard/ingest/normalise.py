"""Turn the cells of French exports into typed values.

Every parser is vectorised (a Series in, a Series out) and returns, beside the values, a mask of the
cells that were not empty but could not be read, so the caller can report them row by row.
French files are day-first: 01/02/2026 is the 1st of February, never the 2nd of January.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from qualiboard.domain.text import clean_label, fold
from qualiboard.ingest.distinct import arrow_text, is_arrow_text, per_distinct_value, text_series
from qualiboard.ingest.duration_units import duration_minutes

_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


_DAY_FIRST = re.compile(
    r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})"
    r"(?:[ T]+(?P<H>\d{1,2})[:h](?P<M>\d{2})(?::(?P<S>\d{2}(?:\.\d+)?))?)?$"
)


_ISO = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}(?:\.\d+)?))?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)


_MONTHS = {
    "janvier": 1,
    "janv": 1,
    "jan": 1,
    "fevrier": 2,
    "fevr": 2,
    "fev": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "aout": 8,
    "septembre": 9,
    "sept": 9,
    "sep": 9,
    "octobre": 10,
    "oct": 10,
    "novembre": 11,
    "nov": 11,
    "decembre": 12,
    "dec": 12,
}


# Period exports (phone statistics, monthly counts) name a month, not a day: the 1st is meant.
_MONTH_YEAR = re.compile(r"^(?P<m>\d{1,2})[/.\-](?P<y>\d{4})$")


_YEAR_MONTH = re.compile(r"^(?P<y>\d{4})[/.\-](?P<m>\d{1,2})$")


_WORDY = re.compile(r"^(?:(?P<d>\d{1,2}) )?(?P<mon>[a-z]+) (?P<y>\d{4}|\d{2})$")


_MONTHS.update(
    {"feb": 2, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "janvie": 1, "fevrie": 2}
)


def as_dates(values: pd.Series) -> pd.Series:
    """Dates as datetime64; a field absent from the file (all empty) becomes NaT. Parsed dates
    pass through untouched: `pd.to_datetime` would look for a format in a million of them."""
    if pd.api.types.is_datetime64_dtype(values.dtype):
        return values
    return pd.to_datetime(values, cache=False)


def _empty_mask(values: pd.Series) -> pd.Series:
    return values.isna() | values.map(lambda v: isinstance(v, str) and not v.strip())


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates from text (31/01/2026, 31/01/26, 2026-01-31, 31/01/2026 14:05, janvier 2026),
    Excel serial numbers and real date cells. Returns (datetime64 Series, unreadable mask)."""
    cells = _date_cells(values)
    if cells is not None:
        return cells, pd.Series(False, index=values.index)
    return _parse_dates(values)


def _date_cells(values: pd.Series) -> pd.Series | None:
    """A workbook column of real date cells (or date-and-time cells) and blanks, converted by
    Arrow in one go; None when any cell is something else."""
    if pd.api.types.is_datetime64_dtype(values.dtype):
        return values.astype("datetime64[us]")
    if values.dtype != object or len(values) < 64:
        return None
    cells = values.to_numpy()
    # Only dates, or only dates with a time: Arrow would read a stray number as days since 1970.
    # Empty strings make the column "mixed": the cell-by-cell path then deals with them.
    if pd.api.types.infer_dtype(cells, skipna=True) not in ("date", "datetime"):
        return None
    try:
        array = pa.array(cells, from_pandas=True).cast(pa.timestamp("us"))
    except (pa.ArrowTypeError, pa.ArrowInvalid, OverflowError):
        return None
    dates = pa.chunked_array([array]).to_pandas()
    dates.index = values.index
    return dates


@per_distinct_value
def _parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    empty = _empty_mask(values)
    kinds = values.map(type)
    is_date = kinds.isin([dt.datetime, pd.Timestamp, dt.date])
    if is_date.any():
        result[is_date] = pd.to_datetime(values[is_date].map(_as_datetime), errors="coerce")
    is_number = kinds.isin([int, float, np.int64, np.float64]) & ~empty
    if is_number.any():
        result[is_number] = _from_serial(values[is_number].astype(float))
    is_text = kinds.eq(str) & ~empty
    if is_text.any():
        result[is_text] = _from_text(values[is_text].str.strip())
    unreadable = result.isna() & ~empty
    return result, unreadable


parse_dates.__wrapped__ = _parse_dates.__wrapped__  # type: ignore[attr-defined]


def _as_datetime(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time())


def _from_serial(serials: pd.Series) -> pd.Series:
    valid = serials.between(1, 2958465)
    out = pd.Series(pd.NaT, index=serials.index, dtype="datetime64[us]")
    # To the second: a fraction of a day written by a tool is a time of day, not nanoseconds.
    seconds = (serials[valid] * 86400).round()
    out[valid] = _EXCEL_EPOCH + pd.to_timedelta(seconds, unit="s").astype("timedelta64[us]")
    return out


def _assemble(parts: pd.DataFrame) -> pd.Series:
    year = pd.to_numeric(parts["y"], errors="coerce")
    year = year.where(year >= 100, np.where(year < 70, 2000 + year, 1900 + year))
    frame = pd.DataFrame(
        {
            "year": year,
            "month": pd.to_numeric(parts["m"], errors="coerce"),
            "day": pd.to_numeric(parts["d"], errors="coerce"),
            "hour": pd.to_numeric(parts.get("H"), errors="coerce").fillna(0),
            "minute": pd.to_numeric(parts.get("M"), errors="coerce").fillna(0),
            "second": pd.to_numeric(parts.get("S"), errors="coerce").fillna(0).astype(int),
        },
        index=parts.index,
    )
    ok = (
        frame["year"].between(1, 9999) & frame["month"].between(1, 12) & frame["day"].between(1, 31)
    )
    out = pd.Series(pd.NaT, index=parts.index, dtype="datetime64[us]")
    if ok.any():
        out[ok] = pd.to_datetime(frame[ok], errors="coerce")
    return out


def _from_text(texts: pd.Series) -> pd.Series:
    out = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[us]")
    for pattern in (_DAY_FIRST, _ISO, _MONTH_YEAR, _YEAR_MONTH):
        todo = out.isna()
        if not todo.any():
            break
        parts = texts[todo].str.extract(pattern)
        parts = parts.reindex(columns=["y", "m", "d", "H", "M", "S"])
        parts["d"] = parts["d"].astype(object).fillna("1")
        matched = parts["y"].notna()
        if matched.any():
            out[parts.index[matched]] = _assemble(parts[matched])
    todo = out.isna()
    if todo.any():
        # Serial numbers exported as text, and "janvier 2026" / "15 mars 2026".
        numeric = pd.to_numeric(texts[todo].str.replace(",", ".", regex=False), errors="coerce")
        serial = numeric.notna()
        if serial.any():
            out[numeric.index[serial]] = _from_serial(numeric[serial])
        rest = texts[todo][~serial]
        if len(rest):
            out[rest.index] = rest.map(_wordy_date)
    return out


def _wordy_date(text: str) -> pd.Timestamp:
    match = _WORDY.match(fold(text.replace(".", " ")))
    if not match or match["mon"] not in _MONTHS:
        return pd.NaT
    year = int(match["y"])
    year += 2000 if year < 70 else 1900 if year < 100 else 0
    try:
        return pd.Timestamp(year, _MONTHS[match["mon"]], int(match["d"] or 1))
    except ValueError:
        return pd.NaT


# No apostrophe here: « 12'30 » is a wait of 12 min 30 s, never twelve hundred and thirty.
_NUMBER_JUNK = re.compile(r"[\s\u00a0\u202f]|%|€|min(?:utes?)?\.?$|pts?$", re.IGNORECASE)
_DURATION_CELLS = [dt.timedelta, pd.Timedelta, dt.time]


@per_distinct_value
def parse_numbers(values: pd.Series, durations: bool = False) -> tuple[pd.Series, pd.Series]:
    """Numbers with decimal comma, thousands spaces, percent signs ("87,5 %", "1 234,5") and a
    minus sign typed as a hyphen or as the true minus (« −6,1 »). With `durations`, waiting times
    too (« 00:12:30 », « 1 h 05 », time cells: see duration_units), in minutes; elsewhere such a
    cell is unreadable, never a number it does not say."""
    if values.dtype.kind in "mM":
        # A column of duration (or date) cells with a blank comes typed: read cell by cell, as
        # any other (its cast to numbers raised, and the whole file was refused).
        values = values.astype(object)
    empty = _empty_mask(values)
    kinds = values.map(type)
    out = pd.Series(np.nan, index=values.index, dtype="float64")
    numeric = kinds.isin([int, float, np.int64, np.float64, bool]) & ~empty
    out[numeric] = values[numeric].astype(float)
    is_text = kinds.eq(str) & ~empty
    if is_text.any():
        text = values[is_text].str.strip().str.replace(_NUMBER_JUNK, "", regex=True)
        text = text.str.replace("\u2212", "-", regex=False)
        both = text.str.contains(",", regex=False) & text.str.contains(".", regex=False)
        # With both separators, the last one is the decimal mark: 1.234,5 or 1,234.5.
        comma_decimal = text.str.rfind(",") > text.str.rfind(".")
        text = text.mask(both & comma_decimal, text.str.replace(".", "", regex=False))
        text = text.mask(both & ~comma_decimal, text.str.replace(",", "", regex=False))
        text = text.str.replace(",", ".", regex=False)
        out[is_text] = pd.to_numeric(text, errors="coerce")
        out[np.isinf(out)] = np.nan  # « inf », « -Infinity »: words, not numbers
        others = is_text & out.isna()
        if durations and others.any():
            out[others] = values[others].map(duration_minutes)
    is_delta = kinds.isin(_DURATION_CELLS)
    if durations and is_delta.any():
        out[is_delta] = values[is_delta].map(duration_minutes)
    unreadable = out.isna() & ~empty
    return out, unreadable


# Scores: labels of the usual 4-point satisfaction scale; "sans avis" is not an answer.
SCORE_LABELS: dict[str, tuple[float, float]] = {
    "tres satisfait": (4, 4),
    "tout a fait satisfait": (4, 4),
    "satisfait": (3, 4),
    "plutot satisfait": (3, 4),
    "assez satisfait": (3, 4),
    "peu satisfait": (2, 4),
    "plutot pas satisfait": (2, 4),
    "plutot insatisfait": (2, 4),
    "pas satisfait": (1, 4),
    "insatisfait": (1, 4),
    "pas du tout satisfait": (1, 4),
    "tres insatisfait": (1, 4),
    "mecontent": (1, 4),
    "tres mecontent": (1, 4),
    "tout a fait d accord": (4, 4),
    "plutot d accord": (3, 4),
    "plutot pas d accord": (2, 4),
    "pas du tout d accord": (1, 4),
    "tres bien": (4, 4),
    "bien": (3, 4),
    "moyen": (2, 4),
    "mauvais": (1, 4),
    "excellent": (4, 4),
    "tres bon": (4, 4),
    "bon": (3, 4),
    "insuffisant": (2, 4),
    "tres insuffisant": (1, 4),
}


# The 5-level scale, met when a column's answers hold a neutral middle: then « Très satisfait »
# is 5 of 5, not 4 of 4. Without one, the labels keep the 4-level reading above.
NEUTRAL_LABELS = frozenset(
    {
        "ni satisfait ni insatisfait",
        "neutre",
        "moyennement satisfait",
        "ni d accord ni pas d accord",
    }
)
SCORE_LABELS_5: dict[str, float] = {
    "tres satisfait": 5,
    "tout a fait satisfait": 5,
    "plutot satisfait": 4,
    "satisfait": 4,
    "assez satisfait": 4,
    **dict.fromkeys(NEUTRAL_LABELS, 3),
    "plutot insatisfait": 2,
    "peu satisfait": 2,
    "plutot pas satisfait": 2,
    "insatisfait": 2,
    "pas satisfait": 2,
    "tres insatisfait": 1,
    "pas du tout satisfait": 1,
    "tout a fait d accord": 5,
    "plutot d accord": 4,
    "plutot pas d accord": 2,
    "pas du tout d accord": 1,
}


NO_OPINION = {"sans avis", "ne sait pas", "nsp", "ne se prononce pas", "non concerne", "sans objet"}


_FRACTION = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*/\s*(\d+)\s*$")


@per_distinct_value
def parse_scores(
    values: pd.Series, declared_scale: float | None = None
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Scores written "4", "4/5", "Très satisfait". Returns (score, scale_max, unreadable).

    The scale of bare numbers is the one the header declares (« Accueil (note sur 5) »), else
    it is inferred from the column: at most 4 -> 4, 5 -> 5, else 10.
    """
    empty = _empty_mask(values)
    score = pd.Series(np.nan, index=values.index, dtype="float64")
    scale = pd.Series(np.nan, index=values.index, dtype="float64")
    keys = values.map(lambda v: fold(v) if isinstance(v, str) else None)
    no_opinion = keys.isin(NO_OPINION)
    labelled = keys.isin(SCORE_LABELS.keys())
    five = keys.isin(SCORE_LABELS_5.keys())
    if keys.isin(NEUTRAL_LABELS).any():
        score[five] = keys[five].map(SCORE_LABELS_5)
        scale[five] = 5.0
        four = labelled & ~five
        labelled |= five
    else:
        four = labelled
    if four.any():
        score[four] = keys[four].map(lambda k: SCORE_LABELS[k][0])
        scale[four] = keys[four].map(lambda k: SCORE_LABELS[k][1])
    fractions = values.map(lambda v: _FRACTION.match(v) if isinstance(v, str) else None)
    is_fraction = fractions.notna()
    if is_fraction.any():
        score[is_fraction] = fractions[is_fraction].map(lambda m: float(m[1].replace(",", ".")))
        scale[is_fraction] = fractions[is_fraction].map(lambda m: float(m[2]))
    bare = ~(empty | no_opinion | labelled | is_fraction)
    if bare.any():
        numbers, _ = parse_numbers(values[bare])
        score[bare] = numbers
        top = numbers.max()
        inferred = declared_scale or (4.0 if top <= 4 else 5.0 if top <= 5 else 10.0)
        scale[bare & score.notna()] = inferred
    unreadable = score.isna() & ~empty & ~no_opinion
    unreadable |= score.notna() & ((score < 0) | (score > scale))
    score[unreadable] = np.nan
    return score, scale, unreadable


_DECLARED_SCALE = re.compile(
    r"\b(?:note |notee )?(?:sur|/) ?(\d{1,3})\b|\b(?:de )?[01] a (\d{1,3})\b"
)


def declared_scale(header: str) -> float | None:
    """The scale a header states: « Accueil (note sur 5) », « Note /10 », « de 1 à 10 »."""
    match = _DECLARED_SCALE.search(fold(header).replace("/", " / "))
    if not match:
        return None
    top = float(match[1] or match[2])
    return top if 2 <= top <= 100 else None


_YES = {"oui", "o", "x", "1", "vrai", "yes", "y", "true", "ok"}


_NO = {"non", "n", "0", "faux", "no", "false", "-"}


@per_distinct_value
def parse_yes_no(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    keys = values.map(lambda v: fold(v) if v is not None and not pd.isna(v) else "")
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[keys.isin(_YES)] = True
    out[keys.isin(_NO)] = False
    unreadable = out.isna() & keys.ne("")
    return out, unreadable


_BLANK = r"[\s\p{Zs}]"  # ASCII blanks and every Unicode space (no-break, thin…)


_SPACES = _BLANK + "+"


# A blank at either end, two in a row, or one that is not a plain space.
_UNTIDY = "|".join(("^" + _BLANK, _BLANK + "$", _BLANK + "{2}", r"[\t\n\r\f\v]", r"[^\P{Zs} ]"))


def clean_text(values: pd.Series) -> pd.Series:
    """Trimmed text, numbers written without a useless '.0'."""
    if is_arrow_text(values):
        # A column of text only (CSV): Arrow's kernels do it without a Python loop, and only
        # rewrite the column when some cell needs it (most exports are tidy).
        text = arrow_text(values)
        if pc.any(pc.match_substring_regex(text, _UNTIDY)).as_py():
            text = pc.utf8_trim_whitespace(pc.replace_substring_regex(text, _SPACES, " "))
        if pc.any(pc.equal(pc.binary_length(text), 0)).as_py():
            text = pc.if_else(pc.equal(text, ""), None, text)
        return text_series(text, values.index)

    def one(v: object) -> str | None:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return None
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if isinstance(v, (dt.datetime, dt.date)):
            v = v.strftime("%d/%m/%Y")
        text = clean_label(v)
        return text or None

    return values.map(one)


clean_text.handles_arrow = True  # type: ignore[attr-defined]


clean_text = per_distinct_value(clean_text)
