"""The real dashboard served by `streamlit run`, driven in Debian's headless Chromium by Playwright.

Screenshots are written to test-artifacts/ so that a person can look at them. Outside CI the tests
are skipped when Chromium is not installed (`apt-get install chromium`); in CI they must run.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import threading
import time
import urllib.request
from pathlib import Path

import openpyxl
import pytest

from bench.serving import CHROMIUM, CHROMIUM_FLAGS, dashboard, free_port
from qualiboard.present.formatting import file_size
from tests.conftest import DEMO_TODAY, ROOT
from tests.helpers import _idle, sign_in

ARTIFACTS = ROOT / "test-artifacts"

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError("Chromium est requis en intégration continue (apt-get install chromium)")
    pytest.skip("Chromium absent : apt-get install chromium", allow_module_level=True)

playwright_api = pytest.importorskip("playwright.sync_api")


@contextlib.contextmanager
def served(folder: Path, demo_db: Path, *, port: int | None = None, options: tuple = ()):
    """A freshly started dashboard on a copy of the demo database (Streamlit `options` such as
    `--secrets.files=…` added to its command line)."""
    database = folder / "demo.duckdb"
    shutil.copyfile(demo_db, database)
    env = {"QUALIBOARD_DB": str(database), "QUALIBOARD_TODAY": DEMO_TODAY.isoformat()}
    with dashboard(env, port=port, options=options, start_seconds=60) as url:
        yield url


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_db):
    with served(tmp_path_factory.mktemp("served"), demo_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def app_url(server, browser):
    """The server after one visit of its main page (its first run is the slowest)."""
    first = browser.new_page()
    first.goto(server)
    first.wait_for_selector("h1", timeout=60_000)
    first.close()
    return server


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 2200}, locale="fr-FR")
    opened = context.new_page()
    yield opened
    context.close()


def wait_for_app(page) -> None:
    """Streamlit has finished a run when no element is marked stale and nothing is running."""
    page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')"
        " && !document.querySelector('.stale-element')",
        timeout=60_000,
    )
    page.wait_for_timeout(1500)  # plotly draws its charts after the elements exist


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def test_a_bookmark_opened_on_a_freshly_started_server(tmp_path, demo_db, page):
    """Streamlit runs a bookmarked page on its own before the navigation is known: the page hands
    over to the dashboard, which opens it with its French sidebar and filters."""
    with served(tmp_path, demo_db) as url:
        page.goto(f"{url}/bilan")
        page.get_by_role("heading", name="Bilan annuel").first.wait_for(timeout=60_000)
        wait_for_app(page)
        body = page.inner_text("body")
    assert "Page not found" not in body
    assert "Vue d'ensemble" in body and "Import des données" in body  # the dashboard's sidebar
    assert "Ville de Belleville-sur-Risle" in body  # its filters
    assert "shared" not in body.split()  # not Streamlit's list of files


def test_overview_in_a_real_browser(app_url, page):
    page.goto(f"{app_url}/?mois=2026-10")
    page.get_by_text("engagements sur").first.wait_for(timeout=60_000)
    wait_for_app(page)
    body = page.inner_text("body")
    assert "atteints en octobre 2026" in body
    assert "Vue d'ensemble" in body
    assert "Traceback" not in body and "Page not found" not in body
    assert screenshot(page, "vue_d_ensemble.png").stat().st_size > 20_000
    # A card's link opens its detail page, the reader's month kept.
    card = page.locator(".qb-card").first
    indicator = card.get_attribute("data-indicator")
    title = card.locator(".qb-title").inner_text()
    card.get_by_text("Voir le détail").click()
    page.wait_for_url(f"**/indicateur?*indicateur={indicator}*", timeout=60_000)
    assert "mois=2026-10" in page.url
    page.get_by_role("heading", name="Indicateur (détail)").first.wait_for(timeout=60_000)
    wait_for_app(page)
    chosen = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").first
    shown = chosen.evaluate(
        "box => box.innerText + ' ' + [...box.querySelectorAll('input')].map(i => i.value).join(' ')"
    )
    assert title in shown, shown


def test_indicator_detail_in_a_real_browser(app_url, page):
    page.goto(f"{app_url}/indicateur?indicateur=courrier_delai&mois=2026-10")
    page.get_by_text("Nous répondons à vos courriers").first.wait_for(timeout=60_000)
    wait_for_app(page)
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    body = page.inner_text("body")
    assert "Traceback" not in body
    assert "oct. 2026" in body or "octobre 2026" in body
    assert screenshot(page, "indicateur_courrier_delai.png").stat().st_size > 20_000


def test_review_print_view_is_a_clean_a4_page(app_url, page):
    page.goto(f"{app_url}/revue?mois=2026-10")
    page.get_by_text("Vue imprimable (A4)").first.wait_for(timeout=60_000)
    wait_for_app(page)
    page.get_by_text("Vue imprimable (A4)").first.click()
    page.get_by_text("Imprimez avec Ctrl+P").first.wait_for(timeout=60_000)
    wait_for_app(page)
    # The print view ends the page early; on screen the filters are still there.
    assert "Comparer à" in page.inner_text("[data-testid='stSidebar']")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    body = page.inner_text("body")
    assert "Revue d'octobre 2026" in body or "Revue de octobre 2026" in body
    assert screenshot(page, "revue_impression.png").stat().st_size > 10_000
    pdf = ARTIFACTS / "revue_impression.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.read_bytes().startswith(b"%PDF")


def headline_value(page) -> str:
    """The big figure of the indicator page: « Oct. 2026 : 92,4 % — ✔ atteint »."""
    heading = page.locator("h3").filter(has_text=" : ").first
    heading.wait_for(timeout=60_000)
    return heading.inner_text()


def choose(page, label: str, option: str) -> None:
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=label).first
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


def late_letters(path: Path) -> Path:
    """60 letters received in October 2026 and answered after the 15 working days."""
    lines = ["N° chrono;Date d'arrivée;Date de réponse;Canal;Service"]
    lines += [f"E2E-{i:03d};01/10/2026;30/10/2026;Courrier;CCAS" for i in range(60)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def downloaded(page, label: str) -> bytes:
    """The file a click on the download button `label` gives (a workbook is written when asked
    for: on a loaded 2-core CI machine that can take longer than Playwright's 30 s default)."""
    with page.expect_download(timeout=120_000) as download:
        page.get_by_text(label).first.click()
    return Path(download.value.path()).read_bytes()


def test_a_new_user_end_to_end(app_url, page, tmp_path):
    # The quality officer signs in (the demo town lets anyone read; importing needs the role).
    sign_in(page, app_url, "responsable qualité")
    # Overview, then the detail of one commitment.
    page.goto(f"{app_url}/?mois=2026-10")
    page.get_by_text("engagements sur").first.wait_for(timeout=60_000)
    wait_for_app(page)
    page.goto(f"{app_url}/indicateur?indicateur=courrier_delai&mois=2026-10")
    wait_for_app(page)
    october = headline_value(page)
    assert october.startswith("Oct. 2026")
    # Change the month, then the service, in the sidebar.
    choose(page, "Mois", "Septembre 2026")
    assert headline_value(page).startswith("Sept. 2026")
    choose(page, "Service", "CCAS")
    ccas = headline_value(page)
    choose(page, "Service", "Tous")
    assert headline_value(page) != ccas
    choose(page, "Mois", "Octobre 2026")
    assert headline_value(page) == october
    screenshot(page, "parcours_1_indicateur.png")

    # Import a file on the import page and confirm.
    page.goto(f"{app_url}/import")
    wait_for_app(page)
    page.locator("[data-testid='stFileUploaderDropzone'] button p").first.wait_for(timeout=60_000)
    shown = page.evaluate(
        "() => getComputedStyle(document.querySelector("
        "'[data-testid=\"stFileUploaderDropzone\"] button p'), '::after').content"
    )
    assert "Parcourir" in shown
    dropped = late_letters(tmp_path / "retards.csv")
    page.locator("input[type=file]").set_input_files(str(dropped))
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0
    # The file's size in French under its heading; Streamlit's English one (« 259.0B ») hidden.
    assert "B" not in page.locator("[data-testid='stFileChip']").inner_text()
    size = file_size(dropped.stat().st_size)
    assert size.endswith("ko")
    page.get_by_text(size, exact=True).first.wait_for(timeout=5_000)
    page.get_by_role("button", name="Confirmer l'import").click()
    page.get_by_text("importé, import n°").first.wait_for(timeout=60_000)
    wait_for_app(page)
    screenshot(page, "parcours_2_import.png")
    page.goto(f"{app_url}/indicateur?indicateur=courrier_delai&mois=2026-10")
    wait_for_app(page)
    after_import = headline_value(page)
    assert after_import != october

    # Undo it from the history: the figure comes back.
    page.goto(f"{app_url}/import")
    wait_for_app(page)
    page.get_by_role("button", name="Annuler cet import").click()
    page.get_by_text("la base est revenue à son état sans lui").first.wait_for(timeout=60_000)
    wait_for_app(page)
    screenshot(page, "parcours_3_annulation.png")
    page.goto(f"{app_url}/indicateur?indicateur=courrier_delai&mois=2026-10")
    wait_for_app(page)
    assert headline_value(page) == october

    # The annual review, downloaded as CSV for French Excel.
    page.goto(f"{app_url}/bilan")
    page.get_by_text("Bilan — année").first.wait_for(timeout=60_000)
    wait_for_app(page)
    data = downloaded(page, "Télécharger la synthèse (CSV pour Excel)")
    assert data.startswith(b"\xef\xbb\xbf")
    header = data.decode("utf-8-sig").splitlines()[0].split(";")
    assert header[:3] == ["Module", "Code", "Indicateur"]
    assert any(h.startswith("Valeur (année 2025)") for h in header)
    screenshot(page, "parcours_4_bilan.png")
    # The workbooks are written when asked for (on a thread of their own): still whole files.
    workbook = downloaded(page, "Télécharger le bilan complet (Excel)")
    assert openpyxl.load_workbook(io.BytesIO(workbook)).sheetnames[:2] == ["Synthèse", "Mensuel"]
    page.goto(f"{app_url}/referentiel")
    page.get_by_text("Télécharger (Excel)").first.wait_for(timeout=60_000)
    wait_for_app(page)
    data = downloaded(page, "Télécharger (Excel)")
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Référentiel"]
    assert sheet.max_row == 1 + 41  # the heading and the 41 indicators of the catalogue


@pytest.mark.stress
def test_ten_readers_during_an_import_see_the_old_or_the_new_figure(app_url, browser, tmp_path):
    """Ten browser sessions read the same figure over and over while an eleventh imports 3,000
    late letters: nobody sees an error, and every reading is the figure before or after."""
    import asyncio

    from playwright.async_api import async_playwright

    big = tmp_path / "retards_massifs.csv"
    lines = ["N° chrono;Date d'arrivée;Date de réponse;Canal;Service"]
    lines += [f"MASS-{i:05d};01/10/2026;30/10/2026;Courrier;CCAS" for i in range(3000)]
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    detail = f"{app_url}/indicateur?indicateur=courrier_delai&mois=2026-10"
    ready = (
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')"
        " && !document.querySelector('.stale-element')"
    )

    async def figure(page) -> str:
        await page.goto(detail, timeout=120_000)  # as long as the other waits of this test
        heading = page.locator("h3").filter(has_text=" : ").first
        await heading.wait_for(timeout=120_000)
        await page.wait_for_function(ready, timeout=120_000)
        errors = await page.locator("[data-testid='stException']").count()
        text = await heading.inner_text()
        return "ERREUR" if errors else text

    # The importer is the quality officer, signed in once; the readers read without signing in.
    signing = browser.new_context()
    sign_in(signing.new_page(), app_url, "responsable qualité")
    quality_officer = signing.storage_state()
    signing.close()

    async def run() -> tuple[str, list[str], str]:
        async with async_playwright() as driver:
            browser = await driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            signed = await browser.new_context(storage_state=quality_officer)
            importer = await signed.new_page()
            before = await figure(importer)
            readers = [await browser.new_page() for _ in range(10)]
            seen: list[str] = []
            done = asyncio.Event()

            async def read(page) -> None:
                while not done.is_set():
                    seen.append(await figure(page))

            async def import_file() -> None:
                await importer.goto(f"{app_url}/import")
                await importer.wait_for_function(ready, timeout=120_000)
                await importer.locator("input[type=file]").set_input_files(str(big))
                await importer.get_by_role("button", name="Confirmer l'import").click()
                await importer.get_by_text("importé, import n°").first.wait_for(timeout=120_000)
                await asyncio.sleep(2)  # readers go on a little after the commit
                done.set()

            await asyncio.gather(import_file(), *(read(p) for p in readers))
            after = await figure(importer)
            await browser.close()
            return before, seen, after

    # The sync Playwright of the other tests owns this thread's event loop: run in another one.
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(asyncio.run(run())))
    worker.start()
    worker.join(timeout=600)
    assert outcome, "les lecteurs ne se sont pas arrêtés à temps"
    before, seen, after = outcome[0]
    assert before != after
    assert len(seen) >= 10
    assert "ERREUR" not in seen
    assert set(seen) <= {before, after}, set(seen) - {before, after}


