"""Demo town generator: realistic exports of a ~20,000-inhabitant town, 36 months.

The files imitate what real tools produce (French headers, title rows above the header, a cp1252
CSV with ';', a LimeSurvey wide export, monthly manual measurements) and carry a few data-quality
defects on purpose. Same seed and same end month -> byte-identical data.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from qualiboard.demo.front_office import appointments, civil_status, mystery_checks
from qualiboard.demo.town import (
    DEFAULT_SEED,
    SEASON,
    SERVICES,
    STRAIN,
    Town,
    _fr,
    _workbook,
    write_csv,
)
from qualiboard.domain.periods import add_months


def correspondence(town: Town, path: Path) -> int:
    rows = []
    number = 0
    for month in town.months():
        volume = int(230 * SEASON[month.month])
        for _ in range(volume):
            number += 1
            day = town.rng.choice(town.days_in(month))
            service, quality = town.service()
            channel = town.rng.choices(
                ["Courrier", "Courriel", "Formulaire en ligne"], weights=[5, 4, 1]
            )[0]
            mean = 7.0 if channel == "Courrier" else 2.5
            answered = town.add_working_days(day, town.delay(mean, month, quality) + 1)
            ack = town.add_working_days(day, max(0, int(town.rng.expovariate(1 / 1.6))))
            if channel != "Courrier":
                ack = None if town.rng.random() < 0.5 else ack
            if ack and ack > answered and town.rng.random() < 0.9:
                ack = answered
            if town.rng.random() < 0.015:
                answered = None  # never answered: counts as late
            rows.append(
                [
                    f"{month:%Y}-{number:05d}",
                    day,
                    town.known(ack),
                    town.known(answered),
                    channel,
                    town.spelled(service),
                    "Demande de renseignements",
                ]
            )
    header = [
        "N° chrono",
        "Date d'arrivée",
        "Date AR",
        "Date de réponse",
        "Canal",
        "Service",
        "Objet",
    ]
    titles = [
        "Registre du courrier - Ville de Belleville-sur-Risle",
        f"Export du {_fr(town.export_day)}",
    ]
    _workbook(titles, header, rows, path, "Registre", date_columns=(1, 2, 3))
    return len(rows)


def complaints(town: Town, path: Path) -> int:
    categories = [
        "Propreté",
        "Voirie",
        "Stationnement",
        "Accueil",
        "Délais",
        "Bruit",
        "Espaces verts",
    ]
    rows = []
    number = 0
    for month in town.months():
        for _ in range(int(town.rng.gauss(24, 5) * SEASON[month.month])):
            number += 1
            day = town.rng.choice(town.days_in(month))
            service, quality = town.service()
            received_late_year = month.year >= town.end.year
            answer_days = town.delay(7.5 if received_late_year else 9.0, month, quality)
            answered = day + dt.timedelta(days=answer_days + 1)
            ack = town.add_working_days(day, max(0, int(town.rng.expovariate(1 / 1.2))))
            known_answer = town.known(answered)
            status = "Traitée" if known_answer else "En cours"
            rows.append(
                [
                    f"REC-{number:05d}",
                    _fr(day),
                    _fr(town.known(ack)),
                    _fr(known_answer),
                    town.rng.choice(["Courrier", "Courriel", "Accueil", "Téléphone"]),
                    town.spelled(service),
                    town.rng.choice(categories),
                    status,
                ]
            )
    header = [
        "N° réclamation",
        "Date de réception",
        "Date accusé de réception",
        "Date de réponse",
        "Canal",
        "Service concerné",
        "Catégorie",
        "Statut",
    ]
    return write_csv(path, header, rows, encoding="cp1252")


def reports(town: Town, path: Path) -> int:
    categories = [
        ("Voirie", 4.0, 6.0),
        ("Éclairage public", 2.5, 4.0),
        ("Propreté", 3.0, 2.0),
        ("Espaces verts", 1.5, 5.0),
        ("Mobilier urbain", 1.0, 7.0),
    ]
    pool = [
        ("Eau - Urbanisme", 6.0, 0.85),
        ("Police municipale", 1.0, 0.9),
        ("Hôtel de Ville - Accueil", 0.5, 1.0),
    ]
    rows = []
    number = 0
    for month in town.months():
        for _ in range(int(58 * SEASON[month.month] * (1.2 if month.month in (4, 5, 6) else 1))):
            number += 1
            day = town.rng.choice(town.days_in(month))
            category, _, mean = town.rng.choices(categories, weights=[c[1] for c in categories])[0]
            service, quality = town.service(pool)
            ack = town.add_working_days(day, int(town.rng.expovariate(1 / 0.8)))
            resolved = town.add_working_days(day, town.delay(mean, month, quality) + 1)
            known = town.known(resolved)
            if known:
                status = town.rng.choice(["Traité", "Traité", "traitée", "Clôturé"])
                # Agents closing reports without recording the end date, worse lately.
                recent = month >= add_months(town.end, -3)
                if town.rng.random() < (0.3 if recent else 0.06):
                    known = None
            else:
                status = "Non traité" if town.rng.random() < 0.05 else "En cours"
            rows.append(
                [
                    f"SIG-{number:06d}",
                    day,
                    town.known(ack),
                    known,
                    category,
                    status,
                    town.spelled(service),
                ]
            )
    header = [
        "N° signalement",
        "Date du signalement",
        "Date de prise en compte",
        "Date de fin d'intervention",
        "Catégorie",
        "Statut",
        "Service",
    ]
    _workbook([], header, rows, path, "Signalements", date_columns=(1, 2, 3))
    return len(rows)


SURVEY_QUESTIONS = [
    ("G01", "Globalement, êtes-vous satisfait de la qualité de service ?", 0.84),
    ("A01[SQ001]", "Accueil [Courtoisie et amabilité de l'agent]", 0.9),
    ("A01[SQ002]", "Accueil [Temps d'attente]", 0.76),
    ("A01[SQ003]", "Information [Clarté des informations données]", 0.82),
]


SCALE = ["Très satisfait", "Satisfait", "Peu satisfait", "Pas du tout satisfait"]


def survey(town: Town, path: Path) -> int:
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "Service", "Canal"]
    header += [text for _, text, _ in SURVEY_QUESTIONS]
    header += ["Avez-vous des remarques ?"]
    rows = []
    number = 0
    for month in town.months():
        for _ in range(int(town.rng.gauss(48, 8))):
            number += 1
            day = town.rng.choice(town.days_in(month))
            moment = dt.datetime.combine(
                day, dt.time(9 + town.rng.randrange(9), town.rng.randrange(60))
            )
            service, quality = town.service()
            channel = town.rng.choices(
                ["Formulaire en ligne", "Questionnaire papier", "Téléphone"], weights=[4, 5, 1]
            )[0]
            unfinished = town.rng.random() < 0.08
            answers = []
            for _, _, base in SURVEY_QUESTIONS:
                strain = 0.06 if month.month in STRAIN else 0.0
                p = base * quality - strain
                r = town.rng.random()
                if town.rng.random() < 0.03:
                    answers.append("Sans avis")
                elif r < p:
                    answers.append(SCALE[0] if town.rng.random() < 0.45 else SCALE[1])
                else:
                    answers.append(SCALE[2] if town.rng.random() < 0.7 else SCALE[3])
            submit = "" if unfinished else moment.strftime("%Y-%m-%d %H:%M:%S")
            rows.append(
                [
                    number,
                    submit,
                    2 if unfinished else 3,
                    "fr",
                    town.rng.randrange(10**8),
                    town.spelled(service),
                    channel,
                    *answers,
                    "",
                ]
            )
    return write_csv(path, header, rows, delimiter=",", lineterminator="\n")


def phone(town: Town, path: Path) -> int:
    rows = []
    phone_services = [s for s in SERVICES if s[0] not in ("Pôle ados", "Maison des associations")]
    for month in town.months():
        for name, weight, quality in phone_services:
            presented = int(weight * 160 * SEASON[month.month] * town.rng.uniform(0.9, 1.1))
            rate = min(
                0.99,
                0.9 * quality
                - (0.06 if month.month in STRAIN else 0)
                + town.rng.uniform(-0.03, 0.03),
            )
            answered = int(presented * rate)
            lost = presented - answered
            rate_text = f"{100 * answered / presented:.1f} %".replace(".", ",")
            rows.append(
                [
                    month,
                    add_months(month, 1) - dt.timedelta(days=1),
                    name,
                    presented,
                    answered,
                    lost,
                    rate_text,
                ]
            )
    header = [
        "Début de période",
        "Fin de période",
        "Service",
        "Appels présentés",
        "Appels décrochés",
        "Appels perdus",
        "Taux de décroché",
    ]
    _workbook(
        ["Statistiques téléphoniques mensuelles par file d'attente"],
        header,
        rows,
        path,
        "Statistiques",
        date_columns=(0, 1),
    )
    return len(rows)


def counter(town: Town, path: Path) -> int:
    counters = [
        ("Hôtel de Ville - Accueil", "Hôtel de Ville", 8, 1.0),
        ("État civil", "Hôtel de Ville", 5, 0.95),
        ("CCAS", "Espace solidarité", 3, 0.85),
        ("Guichet famille", "Maison de la famille", 3, 0.9),
    ]
    rows = []
    for month in town.months():
        for day in town.days_in(month):
            for service, site, per_day, quality in counters:
                for _ in range(max(0, int(town.rng.gauss(per_day, 2) * SEASON[month.month]))):
                    strain = STRAIN.get(month.month, 1.0)
                    wait = town.rng.expovariate(1 / (4.2 * strain / quality))
                    minutes, seconds = divmod(int(wait * 60), 60)
                    rows.append(
                        [
                            _fr(day),
                            service,
                            site,
                            f"00:{minutes:02d}:{seconds:02d}" if minutes < 60 else "01:00:00",
                        ]
                    )
    header = ["Date", "Service", "Site", "Temps d'attente"]
    _workbook(["Gestion de file d'attente - tickets servis"], header, rows, path, "Tickets")
    return len(rows)


def measurements(town: Town, path: Path) -> int:
    rows = []
    reception = [
        s
        for s in SERVICES
        if s[0]
        in ("Hôtel de Ville - Accueil", "État civil", "CCAS", "Guichet famille", "Médiathèque")
    ]
    for month in town.months():
        for name, _, quality in reception:
            agents = 6 if name == "Hôtel de Ville - Accueil" else 3
            trained = min(agents, int(agents * (0.55 + 0.45 * (month.month / 12)) * quality + 0.5))
            rows.append(["formation_agents", month, name, None, trained, agents])
            checks = 4
            passed = sum(town.rng.random() < 0.93 * quality for _ in range(checks))
            rows.append(["proprete_locaux", month, name, None, passed, checks])
            if month.month in (3, 6, 9, 12):
                rows.append(["signaletique", month, name, None, int(town.rng.random() < 0.9), 1])
        if month.month in (3, 6, 9, 12):
            planned = 2
            done = planned if town.rng.random() < 0.7 else 1
            rows.append(["audits_internes", month, None, None, done, planned])
    header = ["Indicateur", "Mois", "Service", "Valeur", "Numérateur", "Dénominateur"]
    _workbook(
        ["Saisie mensuelle des mesures qualité"], header, rows, path, "Mesures", date_columns=(1,)
    )
    return len(rows)


def actions(town: Town, path: Path) -> int:
    origins = ["Audit interne", "Audit externe", "Réclamation", "COPIL", "Enquête de satisfaction"]
    titles = [
        "Mettre à jour la signalétique",
        "Former les agents à l'accueil téléphonique",
        "Revoir le modèle de réponse type",
        "Relancer les services en retard",
        "Afficher les résultats des enquêtes",
        "Harmoniser les horaires affichés",
    ]
    rows = []
    number = 0
    for month in town.months():
        for index in range(town.rng.randint(2, 5)):
            number += 1
            opened = town.rng.choice(town.days_in(month)[:15])
            # The first action of each month falls due next month: every month has deadlines.
            delay = 30 if index == 0 else town.rng.choice([30, 45, 60, 90])
            due = opened + dt.timedelta(days=delay)
            service, quality = town.service()
            late = town.rng.random() > 0.75 * quality
            closed = due + dt.timedelta(
                days=town.rng.randint(1, 40) if late else -town.rng.randint(0, 25)
            )
            closed = max(closed, opened)
            known = town.known(closed)
            status = "Soldée" if known else "En cours"
            module = town.rng.choice(["1", "2", "3", "8"])
            rows.append(
                [
                    f"ACT-{number:04d}",
                    town.rng.choice(titles),
                    town.rng.choice(origins),
                    module,
                    "Responsable qualité",
                    opened,
                    due,
                    known,
                    status,
                    service,
                ]
            )
    header = [
        "Référence",
        "Intitulé",
        "Origine",
        "Module",
        "Pilote",
        "Date d'ouverture",
        "Échéance",
        "Date de clôture",
        "Statut",
        "Service",
    ]
    _workbook(["Plan d'actions qualité"], header, rows, path, "Actions", date_columns=(5, 6, 7))
    return len(rows)


GENERATORS = [
    ("courriers_registre.xlsx", correspondence),
    ("reclamations_registre.csv", complaints),
    ("signalements_export.xlsx", reports),
    ("enquete_satisfaction_limesurvey.csv", survey),
    ("statistiques_telephoniques.xlsx", phone),
    ("guichet_file_attente.xlsx", counter),
    ("mesures_qualite.xlsx", measurements),
    ("plan_actions.xlsx", actions),
    ("rendez_vous_titres.csv", appointments),
    ("demandes_actes_etat_civil.xlsx", civil_status),
    ("controles_mysteres.xlsx", mystery_checks),
]


def generate(out_dir: Path, end_month: dt.date, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Write every demo file; returns file name -> rows written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, generator in GENERATORS:
        town = Town(end_month, seed)  # one generator per file: files are independent
        counts[name] = generator(town, out_dir / name)
    return counts
