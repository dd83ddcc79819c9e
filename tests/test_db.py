import datetime as dt

import duckdb

from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.store.db import MIGRATIONS, SCHEMA_VERSION, connect, migrate, schema_version


def tables(con) -> set[str]:
    return {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }


def test_new_database_has_the_whole_schema(con):
    names = tables(con)
    for kind in SOURCE_KINDS:
        assert kind in names
        assert f"{kind}_history" in names
    for meta in (
        "import_batches",
        "mapping_profiles",
        "review_notes",
        "audit_log",
        "schema_version",
    ):
        assert meta in names
    assert schema_version(con) == SCHEMA_VERSION == len(MIGRATIONS)


def test_columns_of_a_source_table(con):
    columns = [r[0] for r in con.execute("DESCRIBE reports").fetchall()]
    assert columns[:3] == ["row_id", "batch_id", "source_row"]
    assert "status_raw" in columns and "resolved_on" in columns


def test_migration_from_version_1_keeps_the_data(tmp_path):
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    migrate(old, target=1)
    assert schema_version(old) == 1
    assert "review_notes" not in tables(old)
    old.execute(
        "INSERT INTO correspondence (row_id, batch_id, source_row, reference, received_on) "
        "VALUES (1, 1, 2, 'C-1', DATE '2026-01-05')"
    )
    old.close()

    upgraded = connect(path)
    assert schema_version(upgraded) == SCHEMA_VERSION
    assert "review_notes" in tables(upgraded)
    assert upgraded.execute("SELECT reference FROM correspondence").fetchall() == [("C-1",)]
    versions = upgraded.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
    assert [v[0] for v in versions] == list(range(1, SCHEMA_VERSION + 1))
    upgraded.close()


def test_opening_twice_does_not_reapply_migrations(tmp_path):
    path = tmp_path / "db.duckdb"
    connect(path).close()
    again = connect(path)
    assert again.execute("SELECT count(*) FROM schema_version").fetchall()[0][0] == SCHEMA_VERSION
    again.close()


def test_migration_from_version_2_adds_the_reviews_and_keeps_the_notes(tmp_path):
    path = tmp_path / "v2.duckdb"
    old = duckdb.connect(str(path))
    migrate(old, target=2)
    old.execute(
        "INSERT INTO review_notes VALUES (1, 1, 'courrier_delai', DATE '2026-01-01', NULL, "
        "'Retard en janvier', NULL, 'qualité', TIMESTAMP '2026-02-03 10:00:00')"
    )
    old.close()
    upgraded = connect(path)
    assert schema_version(upgraded) == SCHEMA_VERSION
    assert "reviews" in tables(upgraded)
    assert upgraded.execute("SELECT analysis FROM review_notes").fetchall() == [
        ("Retard en janvier",)
    ]
    upgraded.close()


def test_as_of_migration_gives_older_imports_their_import_day(tmp_path):
    path = tmp_path / "old.duckdb"
    old = duckdb.connect(str(path))
    migrate(old, target=3)
    old.execute(
        "INSERT INTO import_batches (batch_id, file_name, sha256, kind, imported_at, status) "
        "VALUES (1, 'registre.xlsx', 'abc', 'correspondence', TIMESTAMP '2026-10-30 09:00:00', "
        "'importé')"
    )
    old.close()
    upgraded = connect(path)
    assert upgraded.execute("SELECT as_of FROM import_batches").fetchall() == [
        (dt.date(2026, 10, 30),)
    ]
    upgraded.close()
    again = connect(path)  # idempotent: a second opening changes nothing
    assert again.execute("SELECT count(*) FROM import_batches").fetchall()[0][0] == 1
    again.close()


def test_row_accounting_migration_keeps_old_batches_and_is_idempotent(tmp_path):
    """A database of schema 3 gets the set-aside counts, `import_rows` and the measurements'
    site; running the migration twice changes nothing."""
    from qualiboard.store.db import _migration_row_accounting

    path = tmp_path / "v3.duckdb"
    old = duckdb.connect(str(path))
    migrate(old, target=3)
    old.close()
    upgraded = connect(path)
    _migration_row_accounting(upgraded)
    columns = {r[0] for r in upgraded.execute("DESCRIBE import_batches").fetchall()}
    assert {"rows_blank", "rows_total_lines", "rows_duplicate", "record_key"} <= columns
    assert "site" in {r[0] for r in upgraded.execute("DESCRIBE measurements").fetchall()}
    assert upgraded.execute("SELECT count(*) FROM import_rows").fetchall() == [(0,)]
    upgraded.close()
