"""Recognise the source kind of a table and map its columns to canonical fields."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd
import yaml

from qualiboard.domain.personal_headers import is_personal_header
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.text import fold
from qualiboard.ingest.checks import NOT_APPLICABLE, ScoreParser, parser_for
from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.normalise import NO_OPINION, parse_scores
from qualiboard.ingest.recognise import (
    Candidate,
    ColumnFacts,
    assign,
    best_candidates,
    header_score,
    score_columns,
)

# Technical columns of survey tools (LimeSurvey in English and French, Google and Microsoft
# Forms, démarches-simplifiées) that are neither data nor questions, whatever their values look
# like: LimeSurvey's « Dernière page » holds 1 to 3 and once passed for a satisfaction score.
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
        "timestamp",
        "id de la réponse",
        "identifiant de la réponse",
        "date de soumission",
        "dernière page",
        "langue de départ",
        "langue de depart",
        "tête de série",
        "graine",
        "jeton",
        "date de début",
        "date de la dernière action",
        "date de dernière action",
        "adresse ip",
        "url de provenance",
        "url référente",
        "temps total",
        "durée totale",
        "adresse e-mail",
        "adresse email",
        "email address",
        "adresse de messagerie",
        "e-mail",
        "email",
        "nom",
        "name",
        "heure de début",
        "heure de fin",
        "start time",
        "completion time",
        "last modified time",
        "heure de la dernière modification",
        "score total",
        "total points",
        "commentaires",
        "archivé",
        "état du dossier",
        "dernière mise à jour le",
        "dernière mise à jour du dossier le",
        "déposé le",
        "passé en instruction le",
        "traité le",
        "motivation de la décision",
        "instructeurs",
        "groupe instructeur",
        "franceconnect ?",
        "civilité",
        "prénom",
    )
}
# Survey timestamps other than the submission date, best first: where an unfinished response
# (no submission date) takes its date from.
SURVEY_TIMESTAMPS = [
    fold(h)
    for h in (
        "datestamp",
        "date de la dernière action",
        "date de dernière action",
        "heure de fin",
        "completion time",
        "last modified time",
        "heure de la dernière modification",
        "dernière mise à jour le",
        "startdate",
        "date de début",
        "heure de début",
        "start time",
    )
]


def is_survey_metadata(header: str) -> bool:
    key = fold(header)
    return key in SURVEY_METADATA or key in SURVEY_TIMESTAMPS


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


def _survey_field_ok(header: str) -> bool:
    """The survey tool columns that do carry a field: the response's id and its date."""
    key = fold(header)
    return key in {
        "id",
        "submitdate",
        "id de la reponse",
        "identifiant de la reponse",
        "date de soumission",
        "horodateur",
        "timestamp",
        "heure de fin",
        "completion time",
    }


_FREE_TEXT = re.compile(
    r"\b(comments|commentaire|commentaires|remarque|remarques|observation|observations|"
    r"precisez|suggestion|suggestions|pourquoi|autre|other|verbatim|libre)\b"
)
# A 0-10 scale, its labels and "sans avis" spelled a few ways stay well below this.
MAX_SCALE_VALUES = 40


def question_columns(
    body: pd.DataFrame,
    headers: list[str],
    mapped: set[str],
    personal: set[str] | None = None,
    parse: ScoreParser = parse_scores,
) -> list[str]:
    """Columns of a wide export holding one question (or check criterion) each: mostly
    score-like values, as `parse` reads them."""
    questions = []
    identifiers = {fold(s) for s in SOURCE_KINDS["correspondence"].field("reference").synonyms}
    for header in headers:
        key = fold(header)
        if header in mapped or is_survey_metadata(header) or key in identifiers:
            continue
        if is_personal_header(header) or (personal and header in personal):
            continue
        if _FREE_TEXT.search(key):
            continue  # a comment box, however short its answers (« Bien », « RAS »)
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
        # « Sans objet » is no answer on any scale (a phone criterion on a visit).
        sample = sample[~sample.map(lambda v: fold(v) in NO_OPINION or fold(v) in NOT_APPLICABLE)]
        if len(sample) == 0:
            continue
        scores, _, unreadable = parse(sample)
        if scores.notna().sum() < 0.8 * len(sample) or unreadable.any():
            continue
        if len(sample) > 4 and sample.nunique() == len(sample):
            continue  # every value different: a counter or an identifier, not answers on a scale
        questions.append(header)
    return questions


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
        score = (
            10 * sum(mapping.scores[f] for f in found)
            + sum(mapping.scores.values())
            + len(mapping.questions)
        )
        if any(hint in name_key for hint in FILE_NAME_HINTS.get(kind_name, ())):
            score += 5
        score += 3 * _hint_score(kind_name, headers)
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


