"""Checks between fields and against plausible bounds, read from the schema (`Field.part_of`,
`Field.plausible_max`, `Delay.plausible_max_days`) so that every source kind gets them at once.

A part above its whole cannot be true: the row is refused. A value beyond its plausible bound may
be true: the row is kept and one warning per column lists the rows, for someone to look.

Typed-in measurements are also checked against what the catalogue's indicators read
(domain.measures, `measurement_readers`): a row giving no figure, or half a pair a ratio reads,
is refused; a row no indicator can count (a value alone where the indicator adds numerators and
denominators, a code no indicator reads) is imported with a warning naming the row, the column
and why.
"""

from __future__ import annotations

import pandas as pd

from qualiboard.domain.config import Organisation
from qualiboard.domain.measures import FIGURES, PAIR, half_pair, uncounted
from qualiboard.domain.schema import SourceKind
from qualiboard.domain.text import by_count, count_of, number
from qualiboard.ingest.errors import Problem
from qualiboard.ingest.mapping import Mapping
from qualiboard.ingest.normalise import as_dates
from qualiboard.ingest.wholes import Findings

ROWS_NAMED = 20  # rows named in a warning; the count says how many there are in all
# Beyond this many distinct (part, whole) pairs, the reason names no figure: a message per pair
# would cost a loop per pair on a million-row file, and the value shown already says it.
_PAIRS_NAMED = 200


def figure(value: float) -> str:
    """« 12 », « 3 600 », « 12,5 »: a value as the file's reader wrote it."""
    return number(value) if float(value).is_integer() else number(value, 2).rstrip("0")


def parts_above_wholes(
    kind: SourceKind, out: pd.DataFrame, headers: dict[str, str]
) -> list[tuple[pd.Series, str, str]]:
    """(rows, part field, French reason) for each row whose part exceeds its whole: « numérateur
    (12) supérieur à « Dénominateur » (10) »."""
    found: list[tuple[pd.Series, str, str]] = []
    for f in kind.fields:
        if f.part_of is None or f.name not in out or f.part_of not in out:
            continue
        part = pd.to_numeric(out[f.name], errors="coerce")
        whole = pd.to_numeric(out[f.part_of], errors="coerce")
        above = (part > whole).fillna(False).astype(bool)
        if not above.any():
            continue
        whole_name = headers.get(f.part_of) or kind.field(f.part_of).label
        pairs = pd.DataFrame({"part": part[above], "whole": whole[above]})
        distinct = pairs.drop_duplicates()
        if len(distinct) > _PAIRS_NAMED:
            found.append((above, f.name, f"{f.label.lower()} supérieur à « {whole_name} »"))
            continue
        for a, b in distinct.itertuples(index=False):
            rows = above & part.eq(a) & whole.eq(b)
            why = f"{f.label.lower()} ({figure(a)}) supérieur à « {whole_name} » ({figure(b)})"
            found.append((rows, f.name, why))
    return found


def implausible_warnings(
    kind: SourceKind, out: pd.DataFrame, headers: dict[str, str]
) -> list[Problem]:
    """One warning per column holding values beyond their plausible bound, naming the rows."""
    warnings: list[Problem] = []
    rows = out["source_row"] if "source_row" in out else pd.Series(out.index, index=out.index)
    for f in kind.fields:
        if f.plausible_max is None or f.name not in out or f.name not in headers:
            continue
        values = pd.to_numeric(out[f.name], errors="coerce")
        beyond = (values > f.plausible_max).fillna(False).astype(bool)
        if beyond.any():
            what = f"{f.label.lower()} au-delà de {figure(f.plausible_max)}"
            listed = [
                f"{int(r)} ({figure(v)})" for r, v in zip(rows[beyond], values[beyond], strict=True)
            ]
            warnings.append(_warning(what, listed, headers[f.name]))
    for delay in kind.delays:
        if delay.plausible_max_days is None or delay.end not in headers:
            continue
        if delay.start not in out or delay.end not in out:
            continue
        days = (as_dates(out[delay.end]) - as_dates(out[delay.start])).dt.days
        beyond = (days > delay.plausible_max_days).fillna(False).astype(bool)
        if beyond.any():
            what = f"{delay.label} de plus de {delay.plausible_max_days} jours"
            listed = [
                f"{int(r)} ({number(d)} jours)"
                for r, d in zip(rows[beyond], days[beyond], strict=True)
            ]
            warnings.append(_warning(what, listed, headers[delay.end]))
    return warnings


def _warning(what: str, listed: list[str], column: str) -> Problem:
    named = ", ".join(listed[:ROWS_NAMED])
    others = len(listed) - ROWS_NAMED
    more = f" et {count_of(others, 'autre', 'autres')}" if others > 0 else ""
    rows = by_count(len(listed), "ligne", "lignes")
    values = by_count(
        len(listed),
        "valeur invraisemblable, importée telle quelle",
        "valeurs invraisemblables, importées telles quelles",
    )
    # The rows first: the import page's table shows the beginning of a long message.
    return Problem(
        "avertissement",
        f"{rows} {named}{more} : {what} — {values}, à vérifier",
        None,
        column,
    )


NO_FIGURE = "ni valeur, ni numérateur et dénominateur"


def check_measurements(
    out: pd.DataFrame,
    mapping: Mapping,
    body: pd.DataFrame,
    organisation: Organisation,
    found: Findings,
    invalid: set[int],
) -> None:
    """Report to `found` the rows of measurements that cannot count as given (`invalid`: the rows
    already refused, which get no warning on top of their error)."""
    nothing = out["value"].isna() & (out["numerator"].isna() | out["denominator"].isna())
    # Half a pair and no value: said with the column and the figure the row does give.
    for has, lacks in (PAIR, PAIR[::-1]):
        alone = nothing & out[has].notna()
        why = f"{FIGURES[has]} sans {FIGURES[lacks]}, et aucune valeur"
        found.rows(alone, _raw(body, mapping, has), mapping.columns.get(has), why)
    found.rows(nothing & out[PAIR[0]].isna() & out[PAIR[1]].isna(), None, None, NO_FIGURE)
    readers = organisation.measurement_readers
    if not readers:
        return
    given = pd.DataFrame({name: out[name].notna() for name in FIGURES}, index=out.index)
    keys = pd.concat([out["indicator"].astype(object).rename("code"), given], axis=1)
    keys = keys.loc[out["indicator"].notna() & ~nothing & ~out.index.isin(list(invalid))]
    for (code, *flags), group in keys.groupby(list(keys.columns), sort=False, dropna=False):
        filled = frozenset(f for f, on in zip(FIGURES, flags, strict=True) if on)
        rows = pd.Series(out.index.isin(group.index), index=out.index)
        refused = half_pair(code, filled, readers)
        if refused:
            shown = "numerator" if "numerator" in filled else "denominator"
            found.rows(rows, _raw(body, mapping, shown), mapping.columns.get(shown), refused)
            continue
        why = uncounted(code, filled, readers)
        if why:
            # The figure the row gives is the one that counts nowhere; without one, its code.
            shown = next((f for f in FIGURES if f in filled), "indicator")
            raw, header = _raw(body, mapping, shown), mapping.columns.get(shown)
            found.rows(rows, raw, header, why, "avertissement")


def _raw(body: pd.DataFrame, mapping: Mapping, name: str) -> pd.Series | None:
    header = mapping.columns.get(name)
    return body[header] if header in body.columns else None
