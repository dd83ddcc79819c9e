"""Every page, signed in, at 1280, 1440 and 390 px in headless Chromium: nothing leaves its card,
the page never scrolls sideways, and no number is shown the English way (`83.9497`) or with
more decimals than declared. One server and one browser for the whole module; the screenshots
go to test-artifacts/screens/ for a person to look at.

Tables are drawn on a canvas (no text in the DOM): their cells are checked by
`test_presentation.test_every_table_of_every_page_is_french_text`."""

from __future__ import annotations

import re
import time

import pytest

from bench.browser import LAST_DRAW
from bench.browser import PAGES as TIMED_PAGES
from tests.helpers import _idle, sign_in
from tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_FLAGS, playwright_api, served

SCREENS = ARTIFACTS / "screens"
# The pages the browser bench times, plus the accounts page, the public results page and an
# unknown address (the sign-in page is checked first, before signing in).
PAGES = (*TIMED_PAGES, "comptes", "resultats", "adresse-inconnue")
# The detail page of other kinds of indicator than its first one: a waiting time where lower is
# better, a count, a score that can be negative, late actions.
DETAILS = ("guichet_attente_p90", "reclamations_volume", "satisfaction_nette", "actions_en_retard")
WIDTHS = (1440, 1280, 390)
ENGLISH = ("Page not found", "Running...", "Made with Streamlit", "Please wait", "Connecting")
# A value Python or JavaScript writes when a figure is missing, shown as is.
RAW_VALUE = re.compile(r"\b(?:None|NaN|nan|NaT|null|undefined|True|False|inf)\b")
# An English decimal point between digits, or two decimals or more after a French comma (every
# indicator declares at most one).
RAW_FLOAT = re.compile(r"\d\.\d|\d,\d{2,}")

QUIET = "() => window.__lastDraw > 0 && performance.now() - window.__lastDraw > 1000"
OVERFLOW_JS = """
() => {
  const problems = [];
  const cards = document.querySelectorAll(
    '.qb-card, [data-testid="stVerticalBlockBorderWrapper"], [data-testid="stExpander"],'
    + ' [data-testid="stForm"], [data-testid="stAlert"]');
  for (const card of cards) {
    const box = card.getBoundingClientRect();
    if (box.width === 0) continue;
    for (const el of card.querySelectorAll('*')) {
      // Tables and charts scroll inside themselves; Base Web widgets place their own parts.
      if (el.closest('[data-testid="stDataFrame"], .js-plotly-plot, [data-baseweb],'
        + ' [data-testid="hidden-dateinput-container"]')) continue;
      const r = el.getBoundingClientRect();
      // Streamlit's visually hidden helpers (1 px, or placed off the card on purpose).
      if (r.width <= 2 || r.height <= 2 || r.right <= box.left || r.left >= box.right) continue;
      const style = getComputedStyle(el);
      if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
      const clipped = style.overflowX !== 'visible' && el.clientWidth > 2
        && el.scrollWidth > el.clientWidth + 1;
      if (r.right > box.right + 1 || r.left < box.left - 1 || clipped) {
        problems.push((el.innerText || el.tagName).slice(0, 60) + ' dépasse de sa carte ' + [el.className, Math.round(r.left), Math.round(r.right), Math.round(box.left), Math.round(box.right), el.scrollWidth, el.clientWidth].join(' '));
      }
    }
  }
  const main = document.querySelector('[data-testid="stMain"]');
  if (main && main.scrollWidth > main.clientWidth + 1) {
    problems.push('la page défile horizontalement');
  }
  return problems.slice(0, 10);
}
"""
TEXT_JS = """
() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const svg = Array.from(main.querySelectorAll('svg text')).map(t => t.textContent);
  return main.innerText + '\\n' + svg.join('\\n');
}
"""


# The overview's curves: how many cards show one, how many distinct pictures they show, and how
# many of those the browser decodes.
CURVES = """async () => {
  const bands = [...document.querySelectorAll('.qb-spark')];
  const urls = [...new Set(bands.map(b => getComputedStyle(b).backgroundImage))];
  let decoded = 0;
  for (const url of urls) {
    const found = url.match(/^url\\("(.*)"\\)$/);
    if (!found) continue;
    const picture = new Image();
    picture.src = found[1];
    try { await picture.decode(); decoded += 1; } catch (error) {}
  }
  return [bands.length, urls.length, decoded];
}"""


