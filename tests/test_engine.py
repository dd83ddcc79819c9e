"""Indicator engine: hand-computed values on small real files."""

from __future__ import annotations

import datetime as dt

import pytest

from qualiboard.domain.calendar import working_days_between
from qualiboard.engine.indicators import compute_indicator
from qualiboard.engine.objectives import status_for, wilson_interval
from tests.conftest import make_config
from tests.helpers import fr, load, write_csv

D = dt.date
LETTER_HEADER = ["N° chrono", "Date d'arrivée", "Date de réponse", "Canal", "Service"]


def letters_config(
    objective: str = "90",
    min_sample: int = 0,
    territory: str = "metropole",
    frequency: str = "monthly",
    condition: str = "delay_working_days <= 15",
):
    return make_config(
        f"""
  - id: courrier_delai
    label: Courriers répondus sous 15 jours ouvrés
    module: 1
    source: correspondence
    measure: {{type: share, condition: "{condition}"}}
    frequency: {frequency}
    breakdown: [service]
    min_sample: {min_sample}
    objective: {objective}
  - id: courrier_delai_median
    label: Délai médian
    module: 1
    source: correspondence
    measure: {{type: median, field: delay_working_days}}
    unit: jours ouvrés
    direction: lower
    objective: 8
""",
        territory=territory,
    )


def import_letters(con, config, tmp_path, rows, today=None):
    today = today or D(2026, 11, 3)
    path = write_csv(
        tmp_path / "courriers.csv",
        LETTER_HEADER,
        [
            [f"C{i}", fr(r[0]), fr(r[1]), "Courrier", r[2] if len(r) > 2 else "État civil"]
            for i, r in enumerate(rows)
        ],
    )
    return load(con, config, path, today=today)


def one(con, config, month, indicator="courrier_delai", **kw):
    result = compute_indicator(con, config, indicator, start=month, end=month, **kw)
    assert len(result) == 1
    return result.iloc[0]


def median_delay(con, config, tmp_path, received, answered, territory="metropole"):
    import_letters(con, config, tmp_path, [(received, answered)])
    row = one(con, config, received.replace(day=1), "courrier_delai_median", today=D(2026, 11, 3))
    return row["value"]


def test_working_days_across_ascension(con, tmp_path):
    # Ascension 2026 is Thursday 14 May: Wed 13 -> Mon 18 is Fri 15 + Mon 18 = 2 working days.
    assert working_days_between(D(2026, 5, 13), D(2026, 5, 18)) == 2
    assert median_delay(con, letters_config(), tmp_path, D(2026, 5, 13), D(2026, 5, 18)) == 2


def test_working_days_across_14_juillet(con, tmp_path):
    # Tuesday 14 July 2026 is a public holiday: Mon 13 -> Wed 15 is 1 working day.
    assert median_delay(con, letters_config(), tmp_path, D(2026, 7, 13), D(2026, 7, 15)) == 1


def test_la_reunion_20_decembre(tmp_path):
    from qualiboard.store.db import connect

    # Friday 20 December 2024: a holiday in La Réunion only. Thu 19 -> Mon 23.
    assert working_days_between(D(2024, 12, 19), D(2024, 12, 23), "metropole") == 2
    assert working_days_between(D(2024, 12, 19), D(2024, 12, 23), "la-reunion") == 1
    for territory, expected in (("metropole", 2), ("la-reunion", 1)):
        con = connect(tmp_path / f"{territory}.duckdb")
        folder = tmp_path / territory
        folder.mkdir()
        assert (
            median_delay(
                con, letters_config(territory=territory), folder, D(2024, 12, 19), D(2024, 12, 23)
            )
            == expected
        )
        con.close()


def test_friday_before_bank_holiday_monday(con, tmp_path):
    # Easter Monday 6 April 2026: Friday 3 -> Tuesday 7 is 1 working day.
    assert median_delay(con, letters_config(), tmp_path, D(2026, 4, 3), D(2026, 4, 7)) == 1


def test_pending_versus_late_depends_on_today(con, tmp_path):
    config = letters_config()
    import_letters(
        con,
        config,
        tmp_path,
        [
            (D(2026, 3, 2), D(2026, 3, 9)),  # 5 working days: on time
            (D(2026, 3, 2), D(2026, 3, 30)),  # 20 working days: late
            (D(2026, 3, 2), None),  # not answered yet
        ],
        today=D(2026, 11, 3),
    )
    early = one(con, config, D(2026, 3, 1), today=D(2026, 3, 31))
    # 31 March: 21 working days since 2 March, past the deadline -> late, counts against.
    assert (early["numerator"], early["denominator"], early["pending"]) == (1, 3, 0)
    within = one(con, config, D(2026, 3, 1), today=D(2026, 3, 20))
    # 20 March: 14 working days, still within 15 -> pending, left out of the figure.
    assert (within["numerator"], within["denominator"], within["pending"]) == (1, 2, 1)
    assert within["value"] == pytest.approx(50.0)
    assert early["value"] == pytest.approx(100 / 3)


