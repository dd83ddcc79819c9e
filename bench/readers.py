"""Ten readers at once on the detail page: the real server (`streamlit run`) and ten readers
opening « Indicateur (détail) » at the same moment, each on another indicator.

Two kinds of readers:
- « websocket »: ten clients speaking the browser's protocol to the server (the page asked for,
  the page's elements received). This is the server's own time, as ten people each on their own
  computer see it; the figure the target is about.
- « Chromium »: ten pages of one headless Chromium on this same machine. Drawing ten Streamlit
  pages at once costs the two cores far more than serving them (measured: 61 s of Chromium CPU
  against 13 s of server CPU for one round), so this says what one crowded machine can do.

Two rounds each: « à froid » (server just started: nothing computed yet, the figures are computed
ahead while the readers arrive) and « après import » (the figures computed ahead, as after each
import). A reader's time runs from the address asked to the records heading received (websocket)
or drawn (Chromium), which comes after the month's figure, the history and the service grid.

    python -m bench.readers [--db base.duckdb] [--readers 10] [--clients websocket|chromium|both]
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

from bench.serving import CHROMIUM, CHROMIUM_FLAGS, ROOT, dashboard

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


MARKER = b"Enregistrements de "


async def _one_socket(base: str, indicator: str) -> float:
    """One reader as the browser's script speaks to the server: ask for the page, read the
    elements the server sends until the records heading arrives."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg

    started = time.perf_counter()
    address = base.replace("http://", "ws://") + "/_stcore/stream"
    try:
        async with websockets.connect(
            address, subprotocols=["streamlit"], origin=base, max_size=None
        ) as socket:
            ask = BackMsg()
            ask.rerun_script.page_name = "indicateur"
            ask.rerun_script.query_string = f"indicateur={indicator}&mois={MONTH}"
            await socket.send(ask.SerializeToString())
            while MARKER not in await asyncio.wait_for(socket.recv(), LIMIT):
                pass
            # Timed when the heading arrives: leaving the block waits for the closing
            # handshake (up to 10 s while the server still sends the page's last elements).
            return time.perf_counter() - started
    except (TimeoutError, OSError, websockets.WebSocketException):
        return float("inf")


async def _socket_round(base: str, indicators: list[str], readers: int) -> list[float]:
    chosen = [indicators[i % len(indicators)] for i in range(readers)]
    return sorted(await asyncio.gather(*(_one_socket(base, i) for i in chosen)))


async def _round(base: str, indicators: list[str], readers: int) -> list[float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        urls = [
            f"{base}/indicateur?indicateur={indicators[i % len(indicators)]}&mois={MONTH}"
            for i in range(readers)
        ]
        times = await asyncio.gather(*(_one_reader(browser, u) for u in urls))
        await browser.close()
    return sorted(times)


def measure(
    db: Path | None = None, readers: int = 10, clients: str = "websocket"
) -> dict[str, list[float]]:
    """Seconds of each reader, per round, for `clients` « websocket » or « chromium »."""
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
        one_round = _socket_round if clients == "websocket" else _round
        with dashboard(env, log=log) as base:
            cold = asyncio.run(one_round(base, indicators, readers))
            deadline = time.monotonic() + 600
            while WARM_LINE not in (folder / "serveur.log").read_text(encoding="utf-8"):
                if time.monotonic() > deadline:
                    raise RuntimeError("les chiffres n'ont pas été calculés d'avance en 10 min")
                time.sleep(1)
            warm = asyncio.run(one_round(base, indicators, readers))
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
    parser.add_argument(
        "--clients", choices=("websocket", "chromium", "both"), default="both", help="lecteurs"
    )
    args = parser.parse_args(argv)
    kinds = ("websocket", "chromium") if args.clients == "both" else (args.clients,)
    for kind in kinds:
        who = "clients websocket" if kind == "websocket" else "pages Chromium sur cette machine"
        for name, times in measure(args.db, args.readers, kind).items():
            median = times[len(times) // 2]
            print(
                f"{args.readers} lecteurs simultanés ({who}), page détail, {name} : le plus "
                f"lent {times[-1]:.1f} s, médiane {median:.1f} s (cible < 5 s)".replace(".", ",")
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
