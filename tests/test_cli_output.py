"""What the command line prints and refuses: French words, readable files for Excel, nothing
a terminal would obey, no base created by a command that only reads."""

from __future__ import annotations

import csv
import io

from qualiboard.cli import main
from tests.helpers import write_csv

HEADER = ["N° réclamation", "Date de réception", "Date de réponse", "Service", "Statut"]


def complaints(path, extraction: str, answered: str, service: str = "CCAS"):
    rows = [
        ["R1", "01/09/2026", answered, service, "Traitée"],
        ["R2", "02/09/2026", "", service, "En cours"],
    ]
    return write_csv(path, HEADER, rows, titles=[f"Extraction du {extraction}"])


def test_an_older_export_is_refused_unless_asked_for(tmp_path, capsys):
    db = str(tmp_path / "q.duckdb")
    newer = complaints(tmp_path / "reclamations_novembre.csv", "10/11/2026", "05/09/2026")
    older = complaints(tmp_path / "reclamations_octobre.csv", "27/10/2026", "")
    assert main(["import", str(newer), "--db", db]) == 0
    capsys.readouterr()
    assert main(["import", str(older), "--db", db]) == 1
    refused = capsys.readouterr().err
    assert (
        "2 enregistrements viennent d'un export plus récent déjà importé : ce fichier les ramènerait"
        in refused
    )
    assert "--older-export" in refused
    assert main(["imports", "--db", db]) == 0
    assert capsys.readouterr().out.count("\n") == 1  # only the newer import
    assert main(["import", str(older), "--db", db, "--older-export"]) == 0
    assert "1 mise à jour, 1 inchangée" in capsys.readouterr().out


def test_the_import_line_and_the_history_are_in_french(tmp_path, capsys):
    db = str(tmp_path / "q.duckdb")
    path = complaints(tmp_path / "reclamations.csv", "10/11/2026", "05/09/2026")
    assert main(["import", str(path), "--db", db]) == 0
    out = capsys.readouterr().out
    assert "type « Réclamations et suggestions » (reconnu automatiquement, confiance 1,00)" in out
    assert "Référence ← « N° réclamation »" in out
    assert "2 lignes lues : 2 ajoutées, 0 mises à jour, 0 inchangées, 0 écartées" in out
    assert main(["import", str(path), "--db", db, "--kind", "réclamations"]) == 0
    assert "(choisi avec --kind)" in capsys.readouterr().out
    assert main(["imports", "--db", db]) == 0
    history = capsys.readouterr().out
    assert "Réclamations et suggestions" in history and "complaints" not in history


def test_compute_csv_has_french_headers_and_words(tmp_path, capsys):
    db = str(tmp_path / "q.duckdb")
    path = complaints(tmp_path / "reclamations.csv", "10/11/2026", "05/09/2026")
    assert main(["import", str(path), "--db", db]) == 0
    capsys.readouterr()
    args = ["--db", db, "--indicator", "reclamation_delai", "--today", "2026-11-10"]
    assert main(["compute", *args, "--from", "2026-09", "--to", "2026-09", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out), delimiter=";"))
    assert len(rows) == 1
    row = rows[0]
    assert row["Code"] == "reclamation_delai" and row["Fréquence"] == "mensuelle"
    assert row["Début de période"] == "01/09/2026" and row["Unité"] == "%"
    # R1 answered on the 4th working day, R2 unanswered and past 15 working days on 10/11: 1 of 2.
    assert (row["Valeur"], row["Numérateur"], row["Dénominateur"]) == ("50", "1", "2")
    assert row["Provisoire"] == ""


def test_reading_commands_do_not_create_a_missing_base(tmp_path, capsys):
    missing = tmp_path / "ailleurs" / "q.duckdb"
    for command in (["imports"], ["compute"], ["undo", "1"]):
        assert main([*command, "--db", str(missing)]) == 2
        assert "base introuvable" in capsys.readouterr().err
    assert not missing.parent.exists()


def test_control_characters_from_data_are_shown_not_obeyed(tmp_path, capsys):
    db = str(tmp_path / "q.duckdb")
    path = complaints(
        tmp_path / "reclamations.csv", "10/11/2026", "05/09/2026", service="\x1b[2JCCAS"
    )
    assert main(["import", str(path), "--db", db]) == 0
    args = ["--db", db, "--indicator", "reclamation_delai", "--today", "2026-11-10"]
    assert main(["compute", *args, "--from", "2026-09", "--to", "2026-09", "--by", "service"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "[␛[2JCCAS]" in out


def test_a_folder_given_as_a_file_is_refused_in_words(tmp_path, capsys):
    folder = tmp_path / "exports"
    folder.mkdir()
    assert main(["import", str(folder), "--db", str(tmp_path / "q.duckdb")]) == 1
    err = capsys.readouterr().err
    assert "« exports » : c'est un dossier" in err and "Error" not in err


def test_an_implausible_date_is_refused_before_anything_is_read(tmp_path, capsys):
    import pytest

    db = tmp_path / "q.duckdb"
    path = complaints(tmp_path / "reclamations.csv", "10/11/2026", "05/09/2026")
    with pytest.raises(SystemExit) as stopped:  # argparse's own exit, French message
        main(["import", str(path), "--db", str(db), "--as-of", "1900-01-01"])
    assert stopped.value.code == 2
    assert "date invraisemblable « 1900-01-01 »" in capsys.readouterr().err
    assert not db.exists()
