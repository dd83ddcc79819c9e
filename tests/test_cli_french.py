"""The command line's own words, all French: argparse's messages (every one of them, read from
argparse's source), the usage line of the command that refuses, values between « », and the
defaults shared with the dashboard (QUALIBOARD_DB, QUALIBOARD_CONFIG, QUALIBOARD_TODAY)."""

from __future__ import annotations

import argparse
import ast
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

from qualiboard.cli import main
from qualiboard.cli_base import build_parser
from qualiboard.present.french_argparse import FRENCH, PLURALS
from qualiboard.store.accounts import identity_for
from qualiboard.store.db import connect
from tests.conftest import ROOT
from tests.test_cli_output import complaints

COMMANDS = "« demo », « check », « import », « imports », « undo », « users », « compute », « export », « sauvegarde », « restauration »"  # noqa: E501


@pytest.fixture(autouse=True)
def _no_dashboard_variables(monkeypatch):
    for variable in ("QUALIBOARD_DB", "QUALIBOARD_CONFIG", "QUALIBOARD_TODAY", "QUALIBOARD_USER"):
        monkeypatch.delenv(variable, raising=False)


def refused(capsys, *argv: str) -> list[str]:
    """The lines argparse writes to stderr when it refuses `argv` (exit code 2)."""
    with pytest.raises(SystemExit) as stopped:
        main(list(argv))
    assert stopped.value.code == 2
    return capsys.readouterr().err.splitlines()


def _argparse_messages() -> tuple[set[str], set[str]]:
    """Every literal that argparse passes to `_` and to `ngettext`."""
    singles, plurals = set(), set()
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
        if node.func.id == "_" and texts and isinstance(texts[0], str):
            singles.add(texts[0])
        elif node.func.id == "ngettext":
            plurals.update(t for t in texts if isinstance(t, str))
    return singles, plurals


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%(?:\((\w+)\))?[sr]", text))


def test_every_argparse_message_has_its_french():
    singles, plurals = _argparse_messages()
    assert "unrecognized arguments: %s" in singles and len(singles) >= 25  # the reading works
    assert sorted(singles - FRENCH.keys()) == []
    assert sorted(plurals - PLURALS.keys()) == []
    for english, french in [*FRENCH.items(), *PLURALS.items()]:
        assert _placeholders(english) == _placeholders(french), english
        assert "%r" not in french and ")r" not in french, french  # no 'repr' quotes
        assert "'%" not in french, french


def test_an_unknown_option_is_refused_by_its_command_in_french(capsys, tmp_path):
    lines = refused(capsys, "compute", "--db", str(tmp_path / "q.duckdb"), "--unknown")
    assert lines[0].startswith("utilisation : python -m qualiboard compute [-h] [--db BASE]")
    assert lines[-1] == "python -m qualiboard compute : erreur : argument non reconnu : --unknown"
    lines = refused(capsys, "users", "list", "--unknownflag", "extra")
    assert lines[0].startswith("utilisation : python -m qualiboard users list [-h]")
    assert lines[-1] == (
        "python -m qualiboard users list : erreur : arguments non reconnus : --unknownflag extra"
    )
    lines = refused(capsys, "-x", "imports")
    assert lines[-1] == "python -m qualiboard : erreur : argument non reconnu : -x"


