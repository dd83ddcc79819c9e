"""The scale of survey answers written as bare numbers, when no header states it.

A file where nobody answered 5 is not on a scale of 4: the scale an earlier import of the same
question holds is kept when this file's answers fit in it. Without one, the smallest usual scale
(4, 5, 10) that holds the highest answer is assumed, and the import says so: the header can state
it (« note sur 5 »).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.text import number
from qualiboard.ingest.normalise import declared_scale, parse_numbers

INFERRED = "scale_inferred"  # records' column, dropped once the scales are settled


def inferred_scale_rows(raw: pd.Series, score: pd.Series, header: str) -> pd.Series:
    """Answers whose scale was guessed: bare numbers under a header that states none."""
    if declared_scale(header) is not None:
        return pd.Series(False, index=score.index)
    numbers, _ = parse_numbers(raw)
    return numbers.notna() & score.notna()


def settle_scales(
    con: duckdb.DuckDBPyConnection, kind: str, records: pd.DataFrame
) -> tuple[pd.DataFrame, list[str]]:
    """The records with the scale of their guessed answers settled (see the module docstring),
    without the bookkeeping column; and the French notes saying what was assumed."""
    if INFERRED not in records:
        return records, []
    guessed = records[INFERRED].fillna(False).to_numpy(dtype=bool)
    records = records.drop(columns=INFERRED)
    kind_def = SOURCE_KINDS[kind]
    item = kind_def.wide.item if kind_def.wide else "question"
    if not guessed.any() or item not in records:
        return records, []
    notes: list[str] = []
    scale = records["scale_max"].to_numpy(dtype="float64", copy=True)
    items = records[item].astype(object).where(records[item].notna(), None)
    for question in pd.unique(items[guessed]):
        rows = guessed & (items.isna().to_numpy() if question is None else (items == question))
        rows = np.asarray(rows, dtype=bool)
        top = float(np.nanmax(records["score"].to_numpy(dtype="float64")[rows]))
        earlier = con.execute(
            f"SELECT max(scale_max) FROM {kind} WHERE {item} IS NOT DISTINCT FROM ?",
            [question],
        ).fetchall()[0][0]
        named = f"« {question} » : " if question else ""
        if earlier is not None and top <= earlier:
            scale[rows] = earlier
            notes.append(
                f"{named}échelle sur {number(earlier)} reprise des imports précédents de la même "
                f"question (note la plus haute de ce fichier : {number(top)})"
            )
        else:
            assumed = float(scale[rows].max())
            notes.append(
                f"{named}échelle supposée sur {number(assumed)} : précisez « note sur "
                f"{number(assumed)} » dans l'en-tête si ce n'est pas le cas"
            )
    return records.assign(scale_max=scale), notes
