"""Columns matched to the fields of a source kind (ingest/mapping.py)."""

from __future__ import annotations

import pandas as pd

from qualiboard.ingest.mapping import Mapping, header_signature, match_columns

HEADERS = ["N° chrono", "Date d'arrivée", "Date de réponse", "Canal", "Service", "Nom usager"]
BODY = pd.DataFrame(
    [
        ["C1", "02/03/2026", "09/03/2026", "Courrier", "CCAS", "Dupont"],
        ["C2", "03/03/2026", None, "Courriel", "État civil", "Martin"],
    ],
    columns=HEADERS,
)


def test_letter_headers_map_to_the_correspondence_fields():
    columns, scores, _ = match_columns("correspondence", HEADERS, BODY)
    assert columns["reference"] == "N° chrono"
    assert columns["received_on"] == "Date d'arrivée"
    assert columns["answered_on"] == "Date de réponse"
    assert columns["service"] == "Service"
    assert scores["received_on"] >= 0.8
    assert "Nom usager" not in columns.values()  # personal data is never a candidate


def test_a_person_fixes_a_column_and_excludes_another():
    columns, scores, _ = match_columns(
        "correspondence",
        HEADERS,
        BODY,
        fixed={"channel": "Service"},
        excluded=["answered_on"],
    )
    assert columns["channel"] == "Service" and scores["channel"] == 1.0
    assert "answered_on" not in columns
    assert columns.get("service") != "Service"  # a header serves one field only


def test_the_header_signature_ignores_order_case_and_accents():
    assert header_signature(["Date d'arrivée", "N° chrono"]) == header_signature(
        ["n° CHRONO", "date d'arrivee"]
    )
    assert header_signature(["A"]) != header_signature(["B"])


def test_a_mapping_round_trips_through_json():
    mapping = Mapping("correspondence", {"reference": "N° chrono"}, [])
    again = Mapping.from_json(mapping.to_json())
    assert again.kind == "correspondence"
    assert again.columns == {"reference": "N° chrono"}
