"""Browser timings: each page in headless Chromium, from the address typed to the page's last
element drawn, on the demo town and on the 1,000,000-records-per-source database.

« Drawn » is measured in the page: a MutationObserver notes the time of the last change inside
the main block (changes inside a <canvas>, an accessibility copy of a data grid that is never
drawn, excepted) and inside the sidebar; once Streamlit has finished its run (nothing running,
stale or computing) and neither has changed for a second, the main block's time (from the start
of the navigation) is the figure. First visit: a freshly started server, the address typed; for
the overview, the dashboard's address in brand-new browsers (median of seven, once the server
has computed its figures ahead, and the median time its sidebar filters, drawn after the page,
take; one more while it is still computing them; three at a bookmark of /vue-d-ensemble); warm:
the page reached again from the sidebar, as a reader moves through the dashboard.

    python -m bench.browser [--records 1000000] [--db /tmp/qualiboard_bench.duckdb] [--reuse]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from bench.serving import CHROMIUM, CHROMIUM_FLAGS, ROOT, dashboard

PAGES = (
    "vue-d-ensemble",
    "indicateur",
    "revue",
    "actions",
    "bilan",
    "referentiel",
    "qualite-des-donnees",
    "import",
    "journal",
)
FIRST_TARGET = {"démo": 2.0, "1 M": 3.0}
WARM_TARGET = 1.0
DEMO_TODAY = "2026-11-03"

LAST_DRAW = """
window.__lastDraw = 0;
window.__lastSidebarDraw = 0;
new MutationObserver(records => {
  for (const record of records) {
    const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
    if (!node || !node.closest) continue;
    // A data grid writes an accessibility table inside its <canvas> some 300 ms after drawing
    // it: the children of a canvas are never drawn, so they do not count.
    if (node.closest('[data-testid="stMain"]') && !node.closest('canvas')) {
      window.__lastDraw = performance.now();
    } else if (node.closest('[data-testid="stSidebar"]')) {
      window.__lastSidebarDraw = performance.now();
    }
  }
}).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
"""
# The app's shell is drawn before the page runs: wait for the page's own title, the end of its
# run and at least one change inside the main block before judging it quiet.
FINISHED = (
    "() => document.querySelector('[data-testid=\"stMain\"] h1')"
    # The page's run over: the running indicator is not drawn in every toolbar mode, and a run
    # can go on computing long after its last drawn element.
    " && document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState"
    " === 'notRunning'"
    " && window.__lastDraw > 0"
    " && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
    " && !document.querySelector('[data-testid=\"stSkeleton\"]')"
    " && !document.querySelector('[data-testid=\"stSpinner\"]')"
    " && !document.querySelector('.stale-element')"
    " && performance.now() - Math.max(window.__lastDraw, window.__lastSidebarDraw) > 1000"
)


@contextlib.contextmanager
def serve(database: Path, today: str | None, log: IO[str] | None = None) -> Iterator[str]:
    env = {"QUALIBOARD_DB": str(database)}
    if today:
        env["QUALIBOARD_TODAY"] = today
    with dashboard(env, log=log) as url:
        yield url


def wait_for_line(log: Path, text: str, seconds: float) -> bool:
    """Whether the server wrote `text` in its log within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in log.read_text(encoding="utf-8", errors="replace"):
            return True
        time.sleep(0.5)
    return False


def session_token(database: Path) -> str:
    """A signed-in session of the administrator, opened as the sign-in page does (the browser
    then carries it in its cookie): the first page visited is the one measured."""
    from qualiboard.store.access import Identity
    from qualiboard.store.accounts import SYSTEM, add_account, identity_for, open_session
    from qualiboard.store.db import connect

    con = connect(database)
    try:
        identity = identity_for(con, "bench.admin", "compte local")
        if identity is None:
            add_account(
                con,
                SYSTEM,
                "bench.admin",
                name="Banc d'essai",
                role="administrateur",
                password="banc-d-essai-2026",
            )
            identity = identity_for(con, "bench.admin", "compte local")
        assert isinstance(identity, Identity)
        return open_session(con, identity)
    finally:
        con.close()


def page_seconds(page, url: str) -> float:
    page.goto(url)
    page.wait_for_function(FINISHED, timeout=600_000, polling=100)
    return page.evaluate("() => window.__lastDraw") / 1000


def click_seconds(page, name: str) -> float:
    """From a click on the page's link in the sidebar to its last element drawn."""
    from pages._navigation import PAGES as NAVIGATION

    title = next(t for n, t, _ in NAVIGATION if n == name)
    started = page.evaluate("() => performance.now()")
    page.locator("[data-testid='stSidebarNav'] a").filter(has_text=title).first.click()
    page.wait_for_function(
        "title => { const h = document.querySelector('[data-testid=\"stMain\"] h1');"
        " return h && h.textContent.startsWith(title); }",
        arg=title.split(" (")[0],
        timeout=600_000,
    )
    page.wait_for_function(FINISHED, timeout=600_000, polling=100)
    return (page.evaluate("() => window.__lastDraw") - started) / 1000


def launch(driver):
    return driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)


def signed_in_context(browser, url: str, token: str):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="fr-FR")
    context.add_cookies([{"name": "qualiboard_session", "value": token, "url": url}])
    context.add_init_script(LAST_DRAW)
    return context


