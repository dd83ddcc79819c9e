"""An import killed with SIGKILL at any moment leaves a database that opens and holds exactly what
it held before (or, if the kill came after the commit, exactly the finished import)."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time

import pytest

from qualiboard.store.db import connect
from tests.conftest import ROOT

ROWS = 300_000


def fingerprint(con) -> str:
    """Every row of every table, leaving out the clock (import and log times differ between two
    runs of the same import)."""
    digest = hashlib.sha256()
    for (table,) in sorted(con.execute("SHOW TABLES").fetchall()):
        columns = [
            f'"{name}"'
            for name, kind, *_ in con.execute(f'DESCRIBE "{table}"').fetchall()
            if not kind.startswith("TIMESTAMP")
        ]
        rows = con.execute(f'SELECT {", ".join(columns)} FROM "{table}" ORDER BY ALL').fetchall()
        digest.update(f"{table}:{rows!r}".encode())
    return digest.hexdigest()


def write_register(path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("N° chrono;Date d'arrivée;Date de réponse;Canal;Service\n")
        for i in range(rows):
            day = 1 + i % 28
            out.write(
                f"K{i:07d};{day:02d}/0{1 + i % 9}/2025;{day:02d}/1{i % 3}/2025;Courrier;CCAS\n"
            )


def start_import(db, path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "qualiboard", "import", str(path), "--db", str(db)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash")
    path = folder / "registre_2025.csv"
    write_register(path, ROWS)
    return path


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_sigkill_during_a_large_import(tmp_path, register):
    db = tmp_path / "q.duckdb"
    small = tmp_path / "avant.csv"
    write_register(small, 10)
    con = connect(db)
    con.close()
    subprocess.run(
        [sys.executable, "-m", "qualiboard", "import", str(small), "--db", str(db)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    con = connect(db)
    before = fingerprint(con)
    con.close()
    # How long a whole import takes here, on a copy, to kill at chosen moments within it.
    copy = tmp_path / "copie.duckdb"
    copy.write_bytes(db.read_bytes())
    started = time.perf_counter()
    assert start_import(copy, register).wait(timeout=300) == 0
    duration = time.perf_counter() - started
    con = connect(copy)
    after = fingerprint(con)
    con.close()
    outcomes = []
    for fraction in (0.35, 0.6, 0.8, 0.95):
        process = start_import(db, register)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        con = connect(db)  # must open: no corruption, WAL replayed or discarded
        state = fingerprint(con)
        con.close()
        assert state in (before, after), fraction
        outcomes.append("avant" if state == before else "après")
        if state == after:  # the kill came after the commit: start again from the old state
            con = connect(db)
            con.execute("DELETE FROM correspondence WHERE batch_id > 1")
            con.close()
            break
    # The early kills land in the middle of the work: nothing of it is visible.
    assert outcomes[0] == "avant"