def test_objective_changes_in_january(con, tmp_path):
    config = letters_config("{value: 85, vigilance: 5, changes: [{from: 2026-01, value: 90}]}")
    rows = []
    for month in (D(2025, 12, 1), D(2026, 1, 1)):
        # 7 on time out of 8 = 87.5 %
        rows += [(month + dt.timedelta(days=1), month + dt.timedelta(days=3))] * 7
        rows += [(month + dt.timedelta(days=1), month + dt.timedelta(days=40))]
    import_letters(con, config, tmp_path, rows)
    result = compute_indicator(
        con, config, "courrier_delai", start=D(2025, 12, 1), end=D(2026, 1, 1), today=D(2026, 11, 3)
    )
    assert list(result["value"].round(1)) == [87.5, 87.5]
    assert list(result["objective"]) == [85.0, 90.0]
    assert list(result["status"]) == ["atteint", "vigilance"]


def test_per_service_override(con, tmp_path):
    config = letters_config("{value: 90, vigilance: 5, services: {CCAS: 70}}")
    rows = []
    for service in ("CCAS", "État civil"):
        rows += [(D(2026, 2, 2), D(2026, 2, 4), service)] * 3
        rows += [(D(2026, 2, 2), D(2026, 3, 31), service)]
    import_letters(con, config, tmp_path, rows)
    result = compute_indicator(
        con,
        config,
        "courrier_delai",
        start=D(2026, 2, 1),
        end=D(2026, 2, 1),
        by=["service"],
        today=D(2026, 11, 3),
    )
    by_service = result.set_index("service")
    assert by_service.loc["CCAS", "value"] == pytest.approx(75.0)
    assert by_service.loc["CCAS", "objective"] == 70
    assert by_service.loc["CCAS", "status"] == "atteint"
    assert by_service.loc["État civil", "objective"] == 90
    assert by_service.loc["État civil", "status"] == "non atteint"


def test_quarter_is_computed_from_records_not_from_months(con, tmp_path):
    config = letters_config()
    on_time = lambda m: (D(2026, m, 2), D(2026, m, 4))  # noqa: E731
    late = lambda m: (D(2026, m, 2), D(2026, m, 28))  # noqa: E731
    rows = [on_time(1)] + [on_time(2)] + [late(2)] * 2 + [on_time(3)] * 2 + [late(3)] * 2
    import_letters(con, config, tmp_path, rows)
    months = compute_indicator(
        con, config, "courrier_delai", start=D(2026, 1, 1), end=D(2026, 3, 1), today=D(2026, 11, 3)
    )
    assert list(months["value"].round(2)) == [100.0, 33.33, 50.0]
    average_of_months = months["value"].mean()
    quarter = compute_indicator(
        con,
        config,
        "courrier_delai",
        start=D(2026, 1, 1),
        end=D(2026, 3, 1),
        frequency="quarterly",
        today=D(2026, 11, 3),
    )
    assert len(quarter) == 1
    assert (quarter.iloc[0]["numerator"], quarter.iloc[0]["denominator"]) == (4, 8)
    assert quarter.iloc[0]["value"] == pytest.approx(50.0)
    assert average_of_months == pytest.approx(61.11, abs=0.01)
    rolling = compute_indicator(
        con,
        config,
        "courrier_delai",
        start=D(2026, 3, 1),
        end=D(2026, 3, 1),
        frequency="rolling12",
        today=D(2026, 11, 3),
    )
    assert rolling.iloc[0]["value"] == pytest.approx(50.0)
    # A custom range (Feb-Mar) is one period computed from its records: 1/3 + 2/4 -> 3/7.
    span = compute_indicator(
        con,
        config,
        "courrier_delai",
        start=D(2026, 2, 1),
        end=D(2026, 3, 1),
        frequency="range",
        today=D(2026, 11, 3),
    )
    assert len(span) == 1
    assert (span.iloc[0]["numerator"], span.iloc[0]["denominator"]) == (3, 7)
    assert span.iloc[0]["period_end"] == D(2026, 3, 31)


