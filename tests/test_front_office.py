"""Issue 19: identity-document appointments, civil-status requests and mystery checks.

Each source is imported from two differently shaped committed fixtures (tests/fixtures,
written by make_front_office_fixtures.py) with no mapping, every stored field asserted; each
indicator of the shipped catalogue is computed on them and compared with a figure worked out by
hand in the comments."""

from __future__ import annotations

import datetime as dt

import pytest

from qualiboard.domain.personal_headers import is_personal_header
from qualiboard.domain.synonyms_front_office import APPOINTMENTS
from qualiboard.engine.indicators import compute_indicator
from qualiboard.engine.objectives import STATUS_SMALL_SAMPLE
from qualiboard.ingest.checks import parse_checks
from qualiboard.ingest.choices import choice_of
from tests.conftest import FIXTURES
from tests.helpers import load

D = dt.date
TODAY = D(2026, 11, 3)


def rows(con, sql: str) -> list[tuple]:
    return [tuple(r) for r in con.execute(sql).fetchall()]


def columns(con, table: str) -> set[str]:
    return {c[0] for c in con.execute(f"DESCRIBE {table}").fetchall()}


def stored_text(con, table: str) -> str:
    return " ".join(str(v) for r in rows(con, f"SELECT * FROM {table}") for v in r)


def figure(con, config, indicator: str, start: dt.date, end: dt.date | None = None, **kw):
    """period -> (value, numerator, denominator, pending, status) of one indicator."""
    table = compute_indicator(
        con, config, indicator, start=start, end=end or start, today=TODAY, **kw
    )

    def plain(x):
        return None if x != x else x  # NaN: no such figure for this measure

    return {
        r.period: (
            None if r.value != r.value else round(float(r.value), 2),
            plain(r.numerator),
            plain(r.denominator),
            int(r.pending),
            r.status,
        )
        for r in table.itertuples()
    }


# ------------------------------------------------------------------ appointments


def test_booking_export_one_row_per_appointment(con, shipped_config):
    result = load(con, shipped_config, FIXTURES / "rdv_titres_reservations.csv")
    assert result.kind == "appointments"
    assert rows(
        con,
        "SELECT source_row, reference, booked_on, appointment_on, motive, site, service, state "
        "FROM appointments ORDER BY source_row",
    ) == [
        (2, "R-1001", D(2026, 3, 2), D(2026, 3, 16), "CNI", "Mairie principale", None, "honoré"),
        (3, "R-1002", D(2026, 3, 3), D(2026, 3, 30), "Passeport", "Mairie principale", None,
         "non honoré"),
        (4, "R-1003", D(2026, 3, 5), D(2026, 3, 9), "CNI et passeport", "Mairie annexe", None,
         "annulé"),
        (5, "R-1004", D(2026, 3, 10), D(2026, 4, 21), "Remise de titre", "Mairie principale",
         None, "déplacé"),
        # « Passeport biométrique » is a passport; « Honoré » whatever its case.
        (6, "R-1005", D(2026, 3, 12), D(2026, 3, 26), "Passeport", "Mairie annexe", None,
         "honoré"),
    ]  # fmt: skip
    # The citizen's name, first name, phone and e-mail are never stored.
    assert columns(con, "appointments") == {
        "row_id", "batch_id", "source_row", "reference", "booked_on", "appointment_on",
        "motive", "site", "service", "state",
    }  # fmt: skip
    text = stored_text(con, "appointments")
    assert "DUPONT" not in text and "Jeanne" not in text and "@" not in text
    assert "06 12" not in text


