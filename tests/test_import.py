"""Import: recognition, validation, all-or-nothing, no double counting, undo."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.ingest.batches import commit_import
from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.prepare import prepare_import
from qualiboard.ingest.undo import list_batches, undo_import
from qualiboard.views.import_file import problems as recognition_problems
from qualiboard.views.import_file import recognition
from tests.conftest import ROOT, make_config
from tests.helpers import fr, load, write_csv, write_xlsx

D = dt.date
CONFIG = make_config()
TODAY = D(2026, 11, 3)
REPORT_HEADER = [
    "N° signalement",
    "Date du signalement",
    "Date de prise en compte",
    "Date de fin d'intervention",
    "Catégorie",
    "Statut",
    "Service",
]


def snapshot(con) -> dict[str, list]:
    """Every table that an import touches, sorted, for before/after comparisons."""
    tables = {}
    for kind in SOURCE_KINDS:
        for table in (kind, f"{kind}_history"):
            tables[table] = sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
    tables["import_batches"] = con.execute(
        "SELECT batch_id, status FROM import_batches ORDER BY 1"
    ).fetchall()
    return tables


def test_cp1252_semicolon_csv_with_title_rows_and_personal_columns(con, tmp_path):
    path = write_csv(
        tmp_path / "registre_courrier.csv",
        ["N° chrono", "Date d'arrivée", "Date de réponse", "Service", "Nom", "Adresse", "Objet"],
        [
            ["1", "02/02/2026", "10/02/2026", "Etat civil", "Dupont", "3 rue X", "Acte"],
            ["2", "03/02/26", "", "ETAT CIVIL ", "Durand", "5 rue Y", "Acte"],
            ["3", "2026-02-04", "05/02/2026", "État-civil", "Martin", "1 rue Z", "Acte"],
            ["Total", "3", "", "", "", "", ""],
        ],
        encoding="cp1252",
        titles=["Registre du courrier", "Export du 03/03/2026"],
    )
    plan = prepare_import(con, path, CONFIG.organisation, today=TODAY)
    assert plan.kind == "correspondence"
    assert plan.mapping.columns == {
        "reference": "N° chrono",
        "received_on": "Date d'arrivée",
        "answered_on": "Date de réponse",
        "service": "Service",
    }
    assert plan.dropped_personal == ["Nom", "Adresse"]
    assert plan.total_rows_dropped == 1
    result = commit_import(con, plan)
    # The « Total » line is set aside and counted, not silently dropped.
    assert (result.inserted, result.rejected) == (3, 1)
    assert result.account.rows["total"] == [result.account.rows["total"][0]]
    rows = con.execute(
        "SELECT reference, received_on, answered_on, service, source_row "
        "FROM correspondence ORDER BY reference"
    ).fetchall()
    assert rows == [
        ("1", D(2026, 2, 2), D(2026, 2, 10), "État civil", 4),
        ("2", D(2026, 2, 3), None, "État civil", 5),
        ("3", D(2026, 2, 4), D(2026, 2, 5), "État civil", 6),
    ]
    columns = [r[0] for r in con.execute("DESCRIBE correspondence").fetchall()]
    assert not {"nom", "adresse", "objet"} & {c.lower() for c in columns}


def test_xlsx_with_real_dates_tab_csv_and_utf8_bom(con, tmp_path):
    xlsx = write_xlsx(
        tmp_path / "signalements.xlsx",
        REPORT_HEADER,
        [
            [
                "S1",
                dt.datetime(2026, 3, 2),
                dt.datetime(2026, 3, 2),
                dt.datetime(2026, 3, 5),
                "Voirie",
                "Traité",
                "Urbanisme",
            ]
        ],
        titles=["Export", None],
    )
    assert load(con, CONFIG, xlsx).inserted == 1
    tsv = write_csv(
        tmp_path / "enquete.csv",
        ["Date", "Service", "Question", "Note"],
        [["02/03/2026", "CCAS", "Globalement, êtes-vous satisfait ?", "4/5"]],
        sep="\t",
        encoding="utf-8-sig",
    )
    plan = prepare_import(con, tsv, CONFIG.organisation, today=TODAY)
    assert plan.kind == "survey_answers"
    commit_import(con, plan)
    assert con.execute("SELECT score, scale_max, service FROM survey_answers").fetchall() == [
        (4.0, 5.0, "CCAS")
    ]


def test_wide_survey_export_is_unpivoted_and_incomplete_answers_kept_or_set_aside(con, tmp_path):
    path = write_csv(
        tmp_path / "limesurvey.csv",
        [
            "id",
            "submitdate",
            "lastpage",
            "Service",
            "Globalement, êtes-vous satisfait ?",
            "Accueil [Courtoisie]",
            "Commentaire",
        ],
        [
            ["1", "2026-03-02 10:00:00", "3", "CCAS", "Très satisfait", "Satisfait", "Merci"],
            ["2", "", "1", "CCAS", "Peu satisfait", "", ""],
            ["3", "2026-03-03 11:00:00", "3", "CCAS", "Sans avis", "Pas du tout satisfait", ""],
        ],
        sep=",",
    )
    plan = prepare_import(con, path, CONFIG.organisation, today=TODAY)
    assert plan.kind == "survey_answers"
    assert plan.mapping.questions == ["Globalement, êtes-vous satisfait ?", "Accueil [Courtoisie]"]
    assert plan.incomplete_responses == 1
    assert (
        "1 réponse non terminée (sans date de soumission) : conservée avec ses réponses, datée "
        "par un autre horodatage du fichier ou, à défaut, par sa date la plus récente (fichier "
        "d'un seul mois)"
    ) in plan.notes
    commit_import(con, plan)
    answers = con.execute(
        "SELECT respondent, answered_on, question, score FROM survey_answers "
        "ORDER BY respondent, question"
    ).fetchall()
    # The unfinished response keeps its answer, dated by the file's latest date.
    assert answers == [
        ("1", D(2026, 3, 2), "Accueil [Courtoisie]", 3.0),
        ("1", D(2026, 3, 2), "Globalement, êtes-vous satisfait ?", 4.0),
        ("2", D(2026, 3, 3), "Globalement, êtes-vous satisfait ?", 2.0),
        ("3", D(2026, 3, 3), "Accueil [Courtoisie]", 1.0),
    ]
    undo_import(con, 1)
    plan = prepare_import(con, path, CONFIG.organisation, today=TODAY, set_aside_incomplete=True)
    assert plan.incomplete_responses == 1
    assert (
        "1 réponse non terminée (sans date de soumission) : écartée à votre demande" in plan.notes
    )
    commit_import(con, plan)
    assert con.execute("SELECT DISTINCT respondent FROM survey_answers ORDER BY 1").fetchall() == [
        ("1",),
        ("3",),
    ]


def test_errors_name_file_row_column_and_value_and_refuse_the_file(con, tmp_path):
    load(
        con,
        CONFIG,
        write_csv(
            tmp_path / "ok.csv",
            REPORT_HEADER,
            [["S0", "01/03/2026", "", "", "Voirie", "En cours", "CCAS"]],
        ),
    )
    before = snapshot(con)
    path = write_csv(
        tmp_path / "signalements.csv",
        REPORT_HEADER,
        [
            ["S1", "02/03/2026", "", "01/03/2026", "Voirie", "Traité", "CCAS"],  # end before start
            ["S2", "32/03/2026", "", "", "Voirie", "En cours", "CCAS"],  # unreadable date
            ["S3", "", "", "", "Voirie", "En cours", "CCAS"],  # required missing
            ["S4", "02/03/2099", "", "", "Voirie", "En cours", "CCAS"],  # future
            ["S5", "03/03/2026", "", "", "Voirie", "Traité", "CCAS"],  # warning only
        ],
    )
    plan = prepare_import(con, path, CONFIG.organisation, today=TODAY)
    messages = [p.describe(plan.file_name) for p in plan.errors]
    assert messages == [
        "fichier « signalements.csv », ligne 3, colonne « Date du signalement » : date illisible "
        "(format attendu : jj/mm/aaaa) (valeur : « 32/03/2026 »)",
        "fichier « signalements.csv », ligne 5, colonne « Date du signalement » : date dans le "
        "futur (valeur : « 02/03/2099 »)",
        "fichier « signalements.csv », ligne 4, colonne « Date du signalement » : valeur "
        "obligatoire manquante",
        "fichier « signalements.csv », ligne 2, colonne « Date de fin d'intervention » : date "
        "antérieure à la date du signalement (valeur : « 01/03/2026 »)",
    ]
    assert [w.row for w in plan.warnings] == [6]
    with pytest.raises(ImportRefused):
        commit_import(con, plan)
    assert snapshot(con) == before
    result = commit_import(con, plan, valid_rows_only=True)
    assert (result.inserted, result.rejected, result.warnings) == (1, 4, 1)
    assert con.execute("SELECT reference FROM reports ORDER BY 1").fetchall() == [("S0",), ("S5",)]


def test_same_file_twice_adds_nothing(con, tmp_path):
    path = write_csv(
        tmp_path / "s.csv",
        REPORT_HEADER,
        [["S1", "02/03/2026", "", "", "Voirie", "En cours", "CCAS"]],
    )
    first = load(con, CONFIG, path)
    second = load(con, CONFIG, path)
    assert second.already_imported and second.batch_id == first.batch_id
    assert "déjà importé" in second.summary()
    assert con.execute("SELECT count(*) FROM reports").fetchall()[0][0] == 1


def year_to_date(tmp_path, month: int) -> list:
    """A report app's year-to-date export at the end of `month` (1..3)."""
    rows = []
    for number, reported in enumerate(
        [D(2026, 1, 5), D(2026, 1, 20), D(2026, 2, 10), D(2026, 3, 3)]
    ):
        if reported.month > month:
            continue
        done = D(2026, reported.month, 25)
        treated = done.month < month or (done.month == month)
        if number == 1:
            treated = month >= 3  # treated only in March
            done = D(2026, 3, 2)
        rows.append(
            [
                f"S{number}",
                fr(reported),
                fr(reported),
                fr(done) if treated else "",
                "Voirie",
                "Traité" if treated else "En cours",
                "CCAS",
            ]
        )
    return write_csv(tmp_path / f"export_2026-{month:02d}.csv", REPORT_HEADER, rows)