def test_workbooks_of_absurd_dimensions_are_refused_and_the_server_lives(app_url, page, tmp_path):
    """Issue 11: two workbooks of a few kilobytes whose range is a whole sheet (A1 and
    XFD1048576, or a declared dimension A1:XFD1048576) and a CSV of 200,000 empty columns used
    to abort the dashboard inside the reader. Uploaded together: three French refusals, the
    server still answers, and nothing of the files is left in the upload folder."""
    from qualiboard.ingest.uploads import UPLOAD_DIR
    from tests.integrity import cells_xlsx, wide_csv

    writers = {
        "deux_cellules.xlsx": cells_xlsx({"A1": "x", "XFD1048576": "y"}),
        "dimension_declaree.xlsx": cells_xlsx({"A1": "x"}, dimension="A1:XFD1048576"),
        "colonnes_vides.csv": wide_csv(200_000),
    }
    paths = []
    for name, write in writers.items():
        write(tmp_path / name)
        paths.append(tmp_path / name)
    sign_in(page, app_url, "responsable qualité")
    page.goto(f"{app_url}/import")
    wait_for_app(page)
    page.locator("input[type=file]").set_input_files([str(p) for p in paths])
    for name in writers:
        page.get_by_text(f"fichier « {name} »").first.wait_for(timeout=60_000)
    wait_for_app(page)
    assert page.get_by_text("dimensions anormales").count() == 3
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "import_dimensions_anormales.png")
    with urllib.request.urlopen(f"{app_url}/_stcore/health", timeout=10) as answer:
        assert answer.status == 200
    page.goto(f"{app_url}/?mois=2026-10")
    page.get_by_text("engagements sur").first.wait_for(timeout=60_000)
    left = [p for p in UPLOAD_DIR.glob("*/*") if p.name in writers] if UPLOAD_DIR.exists() else []
    assert not left


