"""Demo town generator: realistic exports of a ~20,000-inhabitant town, 36 months.

The files imitate what real tools produce (French headers, title rows above the header, a cp1252
CSV with ';', a LimeSurvey wide export, monthly manual measurements) and carry a few data-quality
defects on purpose. Same seed and same end month -> byte-identical data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Iterator
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.workbook.properties import WorkbookProperties

from qualiboard.domain.calendar import public_holidays
from qualiboard.domain.periods import add_months

DEFAULT_SEED = 2026
SAMPLES_DIR = Path("data/samples")
FIXED_TIMESTAMP = dt.datetime(2026, 1, 1)

# name, weight of the workload, quality (1 = as good as the town gets, lower = worse)
SERVICES: list[tuple[str, float, float]] = [
    ("Hôtel de Ville - Accueil", 3.0, 1.00),
    ("État civil", 2.5, 0.97),
    ("CCAS", 1.5, 0.90),
    ("Police municipale", 1.0, 0.85),
    ("Eau - Urbanisme", 2.0, 0.80),
    ("Médiathèque", 1.0, 1.00),
    ("Guichet famille", 1.5, 0.95),
    ("Accueil de loisirs", 0.8, 0.92),
    ("Pôle ados", 0.4, 0.90),
    ("Multi-accueil", 0.6, 0.96),
    ("Résidence autonomie", 0.5, 0.93),
    ("Maison des associations", 0.5, 0.95),
]
# Spellings as typed by agents in the source tools: the import has to bring them together.
SPELLINGS: dict[str, list[str]] = {
    "État civil": ["État civil", "Etat civil", "ETAT CIVIL", "Etat-civil "],
    "Hôtel de Ville - Accueil": ["Hôtel de Ville - Accueil", "Accueil mairie", "HDV"],
    "Eau - Urbanisme": ["Eau - Urbanisme", "Urbanisme"],
}
SEASON = {
    1: 1.0,
    2: 0.95,
    3: 1.05,
    4: 1.0,
    5: 0.95,
    6: 1.05,
    7: 0.8,
    8: 0.6,
    9: 1.25,
    10: 1.1,
    11: 1.0,
    12: 0.85,
}
# Summer and school start stretch delays (staff on leave, peak of requests).
STRAIN = {7: 1.25, 8: 1.5, 9: 1.35}


class Town:
    def __init__(self, end_month: dt.date, seed: int = DEFAULT_SEED) -> None:
        self.end = end_month.replace(day=1)
        self.start = add_months(self.end, -35)
        self.export_day = add_months(self.end, 1) + dt.timedelta(days=2)
        self.rng = random.Random(f"{seed}-{self.end.isoformat()}")
        years = range(self.start.year, self.export_day.year + 1)
        self.holidays = set(public_holidays("metropole", years))

    def months(self) -> Iterator[dt.date]:
        month = self.start
        while month <= self.end:
            yield month
            month = add_months(month, 1)

    def days_in(self, month: dt.date) -> list[dt.date]:
        nxt = add_months(month, 1)
        days = [month + dt.timedelta(days=i) for i in range((nxt - month).days)]
        return [d for d in days if d.weekday() < 5 and d not in self.holidays]

    def add_working_days(self, day: dt.date, count: int) -> dt.date:
        while count > 0:
            day += dt.timedelta(days=1)
            if day.weekday() < 5 and day not in self.holidays:
                count -= 1
        return day

    def service(self, pool: list[tuple[str, float, float]] | None = None) -> tuple[str, float]:
        pool = pool or SERVICES
        name, _, quality = self.rng.choices(pool, weights=[w for _, w, _ in pool])[0]
        return name, quality

    def spelled(self, name: str) -> str:
        return self.rng.choice(SPELLINGS.get(name, [name]))

    def delay(self, mean: float, month: dt.date, quality: float) -> int:
        strain = STRAIN.get(month.month, 1.0) / quality
        return max(0, int(self.rng.expovariate(1 / (mean * strain))))

    def known(self, day: dt.date | None) -> dt.date | None:
        """What the export shows: nothing that happens after the export day."""
        return day if day is not None and day <= self.export_day else None


def _fr(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _workbook(
    title_rows: list[str],
    header: list[str],
    rows: list[list[object]],
    path: Path,
    sheet: str,
    date_columns: tuple[int, ...] = (),
) -> None:
    workbook = Workbook()
    workbook.properties.created = FIXED_TIMESTAMP
    workbook.properties.modified = FIXED_TIMESTAMP
    workbook.workbook_properties = WorkbookProperties()
    worksheet = workbook.active
    worksheet.title = sheet
    for title in title_rows:
        worksheet.append([title])
        worksheet.cell(worksheet.max_row, 1).font = Font(bold=True, size=13)
    worksheet.append(header)
    for cell in worksheet[worksheet.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        worksheet.append(row)
    for column in date_columns:
        for (cell,) in worksheet.iter_rows(
            min_row=len(title_rows) + 2, min_col=column + 1, max_col=column + 1
        ):
            cell.number_format = "DD/MM/YYYY"
    workbook.save(path)
    _freeze_zip_dates(path)


def _freeze_zip_dates(path: Path) -> None:
    """openpyxl stamps zip entries with the current time; rewrite them for identical bytes."""
    import zipfile

    data = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(data) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = _strip_core_times(content)
            out.writestr(info, content)


def _strip_core_times(content: bytes) -> bytes:
    import re

    return re.sub(
        rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>2026-01-01T00:00:00Z\2", content
    )


# ---------------------------------------------------------------- the sources


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
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("cp1252"))
    return len(rows)


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
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=",", lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return len(rows)


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


# ------------------------------------------- issue 19: titres d'identité, état civil, mystères

SURNAMES = ["MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "DUBOIS"]
FIRST_NAMES = ["Camille", "Louis", "Léa", "Gabriel", "Chloé", "Jules", "Emma", "Hugo"]
# Booking pressure on identity documents: spring, before the summer holidays, is the peak.
ID_SEASON = {1: 1.0, 2: 1.15, 3: 1.35, 4: 1.45, 5: 1.4, 6: 1.2, 7: 0.8, 8: 0.6, 9: 0.8, 10: 0.85}
ID_SEASON |= {11: 0.8, 12: 0.7}


def appointments(town: Town, path: Path) -> int:
    """A booking tool's CSV, one row per appointment: date-times as text, the citizen's name,
    phone and e-mail (never imported), states as the agents click them."""
    stations = [("Mairie - Station 1", 1.0), ("Mairie - Station 2", 1.0), ("Mairie annexe", 0.5)]
    motives = ["CNI", "Passeport", "CNI + Passeport", "Remise de titre"]
    rows = []
    number = 0
    for month in town.months():
        pressure = ID_SEASON[month.month]
        # 2024 is the year the delays ran away (the Olympic summer); the town then opened a
        # second station's afternoons and the lead times came down.
        crowding = 1.5 if month.year == 2024 else 1.0 if month.year == 2025 else 0.75
        days = (add_months(month, 1) - month).days
        for _ in range(int(town.rng.gauss(330, 25) * pressure)):
            number += 1
            booked = dt.datetime.combine(
                month + dt.timedelta(days=town.rng.randrange(days)),
                dt.time(7 + town.rng.randrange(15), town.rng.randrange(60)),
            )
            lead = 1 + int(town.rng.expovariate(1 / (14 * pressure * crowding)))
            day = booked.date() + dt.timedelta(days=lead)
            while day.weekday() >= 5 or day in town.holidays:
                day += dt.timedelta(days=1)
            slot = dt.time(8 + town.rng.randrange(9), 20 * town.rng.randrange(3))
            station = town.rng.choices(stations, weights=[w for _, w in stations])[0][0]
            motive = town.rng.choices(motives, weights=[48, 30, 12, 10])[0]
            r = town.rng.random()
            if day > town.export_day:
                state = town.rng.choice(["À venir", "Confirmé"])
            elif r < 0.09:
                state = "Annulé par l'usager"
            elif r < 0.11:
                state = "Annulé par la mairie"
            elif r < 0.15:
                state = "Déplacé"
            elif r < 0.15 + 0.07 * (1.3 if lead > 30 else 1.0):
                state = "Absent"  # the longer the wait, the more often people forget
            else:
                state = "Honoré"
            rows.append(
                [
                    f"RDV{number:06d}",
                    booked.strftime("%d/%m/%Y %H:%M"),
                    f"{_fr(day)} {slot:%H:%M}",
                    motive,
                    station,
                    "Formalités administratives",
                    town.rng.choice(SURNAMES),
                    town.rng.choice(FIRST_NAMES),
                    f"06 {town.rng.randrange(10**8):08d}"[:14],
                    f"usager{number}@exemple.fr",
                    state,
                ]
            )
    header = [
        "N° RDV",
        "Date de prise de RDV",
        "Date du RDV",
        "Motif",
        "Agenda",
        "Service",
        "Nom",
        "Prénom",
        "Téléphone",
        "Email",
        "Statut",
    ]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return len(rows)


def civil_status(town: Town, path: Path) -> int:
    """The civil-status software's register of act requests: title lines, dates as text, the
    act holder's name (never imported)."""
    channels = [("COMEDEC", 35, 0.8), ("Service-public.fr", 30, 1.0), ("Courrier", 15, 1.6)]
    channels.append(("Guichet", 20, 0.0))
    acts = ["Naissance", "Mariage", "Décès"]
    rows = []
    number = 0
    for month in town.months():
        for _ in range(int(town.rng.gauss(300, 20) * SEASON[month.month])):
            number += 1
            day = town.rng.choice(town.days_in(month))
            channel, _, mean = town.rng.choices(channels, weights=[w for _, w, _ in channels])[0]
            act = town.rng.choices(acts, weights=[65, 20, 15])[0]
            quality = 1.0 if month.year < 2026 else 1.15  # a second agent on requests in 2026
            strain = STRAIN.get(month.month, 1.0)
            wait = 0 if mean == 0 else int(town.rng.expovariate(quality / (mean * strain)))
            if channel in ("Service-public.fr", "Courrier"):
                wait += 1  # registered on arrival, processed from the next working day
            if channel == "Guichet" and town.rng.random() < 0.05:
                wait = 1  # an old act to copy from the paper register
            delivered: dt.date | None = town.add_working_days(day, wait)
            r = town.rng.random()
            rejected = 0.09 if channel == "Service-public.fr" else 0.02
            if r < rejected:
                state, delivered = "Rejetée - acte non détenu", None
            elif r < rejected + 0.005:
                state, delivered = "Annulée (doublon)", None
            elif delivered > town.export_day or town.rng.random() < 0.002:
                state, delivered = "En cours", None  # a few forgotten in the pile
            else:
                state = "Délivrée"
            rows.append(
                [
                    f"EC{month:%y}-{number:05d}",
                    _fr(day),
                    channel,
                    act,
                    f"{town.rng.choice(SURNAMES)} {town.rng.choice(FIRST_NAMES)}",
                    town.rng.choices(["Intéressé(e)", "Notaire", "Ascendant"], [5, 4, 1])[0],
                    _fr(delivered),
                    state,
                    town.spelled("État civil"),
                ]
            )
    header = [
        "N° demande",
        "Reçue le",
        "Canal",
        "Type d'acte",
        "Nom du titulaire de l'acte",
        "Qualité du demandeur",
        "Délivré le",
        "Statut",
        "Service",
    ]
    titles = [
        "Registre des demandes d'actes d'état civil",
        f"Extraction du {_fr(town.export_day)}",
    ]
    _workbook(titles, header, rows, path, "Demandes")
    return len(rows)


