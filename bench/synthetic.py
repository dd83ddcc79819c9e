"""A large synthetic town written straight into DuckDB: N records per source, 5 years, 12 services.

Only for benchmarks: the generation is SQL for speed, the data go through the same schema as
real imports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from qualiboard.demo.town import SERVICES
from qualiboard.store.db import connect

FIRST_DAY = dt.date(2021, 11, 1)
DAYS = 1826  # five years


def _services_sql() -> str:
    names = ", ".join("'" + name.replace("'", "''") + "'" for name, _, _ in SERVICES)
    return f"[{names}]"


def build(path: Path, records: int, seed: float = 0.42) -> duckdb.DuckDBPyConnection:
    con = connect(path)
    con.execute("SELECT setseed(?)", [seed])
    services = _services_sql()
    day = f"(DATE '{FIRST_DAY.isoformat()}' + CAST(floor(random() * {DAYS}) AS INTEGER))"
    service = f"list_element({services}, 1 + CAST(floor(random() * 12) AS INTEGER))"
    con.execute("BEGIN TRANSACTION")
    con.execute(
        f"""
        INSERT INTO correspondence
        SELECT i, 0, i + 2, 'C' || i, d,
               d + CAST(floor(random() * 6) AS INTEGER),
               CASE WHEN random() < 0.02 THEN NULL ELSE d + CAST(floor(-ln(random()) * 9) AS INTEGER) END,
               list_element(['Courrier', 'Courriel', 'Formulaire en ligne'], 1 + CAST(floor(random() * 3) AS INTEGER)),
               s
        FROM (SELECT i, {day} AS d, {service} AS s FROM range(?) t(i))
        """,
        [records],
    )
    con.execute(
        f"""
        INSERT INTO complaints
        SELECT i, 0, i + 2, 'R' || i, d, d + CAST(floor(random() * 4) AS INTEGER), a,
               'Courrier', s, list_element(['Propreté', 'Voirie', 'Accueil'], 1 + CAST(floor(random() * 3) AS INTEGER)),
               CASE WHEN a IS NULL THEN 'en cours' ELSE 'traité' END,
               CASE WHEN a IS NULL THEN 'En cours' ELSE 'Traitée' END
        FROM (SELECT i, {day} AS d, {service} AS s,
                     CASE WHEN random() < 0.05 THEN NULL ELSE {day} END AS a0,
                     CASE WHEN random() < 0.05 THEN NULL
                          ELSE CAST(floor(-ln(random()) * 10) AS INTEGER) END AS k
              FROM range(?) t(i)) x, LATERAL (SELECT x.d + x.k AS a)
        """,
        [records],
    )
    con.execute(
        f"""
        INSERT INTO reports
        SELECT i, 0, i + 2, 'S' || i, d, d + CAST(floor(random() * 3) AS INTEGER),
               CASE WHEN st = 'traité' AND random() > 0.1 THEN d + CAST(floor(-ln(random()) * 8) AS INTEGER) END,
               list_element(['Voirie', 'Éclairage public', 'Propreté'], 1 + CAST(floor(random() * 3) AS INTEGER)),
               st, st, s, NULL
        FROM (SELECT i, {day} AS d, {service} AS s,
                     CASE WHEN random() < 0.8 THEN 'traité' WHEN random() < 0.9 THEN 'en cours'
                          ELSE 'non traité' END AS st
              FROM range(?) t(i))
        """,
        [records],
    )
    con.execute(
        f"""
        INSERT INTO survey_answers
        SELECT i, 0, i // 4 + 2, CAST(i // 4 AS VARCHAR), d, s, NULL,
               list_element(['Formulaire en ligne', 'Questionnaire papier'], 1 + CAST(floor(random() * 2) AS INTEGER)),
               list_element(['Globalement, êtes-vous satisfait ?', 'Accueil [Courtoisie]',
                             'Accueil [Temps d''attente]', 'Information [Clarté]'], 1 + CAST(i % 4 AS INTEGER)),
               1 + floor(random() * 4), 4
        FROM (SELECT i, {day} AS d, {service} AS s FROM range(?) t(i))
        """,
        [records],
    )
    con.execute(
        f"""
        INSERT INTO phone_calls
        SELECT i, 0, i + 2, d, d, s, r, floor(r * (0.7 + random() * 0.3))
        FROM (SELECT i, {day} AS d, {service} AS s, 10 + floor(random() * 50) AS r FROM range(?) t(i))
        """,
        [records],
    )
    con.execute(
        f"""
        INSERT INTO counter_visits
        SELECT i, 0, i + 2, {day}, {service}, 'Hôtel de Ville', -ln(random()) * 5
        FROM range(?) t(i)
        """,
        [records],
    )
    con.execute(
        f"""
        INSERT INTO measurements
        SELECT i, 0, i + 2,
               list_element(['formation_agents', 'proprete_locaux', 'signaletique', 'audits_internes'],
                            1 + CAST(i % 4 AS INTEGER)),
               date_trunc('month', {day}), {service}, NULL, floor(random() * 5), 4, NULL
        FROM range(?) t(i)
        """,
        [records],
    )
    con.execute(
        f"""
        INSERT INTO actions
        SELECT i, 0, i + 2, 'A' || i, 'Action', 'Audit interne', '3', 'Responsable qualité', d,
               d + 45, CASE WHEN random() < 0.9 THEN d + CAST(floor(random() * 70) AS INTEGER) END,
               'traité', 'Soldée', {service}
        FROM (SELECT i, {day} AS d FROM range(?) t(i))
        """,
        [records],
    )
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    return con


def months() -> tuple[dt.date, dt.date]:
    last = FIRST_DAY + dt.timedelta(days=DAYS - 1)
    return FIRST_DAY, last.replace(day=1)