# ---------------------------------------------------------------- who may do what, per role


def open_page(page, url: str) -> str:
    page.goto(url)
    wait_for_app(page)
    # A cold cache shows « Calcul des indicateurs… » while the page is still running.
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stSpinner\"]')", timeout=120_000
    )
    wait_for_app(page)
    return settled_text(page)


def settled_text(page, quiet_seconds: float = 2.0, limit_seconds: float = 120.0) -> str:
    """The main area's text once it has not changed for `quiet_seconds`: on a loaded machine a
    page can look idle between two of its computations (no spinner, no running mark yet)."""
    deadline = time.monotonic() + limit_seconds
    text = page.inner_text("[data-testid='stMain']")
    stable_since = time.monotonic()
    while time.monotonic() < deadline:
        page.wait_for_timeout(500)
        now = page.inner_text("[data-testid='stMain']")
        busy = page.locator("[data-testid='stSpinner'], [data-testid='stStatusWidget']").count()
        if now != text or busy:
            text, stable_since = now, time.monotonic()
        elif time.monotonic() - stable_since >= quiet_seconds:
            break
    return text


def refused(page, url: str) -> bool:
    """A page reached by its address (the bypass of a hidden link) refuses in French."""
    body = open_page(page, url)
    return "Accès refusé" in body and "Traceback" not in body


