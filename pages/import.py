"""Import des données: upload, recognise, correct the mapping, preview, confirm; history, undo."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from pages import _shared as shared
from qualiboard.formatting import display_table, number
from qualiboard.ingest.batches import (
    ImportPlan,
    commit_import,
    list_batches,
    prepare_import,
    store_upload,
    undo_import,
)
from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.mapping import Mapping
from qualiboard.present.safe import plain
from qualiboard.sources import SOURCE_KINDS, kind_label
from qualiboard.store.access import IMPORT
from qualiboard.views import import_history

NOT_MAPPED = "— non utilisée —"

shared.within_dashboard()
cfg = shared.config()
con = shared.connection()

shared.page_header(
    "Import des données",
    "Déposez les exports de vos outils (xlsx, xls, ods, csv) : Qualiboard reconnaît le type de "
    "données et les colonnes, vous vérifiez, puis vous confirmez. Un fichier s'importe en entier "
    "ou pas du tout, et chaque import peut être annulé.",
)
who = shared.require_page(IMPORT)
shared.show_flash()
shared.french_file_uploader()


def mapping_editor(plan: ImportPlan, file_key: str) -> Mapping | None:
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
    options = [NOT_MAPPED, *[h for h in plan.headers if h not in plan.dropped_personal]]
    columns: dict[str, str] = {}
    grid = st.columns(3)
    for position, field in enumerate(SOURCE_KINDS[kind].fields):
        current = plan.mapping.columns.get(field.name, NOT_MAPPED)
        label = field.label + (" *" if field.required else "")
        chosen = grid[position % 3].selectbox(
            label,
            options,
            index=options.index(current) if current in options else 0,
            key=f"map_{file_key}_{kind}_{field.name}",
        )
        if chosen != NOT_MAPPED:
            columns[field.name] = chosen
    if columns != plan.mapping.columns:
        # Fallback columns stay with the fields that are still mapped.
        kept = {f: h for f, h in plan.mapping.fallbacks.items() if f in columns}
        return Mapping(kind, columns, plan.mapping.questions, kept)
    return None


def prepare(path: Path, mapping: Mapping | None, sheet: str | None, name: str) -> ImportPlan:
    # A kind chosen without columns yet: let the importer propose the columns for that kind.
    kind_only = mapping is not None and not mapping.columns
    return prepare_import(
        con,
        path,
        cfg.organisation,
        kind=mapping.kind if kind_only else None,
        mapping=None if kind_only else mapping,
        sheet=sheet,
        today=shared.today(),
        display_name=name,
    )


uploads = st.file_uploader(
    "Fichiers à importer",
    type=["xlsx", "xlsm", "xls", "ods", "csv", "txt"],
    accept_multiple_files=True,
)
for upload in uploads or []:
    path = store_upload(upload.name, upload.getvalue())
    file_key = path.parent.name
    state = st.session_state.setdefault(f"import_{file_key}", {"mapping": None, "sheet": None})
    st.markdown(f"### {plain(upload.name, line_breaks=False)}")
    try:
        plan = prepare(path, state["mapping"], state["sheet"], upload.name)
    except ImportRefused as refused:
        st.error(plain(str(refused)))
        continue
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
        continue
    origin = f"profil « {plan.profile_name} »" if plan.profile_name else "proposition automatique"
    st.markdown(
        f"Type reconnu : **{kind_label(plan.kind)}** ({origin}) · {plan.rows_read} lignes lues"
    )
    if plan.mapping.questions:
        st.caption(
            "Questions de l'enquête (une colonne par question) : "
            + " · ".join(plain(q, line_breaks=False) for q in plan.mapping.questions)
        )
    with st.expander("Correspondance des colonnes", expanded=not plan.profile_name):
        changed = mapping_editor(plan, file_key)
        if changed is not None:
            state["mapping"] = changed
            st.rerun()
    if plan.dropped_personal:
        st.warning(
            "Colonnes de données personnelles non conservées : "
            + ", ".join(plain(h, line_breaks=False) for h in plan.dropped_personal)
        )
    if plan.ignored_columns:
        st.caption(
            "Colonnes non utilisées (non conservées) : "
            + ", ".join(plain(h, line_breaks=False) for h in plan.ignored_columns)
        )
    for note in plan.notes:
        st.warning(plain(note))
    errors, warnings = plan.problems_table("erreur"), plan.problems_table("avertissement")
    st.markdown("**Aperçu des données normalisées**")
    shared.table(display_table(plan.records.head(20), plan.kind), hide_index=True, width="stretch")
    if len(errors):
        st.error(
            f"{number(plan.error_count)} erreur(s) : le fichier sera refusé, sauf si vous importez "
            f"seulement les lignes valides.{plan.listed_note('erreur')}"
        )
        shared.table(errors, hide_index=True, width="stretch")
    if len(warnings):
        st.warning(
            f"{number(plan.warning_count)} avertissement(s) : ces lignes seront importées et "
            f"comptées en qualité des données.{plan.listed_note('avertissement')}"
        )
        shared.table(warnings, hide_index=True, width="stretch")
    valid_only = False
    if len(errors) and not plan.blocking_errors:
        valid_only = st.checkbox(
            f"Importer les lignes valides et écarter les {len(plan.invalid_rows)} lignes en erreur",
            key=f"valid_{file_key}",
        )
    profile = st.text_input(
        "Enregistrer cette correspondance sous le nom (facultatif)",
        value=plan.profile_name or "",
        key=f"profile_{file_key}",
    )
    can_import = not plan.blocking_errors and (not len(errors) or valid_only)
    if st.button(
        "Confirmer l'import", key=f"confirm_{file_key}", type="primary", disabled=not can_import
    ):
        try:
            result = commit_import(
                con,
                plan,
                valid_rows_only=valid_only,
                archive_dir=shared.db_path().parent / "archive",
                save_profile_as=profile.strip() or None,
                identity=who,
            )
        except ImportRefused as refused:
            st.error(plain(str(refused)))
        else:
            st.cache_data.clear()
            shared.flash(result.summary())

st.markdown("### Historique des imports")
batches = list_batches(con)
if batches.empty:
    st.caption("Aucun import pour l'instant.")
else:
    shown = import_history(batches)
    shared.table(shown, hide_index=True, width="stretch")
    active = batches[batches["status"] == "importé"]
    if not active.empty:
        choice = st.selectbox(
            "Annuler un import",
            list(active["batch_id"]),
            format_func=lambda b: f"n° {b} — {active.set_index('batch_id').loc[b, 'file_name']}",
            # Keyed by the history so that after an import the newest one is proposed again.
            key=f"undo_choice_{len(batches)}_{int(batches['batch_id'].max())}",
        )
        if st.button("Annuler cet import", key="undo_button"):
            try:
                message = undo_import(con, int(choice), identity=who)
            except ValueError as exc:
                st.error(f"Impossible : {plain(exc)}")
            else:
                st.cache_data.clear()
                shared.flash(message)
