"""« Données au »: figures judged at the date of their data, never at the wall clock."""

from __future__ import annotations

import datetime as dt

import pytest

from qualiboard.cli import main
from qualiboard.engine.indicators import compute_all, compute_indicator
from qualiboard.ingest.asof import date_in_text
from qualiboard.ingest.prepare import prepare_import
from qualiboard.store.db import connect
from tests.conftest import make_config
from tests.helpers import fr, load, write_csv, write_xlsx

D = dt.date
OCTOBER = D(2026, 10, 1)

# Demo town, October 2026: (value rounded to 0,01, n, pending, status, provisional). Pinned the
# same for 03/11/2026 (the export day) and 25/11/2026: the export does not change, neither do
# its figures. Before « données au », 25/11 gave courrier_delai 71,32 % non atteint (n = 136).
DEMO_OCTOBER = {
    "courrier_delai": (92.38, 105, 31, "atteint", True),
    "courrier_delai_15j": (81.98, 111, 25, "vigilance", True),
    "courrier_ar": (97.78, 135, 1, "atteint", True),
    "courriel_delai": (88.39, 112, 5, "vigilance", True),
    "courrier_delai_median": (4.0, 100, 0, "atteint", False),
    "telephone_decroche": (84.08, 2525, 0, "vigilance", False),
    "guichet_attente": (90.10, 414, 0, "atteint", False),
    "guichet_attente_p90": (9.76, 414, 0, "atteint", False),
    "satisfaction_accueil": (87.18, 39, 0, "atteint", False),
    "satisfaction_attente": (72.5, 40, 0, "vigilance", False),
    "satisfaction_information": (83.78, 37, 0, "atteint", False),
    "formation_agents": (94.44, 18, 0, "atteint", True),  # quarter 4 still running
    "proprete_locaux": (90.0, 20, 0, "atteint", False),
    "signaletique": (None, None, 0, "pas de données", True),
    "reclamation_delai": (87.5, 24, 4, "vigilance", True),
    "reclamation_ar": (92.86, 28, 0, "vigilance", True),
    "reclamations_volume": (28.0, 28, 0, "sans objectif", False),
    "satisfaction_globale": (77.5, 40, 0, "vigilance", False),
    "satisfaction_globale_courrier": (70.59, 17, 0, "échantillon insuffisant", False),
    "satisfaction_nette": (55.0, 40, 0, "atteint", False),
    "satisfaction_echantillon": (40.0, 40, 0, "atteint", False),
    "actions_a_lheure": (75.0, 4, 0, "vigilance", False),
    "actions_en_retard": (1.0, 4, 0, "vigilance", False),
    "audits_internes": (None, None, 0, "pas de données", True),
    "signalement_ar": (96.83, 63, 0, "atteint", False),
    "signalement_traites": (79.37, 63, 0, "vigilance", False),
    "signalement_en_cours": (13.0, 63, 0, "sans objectif", False),
    "signalement_delai": (86.84, 38, 10, "atteint", True),
    "signalement_sans_date_fin": (30.0, 50, 0, "non atteint", False),
    # Issue 19. A lead time is known at booking, yet the month is provisional: bookings made
    # after the export day are not in it yet.
    "rdv_sous_30j": (98.17, 273, 0, "atteint", True),
    "rdv_delai_median": (7.0, 273, 0, "atteint", False),
    "rdv_delai_p90": (21.0, 273, 0, "atteint", False),
    "rdv_absences": (5.63, 231, 0, "atteint", False),
    "rdv_annulations": (9.16, 273, 0, "atteint", False),
    "actes_delai": (98.05, 308, 1, "atteint", True),
    "actes_delai_median": (1.0, 241, 0, "atteint", False),
    "actes_rejets": (4.04, 322, 0, "atteint", False),
    # Quarterly: T4 2026 holds October only, far below a firm's quarter of checks.
    "mystere_conformite": (100.0, 24, 0, "échantillon insuffisant", True),
    "mystere_decroche": (100.0, 4, 0, "échantillon insuffisant", True),
    "mystere_politesse": (100.0, 6, 0, "échantillon insuffisant", True),
    "mystere_reponse_exacte": (100.0, 6, 0, "échantillon insuffisant", True),
}


