"""The demo town's front-office files (issue 19): identity-document appointments, civil-status
requests and mystery checks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from qualiboard.demo.town import SEASON, STRAIN, Town, _fr, _workbook, write_csv
from qualiboard.domain.periods import add_months

SURNAMES = ["MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD", "DURAND", "DUBOIS"]


FIRST_NAMES = ["Camille", "Louis", "Léa", "Gabriel", "Chloé", "Jules", "Emma", "Hugo"]


# Booking pressure on identity documents: spring, before the summer holidays, is the peak.
ID_SEASON = {1: 1.0, 2: 1.15, 3: 1.35, 4: 1.45, 5: 1.4, 6: 1.2, 7: 0.8, 8: 0.6, 9: 0.8, 10: 0.85}
ID_SEASON |= {11: 0.8, 12: 0.7}


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
    return write_csv(path, header, rows, encoding="utf-8-sig")


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