def suggestion_yaml(mapping: Mapping, missing: dict[str, list[Candidate]]) -> str:
    """A mapping file ready to edit: every field of the kind, the detected column, the best
    candidate for a missing field (to check), the other fields commented out."""
    kind = SOURCE_KINDS[mapping.kind]
    lines = [
        "# Correspondance des colonnes proposée par Qualiboard : vérifiez chaque ligne, puis",
        "# relancez l'import avec --mapping CE_FICHIER.",
        f"kind: {mapping.kind}  # {kind.label}",
        "columns:",
    ]
    for f in kind.fields:
        label = f.label + (" (obligatoire)" if f.required else "")
        if f.name in mapping.columns:
            score = mapping.scores.get(f.name, 1.0)
            lines.append(
                f"  {f.name}: {_yaml_text(mapping.columns[f.name])}  # {label}, "
                f"reconnu (confiance {score:.2f})"
            )
        elif missing.get(f.name):
            first, *others = missing[f.name]
            alt = "".join(f", sinon {_yaml_text(c.header)} ({c.score:.2f})" for c in others)
            lines.append(
                f"  {f.name}: {_yaml_text(first.header)}  # {label} : À VÉRIFIER, "
                f"candidat {first.score:.2f}{alt}"
            )
        elif f.required:
            lines.append(f"  {f.name}:   # {label} : À COMPLÉTER (nom exact de la colonne)")
        else:
            lines.append(f"  # {f.name}:   # {label}")
    return "\n".join(lines) + "\n"


def _yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON strings are valid YAML scalars


def load_mapping_file(path: Path, kind: str | None) -> Mapping:
    """A YAML mapping: `kind:` (optional) and `columns:` canonical field -> column header. A field
    given an empty value is declared absent from the file; fields not named are detected."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ImportRefused(path.name, "fichier de correspondance illisible") from exc
    if not isinstance(data, dict):
        raise ImportRefused(path.name, "fichier de correspondance : rubriques attendues")
    columns = data.get("columns", {k: v for k, v in data.items() if k not in ("kind", "questions")})
    if not isinstance(columns, dict):
        raise ImportRefused(path.name, "fichier de correspondance : rubrique « columns » attendue")
    kind_name = kind or data.get("kind")
    if kind_name not in SOURCE_KINDS:
        raise ImportRefused(
            path.name,
            f"type de source « {kind_name} » inconnu ; types possibles : {', '.join(SOURCE_KINDS)}",
        )
    unknown = [f for f in columns if f not in SOURCE_KINDS[kind_name].field_names]
    if unknown:
        raise ImportRefused(path.name, f"champs inconnus pour {kind_name} : {', '.join(unknown)}")
    named = {k: str(v) for k, v in columns.items() if v not in (None, "")}
    absent = [k for k, v in columns.items() if v in (None, "")]
    return Mapping(kind_name, named, data.get("questions", []) or [], {}, absent)


def find_profile(
    con: duckdb.DuckDBPyConnection, signature: str, kind: str | None = None
) -> tuple[str, Mapping] | None:
    """The latest profile saved for these headers (of this kind, when one is asked for)."""
    row = con.execute(
        "SELECT name, mapping FROM mapping_profiles WHERE header_signature = ? "
        "AND (CAST(? AS VARCHAR) IS NULL OR kind = ?) ORDER BY created_at DESC LIMIT 1",
        [signature, kind, kind],
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