def test_agenda_export_one_row_per_slot_free_slots_included(con, shipped_config):
    result = load(con, shipped_config, FIXTURES / "rdv_titres_creneaux.xlsx")
    assert result.kind == "appointments"
    assert rows(
        con,
        "SELECT source_row, reference, booked_on, appointment_on, motive, site, state "
        "FROM appointments ORDER BY source_row",
    ) == [
        # Excel row numbers: a title line and a blank line above the header.
        (4, None, D(2026, 3, 2), D(2026, 3, 16), "CNI", "Guichet 1", "honoré"),
        (5, None, None, D(2026, 3, 16), None, "Guichet 1", "libre"),
        (6, None, D(2026, 3, 16), D(2026, 3, 17), "Passeport", "Guichet 2", "non honoré"),
        (7, None, D(2026, 2, 20), D(2026, 3, 18), "CNI et passeport", "Guichet 2", "honoré"),
    ]
    assert "usager" not in columns(con, "appointments")
    assert "Mme A." not in stored_text(con, "appointments")
    as_of = con.execute("SELECT as_of FROM import_batches").fetchone()[0]
    assert as_of == D(2026, 4, 1)  # « Extraction du 01/04/2026 » in the title line


def test_appointment_indicators_by_hand(con, shipped_config):
    load(con, shipped_config, FIXTURES / "rdv_titres_reservations.csv")
    march, april = D(2026, 3, 1), D(2026, 4, 1)
    # Booked in March, lead times in calendar days: 14, 27, 4, 42, 14.
    # Offered within 30 days: all but R-1004 (42 days) -> 4 / 5 = 80 %; 5 < 30 records.
    assert figure(con, shipped_config, "rdv_sous_30j", march)[march] == (
        80.0, 4, 5, 0, STATUS_SMALL_SAMPLE,
    )  # fmt: skip
    # Sorted 4, 14, 14, 27, 42: median 14; p90 at rank 0.9 x 4 = 3.6 -> 27 + 0.6 x 15 = 36.
    assert figure(con, shipped_config, "rdv_delai_median", march)[march][:3] == (14.0, None, 5)
    assert figure(con, shipped_config, "rdv_delai_p90", march)[march][:3] == (36.0, None, 5)
    # Appointments held in March (appointment day): R-1001 and R-1005 honoured, R-1002 missed,
    # R-1003 cancelled (out of the no-show rate), R-1004 moved to April.
    no_show = figure(con, shipped_config, "rdv_absences", march, april)
    assert no_show[march][:3] == (33.33, 1, 3)
    assert no_show[april][4] == "pas de données"  # a moved appointment is neither
    cancelled = figure(con, shipped_config, "rdv_annulations", march, april)
    assert cancelled[march][:3] == (25.0, 1, 4)  # R-1003 among 1001, 1002, 1003, 1005
    assert cancelled[april][:3] == (0.0, 0, 1)  # R-1004, moved, is not cancelled


def test_free_slots_count_in_no_lead_time_and_no_rate(con, shipped_config):
    load(con, shipped_config, FIXTURES / "rdv_titres_creneaux.xlsx")
    feb, march = D(2026, 2, 1), D(2026, 3, 1)
    # Lead times by booking month: February 26 (20/02 -> 18/03); March 14 and 1.
    median = figure(con, shipped_config, "rdv_delai_median", feb, march)
    assert median[feb][:3] == (26.0, None, 1)
    assert median[march][:3] == (7.5, None, 2)
    # Held in March: two came, one did not; the free slot is no appointment.
    assert figure(con, shipped_config, "rdv_absences", march)[march][:3] == (33.33, 1, 3)


def test_booking_states_and_motives_read_in_their_usual_spellings():
    states = dict(APPOINTMENTS.field("state").choices)
    motives = dict(APPOINTMENTS.field("motive").choices)
    assert choice_of("Absent", tuple(states.items())) == "non honoré"
    assert choice_of("NON HONORE", tuple(states.items())) == "non honoré"
    assert choice_of("Annulé par la mairie", tuple(states.items())) == "annulé"
    assert choice_of("Reporté", tuple(states.items())) == "déplacé"
    assert choice_of("cni/passeport", tuple(motives.items())) == "CNI et passeport"
    assert choice_of("Carte nationale d'identité", tuple(motives.items())) == "CNI"
    # Unknown: kept as typed, so nothing is lost and no indicator counts it by mistake.
    assert choice_of("Permis de conduire", tuple(motives.items())) == "Permis de conduire"


