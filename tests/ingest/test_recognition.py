"""Import recognition (issue 12): real tool shapes import with no mapping, partial mappings keep
detection, profiles are found with or without --kind, a missing column is explained, and no
citizen's personal data is stored or archived."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import stat

import pandas as pd
import pytest
import yaml

from qualiboard import cli
from qualiboard.domain.personal_headers import is_personal_header
from qualiboard.ingest.batches import commit_import
from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.mapping import Mapping
from qualiboard.ingest.mapping_files import load_mapping_file
from qualiboard.ingest.personal import looks_personal
from qualiboard.ingest.prepare import prepare_import
from qualiboard.ingest.propose import UnrecognisedFile
from qualiboard.ingest.recognise import header_words
from qualiboard.ingest.undo import undo_import
from qualiboard.store.db import connect
from tests.conftest import make_config
from tests.helpers import write_csv, write_xlsx
from tests.shapes import SHAPES, Shape, write_shape

D = dt.date
TODAY = D(2026, 11, 3)
ORG = make_config().organisation


@pytest.mark.parametrize("shape", SHAPES, ids=[s.name for s in SHAPES])
def test_each_tool_shape_imports_with_no_mapping_and_every_field_is_right(con, tmp_path, shape):
    assert set(shape.first_record) == set(shape.expected), "every mapped field is asserted"
    path = write_shape(shape, tmp_path)
    plan = prepare_import(con, path, ORG, today=TODAY)
    assert plan.kind == shape.kind
    assert plan.mapping.columns == shape.expected
    assert plan.mapping.questions == shape.questions
    assert plan.origin == "automatique" and plan.confidence >= 0.5
    result = commit_import(con, plan)
    assert result.inserted > 0 and result.rejected == 0
    fields = list(shape.expected)
    first = con.execute(
        f"SELECT {', '.join(fields)} FROM {shape.kind} ORDER BY source_row LIMIT 1"
    ).fetchone()
    assert dict(zip(fields, first, strict=True)) == shape.first_record


def test_header_words_fold_plural_gender_and_glued_words():
    assert header_words("Reçu(e) le") == header_words("Reçues le") == ("recu", "le")
    assert header_words("DDS_DATE_CREATION") == ("dds", "dat", "creation")
    assert header_words("datedecl") == ("dat", "decl")
    assert header_words("Date de création") == ("dat", "creation")


def test_limesurvey_last_page_is_never_a_question(con, tmp_path):
    shape = next(s for s in SHAPES if s.name == "resultats_enquete_limesurvey.csv")
    plan = prepare_import(con, write_shape(shape, tmp_path), ORG, today=TODAY)
    assert "Dernière page" not in plan.mapping.questions
    assert "Dernière page" in plan.ignored_columns


def test_unfinished_limesurvey_response_takes_its_date_from_the_last_action(con, tmp_path):
    path = write_csv(
        tmp_path / "enquete.csv",
        [
            "ID de la réponse",
            "Date de soumission",
            "Dernière page",
            "Date de la dernière action",
            "Globalement, êtes-vous satisfait ?",
        ],  # fmt: skip
        [
            ["1", "02/03/2026 10:00", "2", "02/03/2026 10:00", "4"],
            ["2", "", "1", "05/03/2026 18:30", "2"],
        ],
    )
    plan = prepare_import(con, path, ORG, today=TODAY)
    assert plan.mapping.fallbacks == {"answered_on": ["Date de la dernière action"]}
    assert plan.incomplete_responses == 1
    commit_import(con, plan)
    assert con.execute(
        "SELECT respondent, answered_on, score FROM survey_answers ORDER BY 1"
    ).fetchall() == [("1", D(2026, 3, 2), 4.0), ("2", D(2026, 3, 5), 2.0)]


REGISTER = next(s for s in SHAPES if s.name == "reclamations_2026.xlsx")


def test_partial_mapping_names_one_column_and_the_others_are_still_detected(con, tmp_path):
    path = write_shape(REGISTER, tmp_path)
    yaml_path = tmp_path / "map.yaml"
    # The only column this user named; « Motif » declared absent on purpose.
    yaml_path.write_text("kind: complaints\ncolumns:\n  received_on: Reçue le\n  category:\n")
    mapping = load_mapping_file(yaml_path, None)
    assert mapping.columns == {"received_on": "Reçue le"} and mapping.excluded == ["category"]
    plan = prepare_import(con, path, ORG, mapping=mapping, today=TODAY)
    assert plan.origin == "correspondance"
    assert plan.mapping.columns == {
        "reference": "N°",
        "received_on": "Reçue le",
        "acknowledged_on": "Accusé de réception le",
        "answered_on": "Réponse le",
        "service": "Service",
        "status": "Statut",
    }
    commit_import(con, plan)
    assert con.execute(
        "SELECT reference, acknowledged_on, answered_on, category FROM complaints ORDER BY 1"
    ).fetchall() == [("R-01", D(2026, 3, 3), D(2026, 3, 10), None), ("R-02", None, None, None)]


def test_mapping_chosen_on_the_page_overrides_only_its_fields(con, tmp_path):
    path = write_shape(REGISTER, tmp_path)
    chosen = Mapping("complaints", {"category": "Service"}, [], {}, ["service"])
    plan = prepare_import(con, path, ORG, mapping=chosen, today=TODAY)
    assert plan.mapping.columns["category"] == "Service"
    assert "service" not in plan.mapping.columns
    assert plan.mapping.columns["received_on"] == "Reçue le"


CUSTOM_HEADERS = ["Pli", "Arrivé en mairie", "Bureau", "Sortie"]


def _custom_file(folder, name, month):
    return write_csv(
        folder / name,
        CUSTOM_HEADERS,
        [
            [f"P{month}-1", f"02/{month:02d}/2026", "Accueil", f"09/{month:02d}/2026"],
            [f"P{month}-2", f"03/{month:02d}/2026", "CCAS", ""],
        ],
    )


def test_saved_profile_is_recognised_with_and_without_kind(con, tmp_path):
    march = _custom_file(tmp_path, "export_mars.csv", 3)
    chosen = Mapping(
        "correspondence",
        {"reference": "Pli", "received_on": "Arrivé en mairie", "answered_on": "Sortie"},
        [],
        {},
        [],
    )
    plan = prepare_import(con, march, ORG, mapping=chosen, today=TODAY)
    commit_import(con, plan, save_profile_as="Registre maison")
    april = _custom_file(tmp_path, "export_avril.csv", 4)
    for kind in (None, "correspondence"):
        plan = prepare_import(con, april, ORG, kind=kind, today=TODAY)
        assert (plan.origin, plan.profile_name, plan.kind) == (
            "profil",
            "Registre maison",
            "correspondence",
        )
        # The profile's three columns, and the service the profile left open, detected.
        assert plan.mapping.columns == {
            "reference": "Pli",
            "received_on": "Arrivé en mairie",
            "answered_on": "Sortie",
            "service": "Bureau",
        }
    # Another kind asked for: the person's --kind wins, the profile is not forced on it.
    plan = prepare_import(con, april, ORG, kind="complaints", today=TODAY)
    assert plan.kind == "complaints" and plan.profile_name is None


def test_unrecognised_file_says_which_columns_came_close(con, tmp_path):
    path = write_csv(
        tmp_path / "export.csv",
        ["Numéro", "Jour", "Réponse le", "Service"],
        [["A1", "02/03/2026", "05/03/2026", "CCAS"], ["A2", "03/03/2026", "", "CCAS"]],
    )
    with pytest.raises(UnrecognisedFile) as refused:
        prepare_import(con, path, ORG, today=TODAY)
    assert refused.value.mapping.kind == "correspondence"
    assert [c.header for c in refused.value.missing["received_on"]][:1] == ["Jour"]
    assert "colonnes proches : « Jour » (score " in str(refused.value)
    # Every figure of the message written the French way (« 0,72 », never « 0.72 »).
    assert not re.search(r"\d\.\d", str(refused.value)), str(refused.value)


def test_cli_explains_a_missing_column_and_its_mapping_file_makes_the_next_command_pass(
    tmp_path, capsys
):
    path = write_csv(
        tmp_path / "export.csv",
        ["Numéro", "Jour", "Réponse le", "Service"],
        [["A1", "02/03/2026", "05/03/2026", "CCAS"], ["A2", "03/03/2026", "", "CCAS"]],
    )
    db = tmp_path / "q.duckdb"
    config = tmp_path / "indicators.yaml"
    config.write_text(
        "organisation:\n  name: Ville test\n  territory: metropole\nindicators: []\n",
        encoding="utf-8",
    )
    common = ["--db", str(db), "--config", str(config)]
    assert cli.main(["import", str(path), *common]) == cli.EXIT_REFUSED
    err = capsys.readouterr().err
    assert "colonnes trouvées : « Numéro » · « Jour » · « Réponse le » · « Service »" in err
    assert "Date de réception (received_on) introuvable ; candidats : « Jour » (score" in err
    written = tmp_path / "export.correspondance.yaml"
    assert f"écrite dans {written}" in err
    assert not re.search(r"\d\.\d", err.replace(str(tmp_path), "")), err
    # The mapping file's comments are read by the quality officer too.
    assert re.search(r"candidat, score \d,\d\d", written.read_text(encoding="utf-8"))
    proposal = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert proposal == {
        "kind": "correspondence",
        "columns": {
            "reference": "Numéro",
            "received_on": "Jour",
            "answered_on": "Réponse le",
            "service": "Service",
        },
    }
    assert cli.main(["import", str(path), *common, "--mapping", str(written)]) == cli.EXIT_OK
    assert "2 ajoutées" in capsys.readouterr().out


def test_cli_refuses_a_doubtful_recognition_until_the_kind_is_confirmed(tmp_path, capsys):
    """Phone statistics without a « calls answered » column were imported as two letters: a
    guess the command line no longer makes on its own."""
    path = write_csv(
        tmp_path / "appels.csv",
        ["Date", "Appels entrants", "Appels perdus", "Service"],
        [["01/03/2026", "120", "10", "Accueil"], ["02/03/2026", "100", "20", "Accueil"]],
    )
    db = tmp_path / "q.duckdb"
    assert cli.main(["import", str(path), "--db", str(db)]) == cli.EXIT_REFUSED
    err = capsys.readouterr().err
    assert "reconnaissance incertaine (confiance" in err and "relancez avec --kind" in err
    con = connect(db)
    assert con.execute("SELECT count(*) FROM import_batches").fetchall() == [(0,)]
    con.close()


# --- personal data ---------------------------------------------------------------------------

EMAILS = ["jeanne.martin@exemple.fr", "p.durand@mail.example.org", "zoe_k@exemple.com"]
PHONES = ["06 12 34 56 78", "+33 7 98 76 54 32", "01.45.67.89.10"]
NIRS = ["1 85 03 75 115 023 47", "285122A00412345", "1790699123456"]
BIRTHS = ["12/04/1961", "30/11/1987", "02/02/1949"]
NAMES = ["Jeanne Martin", "Paul Durand", "Zoé Kervella"]
ADDRESSES = ["12 rue des Lilas", "3 impasse du Moulin", "45 avenue Jean Jaurès"]

# (header, values): headers that say "personal", and neutral headers over personal values.
PERSONAL_COLUMNS: list[tuple[str, list[str]]] = [
    ("Coordonnées", PHONES),
    ("Contact", EMAILS),
    ("Mail usager", EMAILS),
    ("Tél. portable", PHONES),
    ("Courriel de contact", EMAILS),
    ("Domicile", ADDRESSES),
    ("N° sécurité sociale", NIRS),
    ("Date de naissance", BIRTHS),
    ("Numéro de portable", PHONES),
    ("Identifiant usager", EMAILS),
    ("Nom et prénom", NAMES),
    ("Demandeur", NAMES),
    ("Adresse du demandeur", ADDRESSES),
    ("E-mail", EMAILS),
    ("Téléphone fixe", PHONES),
    ("Civilité, nom", NAMES),
    ("Né(e) le", BIRTHS),
    ("NIR", NIRS),
    ("Mobile", PHONES),
    ("Prénom", NAMES),
    ("Courriel", EMAILS),
    ("Adresse électronique", EMAILS),
    ("Réf. usager", EMAILS),  # a neutral header over e-mails
    ("Référence", PHONES),  # phone numbers where a reference was expected
    ("Code", NIRS),  # social security numbers under a code
    ("Info complémentaire", BIRTHS),  # birth dates under a vague header
    ("Login", EMAILS),
    ("Numéro à rappeler", PHONES),
    ("Plaignant", NAMES),
    ("Coordonnées téléphoniques", PHONES),
    ("Adresse mail de l'usager", EMAILS),
    ("Numéro de sécurité sociale", NIRS),
]
BASE_HEADERS = ["N° dossier", "Date de réception", "Date de réponse", "Service"]


def _personal_file(folder, index, header, values):
    rows = [
        [f"D{index}-{i}", f"0{i + 2}/03/2026", f"1{i}/03/2026", "CCAS", value]
        for i, value in enumerate(values)
    ]
    if header in ("Référence", "Code"):  # the personal column stands where the reference was
        headers = [header, "Date de réception", "Date de réponse", "Service", "Statut"]
        rows = [[v, f"0{i + 2}/03/2026", f"1{i}/03/2026", "CCAS", "Traité"]
                for i, v in enumerate(values)]  # fmt: skip
    else:
        headers = [*BASE_HEADERS, header]
    name = f"courriers_{index:02d}"
    if index % 2:
        return write_xlsx(folder / f"{name}.xlsx", headers, rows)
    return write_csv(folder / f"{name}.csv", headers, rows)


def _everything_stored(con) -> str:
    """Every cell of every table, as text: where a personal value would show."""
    text = []
    for (table,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
    ).fetchall():
        frame = con.execute(f'SELECT * FROM "{table}"').df()
        text.append(frame.to_csv(index=False))
    return "\n".join(text)


def test_no_personal_value_is_stored_or_archived_over_a_corpus_of_32_files(con, tmp_path):
    assert len(PERSONAL_COLUMNS) >= 30
    archive = tmp_path / "archive"
    files = tmp_path / "files"
    files.mkdir()
    for index, (header, values) in enumerate(PERSONAL_COLUMNS):
        path = _personal_file(files, index, header, values)
        plan = prepare_import(con, path, ORG, today=TODAY)
        assert plan.dropped_personal == [header], header
        assert plan.personal_reasons[header]
        assert header not in plan.mapping.headers(), header
        result = commit_import(con, plan, archive_dir=archive)
        assert result.inserted == 3, header
        assert "sans ses colonnes de données personnelles" in result.archive_note
    stored = _everything_stored(con)
    archived = [p for p in archive.iterdir()]
    assert len(archived) == len(PERSONAL_COLUMNS)
    archived_text = "\n".join(p.read_text(encoding="utf-8-sig") for p in archived)
    secrets = [v for _, values in PERSONAL_COLUMNS for v in values]
    for secret in secrets:
        for variant in {secret, secret.replace(" ", ""), secret.lower()}:
            assert variant not in stored, secret
            assert variant not in archived_text, secret
    for path in archived:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # A digest of every table, for the record: the same import gives the same bytes.
    assert hashlib.sha256(stored.encode()).hexdigest()


def test_values_tell_personal_columns_whatever_their_header():
    def series(values):
        return pd.Series(values, dtype=object)

    assert "adresses électroniques" in looks_personal("Identifiant usager", series(EMAILS))
    assert "téléphone" in looks_personal("Référence", series(PHONES))
    assert "sécurité sociale" in looks_personal("Code", series(NIRS))
    assert "naissance" in looks_personal("Info", series(BIRTHS))
    assert looks_personal("Référence", series(["2026-001", "2026-002", "2026-003"])) is None
    assert looks_personal("Date", series(["02/03/2026", "05/03/2026", "09/03/2026"])) is None
    assert looks_personal("N° dossier", series(["202600123", "202600124", "202600125"])) is None
    # Headers that mention a contact without holding one.
    for header in ("Canal de contact", "Date du mail", "Appels tél. reçus", "Nom du service"):
        assert not is_personal_header(header), header


def test_archive_of_a_clean_file_is_the_file_itself_and_undo_removes_it(con, tmp_path):
    shape = next(s for s in SHAPES if s.name == "stats_appels_mars.csv")
    path = write_shape(shape, tmp_path)
    archive = tmp_path / "archive"
    plan = prepare_import(con, path, ORG, today=TODAY)
    result = commit_import(con, plan, archive_dir=archive)
    assert result.archive_note == "fichier archivé tel quel"
    (kept,) = archive.iterdir()
    assert kept.read_bytes() == path.read_bytes()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    undo_import(con, result.batch_id, archive_dir=archive)
    assert list(archive.iterdir()) == []


def test_undo_keeps_the_archive_while_another_import_of_the_file_stands(con, tmp_path):
    path = write_xlsx(
        tmp_path / "courriers.xlsx",
        [*BASE_HEADERS, "Courriel"],
        [["C1", "02/03/2026", "", "CCAS", "a@exemple.fr"]],
    )
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    second = workbook.copy_worksheet(workbook.active)
    second.title = "Copie"
    workbook.save(path)
    archive = tmp_path / "archive"
    first = commit_import(con, prepare_import(con, path, ORG, today=TODAY), archive_dir=archive)
    other = commit_import(
        con, prepare_import(con, path, ORG, sheet="Copie", today=TODAY), archive_dir=archive
    )
    # One archive per sheet (issue 26): undoing one sheet keeps the other's.
    assert len(list(archive.iterdir())) == 2
    undo_import(con, other.batch_id, archive_dir=archive)
    assert len(list(archive.iterdir())) == 1
    undo_import(con, first.batch_id, archive_dir=archive)
    assert list(archive.iterdir()) == []


def test_a_personal_column_named_by_a_mapping_is_still_not_used(con, tmp_path):
    path = write_csv(
        tmp_path / "courriers.csv",
        ["Identifiant usager", "Date de réception", "Service"],
        [[email, f"0{i + 2}/03/2026", "CCAS"] for i, email in enumerate(EMAILS)],
    )
    chosen = Mapping("correspondence", {"reference": "Identifiant usager"}, [], {}, [])
    plan = prepare_import(con, path, ORG, mapping=chosen, today=TODAY)
    assert "reference" not in plan.mapping.columns
    assert plan.dropped_personal == ["Identifiant usager"]
    commit_import(con, plan)
    assert "exemple" not in _everything_stored(con)


def test_refusal_still_names_the_file(con, tmp_path):
    path = write_csv(tmp_path / "vide.csv", ["Colonne", "Autre"], [["a", "b"], ["c", "d"]])
    with pytest.raises(ImportRefused, match="vide.csv"):
        prepare_import(con, path, ORG, today=TODAY)


def test_shape_corpus_is_large_enough():
    assert len(SHAPES) >= 15
    assert all(isinstance(s, Shape) for s in SHAPES)


def test_personal_values_quoted_in_free_text_are_masked_before_storage(con, tmp_path):
    """A complaint's subject citing a phone number or an e-mail: the column is data, the
    values inside it are not stored; a reference shaped like 2026-000123 is left alone."""
    from qualiboard.ingest.personal import MASK

    path = tmp_path / "reclamations.csv"
    path.write_text(
        "N° réclamation;Reçue le;Réponse le;Service;Objet\n"
        "2026-000123;05/03/2026;10/03/2026;Voirie;Trou devant chez moi, tel 06 12 34 56 78\n"
        "2026-000124;06/03/2026;;Propreté;Écrire à jean.dupont@gmail.com svp\n"
        "2026-000125;07/03/2026;;Voirie;Nid de poule rue des Lilas\n",
        encoding="utf-8",
    )
    plan = prepare_import(con, path, ORG, today=TODAY, kind="complaints")
    assert any("2 cellules de texte libre citaient" in note for note in plan.notes)
    commit_import(con, plan)
    assert con.execute("SELECT reference, category FROM complaints ORDER BY 1").fetchall() == [
        ("2026-000123", f"Trou devant chez moi, tel {MASK}"),
        ("2026-000124", f"Écrire à {MASK} svp"),
        ("2026-000125", "Nid de poule rue des Lilas"),
    ]


def test_headers_naming_the_citizen_in_administrative_words_are_personal():
    for header in ("Pétitionnaire", "Administré", "Bénéficiaire", "Interlocuteur", "Identité"):
        assert is_personal_header(header), header
    for header in ("Nombre de bénéficiaires", "Type de bénéficiaire", "Service instructeur"):
        assert not is_personal_header(header), header


def test_an_address_quoted_in_a_remark_is_masked_in_the_archive_too(con, tmp_path):
    path = write_csv(
        tmp_path / "reclamations.csv",
        ["Référence", "Date de réception", "Date de réponse", "Service", "Observations"],
        [
            ["R-1", "05/10/2026", "07/10/2026", "CCAS", "rappeler au 06 12 34 56 78"],
            ["R-2", "06/10/2026", "", "CCAS", "écrire à jean.dupont@example.fr svp"],
            ["R-3", "07/10/2026", "", "CCAS", "RAS"],
        ],
    )
    archive = tmp_path / "archive"
    plan = prepare_import(con, path, ORG, kind="complaints", today=TODAY)
    result = commit_import(con, plan, archive_dir=archive)
    assert result.archive_note == (
        "fichier archivé sans ses données personnelles (réécrit en CSV : 2 cellules de texte "
        "citant une adresse électronique ou un numéro masquées)"
    )
    (kept,) = archive.iterdir()
    text = kept.read_text(encoding="utf-8-sig")
    assert "06 12 34 56 78" not in text and "jean.dupont" not in text
    assert text.splitlines()[1:] == [
        "2;R-1;05/10/2026;07/10/2026;CCAS;rappeler au [donnée personnelle masquée]",
        "3;R-2;06/10/2026;;CCAS;écrire à [donnée personnelle masquée] svp",
        "4;R-3;07/10/2026;;CCAS;RAS",
    ]


def test_a_workbook_is_archived_as_its_imported_table_only_never_its_hidden_sheets(con, tmp_path):
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    book = Workbook()
    sheet = book.active
    sheet.title = "Réclamations"
    sheet.append(["Référence", "Date de réception", "Date de réponse", "Service"])
    sheet.append(["R-1", "05/10/2026", "07/10/2026", "CCAS"])
    sheet["A2"].comment = Comment("Appelé par M. Secret, 06 98 76 54 77", "agent")
    hidden = book.create_sheet("Contacts")
    hidden.append(["Nom", "Courriel"])
    hidden.append(["M. Secret", "secret@example.fr"])
    hidden.sheet_state = "hidden"
    path = tmp_path / "reclamations.xlsx"
    book.save(path)
    archive = tmp_path / "archive"
    plan = prepare_import(con, path, ORG, kind="complaints", today=TODAY)
    result = commit_import(con, plan, archive_dir=archive)
    assert result.archive_note == (
        "fichier archivé réécrit en CSV (seul le tableau importé est gardé, ni autres feuilles "
        "ni commentaires)"
    )
    (kept,) = archive.iterdir()
    assert kept.read_text(encoding="utf-8-sig").splitlines() == [
        "Ligne du fichier;Référence;Date de réception;Date de réponse;Service",
        "2;R-1;05/10/2026;07/10/2026;CCAS",
    ]


def test_a_unit_written_as_a_clock_does_not_hide_the_wait_column(con, tmp_path):
    """The import advises adding « (hh:mm) » to a wait's header; that header then fell below
    the recognition threshold (adversarial test of 27/11/2026)."""
    assert header_words("Temps d'attente (hh:mm)") == header_words("Temps d'attente")
    assert header_words("Attente (mm:ss)") == ("attent",)
    path = write_csv(
        tmp_path / "attente.csv",
        ["Date", "Service", "Temps d'attente (hh:mm)"],
        [["01/10/2026", "CCAS", "0:12"], ["02/10/2026", "CCAS", "1:30"]],
    )
    plan = prepare_import(con, path, ORG, today=TODAY)
    assert plan.kind == "counter_visits"
    assert plan.mapping.columns["wait_minutes"] == "Temps d'attente (hh:mm)"
    commit_import(con, plan)
    assert con.execute("SELECT wait_minutes FROM counter_visits ORDER BY 1").fetchall() == [
        (12.0,),
        (90.0,),
    ]
