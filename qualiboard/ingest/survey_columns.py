"""Survey exports: the tool's own metadata columns, and which columns are questions (one column
per question, unpivoted to one answer per row at import)."""

from __future__ import annotations

import re

import pandas as pd

from qualiboard.domain.personal_headers import is_personal_header
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.text import fold
from qualiboard.ingest.checks import NOT_APPLICABLE, ScoreParser
from qualiboard.ingest.normalise import NO_OPINION, parse_scores

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
