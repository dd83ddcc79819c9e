"""Import benchmark: a generated 100,000-row xlsx and a 1,000,000-row csv imported by Qualiboard,
next to the bare floors (python-calamine reading the workbook, DuckDB's read_csv of the csv).

    python -m bench.imports [--xlsx-rows 100000] [--csv-rows 1000000] [--folder /tmp/qb_bench]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import time
from pathlib import Path

import duckdb
import python_calamine as calamine
from openpyxl import Workbook

from qualiboard.demo.town import SERVICES
from qualiboard.domain.config import load_config
from qualiboard.ingest.batches import import_file
from qualiboard.ingest.gcpause import collector_paused
from qualiboard.ingest.readers import forget_parsed_sheets
from qualiboard.present.formatting import number
from qualiboard.store.db import connect

HEADER = ["N° d'enregistrement", "Date de réception", "Date d'accusé", "Date de réponse", "Canal"]
HEADER += ["Service"]
TODAY = dt.date(2026, 11, 3)


def _letters(count: int, seed: int = 7):
    rng = random.Random(seed)
    first = dt.date(2021, 11, 1)
    names = [name for name, _, _ in SERVICES]
    for i in range(count):
        received = first + dt.timedelta(days=rng.randrange(1800))
        ack = received + dt.timedelta(days=rng.randrange(6))
        answered = None if rng.random() < 0.02 else received + dt.timedelta(days=rng.randrange(40))
        if answered and answered > TODAY:
            answered = None
        channel = rng.choice(("Courrier", "Courriel", "Formulaire en ligne"))
        yield [f"C{i:07d}", received, ack, answered, channel, rng.choice(names)]


def write_xlsx(path: Path, rows: int) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Registre")
    sheet.append(HEADER)
    for row in _letters(rows):
        sheet.append(row)
    workbook.save(path)


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(";".join(HEADER) + "\n")
        for ref, received, ack, answered, channel, service in _letters(rows):
            answer = answered.strftime("%d/%m/%Y") if answered else ""
            out.write(f"{ref};{received:%d/%m/%Y};{ack:%d/%m/%Y};{answer};{channel};{service}\n")


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def calamine_floor(path: Path) -> None:
    workbook = calamine.CalamineWorkbook.from_path(str(path))
    workbook.get_sheet_by_index(0).to_python()


def read_csv_floor(path: Path) -> None:
    duckdb.connect().execute(
        "SELECT * FROM read_csv(?, delim = ';', header = true, all_varchar = true)", [str(path)]
    ).df()


def import_once(path: Path, folder: Path) -> float:
    """Seconds to import `path` into a new database (the file is read, checked, written)."""
    config = load_config("indicators.yaml")
    forget_parsed_sheets()  # each run parses the workbook, as a user's first import does
    database = folder / f"{path.stem}.duckdb"
    database.unlink(missing_ok=True)
    shutil.rmtree(folder / "archive", ignore_errors=True)
    con = connect(database)
    try:
        seconds = timed(
            lambda: import_file(
                con, path, config.organisation, archive_dir=folder / "archive", today=TODAY
            )
        )
        imported = con.execute("SELECT count(*) FROM correspondence").fetchone()[0]
    finally:
        con.close()
    print(f"  {path.name} : {number(imported)} lignes importées")
    return seconds


def best_of(repeat: int, path: Path, folder: Path, floor) -> tuple[float, float]:
    """Fastest of `repeat` runs, for Qualiboard and for the floor alike, taken in turn so that
    both see the same machine load: the minimum is the run least disturbed by other work."""
    ours, floors, paused = [], [], []
    for _ in range(repeat):
        ours.append(import_once(path, folder))
        floors.append(timed(lambda: floor(path)))
        with collector_paused():  # for the record: the read alone, with the collector paused
            paused.append(timed(lambda: floor(path)))
    runs = ", ".join(f"{a:.2f}/{b:.2f}" for a, b in zip(ours, floors, strict=True))
    ratios = sorted(a / b for a, b in zip(ours, floors, strict=True))
    print(f"  {path.name} : essais (import/plancher, s) {runs}")
    print(f"  {path.name} : rapport médian des essais {statistics.median(ratios):.2f}")
    print(
        f"  {path.name} : plancher avec le ramasse-miettes en pause {min(paused):.2f} s, "
        f"rapport {min(ours) / min(paused):.2f}"
    )
    return min(ours), min(floors)


def measure(
    xlsx_rows: int, csv_rows: int, folder: Path, repeat: int = 7
) -> list[tuple[str, float, float]]:
    """(what, Qualiboard seconds, floor seconds) for the two files."""
    folder.mkdir(parents=True, exist_ok=True)
    xlsx, csv = folder / f"courriers_{xlsx_rows}.xlsx", folder / f"courriers_{csv_rows}.csv"
    if not xlsx.exists():
        write_xlsx(xlsx, xlsx_rows)
    if not csv.exists():
        write_csv(csv, csv_rows)
    return [
        (f"import xlsx {number(xlsx_rows)} lignes", *best_of(repeat, xlsx, folder, calamine_floor)),
        (f"import csv {number(csv_rows)} lignes", *best_of(repeat, csv, folder, read_csv_floor)),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Import benchmark")
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--csv-rows", type=int, default=1_000_000)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/qb_bench"))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    for what, ours, floor in measure(args.xlsx_rows, args.csv_rows, args.folder, args.repeat):
        print(f"{what:<32} {ours:7.2f} s  plancher {floor:6.2f} s  rapport {ours / floor:5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