def _shown(results) -> dict[str, tuple]:
    out = {}
    for row in results.itertuples():
        value = None if row.value != row.value else round(float(row.value), 2)
        n = None if row.denominator != row.denominator else int(row.denominator)
        out[row.indicator_id] = (value, n, int(row.pending), row.status, bool(row.provisional))
    return out


@pytest.mark.parametrize("looked_at", [D(2026, 11, 3), D(2026, 11, 25)])
def test_demo_october_is_the_same_on_the_3rd_and_the_25th_of_november(
    demo_copy, shipped_config, looked_at
):
    con = connect(demo_copy)
    try:
        results = compute_all(con, shipped_config, start=OCTOBER, end=OCTOBER, today=looked_at)
    finally:
        con.close()
    assert _shown(results) == DEMO_OCTOBER
    assert set(DEMO_OCTOBER) == {i.id for i in shipped_config.indicators}


def test_demo_imports_carry_the_date_of_their_data(demo_copy):
    con = connect(demo_copy)
    try:
        rows = dict(con.execute("SELECT file_name, as_of FROM import_batches").fetchall())
    finally:
        con.close()
    # The letters' register says « Export du 03/11/2026 »; the others hold their latest event.
    assert rows["courriers_registre.xlsx"] == D(2026, 11, 3)
    assert rows["guichet_file_attente.xlsx"] == D(2026, 10, 30)
    assert rows["mesures_qualite.xlsx"] == D(2026, 10, 31)  # a monthly value covers its month
    assert rows["plan_actions.xlsx"] == D(2026, 10, 31)  # due dates in 2027 are not events


LETTERS = """
  - id: courrier_delai
    label: Courriers répondus sous 15 jours ouvrés
    module: 1
    source: correspondence
    measure: {type: share, condition: "delay_working_days <= 15"}
    objective: 90
  - id: courrier_15j
    label: Courriers répondus en moins de 15 jours
    module: 1
    source: correspondence
    measure: {type: share, condition: "delay_days < 15"}
    objective: 90
"""


def _register(tmp_path, export_day: D):
    # Received in October 2026; export dated `export_day` (30/10/2026, a Friday).
    rows = [
        ["C1", fr(D(2026, 10, 1)), fr(D(2026, 10, 5))],  # answered in 2 working days
        ["C2", fr(D(2026, 10, 1)), fr(D(2026, 10, 28))],  # 19 working days: late
        ["C3", fr(D(2026, 10, 2)), ""],  # open 20 working days at export: late
        ["C4", fr(D(2026, 10, 20)), ""],  # open 8 working days at export: pending
        ["C5", fr(D(2026, 10, 29)), ""],  # open 1 working day: pending
    ]
    return write_xlsx(
        tmp_path / "registre.xlsx",
        ["N° chrono", "Date d'arrivée", "Date de réponse"],
        rows,
        titles=["Registre du courrier", f"Extraction du {fr(export_day)}"],
    )


