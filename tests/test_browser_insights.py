"""The four outputs of issue 18 in headless Chromium, with screenshots in test-artifacts/: the
detail page's « Pourquoi ça a bougé ? » and « Où finira l'année ? », the overview's year-end
marker, the public results page seen without signing in (and its A4 print), the audit pack."""

from __future__ import annotations

import io
import shutil
import sys
import zipfile

import pytest

from qualiboard.store.db import connect, set_setting
from qualiboard.store.settings import ANONYMOUS_READING, PUBLIC_RESULTS
from tests.helpers import sign_in
from tests.test_browser import ARTIFACTS, browser, page, screenshot, served, wait_for_app

__all__ = ["browser", "page"]  # fixtures of the shared browser module


@pytest.fixture(scope="module")
def public_town(tmp_path_factory, demo_db):
    """The demo town with the public page opened and reading otherwise closed."""
    folder = tmp_path_factory.mktemp("public")
    database = folder / "source.duckdb"
    shutil.copyfile(demo_db, database)
    con = connect(database)
    set_setting(con, ANONYMOUS_READING, "non")
    set_setting(con, PUBLIC_RESULTS, "oui")
    con.close()
    with served(folder, database) as url:
        yield url


def test_public_page_without_signing_in_and_its_a4_print(public_town, page):
    page.goto(f"{public_town}/resultats")
    page.get_by_role("heading", name="Nos engagements de service").first.wait_for(timeout=60_000)
    wait_for_app(page)
    body = page.inner_text("body")
    assert "Connexion" not in body and "Mot de passe" not in body
    assert "Nous répondons à vos courriers sous 15 jours ouvrés" in body
    assert "Analyse" not in body  # no internal notes
    assert (
        page.locator("[data-testid='stSidebar']").count() == 0
        or not page.locator("[data-testid='stSidebar']").is_visible()
    )
    charts = page.locator("img.qb-chart")
    assert charts.count() >= 5
    assert all(charts.nth(i).get_attribute("alt") for i in range(charts.count()))
    levels = page.eval_on_selector_all("h1, h2", "els => els.map(e => e.tagName)")
    assert levels[0] == "H1" and set(levels[1:]) == {"H2"}
    screenshot(page, "resultats_usagers.png")
    with page.expect_download() as waiting:
        page.get_by_text("Télécharger l'affiche à imprimer").click()
    document = waiting.value.path().read_text(encoding="utf-8")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.set_content(document)
    page.emulate_media(media="print")
    screenshot(page, "resultats_usagers_affiche_a4.png")
    pdf = ARTIFACTS / "resultats_usagers_affiche_a4.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_detail_overview_and_audit_pack_signed_in(public_town, page):
    sign_in(page, public_town, "responsable qualité")
    page.goto(f"{public_town}/indicateur?indicateur=courrier_delai&mois=2026-10")
    page.get_by_text("Pourquoi ça a bougé ?").first.wait_for(timeout=60_000)
    wait_for_app(page)
    body = page.inner_text("body")
    assert "sept. 2026 → oct. 2026 :" in body and "Où finira l'année 2026 ?" in body
    page.get_by_text("Pourquoi ça a bougé ?").first.scroll_into_view_if_needed()
    screenshot(page, "indicateur_pourquoi_et_fin_d_annee.png")
    page.goto(f"{public_town}/?mois=2026-10")
    page.get_by_text("Fin d'année :").first.wait_for(timeout=60_000)
    wait_for_app(page)
    screenshot(page, "vue_d_ensemble_fin_d_annee.png")
    page.goto(f"{public_town}/revue?mois=2026-10")
    page.get_by_text("Pourquoi ça a bougé :").first.wait_for(timeout=60_000)
    wait_for_app(page)
    screenshot(page, "revue_pourquoi.png")
    page.goto(f"{public_town}/bilan")
    page.get_by_text("Préparer le dossier d'audit (zip)").first.wait_for(timeout=60_000)
    wait_for_app(page)
    page.get_by_text("Préparer le dossier d'audit (zip)").click()
    button = page.get_by_text("Télécharger le dossier d'audit (PDF + Excel, zip)")
    button.wait_for(timeout=120_000)
    with page.expect_download() as waiting:
        button.click()
    archive = zipfile.ZipFile(io.BytesIO(waiting.value.path().read_bytes()))
    pdf_name = next(n for n in archive.namelist() if n.endswith(".pdf"))
    (ARTIFACTS / "dossier_audit.pdf").write_bytes(archive.read(pdf_name))
    assert any(n.endswith(".xlsx") for n in archive.namelist())
    assert "pypdf" in sys.modules or archive.read(pdf_name).startswith(b"%PDF")
