"""Dossier d'audit: the zip holds a PDF and an XLSX; the PDF is opened and read page by page."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from qualiboard.present.audit_pdf import audit_zip_bytes, cell_text
from qualiboard.steering.review import close_action, create_action, record_review, save_note
from qualiboard.views.annual import annual_review
from qualiboard.views.audit import audit_pack
from tests.conftest import make_config
from tests.helpers import fr, load, person, write_csv

D = dt.date
TODAY = D(2026, 11, 3)
MADE_ON = D(2026, 11, 4)


@pytest.fixture
def town(con, tmp_path):
    """September 2026: 10 letters, 9 answered within a week (90 %); October: 4 of 5 (80 %)."""
    cfg = make_config(
        """
  - id: courrier_delai
    label: Courriers répondus sous 15 jours ouvrés
    module: 1
    engagement: Nous répondons à vos courriers sous 15 jours ouvrés
    owner: Direction générale
    source: correspondence
    measure: {type: share, condition: "delay_working_days <= 15"}
    objective: 85
"""
    )
    rows = []
    for month, count, late in ((9, 10, 1), (10, 5, 1)):
        for i in range(count):
            answered = D(2026, month, 9) if i >= late else D(2026, month + 1, 2)
            rows.append([f"C{month}-{i}", fr(D(2026, month, 2)), fr(answered), "Courrier", "CCAS"])
    path = write_csv(
        tmp_path / "registre courrier.csv",
        ["N° chrono", "Date d'arrivée", "Date de réponse", "Canal", "Service"],
        rows,
    )
    load(con, cfg, path, today=TODAY)
    who = person()
    record_review(con, D(2026, 10, 1), held_on=D(2026, 10, 20), attendees="M. Martin", by=who)
    save_note(
        con,
        "courrier_delai",
        D(2026, 10, 1),
        analysis="Absence de l'agent « courrier » en octobre",
        decisions="Binôme de remplacement",
        by=who,
    )
    create_action(
        con,
        title="Mettre en place un audit interne annuel",
        origin="audit externe",
        owner="Mme Durand",
        opened_on=D(2026, 6, 1),
        due_on=D(2026, 9, 30),
        by=who,
    )
    # Closed before the twelve months: not in the pack.
    old = create_action(
        con,
        title="Ancienne action close en 2024",
        origin="audit interne",
        owner="Mme Durand",
        opened_on=D(2024, 1, 10),
        due_on=D(2024, 2, 1),
        by=who,
    )
    close_action(con, old, closed_on=D(2024, 2, 1), by=who)
    return cfg


def test_zip_holds_a_pdf_read_page_by_page_and_a_workbook(con, town):
    pack = audit_pack(con, town, D(2026, 10, 1), TODAY, made_on=MADE_ON)
    archive = zipfile.ZipFile(io.BytesIO(audit_zip_bytes(pack)))
    names = sorted(archive.namelist())
    assert names == [
        "dossier_audit_ville_test_20261104.pdf",
        "dossier_audit_ville_test_20261104.xlsx",
    ]
    reader = PdfReader(io.BytesIO(archive.read(names[0])))
    pages = [page.extract_text() for page in reader.pages]
    total = len(pages)
    assert total >= 9  # a cover and one page at least per part
    for number, text in enumerate(pages, start=1):
        assert "Ville test" in text
        assert "04/11/2026" in text
        assert f"Page {number} / {total}" in text
    everything = "\n".join(pages)
    assert "Période couverte : novembre 2025 à octobre 2026" in pages[0]

    def page_of(title: str) -> str:
        found = [t for t in pages if re.search(rf"\d\. {re.escape(title)}", t)]
        assert found, title
        return found[-1]

    referential = page_of("Référentiel des indicateurs")
    assert "Nous répondons à vos courriers sous 15 jours ouvrés" in referential
    assert "Direction générale" in referential and "≥ 85 %" in referential.replace("\u202f", " ")
    months = page_of("Douze mois de chaque indicateur").replace("\u202f", " ")
    assert "90,0 % ✔" in months  # September: 9 of 10 against ≥ 85 %
    assert "80,0 % ✖" in months  # October: 4 of 5
    reviews = page_of("Revues tenues, analyses et décisions")
    assert "Absence de l'agent « courrier » en octobre" in reviews
    assert "Binôme de remplacement" in reviews and "M. Martin" in reviews
    actions = page_of("Plan d'actions et constats d'audit")
    assert "dont 1 issue d'un audit" in actions
    assert "Mettre en place un audit interne annuel" in actions and "en retard" in actions
    assert "Ancienne action" not in actions
    annual = page_of("Bilan annuel — novembre 2025 à octobre 2026").replace("\u202f", " ")
    assert "86,7" in annual  # 13 of 15 over the twelve months
    quality = page_of("Qualité des données")
    assert "Courriers et courriels" in quality
    imports = page_of("Journal des imports")
    assert "registre courrier.csv" in imports
    journal = page_of("Journal d'audit")
    assert "revue tenue" in journal and "Mme Durand" in journal
    assert "None" not in everything and "nan" not in everything

    book = load_workbook(io.BytesIO(archive.read(names[1])))
    assert book.sheetnames == [
        "Référentiel",
        "Douze mois",
        "Revues",
        "Actions",
        "Bilan annuel",
        "Qualité des données",
        "Imports",
        "Journal",
    ]
    months_sheet = book["Douze mois"]
    headers = [c.value for c in months_sheet[1]]
    assert months_sheet.cell(row=2, column=headers.index("sept. 2026") + 1).value == "90,0\u202f% ✔"


def test_cells_are_written_the_french_way():
    assert cell_text(1234.5) == "1\u202f234,5"
    assert cell_text(D(2026, 3, 1)) == "01/03/2026"
    assert cell_text(float("nan")) == ""
    assert cell_text(None) == ""


def test_the_pages_review_without_its_action_plan_gives_the_same_pack(con, town):
    """The annual review page caches its review without the action plan; the pack adds it."""
    light = annual_review(con, town, D(2025, 11, 1), D(2026, 10, 1), TODAY, with_actions=False)
    from_page = audit_pack(con, town, D(2026, 10, 1), TODAY, made_on=MADE_ON, review=light)
    alone = audit_pack(con, town, D(2026, 10, 1), TODAY, made_on=MADE_ON)
    sections = {s.key: s for s in from_page.sections}
    expected = {s.key: s for s in alone.sections}
    assert list(sections["Actions"].table["Intitulé"]) == list(
        expected["Actions"].table["Intitulé"]
    )
    assert "Mettre en place un audit interne annuel" in list(sections["Actions"].table["Intitulé"])
