"""The eight first source kinds and their French header synonyms. Synonyms are compared after
`text.fold`, so accents, case and punctuation do not matter ("Date de réception" ==
"date reception"). Declarative data only.
"""

from __future__ import annotations

from dataclasses import replace

from qualiboard.domain.channels import MAIL_CHANNELS
from qualiboard.domain.schema import Delay, Field, SourceKind, Wide

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


# The folded title of a column that names a state and is answered oui/non (« Traité ? »).
STATE_TITLE = (
    r"^(est )?(traite|traitee|cloture|cloturee|clos|close|resolu|resolue|repondu|repondue"
    r"|termine|terminee|solde|soldee|realise|realisee)( oui non| o n)?$"
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
    # « Traité ? », « Clôturé » answered oui/non: read by `ingest.yes_no`.
    patterns=(STATE_TITLE,),
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


_MAIL_CHANNEL = replace(_CHANNEL, choices=MAIL_CHANNELS)


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
        _MAIL_CHANNEL,
        _SERVICE,
    ),
    delays=(
        Delay("delay", "received_on", "answered_on", "délai de réponse", plausible_max_days=365),
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
        Delay(
            "delay", "reported_on", "resolved_on", "délai d'intervention", plausible_max_days=365
        ),
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
            whole=True,
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
            whole=True,
            part_of="calls_received",
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
            plausible_max=240,  # four hours at a desk: possible, never usual
        ),
    ),
)