def test_min_sample(con, tmp_path):
    config = letters_config(min_sample=5)
    import_letters(con, config, tmp_path, [(D(2026, 2, 2), D(2026, 2, 3))] * 4)
    row = one(con, config, D(2026, 2, 1), today=D(2026, 11, 3))
    assert row["value"] == 100.0
    assert row["status"] == "échantillon insuffisant"


def test_month_without_records_has_no_data(con, tmp_path):
    config = letters_config()
    import_letters(con, config, tmp_path, [(D(2026, 2, 2), D(2026, 2, 3))])
    row = one(con, config, D(2026, 5, 1), today=D(2026, 11, 3))
    assert row["status"] == "pas de données"
    assert row["value"] != row["value"]  # NaN


def test_wilson_interval_reference_values():
    low, high = wilson_interval(50, 100)
    assert (round(low, 4), round(high, 4)) == (0.4038, 0.5962)
    low, high = wilson_interval(0, 10)
    assert low == 0 and round(high, 4) == 0.2775


def test_share_carries_its_confidence_interval(con, tmp_path):
    config = letters_config()
    import_letters(
        con,
        config,
        tmp_path,
        [(D(2026, 2, 2), D(2026, 2, 3))] * 50 + [(D(2026, 2, 2), D(2026, 4, 3))] * 50,
    )
    row = one(con, config, D(2026, 2, 1), today=D(2026, 11, 3))
    assert (round(row["ci_low"], 2), round(row["ci_high"], 2)) == (40.38, 59.62)


BERNAY_CONFIG = """
  - id: signalement_traites
    label: Signalements traités
    module: 8
    source: reports
    measure: {type: share, condition: "status in [traité]"}
    frequency: yearly
    objective: 80
  - id: signalement_en_cours
    label: Signalements en cours
    module: 8
    source: reports
    measure: {type: count, condition: "status in [en cours]"}
    frequency: yearly
    objective: aucun
  - id: signalement_ar
    label: Signalements pris en compte
    module: 8
    source: reports
    measure: {type: share, condition: "ack_delay_working_days <= 2"}
    frequency: yearly
    objective: 95
  - id: signalement_sans_date_fin
    label: Traités sans date de fin
    module: 8
    source: reports
    filter: {status: traité}
    measure: {type: share, condition: "resolved_on est vide"}
    frequency: yearly
    direction: lower
    objective: 5
"""


def test_bernay_case(con, tmp_path):
    """177 reports Aug-Nov 2025: 92 treated (40 with no end date), 2 not treated, 81 in progress,
    every one acknowledged; the 2 left over carry another status (duplicates)."""
    from tests.helpers import write_xlsx

    config = make_config(BERNAY_CONFIG)
    rows = []
    start = D(2025, 8, 1)
    for i in range(177):
        reported = start + dt.timedelta(days=(i * 3) % 120)
        if i < 92:
            status = ["Traité", "traitée", "Clôturé"][i % 3]
            resolved = None if i < 40 else reported + dt.timedelta(days=4)
        elif i < 94:
            status, resolved = "Non traité", None
        elif i < 96:
            status, resolved = "Doublon", None
        else:
            status, resolved = "En cours", None
        rows.append([f"S{i:03d}", reported, reported, resolved, "Voirie", status])
    path = write_xlsx(
        tmp_path / "signalements.xlsx",
        [
            "N° signalement",
            "Date du signalement",
            "Date de prise en compte",
            "Date de fin d'intervention",
            "Catégorie",
            "Statut",
        ],
        rows,
    )
    result = load(con, config, path, today=D(2026, 11, 3))
    assert result.inserted == 177 and result.warnings == 40

    def figure(indicator_id):
        return one(con, config, D(2025, 1, 1), indicator_id, today=D(2025, 12, 1))

    treated = figure("signalement_traites")
    assert (treated["numerator"], treated["denominator"]) == (92, 177)
    assert f"{treated['value']:.1f}" == "52.0"
    assert figure("signalement_en_cours")["value"] == 81
    assert figure("signalement_ar")["value"] == 100.0
    no_end = figure("signalement_sans_date_fin")
    assert (no_end["numerator"], no_end["denominator"]) == (40, 92)
    assert f"{no_end['value']:.1f}" == "43.5"


