"""Worst files of at most 10 MB: each is imported in its own process, its time and peak memory
measured; every one must be decided (imported or refused) in < 10 s and < 1 GB (issue 11).
The time judged is the one a user of the running dashboard waits: from the file to the committed
import or the refusal, in the importing process; the whole process (about 1.2 s more to start the
interpreter and load pandas and DuckDB) is printed beside it.

    python -m bench.integrity [--folder /tmp/qb_integrity]

Not part of the test run: it writes ~60 MB of files and takes a minute or two.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from openpyxl import Workbook

from tests.integrity import MAIL, cells_xlsx, csv_text, wide_csv

LIMIT_SECONDS = 10
LIMIT_MB = 1024

CHILD = """
import sys
import time
from pathlib import Path
from qualiboard.domain.config import load_config
from qualiboard.store.db import connect
from qualiboard.ingest.batches import commit_import
from qualiboard.ingest.prepare import prepare_import
from qualiboard.ingest.errors import ImportRefused
con = connect(Path(sys.argv[2]))
started = time.perf_counter()
try:
    plan = prepare_import(con, Path(sys.argv[1]), load_config(Path("indicators.yaml")).organisation)
    result = commit_import(con, plan, valid_rows_only=True)
    print("DECIDED", time.perf_counter() - started)
    print("importé :", result.account.sentence()[:150] if result.account else "déjà importé")
except ImportRefused as refused:
    print("DECIDED", time.perf_counter() - started)
    print("refusé :", str(refused)[:150])
    sys.exit(1)
"""


def dense_xlsx(path: Path, rows: int) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Registre")
    sheet.append(MAIL)
    for i in range(rows):
        sheet.append([f"C{i:07d}", f"{i % 28 + 1:02d}/01/2026", "", "Courrier", "CCAS"])
    book.save(path)


def wide_xlsx(path: Path, columns: int, rows: int) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Large")
    sheet.append(MAIL + [f"Q{i}" for i in range(columns - len(MAIL))])
    for i in range(rows):
        sheet.append([f"C{i}", "05/01/2026", "", "Courrier", "CCAS"] + [i] * (columns - 5))
    book.save(path)


def repeated_ods(path: Path) -> None:
    """An OpenDocument sheet whose one row is repeated a million times, 16,384 cells wide."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="F">'
        '<table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    path.write_bytes(buffer.getvalue())


def files(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = {
        "deux_cellules.xlsx": cells_xlsx({"A1": "x", "XFD1048576": "y"}),
        "dimension_declaree.xlsx": cells_xlsx({"A1": "x"}, dimension="A1:XFD1048576"),
        "colonnes_vides_200000.csv": wide_csv(200_000),
        "colonnes_vides_2000.csv": lambda p: p.write_text(
            ";".join(MAIL) + "\n" + (";" * 1999 + "\n") * 2500, encoding="utf-8"
        ),
        "courrier_10mo.csv": lambda p: p.write_text(
            csv_text(
                MAIL, [[f"C{i}", "05/01/2026", "", "Courrier", "CCAS"] for i in range(300_000)]
            ),
            encoding="utf-8",
        ),
        "courrier_7mo.xlsx": lambda p: dense_xlsx(p, 330_000),
        "courrier_10mo.xlsx": lambda p: dense_xlsx(p, 470_000),
        "large_1990_colonnes.xlsx": lambda p: wide_xlsx(p, 1990, 1400),
        "repetee.ods": repeated_ods,
    }
    paths = []
    for name, write in made.items():
        path = folder / name
        if not path.exists():
            write(path)
        paths.append(path)
    return paths


def measure(path: Path, folder: Path) -> tuple[float, float, float, int, str]:
    """Seconds to decide (in the importing process, from the file to the committed import or
    the refusal: what a user of the running dashboard waits), seconds of the whole process
    (interpreter and libraries loaded too), peak resident memory (MiB, GNU time), exit code and
    verdict of one import."""
    database = folder / f"{path.stem}.duckdb"
    database.unlink(missing_ok=True)
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "MAXRSS %M", sys.executable, "-c", CHILD, str(path), str(database)],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    decided, peak = elapsed, 0.0  # a child that died decided nothing before its end
    for line in (done.stdout + done.stderr).splitlines():
        if line.startswith("MAXRSS "):
            peak = int(line.split()[1]) / 1024
        elif line.startswith("DECIDED "):
            decided = float(line.split()[1])
    said = [
        x
        for x in (done.stdout + done.stderr).strip().splitlines()
        if not x.startswith(("MAXRSS", "DECIDED", "Command exited"))
    ]
    return decided, elapsed, peak, done.returncode, said[-1] if said else ""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", type=Path, default=Path("/tmp/qb_integrity"))
    args = parser.parse_args()
    failed = 0
    print(
        f"{'fichier':<28} {'Mo':>6} {'décidé s':>9} {'processus s':>12} {'Mio max':>8} code  verdict"
    )
    for path in files(args.folder):
        decided, elapsed, megabytes, code, said = measure(path, args.folder)
        size = path.stat().st_size / 1e6
        over = decided > LIMIT_SECONDS or megabytes > LIMIT_MB
        failed += over
        flag = "  TROP" if over else ""
        print(
            f"{path.name:<28} {size:>6.2f} {decided:>9.2f} {elapsed:>12.2f} {megabytes:>8.0f} "
            f"{code:>4}  {said}{flag}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
