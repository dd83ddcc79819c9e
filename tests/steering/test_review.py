"""Monthly review notes, reviews held, the action plan and the annual review exports (WSM-1, WSM-3)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from qualiboard.cli import main
from qualiboard.steering.review import (
    action_plan,
    close_action,
    create_action,
    note_history,
    notes,
    record_review,
    reviews_held,
    save_note,
)
from qualiboard.store.db import connect
from qualiboard.views.annual import (
    annual_csv_bytes,
    annual_review,
    annual_xlsx_bytes,
    with_action_plan,
)
from tests.conftest import MINIMAL_CONFIG, make_config
from tests.domain.test_config import GOOD_INDICATOR
from tests.helpers import fr, load, person, write_csv

D = dt.date
CONFIG = make_config(
    """
  - id: courrier_delai
    label: Courriers répondus sous 15 jours ouvrés
    module: 1
    engagement: Nous répondons à vos courriers sous 15 jours ouvrés
    source: correspondence
    measure: {type: share, condition: "delay_working_days <= 15"}
    objective: 90
  - id: courrier_delai_median
    label: Délai médian
    module: 1
    source: correspondence
    measure: {type: median, field: delay_working_days}
    unit: jours ouvrés
    direction: lower
    objective: 8
"""
)


def test_a_note_survives_a_restart_and_an_edit_keeps_the_previous_text(tmp_path):
    path = tmp_path / "q.duckdb"
    con = connect(path)
    first = save_note(
        con,
        "courrier_delai",
        D(2026, 10, 1),
        analysis="Retards à l'état civil (congés).",
        decisions="Renfort en novembre",
        by=person("Responsable qualité"),
        written_at=dt.datetime(2026, 11, 5, 10, 0),
    )
    con.close()
    con = connect(path)
    again = save_note(
        con,
        "courrier_delai",
        D(2026, 10, 1),
        analysis="Retards à l'état civil (congés et arrêt maladie).",
        by=person("DGS"),
        written_at=dt.datetime(2026, 11, 6, 9, 0),
    )
    assert again == first
    current = notes(con, start=D(2026, 10, 1), end=D(2026, 10, 1))
    assert list(current["analysis"]) == ["Retards à l'état civil (congés et arrêt maladie)."]
    assert list(current["version"]) == [2]
    history = note_history(con, first)
    assert list(history["analysis"]) == [
        "Retards à l'état civil (congés et arrêt maladie).",
        "Retards à l'état civil (congés).",
    ]
    assert list(history["author"]) == ["DGS", "Responsable qualité"]
    # A note for one service is a note of its own.
    other = save_note(
        con, "courrier_delai", D(2026, 10, 1), analysis="RAS", by=person("x"), service="CCAS"
    )
    assert other != first
    con.close()


def test_overdue_actions_at_a_given_date(con):
    reference = create_action(
        con,
        title="Former les agents d'accueil",
        origin="audit interne",
        owner="DRH",
        opened_on=D(2026, 1, 10),
        due_on=D(2026, 3, 31),
        module="2",
        by=person("qualité"),
    )
    assert reference == "APP-2026-001"
    on_due_day = action_plan(con, D(2026, 3, 31)).iloc[0]
    assert on_due_day["state"] == "en cours"
    assert pd.isna(on_due_day["days_overdue"])
    late = action_plan(con, D(2026, 4, 10)).iloc[0]
    assert late["state"] == "en retard"
    assert late["days_overdue"] == 10
    close_action(con, reference, closed_on=D(2026, 4, 12), by=person("qualité"))
    closed = action_plan(con, D(2026, 5, 1)).iloc[0]
    assert closed["state"] == "soldée"
    assert closed["closed_on"] == D(2026, 4, 12)
    with pytest.raises(ValueError, match="antérieure"):
        create_action(
            con,
            title="x",
            origin="COPIL",
            owner="y",
            opened_on=D(2026, 5, 1),
            due_on=D(2026, 4, 1),
            by=person("z"),
        )


def letters(con, tmp_path):
    """2025: Feb 1 on time + 1 late, Mar 2 on time -> year 3/4 = 75 %; 2024: 1/2 = 50 %."""
    rows = [
        ("2024-1", D(2024, 6, 3), D(2024, 6, 5)),
        ("2024-2", D(2024, 6, 3), D(2024, 7, 31)),
        ("2025-1", D(2025, 2, 3), D(2025, 2, 5)),
        ("2025-2", D(2025, 2, 3), D(2025, 3, 31)),
        ("2025-3", D(2025, 3, 3), D(2025, 3, 4)),
        ("2025-4", D(2025, 3, 10), D(2025, 3, 12)),
    ]
    path = write_csv(
        tmp_path / "courriers.csv",
        ["N° chrono", "Date d'arrivée", "Date de réponse", "Canal", "Service"],
        [[ref, fr(a), fr(b), "Courrier", "État civil"] for ref, a, b in rows],
    )
    load(con, CONFIG, path, today=D(2026, 11, 3))


def test_annual_csv_opens_in_french_excel(con, tmp_path):
    letters(con, tmp_path)
    record_review(con, D(2025, 3, 1), held_on=D(2025, 4, 8), attendees="Maire, DGS", by=person("q"))
    save_note(
        con, "courrier_delai", D(2025, 2, 1), analysis="Un courrier en retard", by=person("q")
    )
    review = annual_review(con, CONFIG, D(2025, 1, 1), D(2025, 12, 1), D(2026, 11, 3))
    raw = annual_csv_bytes(review)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[:8] == [
        "Module",
        "Code",
        "Indicateur",
        "Engagement",
        "Unité",
        "Valeur (année 2025)",
        "Objectif",
        "Statut",
    ]
    assert first["Code"] == "courrier_delai"
    # 4 letters in 2025, 3 within 15 working days: 75 %; 2024: 1 of 2.
    assert first["Valeur (année 2025)"] == "75"
    assert (first["Numérateur"], first["Dénominateur"]) == ("3", "4")
    assert first["Valeur (année 2024)"] == "50"
    assert first["Évolution"] == "25"
    assert first["Statut"] == "non atteint"
    assert first["févr. 2025"] == "50" and first["mars 2025"] == "100"
    assert first["janv. 2025"] == ""
    assert first["Analyses du COPIL"] == "févr. 2025 : Un courrier en retard"
    median = dict(zip(rows[0], rows[2], strict=True))
    # Working days to answer in 2025: 2, 40, 1, 2 -> median 2.
    assert median["Valeur (année 2025)"] == "2"
    assert review.steering.set_index("Élément").loc["Revues mensuelles tenues", "Valeur"] == 1
    # On the page the objective says its direction and unit; the CSV keeps the number.
    assert review.synthesis_shown()["Objectif"].iloc[0] == "≥\u00a090\u202f%"
    assert first["Objectif"] == "90"


def test_the_page_review_leaves_the_action_plan_for_the_workbook(con, tmp_path):
    letters(con, tmp_path)
    common = {"origin": "COPIL", "owner": "DGS", "by": person("q")}
    # Closed before 2025, open through 2025, opened in 2026: only the second is in the period.
    old = create_action(
        con, title="Ancienne", opened_on=D(2024, 1, 5), due_on=D(2024, 6, 30), **common
    )
    close_action(con, old, closed_on=D(2024, 12, 20), by=person("q"))
    create_action(con, title="Accueil", opened_on=D(2024, 11, 4), due_on=D(2025, 2, 28), **common)
    create_action(con, title="Plus tard", opened_on=D(2026, 2, 2), due_on=D(2026, 6, 30), **common)
    full = annual_review(con, CONFIG, D(2025, 1, 1), D(2025, 12, 1), D(2026, 11, 3))
    light = annual_review(
        con, CONFIG, D(2025, 1, 1), D(2025, 12, 1), D(2026, 11, 3), with_actions=False
    )
    assert light.actions is None and list(full.actions["Intitulé"]) == ["Accueil"]
    # The counts on the page do not depend on it.
    pd.testing.assert_frame_equal(light.steering, full.steering)
    added = with_action_plan(con, light, D(2026, 11, 3))
    pd.testing.assert_frame_equal(added.actions, full.actions)
    assert annual_xlsx_bytes(added)[:2] == b"PK"


def test_annual_xlsx_sheets_formats_and_percentages(con, tmp_path):
    letters(con, tmp_path)
    review = annual_review(con, CONFIG, D(2025, 1, 1), D(2025, 12, 1), D(2026, 11, 3))
    path = tmp_path / "bilan.xlsx"
    path.write_bytes(annual_xlsx_bytes(review))
    book = load_workbook(path)
    assert book.sheetnames == [
        "Synthèse",
        "Mensuel",
        "Actions",
        "Revues",
        "Pilotage",
        "Référentiel",
        "Journal",
        "Fin d'année",
    ]
    # A complete year: the outlook is the final verdict (75 % against ≥ 90 %).
    outlook = book["Fin d'année"]
    outlook_headers = [c.value for c in outlook[1]]
    assert outlook.cell(row=2, column=outlook_headers.index("Tendance") + 1).value == (
        "non atteint sur l'année"
    )
    sheet = book["Synthèse"]
    assert sheet.freeze_panes == "A2"
    headers = [c.value for c in sheet[1]]
    value = sheet.cell(row=2, column=headers.index("Valeur (année 2025)") + 1)
    assert value.value == pytest.approx(0.75)
    assert value.number_format == "0.0%"
    target = sheet.cell(row=2, column=headers.index("Objectif") + 1)
    assert (target.value, target.number_format) == (pytest.approx(0.9), "0.0%")
    # The median is in working days, not a percentage.
    median = sheet.cell(row=3, column=headers.index("Valeur (année 2025)") + 1)
    assert median.number_format != "0.0%"
    assert sheet.column_dimensions["C"].width > 10
    monthly = book["Mensuel"]
    month_headers = [c.value for c in monthly[1]]
    march = monthly.cell(row=2, column=month_headers.index("mars 2025") + 1)
    assert (march.value, march.number_format) == (pytest.approx(1.0), "0.0%")


def test_formula_injection_is_neutralised(con, tmp_path):
    hostile = '=HYPERLINK("http://exemple.invalid","clic")'
    create_action(
        con,
        title="+cmd|' /C calc'!A0",
        origin="COPIL",
        owner="@SOMME(A1)",
        opened_on=D(2025, 2, 1),
        due_on=D(2025, 3, 1),
        service=hostile,
        by=person("q"),
    )
    save_note(
        con, "courrier_delai", D(2025, 2, 1), analysis="-2+3", by=person("q"), service=hostile
    )
    review = annual_review(con, CONFIG, D(2025, 1, 1), D(2025, 12, 1), D(2026, 11, 3))
    path = tmp_path / "bilan.xlsx"
    path.write_bytes(annual_xlsx_bytes(review))
    book = load_workbook(path)
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert "'" + hostile in texts
    assert "'+cmd|' /C calc'!A0" in texts
    assert "'-2+3" in texts


def test_cli_export_year_and_custom_range(tmp_path):
    db = tmp_path / "q.duckdb"
    con = connect(db)
    letters(con, tmp_path)
    con.close()
    config = tmp_path / "indicators.yaml"
    config.write_text(
        MINIMAL_CONFIG.format(territory="metropole", indicators=GOOD_INDICATOR),
        encoding="utf-8",
    )
    out = tmp_path / "bilan.csv"
    common = ["--db", str(db), "--config", str(config), "--today", "2026-11-03"]
    assert main(["export", "--year", "2025", "--format", "csv", "--out", str(out), *common]) == 0
    text = out.read_bytes().decode("utf-8-sig")
    assert "Valeur (année 2025)" in text
    ranged = tmp_path / "bilan.xlsx"
    code = main(["export", "--from", "2024-06", "--to", "2025-03", "--out", str(ranged), *common])
    assert code == 0
    sheet = load_workbook(ranged)["Synthèse"]
    headers = [c.value for c in sheet[1]]
    # June 2024 to March 2025: all six letters, four within the deadline.
    column = headers.index("Valeur (juin 2024 à mars 2025)") + 1
    assert sheet.cell(row=2, column=column).value == pytest.approx(4 / 6)
    assert main(["export", "--year", "2025", "--from", "2025-01", "--out", str(out), *common]) == 2


def test_reviews_held_are_listed(con):
    record_review(con, D(2026, 9, 1), held_on=D(2026, 10, 6), attendees="COPIL", by=person("q"))
    record_review(
        con, D(2026, 9, 1), held_on=D(2026, 10, 7), attendees="COPIL élargi", by=person("q")
    )
    held = reviews_held(con, D(2026, 1, 1), D(2026, 12, 1))
    assert list(held["held_on"]) == [D(2026, 10, 7)]
    assert list(held["attendees"]) == ["COPIL élargi"]


def test_the_workbook_of_the_current_year_is_as_of_the_last_month_over(con, tmp_path):
    """Exported on 03/11/2025, the review of 2025 is as of October: ten months elapsed, the
    référentiel's last value is October's (December said « pas de données » and the outlook
    « Année complète » before), and both sheets hold real numbers."""
    letters(con, tmp_path)
    review = annual_review(con, CONFIG, D(2025, 1, 1), D(2025, 12, 1), D(2025, 11, 3))
    book = load_workbook(io.BytesIO(annual_xlsx_bytes(review)))
    outlook = book["Fin d'année"]
    headers = [c.value for c in outlook[1]]
    row = {h: outlook.cell(row=2, column=i + 1) for i, h in enumerate(headers)}
    assert row["Code"].value == "courrier_delai"
    assert row["Mois écoulés"].value == 10
    # 3 of the 4 letters of 2025 answered within 15 working days, against ≥ 90 %.
    assert (row["À ce jour"].value, row["À ce jour"].number_format) == (0.75, "0.0%")
    assert (row["Sens"].value, row["Unité"].value) == ("≥", "%")
    assert (row["Objectif annuel"].value, row["Objectif annuel"].number_format) == (0.9, "0.0%")
    assert "Année complète" not in row["Reste à faire"].value
    referential = book["Référentiel"]
    headers = [c.value for c in referential[1]]
    first = {h: referential.cell(row=2, column=i + 1).value for i, h in enumerate(headers)}
    assert (first["Code"], first["Période"]) == ("courrier_delai", "oct. 2025")
    assert (first["Sens"], first["Objectif"], first["Unité"]) == ("≥", 0.9, "%")