# ------------------------------------------------------------------ civil-status requests


def test_civil_status_register_with_title_line(con, shipped_config):
    result = load(con, shipped_config, FIXTURES / "actes_etat_civil_registre.xlsx")
    assert result.kind == "civil_status_requests"
    assert rows(
        con,
        "SELECT source_row, reference, received_on, channel, act_type, delivered_on, state, "
        "service FROM civil_status_requests ORDER BY source_row",
    ) == [
        (3, "EC-26-001", D(2026, 1, 5), "Guichet", "Naissance", D(2026, 1, 5), "délivré", None),
        (4, "EC-26-002", D(2026, 1, 6), "COMEDEC", "Naissance", D(2026, 1, 7), "délivré", None),
        (5, "EC-26-003", D(2026, 1, 7), "En ligne", "Mariage", D(2026, 1, 14), "délivré", None),
        (6, "EC-26-004", D(2026, 1, 8), "Courrier", "Décès", None, "rejeté", None),
        (7, "EC-26-005", D(2026, 1, 9), "Courrier", "Naissance", None, "en cours", None),
    ]
    # The act holder's name is a citizen's personal data: never stored.
    assert not any("nom" in c for c in columns(con, "civil_status_requests"))
    assert "DUPONT" not in stored_text(con, "civil_status_requests")


def test_civil_status_csv_of_another_tool(con, shipped_config):
    result = load(con, shipped_config, FIXTURES / "demandes_actes_en_ligne.csv")
    assert result.kind == "civil_status_requests"
    assert rows(
        con,
        "SELECT source_row, reference, received_on, channel, act_type, delivered_on, state, "
        "service FROM civil_status_requests ORDER BY source_row",
    ) == [
        (2, "A-501", D(2026, 2, 2), "En ligne", "Naissance", D(2026, 2, 3), "délivré",
         "État civil"),
        (3, "A-502", D(2026, 2, 2), "COMEDEC", "Décès", D(2026, 2, 2), "délivré", "État civil"),
        (4, "A-503", D(2026, 2, 4), "Courrier", "Mariage", None, "rejeté", "État civil"),
        (5, "A-504", D(2026, 2, 5), "Guichet", "Naissance", D(2026, 2, 5), "délivré",
         "État civil"),
    ]  # fmt: skip


def test_civil_status_indicators_by_hand(con, shipped_config):
    load(con, shipped_config, FIXTURES / "actes_etat_civil_registre.xlsx")
    load(con, shipped_config, FIXTURES / "demandes_actes_en_ligne.csv")
    jan, feb = D(2026, 1, 1), D(2026, 2, 1)
    # January, working days: EC-001 0, EC-002 1, EC-003 5 (Wed 7 -> Wed 14); EC-004 rejected
    # (out); EC-005 received Fri 9, not delivered, judged at the file's date, Wed 14 (its
    # latest date): 3 working days so far, still within the 3 promised -> pending.
    delay = figure(con, shipped_config, "actes_delai", jan, feb)
    assert delay[jan][:4] == (66.67, 2, 3, 1)
    # February: A-501 1, A-502 0, A-504 0 working days; A-503 rejected.
    assert delay[feb][:4] == (100.0, 3, 3, 0)
    median = figure(con, shipped_config, "actes_delai_median", jan, feb)
    # Requests at a distance only (the counter delivers on the spot): January EC-002 1 and
    # EC-003 5 -> 3; February A-501 1 and A-502 0 -> 0.5.
    assert median[jan][:3] == (3.0, None, 2)
    assert median[feb][:3] == (0.5, None, 2)
    rejected = figure(con, shipped_config, "actes_rejets", jan, feb)
    assert rejected[jan][:3] == (20.0, 1, 5)
    assert rejected[feb][:3] == (25.0, 1, 4)
    assert rejected[jan][4] == STATUS_SMALL_SAMPLE  # 5 requests < 20


