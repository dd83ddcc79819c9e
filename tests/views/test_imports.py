"""The import history as the import page lists it, from a real database with real imports."""

from __future__ import annotations

import datetime as dt

from qualiboard.ingest.batches import import_file
from qualiboard.ingest.undo import list_batches, undo_import
from qualiboard.views.imports import history, rows_download
from tests.conftest import FIXTURES, make_config


def test_the_history_lists_every_import_and_offers_to_undo_only_those_still_counted(con, tmp_path):
    assert history(list_batches(con)).empty
    organisation = make_config().organisation
    options = {"archive_dir": tmp_path / "archive", "today": dt.date(2026, 3, 1)}
    first = import_file(con, FIXTURES / "courriers_cp1252.csv", organisation, **options)
    second = import_file(con, FIXTURES / "courriers.ods", organisation, **options)
    undo_import(con, second.batch_id, user="test")
    shown = history(list_batches(con))
    assert list(shown.table.columns[:4]) == ["N°", "Date", "Fichier", "Source"]
    table = shown.table.set_index("N°")
    assert table.loc[first.batch_id, "Statut"] == "importé"
    assert table.loc[second.batch_id, "Statut"] == "annulé"
    assert table.loc[first.batch_id, "Lues"] == 4
    assert table.loc[first.batch_id, "Source"] == "Courriers et courriels"
    # Only the import still counted can be undone; the key changes with the history.
    assert shown.undoable == {first.batch_id: f"n° {first.batch_id} — courriers_cp1252.csv"}
    assert shown.choice_key == f"undo_choice_2_{second.batch_id}"
    assert rows_download(7) == (
        "Lignes mises à jour, inchangées ou écartées de l'import n° 7 (CSV)",
        "import_7_lignes.csv",
    )
