"""Total lines told by a label cell (service, site, canal, catégorie…) rather than by the first
cell: an export that writes the date first (« 01/10/2026 | Total | | 12 ») still sums up rows.

A word that cannot name anything else (Total, Sous-total, Total général, Cumul) makes a total line
alone, before « : », or before a name (« Total CCAS », « Sous-total Mairie »). A word that is
also a place or a desk (Moyenne, Ensemble, Somme) does so only alone in its cell, and only where
the row has no date of its own or the file's sure total lines are dated too: « Ensemble » is a
desk in a file whose one total line is undated.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.text import fold
from qualiboard.ingest.distinct import text_cells

# Folded words; hyphens and colons fold to spaces.
SURE_WORDS = ("sous totaux", "sous total", "totaux generaux", "total general", "totaux", "total")
SURE_ALONE = frozenset({*SURE_WORDS, "cumul", "total annuel", "total mensuel"})
AMBIGUOUS_ALONE = frozenset({"moyenne", "moyennes", "moyenne generale", "ensemble", "somme"})
# Label fields only: a reference, a respondent or a free text is never a total's label.
LABEL_TYPES = frozenset({"service", "label"})
_START = r"^[^\pL\pN]*(?:total|totaux|sous|moyenne|ensemble|somme|cumul)"
MAX_LABEL = 60


def label_totals(body: pd.DataFrame, kind: str, columns: dict[str, str]) -> dict[int, bool]:
    """Row -> True when a label cell makes it surely a total, False when only an ambiguous word
    alone in its cell does (the caller weighs the row's own date)."""
    kind_def = SOURCE_KINDS[kind]
    headers = [
        header
        for name, header in columns.items()
        if header in body.columns
        and name in kind_def.field_names
        and kind_def.field(name).type in LABEL_TYPES
    ]
    found: dict[int, bool] = {}
    for header in dict.fromkeys(headers):
        for row, sure in _column_totals(body[header]).items():
            found[row] = found.get(row, False) or sure
    return found


def _column_totals(cells: pd.Series) -> dict[int, bool]:
    # Folding a million services would take seconds: Arrow picks the short cells that start
    # like a total word, and only those are folded.
    text = text_cells(cells)
    maybe = pc.and_(
        pc.less_equal(pc.utf8_length(text), MAX_LABEL),
        pc.match_substring_regex(text, _START, ignore_case=True),
    )
    hits = np.flatnonzero(pc.fill_null(maybe, False).to_numpy(zero_copy_only=False))
    found: dict[int, bool] = {}
    for hit in hits.tolist():
        sure = total_label(text[hit].as_py())
        if sure is not None:
            found[int(cells.index[hit])] = sure
    return found


def total_label(value: str) -> bool | None:
    """True: surely a total label; False: an ambiguous word alone; None: a name."""
    key = " ".join(fold(value).split())
    if key in SURE_ALONE:
        return True
    if key in AMBIGUOUS_ALONE:
        return False
    # « Total CCAS », « Sous-total : Mairie »: the sure word, then a name. « Totalement »,
    # « Totalité » start with the letters, not the word.
    if any(key.startswith(word + " ") for word in SURE_WORDS):
        return True
    return None
