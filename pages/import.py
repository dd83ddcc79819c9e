"""Import des données: upload, recognise, correct the mapping, preview, confirm; history, undo."""

from __future__ import annotations

import streamlit as st

from pages import _import_history as history
from pages import _import_steps as steps
from pages import _layout as layout
from qualiboard.store.access import IMPORT

page = layout.page(
    "Import des données",
    "Déposez les exports de vos outils (xlsx, xls, ods, csv) : Qualiboard reconnaît le type de "
    "données et les colonnes, vous vérifiez, puis vous confirmez. Un fichier s'importe en entier "
    "ou pas du tout, et chaque import peut être annulé.",
    permission=IMPORT,
)
layout.french_file_uploader()
uploads = st.file_uploader(
    "Fichiers à importer",
    type=["xlsx", "xlsm", "xls", "ods", "csv", "txt"],
    accept_multiple_files=True,
)
for upload in uploads or []:
    steps.one_file(page.con, page.cfg, page.who, upload)
history.history(page.con, page.who)
