"""The data-quality page's view-model, on small hand-written files."""

from __future__ import annotations

from qualiboard.views.data_quality import data_quality_page
from tests.conftest import make_config
from tests.helpers import load, write_csv

HEADERS = ["N° signalement", "Date du signalement", "Statut", "Date de fin d'intervention"]


def test_an_empty_base_has_no_data(con):
    page = data_quality_page(con, make_config())
    assert not page.has_data
    assert page.per_month.empty and page.no_end_lines == []


def test_treated_without_end_gaps_and_volumes(con, tmp_path):
    # January: 2 reports, one treated without an end date; February: none; March: 1 report.
    path = write_csv(
        tmp_path / "signalements.csv",
        HEADERS,
        [
            ["S1", "05/01/2026", "Traité", ""],
            ["S2", "06/01/2026", "Traité", "08/01/2026"],
            ["S3", "02/03/2026", "En cours", ""],
        ],
    )
    load(con, make_config(), path)
    page = data_quality_page(con, make_config())
    assert page.has_data
    assert page.no_end_lines == [
        "janv. 2026 — Signalements : **1 traités sans date de fin** sur 2 traités"
    ]
    assert page.no_end_table.to_dict("records") == [
        {"Source": "Signalements", "Mois": "janv. 2026", "Traités": 2,
         "Traités sans date de fin": 1}
    ]  # fmt: skip
    checks = {check.title: check for check in page.checks}
    gaps = checks["Mois sans données"].findings
    assert gaps.to_dict("records") == [
        {"source": "Signalements", "mois sans données": "févr. 2026"}
    ]
    assert checks["Services présents dans les données mais absents du référentiel"].findings.empty
    # Newest month first; only months with data for some source, zeros elsewhere.
    assert list(page.per_month.columns) == ["mars 2026", "janv. 2026"]
    assert page.per_month.loc["Signalements"].tolist() == [1, 2]
    assert page.freshness.set_index("Source").loc["Signalements", "Dernière donnée"] == (
        "02/03/2026"
    )
