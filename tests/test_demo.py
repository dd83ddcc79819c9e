import datetime as dt
import hashlib
import re
import subprocess
import sys

from qualiboard.demo.generators import GENERATORS, generate
from qualiboard.engine.indicators import compute_all
from tests.conftest import DEMO_TODAY, ROOT, SAMPLES


def digests(folder) -> dict[str, str]:
    return {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name, _ in GENERATORS
    }


def test_generator_is_deterministic_and_matches_the_committed_samples(tmp_path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(first, dt.date(2026, 10, 1), seed=2026)
    generate(second, dt.date(2026, 10, 1), seed=2026)
    generate(other, dt.date(2026, 10, 1), seed=7)
    assert digests(first) == digests(second)
    assert digests(first) != digests(other)
    # The spreadsheets committed under data/samples are exactly what the generator writes.
    assert digests(first) == digests(SAMPLES)


def test_demo_town_has_every_source_and_36_months(demo_db):
    import duckdb

    con = duckdb.connect(str(demo_db), read_only=True)
    counts = {
        kind: con.execute(f"SELECT count(*) FROM {kind}").fetchall()[0][0]
        for kind in (
            "correspondence",
            "complaints",
            "reports",
            "survey_answers",
            "phone_calls",
            "counter_visits",
            "measurements",
            "actions",
        )
    }
    assert all(count > 0 for count in counts.values()), counts
    months = con.execute(
        "SELECT count(DISTINCT date_trunc('month', received_on)) FROM correspondence"
    ).fetchall()[0][0]
    assert months == 36
    services = con.execute("SELECT count(DISTINCT service) FROM correspondence").fetchall()[0][0]
    assert services == 12  # spellings such as 'ETAT CIVIL' were folded into the declared names
    no_end = con.execute(
        "SELECT count(*) FROM reports WHERE status = 'traité' AND resolved_on IS NULL"
    ).fetchall()[0][0]
    assert no_end > 0  # the deliberate data-quality defect
    con.close()


def test_every_indicator_computes_on_the_demo_town(demo_db, shipped_config):
    from qualiboard.store.db import connect

    con = connect(demo_db)
    results = compute_all(
        con, shipped_config, start=dt.date(2025, 11, 1), end=dt.date(2026, 10, 1), today=DEMO_TODAY
    )
    con.close()
    for indicator in shipped_config.indicators:
        values = results.loc[results["indicator_id"] == indicator.id, "value"]
        assert values.notna().sum() > 0, indicator.id
    monthly = results[results["frequency"] == "monthly"]
    # Monthly indicators have a value in every one of the last 12 months.
    per_indicator = monthly.groupby("indicator_id")["value"].apply(lambda v: v.notna().sum())
    assert per_indicator.min() == 12, per_indicator[per_indicator < 12]
    statuses = set(results["status"])
    assert {"atteint", "vigilance", "non atteint"} <= statuses


def test_cli_demo_if_empty_and_compute(tmp_path):
    db = tmp_path / "demo.duckdb"
    run = lambda *args: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "qualiboard", *args, "--db", str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    loaded = run("demo", "--if-empty", "--no-generate")
    assert loaded.returncode == 0, loaded.stderr
    assert "Démonstration chargée" in loaded.stdout
    # Its time in French: « chargée en 6,5 s », not « 6.5 s ».
    assert re.search(r"chargée en \d+,\d s", loaded.stdout), loaded.stdout
    again = run("demo", "--if-empty", "--no-generate")
    assert "déjà des données" in again.stdout
    table = run(
        "compute",
        "--indicator",
        "signalement_traites",
        "--from",
        "2026-10",
        "--to",
        "2026-10",
        "--today",
        "2026-11-03",
    )
    assert table.returncode == 0, table.stderr
    assert "oct. 2026" in table.stdout and "%" in table.stdout
    csv = run(
        "compute",
        "--indicator",
        "courrier_delai",
        "--from",
        "2026-09",
        "--to",
        "2026-10",
        "--by",
        "service",
        "--format",
        "csv",
        "--today",
        "2026-11-03",
    )
    lines = csv.stdout.splitlines()
    assert lines[0].startswith("Code;Indicateur;Début de période;Fin de période;Fréquence;")
    october = [line for line in lines[1:] if ";01/10/2026;" in line]
    assert october and all(line.count(";") == lines[0].count(";") for line in october)
    assert lines[0].split(";")[6] == "Valeur"
    assert any("," in line.split(";")[6] for line in october)  # decimal comma in the value
    unknown = run("compute", "--indicator", "nope")
    assert unknown.returncode == 2 and "indicateur inconnu" in unknown.stderr