def test_an_undelivered_request_past_the_promise_is_late(con, shipped_config):
    load(con, shipped_config, FIXTURES / "actes_etat_civil_registre.xlsx")
    jan = D(2026, 1, 1)
    # The same file judged on Wed 14/01 keeps EC-005 pending; a review replayed earlier
    # (today = Mon 12/01, 1 working day after Fri 9) does too, and so only the delivered
    # ones count. Nothing makes it « met »: it can only turn late.
    table = compute_indicator(
        con, shipped_config, "actes_delai", start=jan, end=jan, today=D(2026, 1, 12)
    )
    assert int(table.iloc[0].pending) == 1
    con.execute("UPDATE import_batches SET as_of = DATE '2026-01-20'")
    late = figure(con, shipped_config, "actes_delai", jan)
    assert late[jan][:4] == (50.0, 2, 4, 0)  # 7 working days: late, against the objective


# ------------------------------------------------------------------ mystery checks


def test_mystery_grid_one_column_per_criterion(con, shipped_config):
    result = load(con, shipped_config, FIXTURES / "controles_mysteres_grille.xlsx")
    assert result.kind == "mystery_checks"
    assert rows(
        con,
        "SELECT source_row, check_ref, checked_on, channel, service, site, evaluator, criterion, "
        "score, scale_max FROM mystery_checks ORDER BY source_row, criterion",
    ) == [
        (3, "MC-01", D(2026, 1, 12), "Téléphone", "Hôtel de Ville - Accueil", None,
         "Qualimétrie", "Décroché avant 5 sonneries", 1.0, 1.0),
        (3, "MC-01", D(2026, 1, 12), "Téléphone", "Hôtel de Ville - Accueil", None,
         "Qualimétrie", "Formule de politesse", 1.0, 1.0),
        (3, "MC-01", D(2026, 1, 12), "Téléphone", "Hôtel de Ville - Accueil", None,
         "Qualimétrie", "Réponse exacte", 0.0, 1.0),
        # « Sans objet »: a visit has no ringing phone, no record for that criterion.
        (4, "MC-02", D(2026, 1, 14), "Accueil physique", "État civil", None, "Qualimétrie",
         "Formule de politesse", 1.0, 1.0),
        (4, "MC-02", D(2026, 1, 14), "Accueil physique", "État civil", None, "Qualimétrie",
         "Réponse exacte", 1.0, 1.0),
        (5, "MC-03", D(2026, 1, 20), "Téléphone", "CCAS", None, "Qualimétrie",
         "Décroché avant 5 sonneries", 0.0, 1.0),
        (5, "MC-03", D(2026, 1, 20), "Téléphone", "CCAS", None, "Qualimétrie",
         "Formule de politesse", 1.0, 1.0),
        (5, "MC-03", D(2026, 1, 20), "Téléphone", "CCAS", None, "Qualimétrie",
         "Réponse exacte", 1.0, 1.0),
        (6, "MC-04", D(2026, 2, 3), "Courriel", "État civil", None, "Qualimétrie",
         "Formule de politesse", 0.0, 1.0),
        (6, "MC-04", D(2026, 2, 3), "Courriel", "État civil", None, "Qualimétrie",
         "Réponse exacte", 1.0, 1.0),
    ]  # fmt: skip
    # The free comment is neither a criterion nor stored.
    assert "RAS" not in stored_text(con, "mystery_checks")
    batch = con.execute("SELECT rows_read, rows_inserted FROM import_batches").fetchone()
    assert batch == (4, 4)  # four checks read, each accounted for


