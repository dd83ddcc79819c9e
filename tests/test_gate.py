"""The database shared between processes, writes taking turns, the drop folder, backups: the core
parts of running in production (issue 15), on real files and real processes."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from qualiboard.ingest.depot import DEPOT_AUTHOR, Watcher, import_dropped
from qualiboard.ingest.prepare import prepare_import
from qualiboard.store.backup import BackupError, backup, restore
from qualiboard.store.db import connect
from qualiboard.store.gate import DatabaseBusy, Gate
from qualiboard.store.writer import write_turn
from tests.conftest import DEMO_TODAY, ROOT

HOLD = """
import sys, time
from qualiboard.store.gate import gate
with gate(sys.argv[1], sys.argv[3]).session():
    print("tenue", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def letters(path: Path, count: int, answered: str = "30/10/2026", prefix: str = "G") -> Path:
    lines = ["N° chrono;Date d'arrivée;Date de réponse;Canal;Service"]
    lines += [f"{prefix}-{i:04d};01/10/2026;{answered};Courrier;CCAS" for i in range(count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def hold(db: Path, seconds: float, holder: str = "le tableau de bord") -> subprocess.Popen:
    """Another process holding the database, as the dashboard does during a page run."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), str(seconds), holder],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "tenue"
    return process


def test_a_second_process_waits_its_turn_then_gets_the_database(tmp_path):
    db = tmp_path / "q.duckdb"
    connect(db).close()
    holder = hold(db, 1.5)
    said: list[str] = []
    started = time.monotonic()
    with Gate(db, "la commande test").session(wait=20, on_wait=said.append) as con:
        waited = time.monotonic() - started
        assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] > 0
    holder.wait(timeout=20)
    assert 0.5 < waited < 10
    assert said == [f"Base occupée par le tableau de bord (processus {holder.pid}), nouvel essai…"]


def test_a_process_gives_up_after_the_bound_with_a_french_message(tmp_path):
    db = tmp_path / "q.duckdb"
    connect(db).close()
    holder = hold(db, 4)
    with pytest.raises(DatabaseBusy) as busy, Gate(db, "la commande test").session(wait=0.6):
        pass
    holder.wait(timeout=20)
    assert "occupée par le tableau de bord" in str(busy.value)
    assert "QUALIBOARD_WAIT" in str(busy.value)


def test_the_file_is_closed_when_the_last_piece_of_work_ends(tmp_path):
    """While two sessions of a process hold it, another process cannot open it; after the
    last one, it can at once (no file kept open between page runs)."""
    db = tmp_path / "q.duckdb"
    gate = Gate(db, "le tableau de bord")
    probe = [sys.executable, "-c", f"import duckdb; duckdb.connect({str(db)!r}).close()"]
    with gate.session(), gate.session() as second:
        second.execute("CREATE TABLE t AS SELECT 1 AS a")
        assert subprocess.run(probe, capture_output=True).returncode != 0
    assert subprocess.run(probe, capture_output=True).returncode == 0


def test_the_holder_lets_a_waiting_process_in_before_starting_new_work(tmp_path):
    """A waiting command leaves a mark: the dashboard finishes its current run, closes the file
    and lets the command in before its next run."""
    db = tmp_path / "q.duckdb"
    connect(db).close()
    gate = Gate(db, "le tableau de bord", linger=30)
    with gate.session():
        pass  # the file stays open 30 s for the next run, unless someone waits
    process = subprocess.Popen(
        [sys.executable, "-m", "qualiboard", "imports", "--db", str(db)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.0)
    said: list[str] = []
    with gate.session(wait=30, on_wait=said.append):
        pass  # a new run here sees the command waiting and lets it in first
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out.strip() == "Aucun import."
    assert "Traceback" not in err


def test_two_imports_at_once_take_turns_and_the_second_is_told_who_writes(tmp_path, shipped_config):
    db = tmp_path / "q.duckdb"
    con = connect(db)
    first = letters(tmp_path / "a.csv", 40)
    plan = prepare_import(con, first, shipped_config.organisation, today=DEMO_TODAY)
    said: list[str] = []
    outcome: dict = {}

    def second_session() -> None:
        from qualiboard.ingest.batches import commit_import

        cursor = con.cursor()
        outcome["result"] = commit_import(cursor, plan, identity=DEPOT_AUTHOR, on_wait=said.append)

    with write_turn("import", "Mme Durand", "« courrier.xlsx »"):
        worker = threading.Thread(target=second_session)
        worker.start()
        time.sleep(0.5)
        assert worker.is_alive()  # waiting for its turn, not writing beside the first
        assert said == [
            "Import en cours par Mme Durand (« courrier.xlsx ») : le vôtre passera ensuite…"
        ]
    worker.join(timeout=60)
    assert outcome["result"].inserted == 40


def test_the_same_file_imported_by_two_sessions_at_once_is_imported_once(tmp_path, shipped_config):
    """Both sessions prepared the file before either wrote: the one that waited finds it in."""
    from qualiboard.ingest.batches import commit_import

    db = tmp_path / "q.duckdb"
    con = connect(db)
    path = letters(tmp_path / "a.csv", 30)
    plans = [prepare_import(con, path, shipped_config.organisation, today=DEMO_TODAY) for _ in "ab"]
    results = []
    threads = [
        threading.Thread(
            target=lambda p=p: results.append(commit_import(con.cursor(), p, identity=DEPOT_AUTHOR))
        )
        for p in plans
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(r.already_imported for r in results) == [False, True]
    assert con.execute("SELECT count(*) FROM correspondence").fetchone()[0] == 30
    assert con.execute("SELECT count(*) FROM import_batches").fetchone()[0] == 1


def test_a_file_being_written_is_not_taken_until_it_stops_changing(tmp_path):
    depot = tmp_path / "depot"
    depot.mkdir()
    watcher = Watcher(depot)
    path = depot / "courrier.csv"
    path.write_text("N° chrono;Date d'arrivée\n", encoding="utf-8")
    now = path.stat().st_mtime
    assert watcher.ready(now + 10) == []  # first look: not known yet
    with path.open("a", encoding="utf-8") as grow:
        grow.write("A-1;01/10/2026\n")
    grown = path.stat().st_mtime
    assert watcher.ready(grown + 10) == []  # changed since the last look
    assert watcher.ready(grown + 0.5) == []  # unchanged, but too recent
    assert watcher.ready(grown + 10) == [path]
    path.unlink()  # moved to importés/ by the watcher
    (depot / "~$courrier.xlsx").write_bytes(b"lock")
    (depot / ".partiel.csv").write_bytes(b"x")
    assert watcher.ready(grown + 20) == []
    assert watcher.ready(grown + 30) == []


def test_a_dropped_file_is_imported_as_the_page_would_and_moved(tmp_path, shipped_config):
    db = tmp_path / "q.duckdb"
    con = connect(db)
    depot = tmp_path / "depot"
    depot.mkdir()
    path = letters(depot / "courrier.csv", 25)
    outcome = import_dropped(con, path, shipped_config.organisation, today=DEMO_TODAY)
    assert outcome.imported, outcome.message
    assert outcome.moved_to.parent == depot / "importés"
    assert outcome.moved_to.name.endswith("_courrier.csv")
    assert not path.exists()
    row = con.execute("SELECT imported_by, rows_inserted, as_of FROM import_batches").fetchone()
    assert row[0] == "dépôt automatique"
    assert row[1] == 25
    assert str(row[2]) == "2026-10-30"  # « données au » as for a manual import


def test_a_refused_dropped_file_gets_a_french_report_and_the_base_is_unchanged(
    tmp_path, shipped_config
):
    db = tmp_path / "q.duckdb"
    con = connect(db)
    depot = tmp_path / "depot"
    depot.mkdir()
    bad = depot / "courrier.csv"
    bad.write_text(
        "N° chrono;Date d'arrivée;Date de réponse;Canal;Service\n"
        "B-1;01/10/2026;30/10/2026;Courrier;CCAS\n"
        "B-2;pas une date;30/10/2026;Courrier;CCAS\n",
        encoding="utf-8",
    )
    outcome = import_dropped(con, bad, shipped_config.organisation, today=DEMO_TODAY)
    assert not outcome.imported
    assert outcome.moved_to.parent == depot / "refusés"
    report = outcome.moved_to.with_name(outcome.moved_to.name + ".txt").read_text(encoding="utf-8")
    assert "REFUSÉ — " in report
    assert "ligne 3" in report
    assert "Rien n'a été importé" in report
    assert con.execute("SELECT count(*) FROM import_batches").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM correspondence").fetchone()[0] == 0
    unreadable = depot / "compte-rendu.pdf"
    unreadable.write_bytes(b"%PDF-1.4")
    outcome = import_dropped(con, unreadable, shipped_config.organisation, today=DEMO_TODAY)
    assert "format « .pdf » non lu" in outcome.message


def test_backup_while_held_and_restore_give_back_the_same_data(tmp_path, shipped_config):
    from qualiboard.ingest.batches import import_file

    db = tmp_path / "q.duckdb"
    gate = Gate(db, "la commande sauvegarde")
    with gate.session() as con:
        import_file(con, letters(tmp_path / "a.csv", 12), shipped_config.organisation)
        assert backup(con, db, tmp_path / "sauvegardes" / "s.duckdb") == 1
        import_file(con, letters(tmp_path / "b.csv", 5, prefix="H"), shipped_config.organisation)
    count, kept = restore(tmp_path / "sauvegardes" / "s.duckdb", db)
    assert count == 1 and kept is not None and kept.exists()
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM correspondence").fetchone()[0] == 12
    con.close()
    (tmp_path / "autre.duckdb").write_bytes(b"pas une base")
    with pytest.raises(BackupError, match="n'est pas une base DuckDB lisible"):
        restore(tmp_path / "autre.duckdb", db)


def test_background_work_waits_until_the_readers_have_finished(tmp_path):
    """Figures computed ahead let page runs go first: `wait_until_idle` returns when the last
    piece of work of the process has closed its session, not before."""
    import threading
    import time

    from qualiboard.store.gate import Gate

    gate = Gate(tmp_path / "base.duckdb", "le tableau de bord")
    with gate.session():
        worker_done = []

        def background() -> None:
            gate.wait_until_idle(timeout=5.0)
            worker_done.append(time.monotonic())

        worker = threading.Thread(target=background)
        worker.start()
        time.sleep(0.5)
        assert not worker_done  # the reader's session is still open
        closing = time.monotonic()
    worker.join(timeout=5)
    assert worker_done and worker_done[0] >= closing
    started = time.monotonic()
    gate.wait_until_idle(timeout=5.0)  # nobody holds it: no wait
    assert time.monotonic() - started < 0.1