def sidebar_choice(page, label: str) -> str:
    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']")
    return box.filter(has_text=label).first.locator("input").input_value()


def test_filters_chosen_on_one_page_follow_the_reader_to_the_next(app_url, page):
    """A choice made on a page that draws the filters before itself (the review) and one made
    on the overview (which draws them after its cards) both survive moves by the sidebar."""
    sign_in(page, app_url, "responsable qualité")
    open_page(page, f"{app_url}/revue?mois=2026-10")
    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']")
    box.filter(has_text="Mois").first.click()
    page.get_by_role("option", name="Juin 2026", exact=True).click()
    wait_for_app(page)
    for title, heading in (("Bilan annuel", "Bilan annuel"), ("Vue d'ensemble", "juin 2026")):
        steps = page.evaluate("() => history.length")
        page.locator("[data-testid='stSidebarNav'] a").filter(has_text=title).first.click()
        page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
        settled_text(page)
        assert sidebar_choice(page, "Mois") == "Juin 2026", title
        assert "mois=2026-06" in page.url, (title, page.url)
        # At most two steps back in the browser: Streamlit writes the page's address without
        # its parameters, then the dashboard writes them at once (key by key, it took three).
        assert page.evaluate("() => history.length") <= steps + 2, title
    # Back lands on the previous page or on the same page without its parameters (Streamlit's
    # own step, depending on timing): either way the choice made is kept.
    page.go_back()
    wait_for_app(page)
    settled_text(page)
    assert sidebar_choice(page, "Mois") == "Juin 2026"
    box.filter(has_text="Service").first.click()
    page.get_by_role("option", name="CCAS", exact=True).click()
    wait_for_app(page)
    page.locator("[data-testid='stSidebarNav'] a").filter(has_text="Revue mensuelle").first.click()
    page.get_by_role("heading", name="Revue mensuelle").first.wait_for(timeout=60_000)
    settled_text(page)
    assert (sidebar_choice(page, "Mois"), sidebar_choice(page, "Service")) == ("Juin 2026", "CCAS")


