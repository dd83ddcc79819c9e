"""The steps of the import page for one dropped file (recognition, mapping, preview, confirm)
and the history with its undo: Streamlit rendering only, the rules are in `qualiboard.ingest`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from pages import _cache as cache
from pages import _layout as layout
from pages import _session as session
from qualiboard.domain.config import Config
from qualiboard.domain.labels import kind_label
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.engine.provisional import RULE_TEXT
from qualiboard.ingest.asof import AsOf
from qualiboard.ingest.batches import commit_import
from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.mapping import Mapping
from qualiboard.ingest.plan import ImportPlan
from qualiboard.ingest.prepare import prepare_with_choice
from qualiboard.ingest.propose import UnrecognisedFile
from qualiboard.ingest.undo import batch_rows, list_batches, undo_import
from qualiboard.ingest.uploads import discard_upload, store_upload
from qualiboard.present.export import french_csv_bytes
from qualiboard.present.formatting import display_table, number
from qualiboard.present.safe import plain
from qualiboard.store.access import Identity
from qualiboard.store.db import Connection
from qualiboard.views.imports import import_history

NOT_MAPPED = "— non utilisée —"


def mapping_editor(plan: ImportPlan, file_key: str, state: dict) -> Mapping | None:
    """Kind and column choices; returns a new mapping when the user changed something. A field
    left empty by detection is preselected with its best candidate, flagged « à vérifier »."""
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
    excluded: list[str] = []
    suggested: dict[str, str] = state.setdefault("suggested", {})
    grid = st.columns(3)
    for position, field in enumerate(SOURCE_KINDS[kind].fields):
        current = plan.mapping.columns.get(field.name)
        candidates = plan.missing.get(field.name) or []
        if current is None and candidates:
            best = candidates[0]
            suggested[field.name] = f"« {best.header} » (score {number(best.score, 2)})"
            current = best.header
        label = field.label + (" *" if field.required else "")
        if field.name in suggested:
            label += " — à vérifier"
        chosen = grid[position % 3].selectbox(
            label,
            options,
            index=options.index(current) if current in options else 0,
            key=f"map_{file_key}_{kind}_{field.name}",
        )
        if chosen != NOT_MAPPED:
            columns[field.name] = chosen
        elif field.name in plan.mapping.columns:
            excluded.append(field.name)  # detection must not bring it back
    if columns != plan.mapping.columns:
        # Fallback columns stay with the fields that are still mapped.
        kept = {f: h for f, h in plan.mapping.fallbacks.items() if f in columns}
        return Mapping(kind, columns, plan.mapping.questions, kept, excluded)
    return None


def prepare(
    con: Connection,
    cfg: Config,
    path: Path,
    mapping: Mapping | None,
    sheet: str | None,
    name: str,
    set_aside: bool,
) -> ImportPlan:
    return prepare_with_choice(
        con,
        path,
        cfg.organisation,
        mapping,
        sheet=sheet,
        today=session.today(),
        display_name=name,
        set_aside_incomplete=set_aside,
    )


def unrecognised(refused: UnrecognisedFile, file_key: str, state: dict) -> None:
    """No kind fits: the headers, the closest kind and its candidates; the user picks a kind."""
    # The command-line advice (--kind, --mapping) has its equivalent just below on this page.
    st.error(plain(str(refused).split(" ; précisez le type (--kind)")[0]))
    st.caption(
        "Colonnes trouvées : "
        + " · ".join(f"« {plain(h, line_breaks=False)} »" for h in refused.headers)
    )
    kinds = list(SOURCE_KINDS)
    closest = refused.mapping.kind if refused.mapping else kinds[0]
    kind = st.selectbox(
        "Type de données de ce fichier",
        kinds,
        index=kinds.index(closest),
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
    try:
        plan = prepare(
            con, cfg, path, state["mapping"], state["sheet"], upload.name, state["set_aside"]
        )
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
    _as_of(plan, file_key)
    errors = _problems(plan)
    _confirm(con, who, plan, path, file_key, errors)


def _recognition(plan: ImportPlan, name: str, file_key: str, state: dict) -> None:
    """What was recognised, how sure, the mapping to check, and the columns left out."""
    origin = {
        "profil": f"profil « {plain(plan.profile_name, line_breaks=False)} »",
        "correspondance": "correspondance choisie, le reste reconnu automatiquement",
    }.get(plan.origin, f"reconnaissance automatique, confiance {number(plan.confidence, 2)}")
    st.markdown(f"Type reconnu : **{kind_label(plan.kind)}** ({origin})")
    st.markdown(plain(plan.preview_sentence()))
    st.download_button(
        "Télécharger le devenir de chaque ligne (CSV)",
        french_csv_bytes(plan.account().french_table()),
        file_name=f"lignes_{Path(name).stem}.csv",
        mime="text/csv",
        key=f"rows_{file_key}",
    )
    doubtful = plan.doubtful
    if doubtful:
        st.warning(
            "Reconnaissance incertaine : vérifiez le type et les colonnes proposés ci-dessous "
            "avant de confirmer."
        )
    if state.get("suggested"):
        st.warning(
            "Colonnes proposées à vérifier : "
            + " · ".join(
                f"{SOURCE_KINDS[plan.kind].field(f).label} ← {plain(text, line_breaks=False)}"
                for f, text in state["suggested"].items()
                if f in SOURCE_KINDS[plan.kind].field_names
            )
        )
    wide = SOURCE_KINDS[plan.kind].wide
    if plan.mapping.questions and wide is not None:
        st.caption(
            f"{wide.label} : "
            + " · ".join(plain(q, line_breaks=False) for q in plan.mapping.questions)
        )
    with st.expander(
        "Correspondance des colonnes",
        expanded=not plan.profile_name or doubtful or bool(plan.missing),
    ):
        changed = mapping_editor(plan, file_key, state)
        if changed is not None:
            state["mapping"] = changed
            st.rerun()
    if plan.dropped_personal:
        st.warning(
            "Colonnes de données personnelles non conservées (ni en base, ni dans l'archive) :\n"
            + "\n".join(
                f"- « {plain(h, line_breaks=False)} » : "
                f"{plan.personal_reasons.get(h, 'donnée personnelle')}"
                for h in plan.dropped_personal
            )
        )
    if plan.incomplete_responses:
        set_aside = st.checkbox(
            f"Écarter les {plan.incomplete_responses} réponse(s) non terminée(s) (sans date de "
            "soumission)",
            value=state["set_aside"],
            key=f"set_aside_{file_key}",
        )
        if set_aside != state["set_aside"]:
            state["set_aside"] = set_aside
            st.rerun()
    if plan.ignored_columns:
        st.caption(
            "Colonnes non utilisées (non conservées) : "
            + ", ".join(plain(h, line_breaks=False) for h in plan.ignored_columns)
        )


def _as_of(plan: ImportPlan, file_key: str) -> None:
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


def _problems(plan: ImportPlan) -> pd.DataFrame:
    """The normalised preview, then errors and warnings; returns the errors."""
    errors, warnings = plan.problems_table("erreur"), plan.problems_table("avertissement")
    st.markdown("**Aperçu des données normalisées**")
    layout.table(display_table(plan.records.head(20), plan.kind), hide_index=True, width="stretch")
    if len(errors):
        st.error(
            f"{number(plan.error_count)} erreur(s) : le fichier sera refusé, sauf si vous importez "
            f"seulement les lignes valides.{plan.listed_note('erreur')}"
        )
        layout.table(errors, hide_index=True, width="stretch")
    if len(warnings):
        st.warning(
            f"{number(plan.warning_count)} avertissement(s) : ces lignes seront importées et "
            f"comptées en qualité des données.{plan.listed_note('avertissement')}"
        )
        layout.table(warnings, hide_index=True, width="stretch")
    return errors


def _confirm(
    con: Connection,
    who: Identity,
    plan: ImportPlan,
    path: Path,
    file_key: str,
    errors: pd.DataFrame,
) -> None:
    """Import the valid rows only, save the mapping, confirm a replacement, then import."""
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
    confirmed = True
    if plan.needs_confirmation:
        confirmed = st.checkbox(
            "Je confirme : "
            + plain(
                plan.replace_sentence
                or next(
                    (
                        n
                        for n in plan.notes
                        if "sera annulé et remplacé" in n or "export plus récent" in n
                    ),
                    "",
                ),
                line_breaks=False,
            ),
            key=f"replace_{file_key}",
        )
    can_import = not plan.blocking_errors and (not len(errors) or valid_only) and confirmed
    if st.button(
        "Confirmer l'import", key=f"confirm_{file_key}", type="primary", disabled=not can_import
    ):
        try:
            result = commit_import(
                con,
                plan,
                valid_rows_only=valid_only,
                archive_dir=session.db_path().parent / "archive",
                save_profile_as=profile.strip() or None,
                identity=who,
                on_wait=lambda message: st.info(plain(message)),
            )
        except ImportRefused as refused:
            st.error(plain(str(refused)))
        else:
            discard_upload(path)
            st.cache_data.clear()
            cache.start_drop_folder().wake()  # figures computed again for the next readers
            note = f" Archive : {result.archive_note}." if result.archive_note else ""
            layout.flash(result.summary() + note)


def history(con: Connection, who: Identity) -> None:
    """Past imports, the rows behind each, and undoing one."""
    st.markdown("### Historique des imports")
    batches = list_batches(con)
    if batches.empty:
        st.caption("Aucun import pour l'instant.")
    else:
        shown = import_history(batches)
        layout.table(shown, hide_index=True, width="stretch")
        active = batches[batches["status"] == "importé"]
        if not active.empty:
            choice = st.selectbox(
                "Annuler un import",
                list(active["batch_id"]),
                format_func=lambda b: (
                    f"n° {b} — {active.set_index('batch_id').loc[b, 'file_name']}"
                ),
                # Keyed by the history so that after an import the newest one is proposed again.
                key=f"undo_choice_{len(batches)}_{int(batches['batch_id'].max())}",
            )
            rows = batch_rows(con, int(choice))
            st.download_button(
                f"Lignes mises à jour, inchangées ou écartées de l'import n° {choice} (CSV)",
                french_csv_bytes(rows),
                file_name=f"import_{choice}_lignes.csv",
                mime="text/csv",
                disabled=rows.empty,
                key=f"batch_rows_{choice}",
            )
            if st.button("Annuler cet import", key="undo_button"):
                try:
                    message = undo_import(
                        con,
                        int(choice),
                        identity=who,
                        archive_dir=session.db_path().parent / "archive",
                        on_wait=lambda message: st.info(plain(message)),
                    )
                except ValueError as exc:
                    st.error(f"Impossible : {plain(exc)}")
                else:
                    st.cache_data.clear()
                    cache.start_drop_folder().wake()
                    layout.flash(message)
