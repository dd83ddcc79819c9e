"""What the import page shows for one file, from real files prepared by the real importer."""

from __future__ import annotations

import datetime as dt

import pytest

from qualiboard.ingest.prepare import prepare_with_choice
from qualiboard.ingest.propose import UnrecognisedFile
from qualiboard.views import import_file as view
from tests.conftest import FIXTURES, make_config

TODAY = dt.date(2026, 3, 1)


def _plan(con, path, mapping=None):
    return prepare_with_choice(con, path, make_config().organisation, mapping, today=TODAY)


@pytest.fixture
def letters_with_problems(tmp_path):
    # Row 3 has an impossible date (an error); a personal column is dropped before anything else.
    path = tmp_path / "courriers.csv"
    path.write_text(
        "N° chrono;Date d'arrivée;Date de réponse;Service;Courriel\n"
        "A-1;05/01/2026;16/01/2026;Etat civil;jean.dupont@example.org\n"
        "A-2;31/02/2026;;CCAS;marie@example.org\n"
        "A-3;07/01/2026;09/01/2026;CCAS;\n",
        encoding="utf-8",
    )
    return path


def test_a_clean_file_is_recognised_with_every_row_to_import(con):
    plan = _plan(con, FIXTURES / "courriers_cp1252.csv")
    shown = view.recognition(plan, "courriers du mois.csv")
    assert shown.kind_line == (
        "Type reconnu : **Courriers et courriels** (reconnaissance automatique, confiance 1,00)"
    )
    assert shown.rows_file == "lignes_courriers du mois.csv"
    # French CSV: BOM, semicolons, one line per row of the file (rows 2 to 5).
    assert shown.rows_csv.decode("utf-8-sig").splitlines() == [
        "Ligne du fichier;Devenir;Précision",
        *[f"{row};ajoutée;" for row in range(2, 6)],
    ]
    assert (shown.doubtful, shown.personal, shown.incomplete, shown.ignored) == (
        False,
        None,
        None,
        None,
    )
    problems = view.problems(plan)
    assert (problems.error_text, problems.warning_text, len(problems.preview)) == (None, None, 4)
    confirm = view.confirmation(plan, has_errors=False)
    assert confirm.valid_only is None and confirm.replacement is None
    assert confirm.can_import(valid_only=False, confirmed=True)


def test_errors_and_personal_columns_are_said_and_block_until_valid_rows_only(
    con, letters_with_problems
):
    plan = _plan(con, letters_with_problems)
    shown = view.recognition(plan, letters_with_problems.name)
    assert shown.personal is not None
    assert shown.personal.startswith("Colonnes de données personnelles non conservées")
    assert "« Courriel »" in shown.personal
    problems = view.problems(plan)
    assert list(problems.errors["Ligne"]) == [3]
    assert problems.error_text.startswith(
        "1 erreur : le fichier sera refusé, sauf si vous importez seulement les lignes valides."
    )
    confirm = view.confirmation(plan, has_errors=True)
    # « 1 erreur(s) » and « les 1 lignes » before (an adversarial tester).
    assert confirm.valid_only == "Importer les lignes valides et écarter la ligne en erreur"
    assert not confirm.can_import(valid_only=False, confirmed=True)
    assert confirm.can_import(valid_only=True, confirmed=True)
    # The personal column is never offered in the mapping editor.
    assert "Courriel" not in view.field_choices(plan, {})[0].options


def test_an_error_of_the_whole_file_does_not_offer_the_valid_rows_only(con, tmp_path):
    # Two « Date d'arrivée » columns that disagree on row 2: no row is more valid than another.
    path = tmp_path / "courriers.csv"
    path.write_text(
        "N° chrono;Date d'arrivée;Date d'arrivée;Service\n"
        "A-1;05/01/2026;06/01/2026;CCAS\n"
        "A-2;07/01/2026;07/01/2026;CCAS\n",
        encoding="utf-8",
    )
    plan = _plan(con, path)
    problems = view.problems(plan)
    assert problems.error_text.startswith(
        "1 erreur : le fichier sera refusé : l'erreur porte sur le fichier entier, importer "
        "seulement les lignes valides n'y change rien (voir ci-dessous)."
    )
    confirm = view.confirmation(plan, has_errors=True)
    assert confirm.valid_only is None and confirm.blocking
    assert not confirm.can_import(valid_only=True, confirmed=True)


def test_the_mapping_editor_offers_the_recognised_columns_and_keeps_a_field_left_out(con):
    plan = _plan(con, FIXTURES / "courriers_cp1252.csv")
    choices = {c.name: c for c in view.field_choices(plan, {})}
    assert choices["received_on"].label == "Date de réception *"
    assert choices["received_on"].options[choices["received_on"].index] == "Date d'arrivée"
    assert choices["reference"].options[0] == view.NOT_MAPPED
    unchanged = {name: c.options[c.index] for name, c in choices.items()}
    assert view.chosen_mapping(plan, unchanged) is None
    # The user says the file has no channel: the field stays out, detection must not bring it back.
    mapping = view.chosen_mapping(plan, {**unchanged, "channel": view.NOT_MAPPED})
    assert mapping.kind == "correspondence"
    assert "channel" not in mapping.columns and mapping.excluded == ["channel"]
    assert mapping.columns["received_on"] == "Date d'arrivée"
    # A field once preselected stays flagged « à vérifier » on the next runs.
    flagged = view.field_choices(plan, {"channel": "« Canal » (score 0,80)"})
    assert [c.label for c in flagged if c.name == "channel"] == ["Canal — à vérifier"]
    # Markdown-safe: a header's parentheses are escaped, shown as typed.
    assert view.suggested_text(plan, {"channel": "« Canal » (score 0,80)"}) == (
        "Colonnes proposées à vérifier : Canal ← « Canal » &#40;score 0,80&#41;"
    )
    assert view.suggested_text(plan, {}) is None


def test_an_unrecognised_file_names_its_columns_and_preselects_a_kind(con, tmp_path):
    path = tmp_path / "inconnu.csv"
    path.write_text("Couleur;Taille\nrouge;3\nbleu;4\n", encoding="utf-8")
    with pytest.raises(UnrecognisedFile) as refused:
        _plan(con, path)
    shown = view.unrecognised(refused.value)
    assert shown.headers == "Colonnes trouvées : « Couleur » · « Taille »"
    assert "--kind" not in shown.message
    assert 0 <= shown.closest < len(shown.kinds)
