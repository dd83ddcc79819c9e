"""`make bench`: every benchmark, one table. Each part runs in its own process so that "cold"
means cold and the peak memory is that part's own.

    python -m bench [--records 1000000] [--xlsx-rows 100000] [--csv-rows 1000000]
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
from pathlib import Path

PART = """
import json, resource, sys
from pathlib import Path
part, records, xlsx_rows, csv_rows, db = sys.argv[1], *map(int, sys.argv[2:5]), Path(sys.argv[5])
rows = []
if part == "imports":
    from bench.imports import measure
    for what, ours, floor in measure(xlsx_rows, csv_rows, Path("/tmp/qb_bench")):
        rows.append([what, ours, floor, "lecture seule (calamine / read_csv)"])
elif part == "engine":
    from bench.engine import measure
    result = measure(records, db)
    assert result["disagreements"] == 0, result
    rows.append(["calcul de tous les indicateurs", result["engine"], result["floor"],
                 "requête SQL écrite à la main"])
elif part == "browser":
    import tempfile
    from bench.browser import DEMO_TODAY, FIRST_TARGET, WARM_TARGET, demo_database
    from bench.browser import measure as browse
    from bench.engine import TODAY
    with tempfile.TemporaryDirectory() as folder:
        bases = {"démo": (demo_database(Path(folder)), DEMO_TODAY)}
        bases["1 M"] = (db, TODAY.isoformat())
        for base, (path, today) in bases.items():
            for name, first, warm in browse(path, today):
                if name.startswith("vue-d-ensemble"):
                    # The sidebar's filters come after the page: the target is the page's.
                    note = "cible de la page" if "barre latérale" in name else "cible"
                    rows.append([f"navigateur, {base}, {name}, première visite", first,
                                 FIRST_TARGET[base], note])
                if warm == warm:  # the new tab has no warm figure
                    rows.append([f"navigateur, {base}, {name}, à chaud", warm, WARM_TARGET,
                                 "cible"])
else:
    from bench.overview import render_seconds
    cold, warm = render_seconds(db)
    rows.append(["vue d'ensemble à froid", cold, 3.0, "cible 3 s"])
    rows.append(["vue d'ensemble à chaud", warm, 1.0, "cible 1 s"])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("RESULT " + json.dumps({"rows": rows, "peak_mib": peak}))
"""


def run_part(part: str, args: argparse.Namespace) -> dict:
    command = [sys.executable, "-c", PART, part, str(args.records), str(args.xlsx_rows)]
    command += [str(args.csv_rows), str(args.db)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tous les bancs d'essai, un tableau")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--csv-rows", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/qualiboard_bench.duckdb"))
    args = parser.parse_args(argv)
    print(f"Machine : {platform.processor() or platform.machine()}, {_cores()} cœurs, {_memory()}")
    print("| mesure | secondes | plancher (s) | rapport | plancher | mémoire max (Mio) |")
    print("|---|---:|---:|---:|---|---:|")
    for part in ("imports", "engine", "overview", "browser"):
        result = run_part(part, args)
        for what, seconds, floor, floor_name in result["rows"]:
            ratio = f"{seconds / floor:.2f}".replace(".", ",")
            print(
                f"| {what} | {seconds:.2f} | {floor:.2f} | {ratio} | {floor_name} | "
                f"{result['peak_mib']:.0f} |".replace(".", ",")
            )
    # Ten Chromium pages on the real server: its own process, a browser beside it.
    readers = [sys.executable, "-m", "bench.readers"]
    print(subprocess.run(readers, check=True, capture_output=True, text=True).stdout, end="")
    return 0


def _cores() -> int:
    import os

    return os.cpu_count() or 1


def _memory() -> str:
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        return f"{kib / 1024 / 1024:.0f} Gio de mémoire"
    except (OSError, ValueError, IndexError):
        return "mémoire inconnue"


if __name__ == "__main__":
    raise SystemExit(main())
