"""Overview render benchmark: the real app (AppTest) on the 1,000,000-records-per-source database,
cold (first run in a new process: empty caches) and warm (same view again).

    python -m bench.overview [--records 1000000] [--db /tmp/qualiboard_bench.duckdb]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from bench.engine import TODAY
from bench.synthetic import build

ROOT = Path(__file__).resolve().parent.parent


def render_seconds(db: Path) -> tuple[float, float]:
    """(cold, warm) seconds of a full run of dashboard.py on the overview page."""
    from streamlit.testing.v1 import AppTest

    os.environ["QUALIBOARD_DB"] = str(db)
    os.environ["QUALIBOARD_TODAY"] = TODAY.isoformat()
    timings = []
    for _ in range(2):
        app = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
        started = time.perf_counter()
        app.run()
        timings.append(time.perf_counter() - started)
        if app.exception:
            raise RuntimeError([e.value for e in app.exception])
    return timings[0], timings[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Overview render benchmark")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/qualiboard_bench.duckdb"))
    parser.add_argument("--reuse", action="store_true", help="keep an existing benchmark database")
    args = parser.parse_args(argv)
    if not (args.reuse and args.db.exists()):
        args.db.unlink(missing_ok=True)
        build(args.db, args.records).close()
    cold, warm = render_seconds(args.db)
    print(f"vue d'ensemble à froid : {cold:.2f} s (cible < 3 s)")
    print(f"vue d'ensemble à chaud : {warm:.2f} s (cible < 1 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
