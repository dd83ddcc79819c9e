"""The last steps of the import page for one file: its « données au » date, the preview and its
problems, the confirmation and the import. Streamlit calls only; what they show is
`qualiboard.views.import_file`."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from pages import _layout as layout
from pages import _session as session
from qualiboard.engine.provisional import RULE_TEXT
from qualiboard.ingest.asof import AsOf
from qualiboard.ingest.batches import commit_import
from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.plan import ImportPlan
from qualiboard.ingest.uploads import discard_upload
from qualiboard.present.safe import plain
from qualiboard.store.access import Identity
from qualiboard.store.db import Connection
from qualiboard.views import import_file as view


def as_of(plan: ImportPlan, file_key: str) -> None:
    """« Données au »: found in the file, confirmed or corrected by the user."""
    as_of = st.date_input(
        "Données au (date d'extraction du fichier)",
        value=plan.as_of.day,
        format="DD/MM/YYYY",
        key=f"as_of_{file_key}",
        help="Les enregistrements sans réponse sont jugés en attente ou en retard à cette date.",
    )
    st.caption(f"Date trouvée : {plain(plan.as_of.text, line_breaks=False)}. {RULE_TEXT}")
    if as_of != plan.as_of.day:
        plan.as_of = AsOf(as_of, "saisie")
    for note in plan.notes:
        st.warning(plain(note))


def problems(plan: ImportPlan) -> view.Problems:
    shown = view.problems(plan)
    st.markdown("**Aperçu des données normalisées**")
    layout.table(shown.preview, hide_index=True, width="stretch")
    if shown.error_text:
        st.error(shown.error_text)
        layout.table(shown.errors, hide_index=True, width="stretch")
    if shown.warning_text:
        st.warning(shown.warning_text)
        layout.table(shown.warnings, hide_index=True, width="stretch")
    return shown


def confirm(
    con: Connection,
    who: Identity,
    plan: ImportPlan,
    path: Path,
    file_key: str,
    problems: view.Problems,
) -> None:
    """Import the valid rows only, save the mapping, confirm a replacement, then import."""
    shown = view.confirmation(plan, has_errors=bool(len(problems.errors)))
    valid_only = bool(shown.valid_only) and st.checkbox(shown.valid_only, key=f"valid_{file_key}")
    profile = st.text_input(
        "Enregistrer cette correspondance sous le nom (facultatif)",
        value=shown.profile_name,
        key=f"profile_{file_key}",
    )
    confirmed = shown.replacement is None or st.checkbox(
        shown.replacement, key=f"replace_{file_key}"
    )
    if st.button(
        "Confirmer l'import",
        key=f"confirm_{file_key}",
        type="primary",
        disabled=not shown.can_import(valid_only, confirmed),
    ):
        try:
            result = commit_import(
                con, plan, valid_rows_only=valid_only, archive_dir=session.archive_dir(),
                save_profile_as=profile.strip() or None, identity=who,
                on_wait=lambda message: st.info(plain(message)),
            )  # fmt: skip
        except ImportRefused as refused:
            st.error(plain(str(refused)))
        else:
            discard_upload(path)
            layout.data_changed()
            note = f" Archive : {result.archive_note}." if result.archive_note else ""
            layout.flash(result.summary() + note)
