"""The history of the import page, the rows behind each import, and undoing one: Streamlit calls
only; the table and labels are `qualiboard.views.imports`."""

from __future__ import annotations

import streamlit as st

from pages import _layout as layout
from pages import _session as session
from qualiboard.ingest.undo import batch_rows, list_batches, undo_import
from qualiboard.present.export import french_csv_bytes
from qualiboard.present.safe import plain
from qualiboard.store.access import Identity
from qualiboard.store.db import Connection
from qualiboard.views.imports import history as history_view
from qualiboard.views.imports import rows_download


def history(con: Connection, who: Identity) -> None:
    """Past imports, the rows behind each, and undoing one."""
    st.markdown("### Historique des imports")
    shown = history_view(list_batches(con))
    if shown.empty:
        st.caption("Aucun import pour l'instant.")
        return
    layout.table(shown.table, hide_index=True, width="stretch")
    if not shown.undoable:
        return
    choice = st.selectbox(
        "Annuler un import",
        list(shown.undoable),
        format_func=shown.undoable.get,
        key=shown.choice_key,
    )
    rows = batch_rows(con, choice)
    label, file_name = rows_download(choice)
    st.download_button(
        label,
        french_csv_bytes(rows),
        file_name=file_name,
        mime="text/csv",
        disabled=rows.empty,
        key=f"batch_rows_{choice}",
        on_click="ignore",
    )
    if st.button("Annuler cet import", key="undo_button"):
        try:
            message = undo_import(
                con,
                choice,
                identity=who,
                archive_dir=session.archive_dir(),
                on_wait=lambda message: st.info(plain(message)),
            )
        except ValueError as exc:
            st.error(f"Impossible : {plain(exc)}")
        else:
            layout.data_changed()
            layout.flash(message)
