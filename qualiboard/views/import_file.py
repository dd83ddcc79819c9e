"""Import des données, one dropped file: what the page shows at each step (recognition, column
choices, preview and problems, confirmation), as small dataclasses of French text. The page only
lays them out; the rules stay in `qualiboard.ingest`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from qualiboard.domain.labels import kind_label
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.text import by_count, count_of
from qualiboard.ingest.mapping import Mapping
from qualiboard.ingest.plan import ImportPlan
from qualiboard.ingest.propose import UnrecognisedFile
from qualiboard.present.export import french_csv_bytes
from qualiboard.present.formatting import display_table, number
from qualiboard.present.safe import plain

NOT_MAPPED = "— non utilisée —"
DOUBTFUL = (
    "Reconnaissance incertaine : vérifiez le type et les colonnes proposés ci-dessous avant de "
    "confirmer."
)
# The notes of a plan that a user must agree to before rows already imported are replaced.
_REPLACEMENT_NOTES = ("sera annulé et remplacé", "export plus récent")


def _quoted(text: str) -> str:
    return plain(text, line_breaks=False)


@dataclass(frozen=True)
class Unrecognised:
    """No kind fits: the refusal, the headers found, and the kind preselected for the user."""

    message: str
    headers: str
    kinds: tuple[str, ...]
    closest: int


def unrecognised(refused: UnrecognisedFile) -> Unrecognised:
    kinds = tuple(SOURCE_KINDS)
    closest = refused.mapping.kind if refused.mapping else kinds[0]
    return Unrecognised(
        # The command-line advice (--kind, --mapping) has its equivalent on the page itself.
        message=plain(str(refused).split(" ; précisez le type (--kind)")[0]),
        headers="Colonnes trouvées : " + " · ".join(f"« {_quoted(h)} »" for h in refused.headers),
        kinds=kinds,
        closest=kinds.index(closest),
    )


@dataclass(frozen=True)
class Recognition:
    """What was recognised, how sure, and the columns left out."""

    kind_line: str
    preview: str
    rows_csv: bytes
    rows_file: str
    doubtful: bool
    questions: str | None
    mapping_open: bool
    personal: str | None
    incomplete: str | None  # the label of « set the unfinished answers aside », when some are
    ignored: str | None


def recognition(plan: ImportPlan, name: str) -> Recognition:
    origin = {
        "profil": f"profil « {_quoted(plan.profile_name or '')} »",
        "correspondance": "correspondance choisie, le reste reconnu automatiquement",
    }.get(plan.origin, f"reconnaissance automatique, confiance {number(plan.confidence, 2)}")
    wide = SOURCE_KINDS[plan.kind].wide
    questions = None
    if plan.mapping.questions and wide is not None:
        questions = f"{wide.label} : " + " · ".join(_quoted(q) for q in plan.mapping.questions)
    personal = None
    if plan.dropped_personal:
        personal = (
            "Colonnes de données personnelles non conservées (ni en base, ni dans l'archive) :\n"
            + "\n".join(
                f"- « {_quoted(h)} » : {plan.personal_reasons.get(h, 'donnée personnelle')}"
                for h in plan.dropped_personal
            )
        )
    incomplete = None
    # Answers no date places in a month are set aside anyway: the choice concerns the others.
    if plan.incomplete_responses > plan.undated_incomplete:
        count = plan.incomplete_responses
        which = by_count(count, "la réponse", f"les {number(count)} réponses")
        ended = by_count(count, "non terminée", "non terminées")
        incomplete = f"Écarter {which} {ended} (sans date de soumission)"
    ignored = None
    if plan.ignored_columns:
        ignored = "Colonnes non utilisées (non conservées) : " + ", ".join(
            _quoted(h) for h in plan.ignored_columns
        )
    return Recognition(
        kind_line=f"Type reconnu : **{kind_label(plan.kind)}** ({origin})",
        preview=plain(plan.preview_sentence()),
        rows_csv=french_csv_bytes(plan.account().french_table()),
        rows_file=f"lignes_{Path(name).stem}.csv",
        doubtful=plan.doubtful,
        questions=questions,
        mapping_open=not plan.profile_name or plan.doubtful or bool(plan.missing),
        personal=personal,
        incomplete=incomplete,
        ignored=ignored,
    )


def suggested_text(plan: ImportPlan, suggested: dict[str, str]) -> str | None:
    """The columns preselected by the importer rather than recognised, for the user to check."""
    kind = SOURCE_KINDS[plan.kind]
    shown = [
        f"{kind.field(f).label} ← {_quoted(text)}"
        for f, text in suggested.items()
        if f in kind.field_names
    ]
    return "Colonnes proposées à vérifier : " + " · ".join(shown) if suggested else None


@dataclass(frozen=True)
class FieldChoice:
    """One field of the mapping editor: its label, the file's columns to pick from, the one
    preselected, and the importer's suggestion when it preselected a doubtful candidate."""

    name: str
    label: str
    options: tuple[str, ...]
    index: int
    suggestion: str | None


