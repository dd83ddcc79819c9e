"""Defects an adversarial tester found in imports (issue 26): each test fails without its fix and
asserts values counted by hand from its small file."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.prepare import prepare_import
from qualiboard.ingest.undo import undo_import
from tests.conftest import make_config
from tests.helpers import load, write_csv

CONFIG = make_config()
TODAY = dt.date(2026, 11, 20)


def test_total_lines_told_by_the_service_after_a_date_are_set_aside(con, tmp_path):
    path = write_csv(
        tmp_path / "guichet_totaux_jour.csv",
        ["Date", "Service", "Site", "Temps d'attente"],
        [
            ["01/10/2026", "État civil", "Mairie", "00:05:00"],
            ["01/10/2026", "État civil", "Mairie", "00:07:00"],
            ["01/10/2026", "Total", "", "00:12:00"],
            ["01/10/2026", "Moyenne", "", "00:06:00"],
            ["02/10/2026", "CCAS", "Mairie", "00:03:00"],
            ["02/10/2026", "Sous-total :", "", "00:03:00"],
            ["02/10/2026", "Service Total Propreté", "Mairie", "00:04:00"],
        ],
    )
    result = load(con, CONFIG, path, today=TODAY, kind="counter_visits")
    assert result.inserted == 4
    assert result.account.rows["total"] == [4, 5, 7]
    assert con.execute(
        "SELECT service, wait_minutes FROM counter_visits ORDER BY source_row"
    ).fetchall() == [
        ("État civil", 5.0),
        ("État civil", 7.0),
        ("CCAS", 3.0),
        ("Service Total Propreté", 4.0),
    ]


def test_phone_total_lines_with_a_name_do_not_count_calls_twice(con, tmp_path):
    path = write_csv(
        tmp_path / "tel_total_milieu.csv",
        ["Début de période", "Fin de période", "Service", "Appels présentés", "Appels décrochés"],
        [
            ["01/10/2026", "31/10/2026", "CCAS", "100", "90"],
            ["01/10/2026", "31/10/2026", "État civil", "200", "150"],
            ["01/10/2026", "31/10/2026", "Total", "300", "240"],
            ["01/10/2026", "31/10/2026", "Sous-total Mairie", "300", "240"],
            ["01/10/2026", "31/10/2026", "Totalement neuf", "10", "9"],
        ],
    )
    plan = prepare_import(con, path, CONFIG.organisation, kind="phone_calls", today=TODAY)
    assert plan.set_aside["total"] == [4, 5]
    load(con, CONFIG, path, today=TODAY, kind="phone_calls")
    assert con.execute("SELECT sum(calls_received), count(*) FROM phone_calls").fetchone() == (
        310.0,
        3,
    )


PHONE = ["Début de période", "Fin de période", "Service", "Appels présentés", "Appels décrochés"]


def test_call_counts_with_thousands_separators_are_read_whole_with_a_warning(con, tmp_path):
    path = write_csv(
        tmp_path / "tel_milliers.csv",
        PHONE,
        [
            ["01/10/2026", "31/10/2026", "CCAS", "1.234", "1.100"],
            ["01/10/2026", "31/10/2026", "État civil", "2,500", "2,000"],
            ["01/10/2026", "31/10/2026", "Urbanisme", "12 345", "300"],
        ],
    )
    plan = prepare_import(con, path, CONFIG.organisation, kind="phone_calls", today=TODAY)
    warnings = [p for p in plan.problems if p.severity == "avertissement"]
    assert [(p.column, p.message[:46]) for p in warnings] == [
        ("Appels présentés", "2 valeurs lues avec un séparateur de milliers "),
        ("Appels décrochés", "2 valeurs lues avec un séparateur de milliers "),
    ]
    load(con, CONFIG, path, today=TODAY, kind="phone_calls")
    assert con.execute(
        "SELECT calls_received, calls_answered FROM phone_calls ORDER BY source_row"
    ).fetchall() == [(1234.0, 1100.0), (2500.0, 2000.0), (12345.0, 300.0)]


def test_call_counts_with_a_fraction_or_a_percent_sign_are_refused_rows(con, tmp_path):
    path = write_csv(
        tmp_path / "tel_alcatel.csv",
        PHONE,
        [
            ["01/10/2026", "31/10/2026", "CCAS", "12 %", "10"],
            ["01/10/2026", "31/10/2026", "État civil", "2,5", "2"],
            ["01/10/2026", "31/10/2026", "Urbanisme", "1.2345", "1"],
            ["01/10/2026", "31/10/2026", "Culture", "1234.0", "1100"],
        ],
    )
    plan = prepare_import(con, path, CONFIG.organisation, kind="phone_calls", today=TODAY)
    errors = sorted((p.row, p.value, p.message[:23]) for p in plan.problems)
    assert errors == [
        (2, "12 %", "nombre entier attendu :"),
        (3, "2,5", "nombre entier attendu :"),
        (4, "1.2345", "nombre entier attendu :"),
    ]
    load(con, CONFIG, path, today=TODAY, kind="phone_calls", valid_rows_only=True)
    assert con.execute("SELECT service, calls_received FROM phone_calls").fetchall() == [
        ("Culture", 1234.0)
    ]


def test_csv_with_a_quoted_comment_over_128_kib_is_read(con, tmp_path):
    comment = "Réclamation détaillée ; " + "x" * 200_000 + "\nfin"
    path = write_csv(
        tmp_path / "long_comment_q.csv",
        ["N° réclamation", "Date de réception", "Service", "Objet"],
        [["R1", "01/10/2026", "CCAS", comment], ["R2", "02/10/2026", "État civil", "court"]],
    )
    result = load(con, CONFIG, path, today=TODAY, kind="complaints")
    assert result.inserted == 2
    assert con.execute("SELECT reference, service FROM complaints ORDER BY 1").fetchall() == [
        ("R1", "CCAS"),
        ("R2", "État civil"),
    ]


def test_mac_csv_with_carriage_returns_only_is_read(con, tmp_path):
    path = tmp_path / "mac_cr.csv"
    path.write_bytes(
        "N° réclamation;Date de réception;Date de réponse;Service\r"
        "MC1;01/10/2026;03/10/2026;CCAS\r"
        "MC2;02/10/2026;04/10/2026;État civil\r"
        "MC3;03/10/2026;;CCAS\r".encode("cp1252")
    )
    result = load(con, CONFIG, path, today=TODAY, kind="complaints")
    assert result.inserted == 3
    assert con.execute(
        "SELECT reference, source_row, answered_on, service FROM complaints ORDER BY 1"
    ).fetchall() == [
        ("MC1", 2, dt.date(2026, 10, 3), "CCAS"),
        ("MC2", 3, dt.date(2026, 10, 4), "État civil"),
        ("MC3", 4, None, "CCAS"),
    ]


def test_refused_rows_keep_their_french_reason_in_the_import_history(con, tmp_path):
    path = write_csv(
        tmp_path / "recl.csv",
        ["N° réclamation", "Date de réception", "Date de réponse", "Service"],
        [
            ["R1", "01/10/2026", "03/10/2026", "CCAS"],
            ["R2", "32/10/2026", "", "CCAS"],
            ["R3", "02/10/2026", "05/10/2026", "État civil"],
            ["R4", "03/10/2026", "hier", "CCAS"],
        ],
    )
    result = load(con, CONFIG, path, today=TODAY, kind="complaints", valid_rows_only=True)
    assert result.inserted == 2
    rows = con.execute(
        "SELECT source_row, outcome, detail FROM import_rows WHERE batch_id = ? "
        "AND outcome = 'invalid' ORDER BY 1",
        [result.batch_id],
    ).fetchall()
    assert rows == [
        (
            3,
            "invalid",
            "colonne « Date de réception » : date illisible (format attendu : jj/mm/aaaa) "
            "(valeur : « 32/10/2026 »)",
        ),
        (
            5,
            "invalid",
            "colonne « Date de réponse » : date illisible (format attendu : jj/mm/aaaa) "
            "(valeur : « hier »)",
        ),
    ]


def _two_sheets(path):
    workbook = Workbook()
    for position, (name, prefix, month) in enumerate(
        [("Sept 2026", "S", 9), ("Oct 2026 🎃", "O", 10)]
    ):
        sheet = workbook.active if position == 0 else workbook.create_sheet()
        sheet.title = name
        sheet.append(["N° réclamation", "Date de réception", "Date de réponse", "Service"])
        for day in (1, 2):
            sheet.append([f"{prefix}{day}", dt.date(2026, month, day), None, "CCAS"])
    workbook.save(path)
    return path


def test_each_sheet_of_a_workbook_has_its_own_archive_and_its_own_undo(con, tmp_path):
    path = _two_sheets(tmp_path / "deux_feuilles.xlsx")
    archive = tmp_path / "archive"
    first = load(con, CONFIG, path, today=TODAY, kind="complaints", archive_dir=archive)
    second = load(
        con, CONFIG, path, today=TODAY, kind="complaints", sheet="Oct 2026 🎃", archive_dir=archive
    )
    note = (
        "fichier archivé réécrit en CSV "
        "(seul le tableau importé est gardé, ni autres feuilles ni commentaires)"
    )
    assert (first.archive_note, second.archive_note) == (note, note)
    kept = sorted(archive.iterdir())
    assert len(kept) == 2
    contents = sorted(p.read_text(encoding="utf-8-sig").splitlines()[1][:4] for p in kept)
    assert contents == ["2;O1", "2;S1"]
    undo_import(con, second.batch_id, archive_dir=archive)
    left = [p.read_text(encoding="utf-8-sig").splitlines()[1][:4] for p in archive.iterdir()]
    assert left == ["2;S1"]


REPORTS = ["N° signalement", "Date du signalement", "Date de fin d'intervention", "Service"]


def test_footer_edite_without_its_accent_gives_the_as_of_date(con, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(REPORTS)
    sheet.append(["SG1", dt.date(2026, 10, 4), dt.date(2026, 10, 13), "Voirie"])
    sheet.append(["SG2", dt.date(2026, 10, 6), None, "Voirie"])
    sheet.append(["Edité le 05/11/2026 par GMAO Atal"])
    workbook.save(tmp_path / "pied_edite.xlsx")
    plan = prepare_import(con, tmp_path / "pied_edite.xlsx", CONFIG.organisation, today=TODAY)
    assert plan.as_of.day == dt.date(2026, 11, 5)
    assert plan.set_aside["footer"] == [4]


def test_a_file_name_date_older_than_the_records_is_not_the_as_of_date(con, tmp_path):
    path = write_csv(
        tmp_path / "reclamations_2025-01-05.csv",
        ["Date de réception", "Date de réponse", "Service"],
        [["01/10/2026", "20/10/2026", "CCAS"], ["02/10/2026", "", "CCAS"]],
    )
    plan = prepare_import(con, path, CONFIG.organisation, kind="complaints", today=TODAY)
    assert plan.as_of.day == dt.date(2026, 10, 20)
    assert (
        "date du nom de fichier (05/01/2025) ignorée : antérieure à la date la plus récente "
        "des données (20/10/2026)"
    ) in plan.notes


def test_a_typed_as_of_date_far_from_the_data_is_refused_and_nothing_written(con, tmp_path):
    path = write_csv(
        tmp_path / "recl.csv",
        ["Date de réception", "Date de réponse", "Service"],
        [["01/10/2026", "20/10/2026", "CCAS"]],
    )
    for day, why in [
        (dt.date(1999, 12, 31), "invraisemblable : elle ne peut précéder le 01/01/2000"),
        (dt.date(2027, 10, 22), "plus d'un an après la date la plus récente des données"),
    ]:
        with pytest.raises(ImportRefused, match=why):
            load(con, CONFIG, path, today=TODAY, kind="complaints", as_of=day)
    assert con.execute("SELECT count(*) FROM import_batches").fetchone() == (0,)
    result = load(con, CONFIG, path, today=TODAY, kind="complaints", as_of=dt.date(2027, 10, 21))
    assert result.inserted == 1


ZEROS = ["N° dossier", "Date de réception", "Date AR", "Date de réponse", "Service"]


def _zeros_v1(path):
    return write_csv(
        path,
        ZEROS,
        [
            ["000101", "01/10/2026", "02/10/2026", "", "CCAS"],
            ["000102", "02/10/2026", "03/10/2026", "", "CCAS"],
            ["000103", "03/10/2026", "03/10/2026", "10/10/2026", "CCAS"],
        ],
    )


def _zeros_v2(path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(ZEROS)
    for number, answered in ((101, 20), (102, 25), (103, 10)):
        received = dt.date(2026, 10, number - 100)
        ack = dt.date(2026, 10, min(number - 99, 3))
        sheet.append([number, received, ack, dt.date(2026, 10, answered), "CCAS"])
    workbook.save(path)
    return path


def test_references_differing_only_by_leading_zeros_are_one_record(con, tmp_path):
    load(con, CONFIG, _zeros_v1(tmp_path / "zeros_v1.csv"), today=TODAY, kind="correspondence")
    result = load(
        con, CONFIG, _zeros_v2(tmp_path / "zeros_v2.xlsx"), today=TODAY, kind="correspondence"
    )
    assert (result.inserted, result.updated, result.unchanged) == (0, 2, 1)
    assert con.execute(
        "SELECT reference, answered_on FROM correspondence ORDER BY 1"
    ).fetchall() == [
        ("000101", dt.date(2026, 10, 20)),
        ("000102", dt.date(2026, 10, 25)),
        ("000103", dt.date(2026, 10, 10)),
    ]


def test_leading_zeros_match_the_other_way_round_keeping_the_first_reference(con, tmp_path):
    load(con, CONFIG, _zeros_v2(tmp_path / "zeros_v2.xlsx"), today=TODAY, kind="correspondence")
    result = load(
        con, CONFIG, _zeros_v1(tmp_path / "zeros_v1.csv"), today=TODAY, kind="correspondence"
    )
    assert (result.inserted, result.updated, result.unchanged) == (0, 2, 1)
    assert con.execute(
        "SELECT reference, answered_on FROM correspondence ORDER BY 1"
    ).fetchall() == [("101", None), ("102", None), ("103", dt.date(2026, 10, 10))]


def test_reporter_place_and_number_plate_are_dropped_and_ibans_masked(con, tmp_path):
    path = write_csv(
        tmp_path / "signalements.csv",
        [
            "N° signalement",
            "Date du signalement",
            "Catégorie",
            "Signalé par",
            "Localisation",
            "Immatriculation",
            "Plaque",
            "Déclarant",
            "Objet",
        ],
        [
            [
                "SG1",
                "01/10/2026",
                "Voirie",
                "Jean Martin",
                "12 rue des Lilas",
                "AB-123-CD",
                "EF-456-GH",
                "Mme Durand",
                "Rembourser sur FR76 3000 6000 0112 3456 7890 189 svp",
            ],
            ["SG2", "02/10/2026", "Éclairage", "", "", "", "", "", "Lampadaire 12 éteint"],
        ],
    )
    archive = tmp_path / "archive"
    plan = prepare_import(con, path, CONFIG.organisation, kind="reports", today=TODAY)
    assert plan.dropped_personal == [
        "Signalé par",
        "Localisation",
        "Immatriculation",
        "Plaque",
        "Déclarant",
    ]
    result = load(con, CONFIG, path, today=TODAY, kind="reports", archive_dir=archive)
    assert result.inserted == 2
    (kept,) = archive.iterdir()
    text = kept.read_text(encoding="utf-8-sig")
    assert text.splitlines() == [
        "Ligne du fichier;N° signalement;Date du signalement;Catégorie;Objet",
        "2;SG1;01/10/2026;Voirie;Rembourser sur [donnée personnelle masquée] svp",
        "3;SG2;02/10/2026;Éclairage;Lampadaire 12 éteint",
    ]


QUESTION = "Globalement, êtes-vous satisfait de la qualité de service ?"
SURVEY = ["id", "submitdate", "Service", QUESTION]


def _survey(path, month: int, answers: list[object]):
    rows = [
        [str(n), f"2026-{month:02d}-{n:02d} 10:00:00", "CCAS", answer]
        for n, answer in enumerate(answers, start=1)
    ]
    return write_csv(path, SURVEY, rows)


def test_a_month_without_any_top_answer_keeps_the_scale_of_earlier_imports(con, tmp_path):
    october = _survey(tmp_path / "enquete_octobre.csv", 10, ["3", "4", "5", "4"])
    november = _survey(tmp_path / "enquete_novembre.csv", 11, ["3", "4", "4", "3"])
    first = prepare_import(con, october, CONFIG.organisation, kind="survey_answers", today=TODAY)
    assert (
        f"« {QUESTION} » : échelle supposée sur 5 : précisez « note sur 5 » dans l'en-tête si ce "
        "n'est pas le cas"
    ) in first.notes
    load(con, CONFIG, october, today=TODAY, kind="survey_answers")
    plan = prepare_import(con, november, CONFIG.organisation, kind="survey_answers", today=TODAY)
    assert (
        f"« {QUESTION} » : échelle sur 5 reprise des imports précédents de la même question "
        "(note la plus haute de ce fichier : 4)"
    ) in plan.notes
    load(con, CONFIG, november, today=TODAY, kind="survey_answers")
    assert con.execute(
        "SELECT month(answered_on), sum(score), sum(scale_max) FROM survey_answers "
        "GROUP BY 1 ORDER BY 1"
    ).fetchall() == [(10, 16.0, 20.0), (11, 14.0, 20.0)]


def test_alone_a_file_whose_top_answer_is_4_is_assumed_on_4_and_says_so(con, tmp_path):
    november = _survey(tmp_path / "enquete_novembre.csv", 11, ["3", "4", "4", "3"])
    plan = prepare_import(con, november, CONFIG.organisation, kind="survey_answers", today=TODAY)
    assert (
        f"« {QUESTION} » : échelle supposée sur 4 : précisez « note sur 4 » dans l'en-tête si ce "
        "n'est pas le cas"
    ) in plan.notes
    assert plan.records["scale_max"].tolist() == [4.0, 4.0, 4.0, 4.0]


def test_five_level_labels_with_a_neutral_middle_are_read_on_5(con, tmp_path):
    labels = [
        "Très satisfait",
        "Plutôt satisfait",
        "Ni satisfait ni insatisfait",
        "Plutôt insatisfait",
        "Très insatisfait",
    ]
    # Four answers of each label: a column of a few labels repeated reads as answers.
    five = _survey(tmp_path / "e5.csv", 10, labels * 4)
    load(con, CONFIG, five, today=TODAY, kind="survey_answers")
    assert con.execute(
        "SELECT score, scale_max, count(*) FROM survey_answers GROUP BY ALL ORDER BY 1 DESC"
    ).fetchall() == [(5.0, 5.0, 4), (4.0, 5.0, 4), (3.0, 5.0, 4), (2.0, 5.0, 4), (1.0, 5.0, 4)]
    con.execute("DELETE FROM survey_answers")
    four = ["Très satisfait", "Plutôt satisfait", "Plutôt insatisfait", "Très insatisfait"]
    load(
        con, CONFIG, _survey(tmp_path / "e4.csv", 11, four * 4), today=TODAY, kind="survey_answers"
    )
    assert con.execute(
        "SELECT score, scale_max, count(*) FROM survey_answers GROUP BY ALL ORDER BY 1 DESC"
    ).fetchall() == [(4.0, 4.0, 4), (3.0, 4.0, 4), (2.0, 4.0, 4), (1.0, 4.0, 4)]
