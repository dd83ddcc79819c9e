"""A record with a reference is the same record from one export to the next, whatever service
now holds it (ingest/replacement.py, ingest/batches.py)."""

from __future__ import annotations

import datetime as dt

from qualiboard.engine.compute import compute_indicator
from tests.conftest import make_config
from tests.helpers import load, write_csv

VOLUME = """
  - id: volume
    label: Réclamations reçues
    module: 3
    source: complaints
    measure: {type: count}
    breakdown: [service]
    objective: aucun
"""

HEADER = ["N° réclamation", "Date de réception", "Date de réponse", "Service"]
OCTOBER = dt.date(2026, 10, 1)


def export(tmp_path, name: str, day: str, rows: list[list[str]]):
    return write_csv(tmp_path / name, HEADER, rows, titles=[f"Extraction du {day}"])


def by_service(con, config) -> dict[str, int]:
    figures = compute_indicator(
        con,
        config,
        "volume",
        start=OCTOBER,
        end=OCTOBER,
        by=["service"],
        today=dt.date(2026, 11, 20),
    )
    return {row.service: int(row.value) for row in figures.itertuples() if row.value == row.value}


def test_a_record_passed_to_another_service_is_updated_not_duplicated(con, tmp_path):
    config = make_config(VOLUME)
    first = [
        ["REC-2026-0201", "01/10/2026", "", "État civil"],
        ["REC-2026-0202", "03/10/2026", "", "CCAS"],
    ]
    load(con, config, export(tmp_path, "v1.csv", "05/10/2026", first), kind="complaints")
    # The newer export: 0201 was passed to the CCAS, its date of receipt corrected, answered.
    second = [
        ["REC-2026-0201", "02/10/2026", "20/10/2026", "CCAS"],
        ["REC-2026-0202", "03/10/2026", "", "CCAS"],
    ]
    newer = load(con, config, export(tmp_path, "v2.csv", "30/10/2026", second), kind="complaints")
    assert (newer.inserted, newer.updated, newer.unchanged) == (0, 1, 1)
    assert con.execute(
        "SELECT reference, received_on, answered_on, service FROM complaints ORDER BY 1"
    ).fetchall() == [
        ("REC-2026-0201", dt.date(2026, 10, 2), dt.date(2026, 10, 20), "CCAS"),
        ("REC-2026-0202", dt.date(2026, 10, 3), None, "CCAS"),
    ]
    # Counted once, in its new service; État civil has nothing left in October.
    assert by_service(con, config) == {"CCAS": 2}


def test_a_service_change_is_said_before_the_import(con, tmp_path):
    from qualiboard.ingest.prepare import prepare_import

    config = make_config(VOLUME)
    rows = [["REC-7", "01/10/2026", "", "État civil"]]
    load(con, config, export(tmp_path, "v1.csv", "05/10/2026", rows), kind="complaints")
    moved = [["REC-7", "01/10/2026", "", "CCAS"]]
    plan = prepare_import(
        con, export(tmp_path, "v2.csv", "30/10/2026", moved), config.organisation,
        kind="complaints", today=dt.date(2026, 11, 3),
    )  # fmt: skip
    said = [n for n in plan.notes if "de service avec ce fichier" in n]
    assert said == [
        "1 enregistrement déjà en base change de service avec ce fichier "
        "(État civil → CCAS : 1) : il est mis à jour, pas ajouté une seconde fois"
    ]


def test_a_number_restarting_next_year_is_still_another_record(con, tmp_path):
    config = make_config(VOLUME)
    load(
        con, config, export(tmp_path, "2025.csv", "31/12/2025", [["7", "05/10/2025", "", "CCAS"]]),
        kind="complaints",
    )  # fmt: skip
    second = load(
        con, config,
        export(tmp_path, "2026.csv", "30/10/2026", [["7", "05/10/2026", "", "État civil"]]),
        kind="complaints",
    )  # fmt: skip
    assert (second.inserted, second.updated) == (1, 0)
    assert con.execute("SELECT count(*) FROM complaints").fetchall() == [(2,)]


def test_one_reference_twice_in_a_file_keeps_the_last_row_and_says_so(con, tmp_path):
    config = make_config(VOLUME)
    rows = [[f"R{n:04d}", "05/10/2026", "", "CCAS"] for n in range(1, 61)]
    # Row 3 of the file is R0001; R0007 comes again on the last line (row 63): same date, same
    # service, now answered: the same record listed twice, edited in between.
    rows.append(["R0007", "05/10/2026", "20/10/2026", "CCAS"])
    path = export(tmp_path, "doublon.csv", "30/10/2026", rows)
    result = load(con, config, path, kind="complaints")
    account = result.account
    assert (account.read, account.count("added"), account.count("duplicate")) == (61, 60, 1)
    assert account.rows["duplicate"] == [9]
    assert account.details[9] == "même enregistrement que la ligne 63"
    assert con.execute(
        "SELECT count(*), count(*) FILTER (WHERE reference = 'R0007') FROM complaints"
    ).fetchall() == [(60, 1)]
    assert con.execute(
        "SELECT service, answered_on FROM complaints WHERE reference = 'R0007'"
    ).fetchall() == [("CCAS", dt.date(2026, 10, 20))]
    assert by_service(con, config) == {"CCAS": 60}
    # The import kept the reference as the record's identity: a later export updates by it.
    from qualiboard.ingest.prepare import prepare_import

    plan = prepare_import(con, path, config.organisation, kind="complaints")
    assert plan.record_key == ("reference",)
    assert (
        "la référence « R0007 » figure sur plusieurs lignes aux contenus différents "
        "(lignes 9 et 63) : la dernière ligne l'emporte, les précédentes sont comptées "
        "comme doublons fusionnés" in plan.notes
    )


def test_one_number_on_two_rows_of_other_services_merges_nothing(con, tmp_path):
    config = make_config(VOLUME)
    rows = [[f"R{n:04d}", "05/10/2026", "", "CCAS"] for n in range(1, 61)]
    rows.append(["R0007", "05/10/2026", "", "État civil"])  # maybe another record: kept
    result = load(con, config, export(tmp_path, "deux.csv", "30/10/2026", rows), kind="complaints")
    assert (result.inserted, result.account.count("duplicate")) == (61, 0)
    assert by_service(con, config) == {"CCAS": 60, "État civil": 1}


def test_a_column_repeating_many_numbers_is_still_no_reference(con, tmp_path):
    config = make_config(VOLUME)
    # Each service numbers its own complaints: 1 to 5 twice, in one file.
    rows = [[str(n), "05/10/2026", "", s] for s in ("CCAS", "État civil") for n in range(1, 6)]
    result = load(con, config, export(tmp_path, "deux.csv", "30/10/2026", rows), kind="complaints")
    assert (result.inserted, result.account.count("duplicate")) == (10, 0)