def test_mystery_long_export_one_row_per_criterion(con, shipped_config):
    result = load(con, shipped_config, FIXTURES / "appels_mysteres_resultats.csv")
    assert result.kind == "mystery_checks"
    assert rows(
        con,
        "SELECT source_row, check_ref, checked_on, channel, service, evaluator, criterion, "
        "score, scale_max FROM mystery_checks ORDER BY source_row",
    ) == [
        (2, None, D(2026, 3, 2), "Téléphone", "État civil", "Qualimétrie",
         "Décroché avant 5 sonneries", 1.0, 1.0),
        (3, None, D(2026, 3, 2), "Téléphone", "État civil", "Qualimétrie",
         "Formule de politesse", 0.0, 1.0),
        (4, None, D(2026, 3, 2), "Téléphone", "État civil", "Qualimétrie", "Réponse exacte",
         3.0, 4.0),
        (5, None, D(2026, 3, 5), "Accueil physique", "Hôtel de Ville - Accueil", "Qualimétrie",
         "Formule de politesse", 1.0, 1.0),
        (6, None, D(2026, 3, 5), "Accueil physique", "Hôtel de Ville - Accueil", "Qualimétrie",
         "Réponse exacte", 1.0, 4.0),
    ]  # fmt: skip


def test_mystery_indicators_by_hand_with_small_sample_status(con, shipped_config):
    load(con, shipped_config, FIXTURES / "controles_mysteres_grille.xlsx")
    load(con, shipped_config, FIXTURES / "appels_mysteres_resultats.csv")
    q1 = D(2026, 1, 1)

    def quarter(indicator: str):
        return figure(con, shipped_config, indicator, q1, D(2026, 3, 1), frequency="quarterly")[q1]

    # Grid: 7 conform answers of 10; long export: Conforme, Non conforme, 3/4 (at the 3-of-4
    # satisfaction threshold), Conforme, 1/4 -> 3 of 5. Quarter: 10 / 15.
    assert quarter("mystere_conformite") == (66.67, 10, 15, 0, STATUS_SMALL_SAMPLE)
    assert quarter("mystere_decroche")[:3] == (66.67, 2, 3)  # MC-01 oui, MC-03 non, Conforme
    assert quarter("mystere_politesse")[:3] == (66.67, 4, 6)  # 3 of 4 + 1 of 2
    assert quarter("mystere_reponse_exacte")[:3] == (66.67, 4, 6)  # 3 of 4 + 3/4 yes, 1/4 no
    # A firm's 10-20 checks a quarter: every criterion is below its sample of 10.
    assert quarter("mystere_decroche")[4] == STATUS_SMALL_SAMPLE


def test_check_answers_in_words_codes_and_scores():
    import pandas as pd

    values = pd.Series(["Oui", "non", "Conforme", "NON CONFORME", "Sans objet", "NA", "3/4", "?"])
    score, scale, unreadable = parse_checks(values)
    assert score.tolist()[:4] == [1.0, 0.0, 1.0, 0.0]
    assert scale.tolist()[:4] == [1.0, 1.0, 1.0, 1.0]
    assert pd.isna(score[4]) and pd.isna(score[5])
    assert (score[6], scale[6]) == (3.0, 4.0)
    assert unreadable.tolist() == [False] * 7 + [True]
    zero_one, scale01, _ = parse_checks(pd.Series([0, 1, 1]))
    assert zero_one.tolist() == [0.0, 1.0, 1.0] and scale01.tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize(
    "header", ["Enquêteur", "Évaluateur", "Cabinet", "Décroché avant 5 sonneries", "Motif"]
)
def test_grid_and_booking_headers_are_not_personal(header):
    assert not is_personal_header(header)


def test_appointments_booked_for_later_do_not_make_the_data_look_newer(con, shipped_config):
    from qualiboard.views.inventory import data_month_range, freshness

    load(con, shipped_config, FIXTURES / "rdv_titres_reservations.csv")
    # No extraction date in the file: « données au » is its latest booking (12/03/2026), not
    # the appointment booked for 21/04/2026, and April is no month of data yet.
    as_of = con.execute("SELECT as_of FROM import_batches").fetchone()[0]
    assert as_of == D(2026, 3, 12)
    assert data_month_range(con) == (D(2026, 3, 1), D(2026, 3, 1))
    fresh = freshness(con).set_index("kind")
    assert fresh.loc["appointments", "last_record"] == D(2026, 3, 12)