def test_year_to_date_sequence_updates_by_reference_and_undo_restores(con, tmp_path):
    states = []
    results = []
    for month in (1, 2, 3):
        states.append(snapshot(con))
        results.append(load(con, CONFIG, year_to_date(tmp_path, month)))
    assert [(r.inserted, r.updated, r.unchanged) for r in results] == [
        (2, 0, 0),
        (1, 0, 2),
        (1, 1, 2),
    ]
    rows = con.execute("SELECT reference, status, resolved_on FROM reports ORDER BY 1").fetchall()
    assert rows == [
        ("S0", "traité", D(2026, 1, 25)),
        ("S1", "traité", D(2026, 3, 2)),
        ("S2", "traité", D(2026, 2, 25)),
        ("S3", "traité", D(2026, 3, 25)),
    ]
    # Undo the March export: February's state comes back exactly, overwritten rows included.
    with pytest.raises(ValueError, match="annulez d'abord"):
        undo_import(con, results[1].batch_id)
    undo_import(con, results[2].batch_id)
    assert snapshot(con)["reports"] == states[2]["reports"]
    assert snapshot(con)["reports_history"] == states[2]["reports_history"]
    undo_import(con, results[1].batch_id)
    assert snapshot(con)["reports"] == states[1]["reports"]
    batches = list_batches(con)
    assert list(batches["status"]) == ["annulé", "annulé", "importé"]


