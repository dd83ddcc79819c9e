"""Who may do what, checked in the core: roles, a pilote's services, local accounts (argon2,
lock-out), the command line, and a journal entry for every kind of write."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from qualiboard.cli import main
from qualiboard.ingest.batches import commit_import
from qualiboard.ingest.prepare import prepare_import
from qualiboard.ingest.undo import undo_import
from qualiboard.present.export import french_csv_bytes, xlsx_bytes
from qualiboard.steering.review import close_action, create_action, record_decision, record_review
from qualiboard.store import accounts
from qualiboard.store.access import (
    ANONYMOUS,
    HOLD_REVIEW,
    IMPORT,
    MANAGE_ACCOUNTS,
    READ,
    READ_JOURNAL,
    SETTINGS,
    SYSTEM,
    WRITE_NOTES,
    AccessDenied,
    Identity,
    can,
    require,
)
from qualiboard.store.audit import journal
from qualiboard.store.db import connect
from qualiboard.store.settings import ANONYMOUS_READING, change_setting
from qualiboard.views.annual import annual_review, annual_xlsx_bytes
from tests.conftest import make_config
from tests.helpers import fr, write_csv

D = dt.date
CONFIG = make_config()
LECTEUR = Identity("lea", "Léa Lecteur", "lecteur")
PILOTE = Identity("paul", "Paul Pilote", "pilote", ("CCAS",))
QUALITE = Identity("quentin", "Quentin Qualité", "responsable qualité")
ADMIN = Identity("alice", "Alice Admin", "administrateur")
PASSWORD = "un mot de passe long"


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        (ANONYMOUS, {READ}),
        (LECTEUR, {READ}),
        (PILOTE, {READ}),  # writes only for CCAS: see below
        (QUALITE, {READ, WRITE_NOTES, IMPORT, HOLD_REVIEW, READ_JOURNAL}),
        (ADMIN, {READ, WRITE_NOTES, IMPORT, HOLD_REVIEW, READ_JOURNAL, MANAGE_ACCOUNTS, SETTINGS}),
    ],
)
def test_role_matrix(who, allowed):
    every = {READ, WRITE_NOTES, IMPORT, HOLD_REVIEW, READ_JOURNAL, MANAGE_ACCOUNTS, SETTINGS}
    for permission in every:
        assert can(who, permission) == (permission in allowed), (who.role, permission)
        if permission not in allowed:
            with pytest.raises(AccessDenied) as denied:
                require(who, permission)
            assert any(w in str(denied.value) for w in ("rôle", "connectez-vous", "pilote"))


def test_a_pilote_writes_for_their_services_only(con):
    assert can(PILOTE, WRITE_NOTES, "CCAS") and not can(PILOTE, WRITE_NOTES, "État civil")
    record_decision(
        con,
        "courrier_delai",
        D(2026, 10, 1),
        analysis="ok",
        decisions="",
        by=PILOTE,
        service="CCAS",
    )
    with pytest.raises(AccessDenied, match="pilote des services : CCAS"):
        record_decision(
            con,
            "courrier_delai",
            D(2026, 10, 1),
            analysis="x",
            decisions="",
            by=PILOTE,
            service="État civil",
        )
    with pytest.raises(AccessDenied, match="tous les services"):
        record_decision(
            con, "courrier_delai", D(2026, 10, 1), analysis="x", decisions="", by=PILOTE
        )
    reference = create_action(
        con,
        title="t",
        origin="COPIL",
        owner="p",
        opened_on=D(2026, 1, 1),
        due_on=None,
        service="CCAS",
        by=PILOTE,
    )
    other = create_action(
        con,
        title="u",
        origin="COPIL",
        owner="p",
        opened_on=D(2026, 1, 1),
        due_on=None,
        service="État civil",
        by=QUALITE,
    )
    with pytest.raises(AccessDenied):
        close_action(con, other, closed_on=D(2026, 2, 1), by=PILOTE)
    close_action(con, reference, closed_on=D(2026, 2, 1), by=PILOTE)
    with pytest.raises(AccessDenied):
        record_review(con, D(2026, 10, 1), held_on=D(2026, 11, 2), attendees="", by=PILOTE)


def test_a_lecteur_cannot_write_anything_in_the_core(con, tmp_path):
    path = write_csv(
        tmp_path / "r.csv",
        ["N° chrono", "Date d'arrivée", "Service"],
        [["A1", fr(D(2026, 1, 5)), "CCAS"]],
    )
    plan = prepare_import(con, path, CONFIG.organisation)
    with pytest.raises(AccessDenied):
        commit_import(con, plan, identity=LECTEUR)
    with pytest.raises(AccessDenied):
        commit_import(con, plan, identity=PILOTE)
    batch = commit_import(con, plan, identity=QUALITE).batch_id
    with pytest.raises(AccessDenied):
        undo_import(con, batch, identity=LECTEUR)
    for write in (
        lambda: record_decision(
            con, "x", D(2026, 1, 1), analysis="a", decisions="", by=LECTEUR, service="CCAS"
        ),
        lambda: create_action(
            con,
            title="t",
            origin="COPIL",
            owner="o",
            opened_on=D(2026, 1, 1),
            due_on=None,
            by=LECTEUR,
        ),
        lambda: accounts.add_account(
            con, LECTEUR, "x", name="x", role="lecteur", password=PASSWORD
        ),
        lambda: change_setting(con, QUALITE, ANONYMOUS_READING, "oui"),
    ):
        with pytest.raises(AccessDenied):
            write()
    assert journal(con)["Action"].tolist() == ["import"]


def test_local_accounts_hash_lock_out_and_disable(con):
    accounts.add_account(
        con,
        SYSTEM,
        "Durand",
        name="Mme Durand",
        role="pilote",
        password=PASSWORD,
        services=("CCAS",),
    )
    stored = con.execute("SELECT password_hash FROM accounts").fetchone()[0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    who = accounts.authenticate(con, "durand", PASSWORD)
    assert (who.login, who.role, who.services) == ("durand", "pilote", ("CCAS",))
    with pytest.raises(accounts.SignInRefused, match="identifiant ou mot de passe incorrect"):
        accounts.authenticate(con, "personne", PASSWORD)  # unknown: the same message
    now = dt.datetime(2026, 11, 3, 9, 0)
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(accounts.SignInRefused, match="incorrect"):
            accounts.authenticate(con, "durand", "mauvais", now=now)
    with pytest.raises(accounts.SignInRefused, match="verrouillé"):
        accounts.authenticate(con, "durand", PASSWORD, now=now + dt.timedelta(minutes=5))
    later = now + dt.timedelta(minutes=accounts.LOCK_MINUTES + 1)
    assert accounts.authenticate(con, "durand", PASSWORD, now=later).login == "durand"
    with pytest.raises(ValueError, match="trop court"):
        accounts.add_account(con, ADMIN, "court", name="c", role="lecteur", password="court")
    token = accounts.open_session(con, who)
    assert accounts.session_identity(con, token) == who
    accounts.set_disabled(con, ADMIN, "durand")
    assert accounts.session_identity(con, token) is None
    with pytest.raises(accounts.SignInRefused, match="désactivé|incorrect"):
        accounts.authenticate(con, "durand", PASSWORD, now=later)


def test_demo_accounts_last_as_long_as_the_demo_town(con, tmp_path):
    path = write_csv(
        tmp_path / "r.csv",
        ["N° chrono", "Date d'arrivée", "Service"],
        [["A1", fr(D(2026, 1, 5)), "CCAS"]],
    )
    batch = commit_import(con, prepare_import(con, path, CONFIG.organisation)).batch_id
    accounts.seed_demo(con, [batch])
    assert accounts.is_demo_town(con) and accounts.anonymous_reading(con)
    assert accounts.authenticate(con, "demo.qualite", accounts.DEMO_PASSWORD).role == (
        "responsable qualité"
    )
    assert not accounts.has_real_accounts(con)
    undo_import(con, batch)
    assert not accounts.is_demo_town(con) and not accounts.anonymous_reading(con)
    with pytest.raises(accounts.SignInRefused):
        accounts.authenticate(con, "demo.qualite", accounts.DEMO_PASSWORD)
    change_setting(con, ADMIN, ANONYMOUS_READING, "oui")
    assert accounts.anonymous_reading(con)


def run_cli(*args, stdin: str | None = None, monkeypatch=None, capsys=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_cli_accounts_and_writes_check_the_role(tmp_path, monkeypatch, capsys):
    db = str(tmp_path / "q.duckdb")
    monkeypatch.delenv("QUALIBOARD_USER", raising=False)

    def run(*a, stdin=None):
        return run_cli(
            *a,
            "--db",
            db,
            stdin=stdin,
            monkeypatch=monkeypatch,
            capsys=capsys,
        )

    # A database without account: the installer creates the first administrator.
    code, out = run(
        "users",
        "add",
        "alice",
        "--name",
        "Alice",
        "--role",
        "administrateur",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert code == 0 and "Compte « alice » créé" in out
    code, out = run(
        "users", "add", "lea", "--role", "lecteur", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert code == 1 and "indiquez le vôtre avec --user" in out
    code, out = run(
        "users",
        "add",
        "lea",
        "--role",
        "lecteur",
        "--user",
        "alice",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert code == 0
    code, out = run(
        "users",
        "add",
        "agent@ville.fr",
        "--role",
        "pilote",
        "--services",
        "CCAS",
        "--oidc",
        "--user",
        "alice",
    )
    assert code == 0
    code, out = run("users", "role", "lea", "responsable qualité", "--user", "lea")
    assert code == 1 and "Accès refusé" in out and "gérer les comptes" in out
    code, out = run("users", "role", "lea", "responsable qualité", "--user", "alice")
    assert code == 0
    code, out = run("users", "disable", "agent@ville.fr", "--user", "alice")
    assert code == 0
    code, out = run("users", "list")
    assert "agent@ville.fr" in out and "fournisseur d'identité" in out and "lea" in out
    letters = write_csv(
        tmp_path / "r.csv",
        ["N° chrono", "Date d'arrivée", "Service"],
        [["A1", fr(D(2026, 1, 5)), "CCAS"]],
    )
    code, out = run("import", str(letters))
    assert code == 1 and "--user" in out
    code, out = run("import", str(letters), "--user", "agent@ville.fr")
    assert code == 1 and "inconnu ou désactivé" in out
    code, out = run("users", "role", "agent@ville.fr", "lecteur", "--user", "alice")
    code, out = run("users", "enable", "agent@ville.fr", "--user", "alice")
    code, out = run("import", str(letters), "--user", "agent@ville.fr")
    assert code == 1 and "ne permet pas de importer" in out.replace("d'importer", "de importer")
    monkeypatch.setenv("QUALIBOARD_USER", "lea")
    code, out = run("import", str(letters))
    assert code == 0, out
    code, out = run("undo", "1")
    assert code == 0, out
    con = connect(db)
    entries = journal(con)
    con.close()
    assert entries["Action"].tolist()[:2] == ["annulation", "import"]
    assert set(entries["Qui"].head(2)) == {"lea"}


def test_every_kind_of_write_is_journaled_with_who_and_what(con, tmp_path, shipped_config):
    path = write_csv(
        tmp_path / "r.csv",
        ["N° chrono", "Date d'arrivée", "Service"],
        [["A1", fr(D(2026, 1, 5)), "CCAS"]],
    )
    batch = commit_import(
        con,
        prepare_import(con, path, CONFIG.organisation),
        identity=QUALITE,
        save_profile_as="registre",
    ).batch_id
    undo_import(con, batch, identity=QUALITE)
    month = D(2026, 10, 1)
    record_decision(con, "courrier_delai", month, analysis="v1", decisions="", by=QUALITE)
    reference = record_decision(
        con,
        "courrier_delai",
        month,
        analysis="v2",
        decisions="Renfort accueil",
        by=QUALITE,
        action_owner="Accueil",
        today=D(2026, 11, 3),
    )
    close_action(con, reference, closed_on=D(2026, 11, 20), by=QUALITE)
    record_review(con, month, held_on=D(2026, 11, 4), attendees="Maire, DGS", by=QUALITE)
    accounts.add_account(con, ADMIN, "lea", name="Léa", role="lecteur", password=PASSWORD)
    accounts.set_role(con, ADMIN, "lea", "pilote", ("CCAS",))
    accounts.set_password(con, ADMIN, "lea", PASSWORD + "!")
    accounts.set_disabled(con, ADMIN, "lea")
    accounts.set_disabled(con, ADMIN, "lea", False)
    change_setting(con, ADMIN, ANONYMOUS_READING, "non")
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(accounts.SignInRefused):
            accounts.authenticate(con, "lea", "mauvais")
    entries = journal(con).iloc[::-1]
    assert entries["Action"].tolist() == [
        "import",
        "annulation",
        "note",
        "note",
        "action ouverte",
        "action soldée",
        "revue tenue",
        "compte créé",
        "rôle modifié",
        "mot de passe changé",
        "compte désactivé",
        "compte réactivé",
        "réglage",
        "compte verrouillé",
    ]
    by_action = {
        a: (w, d)
        for a, w, d in zip(entries["Action"], entries["Qui"], entries["Détail"], strict=True)
    }
    assert by_action["import"][0] == "Quentin Qualité (quentin)"
    assert "profil de correspondance enregistré : registre" in by_action["import"][1]
    assert "version : 2" in entries[entries["Action"] == "note"]["Détail"].iloc[1]
    assert "analyse : v2" in entries[entries["Action"] == "note"]["Détail"].iloc[1]
    assert "rôle : responsable qualité" in by_action["revue tenue"][1]
    assert "participants : Maire, DGS" in by_action["revue tenue"][1]
    assert "intitulé : Renfort accueil" in by_action["action ouverte"][1]
    assert by_action["rôle modifié"][0] == "Alice Admin (alice)"
    assert "avant : rôle : lecteur, services : aucun" in by_action["rôle modifié"][1]
    # Lists, counts, dates and empty details as a reader writes them, never as Python does.
    assert "après : rôle : pilote, services : « CCAS »" in by_action["rôle modifié"][1]
    assert "date : 04/11/2026" in by_action["revue tenue"][1]
    assert "services : aucun" in by_action["compte créé"][1]
    assert not any("[" in d or "None" in d or ":  ·" in d for d in entries["Détail"])
    assert "après : non" in by_action["réglage"][1]
    assert PASSWORD not in " ".join(entries["Détail"])
    assert all(
        len(t) == 19 and t[2] == "/" for t in entries["Date et heure"]
    )  # 31/01/2026 14:05:12

    # Exportable: CSV for French Excel, XLSX, and a sheet of the annual workbook.
    data = french_csv_bytes(journal(con)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert rows[0] == ["Date et heure", "Qui", "Action", "Détail"] and len(rows) == 15
    book = load_workbook(io.BytesIO(xlsx_bytes({"Journal": journal(con)})))
    assert book["Journal"].max_row == 15
    review = annual_review(con, shipped_config, D(2026, 1, 1), D(2026, 12, 1), D(2026, 11, 3))
    annual = load_workbook(io.BytesIO(annual_xlsx_bytes(review)))
    assert annual["Journal"].max_row == 15
    details = json.loads(
        con.execute("SELECT details FROM audit_log WHERE action = 'note' LIMIT 1").fetchone()[0]
    )
    assert details["rôle"] == "responsable qualité"