def test_anonymous_reader_of_the_demo(app_url, page):
    body = open_page(page, f"{app_url}/?mois=2026-10")
    assert "atteints en octobre 2026" in body
    assert "Lecture sans connexion" in page.inner_text("[data-testid='stSidebar']")
    assert refused(page, f"{app_url}/import")
    assert "Connectez-vous" in page.inner_text("[data-testid='stMain']")
    assert page.locator("input[type=file]").count() == 0
    body = open_page(page, f"{app_url}/revue?mois=2026-10")
    assert "Lecture seule" in body and "Saisir l'analyse" not in body


def test_role_lecteur_reads_and_downloads_only(app_url, page):
    sign_in(page, app_url, "lecteur")
    _idle(page)
    # Signed in from the anonymous view, every filter shows its value: Streamlit drew the
    # « every module » choice, when it was None, as an empty « Choose an option ».
    module = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']")
    module = module.filter(has_text="Module Qualivilles").first.locator("input")
    assert module.input_value() == "Tous les modules"
    body = open_page(page, f"{app_url}/revue?mois=2026-10&service=CCAS")
    assert "Lecture seule" in body
    assert "Saisir l'analyse" not in body and "Enregistrer la revue" not in body
    body = open_page(page, f"{app_url}/actions")
    assert "Ouvrir une action" not in body and "Lecture seule" in body
    body = open_page(page, f"{app_url}/bilan")
    with page.expect_download() as download:
        page.get_by_text("Télécharger la synthèse (CSV pour Excel)").click()
    assert Path(download.value.path()).read_bytes().startswith(b"\xef\xbb\xbf")
    for address in ("import", "journal", "comptes"):
        assert refused(page, f"{app_url}/{address}"), address
        # The refused page ends early; the filters, drawn after it, are still offered.
        assert "Module Qualivilles" in page.inner_text("[data-testid='stSidebar']"), address
    assert page.locator("input[type=file]").count() == 0
    screenshot(page, "role_lecteur_refus.png")


def test_role_pilote_writes_for_their_service_only(app_url, page):
    sign_in(page, app_url, "pilote")  # demo.pilote owns the CCAS
    body = open_page(page, f"{app_url}/revue?mois=2026-10")
    assert "Saisir l'analyse" not in body and "Lecture seule" in body
    body = open_page(page, f"{app_url}/revue?mois=2026-10&service=%C3%89tat%20civil")
    assert "Saisir l'analyse" not in body
    body = open_page(page, f"{app_url}/revue?mois=2026-10&service=CCAS")
    assert "Enregistrer la revue" not in body  # holding the review is the quality officer's
    # One form for the month, below the agenda: the indicator chosen, its analysis typed.
    page.get_by_label("Analyse", exact=True).fill("Analyse du pilote du CCAS")
    page.get_by_role("button", name="Enregistrer", exact=True).first.click()
    page.get_by_text("Analyse enregistrée.").first.wait_for(timeout=60_000)
    wait_for_app(page)
    assert "Pilote de démonstration (CCAS) (demo.pilote) : Analyse du pilote du CCAS" in (
        page.inner_text("[data-testid='stMain']")
    )
    body = open_page(page, f"{app_url}/actions")
    assert "Ouvrir une action" in body
    for address in ("import", "journal", "comptes"):
        assert refused(page, f"{app_url}/{address}"), address
    screenshot(page, "role_pilote.png")


