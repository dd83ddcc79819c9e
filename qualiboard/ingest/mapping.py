"""Recognise the source kind of a table and map its columns to canonical fields."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import yaml

from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.normalise import NO_OPINION, parse_scores
from qualiboard.sources import SOURCE_KINDS, is_personal_header
from qualiboard.text import fold

# Technical columns of survey tools (LimeSurvey, Forms) that are neither data nor questions.
SURVEY_METADATA = {
    fold(h)
    for h in (
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "token",
        "startdate",
        "datestamp",
        "ipaddr",
        "refurl",
        "horodateur",
        "interviewtime",
    )
}
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


@dataclass
class Mapping:
    kind: str
    columns: dict[str, str]  # canonical field -> header of the file
    questions: list[str] = field(default_factory=list)  # wide survey: one column per question
    # Date field -> further columns read where the mapped one is empty (FixMyStreet fills
    # "Fixed" or "Closed", never both).
    fallbacks: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> str:
        data = {"kind": self.kind, "columns": self.columns, "questions": self.questions}
        if self.fallbacks:
            data["fallbacks"] = self.fallbacks
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Mapping:
        data = json.loads(text)
        return cls(
            data["kind"], data["columns"], data.get("questions", []), data.get("fallbacks", {})
        )

    def headers(self) -> set[str]:
        """Every column of the file that this mapping reads."""
        extra = {h for headers in self.fallbacks.values() for h in headers}
        return set(self.columns.values()) | set(self.questions) | extra


def _fallbacks(kind_name: str, headers: list[str], columns: dict[str, str]) -> dict[str, list[str]]:
    """Other columns that name exactly the same date as a mapped date field."""
    kind = SOURCE_KINDS[kind_name]
    used = set(columns.values())
    found: dict[str, list[str]] = {}
    for f in kind.fields:
        if f.type != "date" or f.name not in columns:
            continue
        synonyms = {fold(s) for s in f.synonyms}
        other = [
            h
            for h in headers
            if h not in used and not is_personal_header(h) and fold(h) in synonyms
        ]
        if other:
            found[f.name] = other
            used.update(other)
    return found


def known_header_keys() -> set[str]:
    return {fold(s) for kind in SOURCE_KINDS.values() for f in kind.fields for s in f.synonyms}


def header_signature(headers: list[str]) -> str:
    return hashlib.sha256("|".join(sorted(fold(h) for h in headers)).encode()).hexdigest()[:16]


def _match_fields(kind_name: str, headers: list[str]) -> dict[str, str]:
    kind = SOURCE_KINDS[kind_name]
    candidates = [h for h in headers if not is_personal_header(h)]
    keys = {h: fold(h) for h in candidates}
    used: set[str] = set()
    mapping: dict[str, str] = {}
    # Exact synonyms first, for every field, so a vague synonym never steals a precise one.
    for exact in (True, False):
        for f in kind.fields:
            if f.name in mapping:
                continue
            for synonym in f.synonyms:
                target = fold(synonym)
                hit = next(
                    (
                        h
                        for h in candidates
                        if h not in used
                        and (
                            keys[h] == target
                            if exact
                            else (" " in target and f" {target} " in f" {keys[h]} ")
                        )
                    ),
                    None,
                )
                if hit:
                    mapping[f.name] = hit
                    used.add(hit)
                    break
    for f in kind.fields:
        if f.name in mapping or not f.patterns:
            continue
        hit = next(
            (
                h
                for h in candidates
                if h not in used and any(re.match(p, keys[h]) for p in f.patterns)
            ),
            None,
        )
        if hit:
            mapping[f.name] = hit
            used.add(hit)
    return mapping


# A 0-10 scale, its labels and "sans avis" spelled a few ways stay well below this.
MAX_SCALE_VALUES = 40


def question_columns(body: pd.DataFrame, headers: list[str], mapped: set[str]) -> list[str]:
    """Columns of a wide survey export holding one question each (mostly score-like values)."""
    questions = []
    identifiers = {fold(s) for s in SOURCE_KINDS["correspondence"].field("reference").synonyms}
    for header in headers:
        key = fold(header)
        if header in mapped or key in SURVEY_METADATA or key in identifiers:
            continue
        if is_personal_header(header):
            continue
        # A sample is enough to tell answers on a scale from anything else.
        values = body[header].head(5000)
        if values.head(500).nunique() > MAX_SCALE_VALUES:
            continue  # dates, references, free text: answers on a scale take a handful of values
        values = values.dropna()
        values = values[values.map(lambda v: not (isinstance(v, str) and not v.strip()))]
        if len(values) == 0:
            continue
        sample = values.head(500)
        if sample.nunique() > MAX_SCALE_VALUES:
            continue
        sample = sample[~sample.map(lambda v: fold(v) in NO_OPINION)]
        if len(sample) == 0:
            continue
        scores, _, unreadable = parse_scores(sample)
        if scores.notna().sum() < 0.8 * len(sample) or unreadable.any():
            continue
        if len(sample) > 4 and sample.nunique() == len(sample):
            continue  # every value different: a counter or an identifier, not answers on a scale
        questions.append(header)
    return questions


def propose_mapping(headers: list[str], body: pd.DataFrame, file_name: str = "") -> Mapping | None:
    """Best kind and mapping for these headers, or None when nothing fits."""
    name_key = fold(Path(file_name).stem)
    best: tuple[float, Mapping] | None = None
    for kind_name, kind in SOURCE_KINDS.items():
        columns = _match_fields(kind_name, headers)
        required = set(kind.required_fields)
        if required - set(columns) - {"score"}:
            continue  # looking for question columns would be wasted on a file of another kind
        questions: list[str] = []
        if kind_name == "survey_answers" and "score" not in columns:
            questions = question_columns(body, headers, set(columns.values()))
        if questions:
            required.discard("score")
        missing = required - set(columns)
        score = 10 * len(required - missing) + len(columns) - 100 * len(missing) + len(questions)
        if any(hint in name_key for hint in FILE_NAME_HINTS.get(kind_name, ())):
            score += 5
        score += 3 * _hint_score(kind_name, headers)
        if missing:
            continue
        if best is None or score > best[0]:
            fallbacks = _fallbacks(kind_name, headers, columns)
            best = (score, Mapping(kind_name, columns, questions, fallbacks))
    return best[1] if best else None


def mapping_for_kind(kind_name: str, headers: list[str], body: pd.DataFrame) -> Mapping:
    columns = _match_fields(kind_name, headers)
    questions: list[str] = []
    if kind_name == "survey_answers" and "score" not in columns:
        questions = question_columns(body, headers, set(columns.values()))
    return Mapping(kind_name, columns, questions, _fallbacks(kind_name, headers, columns))


def load_mapping_file(path: Path, kind: str | None) -> Mapping:
    """A YAML mapping: `kind:` (optional) and `columns:` canonical field -> column header."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ImportRefused(path.name, "fichier de correspondance illisible") from exc
    if not isinstance(data, dict):
        raise ImportRefused(path.name, "fichier de correspondance : rubriques attendues")
    columns = data.get("columns", {k: v for k, v in data.items() if k not in ("kind", "questions")})
    kind_name = kind or data.get("kind")
    if kind_name not in SOURCE_KINDS:
        raise ImportRefused(
            path.name,
            f"type de source « {kind_name} » inconnu ; types possibles : {', '.join(SOURCE_KINDS)}",
        )
    unknown = [f for f in columns if f not in SOURCE_KINDS[kind_name].field_names]
    if unknown:
        raise ImportRefused(path.name, f"champs inconnus pour {kind_name} : {', '.join(unknown)}")
    return Mapping(kind_name, {k: str(v) for k, v in columns.items()}, data.get("questions", []))


def find_profile(con: duckdb.DuckDBPyConnection, signature: str) -> tuple[str, Mapping] | None:
    row = con.execute(
        "SELECT name, mapping FROM mapping_profiles WHERE header_signature = ? "
        "ORDER BY created_at DESC LIMIT 1",
        [signature],
    ).fetchone()
    return (row[0], Mapping.from_json(row[1])) if row else None


def profile_by_name(con: duckdb.DuckDBPyConnection, name: str) -> Mapping | None:
    row = con.execute("SELECT mapping FROM mapping_profiles WHERE name = ?", [name]).fetchone()
    return Mapping.from_json(row[0]) if row else None


def save_profile(
    con: duckdb.DuckDBPyConnection, name: str, signature: str, mapping: Mapping
) -> None:
    con.execute(
        "INSERT INTO mapping_profiles VALUES (?, ?, ?, ?, current_timestamp::TIMESTAMP) "
        "ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, "
        "header_signature = excluded.header_signature, mapping = excluded.mapping, "
        "created_at = excluded.created_at",
        [name, mapping.kind, signature, mapping.to_json()],
    )
