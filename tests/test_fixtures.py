"""The committed fixtures (tests/fixtures), shaped like real exports, imported with no help: the
kind is recognised, and the stored rows hold the values a person reads in the file."""

from __future__ import annotations

import datetime as dt

import pytest

from qualiboard.ingest.prepare import prepare_import
from tests.conftest import ROOT, make_config
from tests.helpers import load, write_csv

FIXTURES = ROOT / "tests" / "fixtures"
D = dt.date


def rows(con, sql: str) -> list[tuple]:
    return [tuple(r) for r in con.execute(sql).fetchall()]


LETTER_FILES = [
    "courriers_titres.xlsx",
    "courriers.xlsm",
    "courriers.xls",
    "courriers.ods",
    "courriers_cp1252.csv",
    "courriers_tab.txt",
]


@pytest.mark.parametrize("name", LETTER_FILES)
def test_mail_register_in_every_format(con, name):
    result = load(con, make_config(), FIXTURES / name)
    assert result.kind == "correspondence"
    stored = rows(
        con,
        "SELECT reference, received_on, acknowledged_on, answered_on, channel, service "
        "FROM correspondence ORDER BY source_row",
    )
    # Three spellings of one service become one; the "Total" line of the xlsx is left out.
    assert stored == [
        ("2026-001", D(2026, 1, 5), D(2026, 1, 6), D(2026, 1, 16), "Courrier", "État civil"),
        ("2026-002", D(2026, 1, 7), D(2026, 1, 8), None, "Courrier", "État civil"),
        ("2026-003", D(2026, 1, 12), D(2026, 1, 12), D(2026, 2, 20), "Courriel", "État civil"),
        ("2026-004", D(2026, 1, 20), None, D(2026, 1, 22), "Courrier", "CCAS"),
    ]


def test_title_rows_push_the_header_down_and_rows_keep_their_excel_numbers(con):
    load(con, make_config(), FIXTURES / "courriers_titres.xlsx")
    assert rows(con, "SELECT source_row FROM correspondence ORDER BY 1") == [(5,), (6,), (7,), (8,)]


def test_workbook_with_two_sheets_reads_the_first_and_says_which(con):
    plan = prepare_import(con, FIXTURES / "courriers_titres.xlsx", make_config().organisation)
    assert plan.sheets == ["Registre", "Notes"]
    assert plan.sheet == "Registre"


def test_fixmystreet_export(con):
    result = load(con, make_config(), FIXTURES / "fixmystreet.csv")
    assert result.kind == "reports"
    assert rows(
        con,
        "SELECT reference, reported_on, acknowledged_on, resolved_on, category, status, "
        "status_raw FROM reports ORDER BY reference",
    ) == [
        ("1201", D(2026, 3, 2), D(2026, 3, 3), D(2026, 3, 10), "Voirie", "traité", "fixed"),
        ("1202", D(2026, 3, 5), None, None, "Éclairage public", "en cours", "confirmed"),
        # "Closed" stands in for the empty "Fixed".
        ("1203", D(2026, 3, 6), D(2026, 3, 6), D(2026, 3, 20), "Propreté", "traité", "closed"),
    ]
    columns = {c[0] for c in con.execute("DESCRIBE reports").fetchall()}
    assert not {"user_name", "latitude", "longitude"} & columns
    stored_text = " ".join(str(v) for r in rows(con, "SELECT * FROM reports") for v in r)
    assert "Dupont" not in stored_text and "49.09" not in stored_text


def test_poitiers_open_data_is_a_report_file(con):
    result = load(con, make_config(), FIXTURES / "poitiers_signalements.csv")
    assert result.kind == "reports"
    assert rows(con, "SELECT reference, status, status_raw FROM reports ORDER BY 1") == [
        ("S-2026-0001", "traité", "Clôturé"),
        ("S-2026-0002", "en cours", "En cours"),
        ("S-2026-0003", "traité", "Traitée"),
    ]
    assert result.warnings == 2  # treated with no end date