def test_a_download_pressed_as_the_filters_change_gives_the_new_filters_file(app_url, page):
    """While the page reruns after a filter change, its previous download buttons stay on screen
    (faded): pressed then, they gave the previous month's file (an adversarial tester, 4 times
    out of 5). They cannot be pressed until the run has drawn them again."""
    open_page(page, f"{app_url}/referentiel?mois=2026-10")
    page.locator("[data-testid='stSelectbox']").filter(has_text="Mois").first.click()
    page.get_by_role("option", name="Juin 2026", exact=True).click()
    rows = list(
        csv.DictReader(
            io.StringIO(downloaded(page, "Télécharger (CSV pour Excel)").decode("utf-8-sig")),
            delimiter=";",
        )
    )
    periods = {row["Période"] for row in rows}
    assert "juin 2026" in periods and not any("oct." in p or "T4" in p for p in periods)


def test_role_quality_officer_holds_the_review_and_reads_the_journal(app_url, page):
    sign_in(page, app_url, "responsable qualité")
    open_page(page, f"{app_url}/revue?mois=2026-10")
    page.get_by_label("Participants").fill("Maire, DGS, pilotes")
    page.get_by_role("button", name="Enregistrer la revue").click()
    page.get_by_text("enregistrée comme tenue").first.wait_for(timeout=60_000)
    wait_for_app(page)
    assert page.locator("input[type=file]").count() == 0
    open_page(page, f"{app_url}/import")
    assert page.locator("input[type=file]").count() == 1
    body = open_page(page, f"{app_url}/journal")
    assert "écritures" in body
    with page.expect_download() as download:
        page.get_by_text("Télécharger le journal (CSV pour Excel)").click()
    journal = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    assert journal.splitlines()[0] == "Date et heure;Qui;Action;Détail"
    assert "revue tenue" in journal and "Responsable qualité de démonstration" in journal
    assert "participants : Maire, DGS, pilotes" in journal
    # The workbook is written when asked for: the same entries.
    sheet = openpyxl.load_workbook(io.BytesIO(downloaded(page, "Télécharger le journal (Excel)")))[
        "Journal"
    ]
    assert sheet.max_row == len(journal.strip().splitlines())
    screenshot(page, "journal.png")
    assert refused(page, f"{app_url}/comptes")


def test_role_administrator_manages_accounts(app_url, page):
    sign_in(page, app_url, "administrateur")
    body = open_page(page, f"{app_url}/comptes")
    assert "demo.lecteur" in body or page.get_by_text("Créer un compte").count()
    page.get_by_text("Créer un compte").first.click()
    page.get_by_label("Identifiant (courriel pour le fournisseur d'identité)").fill(
        "agent.test@ville.fr"
    )
    page.get_by_label("Nom affiché").fill("Agent Test")
    page.get_by_text("Connexion par le fournisseur d'identité (sans mot de passe)").click()
    page.get_by_role("button", name="Créer le compte").click()
    page.locator("[data-testid='stAlertContentSuccess']").first.wait_for(timeout=60_000)
    assert "Compte « agent.test@" in page.inner_text("[data-testid='stMain']")
    body = open_page(page, f"{app_url}/journal")
    with page.expect_download() as download:
        page.get_by_text("Télécharger le journal (CSV pour Excel)").click()
    journal = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    assert "compte créé" in journal and "agent.test@ville.fr" in journal
    assert "Administrateur de démonstration (demo.admin)" in journal
    # Signing out ends the session: the next visit reads anonymously again.
    page.get_by_role("button", name="Se déconnecter").click()
    page.get_by_label("Identifiant").wait_for(timeout=60_000)
    page.goto(f"{app_url}/comptes")
    wait_for_app(page)
    assert "Connecté :" not in page.inner_text("body")


# ---------------------------------------------------------------- hostile data in the browser


