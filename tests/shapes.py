"""A corpus of exports in the shapes of the tools towns use, with their awkward headers.

Each shape is written as a real file (csv in the tool's encoding and separator, or xlsx) by
`write_shape`; `expected` is what a person reading the file maps each field to, and
`first_record` what the first data line must become once stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

from tests.helpers import write_csv

D = dt.date
T = dt.datetime


@dataclass
class Shape:
    name: str  # file name, as the tool names its exports
    tool: str
    headers: list[str]
    rows: list[list[object]]
    kind: str
    expected: dict[str, str]  # canonical field -> header
    first_record: dict[str, object] = field(default_factory=dict)
    questions: list[str] = field(default_factory=list)
    sep: str = ";"
    encoding: str = "utf-8"
    titles: list[str] = field(default_factory=list)
    group_row: list[tuple[str, int]] = field(default_factory=list)  # merged (label, width)


SHAPES: list[Shape] = [
    Shape(
        "signalements_opendata.csv",
        "Citizen-report app, open data (DDS_… columns)",
        [
            "ID_UNIQUE",
            "DDS_DATE_CREATION",
            "DATE_DERNIER_STATUT",
            "TYPE_DEMANDE",
            "LIBELLE_STATUT",
            "QUARTIER",
            "SERVICE_TRAITANT",
        ],
        [
            [
                "DDS-7781",
                "2026-03-02T08:14:00",
                "2026-03-05T10:00:00",
                "Nid de poule",
                "Résolu",
                "Bellevue",
                "Voirie",
            ],
            [
                "DDS-7782",
                "2026-03-03T17:40:00",
                "2026-03-03T17:40:00",
                "Tag",
                "En cours",
                "Centre",
                "Propreté",
            ],
            [
                "DDS-7783",
                "2026-03-04T09:02:00",
                "2026-03-06T11:30:00",
                "Éclairage",
                "En attente",
                "Doulon",
                "Éclairage public",
            ],
        ],  # fmt: skip
        "reports",
        {
            "reference": "ID_UNIQUE",
            "reported_on": "DDS_DATE_CREATION",
            "category": "TYPE_DEMANDE",
            "status": "LIBELLE_STATUT",
            "service": "SERVICE_TRAITANT",
        },
        {
            "reference": "DDS-7781",
            "reported_on": D(2026, 3, 2),
            "category": "Nid de poule",
            "status": "traité",
            "service": "Voirie",
        },  # fmt: skip
        sep=",",
    ),
    Shape(
        "dansmarue_2026.csv",
        "Paris DansMaRue open data",
        [
            "type",
            "soustype",
            "adresse",
            "code_postal",
            "ville",
            "arrondissement",
            "datedecl",
            "anneedecl",
            "moisdecl",
            "numero",
            "prefixe",
            "intervenant",
            "conseilquartier",
            "id_dmr",
            "geo_point_2d",
        ],  # fmt: skip
        [
            [
                "Graffitis, tags, affiches",
                "Tag sur mur",
                "12 rue Oberkampf, 75011 PARIS",
                "75011",
                "Paris",
                "11",
                "2026-03-02",
                "2026",
                "3",
                "4811.0",
                "G",
                "Ville de Paris",
                "",
                "G2026C0001",
                "48.86, 2.37",
            ],
            [
                "Propreté",
                "Dépôt sauvage",
                "3 rue de Lyon, 75012 PARIS",
                "75012",
                "Paris",
                "12",
                "2026-03-03",
                "2026",
                "3",
                "4811.0",
                "P",
                "Ville de Paris",
                "",
                "P2026C0002",
                "48.84, 2.37",
            ],
        ],  # fmt: skip
        "reports",
        {
            "reference": "id_dmr",
            "reported_on": "datedecl",
            "category": "soustype",
            "service": "intervenant",
            "channel": "type",
        },
        {
            "reference": "G2026C0001",
            "reported_on": D(2026, 3, 2),
            "category": "Tag sur mur",
            "service": "Ville de Paris",
            "channel": "Graffitis, tags, affiches",
        },  # fmt: skip
    ),
    Shape(
        "fixmystreet_export.csv",
        "FixMyStreet dashboard",
        [
            "Report ID",
            "Title",
            "Detail",
            "User Name",
            "User Email",
            "Category",
            "Created",
            "Confirmed",
            "Acknowledged",
            "Fixed",
            "Closed",
            "Status",
            "Latitude",
            "Longitude",
            "Ward",
            "Report URL",
            "Site Used",
        ],  # fmt: skip
        [
            [
                "5501",
                "Nid de poule",
                "Devant l'école",
                "Jeanne Martin",
                "jeanne.martin@exemple.fr",
                "Voirie",
                "2026-04-01 09:00",
                "2026-04-01 09:05",
                "2026-04-02 08:00",
                "2026-04-09 16:00",
                "",
                "fixed",
                "49.1",
                "1.2",
                "Centre",
                "https://signalement.ville.fr/report/5501",
                "cobrand",
            ],
            [
                "5502",
                "Lampadaire",
                "Éteint",
                "Paul Durand",
                "p.durand@exemple.fr",
                "Éclairage public",
                "2026-04-03 10:00",
                "2026-04-03 10:01",
                "",
                "",
                "",
                "confirmed",
                "49.2",
                "1.3",
                "Nord",
                "https://signalement.ville.fr/report/5502",
                "cobrand",
            ],
        ],  # fmt: skip
        "reports",
        {
            "reference": "Report ID",
            "reported_on": "Confirmed",
            "acknowledged_on": "Acknowledged",
            "resolved_on": "Fixed",
            "category": "Category",
            "status": "Status",
            "channel": "Site Used",
        },
        {
            "reference": "5501",
            "reported_on": D(2026, 4, 1),
            "acknowledged_on": D(2026, 4, 2),
            "resolved_on": D(2026, 4, 9),
            "category": "Voirie",
            "channel": "cobrand",
            "status": "traité",
        },  # fmt: skip
        sep=",",
    ),
    Shape(
        "publik_demandes.csv",
        "GRU Publik (Entr'ouvert) form export",
        [
            "Numéro de la demande",
            "Demande créée le",
            "Prise en charge le",
            "Traitée le",
            "Statut de la demande",
            "Service en charge",
            "Canal de la demande",
            "Usager - Nom",
            "Usager - Courriel",
            "Usager - Téléphone",
        ],  # fmt: skip
        [
            [
                "12-0041",
                "02/03/2026 08:30",
                "03/03/2026 09:00",
                "09/03/2026 14:00",
                "Terminée",
                "Espaces verts",
                "Portail citoyen",
                "Bernard Petit",
                "b.petit@exemple.org",
                "06 11 22 33 44",
            ],
            [
                "12-0042",
                "04/03/2026 11:15",
                "",
                "",
                "Nouvelle",
                "Voirie",
                "Guichet",
                "Lucie Moreau",
                "lucie.moreau@exemple.org",
                "+33 6 55 44 33 22",
            ],
        ],  # fmt: skip
        "correspondence",
        {
            "reference": "Numéro de la demande",
            "received_on": "Demande créée le",
            "acknowledged_on": "Prise en charge le",
            "answered_on": "Traitée le",
            "channel": "Canal de la demande",
            "service": "Service en charge",
        },
        {
            "reference": "12-0041",
            "received_on": D(2026, 3, 2),
            "acknowledged_on": D(2026, 3, 3),
            "answered_on": D(2026, 3, 9),
            "channel": "Portail citoyen",
            "service": "Espaces verts",
        },  # fmt: skip
    ),
    Shape(
        "registre_courrier_maarch.csv",
        "Courrier software register (Maarch-like), Windows-1252",
        [
            "Numéro chrono",
            "Date d'enregistrement",
            "Date du courrier",
            "Objet",
            "Contact",
            "Entité traitante",
            "Date AR",
            "Date de réponse",
            "Nature",
        ],  # fmt: skip
        [
            [
                "2026A/00017",
                "05/01/2026",
                "02/01/2026",
                "Demande d'acte",
                "M. Roger Blanc",
                "État civil",
                "06/01/2026",
                "12/01/2026",
                "Courrier simple",
            ],
            [
                "2026A/00018",
                "06/01/2026",
                "05/01/2026",
                "Réclamation voirie",
                "Mme Anne Roux",
                "Services techniques",
                "",
                "",
                "Lettre recommandée",
            ],
        ],  # fmt: skip
        "correspondence",
        {
            "reference": "Numéro chrono",
            "received_on": "Date d'enregistrement",
            "acknowledged_on": "Date AR",
            "answered_on": "Date de réponse",
            "service": "Entité traitante",
        },
        {
            "reference": "2026A/00017",
            "received_on": D(2026, 1, 5),
            "acknowledged_on": D(2026, 1, 6),
            "answered_on": D(2026, 1, 12),
            "service": "État civil",
        },  # fmt: skip
        encoding="cp1252",
    ),
    Shape(
        "reclamations_2026.xlsx",
        "Complaints register kept in a workbook, merged group-header row",
        ["N°", "Reçue le", "Accusé de réception le", "Réponse le", "Service", "Statut", "Motif"],
        [
            ["R-01", D(2026, 3, 2), D(2026, 3, 3), D(2026, 3, 10), "CCAS", "Clôturé", "Accueil"],
            ["R-02", D(2026, 3, 4), None, None, "État civil", "En cours", "Délai"],
        ],
        "complaints",
        {
            "reference": "N°",
            "received_on": "Reçue le",
            "acknowledged_on": "Accusé de réception le",
            "answered_on": "Réponse le",
            "service": "Service",
            "category": "Motif",
            "status": "Statut",
        },
        {
            "reference": "R-01",
            "received_on": D(2026, 3, 2),
            "acknowledged_on": D(2026, 3, 3),
            "answered_on": D(2026, 3, 10),
            "service": "CCAS",
            "category": "Accueil",
            "status": "traité",
        },  # fmt: skip
        titles=["Registre des réclamations 2026"],
        group_row=[("Réclamation", 2), ("Traitement", 5)],
    ),
    Shape(
        "limesurvey_results_en.csv",
        "LimeSurvey response export, English labels",
        [
            "id",
            "submitdate",
            "lastpage",
            "startlanguage",
            "seed",
            "startdate",
            "datestamp",
            "ipaddr",
            "refurl",
            "Service",
            "Overall, are you satisfied? ",
            "Reception [Courtesy]",
            "Comments",
        ],  # fmt: skip
        [
            [
                "11",
                "2026-05-04 10:02:11",
                "3",
                "fr",
                "1234567",
                "2026-05-04 09:58:00",
                "2026-05-04 10:02:11",
                "192.168.1.20",
                "https://www.ville.fr/enquete",
                "CCAS",
                "Très satisfait",
                "Satisfait",
                "Bien",
            ],
            [
                "12",
                "2026-05-05 14:00:00",
                "3",
                "fr",
                "7654321",
                "2026-05-05 13:55:00",
                "2026-05-05 14:00:00",
                "192.168.1.21",
                "",
                "CCAS",
                "Satisfait",
                "Satisfait",
                "",
            ],
            [
                "13",
                "2026-05-06 08:00:00",
                "2",
                "fr",
                "5555555",
                "2026-05-06 07:57:00",
                "2026-05-06 08:00:00",
                "192.168.1.22",
                "",
                "État civil",
                "Peu satisfait",
                "Très satisfait",
                "",
            ],
        ],  # fmt: skip
        "survey_answers",
        {"respondent": "id", "answered_on": "submitdate", "service": "Service"},
        {"respondent": "11", "answered_on": D(2026, 5, 4), "service": "CCAS"},
        questions=["Overall, are you satisfied?", "Reception [Courtesy]"],
        sep=",",
    ),
    Shape(
        "resultats_enquete_limesurvey.csv",
        "LimeSurvey response export, French labels",
        [
            "ID de la réponse",
            "Date de soumission",
            "Dernière page",
            "Langue de départ",
            "Tête de série",
            "Date de début",
            "Date de la dernière action",
            "Adresse IP",
            "URL référente",
            "Service visité",
            "Globalement, êtes-vous satisfait ?",
            "Accueil [Amabilité de l'agent]",
        ],  # fmt: skip
        [
            [
                "101",
                "04/05/2026 10:02:11",
                "3",
                "fr",
                "1234",
                "04/05/2026 09:58",
                "04/05/2026 10:02",
                "10.0.0.1",
                "",
                "CCAS",
                "4",
                "3",
            ],
            [
                "102",
                "05/05/2026 14:00:00",
                "3",
                "fr",
                "4321",
                "05/05/2026 13:55",
                "05/05/2026 14:00",
                "10.0.0.2",
                "",
                "État civil",
                "3",
                "4",
            ],
            [
                "103",
                "06/05/2026 08:00:00",
                "2",
                "fr",
                "5678",
                "06/05/2026 07:57",
                "06/05/2026 08:00",
                "10.0.0.3",
                "",
                "CCAS",
                "2",
                "2",
            ],
        ],  # fmt: skip
        "survey_answers",
        {
            "respondent": "ID de la réponse",
            "answered_on": "Date de soumission",
            "service": "Service visité",
        },  # fmt: skip
        {"respondent": "101", "answered_on": D(2026, 5, 4), "service": "CCAS"},
        questions=["Globalement, êtes-vous satisfait ?", "Accueil [Amabilité de l'agent]"],
    ),
    Shape(
        "Questionnaire satisfaction accueil (réponses).csv",
        "Google Forms, French",
        [
            "Horodateur",
            "Adresse e-mail",
            "Quel service avez-vous contacté ?",
            "Comment évaluez-vous l'accueil ?",
            "Le délai de réponse vous a-t-il convenu ?",
        ],
        [
            ["04/05/2026 10:02:11", "alice.b@exemple.fr", "CCAS", "5", "4"],
            ["05/05/2026 14:00:00", "marc.t@exemple.fr", "Urbanisme", "3", "2"],
            ["06/05/2026 08:00:00", "zoe.k@exemple.fr", "CCAS", "4", "5"],
        ],  # fmt: skip
        "survey_answers",
        {"answered_on": "Horodateur", "service": "Quel service avez-vous contacté ?"},
        {"answered_on": D(2026, 5, 4), "service": "CCAS"},
        questions=[
            "Comment évaluez-vous l'accueil ?",
            "Le délai de réponse vous a-t-il convenu ?",
        ],  # fmt: skip
        sep=",",
    ),
    Shape(
        "Satisfaction survey (Responses).csv",
        "Google Forms, English labels (sheet in the French locale: day first)",
        ["Timestamp", "Email Address", "Service", "How satisfied are you with the welcome?"],
        [
            ["04/05/2026 10:02:11", "a.smith@example.com", "CCAS", "Très satisfait"],
            ["05/05/2026 14:00:00", "b.jones@example.com", "CCAS", "Satisfait"],
            ["06/05/2026 08:00:00", "c.lee@example.com", "État civil", "Pas du tout satisfait"],
        ],
        "survey_answers",
        {"answered_on": "Timestamp", "service": "Service"},
        {"answered_on": D(2026, 5, 4), "service": "CCAS"},
        questions=["How satisfied are you with the welcome?"],
        sep=",",
    ),
    Shape(
        "Enquête accueil - Microsoft Forms.xlsx",
        "Microsoft Forms workbook",
        [
            "ID",
            "Heure de début",
            "Heure de fin",
            "Adresse de messagerie",
            "Nom",
            "Heure de la dernière modification",
            "Site d'accueil",
            "Êtes-vous satisfait de l'accueil ?",
        ],  # fmt: skip
        [
            [
                1,
                T(2026, 5, 4, 9, 58),
                T(2026, 5, 4, 10, 2),
                "anonymous",
                None,
                None,
                "Mairie annexe",
                "Satisfait",
            ],
            [
                2,
                T(2026, 5, 5, 13, 55),
                T(2026, 5, 5, 14, 0),
                "anonymous",
                None,
                None,
                "Hôtel de ville",
                "Très satisfait",
            ],
            [
                3,
                T(2026, 5, 6, 7, 57),
                T(2026, 5, 6, 8, 0),
                "anonymous",
                None,
                None,
                "Hôtel de ville",
                "Peu satisfait",
            ],
        ],  # fmt: skip
        "survey_answers",
        {"respondent": "ID", "answered_on": "Heure de fin", "site": "Site d'accueil"},
        {"respondent": "1", "answered_on": D(2026, 5, 4), "site": "Mairie annexe"},
        questions=["Êtes-vous satisfait de l'accueil ?"],
    ),
    Shape(
        "reclamations_demarches-simplifiees.csv",
        "démarches-simplifiées dossiers export",
        [
            "ID",
            "Email",
            "FranceConnect ?",
            "Civilité",
            "Nom",
            "Prénom",
            "Archivé",
            "État du dossier",
            "Dernière mise à jour le",
            "Déposé le",
            "Passé en instruction le",
            "Traité le",
            "Motivation de la décision",
            "Instructeurs",
            "Groupe instructeur",
            "Objet de votre réclamation",
        ],  # fmt: skip
        [
            [
                "4412",
                "claire.v@exemple.fr",
                "false",
                "Mme",
                "Vidal",
                "Claire",
                "false",
                "Accepté",
                "2026-03-12 10:00:00",
                "2026-03-02 09:10:00",
                "2026-03-03 08:00:00",
                "2026-03-12 10:00:00",
                "",
                "agent.un@ville.fr",
                "Direction de la voirie",
                "Trottoir abîmé",
            ],
            [
                "4413",
                "hugo.r@exemple.fr",
                "true",
                "M.",
                "Roche",
                "Hugo",
                "false",
                "En construction",
                "2026-03-05 10:00:00",
                "2026-03-05 10:00:00",
                "",
                "",
                "",
                "agent.deux@ville.fr",
                "CCAS",
                "Aide refusée",
            ],
        ],  # fmt: skip
        "complaints",
        {
            "reference": "ID",
            "received_on": "Déposé le",
            "acknowledged_on": "Passé en instruction le",
            "answered_on": "Traité le",
            "service": "Groupe instructeur",
            "category": "Objet de votre réclamation",
            "status": "État du dossier",
        },
        {
            "reference": "4412",
            "received_on": D(2026, 3, 2),
            "acknowledged_on": D(2026, 3, 3),
            "answered_on": D(2026, 3, 12),
            "service": "Direction de la voirie",
            "category": "Trottoir abîmé",
            "status": "traité",
        },  # fmt: skip
    ),
    Shape(
        "stats_appels_mars.csv",
        "Phone system statistics per hunt group",
        [
            "Date",
            "Groupe de postes",
            "Nb appels entrants",
            "Nb appels répondus",
            "Nb appels perdus",
            "Taux de réponse",
        ],  # fmt: skip
        [
            ["01/03/2026", "Accueil", "412", "371", "41", "90,0 %"],
            ["01/03/2026", "Urbanisme", "120", "99", "21", "82,5 %"],
        ],
        "phone_calls",
        {
            "period_start": "Date",
            "service": "Groupe de postes",
            "calls_received": "Nb appels entrants",
            "calls_answered": "Nb appels répondus",
        },
        {
            "period_start": D(2026, 3, 1),
            "service": "Accueil",
            "calls_received": 412.0,
            "calls_answered": 371.0,
        },  # fmt: skip
    ),
    Shape(
        "call_center_report.xlsx",
        "Call-centre report, English export",
        ["From", "To", "Queue", "Offered calls", "Answered calls", "Abandoned calls"],
        [
            [D(2026, 3, 1), D(2026, 3, 31), "Accueil", 1500, 1310, 190],
            [D(2026, 3, 1), D(2026, 3, 31), "CCAS", 420, 400, 20],
        ],
        "phone_calls",
        {
            "period_start": "From",
            "period_end": "To",
            "service": "Queue",
            "calls_received": "Offered calls",
            "calls_answered": "Answered calls",
        },
        {
            "period_start": D(2026, 3, 1),
            "period_end": D(2026, 3, 31),
            "service": "Accueil",
            "calls_received": 1500.0,
            "calls_answered": 1310.0,
        },  # fmt: skip
    ),
    Shape(
        "file_attente_tickets.csv",
        "Queue management system (tickets)",
        [
            "Date",
            "N° ticket",
            "Heure d'émission",
            "Heure d'appel",
            "Service demandé",
            "Guichet",
            "Temps d'attente (mn)",
            "Durée de traitement (mn)",
        ],  # fmt: skip
        [
            ["03/03/2026", "A012", "08:31", "08:40", "État civil", "Guichet 2", "9", "6"],
            ["03/03/2026", "B004", "08:35", "09:02", "Urbanisme", "Guichet 4", "27", "15"],
        ],
        "counter_visits",
        {
            "visited_on": "Date",
            "service": "Service demandé",
            "site": "Guichet",
            "wait_minutes": "Temps d'attente (mn)",
        },
        {
            "visited_on": D(2026, 3, 3),
            "service": "État civil",
            "site": "Guichet 2",
            "wait_minutes": 9.0,
        },  # fmt: skip
    ),
    Shape(
        "barometre_resultats_action_publique.csv",
        "The State's baromètre des résultats (open data)",
        ["code_indicateur", "nom_indicateur", "date_mesure", "valeur_mesure", "unite_mesure"],
        [
            ["IND-042", "Délai de délivrance des cartes d'identité", "2026-01-31", "18,5", "jours"],
            ["IND-042", "Délai de délivrance des cartes d'identité", "2026-02-28", "16,0", "jours"],
        ],  # fmt: skip
        "measurements",
        {"indicator": "code_indicateur", "period": "date_mesure", "value": "valeur_mesure"},
        {"indicator": "IND-042", "period": D(2026, 1, 31), "value": 18.5},
    ),
    Shape(
        "rennes_interventions_voirie.csv",
        "Road interventions open data (Rennes-like)",
        [
            "date_appel",
            "heure_appel",
            "date_intervention",
            "heure_fin_intervention",
            "origine",
            "lieu",
            "nature_intervention",
        ],  # fmt: skip
        [
            [
                "2026-02-02",
                "08:10",
                "2026-02-03",
                "11:00",
                "Téléphone",
                "Rue de Brest",
                "Nid de poule",
            ],
            [
                "2026-02-04",
                "14:25",
                "2026-02-11",
                "16:30",
                "Application",
                "Place Hoche",
                "Signalisation",
            ],
        ],  # fmt: skip
        "reports",
        {
            "reported_on": "date_appel",
            "resolved_on": "date_intervention",
            "category": "nature_intervention",
            "channel": "origine",
        },
        {
            "reported_on": D(2026, 2, 2),
            "resolved_on": D(2026, 2, 3),
            "category": "Nid de poule",
            "channel": "Téléphone",
        },  # fmt: skip
    ),
    Shape(
        "boite_contact_courriels.csv",
        "Shared mailbox export (e-mails received)",
        ["Reçu(e) le", "De", "Objet", "Répondu le", "Boîte", "Identifiant usager"],
        [
            [
                "02/03/2026 09:12",
                "jean.dupond@exemple.fr",
                "Horaires",
                "03/03/2026 10:00",
                "Accueil",
                "jean.dupond@exemple.fr",
            ],
            [
                "02/03/2026 11:40",
                "sarah.l@exemple.fr",
                "Inscription cantine",
                "",
                "Scolaire",
                "sarah.l@exemple.fr",
            ],
        ],  # fmt: skip
        "correspondence",
        {"received_on": "Reçu(e) le", "answered_on": "Répondu le", "service": "Boîte"},
        {"received_on": D(2026, 3, 2), "answered_on": D(2026, 3, 3), "service": "Accueil"},
    ),
    Shape(
        "plan_actions_qualivilles.xlsx",
        "Action plan kept in a workbook",
        [
            "N° action",
            "Intitulé de l'action",
            "Origine",
            "Pilote",
            "Ouverte le",
            "Échéance",
            "Soldée le",
            "Avancement",
            "Module",
        ],  # fmt: skip
        [
            [
                "A-2026-01",
                "Former les agents d'accueil",
                "Audit interne",
                "DRH",
                D(2026, 1, 10),
                D(2026, 6, 30),
                D(2026, 5, 2),
                "Soldée",
                "2",
            ],
            [
                "A-2026-02",
                "Refaire la signalétique",
                "COPIL",
                "Services techniques",
                D(2026, 2, 1),
                D(2026, 9, 30),
                None,
                "En cours",
                "2",
            ],
        ],  # fmt: skip
        "actions",
        {
            "reference": "N° action",
            "title": "Intitulé de l'action",
            "origin": "Origine",
            "module": "Module",
            "owner": "Pilote",
            "opened_on": "Ouverte le",
            "due_on": "Échéance",
            "closed_on": "Soldée le",
            "status": "Avancement",
        },
        {
            "reference": "A-2026-01",
            "title": "Former les agents d'accueil",
            "origin": "Audit interne",
            "module": "2",
            "owner": "DRH",
            "opened_on": D(2026, 1, 10),
            "due_on": D(2026, 6, 30),
            "closed_on": D(2026, 5, 2),
            "status": "traité",
        },  # fmt: skip
    ),
]


def write_shape(shape: Shape, folder: Path) -> Path:
    path = folder / shape.name
    if path.suffix == ".csv":
        return write_csv(
            path,
            shape.headers,
            shape.rows,
            sep=shape.sep,
            encoding=shape.encoding,
            titles=shape.titles,
        )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Export"
    for title in shape.titles:
        sheet.append([title])
    if shape.group_row:
        row = sheet.max_row + 1 if shape.titles else 1
        column = 1
        for label, width in shape.group_row:
            sheet.cell(row=row, column=column, value=label)
            if width > 1:
                sheet.merge_cells(
                    start_row=row, start_column=column, end_row=row, end_column=column + width - 1
                )
            column += width
    sheet.append(shape.headers)
    for values in shape.rows:
        sheet.append(values)
    workbook.save(path)
    return path
