"""The steps of the import page for one dropped file (recognition, mapping, preview, confirm):
Streamlit calls only; what they show is `qualiboard.views.import_file`, the rules are in
`qualiboard.ingest`."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from pages import _import_confirm as confirm
from pages import _session as session
from qualiboard.domain.config import Config
from qualiboard.domain.labels import kind_label
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.mapping import Mapping
from qualiboard.ingest.plan import ImportPlan
from qualiboard.ingest.prepare import prepare_with_choice
from qualiboard.ingest.propose import UnrecognisedFile
from qualiboard.ingest.uploads import discard_upload, store_upload
from qualiboard.present.formatting import file_size
from qualiboard.present.safe import plain
from qualiboard.store.access import Identity
from qualiboard.store.db import Connection
from qualiboard.views import import_file as view


def mapping_editor(plan: ImportPlan, file_key: str, state: dict) -> Mapping | None:
    """Kind and column choices; returns a new mapping when the user changed something."""
    kinds = list(SOURCE_KINDS)
    kind = st.selectbox(
        "Type de données",
        kinds,
        index=kinds.index(plan.kind),
        format_func=kind_label,
        key=f"kind_{file_key}",
    )
    if kind != plan.kind:
        return Mapping(kind, {}, [])
    suggested: dict[str, str] = state.setdefault("suggested", {})
    grid = st.columns(3)
    chosen = {}
    for position, field in enumerate(view.field_choices(plan, suggested)):
        if field.suggestion is not None:
            suggested[field.name] = field.suggestion
        chosen[field.name] = grid[position % 3].selectbox(
            field.label, field.options, index=field.index, key=f"map_{file_key}_{kind}_{field.name}"
        )
    return view.chosen_mapping(plan, chosen)


def unrecognised(refused: UnrecognisedFile, file_key: str, state: dict) -> None:
    """No kind fits: the headers, the closest kind and its candidates; the user picks a kind."""
    shown = view.unrecognised(refused)
    st.error(shown.message)
    st.caption(shown.headers)
    kind = st.selectbox(
        "Type de données de ce fichier",
        shown.kinds,
        index=shown.closest,
        format_func=kind_label,
        key=f"kind_unrecognised_{file_key}",
    )
    if st.button("Continuer avec ce type", key=f"kind_go_{file_key}"):
        state["mapping"] = Mapping(kind, {}, [])
        st.rerun()


def one_file(con: Connection, cfg: Config, who: Identity, upload: UploadedFile) -> None:
    """One dropped file, from recognition to the confirmed import (or its refusal)."""
    path = store_upload(upload.name, upload.getvalue())
    file_key = path.parent.name
    state = st.session_state.setdefault(
        f"import_{file_key}", {"mapping": None, "sheet": None, "set_aside": False}
    )
    st.markdown(f"### {plain(upload.name, line_breaks=False)}")
    st.caption(file_size(upload.size))
    try:
        plan = prepare_with_choice(
            con, path, cfg.organisation, state["mapping"], sheet=state["sheet"],
            today=session.today(), display_name=upload.name,
            set_aside_incomplete=state["set_aside"],
        )  # fmt: skip
    except UnrecognisedFile as refused:
        unrecognised(refused, file_key, state)
        return
    except ImportRefused as refused:
        st.error(plain(str(refused)))
        discard_upload(path)  # nothing of a refused file is kept
        return
    if len(plan.sheets) > 1:
        sheet = st.selectbox(
            "Feuille", plan.sheets, index=plan.sheets.index(plan.sheet), key=f"sheet_{file_key}"
        )
        if sheet != plan.sheet:
            state["sheet"] = sheet
            st.rerun()
    if plan.duplicate_of is not None:
        st.info(
            f"Ce fichier a déjà été importé (import n° {plan.duplicate_of}) : rien ne sera ajouté."
        )
        return
    _recognition(plan, upload.name, file_key, state)
    confirm.as_of(plan, file_key)
    confirm.confirm(con, who, plan, path, file_key, confirm.problems(plan))


def _recognition(plan: ImportPlan, name: str, file_key: str, state: dict) -> None:
    shown = view.recognition(plan, name)
    st.markdown(shown.kind_line)
    st.markdown(shown.preview)
    st.download_button(
        "Télécharger le devenir de chaque ligne (CSV)",
        shown.rows_csv,
        file_name=shown.rows_file,
        mime="text/csv",
        key=f"rows_{file_key}",
        on_click="ignore",
    )
    if shown.doubtful:
        st.warning(view.DOUBTFUL)
    if suggested := view.suggested_text(plan, state.get("suggested") or {}):
        st.warning(suggested)
    if shown.questions:
        st.caption(shown.questions)
    with st.expander("Correspondance des colonnes", expanded=shown.mapping_open):
        changed = mapping_editor(plan, file_key, state)
        if changed is not None:
            state["mapping"] = changed
            st.rerun()
    if shown.personal:
        st.warning(shown.personal)
    if shown.incomplete:
        set_aside = st.checkbox(
            shown.incomplete, value=state["set_aside"], key=f"set_aside_{file_key}"
        )
        if set_aside != state["set_aside"]:
            state["set_aside"] = set_aside
            st.rerun()
    if shown.ignored:
        st.caption(shown.ignored)
