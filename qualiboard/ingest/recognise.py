"""Header recognition by scoring: each column header against each canonical field.

Exact synonyms (sources.py) say what we have already met; a town's own export says the same
things in other words (« Reçue le », « DDS_DATE_CREATION », « Accusé de réception le »). Headers
are cut into words, folded (case, accents, punctuation, underscores, plural and gender), the
words are mapped to a few concepts (a date, a reception, an identifier…) and every field weighs
the concepts it expects. The column's values then confirm or contradict the header: a field of
dates wants dates, a reference wants values unique in the file, a status wants known statuses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.text import fold, number
from qualiboard.ingest.column_facts import ColumnFacts, column_facts, value_factor

# A column is taken for a field from this score on (1.0 = an exact synonym).
ACCEPT = 0.5


# Below this confidence for a required field, the page asks and the CLI explains.
CONFIDENT = 0.7


_STOP = frozenset(
    {
        "de",
        "du",
        "des",
        "d",
        "l",
        "la",
        "les",
        "a",
        "au",
        "aux",
        "en",
        "et",
        "par",
        "pour",
        "the",
        "of",
        "sur",
        "un",
        "une",
        "e",
        "s",
        "at",
        # A unit written as a clock (« Attente (hh:mm) », as the import itself advises): no
        # concept of its own, it must not make the header less like « Attente ».
        "hh",
        "mm",
        "ss",
    }  # fmt: skip
)


# Words glued by some tools (DansMaRue `datedecl`, LimeSurvey `submitdate`, `startdate`).
_GLUED = re.compile(r"^(date|heure)(\w{3,})$|^(\w{3,}?)(date|stamp)$")


def _stem(word: str) -> str:
    """Plural and feminine endings off: « reçues » -> recu, « créée » -> cre, « dates » -> dat."""
    if len(word) > 3 and word.endswith(("s", "x")):
        word = word[:-1]
    while len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


# Word (after folding and stemming) -> concept. Words absent from this table stand for themselves.
_CONCEPTS: dict[str, str] = {}


for _concept, _words in {
    "#id": (
        "n",
        "no",
        "num",
        "numero",
        "nr",
        "nro",
        "ref",
        "referenc",
        "id",
        "identifiant",
        "chrono",
        "code",
        "ticket",
        "dossier",
        "enregistrement",
        "uniqu",
        "key",
        "cle",
    ),
    "#date": (
        "dat",
        "le",
        "jour",
        "horodat",
        "horodatag",
        "horodateur",
        "timestamp",
        "stamp",
        "heur",
        "time",
        "on",
        "datetim",
    ),
    "#recv": (
        "recu",
        "reception",
        "arriv",
        "arrive",
        "entre",
        "entree",
        "depot",
        "depos",
        "creat",
        "creation",
        "cre",
        "created",
        "saisin",
        "demand",
        "received",
        "ouvert",
        "ouvertur",
        "submitted",
        "enregistre",
    ),
    "#report": (
        "signal",
        "signale",
        "signalement",
        "declar",
        "declaration",
        "decl",
        "declare",
        "reported",
        "appel",
    ),
    "#ack": (
        "accus",
        "accuse",
        "ar",
        "acknowledged",
        "acknowledgement",
        "acquit",
        "compt",
        "instruction",
        "priseencharg",
        "pec",
    ),
    "#answer": (
        "repons",
        "repondu",
        "answer",
        "answered",
        "depart",
        "cloture",
        "clotur",
        "clos",
        "closed",
        "trait",
        "traitement",
        "fin",
        "solde",
        "termin",
        "envoi",
        "retour",
    ),
    "#resolve": (
        "resolu",
        "resolution",
        "realis",
        "realisation",
        "fixed",
        "repar",
        "reparation",
        "intervention",
        "intervenu",
    ),
    "#service": (
        "servic",
        "direction",
        "pol",
        "affect",
        "intervenant",
        "entit",
        "departement",
        "gestionnair",
        "equip",
        "division",
        "structur",
        "responsabl",
    ),
    "#channel": (
        "canal",
        "origin",
        "mod",
        "saisi",
        "source",
        "support",
        "moyen",
        "provenanc",
        "media",
        "via",
        "used",
    ),
    "#category": (
        "categori",
        "category",
        "them",
        "motif",
        "natur",
        "typ",
        "domain",
        "sujet",
        "soustyp",
        "rubriqu",
        "famill",
        "objet",
        "anomali",
    ),
    "#status": ("statut", "status", "etat", "avancement", "situation", "suit", "stat"),
    "#submit": ("submit", "soumission", "soumi", "valid", "validation", "complet", "completion"),
    "#start": ("start", "debut", "commenc"),
    "#calls": ("appel", "call"),
    "#wait": ("attent", "wait"),
    # Added from the corpus of real exports: Publik's « Prise en charge le », the
    # « Groupe instructeur » of démarches-simplifiées, a phone system's « Groupe de postes » or
    # « Queue », a shared mailbox's « Boîte », an office (« Bureau »).
    "#ack+": ("pris",),
    "#service+": ("group", "instructeur", "queue", "boit", "bureau"),
}.items():
    for _word in _words:
        # Listed stemmed or as people write them: both spellings are looked up.
        _CONCEPTS.setdefault(_word, _concept.rstrip("+"))
        _CONCEPTS.setdefault(_stem(_word), _concept.rstrip("+"))


_CONCEPTS["appel"] = "#calls"  # reports hear of calls too, but phone statistics count them


@lru_cache(maxsize=4096)
def header_words(header: str) -> tuple[str, ...]:
    """Folded, stemmed words of a header, glued words split: 'DDS_DATE_CREATION' -> dat, creat."""
    words: list[str] = []
    for word in fold(header).split():
        glued = _GLUED.match(word)
        parts = [p for p in glued.groups() if p] if glued else [word]
        for part in parts:
            if part in _STOP:
                continue
            words.append(_stem(part))
    return tuple(words)


@lru_cache(maxsize=4096)
def header_concepts(header: str) -> tuple[str, ...]:
    words = header_words(header)
    concepts = [_CONCEPTS.get(w, w) for w in words]
    # « N° » alone or first is a number; elsewhere a lone « n » is noise.
    return tuple(c for i, c in enumerate(concepts) if c != "n" or i == 0)


# Field name -> concept weights. Shared fields (reference, service…) mean the same in every kind.
FIELD_WORDS: dict[str, dict[str, float]] = {
    "reference": {"#id": 0.9, "#recv": -0.2},
    "respondent": {"#id": 0.6, "repondant": 1.0, "#answer": 0.2, "respondent": 1.0},
    "received_on": {"#date": 0.3, "#recv": 0.7},
    "reported_on": {"#date": 0.3, "#recv": 0.6, "#report": 0.7},
    "acknowledged_on": {"#date": 0.3, "#ack": 0.8, "#recv": 0.1},
    "answered_on": {"#date": 0.3, "#answer": 0.7},
    "resolved_on": {"#date": 0.3, "#answer": 0.6, "#resolve": 0.6},
    "service": {"#service": 1.0},
    "site": {"site": 1.0, "lieu": 0.6, "accueil": 0.4, "guichet": 0.6, "mairi": 0.5},
    "channel": {"#channel": 0.9},
    "category": {"#category": 0.9},
    "status": {"#status": 1.0},
    "question": {"question": 1.0, "item": 0.8, "criter": 0.8},
    "score": {"not": 0.9, "score": 1.0, "satisfaction": 0.6, "niveau": 0.5},
    "scale_max": {"echell": 1.0, "bareme": 1.0, "max": 0.5},
    "period_start": {"#date": 0.3, "#start": 0.5, "period": 0.6, "moi": 0.6, "from": 0.6},
    "period_end": {"#answer": 0.6, "#date": 0.3, "au": 0.4, "to": 0.6},
    "calls_received": {
        "#calls": 0.5,
        "recu": 0.6,
        "present": 0.6,
        "entrant": 0.6,
        "offert": 0.6,
        "offered": 0.6,
        "incoming": 0.6,
        "total": 0.3,
        "nombr": 0.2,
        "#recv": 0.5,
        # Answered, lost or abandoned calls are parts of the calls received, not their number.
        "#answer": -0.6,
        "perdu": -0.6,
        "abandoned": -0.6,
        "taux": -0.6,
    },  # fmt: skip
    "calls_answered": {
        "#calls": 0.5,
        "decroch": 0.7,
        "#answer": 0.5,
        "repondu": 0.6,
        "servi": 0.6,
        "abouti": 0.6,
        "perdu": -0.6,
        "abandoned": -0.6,
        "taux": -0.6,  # « Taux de décroché » is a rate, not a number of calls
        # A call the voice menu (SVI) handled was not picked up by anyone: the engagement is
        # that a person answers. « Appels traités (agent) » beats « Appels traités (SVI) ».
        "svi": -0.8,
        "vocal": -0.8,
        "agent": 0.1,
        "conseiller": 0.1,
    },  # fmt: skip
    "visited_on": {"#date": 0.3, "passag": 0.6, "visit": 0.6, "#recv": 0.3},
    "wait_minutes": {"#wait": 0.9, "min": 0.2, "dur": 0.2, "temp": 0.2},
    "indicator": {"indicateur": 1.0, "mesur": 0.6, "#id": 0.1},
    # In a file of measurements, a date is the period measured.
    "period": {"period": 0.9, "moi": 0.8, "#date": 0.5, "mesur": 0.2},
    "value": {"valeur": 1.0, "value": 1.0, "resultat": 0.8},
    "numerator": {"numerateur": 1.0, "realis": 0.5, "conform": 0.6},
    "denominator": {"denominateur": 1.0, "prevu": 0.5, "total": 0.4},
    "title": {"intitul": 1.0, "libell": 0.9, "action": 0.6, "description": 0.6},
    "origin": {"#channel": 0.8},
    "module": {"modul": 1.0, "chapitr": 0.7},
    "owner": {"pilot": 1.0, "responsabl": 0.8, "porteur": 0.9, "owner": 1.0},
    "opened_on": {"#date": 0.3, "#recv": 0.6},
    "due_on": {"echeanc": 1.0, "prevu": 0.5, "#date": 0.2, "delai": 0.5},
    "closed_on": {"#date": 0.3, "#answer": 0.6, "#resolve": 0.4},
    # A survey's date is when the respondent sent it; a letter's answer date is another thing.
    "survey_answers.answered_on": {"#date": 0.3, "#submit": 0.6, "#answer": 0.3},
}


FIELD_WORDS = {
    name: weights | {_stem(w): weight for w, weight in weights.items() if not w.startswith("#")}
    for name, weights in FIELD_WORDS.items()
}


# Concepts that belong to one field so strongly that finding them in a header rules out the other
# fields of the same type: « Accusé de réception le » is not the reception date.
_OWNED_BY = {
    "#ack": "acknowledged_on",
    "#answer": "answered_on",
    "#resolve": "resolved_on",
    "#status": "status",
    "#service": "service",
    "#category": "category",
}


_FIELD_TYPES = {f.name: f.type for kind in SOURCE_KINDS.values() for f in kind.fields}


def header_score(header: str, field_name: str, kind_name: str = "") -> float:
    """How well a header names a field, from its words alone (0 to about 1)."""
    weights = FIELD_WORDS.get(f"{kind_name}.{field_name}") or FIELD_WORDS.get(field_name)
    if not weights:
        return 0.0
    concepts = header_concepts(header)
    if not concepts:
        return 0.0
    score, matched, unknown = 0.0, set(), 0
    for concept in concepts:
        if concept in weights and concept not in matched:
            score += weights[concept]
            matched.add(concept)
        elif concept.startswith("#"):
            owner = _OWNED_BY.get(concept)
            if (
                owner
                and owner != field_name
                and weights.get(concept, 0) <= 0
                and _FIELD_TYPES.get(owner) == _FIELD_TYPES.get(field_name)
            ):
                score -= 0.5
        else:
            unknown += 1
    if score <= 0:
        return 0.0
    # Words the field does not expect dilute the match (« Date de naissance du demandeur »).
    return max(0.0, score - 0.1 * unknown)


@dataclass(frozen=True)
class Candidate:
    field: str
    header: str
    score: float
    rank: int = 1000  # position of the exact synonym matched: an earlier one is preferred

    @property
    def score_text(self) -> str:
        """« score 0,72 », as every message that offers the column writes it."""
        return f"score {number(self.score, 2)}"

    @property
    def offered(self) -> str:
        """« « Date récep. » (score 0,72) »."""
        return f"« {self.header} » ({self.score_text})"


def score_columns(
    kind_name: str,
    headers: list[str],
    body: pd.DataFrame,
    fields: list[str] | None = None,
    floors: dict[tuple[str, str], float] | None = None,
    facts: dict[str, ColumnFacts] | None = None,
) -> list[Candidate]:
    """Every (field, header) pair worth considering for a kind, best first. `floors` are scores
    the header earns from the synonym lists whatever its words weigh here."""
    floors = floors or {}
    kind = SOURCE_KINDS[kind_name]
    wanted = [f for f in kind.fields if fields is None or f.name in fields]
    found: list[Candidate] = []
    facts = {} if facts is None else facts  # shared by the kinds tried on one file
    for f in wanted:
        synonyms = {}
        for position, synonym in enumerate(f.synonyms):
            synonyms.setdefault(fold(synonym), position)
        for header in headers:
            if f.name in _WHERE_FIELDS and asks_something_else(header):
                continue
            exact = fold(header) in synonyms
            words = 1.0 if exact else header_score(header, f.name, kind_name)
            words = max(words, floors.get((f.name, header), 0.0))
            if words < 0.3:
                continue
            if header not in facts and header in body.columns:
                facts[header] = column_facts(body[header])
            bonus = value_factor(f.type, f.name, facts[header]) if header in facts else 0.0
            score = min(1.0, words + bonus)
            if words >= 0.8:  # a synonym stays a candidate even with odd values
                score = max(score, 0.75 if words >= 1.0 else 0.55)
            rank = synonyms.get(fold(header), 1000)
            found.append(Candidate(f.name, header, round(score, 2), rank))
    found.sort(key=lambda c: (-c.score, c.rank, headers.index(c.header)))
    return found


# The service or site a record belongs to: never a survey's question about something else.
_WHERE_FIELDS = frozenset({"service", "site"})


def asks_something_else(header: str) -> bool:
    """A question that does not ask which one (« Globalement, êtes-vous satisfait de la qualité
    de service ? », « Comment jugez-vous le site internet ? »): its answers are opinions, not the
    names of services or sites. « Quel service avez-vous contacté ? » asks which one."""
    text = fold(header).strip()
    return header.strip().endswith("?") and not re.search(r"\bquel(?:le)?s?\b", text)


def assign(
    candidates: list[Candidate], taken_fields: set[str], taken_headers: set[str]
) -> dict[str, Candidate]:
    """Best pairs first, one header per field and one field per header."""
    chosen: dict[str, Candidate] = {}
    used = set(taken_headers)
    for c in candidates:
        if c.score < ACCEPT or c.field in taken_fields or c.field in chosen or c.header in used:
            continue
        chosen[c.field] = c
        used.add(c.header)
    return chosen


def best_candidates(
    candidates: list[Candidate], field_name: str, exclude: set[str], count: int = 2
) -> list[Candidate]:
    """The best columns for one field, even below the acceptance score (to explain a refusal)."""
    return [c for c in candidates if c.field == field_name and c.header not in exclude][:count]
