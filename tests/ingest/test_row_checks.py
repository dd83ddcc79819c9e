"""Row checks an adversarial tester found missing (issue 27): a part above its whole, duplicated
columns, yes/no columns, implausible values. Each test fails without its fix and asserts values
counted by hand from its small file."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from qualiboard.cli import main
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.mapping import Mapping
from qualiboard.ingest.prepare import prepare_import
from qualiboard.present.export import french_csv_bytes, xlsx_bytes
from qualiboard.store.db import connect
from tests.conftest import make_config
from tests.helpers import load, write_csv, write_xlsx

CONFIG = make_config()
TODAY = dt.date(2026, 11, 20)


def _plan(con, path, kind=None, **kw):
    return prepare_import(con, path, CONFIG.organisation, kind=kind, today=TODAY, **kw)


# 1. A part above its whole ------------------------------------------------------------------

MEASURES = ["Indicateur", "Mois", "Service", "Valeur", "Conformes", "Contrôlés"]


def _measures(tmp_path):
    return write_csv(
        tmp_path / "mesures.csv",
        MEASURES,
        [
            ["formation_agents", "10/2026", "CCAS", "", "12", "10"],  # row 2: 12 of 10
            ["proprete_locaux", "10/2026", "CCAS", "", "4", "4"],  # row 3: all of them, fine
            ["signaletique", "10/2026", "CCAS", "", "-1", "3"],  # row 4: negative count
            ["formation_agents", "10/2026", "Urbanisme", "85", "", ""],  # row 5: a value
            ["proprete_locaux", "10/2026", "Urbanisme", "", "3", "0"],  # row 6: 3 of nothing
        ],
    )


def test_a_measure_whose_numerator_exceeds_its_denominator_is_refused_naming_both(con, tmp_path):
    path = _measures(tmp_path)
    plan = _plan(con, path, kind="measurements")
    assert plan.invalid_rows == {2, 4, 6}
    reasons = plan.account().details
    assert reasons[2] == (
        "colonne « Conformes » : numérateur (12) supérieur à « Contrôlés » (10) (valeur : « 12 »)"
    )
    assert reasons[6] == (
        "colonne « Conformes » : numérateur (3) supérieur à « Contrôlés » (0) (valeur : « 3 »)"
    )
    assert reasons[4].startswith("colonne « Conformes » : nombre négatif")
    # Row 4 also holds no usable figure (a second error): 4 errors on 3 rows. Without the
    # choice of importing the valid rows, nothing at all is written.
    with pytest.raises(ImportRefused, match="4 erreurs"):
        load(con, CONFIG, path, today=TODAY, kind="measurements")
    assert con.execute("SELECT count(*) FROM measurements").fetchone() == (0,)
    result = load(con, CONFIG, path, today=TODAY, kind="measurements", valid_rows_only=True)
    account = result.account
    assert (account.read, account.count("added"), account.count("invalid")) == (5, 2, 3)
    assert con.execute(
        "SELECT source_row, numerator, denominator, value FROM measurements ORDER BY source_row"
    ).fetchall() == [(3, 4.0, 4.0, None), (5, None, None, 85.0)]
    stored = con.execute(
        "SELECT source_row, detail FROM import_rows WHERE outcome = 'invalid' ORDER BY 1"
    ).fetchall()
    assert [row for row, _ in stored] == [2, 4, 6]
    assert "numérateur (12) supérieur à « Contrôlés » (10)" in stored[0][1]


def test_more_calls_answered_than_received_is_refused_with_both_figures(con, tmp_path):
    path = write_csv(
        tmp_path / "tel.csv",
        ["Début de période", "Fin de période", "Service", "Appels présentés", "Appels décrochés"],
        [
            ["01/10/2026", "31/10/2026", "CCAS", "100", "120"],
            ["01/10/2026", "31/10/2026", "État civil", "200", "200"],
        ],
    )
    plan = _plan(con, path, kind="phone_calls")
    assert plan.invalid_rows == {2}
    assert plan.account().details[2] == (
        "colonne « Appels décrochés » : appels décrochés (120) supérieur à « Appels présentés » "
        "(100) (valeur : « 120 »)"
    )


def test_every_part_names_a_whole_of_its_own_kind():
    parts = {
        (kind.name, f.name, f.part_of)
        for kind in SOURCE_KINDS.values()
        for f in kind.fields
        if f.part_of
    }
    assert parts == {
        ("measurements", "numerator", "denominator"),
        ("phone_calls", "calls_answered", "calls_received"),
    }
    for kind_name, _, whole in parts:
        assert SOURCE_KINDS[kind_name].field(whole).type in ("int", "float")


# 4. Implausible values: kept, with one warning per column naming the rows ---------------------


def test_an_implausible_counter_wait_is_kept_with_a_warning_listing_its_rows(con, tmp_path):
    path = write_csv(
        tmp_path / "guichet.csv",
        ["Date", "Service", "Site", "Temps d'attente (min)"],
        [
            ["01/10/2026", "État civil", "Mairie", "12"],  # row 2
            ["02/10/2026", "État civil", "Mairie", "240"],  # row 3: at the bound, plausible
            ["03/10/2026", "État civil", "Mairie", "3600"],  # row 4
            ["04/10/2026", "État civil", "Mairie", "241,5"],  # row 5
        ],
    )
    plan = _plan(con, path, kind="counter_visits")
    assert plan.invalid_rows == set()
    assert [(w.row, w.column, w.message) for w in plan.warnings] == [
        (
            None,
            "Temps d'attente (min)",
            "lignes 4 (3\u202f600), 5 (241,5) : attente (minutes) au-delà de 240 — valeurs "
            "invraisemblables, importées telles quelles, à vérifier",
        )
    ]
    result = load(con, CONFIG, path, today=TODAY, kind="counter_visits")
    assert (result.inserted, result.warnings) == (4, 1)
    assert con.execute(
        "SELECT sum(wait_minutes), max(wait_minutes) FROM counter_visits"
    ).fetchone() == (
        4093.5,  # 12 + 240 + 3 600 + 241,5
        3600.0,
    )
    assert con.execute("SELECT warnings FROM import_batches").fetchone() == (1,)


def test_a_response_delay_over_a_year_is_warned_about_on_the_answer_column(con, tmp_path):
    path = write_csv(
        tmp_path / "reclamations.csv",
        ["N° réclamation", "Date de réception", "Date de réponse", "Service"],
        [
            ["R1", "01/10/2026", "05/10/2026", "CCAS"],  # row 2: 4 days
            ["R2", "01/10/2025", "01/10/2026", "CCAS"],  # row 3: 365 days, the bound
            ["R3", "30/09/2025", "02/10/2026", "CCAS"],  # row 4: 367 days
        ],
    )
    plan = _plan(con, path, kind="complaints")
    assert plan.invalid_rows == set()
    assert [(w.column, w.message) for w in plan.warnings] == [
        (
            "Date de réponse",
            "ligne 4 (367 jours) : délai de réponse de plus de 365 jours — valeur "
            "invraisemblable, importée telle quelle, à vérifier",
        )
    ]


# 2. Two columns under the same title ---------------------------------------------------------

TWINS = ["Référence", "Date", "Date", "Service"]


def test_twin_columns_that_disagree_refuse_the_file_naming_both(con, tmp_path):
    path = write_csv(
        tmp_path / "dupcols.csv",
        TWINS,
        [
            ["A1", "01/10/2026", "20/10/2026", "CCAS"],  # row 2: they disagree
            ["A2", "02/10/2026", "", "CCAS"],  # row 3: the twin is empty
            ["A3", "03/10/2026", "03/10/2026", "CCAS"],  # row 4: they agree
        ],
    )
    plan = _plan(con, path, kind="complaints")
    assert [(p.severity, p.row, p.column, p.message) for p in plan.blocking_errors] == [
        (
            "erreur",
            None,
            "Date",
            "deux colonnes du même intitulé, « Date » et « Date (2) », pour « Date de réception »,"
            " aux valeurs différentes sur 1 ligne (ligne 2 : « 01/10/2026 » / « 20/10/2026 »)"
            " : choisissez la colonne à lire dans la correspondance des colonnes (ou avec "
            "--mapping), ou supprimez l'autre du fichier",
        )
    ]
    # Refused whole, even when the user asks for the valid rows only: no row is more valid.
    with pytest.raises(ImportRefused, match="rien n'a été importé"):
        load(con, CONFIG, path, today=TODAY, kind="complaints", valid_rows_only=True)
    assert con.execute("SELECT count(*) FROM complaints").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM import_batches").fetchone() == (0,)


def test_twin_columns_chosen_by_a_person_import_with_a_warning(con, tmp_path):
    path = write_csv(
        tmp_path / "dupcols.csv",
        TWINS,
        [["A1", "01/10/2026", "20/10/2026", "CCAS"], ["A2", "02/10/2026", "", "CCAS"]],
    )
    chosen = Mapping("complaints", {"reference": "Référence", "received_on": "Date (2)"})
    result = load(con, CONFIG, path, today=TODAY, kind="complaints", mapping=chosen)
    # « Date » stays the fallback of the date chosen (read where « Date (2) » is empty): row 3.
    assert (result.inserted, result.rejected, result.warnings) == (2, 0, 1)
    assert con.execute("SELECT reference, received_on FROM complaints ORDER BY 1").fetchall() == [
        ("A1", dt.date(2026, 10, 20)),
        ("A2", dt.date(2026, 10, 2)),
    ]
    plan = _plan(tmp_con(tmp_path), path, kind="complaints", mapping=chosen)
    assert [w.message for w in plan.warnings] == [
        "deux colonnes du même intitulé, « Date (2) » et « Date » : « Date (2) » lue pour "
        "« Date de réception » comme choisi, « Date » ignorée malgré des valeurs différentes "
        "sur 1 ligne (ligne 2 : « 20/10/2026 » / « 01/10/2026 ») ; « Date » lue là où "
        "« Date (2) » est vide (1 ligne)"
    ]


def test_identical_twin_columns_import_with_a_warning_naming_the_one_ignored(con, tmp_path):
    path = write_csv(
        tmp_path / "dupcols.csv",
        TWINS,
        [["A1", "01/10/2026", "01/10/2026", "CCAS"], ["A2", "02/10/2026", "", "CCAS"]],
    )
    result = load(con, CONFIG, path, today=TODAY, kind="complaints")
    assert (result.inserted, result.warnings) == (2, 1)
    plan = _plan(tmp_con(tmp_path), path, kind="complaints")
    assert "Date (2)" in plan.ignored_columns
    assert [w.message for w in plan.warnings] == [
        "deux colonnes du même intitulé, « Date » et « Date (2) » : « Date » lue pour « Date de "
        "réception », « Date (2) » ignorée (vide ou identique sur chaque ligne)"
    ]


def test_a_hidden_empty_copy_of_a_workbook_column_is_named_in_a_warning(con, tmp_path):
    path = write_xlsx(
        tmp_path / "colonne_cachee_doublon.xlsx",
        ["N° réclamation", "Date de réponse", "Date de réception", "Date de réponse", "Service"],
        [
            ["H0", None, dt.date(2026, 10, 1), dt.date(2026, 10, 5), "CCAS"],
            ["H1", None, dt.date(2026, 10, 2), dt.date(2026, 10, 6), "CCAS"],
        ],
    )
    result = load(con, CONFIG, path, today=TODAY, kind="complaints")
    assert (result.inserted, result.warnings) == (2, 1)
    assert con.execute("SELECT answered_on FROM complaints ORDER BY 1").fetchall() == [
        (dt.date(2026, 10, 5),),
        (dt.date(2026, 10, 6),),
    ]


def tmp_con(tmp_path):
    """A second, empty base: the file above is already in the first one."""
    return connect(tmp_path / "other.duckdb")


# 3. Yes/no columns -------------------------------------------------------------------------

REPORTS = ["N° signalement", "Date du signalement", "Traité ?", "Urgent", "Catégorie"]
REPORT_ROWS = [
    ["S1", "01/10/2026", "Oui", "Non", "Voirie"],
    ["S2", "02/10/2026", "Non", "Oui", "Voirie"],
    ["S3", "03/10/2026", "NON", "Non", "Propreté"],
    ["S4", "04/10/2026", "", "Non", "Propreté"],
]


def test_a_treated_yes_no_column_is_read_as_the_status_and_says_so(con, tmp_path, capsys):
    path = write_csv(tmp_path / "sig_ouinon.csv", REPORTS, REPORT_ROWS)
    plan = _plan(con, path)
    assert plan.kind == "reports"
    assert plan.mapping.columns["status"] == "Traité ?"
    assert plan.ignored_columns == ["Urgent"]
    assert (
        "colonne « Traité ? » lue comme statut : « Oui » = traité, « Non » = non traité ; une "
        "cellule vide ne donne aucun statut"
    ) in plan.notes
    # Treated without an end date: imported, and said (a warning, as for any such report).
    assert [(w.row, w.message) for w in plan.warnings] == [
        (2, "statut « traité » sans date de fin d'intervention")
    ]
    assert main(["import", str(path), "--db", str(tmp_path / "cli.duckdb")]) == 0
    out = capsys.readouterr().out
    assert "« sig_ouinon.csv » : colonnes non utilisées (non conservées) : « Urgent »" in out
    assert "lue comme statut : « Oui » = traité" in out
    assert main(["imports", "--db", str(tmp_path / "cli.duckdb")]) == 0
    history = capsys.readouterr().out
    assert (
        "4 lignes lues : 4 ajoutées, 0 mises à jour, 0 inchangées, 0 écartées ; 1 avertissement)"
        in history
    )
    cli = connect(tmp_path / "cli.duckdb")
    assert cli.execute(
        "SELECT reference, status, status_raw FROM reports ORDER BY reference"
    ).fetchall() == [
        ("S1", "traité", "Oui"),
        ("S2", "non traité", "Non"),
        ("S3", "non traité", "NON"),
        ("S4", None, None),
    ]


def test_yes_no_under_a_title_naming_no_state_is_refused_as_a_status(con, tmp_path):
    path = write_csv(tmp_path / "sig_ouinon.csv", REPORTS, REPORT_ROWS)
    chosen = Mapping(
        "reports",
        {"reference": "N° signalement", "reported_on": "Date du signalement", "status": "Urgent"},
    )
    plan = _plan(con, path, kind="reports", mapping=chosen)
    assert plan.invalid_rows == {2, 3, 4, 5}
    assert plan.account().details[3] == (
        "colonne « Urgent » : « oui » ou « non » ne dit pas le statut : l'intitulé de la colonne "
        "doit nommer l'état (« Traité ? », « Clôturé ? ») ou les valeurs être des statuts "
        "(traité, en cours…) (valeur : « Oui »)"
    )


# 5. A cell that looks like a formula is data ------------------------------------------------


def test_formula_looking_services_are_stored_as_typed_and_neutralised_in_exports(con, tmp_path):
    path = write_csv(
        tmp_path / "formules_service.csv",
        ["N° réclamation", "Date de réception", "Date de réponse", "Service"],
        [
            ["F1", "01/10/2026", "03/10/2026", "=CCAS"],
            ["F2", "01/10/2026", "03/10/2026", "ccas"],
            ["F3", "01/10/2026", "03/10/2026", "-État civil"],
            ["F4", "01/10/2026", "03/10/2026", '=HYPERLINK("http://192.0.2.1","Voir")'],
        ],
    )
    load(con, CONFIG, path, today=TODAY, kind="complaints")
    stored = con.execute("SELECT reference, service FROM complaints ORDER BY 1").df()
    # « ccas » is the configured service CCAS; « =CCAS » and « -État civil » are not services.
    assert stored["service"].tolist() == [
        "=CCAS",
        "CCAS",
        "-État civil",
        '=HYPERLINK("http://192.0.2.1","Voir")',
    ]
    text = french_csv_bytes(stored).decode("utf-8-sig")
    assert text.splitlines()[1:] == [
        "F1;'=CCAS",
        "F2;CCAS",
        "F3;'-État civil",
        'F4;"\'=HYPERLINK(""http://192.0.2.1"",""Voir"")"',
    ]
    sheet = load_workbook(io.BytesIO(xlsx_bytes({"Réclamations": stored}))).active
    assert [sheet.cell(row=r, column=2).value for r in range(2, 6)] == [
        "'=CCAS",
        "CCAS",
        "'-État civil",
        '\'=HYPERLINK("http://192.0.2.1","Voir")',
    ]
    assert all(sheet.cell(row=r, column=2).data_type == "s" for r in range(2, 6))


def test_a_warning_names_the_first_twenty_rows_and_counts_the_others(con, tmp_path):
    rows = [[f"{day:02d}/10/2026", "CCAS", "Mairie", str(300 + day)] for day in range(1, 24)]
    path = write_csv(tmp_path / "guichet.csv", ["Date", "Service", "Site", "Attente"], rows)
    (warning,) = _plan(con, path, kind="counter_visits").warnings
    named = ", ".join(f"{day + 1} ({300 + day})" for day in range(1, 21))  # file rows 2 to 21
    assert warning.message.startswith(f"lignes {named} et 3 autres : attente (minutes)")