def test_a_newer_booking_export_updates_appointments_by_number(con, shipped_config, tmp_path):
    from tests.helpers import write_csv

    header = ["N° RDV", "Date de prise de RDV", "Date du RDV", "Motif", "Statut"]
    first = write_csv(
        tmp_path / "rdv_octobre.csv",
        header,
        [
            ["R-1", "01/10/2026 09:00", "20/10/2026 10:00", "CNI", "Honoré"],
            ["R-2", "02/10/2026 09:00", "05/11/2026 10:00", "Passeport", "À venir"],
        ],
    )
    load(con, shipped_config, first, today=D(2026, 10, 31))
    second = write_csv(
        tmp_path / "rdv_novembre.csv",
        header,
        [
            ["R-1", "01/10/2026 09:00", "20/10/2026 10:00", "CNI", "Honoré"],
            ["R-2", "02/10/2026 09:00", "05/11/2026 10:00", "Passeport", "Absent"],
            ["R-3", "03/11/2026 09:00", "12/11/2026 10:00", "CNI", "Honoré"],
        ],
    )
    result = load(con, shipped_config, second, today=D(2026, 11, 30))
    # R-2, booked for later, was missed: updated, never counted twice.
    assert (result.inserted, result.updated, result.unchanged) == (1, 1, 1)
    assert rows(con, "SELECT reference, state FROM appointments ORDER BY 1") == [
        ("R-1", "honoré"),
        ("R-2", "non honoré"),
        ("R-3", "honoré"),
    ]
    nov = D(2026, 11, 1)
    assert figure(con, shipped_config, "rdv_absences", nov)[nov][:3] == (50.0, 1, 2)


def test_an_unknown_state_is_kept_and_reported_as_a_warning(con, shipped_config, tmp_path):
    from qualiboard.ingest.prepare import prepare_import
    from tests.helpers import write_csv

    path = write_csv(
        tmp_path / "rdv.csv",
        ["N° RDV", "Date de prise de RDV", "Date du RDV", "Statut"],
        [
            ["R-1", "01/10/2026", "20/10/2026", "Honoré"],
            ["R-2", "02/10/2026", "21/10/2026", "Erreur de saisie"],
        ],
    )
    plan = prepare_import(con, path, shipped_config.organisation, today=D(2026, 10, 31))
    assert [(p.severity, p.row, p.column, p.value) for p in plan.warnings] == [
        ("avertissement", 3, "Statut", "Erreur de saisie")
    ]
    assert "état du rendez-vous inconnu" in plan.warnings[0].message
    result = load(con, shipped_config, path, today=D(2026, 10, 31))
    assert (result.inserted, result.warnings) == (2, 1)
    assert rows(con, "SELECT reference, state FROM appointments ORDER BY 1") == [
        ("R-1", "honoré"),
        ("R-2", "Erreur de saisie"),
    ]


def test_a_booking_tool_export_with_generic_headers(con, shipped_config, tmp_path):
    from tests.helpers import write_csv

    path = write_csv(
        tmp_path / "export_prestations.csv",
        ["ID", "Date de création", "Date du rendez-vous", "Prestation", "Statut", "E-mail"],
        [
            ["9001", "2026-10-01 08:12:40", "2026-10-15 09:00:00", "Passeport", "Honoré", "a@b.fr"],
            ["9002", "2026-10-02 18:00:02", "2026-10-06 14:20:00", "Carte d'identité", "Absent",
             "c@d.fr"],
        ],
    )  # fmt: skip
    result = load(con, shipped_config, path, today=D(2026, 10, 31))
    assert result.kind == "appointments"
    assert rows(
        con,
        "SELECT reference, booked_on, appointment_on, motive, state FROM appointments ORDER BY 1",
    ) == [
        ("9001", D(2026, 10, 1), D(2026, 10, 15), "Passeport", "honoré"),
        ("9002", D(2026, 10, 2), D(2026, 10, 6), "CNI", "non honoré"),
    ]
    assert "@" not in stored_text(con, "appointments")