def test_python_m_qualiboard_cli_refuses_in_french_too():
    run = subprocess.run(
        [sys.executable, "-m", "qualiboard.cli", "compute", "--unknown"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 2
    assert run.stderr.splitlines()[-1] == (
        "python -m qualiboard compute : erreur : argument non reconnu : --unknown"
    )


def test_an_unknown_command_is_an_argument_and_values_are_in_french_quotes(capsys):
    assert refused(capsys, "frobnicate")[-1] == (
        "python -m qualiboard : erreur : argument COMMANDE : choix invalide : « frobnicate » "
        f"(valeurs possibles : {COMMANDS})"
    )
    assert refused(capsys, "users", "add", "x", "--role", "chef")[-1] == (
        "python -m qualiboard users add : erreur : option --role : choix invalide : « chef » "
        "(valeurs possibles : « lecteur », « pilote », « responsable qualité », "
        "« administrateur »)"
    )
    assert refused(capsys, "undo", "abc")[-1] == (
        "python -m qualiboard undo : erreur : argument NUMÉRO : valeur invalide (nombre entier "
        "attendu) : « abc »"
    )
    assert refused(capsys, "users", "add", "x", "--role", "pilote", "--oidc=oui")[-1] == (
        "python -m qualiboard users add : erreur : option --oidc : valeur ignorée : « oui »"
    )


def test_a_missing_command_also_names_the_unknown_option(capsys):
    assert refused(capsys, "-x")[-1] == (
        "python -m qualiboard : erreur : argument obligatoire manquant : COMMANDE ; "
        "argument non reconnu : -x"
    )
    assert refused(capsys, "export", "--bogus")[-1] == (
        "python -m qualiboard export : erreur : argument obligatoire manquant : --out ; "
        "argument non reconnu : --bogus"
    )


def test_the_database_and_catalogue_default_to_the_dashboards_variables(monkeypatch, capsys):
    args = build_parser().parse_args(["imports"])
    assert args.db == Path("data/qualiboard.duckdb") and args.config == Path("indicators.yaml")
    monkeypatch.setenv("QUALIBOARD_DB", "/srv/qualiboard/base.duckdb")
    monkeypatch.setenv("QUALIBOARD_CONFIG", "/etc/qualiboard/indicators.yaml")
    args = build_parser().parse_args(["imports"])
    assert args.db == Path("/srv/qualiboard/base.duckdb")
    assert args.config == Path("/etc/qualiboard/indicators.yaml")
    with pytest.raises(SystemExit):
        main(["imports", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert (
        "base DuckDB (défaut : variable QUALIBOARD_DB, ici /srv/qualiboard/base.duckdb ; sans "
        "elle, data/qualiboard.duckdb)" in help_text
    )
    assert main(["imports"]) == 2
    assert capsys.readouterr().err.startswith(
        "erreur : base introuvable « /srv/qualiboard/base.duckdb » (vérifiez --db ou la "
        "variable QUALIBOARD_DB ;"
    )


def test_compute_takes_its_day_from_qualiboard_today(monkeypatch, tmp_path, capsys):
    db = str(tmp_path / "q.duckdb")
    path = complaints(tmp_path / "reclamations.csv", "10/11/2026", "05/09/2026")
    assert main(["import", str(path), "--db", db]) == 0
    capsys.readouterr()
    monkeypatch.setenv("QUALIBOARD_TODAY", "2026-08-15")  # last complete month: July 2026
    assert main(["compute", "--db", db, "--from", "2026-09"]) == 2
    assert capsys.readouterr().err == (
        "erreur : --from (septembre 2026) est après le dernier mois complet (juillet 2026) ; "
        "précisez --to\n"
    )
    with pytest.raises(SystemExit):
        main(["compute", "--help"])
    assert "défaut : variable QUALIBOARD_TODAY, sinon aujourd'hui" in " ".join(
        capsys.readouterr().out.split()
    )


def test_compute_refuses_a_period_that_ends_before_it_begins(tmp_path, capsys):
    db = str(tmp_path / "q.duckdb")
    path = complaints(tmp_path / "reclamations.csv", "10/11/2026", "05/09/2026")
    assert main(["import", str(path), "--db", db]) == 0
    capsys.readouterr()
    assert main(["compute", "--db", db, "--from", "2026-05", "--to", "2026-01"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == "erreur : --from (mai 2026) est après --to (janvier 2026)\n"


def test_help_never_shows_an_empty_default(capsys):
    with pytest.raises(SystemExit):
        main(["users", "add", "--help"])
    out = capsys.readouterr().out
    assert "(défaut : )" not in " ".join(out.split())
    assert "--name NOM            nom affiché (ex. : Mme Durand)\n" in out


DIRECTION = "Direction de l'Aménagement, de l'Urbanisme et du Développement"


def _services(db: str, login: str) -> tuple[str, ...]:
    con = connect(db)
    try:
        identity = identity_for(con, login, "test")
    finally:
        con.close()
    assert identity is not None
    return identity.services


def test_a_service_name_keeps_its_commas_and_an_unknown_one_is_warned(tmp_path, capsys):
    db = str(tmp_path / "q.duckdb")
    assert main(["users", "add", "durand", "--db", db, "--role", "administrateur", "--oidc"]) == 0
    capsys.readouterr()
    add = ["users", "add", "--db", db, "--user", "durand", "--role", "pilote", "--oidc"]
    assert main([*add, "martin", "--services", DIRECTION]) == 0
    out, err = capsys.readouterr()
    assert err.startswith(
        f"attention : service inconnu : « {DIRECTION} » ; services connus : "
        "Hôtel de Ville - Accueil, État civil, CCAS, Police municipale,"
    )
    assert out == f"Compte « martin » créé (pilote ; services : « {DIRECTION} »).\n"
    assert _services(db, "martin") == (DIRECTION,)
    # Repeated, an alias by its catalogue name, and the older comma list of known services.
    assert main([*add, "dupont", "--services", "HDV", "--services", "CCAS,État civil"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert _services(db, "dupont") == ("Hôtel de Ville - Accueil", "CCAS", "État civil")
    assert (
        main(
            [
                "users",
                "role",
                "dupont",
                "pilote",
                "--db",
                db,
                "--user",
                "durand",
                "--services",
                "EC",
            ]
        )
        == 0
    )
    assert (
        capsys.readouterr().out == "Compte « dupont » : rôle pilote ; services : « État civil ».\n"
    )
    assert _services(db, "dupont") == ("État civil",)
