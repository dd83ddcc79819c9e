"""Record identity: which column (if any) tells one record from another across exports.

A column is a reference only if its values are unique in the file (blank cells aside), or unique
per year where the tool restarts its numbering (the key is then (year, number) and the user is
told). A unique identifier column (« id_… », « identifiant ») beats a repeated number. A column
whose values look like e-mail addresses or phone numbers is never a reference. Rows repeated
whole (same reference, same cells) are duplicates of one record: merged, and counted as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd
import pyarrow.compute as pc

from qualiboard.domain.personal_headers import is_personal_header
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.text import count_of, fold
from qualiboard.ingest.distinct import arrow_text, is_arrow_text
from qualiboard.ingest.mapping import Mapping
from qualiboard.ingest.normalise import clean_text, parse_dates
from qualiboard.ingest.personal import personal_by_value

_ID_HEADER = re.compile(r"^(?:id|identifiant|uid|uuid|guid)(?:\s|$)")
# A register's reference with a handful of repeated numbers (a record exported twice, edited
# in between) is still its reference. Beyond this share of the filled cells, the column numbers
# something else (each service counting from 1) and is no reference.
_FEW_REPEATS = 0.02


@dataclass
class Identity:
    """How records of this file are matched with those already imported."""

    mapping: Mapping
    key: tuple[str, ...] = ()  # ("reference",), ("reference", "year") or () for none
    notes: list[str] = field(default_factory=list)


def _texts(values: pd.Series) -> pd.Series:
    """Cells as the stored reference text, blanks as missing."""
    return clean_text(values)


def looks_personal(values: pd.Series) -> bool:
    """Most filled cells are e-mail addresses, phone numbers or other personal data (the same
    rule as the columns dropped at import, so a reference is never one of them)."""
    return personal_by_value(values) is not None


def _repeats(values: pd.Series) -> int:
    """Filled cells that repeat an earlier one."""
    if is_arrow_text(values):  # a hash count in Arrow, not a million-row pandas pass
        text = arrow_text(values)
        distinct = pc.count_distinct(text, mode="only_valid").as_py()
        return int(len(text) - text.null_count - distinct)
    filled = values.dropna()
    return int(filled.duplicated().sum())


def whole_row_duplicates(body: pd.DataFrame, keys: pd.Series) -> pd.Series:
    """Rows that an identical later row (same key, every cell equal) repeats: True = merged."""
    clashing = keys.notna() & keys.duplicated(keep=False)
    if not clashing.any():
        return pd.Series(False, index=body.index)
    whole = _row_hashes(body.loc[clashing])
    return whole.duplicated(keep="last").reindex(body.index, fill_value=False)


def choose_identity(mapping: Mapping, headers: list[str], body: pd.DataFrame) -> Identity:
    kind = SOURCE_KINDS[mapping.kind]
    if not kind.key:
        return Identity(mapping)
    mapped = mapping.columns.get(kind.key)
    candidates: dict[str, pd.Series] = {}
    if mapped in body.columns:
        candidates[mapped] = _texts(body[mapped])
    for header in headers:
        if header in candidates or header in mapping.headers() or is_personal_header(header):
            continue
        if _ID_HEADER.match(fold(header)) and header in body.columns:
            candidates[header] = _texts(body[header])
    usable = {h: v for h, v in candidates.items() if not looks_personal(v)}
    notes: list[str] = []
    if mapped in candidates and mapped not in usable:
        notes.append(
            f"la colonne « {mapped} » ressemble à des données personnelles (courriels ou "
            "téléphones) : elle n'est pas utilisée comme référence"
        )
    if mapped in usable and (
        _repeats(usable[mapped]) == 0 or _repeats(_whole_row_distinct(body, usable[mapped])) == 0
    ):
        return Identity(mapping, (kind.key,), notes)
    for header, values in usable.items():
        if header == mapped:
            continue
        if values.notna().mean() >= 0.9 and _repeats(values) == 0:
            columns = dict(mapping.columns) | {kind.key: header}
            reason = (
                f"« {mapped} » a "
                f"{count_of(_repeats(usable[mapped]), 'valeur répétée', 'valeurs répétées')}"
                if mapped in usable
                else "aucune autre colonne n'identifie les enregistrements"
            )
            notes.append(
                f"référence des enregistrements : la colonne « {header} » (valeurs uniques) ; "
                f"{reason}"
            )
            return Identity(_with_columns(mapping, columns), (kind.key,), notes)
    if mapped in usable:
        repeats = _repeats(_whole_row_distinct(body, usable[mapped]))
        if _unique_per_year(body, mapping.columns.get(kind.period_field), usable[mapped]):
            notes.append(
                f"la numérotation de « {mapped} » repart chaque année : un enregistrement "
                "est reconnu par l'année et le numéro"
            )
            return Identity(mapping, (kind.key, "year"), notes)
        agreeing = [mapping.columns.get(f) for f in (kind.period_field, "service")]
        clashes = _clashes(_whole_row_distinct(body, usable[mapped]), body, agreeing)
        if clashes:
            notes.extend(clashes)
            return Identity(mapping, (kind.key,), notes)
        notes.append(
            f"la colonne « {mapped} » n'est pas une référence "
            f"({count_of(repeats, 'valeur répétée', 'valeurs répétées')} sur des lignes "
            "différentes) : chaque ligne est un enregistrement, et les lignes déjà "
            "importées de même format, mêmes mois et même périmètre seront remplacées"
        )
    return Identity(mapping, (), notes)


def _unique_per_year(body: pd.DataFrame, period_header: str | None, values: pd.Series) -> bool:
    """The numbers are unique within each year of the period column (numbering restarts)."""
    if period_header not in body.columns:
        return False
    years = parse_dates(body[period_header])[0].dt.year
    pairs = pd.Series(
        list(zip(years.fillna(-1).astype(int), values, strict=True)), index=body.index
    ).where(values.notna(), None)
    return _repeats(_whole_row_distinct(body, pairs)) == 0 and bool(years.notna().any())


def _clashes(
    keys: pd.Series, body: pd.DataFrame, agreeing: list[str | None], shown: int = 5
) -> list[str]:
    """When a few references repeat on rows that agree on the `agreeing` columns (date and
    service) and differ elsewhere: the same record listed twice, edited in between. One
    sentence per repeated reference (the first ones), saying which rows and which one is kept
    (the last, as `plan._merge_duplicates` does). None when the repeats are too many for a
    reference, or when two rows with one number have other dates or services: those may be
    two records, and no row is merged into another (every row stays a record)."""
    filled = keys.dropna()
    repeated = filled[filled.duplicated(keep=False)]
    if repeated.empty or filled.duplicated().sum() > len(filled) * _FEW_REPEATS:
        return []
    columns = [c for c in agreeing if c in body.columns]
    if columns:
        cells = body.loc[repeated.index, columns].astype(str)
        if (cells.groupby(repeated.to_numpy()).nunique() > 1).any().any():
            return []
    groups = repeated.groupby(repeated, sort=False).groups
    notes = []
    for value, rows in list(groups.items())[:shown]:
        listed = [str(int(r)) for r in sorted(rows)]
        notes.append(
            f"la référence « {value} » figure sur plusieurs lignes aux contenus différents "
            f"(lignes {', '.join(listed[:-1])} et {listed[-1]}) : la dernière ligne l'emporte, "
            "les précédentes sont comptées comme doublons fusionnés"
        )
    if len(groups) > shown:
        notes.append(f"et {len(groups) - shown} autres références répétées, traitées de même")
    return notes


def _whole_row_distinct(body: pd.DataFrame, keys: pd.Series) -> pd.Series:
    """The keys, with rows repeated whole (every cell equal) kept once: those are the same
    record exported twice, merged later and counted as duplicates, not distinct records."""
    clashing = keys.notna() & keys.duplicated(keep=False)
    if not clashing.any():
        return keys
    whole = _row_hashes(body.loc[clashing])
    repeated = whole.duplicated(keep="last")
    return keys.where(~repeated.reindex(keys.index, fill_value=False), None)


def _row_hashes(rows: pd.DataFrame) -> pd.Series:
    """One hash per row of every cell (as text: a workbook mixes types in a column)."""
    as_text = rows.apply(lambda column: column.map(lambda v: "" if v is None or v != v else str(v)))
    return pd.util.hash_pandas_object(as_text, index=False)


def _with_columns(mapping: Mapping, columns: dict[str, str]) -> Mapping:
    return Mapping(mapping.kind, columns, list(mapping.questions), dict(mapping.fallbacks))
