"""Ten readers at once on the detail page: the real server (`streamlit run`) and ten Chromium
pages opening « Indicateur (détail) » at the same moment, each on another indicator.

Two rounds: « à froid » (server just started: nothing computed yet, the figures are computed
ahead while the readers arrive) and « après import » (the figures computed ahead, as after each
import). A reader's time runs from the address typed to the records heading on screen, drawn
after the month's figure, the history and the service grid.

    python -m bench.readers [--db base.duckdb] [--readers 10]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.serving import ROOT, dashboard

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
TODAY = "2026-11-03"
MONTH = "2026-10"
WARM_LINE = "chiffres calculés d'avance"


def _demo_base(folder: Path) -> Path:
    db = folder / "demo.duckdb"
    subprocess.run(
        [sys.executable, "-m", "qualiboard", "demo", "--no-generate", "--db", str(db)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return db


LIMIT = 180.0  # a reader still waiting after this is counted as failed (inf)


async def _one_reader(browser, url: str) -> float:
    context = await browser.new_context(viewport={"width": 1400, "height": 1800}, locale="fr-FR")
    page = await context.new_page()
    started = time.perf_counter()
    try:
        await page.goto(url, wait_until="commit", timeout=LIMIT * 1000)
        # Shown once the history and the service grid are computed (every indicator has it).
        await page.get_by_text("Enregistrements de ").first.wait_for(timeout=LIMIT * 1000)
        elapsed = time.perf_counter() - started
    except Exception:
        elapsed = float("inf")
        await page.screenshot(path=f"/tmp/qb_readers_{time.time_ns()}.png")
    await context.close()
    return elapsed


async def _round(base: str, indicators: list[str], readers: int) -> list[float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        urls = [
            f"{base}/indicateur?indicateur={indicators[i % len(indicators)]}&mois={MONTH}"
            for i in range(readers)
        ]
        times = await asyncio.gather(*(_one_reader(browser, u) for u in urls))
        await browser.close()
    return sorted(times)


def measure(db: Path | None = None, readers: int = 10) -> dict[str, list[float]]:
    """Seconds of each reader, per round."""
    from qualiboard.domain.config import load_config

    folder = Path(tempfile.mkdtemp(prefix="qb_readers_"))
    base_file = folder / "base.duckdb"
    if db is None:
        base_file = _demo_base(folder)
    else:
        shutil.copyfile(db, base_file)
    indicators = [i.id for i in load_config(ROOT / "indicators.yaml").indicators]
    log = (folder / "serveur.log").open("w")
    env = {
        "QUALIBOARD_DB": str(base_file),
        "QUALIBOARD_TODAY": TODAY,
        "QUALIBOARD_DEPOT_INTERVAL": "2",
        "QUALIBOARD_DEPOT": str(folder / "depot"),
    }
    try:
        with dashboard(env, log=log) as base:
            cold = asyncio.run(_round(base, indicators, readers))
            deadline = time.monotonic() + 600
            while WARM_LINE not in (folder / "serveur.log").read_text(encoding="utf-8"):
                if time.monotonic() > deadline:
                    raise RuntimeError("les chiffres n'ont pas été calculés d'avance en 10 min")
                time.sleep(1)
            warm = asyncio.run(_round(base, indicators, readers))
    finally:
        log.close()
        print((folder / "serveur.log").read_text(encoding="utf-8")[-3000:], file=sys.stderr)
        shutil.rmtree(folder, ignore_errors=True)
    return {"à froid": cold, "après import": warm}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Dix lecteurs à la fois sur la page détail")
    parser.add_argument(
        "--db", type=Path, help="base à servir (défaut : la ville de démonstration)"
    )
    parser.add_argument("--readers", type=int, default=10)
    args = parser.parse_args(argv)
    for name, times in measure(args.db, args.readers).items():
        median = times[len(times) // 2]
        print(
            f"{args.readers} lecteurs simultanés, page détail, {name} : le plus lent "
            f"{times[-1]:.1f} s, médiane {median:.1f} s (cible < 5 s)".replace(".", ",")
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