def test_dansmarue_has_no_end_date_and_the_user_is_told(con):
    plan = prepare_import(con, FIXTURES / "dansmarue.csv", make_config().organisation)
    assert plan.kind == "reports"
    assert any("Date de fin d'intervention" in note for note in plan.notes)
    assert plan.dropped_personal == ["adresse"]


def test_data_quality_lists_the_imports_whose_delays_cannot_be_measured(con):
    from qualiboard.views.data_quality import data_quality

    load(con, make_config(), FIXTURES / "dansmarue.csv")
    load(con, make_config(), FIXTURES / "fixmystreet.csv")
    listed = data_quality(con, make_config())["unmeasurable"]
    assert sorted(zip(listed["Fichier"], listed["Colonne absente"], strict=True)) == [
        ("dansmarue.csv", "Date d'accusé de réception"),
        ("dansmarue.csv", "Date de fin d'intervention"),
    ]


def test_phone_statistics_with_month_names_and_a_total_line(con):
    result = load(con, make_config(), FIXTURES / "telephonie_janvier.csv")
    assert result.kind == "phone_calls"
    assert rows(
        con,
        "SELECT period_start, service, calls_received, calls_answered FROM phone_calls "
        "ORDER BY service",
    ) == [
        (D(2026, 1, 1), "Accueil", 1234, 1080),
        (D(2026, 1, 1), "État civil", 560, 498),
    ]


def test_columns_of_mostly_distinct_timestamps_with_empty_cells(con, tmp_path):
    # Report tools export times to the second: almost every value differs, some are empty
    # (not yet resolved), and each must still be read.
    lines = ["N° signalement;Date du signalement;Date de fin d'intervention;Attente (jours)"]
    for i in range(120):
        day = 1 + i % 28
        stamp = f"{day:02d}/03/2026 {8 + i % 9:02d}:{i % 60:02d}:{(7 * i) % 60:02d}"
        end = "" if i % 10 == 0 else f"{day:02d}/04/2026 {9 + i % 8:02d}:{(3 * i) % 60:02d}:00"
        lines.append(f"S{i};{stamp};{end};")
    path = tmp_path / "signalements_horodates.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load(con, make_config(), path)
    assert result.kind == "reports"
    assert result.inserted == 120
    assert rows(con, "SELECT count(*) FROM reports WHERE resolved_on IS NULL") == [(12,)]
    assert rows(con, "SELECT reported_on, resolved_on FROM reports WHERE reference = 'S37'") == [
        (D(2026, 3, 10), D(2026, 4, 10))  # 1 + 37 % 28 = 10
    ]


def test_data_quality_lists_typed_in_measures_no_indicator_reads(con, tmp_path):
    from qualiboard.views.data_quality import data_quality

    config = make_config(
        "  - id: formation_agents\n"
        "    label: Agents formés à l'accueil\n"
        "    module: 2\n"
        "    engagement: Des agents formés\n"
        "    owner: RH\n"
        "    source: measurements\n"
        "    filter: {indicator: formation_agents}\n"
        "    measure: {type: ratio, numerator: numerator, denominator: denominator}\n"
        "    objective: {value: 90}\n"
    )
    path = write_csv(
        tmp_path / "mesures.csv",
        ["Indicateur", "Période", "Numérateur", "Dénominateur"],
        [
            ["formation_agents", "01/2026", "9", "10"],
            ["Agents formés à l'accueil", "02/2026", "8", "10"],
            ["Agents formés à l'accueil", "03/2026", "7", "10"],
            ["proprete", "03/2026", "1", "2"],
        ],
    )
    load(con, config, path, kind="measurements")
    listed = data_quality(con, config)["unknown_measures"]
    assert listed.to_dict("records") == [
        {
            "Indicateur saisi": "Agents formés à l'accueil",
            "Lignes": 2,
            "Code attendu": "formation_agents",
        },
        {
            "Indicateur saisi": "proprete",
            "Lignes": 1,
            "Code attendu": "aucun indicateur ne lit ce code",
        },
    ]