# Criterion, channels it applies to, how often the town meets it.
MYSTERY_CRITERIA: list[tuple[str, tuple[str, ...], float]] = [
    ("Décroché avant 5 sonneries", ("Appel",), 0.96),
    ("Présentation de l'agent et du service", ("Appel", "Visite"), 0.92),
    ("Prise en charge en moins de 5 minutes", ("Visite",), 0.93),
    ("Formule de politesse", ("Appel", "Visite", "Courriel"), 0.98),
    ("Écoute et reformulation de la demande", ("Appel", "Visite"), 0.88),
    ("Réponse exacte", ("Appel", "Visite", "Courriel"), 0.92),
    ("Réponse au courriel sous 5 jours ouvrés", ("Courriel",), 0.88),
]


def mystery_checks(town: Town, path: Path) -> int:
    """A firm's evaluation grid, one row per check, one column per criterion (« Oui », « Non »,
    « Sans objet »), some 15 checks a quarter."""
    targets = [("Accueil mairie", 1.0), ("État civil", 0.98), ("CCAS", 0.95)]
    targets += [("Guichet famille", 0.97), ("Police municipale", 0.92)]
    rows = []
    number = 0
    for month in town.months():
        for _ in range(4 + town.rng.randrange(3)):
            number += 1
            day = town.rng.choice(town.days_in(month))
            channel = town.rng.choices(["Appel", "Visite", "Courriel"], weights=[8, 5, 2])[0]
            service, quality = town.rng.choice(targets)
            answers = []
            for _, channels, rate in MYSTERY_CRITERIA:
                if channel not in channels:
                    answers.append("Sans objet")
                    continue
                strain = 0.05 if month.month in STRAIN else 0.0
                answers.append("Oui" if town.rng.random() < rate * quality - strain else "Non")
            rows.append(
                [
                    f"{month:%Y}-Q{(month.month - 1) // 3 + 1}-{number:03d}",
                    day,
                    channel,
                    service,
                    "Qualimétrie",
                    *answers,
                    "",
                ]
            )
    header = ["N° de contrôle", "Date du contrôle", "Canal", "Service", "Enquêteur"]
    header += [name for name, _, _ in MYSTERY_CRITERIA] + ["Commentaire"]
    titles = ["Cabinet Qualimétrie - Appels et visites mystères - Grille d'évaluation"]
    _workbook(titles, header, rows, path, "Grille", date_columns=(1,))
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
