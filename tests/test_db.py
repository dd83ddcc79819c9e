import duckdb

from qualiboard.db import MIGRATIONS, SCHEMA_VERSION, connect, migrate, schema_version
from qualiboard.sources import SOURCE_KINDS


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
