"""Source kinds: canonical fields, types, French header synonyms, natural keys.

Each kind becomes one DuckDB table. Synonyms are compared after `text.fold`, so accents, case
and punctuation do not matter ("Date de réception" == "date reception").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from qualiboard.text import fold

FieldType = Literal["text", "date", "int", "float", "score", "check", "status", "service", "label"]

SQL_TYPES: dict[str, str] = {
    "text": "VARCHAR",
    "label": "VARCHAR",
    "service": "VARCHAR",
    "status": "VARCHAR",
    "date": "DATE",
    "int": "BIGINT",
    "float": "DOUBLE",
    "score": "DOUBLE",
    "check": "DOUBLE",  # a mystery-check answer: 1/0 for oui/non, or a score on its scale
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
    # A closed list of values (label fields): canonical value -> spellings met in exports. A
    # value matching none is kept as typed, so that nothing is lost and the indicator's filter
    # simply does not count it.
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Delay:
    """A derived delay between two date fields; the indicator vocabulary exposes
    `<name>_days` and `<name>_working_days`."""

    name: str
    start: str
    end: str
    label: str


@dataclass(frozen=True)
class Wide:
    """A kind whose exports may hold one column per item (a survey question, a mystery-check
    criterion): each such column is unpivoted to one record per answer, the item's header in
    `item`, its value in `score`. `date` is the field whose presence lets the import look for
    item columns at all."""

    date: str
    item: str
    label: str  # what the import page calls those columns


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
    wide: Wide | None = None
    # Derived yes/no fields read from `score` against the organisation's thresholds:
    # (name, "satisfied" | "dissatisfied", French label).
    score_flags: tuple[tuple[str, str, str], ...] = ()

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
    wide=Wide("answered_on", "question", "Questions de l'enquête (une colonne par question)"),
    score_flags=(
        ("is_satisfied", "satisfied", "satisfait"),
        ("is_dissatisfied", "dissatisfied", "insatisfait"),
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

# --- Issue 19: the perimeter most certified towns choose (titres d'identité, état civil, mystery
# checks). Their synonyms avoid the bare « Date » or « Date de réponse » of the older kinds, so a
# letter register is never taken for civil-status requests nor a survey for a mystery grid.

APPOINTMENTS = SourceKind(
    name="appointments",
    label="Rendez-vous titres d'identité",
    # A slot export lists free slots too (no booking date): the appointment day is what every
    # row has. Lead-time indicators count in the month of booking (their own period_field).
    period_field="appointment_on",
    key="reference",
    fields=(
        Field(
            "reference",
            "text",
            "N° de rendez-vous",
            (
                "n° de rendez-vous",
                "n° rendez-vous",
                "numéro de rendez-vous",
                "n° rdv",
                "numéro rdv",
                "id rdv",
                "id rendez-vous",
                "référence rdv",
                "référence du rendez-vous",
                "code rdv",
                "code de confirmation",
                "identifiant rdv",
                "id",
                "n°",
                "numéro",
                "référence",
                "identifiant",
            ),
        ),
        Field(
            "booked_on",
            "date",
            "Date de prise de rendez-vous",
            (
                "date de prise de rendez-vous",
                "date de prise de rdv",
                "date prise rdv",
                "pris le",
                "réservé le",
                "date de réservation",
                "date réservation",
                "rdv pris le",
                "rendez-vous pris le",
                "date de la réservation",
                "créé le",
                "date de création du rdv",
                "date de création du rendez-vous",
                "date de création",  # Synbird, RDV360: the booking is the record created
                "date création",
                "date de saisie",
            ),
        ),
        Field(
            "appointment_on",
            "date",
            "Date du rendez-vous",
            (
                "date du rendez-vous",
                "date du rdv",
                "date rdv",
                "date rendez-vous",
                "date de rendez-vous",
                "rendez-vous le",
                "rdv le",
                "jour du rendez-vous",
                "jour du rdv",
                "date du créneau",
                "créneau",
                "jour du créneau",
            ),
            required=True,
            may_be_future=True,
        ),
        Field(
            "motive",
            "label",
            "Motif",
            (
                "motif",
                "motif du rendez-vous",
                "motif du rdv",
                "type de titre",
                "titre demandé",
                "prestation",
                "démarche",
                "type de rendez-vous",
                "type de rdv",
                "objet du rendez-vous",
            ),
            choices=(
                (
                    "CNI et passeport",
                    (
                        "cni et passeport",
                        "cni passeport",
                        "passeport cni",
                        "passeport et cni",
                        "cni + passeport",
                        "les deux",
                        "carte d'identité et passeport",
                        "carte nationale d'identité et passeport",
                        "cni et passeport (2 titres)",
                    ),
                ),
                (
                    "CNI",
                    (
                        "cni",
                        "carte d'identité",
                        "carte nationale d'identité",
                        "carte identité",
                        "cni seule",
                        "demande de cni",
                        "demande cni",
                    ),
                ),
                ("Passeport", ("passeport", "passeport seul", "demande de passeport")),
                (
                    "Remise de titre",
                    ("remise de titre", "remise", "retrait", "retrait de titre", "remise cni"),
                ),
            ),
        ),
        Field(
            "site",
            "label",
            "Site",
            (
                "site",
                "guichet",
                "agenda",
                "station",
                "bureau",
                "poste",
                "mairie",
                "point d'accueil",
            ),
        ),
        _SERVICE,
        Field(
            "state",
            "label",
            "État du rendez-vous",
            (
                "état du rendez-vous",
                "état du rdv",
                "statut du rendez-vous",
                "statut du rdv",
                "statut rdv",
                "statut",
                "état",
                "etat",
                "présence",
                "honoré",
                "suite",
                "statut du créneau",
                "état du créneau",
                "statut de la réservation",
                "état de la réservation",
            ),
            choices=(
                (
                    "non honoré",
                    (
                        "non honoré",
                        "non honore",
                        "absent",
                        "absente",
                        "absence",
                        "non venu",
                        "non venue",
                        "non présenté",
                        "ne s'est pas présenté",
                        "no show",
                        "lapin",
                        "non",
                    ),
                ),
                (
                    "honoré",
                    (
                        "honoré",
                        "honore",
                        "présent",
                        "présente",
                        "venu",
                        "venue",
                        "effectué",
                        "réalisé",
                        "terminé",
                        "traité",
                        "reçu",
                        "oui",
                    ),
                ),
                ("annulé", ("annulé", "annulée", "annulation", "annulé par l'usager")),
                (
                    "déplacé",
                    ("déplacé", "déplacée", "reporté", "reportée", "modifié", "reprogrammé"),
                ),
                ("à venir", ("à venir", "réservé", "confirmé", "planifié", "pris", "en attente")),
                ("libre", ("libre", "disponible", "non réservé", "vacant", "ouvert")),
            ),
        ),
    ),
    delays=(Delay("lead", "booked_on", "appointment_on", "délai d'obtention du rendez-vous"),),
)

CIVIL_STATUS_REQUESTS = SourceKind(
    name="civil_status_requests",
    label="Demandes d'actes d'état civil",
    period_field="received_on",
    key="reference",
    fields=(
        _REFERENCE,
        Field(
            "received_on",
            "date",
            "Date de la demande",
            (
                "date de la demande",
                "date demande",
                "date de réception",
                "date réception",
                "reçue le",
                "reçu le",
                "demande reçue le",
                "date d'arrivée",
                "date de dépôt",
                "date de saisine",
                "date d'enregistrement",
            ),
            required=True,
        ),
        Field(
            "channel",
            "label",
            "Canal",
            (
                "canal",
                "canal de la demande",
                "canal de réception",
                "mode de réception",
                "origine de la demande",
                "origine",
                "mode de demande",
                "provenance",
            ),
            choices=(
                ("COMEDEC", ("comedec", "notaire", "notaire (comedec)", "dématérialisé notaire")),
                (
                    "En ligne",
                    (
                        "en ligne",
                        "internet",
                        "service-public.fr",
                        "service public",
                        "téléprocédure",
                        "formulaire en ligne",
                        "site internet",
                        "web",
                    ),
                ),
                ("Courrier", ("courrier", "voie postale", "postal", "lettre", "par courrier")),
                ("Guichet", ("guichet", "accueil", "sur place", "comptoir", "au guichet")),
            ),
        ),
        Field(
            "act_type",
            "label",
            "Type d'acte",
            (
                "type d'acte",
                "type acte",
                "nature de l'acte",
                "nature acte",
                "acte",
                "acte demandé",
                "type de l'acte",
                "catégorie d'acte",
            ),
            required=True,
            choices=(
                ("Naissance", ("naissance", "acte de naissance", "extrait de naissance", "n")),
                ("Mariage", ("mariage", "acte de mariage", "extrait de mariage", "m")),
                ("Décès", ("décès", "deces", "acte de décès", "d")),
                ("Reconnaissance", ("reconnaissance", "acte de reconnaissance")),
            ),
        ),
        Field(
            "delivered_on",
            "date",
            "Date de délivrance",
            (
                "date de délivrance",
                "date délivrance",
                "délivré le",
                "délivrée le",
                "date d'envoi",
                "envoyé le",
                "date d'envoi de l'acte",
                "date de remise",
                "remis le",
                "date d'expédition",
                "expédié le",
                "date de transmission",
                "transmis le",
            ),
        ),
        Field(
            "state",
            "label",
            "État de la demande",
            (
                "état de la demande",
                "statut de la demande",
                "statut",
                "état",
                "etat",
                "suite",
                "décision",
                "suite donnée",
                "résultat",
            ),
            choices=(
                (
                    "rejeté",
                    (
                        "rejeté",
                        "rejetée",
                        "refusé",
                        "refusée",
                        "irrecevable",
                        "acte non détenu",
                        "non délivrable",
                        "demande incomplète",
                        "incomplète",
                        "rejet",
                    ),
                ),
                (
                    "délivré",
                    (
                        "délivré",
                        "délivrée",
                        "envoyé",
                        "envoyée",
                        "remis",
                        "remise",
                        "expédié",
                        "transmis",
                        "traité",
                        "traitée",
                        "terminé",
                        "clos",
                    ),
                ),
                ("en cours", ("en cours", "en attente", "à traiter", "nouveau", "reçue", "reçu")),
                ("annulé", ("annulé", "annulée", "doublon", "abandonné", "sans suite")),
            ),
        ),
        _SERVICE,
    ),
    delays=(Delay("delay", "received_on", "delivered_on", "délai de délivrance"),),
)

MYSTERY_CHECKS = SourceKind(
    name="mystery_checks",
    label="Appels et visites mystères",
    period_field="checked_on",
    fields=(
        Field(
            "check_ref",
            "text",
            "N° de contrôle",
            (
                "n° de contrôle",
                "n° contrôle",
                "numéro de contrôle",
                "id contrôle",
                "référence du contrôle",
                "n° de test",
                "n° test",
                "n° d'évaluation",
                "n° évaluation",
                "n° visite",
                "n° appel",
            ),
        ),
        Field(
            "checked_on",
            "date",
            "Date du contrôle",
            (
                "date du contrôle",
                "date contrôle",
                "date de contrôle",
                "date du test",
                "date de l'évaluation",
                "date évaluation",
                "date de la visite",
                "date de l'appel mystère",
                "date de la visite mystère",
                "date de passage de l'enquêteur",
                "date de l'enquête mystère",
            ),
            required=True,
        ),
        Field(
            "channel",
            "label",
            "Canal",
            ("canal", "canal contrôlé", "type de contrôle", "mode", "support", "type de test"),
            choices=(
                (
                    "Téléphone",
                    ("téléphone", "telephone", "appel", "appel mystère", "tel", "tél"),
                ),
                (
                    "Accueil physique",
                    (
                        "accueil physique",
                        "visite",
                        "visite mystère",
                        "guichet",
                        "accueil",
                        "sur place",
                        "physique",
                    ),
                ),
                ("Courriel", ("courriel", "e-mail", "email", "mail", "message")),
            ),
        ),
        _SERVICE,
        Field("site", "label", "Site", ("site", "point d'accueil", "bâtiment", "équipement")),
        Field(
            "evaluator",
            "label",
            "Évaluateur",
            (
                "évaluateur",
                "évaluatrice",
                "enquêteur",
                "enquêtrice",
                "cabinet",
                "prestataire",
                "organisme",
                "auditeur",
                "contrôleur",
                "réalisé par",
                "évalué par",
            ),
        ),
        Field(
            "criterion",
            "label",
            "Critère",
            ("critère", "critere", "point de contrôle", "point contrôlé", "item", "question"),
        ),
        Field(
            "score",
            "check",
            "Résultat",
            ("résultat", "resultat", "conformité", "conforme", "réponse", "note", "évaluation"),
            required=True,
        ),
        Field("scale_max", "float", "Note maximale", ("note maximale", "barème", "sur")),
    ),
    wide=Wide("checked_on", "criterion", "Critères évalués (une colonne par critère)"),
    score_flags=(("is_conform", "satisfied", "conforme"),),
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
        APPOINTMENTS,
        CIVIL_STATUS_REQUESTS,
        MYSTERY_CHECKS,
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
        "titulaire",
        "titulaire de l'acte",
        "nom du titulaire",
        "votre nom",
        "votre prénom",
        "votre nom et prénom",
        "votre adresse",
        "votre e-mail",
        "votre courriel",
        "votre téléphone",
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
