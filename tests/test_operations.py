"""Acceptance of issue 15 on the real dashboard (`streamlit run`, one server for the module): every
command of the command line beside it, two imports from two browser sessions at once, files
dropped in the drop folder. French output, exit codes, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.helpers import sign_in
from tests.test_browser import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    playwright_api,
    screenshot,
    served,
    wait_for_app,
)
from tests.test_gate import hold, letters


@pytest.fixture(scope="module")
def ops(tmp_path_factory, demo_db):
    """The dashboard served on a copy of the demo base, its drop folder looked at every second."""
    folder = tmp_path_factory.mktemp("ops")
    depot = folder / "partage" / "depot"
    saved = {k: os.environ.get(k) for k in ("QUALIBOARD_DEPOT_INTERVAL", "QUALIBOARD_DEPOT")}
    os.environ["QUALIBOARD_DEPOT_INTERVAL"] = "1"
    os.environ["QUALIBOARD_DEPOT"] = str(depot)
    try:
        with served(folder, demo_db) as url:
            yield {"url": url, "db": folder / "demo.duckdb", "depot": depot, "tmp": folder}
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="module")
def chromium():
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def cli(db: Path, *args: str, stdin: str | None = None, **env: str):
    """`python -m qualiboard …` on the served base; never a traceback, whatever the outcome."""
    done = subprocess.run(
        [sys.executable, "-m", "qualiboard", *args, "--db", str(db)],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "QUALIBOARD_DEPOT_INTERVAL": "0", **env},
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def visit(chromium, url: str, role: str = "responsable qualité"):
    context = chromium.new_context(viewport={"width": 1400, "height": 1800}, locale="fr-FR")
    page = context.new_page()
    sign_in(page, url, role)
    return page


def test_every_command_works_beside_the_running_dashboard(ops, chromium):
    db, url, tmp = ops["db"], ops["url"], ops["tmp"]
    page = visit(chromium, url)
    page.goto(f"{url}/?mois=2026-10")
    page.get_by_text("engagements sur").first.wait_for(timeout=60_000)

    done = cli(db, "imports")
    assert done.returncode == 0 and "données au" in done.stdout and "— par " in done.stdout
    done = cli(db, "check", "--config", str(ROOT / "indicators.yaml"))
    assert done.returncode == 0 and "indicateurs valides" in done.stdout
    done = cli(
        db, "compute", "--indicator", "courrier_delai", "--to", "2026-10", "--today", "2026-11-03"
    )
    assert done.returncode == 0 and "courrier_delai" in done.stdout
    done = cli(
        db,
        "export",
        "--year",
        "2026",
        "--format",
        "csv",
        "--today",
        "2026-11-03",
        "--out",
        str(tmp / "bilan.csv"),
    )
    assert done.returncode == 0 and "Bilan" in done.stdout
    assert (tmp / "bilan.csv").read_bytes().startswith(b"\xef\xbb\xbf")

    # Writes, as the named account (the demo base has accounts).
    done = cli(
        db, "import", str(letters(tmp / "cli.csv", 30, prefix="CLI")), "--user", "demo.qualite"
    )
    assert done.returncode == 0, done.stderr
    assert "importé, import n°" in done.stdout
    batch = done.stdout.split("import n° ")[1].split()[0].strip(" :;")
    page.goto(f"{url}/import")
    # The dashboard sees it at once: the newest import is the one offered for undo.
    page.get_by_text(f"écartées de l'import n° {batch} (CSV)").first.wait_for(timeout=60_000)
    done = cli(db, "undo", batch, "--user", "demo.qualite")
    assert done.returncode == 0 and "annulé" in done.stdout
    done = cli(
        db,
        "users",
        "add",
        "ops.test",
        "--role",
        "lecteur",
        "--password-stdin",
        "--user",
        "demo.admin",
        stdin="un mot de passe long 2026\n",
    )
    assert done.returncode == 0 and "créé" in done.stdout, done.stderr
    for action in (
        ["role", "ops.test", "pilote", "--services", "CCAS"],
        ["disable", "ops.test"],
        ["enable", "ops.test"],
    ):
        done = cli(db, "users", *action, "--user", "demo.admin")
        assert done.returncode == 0, done.stderr
    done = cli(
        db,
        "users",
        "password",
        "ops.test",
        "--password-stdin",
        "--user",
        "demo.admin",
        stdin="un autre mot de passe 2026\n",
    )
    assert done.returncode == 0 and "changé" in done.stdout
    done = cli(db, "users", "list")
    assert done.returncode == 0 and "ops.test" in done.stdout
    done = cli(db, "demo", "--if-empty", "--no-generate")
    assert done.returncode == 0 and "déjà des données" in done.stdout
    # A refusal is still French and non-zero.
    done = cli(db, "undo", "9999", "--user", "demo.qualite")
    # A "base occupée" retry notice may come first when the dashboard holds the lock.
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == "Impossible : import n° 9999 introuvable"

    # Backup while the dashboard runs, restored into another file: the same imports.
    done = cli(db, "sauvegarde", str(tmp / "sauvegardes" / "q.duckdb"))
    assert done.returncode == 0 and "vérifiée" in done.stdout
    restored = tmp / "restauree.duckdb"
    done = cli(restored, "restauration", str(tmp / "sauvegardes" / "q.duckdb"))
    assert done.returncode == 0 and "restaurée" in done.stdout
    assert cli(restored, "imports").stdout == cli(db, "imports").stdout

    # The dashboard still serves, with no English error after all this.
    page.goto(f"{url}/?mois=2026-10")
    page.get_by_text("engagements sur").first.wait_for(timeout=60_000)
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    page.context.close()


def test_a_held_base_makes_commands_and_pages_wait_and_say_so_in_french(ops, chromium):
    db, url = ops["db"], ops["url"]
    holder = hold(db, 10)  # longer than a command takes to start on a busy machine
    done = cli(db, "compute", "--indicator", "courrier_delai", "--today", "2026-11-03")
    holder.wait(timeout=30)
    assert done.returncode == 0
    # Told who holds the base (or, when the dashboard's watcher queued first, who goes first).
    assert "Base occupée par le tableau de bord" in done.stderr or (
        "Base demandée aussi par le tableau de bord" in done.stderr
    )

    holder = hold(db, 30, "la commande « import »")
    try:
        done = cli(db, "imports", QUALIBOARD_WAIT="1")
        assert done.returncode == 3
        assert "occupée par la commande « import »" in done.stderr
        assert "Base occupée : base « " in done.stderr and "réessayez" in done.stderr
        done = cli(db, "restauration", str(ops["tmp"] / "sauvegardes" / "q.duckdb"))
        assert done.returncode == 3 and "arrêtez d'abord le tableau de bord" in done.stderr
        # A page opened meanwhile waits and says why, then shows once the base is free.
        page = visit_anonymous(chromium, url)
        page.get_by_text("Base occupée par").first.wait_for(timeout=30_000)
        screenshot(page, "exploitation_base_occupee.png")
    finally:
        holder.terminate()
        holder.wait(timeout=20)
    page.get_by_text("engagements sur").first.wait_for(timeout=60_000)
    assert page.get_by_text("IOException").count() == 0
    page.context.close()


def visit_anonymous(chromium, url: str):
    context = chromium.new_context(viewport={"width": 1400, "height": 1200}, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{url}/?mois=2026-10", wait_until="commit")
    return page


def test_two_sessions_importing_at_once_take_turns(ops, chromium):
    """Two registers of 3,000 letters each, uploaded by two people who confirm at the same
    moment: the imports run one after the other and both are in the history. Their references
    differ: the same letters answered at two dates made the test a race, since the older export
    rightly asks to be confirmed again when the newer one was written first."""
    db, url, tmp = ops["db"], ops["url"], ops["tmp"]
    files = [
        letters(tmp / "courrier_durand.csv", 3000, "30/10/2026", prefix="DUR"),
        letters(tmp / "courrier_martin.csv", 3000, "15/10/2026", prefix="MAR"),
    ]
    pages = [visit(chromium, url, "responsable qualité"), visit(chromium, url, "administrateur")]
    for page, path in zip(pages, files, strict=True):
        page.goto(f"{url}/import")
        wait_for_app(page)
        page.locator("input[type=file]").set_input_files(str(path))
        page.get_by_role("button", name="Confirmer l'import").wait_for(timeout=60_000)
        wait_for_app(page)
    for page in pages:  # as close together as two people can click
        page.get_by_role("button", name="Confirmer l'import").click(no_wait_after=True)
    for page in pages:
        page.get_by_text("importé, import n°").first.wait_for(timeout=240_000)
        assert page.get_by_text("Conflict").count() == 0
        assert page.get_by_text("erreur inattendue").count() == 0
    wait_for_app(pages[1])
    screenshot(pages[1], "exploitation_deux_imports.png")
    history = cli(db, "imports").stdout
    assert "courrier_durand.csv" in history and "courrier_martin.csv" in history
    assert "par Responsable qualité de démonstration (demo.qualite)" in history
    assert "par Administrateur de démonstration (demo.admin)" in history or "demo.admin" in history
    for page in pages:
        page.context.close()


def test_a_dropped_file_is_imported_within_a_minute_and_a_bad_one_refused(ops, chromium):
    db, url, depot = ops["db"], ops["url"], ops["depot"]
    depot.mkdir(parents=True, exist_ok=True)
    # A nightly job copies a file slowly: half now, the rest two seconds later.
    lines = letters(ops["tmp"] / "nuit.csv", 400, prefix="NUIT").read_text(encoding="utf-8")
    half = len(lines) // 2
    dropped = depot / "courrier_nuit.csv"
    with dropped.open("w", encoding="utf-8") as copy:
        copy.write(lines[:half])
        copy.flush()
        time.sleep(2.5)
        copy.write(lines[half:])
    (depot / "reclamations.csv").write_text("Ceci n'est pas un export\n", encoding="utf-8")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(depot.glob("*.csv")):
        time.sleep(1)
    imported = list((depot / "importés").glob("*_courrier_nuit.csv"))
    refused = list((depot / "refusés").glob("*_reclamations.csv"))
    assert len(imported) == 1 and len(refused) == 1
    report = refused[0].with_name(refused[0].name + ".txt").read_text(encoding="utf-8")
    assert report.startswith("Fichier : reclamations.csv") and "REFUSÉ — " in report
    history = cli(db, "imports").stdout
    line = next(x for x in history.splitlines() if "courrier_nuit.csv" in x)
    assert "400 lignes lues : 400 ajoutées" in line  # the whole file, not the half first seen
    assert line.endswith("— par dépôt automatique")
    page = visit(chromium, url)
    page.goto(f"{url}/import")
    page.get_by_text("Historique des imports").first.wait_for(timeout=60_000)
    wait_for_app(page)
    screenshot(page, "exploitation_depot.png")  # the history table is drawn, not text
    page.context.close()