def test_a_register_exported_on_e_reads_the_same_thirty_days_later(con, tmp_path):
    config = make_config(LETTERS)
    export_day = D(2026, 10, 30)
    load(con, config, _register(tmp_path, export_day), today=export_day)
    on_e = compute_indicator(
        con, config, "courrier_delai", start=OCTOBER, end=OCTOBER, today=export_day
    )
    later = compute_indicator(
        con,
        config,
        "courrier_delai",
        start=OCTOBER,
        end=OCTOBER,
        today=export_day + dt.timedelta(days=30),
    )
    # By hand: C1 on time; C2 and C3 late; C4 and C5 pending -> 1 / 3, 2 pending.
    for figures in (on_e, later):
        row = figures.iloc[0]
        assert (row["numerator"], row["denominator"], row["pending"]) == (1, 3, 2)
        assert row["value"] == pytest.approx(100 / 3)
        assert row["status"] == "non atteint"
        # C5 has until 19/11: October may still change with a later export.
        assert bool(row["provisional"])
    calendar_days = compute_indicator(
        con, config, "courrier_15j", start=OCTOBER, end=OCTOBER, today=D(2026, 12, 31)
    ).iloc[0]
    # Calendar days at 30/10: C3 open 28 days (late), C4 10 days and C5 1 day (pending).
    assert (calendar_days["numerator"], calendar_days["denominator"]) == (1, 3)
    assert calendar_days["pending"] == 2


def test_today_only_caps_the_as_of_date(con, tmp_path):
    config = make_config(LETTERS)
    load(con, config, _register(tmp_path, D(2026, 10, 30)), today=D(2026, 10, 30))
    # A review replayed as of 16/10: C3 (received 02/10) was open 10 working days: pending.
    replay = compute_indicator(
        con, config, "courrier_delai", start=OCTOBER, end=OCTOBER, today=D(2026, 10, 16)
    ).iloc[0]
    assert (replay["numerator"], replay["denominator"], replay["pending"]) == (1, 2, 3)


def test_a_newer_export_judges_the_records_it_reports_at_its_own_date(con, tmp_path):
    config = make_config(LETTERS)
    load(con, config, _register(tmp_path, D(2026, 10, 30)), today=D(2026, 10, 30))
    # Same register extracted on 30/11, C4 and C5 still open: now both late.
    newer = tmp_path / "newer"
    newer.mkdir()
    load(con, config, _register(newer, D(2026, 11, 30)), today=D(2026, 11, 30))
    row = compute_indicator(
        con, config, "courrier_delai", start=OCTOBER, end=OCTOBER, today=D(2027, 1, 15)
    ).iloc[0]
    assert (row["numerator"], row["denominator"], row["pending"]) == (1, 5, 0)
    assert not bool(row["provisional"])


@pytest.mark.parametrize(
    ("titles", "file_name", "expected", "origin"),
    [
        (["Registre", "Extraction du 20/11/2025"], "r.xlsx", D(2025, 11, 20), "ligne de titre"),
        (["Export du 03/11/2026 à 08:15"], "r.xlsx", D(2026, 11, 3), "ligne de titre"),
        (["Données au 31 octobre 2026"], "r.xlsx", D(2026, 10, 31), "ligne de titre"),
        (["Situation arrêtée au 2026-10-15"], "r.xlsx", D(2026, 10, 15), "ligne de titre"),
        (["Registre du courrier"], "registre_2026-10-29.xlsx", D(2026, 10, 29), "nom"),
        ([], "export 28-10-2026.xlsx", D(2026, 10, 28), "nom"),
        (["Registre du courrier"], "registre.xlsx", D(2026, 10, 12), "plus récente"),
    ],
)
def test_the_as_of_date_is_found_where_the_file_states_it(
    con, tmp_path, titles, file_name, expected, origin
):
    path = write_xlsx(
        tmp_path / file_name,
        ["N° chrono", "Date d'arrivée", "Date de réponse"],
        [["C1", fr(D(2026, 10, 1)), fr(D(2026, 10, 12))], ["C2", fr(D(2026, 10, 6)), ""]],
        titles=titles,
    )
    plan = prepare_import(con, path, make_config(LETTERS).organisation, today=D(2026, 11, 25))
    assert plan.as_of.day == expected
    assert origin in plan.as_of.origin


