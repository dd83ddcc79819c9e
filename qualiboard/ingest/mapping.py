"""Recognise the source kind of a table and map its columns to canonical fields."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from qualiboard.domain.personal_headers import is_personal_header
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.text import fold
from qualiboard.ingest.checks import parser_for
from qualiboard.ingest.column_facts import ColumnFacts
from qualiboard.ingest.recognise import Candidate, assign, header_score, score_columns
from qualiboard.ingest.survey_columns import (
    SURVEY_TIMESTAMPS,
    _survey_field_ok,
    is_survey_metadata,
    question_columns,
)


@dataclass
class Mapping:
    kind: str
    columns: dict[str, str]  # canonical field -> header of the file
    questions: list[str] = field(default_factory=list)  # wide survey: one column per question
    # Date field -> further columns read where the mapped one is empty (FixMyStreet fills
    # "Fixed" or "Closed", never both).
    fallbacks: dict[str, list[str]] = field(default_factory=dict)
    # Fields the user said the file does not hold: never filled by detection.
    excluded: list[str] = field(default_factory=list)
    # How sure the recognition is, per field and for the whole file (1.0 = exact synonyms or a
    # choice made by a person). Not saved: recomputed at each import.
    scores: dict[str, float] = field(default_factory=dict, compare=False)
    confidence: float = field(default=1.0, compare=False)

    def to_json(self) -> str:
        data: dict[str, object] = {
            "kind": self.kind,
            "columns": self.columns,
            "questions": self.questions,
        }
        if self.fallbacks:
            data["fallbacks"] = self.fallbacks
        if self.excluded:
            data["excluded"] = self.excluded
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Mapping:
        data = json.loads(text)
        return cls(
            data["kind"],
            data["columns"],
            data.get("questions", []),
            data.get("fallbacks", {}),
            data.get("excluded", []),
        )

    def headers(self) -> set[str]:
        """Every column of the file that this mapping reads."""
        extra = {h for headers in self.fallbacks.values() for h in headers}
        return set(self.columns.values()) | set(self.questions) | extra


def _fallbacks(
    kind_name: str, headers: list[str], columns: dict[str, str], personal: set[str]
) -> dict[str, list[str]]:
    """Other columns that name exactly the same date as a mapped date field; for a survey, the
    tool's other timestamps, which date the responses left unfinished."""
    kind = SOURCE_KINDS[kind_name]
    used = set(columns.values())
    found: dict[str, list[str]] = {}
    for f in kind.fields:
        if f.type != "date" or f.name not in columns:
            continue
        synonyms = {fold(s) for s in f.synonyms}
        other = [h for h in headers if h not in used and h not in personal and fold(h) in synonyms]
        if kind_name == "survey_answers" and f.name == "answered_on":
            keys = {fold(h): h for h in headers if h not in used and h not in personal}
            other += [keys[k] for k in SURVEY_TIMESTAMPS if k in keys and keys[k] not in other]
        if other:
            found[f.name] = other
            used.update(other)
    return found


class _KnownHeaders(set):
    """The folded synonyms, and any header the scoring recognises: the header row of a town's own
    export (« Reçue le », « Réponse le » under a merged group row) is told from its title rows."""

    def __contains__(self, key: object) -> bool:
        if set.__contains__(self, key):
            return True
        if not isinstance(key, str) or not key:
            return False
        return _scored_header(key)


@lru_cache(maxsize=4096)
def _scored_header(key: str) -> bool:
    names = {f.name for kind in SOURCE_KINDS.values() for f in kind.fields}
    return any(header_score(key, name) >= 0.9 for name in names)


def known_header_keys() -> set[str]:
    return _KnownHeaders(
        fold(s) for kind in SOURCE_KINDS.values() for f in kind.fields for s in f.synonyms
    )


def header_signature(headers: list[str]) -> str:
    return hashlib.sha256("|".join(sorted(fold(h) for h in headers)).encode()).hexdigest()[:16]


