"""What every page looks the same with: its opening (guard, title, explanation, who, filters),
freshness line, empty-base message, French tables, flash confirmations, downloads, print and
drop-zone styles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from pages import _cache as cache
from pages import _guard as guard
from pages import _session as session
from pages import _sidebar as sidebar
from qualiboard.domain.config import Config
from qualiboard.engine.provisional import RULE_TEXT
from qualiboard.present.safe import plain
from qualiboard.present.styles import FRENCH_DROP_ZONE, PRINT_A4
from qualiboard.present.tables import ShownTable, french_table, status_style
from qualiboard.store.access import Identity
from qualiboard.store.db import Connection
from qualiboard.views.inventory import as_of_line


@dataclass(frozen=True)
class Page:
    """What a page works with: catalogue, database of this run, filters, signed-in person."""

    cfg: Config
    con: Connection
    filters: sidebar.Filters
    who: Identity


def page(
    title: str, explanation: str, *, permission: str | None = None, needs_data: bool = False
) -> Page:
    """The opening of every page: within the dashboard, its title and explanation, the person
    (refused in French without `permission`), the confirmation of the last write; with
    `needs_data`, an empty base says where to import and stops the page."""
    guard.within_dashboard(_caller_depth=2)  # the page that called this one
    cfg, con, filters = cache.config(), session.connection(), sidebar.filters()
    page_header(title, explanation)
    if needs_data and filters.month is None:
        empty_database_message()
        guard.stop_page()
    who = guard.require_page(permission) if permission else guard.identity()
    show_flash()
    return Page(cfg, con, filters, who)


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


def download_name(stem: str, suffix: str) -> str:
    return f"{stem}_{dt.date.today():%Y%m%d}.{suffix}"


def csv_and_excel(
    stem: str, csv: bytes, excel: bytes | Callable[[], bytes], labels: tuple[str, str]
) -> None:
    """Side by side, the same table for Excel as a French CSV and as a workbook (`excel` may be
    written only when the button is pressed)."""
    left, right = st.columns(2)
    left.download_button(
        labels[0], csv, file_name=download_name(stem, "csv"), mime="text/csv", on_click="ignore"
    )
    right.download_button(
        labels[1],
        excel,
        file_name=download_name(stem, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
    )


def print_friendly() -> None:
    """The browser's print gives a clean A4 page: no sidebar, no toolbar, no buttons."""
    st.html(PRINT_A4)


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
    st.html(FRENCH_DROP_ZONE)


def table(data: object, *, formats: dict | None = None, **options: object) -> None:
    """A table in French (`present.tables.french_table`, with `formats` declaring precisions),
    its key column pinned and its statuses as coloured chips; empty cells look empty, as in
    Excel (Streamlit writes "None")."""
    if isinstance(data, pd.DataFrame):
        data = french_table(data, **(formats or {}))
    if isinstance(data, ShownTable):
        shown = data
        options.setdefault("column_config", shown.column_config)
        # A report's table shows all its rows (up to 40) rather than 10 and a scroll bar.
        if 10 < len(shown.frame) <= 40:
            options.setdefault("height", (len(shown.frame) + 1) * 35 + 3)
        data = shown.frame
        if shown.status_columns and not data.empty:
            data = data.style.map(status_style, subset=shown.status_columns)
    st.dataframe(data, placeholder="", **options)