@pytest.fixture(scope="module")
def screens_server(tmp_path_factory, demo_db):
    with served(tmp_path_factory.mktemp("screens"), demo_db) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def settle(page) -> None:
    """Finished: nothing running, the spinners of cached computations gone, and nothing
    changed in the page for a second (Streamlit shows its running mark only after a delay, so
    a short computation late in a page could otherwise be missed)."""
    _idle(page)
    page.wait_for_function(QUIET, timeout=120_000, polling=100)
    page.wait_for_function(
        "() => !Array.from(document.querySelectorAll('[data-testid=\"stMain\"] *'))"
        ".some(e => e.childElementCount === 0 && /^Calcul/.test(e.textContent || ''))",
        timeout=120_000,
    )
    _idle(page)


def check(page, name: str, width: int) -> list[str]:
    """What is wrong with the page as drawn at this width (an empty list when nothing)."""
    text = page.evaluate(TEXT_JS)
    found = page.evaluate(OVERFLOW_JS)
    found += [f"nombre brut « {m.group()} »" for m in RAW_FLOAT.finditer(text)][:5]
    found += [f"valeur brute « {m.group()} »" for m in RAW_VALUE.finditer(text)][:5]
    body = page.evaluate("() => document.body.innerText")
    found += [f"texte anglais « {e} »" for e in ENGLISH if e in body]
    page.screenshot(path=str(SCREENS / f"{name}-{width}.png"))
    return found


def check_widths(page, name: str) -> dict[str, list[str]]:
    """What is wrong with the page at each width, narrowed from 1440 px (the layout is
    responsive CSS: no rerun)."""
    problems = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 2400})
        page.wait_for_timeout(400)
        found = check(page, name, width)
        if found:
            problems[f"{name} à {width} px"] = found
    page.set_viewport_size({"width": WIDTHS[0], "height": 2400})
    return problems


def test_every_page_fits_every_width_and_shows_french_numbers(screens_server, chromium):
    """Each page is opened once at 1440 px, then narrowed to 1280 and 390 px (the layout is
    responsive CSS: no rerun), which keeps the test to one visit per page."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    # Tall enough for most pages in one picture (the app scrolls inside its main block).
    context = chromium.new_context(viewport={"width": 1440, "height": 2400}, locale="fr-FR")
    context.add_init_script(LAST_DRAW)
    page = context.new_page()
    problems: dict[str, list[str]] = {}
    try:
        # Before signing in: the demo town read anonymously, then the sign-in form.
        page.goto(screens_server)
        page.get_by_role("button", name="Se connecter", exact=True).wait_for(timeout=60_000)
        settle(page)
        problems.update(check_widths(page, "lecture-anonyme"))
        page.get_by_role("button", name="Se connecter", exact=True).click()
        page.get_by_label("Identifiant").wait_for(timeout=60_000)
        settle(page)
        problems.update(check_widths(page, "connexion"))
        sign_in(page, screens_server, "administrateur")
        for name in PAGES + tuple(f"indicateur?indicateur={code}" for code in DETAILS):
            started = time.monotonic()
            page.set_viewport_size({"width": WIDTHS[0], "height": 2400})
            page.goto(f"{screens_server}/{name}")
            name = name.replace("?indicateur=", "-")
            settle(page)
            if name == "vue-d-ensemble":
                # Every card draws its twelve months, as its band of one picture the browser
                # can read (a style a sanitiser dropped, or a picture it could not decode,
                # would count none).
                cards = page.locator(".qb-card").count()
                sparks, pictures, decoded = page.evaluate(CURVES)
                if not cards or sparks < cards - 2 or (pictures, decoded) != (1, 1):
                    # « pas de données » cards have no curve
                    problems[name] = [f"{sparks} courbes, {decoded}/{pictures} images"]
                # Printed (Ctrl+P): no sidebar, no card cut across two sheets.
                page.emulate_media(media="print")
                printed = page.evaluate(
                    "() => [getComputedStyle(document.querySelector("
                    "'[data-testid=\"stSidebar\"]')).display,"
                    " getComputedStyle(document.querySelector('.qb-card')).breakInside,"
                    " getComputedStyle(document.querySelector('.qb-spark')).printColorAdjust]"
                )
                page.emulate_media(media="screen")
                if printed != ["none", "avoid", "exact"]:
                    problems[f"{name} imprimée"] = [f"barre latérale, carte : {printed}"]
            if name == "adresse-inconnue":
                try:
                    page.get_by_text("Page introuvable").first.wait_for(timeout=20_000)
                except playwright_api.TimeoutError:
                    problems[name] = ["pas de page introuvable en français"]
            problems.update(check_widths(page, name))
            assert time.monotonic() - started < 90, f"{name} trop lente"
    finally:
        context.close()
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