def _synonym_hits(kind_name: str, candidates: list[str]) -> dict[tuple[str, str], float]:
    """(field, header) -> floor score from the synonym lists: 1.0 for an exact synonym, 0.8 for
    a synonym inside the header or a header pattern (« Date d'accusé », « AR envoyé le »)."""
    kind = SOURCE_KINDS[kind_name]
    keys = {h: fold(h) for h in candidates}
    floors: dict[tuple[str, str], float] = {}
    for f in kind.fields:
        targets = [fold(s) for s in f.synonyms]
        exact = set(targets)
        for h in candidates:
            key = keys[h]
            if key in exact:
                floors[(f.name, h)] = 1.0
            elif any(" " in t and f" {t} " in f" {key} " for t in targets) or any(
                re.match(p, key) for p in f.patterns
            ):
                floors[(f.name, h)] = 0.8
    return floors


def match_columns(
    kind_name: str,
    headers: list[str],
    body: pd.DataFrame,
    personal: set[str] | None = None,
    fixed: dict[str, str] | None = None,
    excluded: list[str] | tuple[str, ...] = (),
    facts: dict[str, ColumnFacts] | None = None,
) -> tuple[dict[str, str], dict[str, float], list[Candidate]]:
    """Columns for the fields of a kind: those fixed by a person, then the best scored pairs.
    Returns (field -> header, field -> score, every candidate considered)."""
    if personal is None:
        personal = {h for h in headers if is_personal_header(h)}
    fixed = fixed or {}
    candidates_headers = [h for h in headers if h not in personal]
    if kind_name == "survey_answers":
        # Tool columns are never the respondent's service or site; they stay for the date.
        candidates_headers = [
            h for h in candidates_headers if not is_survey_metadata(h) or _survey_field_ok(h)
        ]
    floors = _synonym_hits(kind_name, candidates_headers)
    candidates = score_columns(kind_name, candidates_headers, body, floors=floors, facts=facts)
    chosen = assign(candidates, set(fixed) | set(excluded), set(fixed.values()))
    columns = dict(fixed)
    scores = dict.fromkeys(fixed, 1.0)
    for f in SOURCE_KINDS[kind_name].fields:  # in the kind's order, as users read them
        if f.name in chosen:
            columns[f.name] = chosen[f.name].header
            scores[f.name] = chosen[f.name].score
    ordered = [f.name for f in SOURCE_KINDS[kind_name].fields]
    columns = dict(sorted(columns.items(), key=lambda kv: ordered.index(kv[0])))
    return columns, scores, candidates


def _build(
    kind_name: str,
    headers: list[str],
    body: pd.DataFrame,
    personal: set[str],
    fixed: dict[str, str] | None = None,
    excluded: list[str] | tuple[str, ...] = (),
    questions: list[str] | None = None,
    facts: dict[str, ColumnFacts] | None = None,
) -> tuple[Mapping, list[Candidate]]:
    columns, scores, candidates = match_columns(
        kind_name, headers, body, personal, fixed, excluded, facts
    )
    if questions is None:
        questions = []
        # Question columns are looked for in a file that has a survey's (or a check's) date,
        # not in any file.
        wide = SOURCE_KINDS[kind_name].wide
        guessed_score = "score" in columns and "score" not in (fixed or {})
        if wide and ("score" not in columns or guessed_score) and wide.date in columns:
            parse = parser_for(SOURCE_KINDS[kind_name].field("score").type)
            mapped = {h for f, h in columns.items() if f != "score"}
            questions = question_columns(body, headers, mapped, personal, parse)
            if "score" in columns:
                # « Accueil (note sur 5) », « Attente (note sur 5) »: the header that looked
                # like the score is one question among others, each to be kept.
                if len(questions) >= 2 and columns["score"] in questions:
                    del columns["score"]
                    scores.pop("score", None)
                else:
                    questions = []
            # A question column is no service or channel: those were guesses on its header.
            for name in [
                f for f, h in columns.items() if h in questions and f not in (fixed or {})
            ]:
                del columns[name]
                scores.pop(name, None)
    kind = SOURCE_KINDS[kind_name]
    required = [f for f in kind.required_fields if not (f == "score" and questions)]
    found = [scores[f] for f in required if f in scores]
    confidence = min(found) if found and len(found) == len(required) else 0.0
    mapping = Mapping(
        kind_name,
        columns,
        questions,
        _fallbacks(kind_name, headers, columns, personal),
        list(excluded),
        scores,
        round(confidence, 2),
    )
    return mapping, candidates
