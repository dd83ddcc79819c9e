"""Shared fixtures: real DuckDB files in temporary folders, the real catalogue, the demo town."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from qualiboard.domain.config import Config, load_config, parse_config
from qualiboard.ingest.batches import import_file
from qualiboard.store.accounts import seed_demo
from qualiboard.store.db import connect

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = ROOT / "data" / "samples"
DEMO_TODAY = dt.date(2026, 11, 3)
# No drop-folder watcher (nor figures computed ahead) in the app of every page test: the tests
# of the watcher start their own server with it on (tests/test_operations.py).
os.environ.setdefault("QUALIBOARD_DEPOT_INTERVAL", "0")

MINIMAL_CONFIG = """
organisation:
  name: Ville test
  territory: {territory}
  services:
    - name: État civil
      aliases: [EC, Etat-civil]
    - name: CCAS
indicators:
{indicators}
"""


def make_config(indicators: str = "  []", territory: str = "metropole") -> Config:
    return parse_config(MINIMAL_CONFIG.format(indicators=indicators, territory=territory))


@pytest.fixture
def con(tmp_path):
    connection = connect(tmp_path / "test.duckdb")
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def shipped_config() -> Config:
    return load_config(ROOT / "indicators.yaml")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, shipped_config) -> Path:
    """The committed demo spreadsheets imported into a database, once per test session."""
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.duckdb"
    connection = connect(path)
    batches = []
    for name in sorted(p.name for p in SAMPLES.iterdir()):
        result = import_file(
            connection,
            SAMPLES / name,
            shipped_config.organisation,
            archive_dir=folder / "archive",
            today=DEMO_TODAY,
        )
        batches.append(result.batch_id)
    # As `python -m qualiboard demo` does: the demo town, its accounts, reading without sign-in.
    seed_demo(connection, batches)
    connection.close()
    return path


@pytest.fixture
def demo_copy(demo_db, tmp_path) -> Path:
    """A private copy of the demo database, for tests that write."""
    target = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, target)
    return target
