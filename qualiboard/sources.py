"""Source kinds: canonical fields, types, French header synonyms, natural keys.

Each kind becomes one DuckDB table. Synonyms are compared after `text.fold`, so accents, case
and punctuation do not matter ("Date de réception" == "date reception").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from qualiboard.text import fold

FieldType = Literal["text", "date", "int", "float", "score", "status", "service", "label"]

SQL_TYPES: dict[str, str] = {
    "text": "VARCHAR",
    "label": "VARCHAR",
    "service": "VARCHAR",
    "status": "VARCHAR",
    "date": "DATE",
    "int": "BIGINT",
    "float": "DOUBLE",
    "score": "DOUBLE",
}


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    may_be_future: bool = False  # a planned date (deadline), not an event that happened
    may_be_negative: bool = False  # counts, waits and scores never are; a typed-in result may be
    patterns: tuple[str, ...] = ()  # regular expressions on the folded header, after synonyms


@dataclass(frozen=True)
class Delay:
    """A derived delay between two date fields; the indicator vocabulary exposes
    `<name>_days` and `<name>_working_days`."""

    name: str
    start: str
    end: str
    label: str


@dataclass(frozen=True)
class SourceKind:
    name: str
    label: str
    fields: tuple[Field, ...]
    period_field: str
    key: str | None = None
    delays: tuple[Delay, ...] = ()
    extra_columns: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    # A row sums up a period (call statistics, a typed-in result) rather than one event: its date
    # is the period, so a « Total » row of that period is a total, not a record of its own.
    rows_are_periods: bool = False

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def required_fields(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    @property
    def stored_columns(self) -> list[tuple[str, str]]:
        """(column, SQL type) of the canonical table, without the bookkeeping columns."""
        cols = [(f.name, SQL_TYPES[f.type]) for f in self.fields]
        for f in self.fields:
            if f.type == "status":
                cols.append((f"{f.name}_raw", "VARCHAR"))
        return cols + list(self.extra_columns)


_REFERENCE = Field(
    "reference",
    "text",
    "Référence",
    (
        "reference",
        "ref",
        "référence",
        "n°",
        "no",
        "numero",
        "numéro",
        "identifiant",
        "id",
        "n° de dossier",
        "numero de dossier",
        "n° dossier",
        "n° d'enregistrement",
        "numero d enregistrement",
        "n° chrono",
        "chrono",
        "report id",
        "id demande",
        "n° demande",
        "numero demande",
        "code",
        "id_dmr",
        "ticket",
        "n° ticket",
    ),
    patterns=(r"^(n|no|num|numero|ref|reference|id|identifiant|code)( .*)?$",),
)
_SERVICE = Field(
    "service",
    "service",
    "Service",
    (
        "service",
        "service concerné",
        "service concerne",
        "service destinataire",
        "service en charge",
        "service traitant",
        "service gestionnaire",
        "direction",
        "pôle",
        "pole",
        "affecté à",
        "affecte a",
        "intervenant",
        "service responsable",
        "entité",
        "entite",
        "département",
    ),
)
_CHANNEL = Field(
    "channel",
    "label",
    "Canal",
    (
        "canal",
        "canal de réception",
        "canal d'arrivée",
        "mode de réception",
        "mode de saisine",
        "type de courrier",
        "type",
        "origine",
        "moyen",
        "site used",
        "source",
        "support",
    ),
)
_CATEGORY = Field(
    "category",
    "label",
    "Catégorie",
    (
        "catégorie",
        "categorie",
        "category",
        "thème",
        "theme",
        "motif",
        "nature",
        "type de signalement",
        "type de demande",
        "sous-catégorie",
        "soustype",
        "domaine",
        "sujet",
    ),
)
_STATUS = Field(
    "status",
    "status",
    "Statut",
    (
        "statut",
        "état",
        "etat",
        "status",
        "situation",
        "état d'avancement",
        "avancement",
        "état de la demande",
        "suite donnée",
    ),
)
_ACK = Field(
    "acknowledged_on",
    "date",
    "Date d'accusé de réception",
    (
        "date d'accusé de réception",
        "date accusé de réception",
        "date ar",
        "ar le",
        "accusé de réception",
        "accusé réception le",
        "date accusé réception",
        "date de l'ar",
        "acknowledged",
        "pris en compte le",
        "date de prise en compte",
        "date prise en charge",
        "date d'accusé",
        "date accusé",
        "accusé le",
    ),
    # "Date d'accusé", "AR envoyé le", "Accusé de réception envoyé", "Date de l'AR"…
    patterns=(r"^(date )?(d |de l )?(accuse|ar)( .*)?$",),
)
_RECEIVED_SYNONYMS = (
    "date de réception",
    "date réception",
    "reçu le",
    "recu le",
    "date d'arrivée",
    "date arrivée",
    "date arrivée courrier",
    "date d'arrivée du courrier",
    "arrivé le",
    "date d'entrée",
    "date entrée",
    "date de dépôt",
    "date dépôt",
    "date de la demande",
    "date demande",
    "date de saisine",
    "date d'enregistrement",
    "date de création",
    "créé le",
    "cree le",
    "creee le",
    "created",
    "date",
    "date du courrier",
    "date courriel",
    "date de la réclamation",
    "date réclamation",
)
_ANSWERED_SYNONYMS = (
    "date de réponse",
    "date réponse",
    "répondu le",
    "repondu le",
    "réponse le",
    "date d'envoi de la réponse",
    "date envoi réponse",
    "date de la réponse",
    "date de départ",
    "date départ",
    "date de clôture",
    "date clôture",
    "clôturé le",
    "date de traitement",
    "traité le",
    "date de fin",
    "closed",
    "date réponse définitive",
)

CORRESPONDENCE = SourceKind(
    name="correspondence",
    label="Courriers et courriels",
    period_field="received_on",
    key="reference",
    fields=(
        _REFERENCE,
        Field("received_on", "date", "Date de réception", _RECEIVED_SYNONYMS, required=True),
        _ACK,
        Field("answered_on", "date", "Date de réponse", _ANSWERED_SYNONYMS),
        _CHANNEL,
        _SERVICE,
    ),
    delays=(
        Delay("delay", "received_on", "answered_on", "délai de réponse"),
        Delay("ack_delay", "received_on", "acknowledged_on", "délai d'accusé de réception"),
    ),
)

COMPLAINTS = SourceKind(
    name="complaints",
    label="Réclamations et suggestions",
    period_field="received_on",
    key="reference",
    fields=(
        _REFERENCE,
        Field("received_on", "date", "Date de réception", _RECEIVED_SYNONYMS, required=True),
        _ACK,
        Field("answered_on", "date", "Date de réponse", _ANSWERED_SYNONYMS),
        _CHANNEL,
        _SERVICE,
        _CATEGORY,
        _STATUS,
    ),
    delays=CORRESPONDENCE.delays,
)

REPORTS = SourceKind(
    name="reports",
    label="Signalements",
    period_field="reported_on",
    key="reference",
    fields=(
        _REFERENCE,
        Field(
            "reported_on",
            "date",
            "Date du signalement",
            (
                "date du signalement",
                "date signalement",
                "signalé le",
                "date de déclaration",
                "datedecl",
                "date d'appel",
                "date appel",
                "confirmed",
            )
            + _RECEIVED_SYNONYMS,
            required=True,
        ),
        _ACK,
        Field(
            "resolved_on",
            "date",
            "Date de fin d'intervention",
            (
                "date de fin d'intervention",
                "date fin intervention",
                "date d'intervention",
                "date intervention",
                "date de résolution",
                "résolu le",
                "fixed",
                "date de réalisation",
                "réalisé le",
                "date fin",
            )
            + _ANSWERED_SYNONYMS,
        ),
        _CATEGORY,
        _STATUS,
        _SERVICE,
        _CHANNEL,
    ),
    delays=(
        Delay("delay", "reported_on", "resolved_on", "délai d'intervention"),
        Delay("ack_delay", "reported_on", "acknowledged_on", "délai d'accusé de réception"),
    ),
)

SURVEY_ANSWERS = SourceKind(
    name="survey_answers",
    label="Enquêtes de satisfaction",
    period_field="answered_on",
    fields=(
        Field(
            "respondent",
            "text",
            "Répondant",
            ("répondant", "id réponse", "n° réponse", "id", "response id", "identifiant"),
        ),
        Field(
            "answered_on",
            "date",
            "Date de réponse",
            (
                "date de réponse",
                "date réponse",
                "submitdate",
                "date de soumission",
                "date d'envoi",
                "horodateur",
                "horodatage",
                "timestamp",
                "date de saisie",
                "date",
                "date de l'enquête",
                "date enquête",
                "date de passage",
            ),
            required=True,
        ),
        _SERVICE,
        Field("site", "label", "Site", ("site", "point d'accueil", "lieu d'accueil")),
        _CHANNEL,
        Field("question", "label", "Question", ("question", "item", "critère", "critere")),
        Field(
            "score",
            "score",
            "Note",
            ("note", "score", "réponse", "reponse", "valeur", "satisfaction", "niveau"),
            required=True,
        ),
        Field("scale_max", "float", "Note maximale", ("note maximale", "échelle", "barème")),
    ),
)

PHONE_CALLS = SourceKind(
    name="phone_calls",
    label="Statistiques téléphoniques",
    period_field="period_start",
    rows_are_periods=True,
    fields=(
        Field(
            "period_start",
            "date",
            "Début de période",
            (
                "début de période",
                "début",
                "date début",
                "du",
                "from",
                "période",
                "mois",
                "date",
                "jour",
                "date de l'appel",
                "date appel",
            ),
            required=True,
        ),
        Field(
            "period_end",
            "date",
            "Fin de période",
            ("fin de période", "fin", "date fin", "au", "to"),
        ),
        _SERVICE,
        Field(
            "calls_received",
            "float",
            "Appels reçus",
            (
                "appels reçus",
                "appels présentés",
                "appels entrants",
                "nombre d'appels",
                "nb appels",
                "appels",
                "total appels",
                "appels offerts",
                "présentés",
                "reçus",
            ),
            required=True,
        ),
        Field(
            "calls_answered",
            "float",
            "Appels décrochés",
            (
                "appels décrochés",
                "appels traités",
                "appels répondus",
                "décrochés",
                "traités",
                "répondus",
                "appels servis",
                "appels aboutis",
            ),
            required=True,
        ),
    ),
)

COUNTER_VISITS = SourceKind(
    name="counter_visits",
    label="Passages au guichet",
    period_field="visited_on",
    fields=(
        Field(
            "visited_on",
            "date",
            "Date de passage",
            ("date de passage", "date", "date de visite", "jour", "date d'arrivée", "date ticket"),
            required=True,
        ),
        _SERVICE,
        Field("site", "label", "Site", ("site", "guichet", "point d'accueil")),
        Field(
            "wait_minutes",
            "float",
            "Attente (minutes)",
            (
                "attente (minutes)",
                "attente",
                "temps d'attente",
                "durée d'attente",
                "attente min",
                "temps d'attente (min)",
                "délai d'attente",
                "minutes d'attente",
            ),
            required=True,
        ),
    ),
)

MEASUREMENTS = SourceKind(
    name="measurements",
    label="Mesures saisies",
    period_field="period",
    rows_are_periods=True,
    fields=(
        Field(
            "indicator",
            "label",
            "Indicateur",
            ("indicateur", "code indicateur", "mesure", "id indicateur"),
            required=True,
        ),
        Field("period", "date", "Période", ("période", "mois", "date", "periode"), required=True),
        _SERVICE,
        Field(
            "value",
            "float",
            "Valeur",
            ("valeur", "value", "résultat", "nombre"),
            may_be_negative=True,
        ),
        Field("numerator", "float", "Numérateur", ("numérateur", "réalisés", "conformes", "fait")),
        Field(
            "denominator", "float", "Dénominateur", ("dénominateur", "prévus", "total", "contrôlés")
        ),
        # Last, as the migration that added it appends the column (issue 11).
        Field("site", "label", "Site", ("site", "lieu", "antenne", "point d'accueil")),
    ),
)

ACTIONS = SourceKind(
    name="actions",
    label="Plan d'actions",
    period_field="opened_on",
    key="reference",
    fields=(
        _REFERENCE,
        Field("title", "label", "Intitulé", ("intitulé", "action", "libellé", "description")),
        Field(
            "origin",
            "label",
            "Origine",
            ("origine", "source", "provenance", "type d'action", "issue de"),
        ),
        Field("module", "text", "Module", ("module", "module qualivilles", "chapitre")),
        Field("owner", "label", "Pilote", ("pilote", "responsable", "porteur", "owner")),
        Field(
            "opened_on",
            "date",
            "Date d'ouverture",
            ("date d'ouverture", "ouverte le", "date de création", "date", "date d'émission"),
            required=True,
        ),
        Field(
            "due_on",
            "date",
            "Échéance",
            ("échéance", "date d'échéance", "date prévue", "délai"),
            may_be_future=True,
        ),
        Field(
            "closed_on",
            "date",
            "Date de clôture",
            ("date de clôture", "clôturée le", "date de réalisation", "soldée le", "réalisée le"),
        ),
        _STATUS,
        _SERVICE,
    ),
    delays=(
        Delay("delay", "opened_on", "closed_on", "délai de réalisation"),
        Delay("overdue", "due_on", "closed_on", "dépassement d'échéance"),
    ),
)

SOURCE_KINDS: dict[str, SourceKind] = {
    k.name: k
    for k in (
        CORRESPONDENCE,
        COMPLAINTS,
        REPORTS,
        SURVEY_ANSWERS,
        PHONE_CALLS,
        COUNTER_VISITS,
        MEASUREMENTS,
        ACTIONS,
    )
}

# Columns whose header says they hold a citizen's personal data: never stored (GDPR minimisation).
PERSONAL_HEADERS: frozenset[str] = frozenset(
    fold(h)
    for h in (
        "nom",
        "prénom",
        "prenom",
        "nom prénom",
        "nom et prénom",
        "prénom nom",
        "nom du demandeur",
        "demandeur",
        "usager",
        "nom de l'usager",
        "nom usager",
        "expéditeur",
        "expediteur",
        "nom de l'expéditeur",
        "correspondant",
        "name",
        "user name",
        "username",
        "full name",
        "first name",
        "last name",
        "e-mail",
        "email",
        "mail",
        "courriel",
        "adresse mail",
        "adresse e-mail",
        "adresse email",
        "adresse électronique",
        "mél",
        "téléphone",
        "telephone",
        "tél",
        "tel",
        "n° de téléphone",
        "numéro de téléphone",
        "portable",
        "mobile",
        "phone",
        "adresse",
        "address",
        "adresse postale",
        "rue",
        "voie",
        "ipaddr",
        "adresse ip",
        "ip address",
        "token",
        "jeton",
        "latitude",
        "longitude",
        "lat",
        "lon",
        "lieu",
        "coordonnées",
        "contact",
        "domicile",
        "civilité",
        "date de naissance",
        "né le",
        "née le",
        "né(e) le",
        "n° sécurité sociale",
        "numéro de sécurité sociale",
        "n° de sécurité sociale",
        "nir",
        "n° ss",
        "signataire",
        "requérant",
        "plaignant",
        "réclamant",
        "déclarant",
        "auteur",
        "nom de naissance",
        "nom d'usage",
        "code postal du demandeur",
        "respondent email",
        "respondent name",
        "pétitionnaire",
        "nom du pétitionnaire",
        "administré",
        "nom de l'administré",
        "bénéficiaire",
        "nom du bénéficiaire",
        "interlocuteur",
        "identité",
        "identité du demandeur",
        "identité de l'usager",
        "habitant",
        "citoyen",
        "administré concerné",
    )
)
_PERSONAL_PREFIXES = ("nom ", "prenom", "adresse ", "e mail", "email", "telephone", "numero de tel")
# A word that makes the header personal wherever it stands (« Mail usager », « Tél. portable »,
# « Courriel de contact », « Coordonnées du demandeur », « N° sécurité sociale »).
_PERSONAL_WORDS = frozenset(
    {
        "prenom",
        "email",
        "mail",
        "courriel",
        "mel",
        "telephone",
        "tel",
        "portable",
        "mobile",
        "phone",
        "domicile",
        "coordonnee",
        "contact",
        "naissance",
        "nir",
        "securite",
        "civilite",
        "ipaddr",
    }
)
# ... unless the header is about something else that merely mentions it: « Canal de contact »,
# « Appels tél. reçus », « Date du mail », « Nombre de courriels ».
_NOT_PERSONAL_WORDS = frozenset(
    {
        "date",
        "canal",
        "mode",
        "type",
        "motif",
        "nombre",
        "nb",
        "appel",
        "delai",
        "duree",
        "taux",
        "service",
        "commune",
        "site",
        "agent",
        "origine",
        "source",
        "objet",
        "premier",
        "moyen",
        "indicateur",
        "structure",
        "equipement",
        "etablissement",
        "dossier",
        "fichier",
        "projet",
        "action",
        "question",
        "enquete",
        "formulaire",
        "demarche",
    }
)


def _plain_words(key: str) -> set[str]:
    return {w[:-1] if len(w) > 3 and w.endswith(("s", "x")) else w for w in key.split()}


def is_personal_header(header: str) -> bool:
    key = fold(header)
    if key in PERSONAL_HEADERS:
        return True
    words = _plain_words(key)
    if words & _NOT_PERSONAL_WORDS:
        # « Date de naissance » is personal although it is a date.
        return "naissance" in words
    if words & _PERSONAL_WORDS:
        return True
    return key.startswith(_PERSONAL_PREFIXES)


COLUMN_LABELS: dict[str, str] = {
    "source_row": "Ligne du fichier",
    "source_file": "Fichier importé",
    "fichier": "Fichier",
    "verdict": "Verdict",
    "period": "Période",
    "status_raw": "Statut (tel qu'importé)",
    "delay_days": "Délai (jours)",
    "delay_working_days": "Délai (jours ouvrés)",
    "ack_delay_days": "Délai d'accusé de réception (jours)",
    "ack_delay_working_days": "Délai d'accusé de réception (jours ouvrés)",
    "overdue_days": "Dépassement d'échéance (jours)",
    "overdue_working_days": "Dépassement d'échéance (jours ouvrés)",
}


def column_label(kind_name: str, column: str) -> str:
    """French header of a canonical column, for screens and exports."""
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column]
    kind = SOURCE_KINDS.get(kind_name)
    if kind is not None and column in kind.field_names:
        return kind.field(column).label
    return column


def kind_label(name: str) -> str:
    kind = SOURCE_KINDS.get(name)
    return kind.label if kind else name