def test_a_date_cell_next_to_the_title_is_read(con, tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        ["N° chrono", "Date d'arrivée", "Date de réponse"],
        [["C1", fr(D(2026, 10, 1)), fr(D(2026, 10, 12))]],
        titles=[],
    )
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheet = workbook.active
    sheet.insert_rows(1)
    sheet["A1"], sheet["B1"] = "Date d'extraction :", D(2026, 10, 27)
    workbook.save(path)
    plan = prepare_import(con, path, make_config(LETTERS).organisation, today=D(2026, 11, 25))
    assert plan.as_of.day == D(2026, 10, 27)


def test_a_date_in_the_future_is_not_an_extraction_date(con, tmp_path):
    # Dates past the import day (a typo, a due date) never judge records.
    path = write_csv(
        tmp_path / "r.csv",
        ["N° chrono", "Date d'arrivée", "Date de réponse"],
        [
            ["C1", fr(D(2026, 10, 1)), fr(D(2026, 10, 12))],
            ["C2", fr(D(2026, 10, 6)), fr(D(2027, 1, 2))],
        ],
    )
    plan = prepare_import(con, path, make_config(LETTERS).organisation, today=D(2026, 11, 25))
    assert plan.as_of.day == D(2026, 10, 12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Extraction du 20/11/2025", D(2025, 11, 20)),
        ("extrait le 1er mars 2026", D(2026, 3, 1)),
        ("Export du 03.11.26", D(2026, 11, 3)),
        ("Données au 2026-10-30", D(2026, 10, 30)),
        ("registre 20261030", D(2026, 10, 30)),
        ("Registre du courrier", None),
        ("Export du 31/02/2026", None),
    ],
)
def test_dates_written_in_text(text, expected):
    assert date_in_text(text) == expected


def test_cli_as_of_overrides_and_imports_lists_it(tmp_path, capsys):
    config_path = tmp_path / "indicators.yaml"
    from tests.conftest import MINIMAL_CONFIG

    config_path.write_text(
        MINIMAL_CONFIG.format(indicators=LETTERS, territory="metropole"), encoding="utf-8"
    )
    db = tmp_path / "q.duckdb"
    register = _register(tmp_path, D(2026, 10, 30))
    common = ["--db", str(db), "--config", str(config_path)]
    assert main(["import", str(register), "--as-of", "2026-10-16", *common]) == 0
    out = capsys.readouterr().out
    assert "données au 16/10/2026 (saisie)" in out
    assert main(["imports", *common]) == 0
    assert "données au 16/10/2026" in capsys.readouterr().out
    con = connect(db)
    row = compute_indicator(
        con, make_config(LETTERS), "courrier_delai", start=OCTOBER, end=OCTOBER
    ).iloc[0]
    con.close()
    # Judged on 16/10 whatever the wall clock: C3 pending (10 working days), C2 late.
    assert (row["numerator"], row["denominator"], row["pending"]) == (1, 2, 3)


def test_cli_compute_and_annual_export_say_provisional(demo_copy, capsys):
    from tests.conftest import ROOT

    common = ["--db", str(demo_copy), "--config", str(ROOT / "indicators.yaml")]
    args = ["compute", "--indicator", "courrier_delai", "--from", "2026-10", "--to", "2026-10"]
    assert main([*args, "--today", "2026-11-25", *common]) == 0
    line = capsys.readouterr().out.strip()
    assert "92,4" in line and "(n = 105)" in line and line.endswith("(provisoire)")

    from qualiboard.domain.config import load_config
    from qualiboard.views.annual import annual_review

    con = connect(demo_copy)
    try:
        review = annual_review(
            con,
            load_config(ROOT / "indicators.yaml"),
            D(2026, 1, 1),
            D(2026, 10, 1),
            D(2026, 11, 25),
        )
    finally:
        con.close()
    synthesis = review.synthesis.set_index("Code")
    monthly = review.monthly.set_index("Code")
    assert synthesis.loc["courrier_delai", "Provisoire"] == "oui"
    assert monthly.loc["courrier_delai", "Mois provisoires"] == "oct. 2026"
    assert monthly.loc["guichet_attente", "Mois provisoires"] == ""