def test_status_rules_for_higher_and_lower_is_better():
    config = make_config(
        """
  - id: taux
    label: Taux
    module: 1
    source: correspondence
    measure: {type: share, condition: "delay_working_days <= 15"}
    min_sample: 10
    objective: {value: 90, vigilance: 5}
  - id: attente
    label: Attente
    module: 1
    source: counter_visits
    measure: {type: p90, field: wait_minutes}
    unit: minutes
    direction: lower
    objective: {value: 15, vigilance: 2}
"""
    )
    share, wait = config.indicator("taux"), config.indicator("attente")
    # value, sample, target -> status; 89.9999999999 rounds to the objective itself.
    assert status_for(share, 90.0, 30, 90.0) == "atteint"
    assert status_for(share, 89.9999999999, 30, 90.0) == "atteint"
    assert status_for(share, 85.0, 30, 90.0) == "vigilance"
    assert status_for(share, 84.9, 30, 90.0) == "non atteint"
    assert status_for(share, 95.0, 9, 90.0) == "échantillon insuffisant"
    assert status_for(share, None, 0, 90.0) == "pas de données"
    assert status_for(share, 95.0, 30, None) == "sans objectif"
    assert status_for(wait, 15.0, 100, 15.0) == "atteint"
    assert status_for(wait, 17.0, 100, 15.0) == "vigilance"
    assert status_for(wait, 17.5, 100, 15.0) == "non atteint"
    assert status_for(wait, 3.0, 100, 15.0) == "atteint"


def test_definitions_are_plain_french(shipped_config):
    from qualiboard.views.catalogue import describe

    assert describe(shipped_config.indicator("courrier_delai")) == (
        "Part des enregistrements où délai de réponse (jours ouvrés) au plus 15 ; "
        "enregistrements : courriers et courriels (canal : Courrier)."
    )
    assert describe(shipped_config.indicator("signalement_sans_date_fin")) == (
        "Part des enregistrements où le champ « date de fin d'intervention » est vide ; "
        "enregistrements : signalements (statut : traité)."
    )
    for indicator in shipped_config.indicators:
        assert "_" not in describe(indicator).replace(indicator.id, ""), indicator.id


def test_records_behind_the_figure_misses_first_with_file_and_row(con, tmp_path):
    from qualiboard.engine.indicators import records_behind

    config = letters_config()
    import_letters(
        con,
        config,
        tmp_path,
        [
            (D(2026, 3, 2), D(2026, 3, 9)),  # Excel row 2: on time
            (D(2026, 3, 2), D(2026, 3, 30)),  # row 3: 20 working days, late
            (D(2026, 3, 2), None),  # row 4: pending on 20 March
        ],
    )
    records = records_behind(con, config, "courrier_delai", D(2026, 3, 1), today=D(2026, 3, 20))
    assert list(records["Verdict"]) == ["non conforme", "en attente", "conforme"]
    assert list(records["Ligne du fichier"]) == [3, 4, 2]
    assert set(records["Fichier importé"]) == {"courriers.csv"}


def test_an_export_without_end_dates_is_not_counted_late(con, tmp_path):
    # A DansMaRue-like export has no closing date at all: its reports cannot be judged, whereas
    # the same open report from an export that has the column is late once its deadline passed.
    config = make_config(
        """
  - id: signalement_delai
    label: Signalements traités sous 10 jours ouvrés
    module: 8
    source: reports
    measure: {type: share, condition: "delay_working_days <= 10"}
    objective: 80
"""
    )
    no_end = write_csv(
        tmp_path / "dansmarue.csv",
        ["id_dmr", "type", "datedecl"],
        [["DMR1", "Propreté", "2026-03-02"], ["DMR2", "Voirie", "2026-03-03"]],
    )
    load(con, config, no_end, today=D(2026, 11, 3))
    blind = one(con, config, D(2026, 3, 1), "signalement_delai", today=D(2026, 11, 3))
    assert (blind["numerator"], blind["denominator"], blind["pending"]) == (0, 0, 0)
    assert blind["status"] == "pas de données"
    with_end = write_csv(
        tmp_path / "signalements.csv",
        ["N° signalement", "Date du signalement", "Date de fin d'intervention"],
        [["S1", "02/03/2026", "04/03/2026"], ["S2", "02/03/2026", ""]],
    )
    # Extracted on 03/11 (said at import): S2, still open then, is judged at that date.
    load(con, config, with_end, today=D(2026, 11, 3), as_of=D(2026, 11, 3))
    judged = one(con, config, D(2026, 3, 1), "signalement_delai", today=D(2026, 11, 3))
    # S1 on time, S2 open for months: late; the two DansMaRue reports are still left out.
    assert (judged["numerator"], judged["denominator"]) == (1, 2)
