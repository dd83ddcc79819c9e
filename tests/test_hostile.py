"""More than 500 broken or hostile files: each ends in a French refusal or a clean import, within a
time bound, and a refused file leaves the database exactly as it was."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import pytest

from qualiboard.ingest.batches import commit_import
from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.prepare import prepare_import
from qualiboard.store.db import connect
from tests.conftest import make_config
from tests.hostile import corpus, good_csv

SECONDS_PER_FILE = 30
FRENCH_WORDS = ("fichier", "colonne", "ligne", "feuille", "date", "erreur", "aucun", "classeur")
CONFIG = make_config()
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def fingerprint(con) -> str:
    """Every row of every table, hashed: equal fingerprints mean equal databases."""
    digest = hashlib.sha256()
    tables = [r[0] for r in con.execute("SHOW TABLES").fetchall()]
    for table in sorted(tables):
        rows = con.execute(f'SELECT * FROM "{table}" ORDER BY ALL').fetchall()
        digest.update(f"{table}:{rows!r}".encode())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return corpus(tmp_path_factory.mktemp("hostile"))


def test_the_corpus_holds_more_than_500_files(files):
    assert len(files) >= 500
    assert max(p.stat().st_size for p in files) >= 50_000_000


def test_every_hostile_file_is_refused_in_french_or_imported_cleanly(files, tmp_path):
    con = connect(tmp_path / "q.duckdb")
    seed = tmp_path / "registre.csv"
    seed.write_text(good_csv(), encoding="utf-8")
    commit_import(con, prepare_import(con, seed, CONFIG.organisation), archive_dir=tmp_path / "a")
    outcomes: dict[str, str] = {}
    slow, crashes, partial, english = [], [], [], []
    figures: dict[str, float] = {"files": len(files), "read": 0, "worst_seconds": 0.0}
    for path in files:
        before = fingerprint(con)
        started = time.perf_counter()
        try:
            plan = prepare_import(con, path, CONFIG.organisation)
            result = commit_import(con, plan, archive_dir=tmp_path / "a")
            outcomes[path.name] = "importé"
            if result.account is not None:
                # Issue 11: rows read = added + updated + unchanged + set aside, on every file.
                result.account.check()
                figures["read"] += result.account.read
                for outcome, count in result.account.counts().items():
                    figures[outcome] = figures.get(outcome, 0) + count
        except ImportRefused as refused:
            outcomes[path.name] = "refusé"
            message = str(refused)
            if path.name not in message or not any(w in message.lower() for w in FRENCH_WORDS):
                english.append((path.name, message))
            if fingerprint(con) != before:
                partial.append(path.name)
        except Exception as exc:  # noqa: BLE001 - anything else is the defect this test hunts
            crashes.append((path.name, repr(exc)[:200]))
            if fingerprint(con) != before:
                partial.append(path.name)
        elapsed = time.perf_counter() - started
        if elapsed > figures["worst_seconds"]:
            figures["worst_seconds"], figures["worst_file"] = elapsed, path.name
        if elapsed > SECONDS_PER_FILE:
            slow.append(path.name)
    con.close()
    figures["refused"] = sum(1 for o in outcomes.values() if o == "refusé")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "hostile_corpus.json").write_text(json.dumps(figures, indent=1))
    assert not crashes, "\n".join(f"{n}: {e}" for n, e in crashes)
    assert not partial, partial
    assert not english, english[:5]
    assert not slow, slow
    # The corpus is mostly broken: most files are refused, a few odd-but-valid ones import.
    assert sum(1 for o in outcomes.values() if o == "refusé") > 350
    assert outcomes["bombe.xlsx"] == "refusé"
    assert outcomes["mot_de_passe.xlsx"] == "refusé"
    assert outcomes["vide.csv"] == "refusé"
    assert outcomes["gros_binaire.csv"] == "refusé"
    # Odd but readable encodings import: UTF-16 with or without its mark, Windows-1252,
    # UTF-8 with stray Windows-1252 lines or a cut last character.
    for readable in (
        "encodage_utf-16.csv",
        "encodage_utf-16-le.csv",
        "encodage_utf-16-be.csv",
        "encodage_cp1252.csv",
        "encodage_latin-1.csv",
        "mixte_utf8_cp1252.csv",
        "utf8_mal_decoupe.csv",
    ):
        assert outcomes[readable] == "importé", readable


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bombe.xlsx", "taille anormale"),
        ("mot_de_passe.xlsx", "mot de passe"),
        ("vide.xlsx", "vide"),
        ("binaire_00.csv", "n'est pas un fichier texte"),
        ("entetes_seules.csv", "aucune ligne de données"),
        ("dates_extremes_0.csv", "invraisemblable"),
        ("dates_extremes_1.csv", "futur"),
    ],
)
def test_refusals_say_why(files, tmp_path, name, expected):
    path = next(p for p in files if p.name == name)
    con = connect(tmp_path / "q.duckdb")
    with pytest.raises(ImportRefused) as refused:
        commit_import(con, prepare_import(con, path, CONFIG.organisation), archive_dir=tmp_path)
    con.close()
    details = [p.describe(name) for p in refused.value.problems]
    assert expected in " ".join([str(refused.value), *details])


def test_a_file_of_another_kind_forced_as_mail_is_refused(files, tmp_path):
    path = next(p for p in files if p.name == "autre_type_signalements.csv")
    con = connect(tmp_path / "q.duckdb")
    with pytest.raises(ImportRefused) as refused:
        plan = prepare_import(con, path, CONFIG.organisation, kind="correspondence")
        commit_import(con, plan, archive_dir=tmp_path)
    con.close()
    details = " ".join(p.describe(path.name) for p in refused.value.problems)
    assert "colonne obligatoire introuvable : Date de réception" in details