def test_hostile_data_is_shown_as_typed_and_fetches_nothing(tmp_path, demo_db, browser):
    """Payloads (links, images, :red[], maths, HTML, bold) in services, a file name, a note, a
    decision, an action, the attendees: shown as text, and not one request leaves 127.0.0.1."""
    from urllib.parse import quote

    from tests.payloads import NOTE, PAYLOADS, REMOTE, SERVICES, seed_hostile

    hostile = tmp_path / "hostile" / "demo.duckdb"
    hostile.parent.mkdir()
    shutil.copyfile(demo_db, hostile)
    seed_hostile(hostile, ROOT, DEMO_TODAY)
    requests: list[str] = []
    with served(tmp_path, hostile) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 2200}, locale="fr-FR")
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        sign_in(page, url, "responsable qualité")
        shown = []
        for address in (
            f"/?mois=2026-10&service={quote(SERVICES['image'])}",
            "/revue?mois=2026-10",
            f"/revue?mois=2026-10&service={quote(SERVICES['html'])}",
            "/actions",
            "/import",
            "/journal",
        ):
            shown.append(open_page(page, url + address))
            # Our own links may carry the service in their query; none may point elsewhere.
            elsewhere = f"img[src*='{REMOTE}'], a[href^='http://{REMOTE}'], a[href*='.invalid']"
            assert page.locator(elsewhere).count() == 0
            assert page.locator(".katex, [data-testid='stMain'] b:has-text('gras')").count() == 0
            assert page.locator("[data-testid='stMain'] h1:has-text('Titre injecté')").count() == 0
            if address == "/revue?mois=2026-10":
                screenshot(page, "donnees_hostiles_revue.png")
        context.close()
    text = "\n".join(shown).replace("\u2060", "")  # the word joiners that break autolinks
    assert SERVICES["image"] in text and SERVICES["html"] in text
    for line in NOTE.split("\n"):
        assert line in text, line
    assert PAYLOADS["lien"] in text  # the attendees of the review
    outside = [r for r in requests if not r.startswith((url, "data:", "blob:", "about:"))]
    assert not outside, outside
    assert requests, "aucune requête enregistrée"


# ---------------------------------------------------------------- sign-in with an identity provider


def test_sign_in_through_a_local_oidc_provider(tmp_path, demo_db, browser):
    """st.login end to end against oidc-provider-mock started here (never a real provider): a
    person with an account signs in with their role; a stranger is told to ask for one."""
    oidc = pytest.importorskip("oidc_provider_mock")
    from qualiboard.store.access import SYSTEM
    from qualiboard.store.accounts import add_account
    from qualiboard.store.db import connect

    database = tmp_path / "oidc.duckdb"
    shutil.copyfile(demo_db, database)
    con = connect(database)
    add_account(con, SYSTEM, "agent@ville.fr", name="Agent CCAS", role="pilote", services=("CCAS",))
    con.close()
    port = free_port()
    with oidc.run_server_in_thread() as provider:
        issuer = f"http://localhost:{provider.server_port}"
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            'cookie_secret = "un-secret-de-test-assez-long-pour-signer"\n'
            'client_id = "qualiboard"\n'
            'client_secret = "secret-du-client"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        folder = tmp_path / "served"
        folder.mkdir()
        with served(folder, database, port=port, options=(f"--secrets.files={secrets}",)) as url:
            for email, expected in (
                ("agent@ville.fr", "Connecté : Agent CCAS"),
                ("inconnu@ailleurs.fr", "n'est pas ouvert dans Qualiboard"),
            ):
                context = browser.new_context(locale="fr-FR")
                page = context.new_page()
                page.goto(url)
                wait_for_app(page)
                page.get_by_role("button", name="Se connecter", exact=True).click()
                page.get_by_role(
                    "button", name="Se connecter avec le compte de la collectivité"
                ).click()
                page.locator("input[name=sub]").fill(email)
                page.get_by_role("button", name="Authorize").click()
                page.wait_for_url(f"{url}/**", timeout=60_000)
                page.get_by_text(expected).first.wait_for(timeout=60_000)
                wait_for_app(page)
                if email.startswith("agent"):
                    body = open_page(page, f"{url}/revue?mois=2026-10&service=CCAS")
                    assert "Saisir l'analyse" in body  # a pilote of the CCAS
                    assert refused(page, f"{url}/import")
                    screenshot(page, "connexion_oidc_pilote.png")
                context.close()
