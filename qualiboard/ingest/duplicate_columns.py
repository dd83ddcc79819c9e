"""Two columns of a file under the same title (« Date » twice, a hidden copy of « Date de
réponse »): the import reads one of them, and says so.

The choice (issue 27): when the column left aside holds, on some row, a value the column read
does not hold, the file is refused, naming both columns and the rows — the import cannot know
which one the town trusts, and picking one silently would change figures without a word. When
the column left aside is empty or says the same on every row, nothing is lost: the file is
imported with a warning naming the column read and the one left aside. A person who chose the
column in the mapping has decided: then the difference is a warning, not a refusal.
"""

from __future__ import annotations

import re

import pandas as pd

from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.text import count_of, fold
from qualiboard.ingest.errors import Problem
from qualiboard.ingest.mapping import Mapping

_NUMBERED = re.compile(r"^(.*) \((\d+)\)$")  # how `header.locate_table` names a repeated title
ROWS_NAMED = 10


def _title(header: str) -> str:
    numbered = _NUMBERED.match(header)
    return fold(numbered.group(1) if numbered else header)


def _texts(column: pd.Series) -> pd.Series:
    """Cells as comparable text: a blank cell is "", a date read from a workbook stays a date."""
    return column.map(lambda v: "" if v is None or v != v else str(v).strip())


def duplicate_columns(
    headers: list[str], body: pd.DataFrame, mapping: Mapping, chosen_by_person: bool
) -> list[Problem]:
    """For each field read from a column whose title another column repeats: a refusal of the
    file (their values differ, detection chose) or a warning (nothing lost, or a person chose)."""
    kind = SOURCE_KINDS[mapping.kind]
    used = mapping.headers()
    found: list[Problem] = []
    for name, kept in mapping.columns.items():
        if kept not in body.columns:
            continue
        # A twin already read where the kept column is empty (a date's fallback) is compared
        # too: it must not contradict the column read where both are filled.
        fallbacks = mapping.fallbacks.get(name, [])
        twins = [
            h
            for h in headers
            if h != kept
            and (h not in used or h in fallbacks)
            and h in body.columns
            and _title(h) == _title(kept)
        ]
        for twin in twins:
            found.append(
                _finding(
                    kind.field(name).label,
                    kept,
                    twin,
                    body,
                    chosen_by_person,
                    twin in fallbacks,
                )
            )
    return found


def _finding(
    label: str,
    kept: str,
    twin: str,
    body: pd.DataFrame,
    chosen_by_person: bool,
    fallback: bool,
) -> Problem:
    read, aside = _texts(body[kept]), _texts(body[twin])
    differ = aside.ne("") & aside.ne(read)
    filling = differ & read.eq("") if fallback else differ & False
    differ &= ~filling
    pair = f"deux colonnes du même intitulé, « {kept} » et « {twin} »"
    if not differ.any() and filling.any():
        return Problem(
            "avertissement",
            f"{pair} : « {kept} » lue pour « {label} », « {twin} » lue là où « {kept} » est "
            f"vide ({count_of(int(filling.sum()), 'ligne', 'lignes')}), identique ou vide ailleurs",
            None,
            kept,
        )
    if not differ.any():
        return Problem(
            "avertissement",
            f"{pair} : « {kept} » lue pour « {label} », « {twin} » ignorée (vide ou identique "
            "sur chaque ligne)",
            None,
            kept,
        )
    rows = body.index[differ.to_numpy(dtype=bool)].tolist()
    shown = ", ".join(f"ligne {int(r)} : « {read[r]} » / « {aside[r]} »" for r in rows[:ROWS_NAMED])
    others = len(rows) - ROWS_NAMED
    more = f" et {count_of(others, 'autre', 'autres')}" if others > 0 else ""
    differing = f"valeurs différentes sur {count_of(len(rows), 'ligne', 'lignes')} ({shown}{more})"
    if chosen_by_person:
        filled = (
            f" ; « {twin} » lue là où « {kept} » est vide "
            f"({count_of(int(filling.sum()), 'ligne', 'lignes')})"
            if filling.any()
            else ""
        )
        return Problem(
            "avertissement",
            f"{pair} : « {kept} » lue pour « {label} » comme choisi, « {twin} » ignorée malgré "
            f"des {differing}{filled}",
            None,
            kept,
        )
    return Problem(
        "erreur",
        f"{pair}, pour « {label} », aux {differing} : choisissez la colonne à lire dans la "
        "correspondance des colonnes (ou avec --mapping), ou supprimez l'autre du fichier",
        None,
        kept,  # the import page lists the column read in its own column
    )
