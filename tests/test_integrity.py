"""Issue 11: no row lost, merged or overwritten without the user being told.

Every file of the corpus (tests/integrity.py) is imported into a fresh database and must report
exactly the counts computed by hand; the accounts balance on every import (rows read = added +
updated + unchanged + set aside); a refused file leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualiboard.ingest.accounting import OUTCOMES
from qualiboard.ingest.batches import commit_import
from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.mapping import Mapping
from qualiboard.ingest.prepare import prepare_import
from qualiboard.store.db import connect
from tests.conftest import make_config
from tests.integrity import MAIL, Case, cases, csv_text

CONFIG = make_config()
TODAY = dt.date(2026, 11, 20)
CASES = cases()
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def test_the_corpus_has_at_least_40_files():
    assert sum(len(c.steps) for c in CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


def run_case(case: Case, folder: Path) -> list[dict[str, object]]:
    con = connect(folder / "q.duckdb")
    seen = []
    try:
        for number, step in enumerate(case.steps):
            target = folder / str(number)
            target.mkdir()
            path = target / step.name
            step.write(path)
            options = dict(step.options)
            valid_only = bool(options.pop("valid_rows_only", False))
            if "mapping" in options:
                columns = dict(options["mapping"])
                # A field mapped to None is declared absent (detection fills the others).
                absent = [f for f, h in columns.items() if h is None]
                named = {f: h for f, h in columns.items() if h is not None}
                options["mapping"] = Mapping("correspondence", named, [], {}, absent)
            before = con.execute("SELECT count(*) FROM import_batches").fetchall()
            started = time.perf_counter()
            try:
                plan = prepare_import(con, path, CONFIG.organisation, today=TODAY, **options)
                result = commit_import(con, plan, valid_rows_only=valid_only)
            except ImportRefused as refused:
                assert step.refused, f"{case.name}/{step.name} refusé : {refused}"
                assert step.refused in str(refused) + " ".join(
                    p.describe(step.name) for p in refused.problems
                ), str(refused)
                assert step.name in str(refused)
                after = con.execute("SELECT count(*) FROM import_batches").fetchall()
                assert after == before
                seen.append(
                    {"file": step.name, "refused": True, "seconds": time.perf_counter() - started}
                )
                continue
            assert not step.refused, f"{case.name}/{step.name} should be refused"
            if step.expect.get("already"):
                assert result.already_imported
                continue
            account = result.account
            account.check()
            got = {o: account.count(o) for o in OUTCOMES if account.count(o)}
            got["read"] = account.read
            assert got == step.expect, f"{case.name}/{step.name}: {got} != {step.expect}"
            assert min(account.counts().values()) >= 0
            stored = con.execute(
                "SELECT rows_read, rows_inserted, rows_updated, rows_unchanged, rows_rejected "
                "FROM import_batches WHERE batch_id = ?",
                [result.batch_id],
            ).fetchone()
            assert stored == (
                account.read,
                account.count("added"),
                account.count("updated"),
                account.count("unchanged"),
                account.set_aside,
            )
            if step.replaced is not None:
                assert result.replaced == step.replaced, (case.name, result.replaced)
            if step.note:
                told = plan.notes + [
                    f"colonne « {h} » non conservée (données personnelles : {why})"
                    for h, why in plan.personal_reasons.items()
                ]
                assert any(step.note in n for n in told), told
            for kind, rows in (step.table_rows or {}).items():
                assert con.execute(f"SELECT count(*) FROM {kind}").fetchall()[0][0] == rows
            seen.append({"file": step.name, **got, "seconds": time.perf_counter() - started})
    finally:
        con.close()
    return seen


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_way_of_losing_a_row_is_counted(case, tmp_path):
    run_case(case, tmp_path)


def test_corpus_figures(tmp_path):
    """Totals of the corpus, written for the closing note of the issue."""
    totals = {"files": 0, "refused": 0, "read": 0, "worst_seconds": 0.0}
    for case in CASES:
        folder = tmp_path / case.name
        folder.mkdir()
        for seen in run_case(case, folder):
            totals["files"] += 1
            totals["refused"] += int(bool(seen.get("refused")))
            totals["worst_seconds"] = max(totals["worst_seconds"], float(seen["seconds"]))
            for key, value in seen.items():
                if key in OUTCOMES or key == "read":
                    totals[key] = totals.get(key, 0) + int(value)
    aside = sum(
        v for k, v in totals.items() if k in OUTCOMES and k not in ("added", "updated", "unchanged")
    )
    assert totals["read"] == (
        totals.get("added", 0) + totals.get("updated", 0) + totals.get("unchanged", 0) + aside
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "integrity_corpus.json").write_text(json.dumps(totals, indent=1))


# ------------------------------------------------------------------ property


ROW = st.one_of(
    st.tuples(st.just("data"), st.sampled_from(["C1", "C2", "C3", "", "TOTAL-1", "Total x"])),
    st.tuples(st.just("blank"), st.just("")),
    st.tuples(
        st.just("total"),
        st.sampled_from(["Total", "TOTAL", "Total général", "Sous-total", "Moyenne"]),
    ),
    st.tuples(st.just("bad_date"), st.just("")),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(ROW, min_size=1, max_size=25), st.booleans())
def test_accounts_balance_on_any_generated_file(tmp_path_factory, rows, twice):
    """Whatever mix of records, blank lines, totals, repeated or blank references and bad dates,
    rows read = added + updated + unchanged + set aside, and blank lines and totals are counted
    exactly."""
    folder = tmp_path_factory.mktemp("prop")
    lines: list[list[object]] = []
    expected_blank = expected_total = 0
    for position, (what, value) in enumerate(rows):
        day = position % 27 + 1
        if what == "data":
            lines.append([value, f"{day:02d}/01/2026", "", "Courrier", "CCAS"])
        elif what == "blank":
            lines.append(["", "", "", "", ""])
            expected_blank += 1
        elif what == "total":
            lines.append([value, "", "", "", str(position)])
            expected_total += 1
        else:
            lines.append([f"X{position}", "45/01/2026", "", "Courrier", "CCAS"])
    if len(lines) == expected_blank:
        return  # a file of blank lines only has no data row: refused, nothing to count
    con = connect(folder / "q.duckdb")
    try:
        for attempt in range(2 if twice else 1):
            path = folder / f"f{attempt}.csv"
            extra = [["Z9", "03/02/2026", "", "Courrier", "CCAS"]] if attempt else []
            path.write_text(csv_text(MAIL, lines + extra), encoding="utf-8")
            try:
                plan = prepare_import(con, path, CONFIG.organisation, today=TODAY)
                result = commit_import(con, plan, valid_rows_only=True)
            except ImportRefused:
                continue
            account = result.account
            account.check()
            assert account.read == len(lines) + len(extra)
            assert account.count("blank") == expected_blank
            assert account.count("total") == expected_total
            assert min(account.counts().values()) >= 0
    finally:
        con.close()


def test_a_new_mapping_replaces_the_earlier_import_and_undo_brings_it_back(tmp_path):
    from qualiboard.ingest.undo import undo_import
    from tests.integrity import THREE, as_csv

    con = connect(tmp_path / "q.duckdb")
    path = tmp_path / "courrier.csv"
    as_csv(MAIL, THREE)(path)
    first = commit_import(con, prepare_import(con, path, CONFIG.organisation, today=TODAY))
    # Only the fields a mapping names are fixed; « Service » declared absent is the correction.
    fewer = Mapping(
        "correspondence",
        {"reference": "N° chrono", "received_on": "Date d'arrivée"},
        [],
        {},
        ["service"],
    )
    plan = prepare_import(con, path, CONFIG.organisation, today=TODAY, mapping=fewer)
    assert plan.replaces_batch == first.batch_id and plan.needs_confirmation
    second = commit_import(con, plan)
    assert second.replaced_batch == first.batch_id
    state = "SELECT count(*), count(service) FROM correspondence"
    assert con.execute(state).fetchall() == [(3, 0)]
    statuses = "SELECT batch_id, status FROM import_batches ORDER BY 1"
    assert con.execute(statuses).fetchall() == [
        (first.batch_id, "remplacé"),
        (second.batch_id, "importé"),
    ]
    undo_import(con, second.batch_id)
    assert con.execute(state).fetchall() == [(3, 3)]
    assert con.execute(statuses).fetchall() == [
        (first.batch_id, "importé"),
        (second.batch_id, "annulé"),
    ]
    con.close()


def test_rows_behind_each_count_are_stored_and_downloadable(tmp_path):
    from qualiboard.ingest.undo import batch_rows
    from tests.integrity import as_csv, mail

    con = connect(tmp_path / "q.duckdb")
    path = tmp_path / "courrier.csv"
    as_csv(MAIL, [mail("C1", 5), mail("C1", 5), ["Total", "", "", "", "2"]])(path)
    result = commit_import(con, prepare_import(con, path, CONFIG.organisation, today=TODAY))
    assert "3 lignes lues : 1 ajoutée, 0 mises à jour" in result.summary()
    assert "1 ligne de total (ligne 4)" in result.summary()
    rows = batch_rows(con, result.batch_id)
    assert rows.to_dict("records") == [
        {
            "Ligne du fichier": 2,
            "Devenir": "écartée : doublon fusionné dans une ligne suivante",
            "Précision": "même enregistrement que la ligne 3",
        },
        {"Ligne du fichier": 4, "Devenir": "écartée : ligne de total", "Précision": ""},
    ]
    stored = con.execute(
        "SELECT rows_read, rows_inserted, rows_duplicate, rows_total_lines, rows_rejected "
        "FROM import_batches"
    ).fetchall()
    assert stored == [(3, 1, 1, 1, 2)]
    con.close()


def test_the_plan_announces_the_same_accounts_as_the_import(tmp_path):
    """What the page shows before confirming (rows to import, set aside and why) is what the
    import then reports: duplicates merged included."""
    from tests.integrity import as_xlsx, mail

    con = connect(tmp_path / "q.duckdb")
    path = tmp_path / "registre.xlsx"
    rows = [mail(None, 5), mail("C2", 6), [None] * 5, mail("C2", 6), ["TOTAL", None, None, None, 3]]
    as_xlsx(MAIL, rows)(path)
    plan = prepare_import(con, path, CONFIG.organisation, today=TODAY)
    assert plan.preview_sentence() == (
        "5 lignes lues : 2 à importer, 3 écartées — 1 ligne de total (ligne 6) ; "
        "1 ligne vide (ligne 4) ; 1 doublon fusionné dans une ligne suivante (ligne 3)"
    )
    result = commit_import(con, plan)
    assert result.account.counts() == plan.account().counts()
    # One row set aside is « 1 écartée » (an adversarial tester read « 1 écartées »).
    one = tmp_path / "un.xlsx"
    as_xlsx(MAIL, [mail("C9", 6), ["TOTAL", None, None, None, 1]])(one)
    assert prepare_import(con, one, CONFIG.organisation, today=TODAY).preview_sentence() == (
        "2 lignes lues : 1 à importer, 1 écartée — 1 ligne de total (ligne 3)"
    )
    con.close()