def test_without_reference_the_period_is_replaced(con, tmp_path):
    header = ["Date", "Service", "Temps d'attente"]
    january = write_csv(
        tmp_path / "guichet_1.csv",
        header,
        [["05/01/2026", "CCAS", "00:05:00"], ["06/01/2026", "CCAS", "00:12:00"]],
    )
    load(con, CONFIG, january)
    again = write_csv(
        tmp_path / "guichet_2.csv",
        header,
        [
            ["05/01/2026", "CCAS", "00:05:00"],
            ["06/01/2026", "CCAS", "00:12:00"],
            ["07/01/2026", "CCAS", "00:01:00"],
            ["02/02/2026", "CCAS", "00:03:00"],
        ],
    )
    plan = prepare_import(con, again, CONFIG.organisation, today=TODAY)
    assert plan.mode == "period" and plan.rows_to_replace == 2
    assert any("seront remplacées" in n for n in plan.notes)
    result = commit_import(con, plan)
    assert (result.inserted, result.replaced) == (4, 2)
    assert con.execute("SELECT count(*), sum(wait_minutes) FROM counter_visits").fetchall() == [
        (4, 21.0)
    ]
    undo_import(con, result.batch_id)
    assert con.execute("SELECT count(*), sum(wait_minutes) FROM counter_visits").fetchall() == [
        (2, 17.0)
    ]


def test_phone_statistics_upsert_by_period_and_service(con, tmp_path):
    header = ["Mois", "Service", "Appels présentés", "Appels décrochés", "Taux"]
    first = write_csv(
        tmp_path / "tel_1.csv", header, [["01/01/2026", "CCAS", "100", "80", "80,0 %"]]
    )
    second = write_csv(
        tmp_path / "tel_2.csv",
        header,
        [["01/01/2026", "CCAS", "120", "90", "75 %"], ["01/02/2026", "CCAS", "1 200", "1 000", ""]],
    )
    load(con, CONFIG, first)
    result = load(con, CONFIG, second)
    assert (result.inserted, result.updated) == (1, 1)
    assert con.execute(
        "SELECT sum(calls_received), sum(calls_answered) FROM phone_calls"
    ).fetchall() == [(1320.0, 1090.0)]


def test_unknown_file_is_refused_in_french(con, tmp_path):
    path = write_csv(tmp_path / "divers.csv", ["Couleur", "Taille"], [["rouge", "12"]])
    with pytest.raises(ImportRefused, match="type de données non reconnu"):
        prepare_import(con, path, CONFIG.organisation, today=TODAY)
    garbage = tmp_path / "binaire.csv"
    garbage.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(ImportRefused, match="contenu binaire"):
        prepare_import(con, garbage, CONFIG.organisation, today=TODAY)
    broken = tmp_path / "casse.xlsx"
    broken.write_bytes(b"PK\x03\x04 pas vraiment un classeur")
    with pytest.raises(ImportRefused, match="illisible ou endommagé"):
        prepare_import(con, broken, CONFIG.organisation, today=TODAY)


def test_mapping_file_and_saved_profile(con, tmp_path):
    header = ["Quand", "Bureau", "Minutes"]
    path = write_csv(tmp_path / "export_outil.csv", header, [["05/01/2026", "CCAS", "3"]])
    mapping = tmp_path / "correspondance.yaml"
    mapping.write_text(
        "kind: counter_visits\ncolumns:\n  visited_on: Quand\n  service: Bureau\n"
        "  wait_minutes: Minutes\n",
        encoding="utf-8",
    )
    from qualiboard.ingest.mapping_files import load_mapping_file

    plan = prepare_import(
        con, path, CONFIG.organisation, mapping=load_mapping_file(mapping, None), today=TODAY
    )
    commit_import(con, plan, save_profile_as="Outil de file d'attente")
    next_month = write_csv(tmp_path / "export_outil_02.csv", header, [["05/02/2026", "CCAS", "4"]])
    recognised = prepare_import(con, next_month, CONFIG.organisation, today=TODAY)
    assert recognised.profile_name == "Outil de file d'attente"
    assert recognised.kind == "counter_visits"


def test_cli_import_exit_codes_and_french_summary(tmp_path):
    good = write_csv(
        tmp_path / "s.csv",
        REPORT_HEADER,
        [["S1", "02/03/2026", "", "", "Voirie", "En cours", "CCAS"]],
    )
    bad = write_csv(
        tmp_path / "bad.csv",
        REPORT_HEADER,
        [["S1", "32/03/2026", "", "", "Voirie", "En cours", "CCAS"]],
    )
    db = tmp_path / "cli.duckdb"
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "qualiboard", *args, "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    ok = run("import", str(good))
    assert ok.returncode == 0, ok.stderr
    assert "1 ligne lue : 1 ajoutée, 0 mises à jour, 0 inchangées, 0 écartées" in ok.stdout
    refused = run("import", str(bad))
    assert refused.returncode == 1
    assert "ligne 2, colonne « Date du signalement » : date illisible" in refused.stderr
    many = write_csv(
        tmp_path / "many.csv",
        REPORT_HEADER,
        [[f"S{i}", "32/03/2026", "", "", "Voirie", "En cours", "CCAS"] for i in range(250)],
    )
    refused = run("import", str(many))
    assert refused.returncode == 1
    assert "250 erreurs : fichier refusé" in refused.stderr
    assert refused.stderr.count("date illisible") == 200
    assert refused.stderr.rstrip().endswith("… et 50 autres")
    assert run("import").returncode == 2
    listing = run("imports")
    assert "s.csv" in listing.stdout
    undo = run("undo", "1")
    assert undo.returncode == 0 and "annulé" in undo.stdout