def new_browser_seconds(driver, url: str, token: str, address: str = "") -> tuple[float, float]:
    """The overview in a browser never used (Streamlit's 3 MB of scripts still to read), at the
    dashboard's address (the overview is its first page) or at another `address`: seconds to
    the page's last element drawn, and to the sidebar's (its filters are drawn after the
    page)."""
    browser = launch(driver)
    try:
        page = signed_in_context(browser, url, token).new_page()
        drawn = page_seconds(page, f"{url}/{address}")
        return drawn, page.evaluate("() => window.__lastSidebarDraw") / 1000
    finally:
        browser.close()


def measure(
    database: Path, today: str | None, new_browsers: int = 7
) -> list[tuple[str, float, float]]:
    """(page, first visit, warm) seconds, on a freshly started server. The overview's first
    visit is the median of `new_browsers` new browsers at the dashboard's address, once the
    server has computed its figures ahead (README « Mettre en service »); more rows give a
    reader who came while it was still computing them, one who followed a bookmark of the
    overview's own address (median of three), and a new tab of a browser that had already
    opened the dashboard."""
    from playwright.sync_api import sync_playwright

    token = session_token(database)
    with (
        tempfile.NamedTemporaryFile("w+", suffix=".log") as log,
        serve(database, today, log) as url,
        sync_playwright() as driver,
    ):
        during = new_browser_seconds(driver, url, token)[0]
        settled = wait_for_line(Path(log.name), "chiffres calculés d'avance", 1800)
        visits = [new_browser_seconds(driver, url, token) for _ in range(new_browsers)]
        cold = sorted(drawn for drawn, _ in visits)
        sidebar = statistics.median(filters for _, filters in visits)
        # At /vue-d-ensemble, Streamlit's scripts first look for their server under that
        # path (an answer « not found »), then at the root: a few tenths of a second more.
        bookmark = statistics.median(
            new_browser_seconds(driver, url, token, PAGES[0])[0] for _ in range(3)
        )
        browser = launch(driver)
        context = signed_in_context(browser, url, token)
        page = context.new_page()
        first = {name: page_seconds(page, f"{url}/{name}") for name in PAGES}
        # A reader opening the dashboard in a new tab: a new session on the server, Streamlit's
        # own files (3 MB of scripts, read before any page runs) already in the browser's cache.
        tab = context.new_page()
        new_tab = page_seconds(tab, f"{url}/")
        tab.close()
        # Warm: as a reader moves through the dashboard, by the sidebar, caches filled.
        warm = {name: [] for name in PAGES}
        for _ in range(3):  # the best of three: the browser shares two cores with the server
            for name in PAGES:
                warm[name].append(click_seconds(page, name))
        browser.close()
    spread = f"de {cold[0]:.2f} à {cold[-1]:.2f} s".replace(".", ",")
    rows = [(name, first[name], min(warm[name])) for name in PAGES]
    rows[0] = (
        f"{PAGES[0]} (adresse du tableau de bord, navigateur neuf, médiane de {new_browsers}, "
        f"{spread})",
        statistics.median(cold),
        min(warm[PAGES[0]]),
    )
    waited = "pendant le calcul d'avance" if settled else "calcul d'avance non terminé"
    nan = float("nan")
    rows.insert(1, (f"{PAGES[0]} (navigateur neuf, {waited})", during, nan))
    rows.insert(2, (f"{PAGES[0]} (navigateur neuf, par un favori de /{PAGES[0]})", bookmark, nan))
    rows.insert(3, (f"{PAGES[0]} (nouvel onglet)", new_tab, nan))
    rows.insert(1, (f"{PAGES[0]} (navigateur neuf : filtres de la barre latérale)", sidebar, nan))
    return rows


def demo_database(folder: Path) -> Path:
    """The demo town as the tests build it: the shipped spreadsheets imported."""
    import datetime as dt

    from qualiboard.domain.config import load_config
    from qualiboard.ingest.batches import import_file
    from qualiboard.store.accounts import seed_demo
    from qualiboard.store.db import connect

    config = load_config(ROOT / "indicators.yaml")
    path = folder / "demo.duckdb"
    con = connect(path)
    samples = ROOT / "data" / "samples"
    batches = [
        import_file(
            con,
            samples / name,
            config.organisation,
            archive_dir=folder / "archive",
            today=dt.date.fromisoformat(DEMO_TODAY),
        ).batch_id
        for name in sorted(p.name for p in samples.iterdir())
    ]
    seed_demo(con, batches)
    con.close()
    return path


def table(results: dict[str, list[tuple[str, float, float]]]) -> str:
    lines = [
        "| base | page | première visite (s) | cible | à chaud (s) | cible |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for base, rows in results.items():
        for name, first, warm in rows:
            # The sidebar's filters, drawn after the page, have no target of their own.
            timed = name.startswith(PAGES[0]) and "barre latérale" not in name
            target = f"{FIRST_TARGET[base]:.0f}" if timed else "—"
            hot = "—" if warm != warm else f"{warm:.2f}"
            lines.append(
                f"| {base} | {name} | {first:.2f} | {target} | {hot} | {WARM_TARGET:.0f} |".replace(
                    ".", ","
                )
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Temps d'affichage dans Chromium")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/qualiboard_bench.duckdb"))
    parser.add_argument("--reuse", action="store_true", help="garder la base 1 M existante")
    args = parser.parse_args(argv)
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        results["démo"] = measure(demo_database(Path(folder)), DEMO_TODAY)
    if not (args.reuse and args.db.exists()):
        from bench.synthetic import build

        args.db.unlink(missing_ok=True)
        build(args.db, args.records).close()
    from bench.engine import TODAY

    results["1 M"] = measure(args.db, TODAY.isoformat())
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