def field_choices(plan: ImportPlan, suggested: dict[str, str]) -> list[FieldChoice]:
    """The fields of the plan's kind. A field left empty by detection is preselected with its
    best candidate and flagged « à vérifier » (for good: `suggested` keeps the earlier ones)."""
    options = (NOT_MAPPED, *[h for h in plan.headers if h not in plan.dropped_personal])
    choices = []
    for field in SOURCE_KINDS[plan.kind].fields:
        current = plan.mapping.columns.get(field.name)
        candidates = plan.missing.get(field.name) or []
        suggestion = None
        if current is None and candidates:
            best = candidates[0]
            suggestion = best.offered
            current = best.header
        label = field.label + (" *" if field.required else "")
        if suggestion is not None or field.name in suggested:
            label += " — à vérifier"
        index = options.index(current) if current in options else 0
        choices.append(FieldChoice(field.name, label, options, index, suggestion))
    return choices


def chosen_mapping(plan: ImportPlan, chosen: dict[str, str]) -> Mapping | None:
    """The mapping made of the user's choices (field -> column or NOT_MAPPED), or None when
    nothing changed. A field set to « non utilisée » stays out: detection must not bring it
    back; fallback columns stay with the fields still mapped."""
    columns = {f: h for f, h in chosen.items() if h != NOT_MAPPED}
    if columns == plan.mapping.columns:
        return None
    excluded = [f for f, h in chosen.items() if h == NOT_MAPPED and f in plan.mapping.columns]
    kept = {f: h for f, h in plan.mapping.fallbacks.items() if f in columns}
    return Mapping(plan.kind, columns, plan.mapping.questions, kept, excluded)


@dataclass(frozen=True)
class Problems:
    """The normalised preview, then the errors and warnings with their sentences."""

    preview: pd.DataFrame
    errors: pd.DataFrame
    warnings: pd.DataFrame
    error_text: str | None
    warning_text: str | None


def problems(plan: ImportPlan) -> Problems:
    errors, warnings = plan.problems_table("erreur"), plan.problems_table("avertissement")
    error_text = warning_text = None
    if len(errors):
        # An error of the whole file (two columns of one title that disagree…) is not left
        # behind by importing the valid rows only: do not offer what cannot be done.
        escape = (
            " : l'erreur porte sur le fichier entier, importer seulement les lignes valides n'y "
            "change rien (voir ci-dessous)"
            if plan.blocking_errors
            else ", sauf si vous importez seulement les lignes valides"
        )
        error_text = (
            f"{count_of(plan.error_count, 'erreur', 'erreurs')} : le fichier sera refusé{escape}."
            f"{plan.listed_note('erreur')}"
        )
    if len(warnings):
        warning_text = (
            f"{count_of(plan.warning_count, 'avertissement', 'avertissements')} : "
            + by_count(
                plan.warning_count,
                "cette ligne sera importée et comptée",
                "ces lignes seront importées et comptées",
            )
            + f" en qualité des données.{plan.listed_note('avertissement')}"
        )
    return Problems(
        display_table(plan.records.head(20), plan.kind), errors, warnings, error_text, warning_text
    )


@dataclass(frozen=True)
class Confirmation:
    """What the user may tick before importing, and whether anything blocks the import."""

    valid_only: str | None  # the label of « import the valid rows only », when offered
    profile_name: str
    replacement: str | None  # the sentence to agree to before rows are replaced
    blocking: bool
    has_errors: bool

    def can_import(self, valid_only: bool, confirmed: bool) -> bool:
        return not self.blocking and (not self.has_errors or valid_only) and confirmed


def confirmation(plan: ImportPlan, has_errors: bool) -> Confirmation:
    valid_only = None
    if has_errors and not plan.blocking_errors:
        invalid = len(plan.invalid_rows)
        valid_only = "Importer les lignes valides et écarter " + (
            "la ligne en erreur" if invalid == 1 else f"les {number(invalid)} lignes en erreur"
        )
    replacement = None
    if plan.needs_confirmation:
        sentence = plan.replace_sentence or next(
            (n for n in plan.notes if any(words in n for words in _REPLACEMENT_NOTES)), ""
        )
        replacement = "Je confirme : " + plain(sentence, line_breaks=False)
    return Confirmation(
        valid_only, plan.profile_name or "", replacement, bool(plan.blocking_errors), has_errors
    )