def test_uploads_are_kept_by_content_and_problems_listed_for_the_page(con, tmp_path):
    from qualiboard.ingest.uploads import store_upload

    data = "N° chrono;Date d'arrivée\nC1;32/01/2026\nC2;05/01/2026\n".encode()
    first = store_upload("courriers.csv", data)
    assert store_upload("courriers.csv", data) == first
    assert first.read_bytes() == data
    plan = prepare_import(con, first, CONFIG.organisation, today=TODAY)
    errors = plan.problems_table("erreur")
    assert list(errors.columns) == ["Ligne", "Colonne", "Valeur", "Problème"]
    assert errors.iloc[0][["Ligne", "Colonne", "Valeur"]].tolist() == [
        2,
        "Date d'arrivée",
        "32/01/2026",
    ]


def test_large_export_counts_every_problem_and_never_merges_distinct_rows(con, tmp_path):
    """20,000 letters, long enough for the fast paths (sampled distinct values, Arrow text):
    every warning is counted though only the first 10,000 are listed. Two numbers written twice
    with other contents: the column is no reference, and every row is a record (issue 11)."""
    header = ["N° courrier", "Date de réception", "Date d'accusé", "Date de réponse", "Service"]
    rows = []
    for i in range(20_000):
        received = D(2026, 1, 1) + dt.timedelta(days=i % 300)
        # Acknowledged three days after the answer: a warning on every line.
        ack, answered = received + dt.timedelta(days=5), received + dt.timedelta(days=2)
        rows.append([f"  C{i:05d} ", fr(received), fr(ack), fr(answered), "Etat civil"])
    rows.append(["C00000", "01/01/2026", "", "02/01/2026", "Urbanisme"])
    rows.append(["C00001", "02/01/2026", "", "03/01/2026", "Urbanisme"])
    path = write_csv(tmp_path / "registre.csv", header, rows)
    plan = prepare_import(con, path, CONFIG.organisation, today=TODAY)
    assert plan.mapping.columns["acknowledged_on"] == "Date d'accusé"
    assert plan.warning_count == 20_000 and len(plan.warnings) == 10_000
    assert plan.listed_note("avertissement") == " Les 10\u202f000 premiers sont listés ci-dessous."
    first = plan.warnings[0]
    assert (first.row, first.column, first.value) == (2, "Date d'accusé", "06/01/2026")
    assert any("n'est pas une référence (2 valeurs répétées" in n for n in plan.notes)
    result = commit_import(con, plan)
    assert (result.inserted, result.warnings) == (20_002, 20_000)
    stored = con.execute(
        "SELECT reference, service, source_row, answered_on FROM correspondence "
        "WHERE reference IN ('C00000', 'C19999') ORDER BY 1, 3"
    ).fetchall()
    assert stored == [
        ("C00000", "État civil", 2, D(2026, 1, 3)),
        ("C00000", "Urbanisme", 20_002, D(2026, 1, 2)),
        ("C19999", "État civil", 20_001, D(2026, 1, 1) + dt.timedelta(days=199 + 2)),
    ]
    # Row ids carry the batch number: unique within and across imports.
    again = write_csv(tmp_path / "suite.csv", header, [["C20000", "05/10/2026", "", "", "CCAS"]])
    second = load(con, CONFIG, again)
    ids = con.execute(
        "SELECT row_id >> 32, count(*), count(DISTINCT row_id) FROM correspondence "
        "GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert ids == [(result.batch_id, 20_002, 20_002), (second.batch_id, 1, 1)]


def test_garbage_collector_paused_during_an_import_and_back_after(con, tmp_path):
    import gc
    import threading

    from qualiboard.ingest.gcpause import collector_paused

    seen = []
    path = write_csv(
        tmp_path / "c.csv", ["N° courrier", "Date de réception"], [["C1", "05/01/2026"]]
    )
    with collector_paused():
        seen.append(gc.isenabled())
        # Another session importing at the same time leaves it paused until both are done.
        other = threading.Thread(target=lambda: load(con.cursor(), CONFIG, path))
        other.start()
        other.join()
        seen.append(gc.isenabled())
    seen.append(gc.isenabled())
    assert seen == [False, False, True]
    with pytest.raises(ImportRefused):
        prepare_import(con, tmp_path / "absent.csv", CONFIG.organisation)
    assert gc.isenabled()


def test_undated_unfinished_responses_of_a_multi_month_file_are_set_aside_and_counted(
    con, tmp_path
):
    # Dating them at the file's latest date would pile January's unfinished responses into March.
    path = write_csv(
        tmp_path / "limesurvey_trimestre.csv",
        ["id", "submitdate", "lastpage", "Service", "Globalement, êtes-vous satisfait ?"],
        [
            ["1", "2026-01-12 10:00:00", "3", "CCAS", "Très satisfait"],
            ["2", "", "1", "CCAS", "Peu satisfait"],
            ["3", "", "1", "CCAS", "Pas du tout satisfait"],
            ["4", "2026-03-03 11:00:00", "3", "CCAS", "Satisfait"],
        ],
        sep=",",
    )
    plan = prepare_import(con, path, CONFIG.organisation, today=TODAY)
    assert (plan.incomplete_responses, plan.undated_incomplete) == (2, 2)
    assert (
        "2 réponses non terminées (sans date de soumission) : écartées, car aucune date ne permet "
        "de les rattacher à un mois et le fichier couvre plusieurs mois"
    ) in plan.notes
    # Set aside in any case: the page offers no choice to set them aside.
    assert recognition(plan, path.name).incomplete is None
    commit_import(con, plan)
    assert con.execute(
        "SELECT respondent, answered_on FROM survey_answers ORDER BY 1"
    ).fetchall() == [("1", D(2026, 1, 12)), ("4", D(2026, 3, 3))]


def test_cli_refuses_workbooks_of_absurd_dimensions_with_exit_code_1(tmp_path):
    """Issue 11: the process that reads them survives, says why in French, exits with 1."""
    from tests.integrity import cells_xlsx, wide_csv

    files = {
        "deux_cellules.xlsx": cells_xlsx({"A1": "x", "XFD1048576": "y"}),
        "dimension.xlsx": cells_xlsx({"A1": "x"}, dimension="A1:XFD1048576"),
        "colonnes.csv": wide_csv(200_000),
    }
    for name, write in files.items():
        write(tmp_path / name)
    done = subprocess.run(
        [sys.executable, "-m", "qualiboard", "import", *(str(tmp_path / n) for n in files)]
        + ["--db", str(tmp_path / "cli.duckdb")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 1
    for name in files:
        assert f"REFUSÉ — fichier « {name} »" in done.stderr
    assert done.stderr.count("dimensions anormales") == 3


def test_negative_waits_and_call_counts_are_set_aside_but_a_typed_in_result_may_be_negative(
    con, tmp_path
):
    waits = write_csv(
        tmp_path / "guichet.csv",
        ["Date", "Service", "Temps d'attente (min)"],
        [["05/01/2026", "CCAS", "4"], ["06/01/2026", "CCAS", "-3"], ["07/01/2026", "CCAS", "6"]],
    )
    plan = prepare_import(con, waits, CONFIG.organisation, today=TODAY)
    assert [p.describe(plan.file_name) for p in plan.errors] == [
        "fichier « guichet.csv », ligne 3, colonne « Temps d'attente (min) » : durée négative "
        "(une attente ne peut pas l'être) (valeur : « -3 »)"
    ]
    result = commit_import(con, plan, valid_rows_only=True)
    assert (result.inserted, result.rejected) == (2, 1)
    assert con.execute("SELECT sum(wait_minutes) FROM counter_visits").fetchone() == (10.0,)
    negative_allowed = {
        (kind.name, f.name)
        for kind in SOURCE_KINDS.values()
        for f in kind.fields
        if f.may_be_negative
    }
    assert negative_allowed == {("measurements", "value")}


def test_an_export_tools_footer_is_set_aside_counted_and_gives_the_data_date(con, tmp_path):
    rows = [
        ["CR-1", "05/10/2026", "07/10/2026", "Accueil", "Courrier"],
        ["CR-2", "06/10/2026", "", "Accueil", "Courrier"],
        ["CR-3", "", "", "", ""],  # a record that lost its cells: an error, not a footer
        [None],
        ["Nombre de lignes : 3"],
        ["Extraction du 20/10/2026 par le service courrier"],
    ]
    path = write_xlsx(
        tmp_path / "registre.xlsx",
        ["Référence", "Date de réception", "Date de réponse", "Service", "Canal"],
        rows,
    )
    plan = prepare_import(con, path, CONFIG.organisation, kind="correspondence", today=TODAY)
    assert plan.set_aside["footer"] == [6, 7]
    assert plan.set_aside["blank"] == [5]
    assert [(p.row, p.message) for p in plan.errors] == [(4, "valeur obligatoire manquante")]
    assert (plan.as_of.day, plan.as_of.origin) == (
        dt.date(2026, 10, 20),
        "pied de tableau « Extraction du 20/10/2026 par le service courrier »",
    )
    result = commit_import(con, plan, valid_rows_only=True)
    assert result.account.sentence() == (
        "6 lignes lues : 2 ajoutées, 0 mises à jour, 0 inchangées, 4 écartées — "
        "1 en erreur (ligne 4) ; 2 lignes de pied de tableau (lignes 6, 7) ; 1 ligne vide (ligne 5)"
    )


def test_utf8_file_with_a_bom_and_one_windows_byte_keeps_its_accents(con, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(
        "\ufeffRéférence;Date de réception;Date de réponse;Service;Canal\n"
        "CR-1;05/10/2026;07/10/2026;État civil;Courrier\n".encode()
        + b"CR-2;06/10/2026;;Urbanisme \x96 PC;Courrier\n"
    )
    load(con, CONFIG, path, kind="correspondence")
    assert con.execute("SELECT reference, service FROM correspondence ORDER BY 1").fetchall() == [
        ("CR-1", "État civil"),
        ("CR-2", "Urbanisme – PC"),
    ]


def test_a_record_whose_first_cell_is_a_total_word_but_has_its_own_date_is_data(con, tmp_path):
    path = write_csv(
        tmp_path / "guichet.csv",
        ["Service", "Date", "Temps d'attente (min)"],
        [
            ["Ensemble", "05/01/2026", "4"],  # a desk called « Ensemble »
            ["CCAS", "06/01/2026", "6"],
            ["Total", "2", "10"],  # a count under the date header: a total line
        ],
    )
    plan = prepare_import(con, path, CONFIG.organisation, kind="counter_visits", today=TODAY)
    assert plan.set_aside["total"] == [4]
    result = commit_import(con, plan)
    assert result.inserted == 2
    assert con.execute(
        "SELECT service, wait_minutes FROM counter_visits ORDER BY 1"
    ).fetchall() == [
        ("CCAS", 6.0),
        ("Ensemble", 4.0),
    ]


def test_a_first_cell_total_followed_by_a_month_or_a_name_is_a_total_not_a_bad_date(con, tmp_path):
    """« Total octobre 2026 » under a period header, « Sous-total : CCAS » under a reference: the
    sub-total lines of a register kept by hand are set aside, not a file refused for an
    unreadable date; « TOTAL-2026-001 » stays a reference."""
    calls = write_csv(
        tmp_path / "standard.csv",
        ["Période", "Service", "Appels présentés", "Appels décrochés"],
        [
            ["Octobre 2026", "Accueil", "1200", "1100"],
            ["Octobre 2026", "CCAS", "300", "250"],
            ["Total Octobre 2026", "", "1500", "1350"],
            ["Novembre 2026", "Accueil", "800", "700"],
            ["Cumul", "", "2300", "2050"],
        ],
    )
    plan = prepare_import(con, calls, CONFIG.organisation, kind="phone_calls", today=TODAY)
    assert plan.set_aside["total"] == [4, 6]
    assert commit_import(con, plan).inserted == 3
    assert con.execute("SELECT sum(calls_received) FROM phone_calls").fetchone() == (2300,)
    letters = write_csv(
        tmp_path / "registre.csv",
        ["N° chrono", "Date de réception", "Date de réponse", "Service"],
        [
            ["TOTAL-2026-001", "02/10/2026", "05/10/2026", "CCAS"],
            ["2", "03/10/2026", "06/10/2026", "CCAS"],
            ["Sous-total : CCAS", "", "", ""],
        ],
    )
    plan = prepare_import(con, letters, CONFIG.organisation, kind="correspondence", today=TODAY)
    assert plan.set_aside["total"] == [4]
    commit_import(con, plan)
    assert sorted(r for (r,) in con.execute("SELECT reference FROM correspondence").fetchall()) == [
        "2",
        "TOTAL-2026-001",
    ]


def test_forms_survey_with_one_numeric_score_column_per_question_keeps_every_question(
    con, tmp_path
):
    path = write_xlsx(
        tmp_path / "reponses_forms.xlsx",
        ["Horodateur", "Accueil (note sur 5)", "Attente (note sur 5)", "Note globale (sur 10)"],
        [
            [dt.datetime(2026, 6, 1, 9), 4, 3, 8],
            [dt.datetime(2026, 6, 2, 9), 2, 4, 7],
            [dt.datetime(2026, 6, 3, 9), 4, 6, 9],  # 6 on a scale of 5: an error
        ],
    )
    plan = prepare_import(con, path, CONFIG.organisation, kind="survey_answers", today=TODAY)
    assert "score" not in plan.mapping.columns
    assert plan.mapping.questions == [
        "Accueil (note sur 5)",
        "Attente (note sur 5)",
        "Note globale (sur 10)",
    ]
    assert [(p.row, p.column) for p in plan.errors] == [(4, "Attente (note sur 5)")]
    commit_import(con, plan, valid_rows_only=True)
    assert con.execute(
        "SELECT question, count(*), sum(score), max(scale_max) FROM survey_answers "
        "GROUP BY 1 ORDER BY 1"
    ).fetchall() == [
        ("Accueil (note sur 5)", 2, 6.0, 5.0),
        ("Attente (note sur 5)", 2, 7.0, 5.0),
        ("Note globale (sur 10)", 2, 15.0, 10.0),
    ]


def test_an_answer_the_same_day_is_no_earlier_than_a_request_with_its_hour(con, tmp_path):
    path = write_csv(
        tmp_path / "courrier.csv",
        ["Référence", "Date et heure de réception", "Date de réponse", "Service"],
        [
            ["C1", "01/10/2026 09:30", "01/10/2026", "CCAS"],
            ["C2", "02/10/2026 14:00", "01/10/2026", "CCAS"],  # really before: an error
        ],
    )
    plan = prepare_import(con, path, CONFIG.organisation, kind="correspondence", today=TODAY)
    assert [(p.row, p.column) for p in plan.errors] == [(3, "Date de réponse")]
    assert commit_import(con, plan, valid_rows_only=True).inserted == 1


def test_a_criterion_that_did_not_apply_is_set_aside_as_no_answer_not_an_error(con, tmp_path):
    path = write_csv(
        tmp_path / "appels_mysteres.csv",
        ["Date de l'évaluation", "Service", "Critère", "Résultat"],
        [
            ["01/10/2026", "État civil", "Décroché avant 5 sonneries", "Conforme"],
            ["01/10/2026", "État civil", "Réponse exacte", "Sans objet"],
            ["02/10/2026", "État civil", "Décroché avant 5 sonneries", "Non conforme"],
        ],
    )
    plan = prepare_import(con, path, CONFIG.organisation, kind="mystery_checks", today=TODAY)
    assert plan.errors == []
    result = commit_import(con, plan)
    assert result.account.sentence() == (
        "3 lignes lues : 2 ajoutées, 0 mises à jour, 0 inchangées, 1 écartée — "
        "1 sans aucune note (ligne 3)"
    )
    assert con.execute(
        "SELECT criterion, score FROM mystery_checks ORDER BY source_row"
    ).fetchall() == [("Décroché avant 5 sonneries", 1.0), ("Décroché avant 5 sonneries", 0.0)]


def test_a_header_stating_hh_mm_reads_0_05_as_five_minutes(con, tmp_path):
    path = write_csv(
        tmp_path / "attentes.csv",
        ["Date", "Temps d'attente (hh:mm)", "Service"],
        [["01/10/2026", "0:05", "Accueil"], ["02/10/2026", "1:10", "Accueil"]],
    )
    load(con, CONFIG, path, kind="counter_visits")
    assert con.execute("SELECT wait_minutes FROM counter_visits ORDER BY 1").fetchall() == [
        (5.0,),
        (70.0,),
    ]


def test_a_header_stating_seconds_or_hours_converts_to_minutes_and_says_so(con, tmp_path):
    seconds = write_csv(
        tmp_path / "file_attente.csv",
        ["Date", "Temps d'attente (secondes)", "Service"],
        [["01/10/2026", "300", "Accueil"], ["02/10/2026", "1200", "Accueil"]],
    )
    plan = prepare_import(con, seconds, CONFIG.organisation, kind="counter_visits", today=TODAY)
    assert (
        "colonne « Temps d'attente (secondes) » : durées en secondes, converties en minutes"
        in plan.notes
    )
    commit_import(con, plan)
    hours = write_csv(
        tmp_path / "attente_heures.csv",
        ["Date", "Durée d'attente (heures)", "Service"],
        [["03/10/2026", "1,5", "CCAS"]],
    )
    load(con, CONFIG, hours, kind="counter_visits")
    assert con.execute("SELECT wait_minutes FROM counter_visits ORDER BY 1").fetchall() == [
        (5.0,),
        (20.0,),
        (90.0,),
    ]


def test_two_number_durations_without_a_stated_unit_are_minutes_seconds_and_said(con, tmp_path):
    """« 0:12 » may be twelve seconds or twelve minutes: read as minutes:seconds, as before, and
    the import says so and how to state hours:minutes; « (min:sec) » states it already."""
    path = write_csv(
        tmp_path / "attentes.csv",
        ["Date", "Attente", "Service"],
        [["01/10/2026", "00:12", "Accueil"], ["02/10/2026", "01:30", "Accueil"]],
    )
    plan = prepare_import(con, path, CONFIG.organisation, kind="counter_visits", today=TODAY)
    assert (
        plan.notes.count(
            "colonne « Attente » : 2 durées à deux nombres lues en minutes:secondes "
            "(« 00:12 » = 0,20 min) ; si ce sont des heures:minutes, ajoutez « (hh:mm) » à l'en-tête "
            "et importez de nouveau"
        )
        == 1
    )
    commit_import(con, plan)
    stated = write_csv(
        tmp_path / "attentes_min_sec.csv",
        ["Date", "Temps d'attente (mm:ss)", "Service"],
        [["03/10/2026", "02:30", "CCAS"], ["04/10/2026", "04:00", "CCAS"]],
    )
    plan = prepare_import(con, stated, CONFIG.organisation, kind="counter_visits", today=TODAY)
    assert not [n for n in plan.notes if "minutes:secondes" in n or "converties" in n]
    commit_import(con, plan)
    # « (hh:mm:ss) » states nothing of « 0:12 »: its « mm:ss » hid the note (adversarial test).
    three_parts = write_csv(
        tmp_path / "attentes_hms.csv",
        ["Date", "Temps d'attente (hh:mm:ss)", "Service"],
        [["05/10/2026", "0:12", "CCAS"]],
    )
    plan = prepare_import(con, three_parts, CONFIG.organisation, kind="counter_visits", today=TODAY)
    assert [n for n in plan.notes if "1 durée à deux nombres lue en minutes:secondes" in n]
    assert con.execute("SELECT wait_minutes FROM counter_visits ORDER BY 1").fetchall() == [
        (0.2,),
        (1.5,),
        (2.5,),
        (4.0,),
    ]


def test_a_survey_question_naming_a_service_or_a_site_is_a_question_not_the_service(con, tmp_path):
    """« … la qualité de service ? » and « … le site internet ? » are questions: their answers
    are scores, never service or site names; « Quel service avez-vous contacté ? » is the
    service."""
    path = write_csv(
        tmp_path / "formulaire.csv",
        [
            "Horodateur",
            "Quel service avez-vous contacté ?",
            "Globalement, êtes-vous satisfait de la qualité de service ?",
            "Comment jugez-vous le site internet de la ville ?",
        ],
        [
            ["03/10/2026 14:22:11", "CCAS", "Très satisfait", "Peu satisfait"],
            ["04/10/2026 09:10:00", "CCAS", "Pas satisfait", "Satisfait"],
        ],
    )
    load(con, CONFIG, path, kind="survey_answers")
    assert con.execute(
        "SELECT question, service, site, score FROM survey_answers ORDER BY question, score"
    ).fetchall() == [
        ("Comment jugez-vous le site internet de la ville ?", "CCAS", None, 2.0),
        ("Comment jugez-vous le site internet de la ville ?", "CCAS", None, 3.0),
        ("Globalement, êtes-vous satisfait de la qualité de service ?", "CCAS", None, 1.0),
        ("Globalement, êtes-vous satisfait de la qualité de service ?", "CCAS", None, 4.0),
    ]


def test_calls_answered_are_those_an_agent_took_not_the_voice_menu(con, tmp_path):
    path = write_csv(
        tmp_path / "standard.csv",
        ["Date", "Service", "Appels présentés", "Appels traités (SVI)", "Appels traités (agent)"],
        [["01/10/2026", "Accueil", "1000", "400", "550"]],
    )
    plan = prepare_import(con, path, CONFIG.organisation, kind="phone_calls", today=TODAY)
    assert plan.mapping.columns["calls_answered"] == "Appels traités (agent)"
    commit_import(con, plan)
    assert con.execute("SELECT calls_received, calls_answered FROM phone_calls").fetchall() == [
        (1000, 550)
    ]


def test_a_letters_channel_is_brought_to_the_word_its_indicator_names(con, tmp_path):
    """« Lettre recommandée », « Papier » are letters, « Mél », « E-mail » e-mails: counted by
    the letters' and e-mails' engagements; « Note interne » is kept, and the import warns."""
    path = write_csv(
        tmp_path / "registre.csv",
        ["N° chrono", "Date de réception", "Date de réponse", "Type de courrier", "Service"],
        [
            ["1", "01/10/2026", "05/10/2026", "Lettre recommandée", "CCAS"],
            ["2", "02/10/2026", "05/10/2026", "Papier", "CCAS"],
            ["3", "03/10/2026", "05/10/2026", "Mél", "CCAS"],
            ["4", "04/10/2026", "05/10/2026", "E-mail", "CCAS"],
            ["5", "05/10/2026", "06/10/2026", "Formulaire web", "CCAS"],
            ["6", "06/10/2026", "07/10/2026", "Note interne", "CCAS"],
        ],
    )
    plan = prepare_import(con, path, CONFIG.organisation, kind="correspondence", today=TODAY)
    warned = [p for p in plan.problems if p.severity == "avertissement"]
    assert [(p.row, p.value) for p in warned] == [(7, "Note interne")]
    commit_import(con, plan)
    assert con.execute("SELECT channel FROM correspondence ORDER BY reference").fetchall() == [
        ("Courrier",),
        ("Courrier",),
        ("Courriel",),
        ("Courriel",),
        ("Formulaire en ligne",),
        ("Note interne",),
    ]


def test_an_unused_count_column_in_a_file_of_single_records_is_said(con, tmp_path):
    """A queue system's daily summary (« Nombre de passages » : 120) imported as visits counts
    one visit a row: the import says so, naming the column; phone statistics, counts by
    nature, are not concerned."""
    path = write_csv(
        tmp_path / "synthese.csv",
        ["Date", "Site", "Nombre de passages", "Attente moyenne (min)"],
        [["01/10/2026", "Mairie", "120", "6"], ["02/10/2026", "Mairie", "40", "14"]],
    )
    plan = prepare_import(con, path, CONFIG.organisation, kind="counter_visits", today=TODAY)
    assert [n for n in plan.notes if n.startswith("colonne « Nombre de passages »")] == [
        "colonne « Nombre de passages » non utilisée : chaque ligne compte ici pour un seul "
        "enregistrement (passages au guichet) ; si une ligne en résume plusieurs (une synthèse "
        "par jour ou par service), les chiffres seront faux : importez plutôt le détail"
    ]
    calls = write_csv(
        tmp_path / "standard.csv",
        ["Date", "Service", "Appels présentés", "Appels décrochés", "Nombre de postes"],
        [["01/10/2026", "Accueil", "1000", "550", "4"]],
    )
    plan = prepare_import(con, calls, CONFIG.organisation, kind="phone_calls", today=TODAY)
    assert not [n for n in plan.notes if "Nombre de postes" in n]


def test_the_same_file_again_without_references_is_not_said_to_replace_rows(con, tmp_path):
    """A survey export has no reference: imported again, it is « déjà importé », and the import
    does not first announce that its rows « seront remplacées »."""
    path = write_csv(
        tmp_path / "formulaire.csv",
        ["Horodateur", "Globalement, êtes-vous satisfait de l'accueil ?"],
        [["03/10/2026 14:22:11", "Très satisfait"], ["04/10/2026 09:10:00", "Pas satisfait"]],
    )
    load(con, CONFIG, path, kind="survey_answers")
    again = prepare_import(con, path, CONFIG.organisation, kind="survey_answers", today=TODAY)
    assert again.duplicate_of is not None
    assert not [n for n in again.notes if "seront remplacées" in n]
    assert commit_import(con, again).already_imported


def test_a_column_read_where_the_mapped_one_is_empty_is_named(con, tmp_path):
    path = write_csv(
        tmp_path / "registre.csv",
        ["Référence", "Date de réception", "Date de clôture", "Date de réponse", "Service"],
        [
            ["R1", "01/10/2026", "06/10/2026", "10/10/2026", "Accueil"],
            ["R2", "02/10/2026", "07/10/2026", "", "Accueil"],
        ],
    )
    plan = prepare_import(con, path, CONFIG.organisation, kind="correspondence", today=TODAY)
    assert (
        "colonne « Date de clôture » utilisée quand « Date de réponse » est vide (date de réponse)"
        in plan.notes
    )
    commit_import(con, plan)
    assert con.execute(
        "SELECT reference, answered_on FROM correspondence ORDER BY 1"
    ).fetchall() == [("R1", D(2026, 10, 10)), ("R2", D(2026, 10, 7))]


def test_one_late_reply_and_one_repeated_number_are_said_in_the_singular(con, tmp_path):
    header = ["N° courrier", "Date de réception", "Date de réponse", "Service"]
    rows = [[f"C{i}", "05/10/2026", "07/10/2026", "CCAS"] for i in range(1, 6)]
    rows.append(["C1", "05/10/2026", "08/10/2026", "Urbanisme"])  # the number, written twice
    rows.append(["C9", "02/10/2024", "06/10/2026", "CCAS"])  # answered 734 days later
    plan = prepare_import(
        con, write_csv(tmp_path / "registre.csv", header, rows), CONFIG.organisation, today=TODAY
    )
    assert any("n'est pas une référence (1 valeur répétée sur des lignes" in n for n in plan.notes)
    assert recognition_problems(plan).warning_text == (
        "1 avertissement : cette ligne sera importée et comptée en qualité des données."
    )
