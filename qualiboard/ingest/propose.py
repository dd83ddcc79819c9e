"""Which source kind a file is, and its column mapping: the best complete candidate, else the
closest one with what is missing, merged with what the user or a saved profile says."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from qualiboard.domain.personal_headers import is_personal_header
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.text import fold
from qualiboard.ingest.column_facts import ColumnFacts
from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.mapping import Mapping, _build, header_signature
from qualiboard.ingest.mapping_files import find_profile, profile_by_name
from qualiboard.ingest.recognise import Candidate, best_candidates

FILE_NAME_HINTS: dict[str, tuple[str, ...]] = {
    "complaints": ("reclamation", "plainte"),
    "reports": ("signalement", "fixmystreet", "dansmarue", "voirie", "intervention"),
    "correspondence": ("courrier", "courriel", "mail", "correspondance"),
    "survey_answers": ("enquete", "satisfaction", "questionnaire", "limesurvey", "sondage"),
    "phone_calls": ("appel", "telephon", "standard"),
    "counter_visits": ("guichet", "attente", "passage", "file"),
    "measurements": ("mesure", "saisie"),
    "actions": ("action", "audit"),
}


# Words in the headers that only one kind of export uses: they settle a tie between kinds that
# share their date and reference columns (a report and a complaint both have "créée le").
HEADER_HINTS: dict[str, tuple[str, ...]] = {
    "reports": (
        "quartier",
        "secteur",
        "intervention",
        "urgent",
        "lieu",
        "localisation",
        "latitude",
        "longitude",
        "ward",
        "soustype",
        "anomalie",
        "voirie",
        "eclairage",
        "fixed",
    ),
    "complaints": ("reclamation", "reclamant", "plainte", "motif", "suggestion"),
    "correspondence": ("courrier", "courriel", "expediteur", "destinataire", "chrono"),
    "counter_visits": ("guichet", "ticket", "attente"),
    "phone_calls": ("appels", "decroches", "presentes", "perdus"),
}


def _hint_score(kind_name: str, headers: list[str]) -> int:
    words = HEADER_HINTS.get(kind_name, ())
    return sum(1 for h in headers if any(w in fold(h).split() for w in words))


class UnrecognisedFile(ImportRefused):
    """No kind fits the file: the closest mapping and the candidates of its missing fields come
    with the refusal, for the CLI to explain and the page to preselect."""

    def __init__(
        self,
        file_name: str,
        reason: str,
        sheet: str | None,
        headers: list[str],
        mapping: Mapping | None,
        missing: dict[str, list[Candidate]],
    ) -> None:
        super().__init__(file_name, reason, sheet)
        self.headers = headers
        self.mapping = mapping
        self.missing = missing


@dataclass
class Recognition:
    """What the importer found in a file: the mapping, where it came from, what is missing."""

    mapping: Mapping | None
    origin: str  # "automatique", "profil", "correspondance"
    profile_name: str | None = None
    missing: dict[str, list[Candidate]] = field(default_factory=dict)  # required field -> best


def propose_mapping(
    headers: list[str],
    body: pd.DataFrame,
    file_name: str = "",
    personal: set[str] | None = None,
    kinds: list[str] | None = None,
) -> Mapping | None:
    """Best kind and mapping for these headers, or None when nothing fits."""
    mapping, _ = _propose(headers, body, file_name, personal, kinds)
    return mapping if mapping is not None and _complete(mapping) else None


def _complete(mapping: Mapping) -> bool:
    kind = SOURCE_KINDS[mapping.kind]
    return all(
        f in mapping.columns or (f == "score" and mapping.questions) for f in kind.required_fields
    )


def _kind_score(mapping: Mapping, found: set[str], name_key: str, headers: list[str]) -> float:
    """How well a kind explains the file: its required fields found first, then every column
    explained, then hints in the file name and headers."""
    score = (
        10 * sum(mapping.scores[f] for f in found)
        + sum(mapping.scores.values())
        + len(mapping.questions)
    )
    if any(hint in name_key for hint in FILE_NAME_HINTS.get(mapping.kind, ())):
        score += 5
    return score + 3 * _hint_score(mapping.kind, headers)


def _propose(
    headers: list[str],
    body: pd.DataFrame,
    file_name: str,
    personal: set[str] | None,
    kinds: list[str] | None = None,
) -> tuple[Mapping | None, dict[str, list[Candidate]]]:
    """The best complete mapping; else the closest incomplete one with the candidates of its
    missing fields (to explain the refusal and propose a mapping to edit)."""
    if personal is None:
        personal = {h for h in headers if is_personal_header(h)}
    name_key = fold(Path(file_name).stem)
    best: tuple[float, Mapping] | None = None
    runner_up: tuple[float, str] = (float("-inf"), "")
    closest: tuple[float, Mapping, list[Candidate]] | None = None
    facts: dict[str, ColumnFacts] = {}
    for kind_name in kinds or list(SOURCE_KINDS):
        kind = SOURCE_KINDS[kind_name]
        questions = None if kind.wide else []
        mapping, candidates = _build(
            kind_name, headers, body, personal, questions=questions, facts=facts
        )
        required = set(kind.required_fields)
        if mapping.questions:
            required.discard("score")
        found = required & set(mapping.columns)
        score = _kind_score(mapping, found, name_key, headers)
        if found != required:
            # How close: the share of required fields found or nearly found (their best
            # candidate's score), then the other columns explained, then the hints.
            near = sum(mapping.scores[f] for f in found) + sum(
                max((c.score for c in candidates if c.field == f), default=0.0)
                for f in required - found
            )
            partial = 10 * near / len(required) + score - 10 * sum(mapping.scores[f] for f in found)
            if closest is None or partial > closest[0]:
                closest = (partial, mapping, candidates)
            continue
        if best is None or score > best[0]:
            if best is not None:
                runner_up = max(runner_up, (best[0], best[1].kind))
            best = (score, mapping)
        else:
            runner_up = max(runner_up, (score, kind_name))
    if best is not None:
        mapping = best[1]
        if best[0] - runner_up[0] < 3 and not _same_family(mapping.kind, runner_up[1]):
            # Two kinds fit almost as well: say so through a lower confidence.
            mapping.confidence = round(min(mapping.confidence, 0.6), 2)
        return mapping, {}
    if closest is None:
        return None, {}
    _, mapping, candidates = closest
    return mapping, _missing_candidates(mapping, candidates)


def _same_family(kind_name: str, other: str) -> bool:
    # Letters and complaints share their fields: a near tie between them is no doubt about the
    # columns, only about the kind, which the header words and the file name settle.
    return {kind_name, other} <= {"correspondence", "complaints"}


def _missing_candidates(
    mapping: Mapping, candidates: list[Candidate]
) -> dict[str, list[Candidate]]:
    kind = SOURCE_KINDS[mapping.kind]
    used = set(mapping.columns.values())
    missing = {}
    for name in kind.required_fields:
        if name in mapping.columns or (name == "score" and mapping.questions):
            continue
        missing[name] = best_candidates(candidates, name, used)
    return missing


def mapping_for_kind(
    kind_name: str, headers: list[str], body: pd.DataFrame, personal: set[str] | None = None
) -> Mapping:
    if personal is None:
        personal = {h for h in headers if is_personal_header(h)}
    mapping, _ = _build(kind_name, headers, body, personal)
    return mapping


def merge_mapping(
    given: Mapping, headers: list[str], body: pd.DataFrame, personal: set[str]
) -> tuple[Mapping, list[Candidate]]:
    """A partial mapping (YAML, page, profile) fixes the fields it names and those it says are
    absent; every other field is still detected in the file."""
    # A personal column is never used, even when a mapping names it (as a reference, say).
    fixed = {f: h for f, h in given.columns.items() if h in headers and h not in personal}
    questions = given.questions or None
    mapping, candidates = _build(
        given.kind, headers, body, personal, fixed, given.excluded, questions
    )
    if given.fallbacks:
        mapping.fallbacks = {
            f: [h for h in hs if h in headers]
            for f, hs in given.fallbacks.items()
            if f in mapping.columns
        } | {f: hs for f, hs in mapping.fallbacks.items() if f not in given.fallbacks}
    # Columns named by the mapping but absent from the file are reported by the caller.
    mapping.columns.update({f: h for f, h in given.columns.items() if h not in headers})
    return mapping, candidates


def recognise(
    con: duckdb.DuckDBPyConnection,
    headers: list[str],
    body: pd.DataFrame,
    personal: set[str],
    *,
    file_name: str = "",
    kind: str | None = None,
    mapping: Mapping | None = None,
    profile: str | None = None,
) -> Recognition:
    """Kind and columns of a file: a mapping given by a person or a profile fixes what it
    names, detection fills the rest. `kind` narrows the kinds considered, nothing else."""
    origin, profile_name = "automatique", None
    if mapping is not None:
        origin = "correspondance"
    elif profile:
        mapping = profile_by_name(con, profile)
        if mapping is None:
            raise ImportRefused(file_name, f"profil de correspondance « {profile} » inconnu")
        origin, profile_name = "profil", profile
    else:
        found = find_profile(con, header_signature(headers), kind)
        if found:
            profile_name, mapping = found
            origin = "profil"
    if mapping is not None:
        if kind is not None and mapping.kind != kind:
            mapping = Mapping(kind, {}, [], {}, [])  # the person's --kind wins over a file
        merged, candidates = merge_mapping(mapping, headers, body, personal)
        return Recognition(merged, origin, profile_name, _missing_candidates(merged, candidates))
    found_mapping, missing = _propose(headers, body, file_name, personal, [kind] if kind else None)
    if found_mapping is not None and not missing and kind is not None:
        return Recognition(found_mapping, origin)
    return Recognition(found_mapping, origin, None, missing)
