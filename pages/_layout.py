"""What every page looks the same with: title and explanation, freshness line, empty-base message,
French tables, flash confirmations, download names, print and drop-zone styles."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from pages import _cache as cache
from qualiboard.engine.provisional import RULE_TEXT
from qualiboard.present.formatting import STATUS_COLOURS, STATUS_ICONS
from qualiboard.present.safe import plain
from qualiboard.present.styles import FRENCH_DROP_ZONE, PRINT_A4
from qualiboard.present.tables import french_table, status_style
from qualiboard.store.db import Connection
from qualiboard.views.inventory import as_of_line


def page_header(title: str, explanation: str) -> None:
    st.title(title)
    st.caption(explanation)


def freshness_line(con: Connection) -> None:
    """« Données au » of each source, with the rule that judges figures at that date."""
    line = cache.computed(con, "as_of_line", (), lambda: as_of_line(con))
    if line:
        st.caption(line)
        st.caption(RULE_TEXT)


def empty_database_message() -> None:
    st.info(
        "Aucune donnée pour l'instant. Allez à la page « Import des données » pour importer vos "
        "fichiers (registre du courrier, réclamations, signalements, enquêtes…)."
    )
    st.page_link(
        "pages/import.py", label="Aller à l'import des données", icon=":material/upload_file:"
    )


def status_chip(status: str) -> str:
    colour = STATUS_COLOURS.get(status, "#999999")
    icon = STATUS_ICONS.get(status, "")
    return (
        f"<span style='background:{colour};color:#000;padding:2px 8px;border-radius:10px;"
        f"font-weight:600;white-space:nowrap'>{icon} {status}</span>"
    )


def download_name(stem: str, suffix: str) -> str:
    return f"{stem}_{dt.date.today():%Y%m%d}.{suffix}"


def print_friendly() -> None:
    """The browser's print gives a clean A4 page: no sidebar, no toolbar, no buttons."""
    st.markdown(PRINT_A4, unsafe_allow_html=True)


def data_changed() -> None:
    """After an import or an undo: every cached figure goes, and is computed again ahead."""
    st.cache_data.clear()
    cache.start_drop_folder().wake()


def flash(message: str) -> None:
    """A confirmation shown once, after the page reruns to show the new data."""
    st.session_state["flash"] = message
    st.rerun()


def show_flash() -> None:
    message = st.session_state.pop("flash", None)
    if message:
        # Confirmations name files and references: shown as typed, never as Markdown.
        st.success(plain(message))


def french_file_uploader() -> None:
    """Streamlit writes its drop zone in English ("Upload", "100MB per file"): say it in French."""
    st.markdown(FRENCH_DROP_ZONE, unsafe_allow_html=True)


def table(data: object, *, formats: dict | None = None, **options: object) -> None:
    """A table in French (`present.tables.french_table`, with `formats` declaring precisions),
    its key column pinned and its statuses as coloured chips; empty cells look empty, as in
    Excel (Streamlit writes "None")."""
    if isinstance(data, pd.DataFrame):
        shown = french_table(data, **(formats or {}))
        options.setdefault("column_config", shown.column_config)
        # A report's table shows all its rows (up to 40) rather than 10 and a scroll bar.
        if 10 < len(data) <= 40:
            options.setdefault("height", (len(data) + 1) * 35 + 3)
        data = shown.frame
        if shown.status_columns and not data.empty:
            data = data.style.map(status_style, subset=shown.status_columns)
    st.dataframe(data, placeholder="", **options)
