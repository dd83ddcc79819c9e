"""Référentiel des indicateurs: the indicator <-> objective table an auditor asks for (WSM-2)."""

from __future__ import annotations

from pages import _cache as cache
from pages import _layout as layout
from pages import _session as session
from qualiboard.views.catalogue import referentiel_page

page = layout.page(
    "Référentiel des indicateurs",
    "Chaque engagement, son indicateur, sa définition, son objectif (et son historique), son pilote "
    "et sa dernière valeur : le document demandé par l'auditeur.",
)
key, month, module = cache.cache_key(page.con), page.filters.month, page.filters.module
referentiel = referentiel_page(cache.referentiel_for(key, month), module)
layout.table(referentiel.table, width="stretch", hide_index=True)
layout.csv_and_excel(
    referentiel.stem,
    referentiel.csv,
    # Written when the button is pressed (in a thread of its own, which opens the database).
    session.with_database(lambda: cache.referentiel_workbook_for(key, month, module)),
    ("Télécharger (CSV pour Excel)", "Télécharger (Excel)"),
)
