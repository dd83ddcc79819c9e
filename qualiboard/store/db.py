"""DuckDB connection, schema and migrations.

The schema is versioned in `schema_version`; each migration runs once, in its own transaction, so a
database created by an older Qualiboard is upgraded in place and users never delete their data.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb

from qualiboard.domain.sources import SOURCE_KINDS

DEFAULT_DB_PATH = Path("data/qualiboard.duckdb")
# The type the rest of the application (pages included) names a connection by.
Connection = duckdb.DuckDBPyConnection

BOOKKEEPING_COLUMNS: list[tuple[str, str]] = [
    ("row_id", "BIGINT"),
    ("batch_id", "BIGINT"),
    ("source_row", "INTEGER"),
]


def source_table_ddl(kind_name: str, history: bool = False) -> str:
    kind = SOURCE_KINDS[kind_name]
    cols = BOOKKEEPING_COLUMNS + kind.stored_columns
    if history:
        cols = cols + [("superseded_by", "BIGINT")]
    table = f"{kind_name}_history" if history else kind_name
    body = ",\n    ".join(f"{name} {sql_type}" for name, sql_type in cols)
    return f"CREATE TABLE IF NOT EXISTS {table} (\n    {body}\n)"


def _migration_1(con: duckdb.DuckDBPyConnection) -> None:
    """Source tables, import batches and mapping profiles."""
    con.execute("CREATE SEQUENCE IF NOT EXISTS row_id_seq START 1")
    con.execute("CREATE SEQUENCE IF NOT EXISTS batch_id_seq START 1")
    for kind_name in SOURCE_KINDS:
        con.execute(source_table_ddl(kind_name))
        con.execute(source_table_ddl(kind_name, history=True))
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS import_batches (
            batch_id BIGINT PRIMARY KEY,
            file_name VARCHAR NOT NULL,
            sha256 VARCHAR NOT NULL,
            sheet VARCHAR,
            kind VARCHAR NOT NULL,
            mapping JSON,
            profile_name VARCHAR,
            rows_read INTEGER,
            rows_inserted INTEGER,
            rows_updated INTEGER,
            rows_unchanged INTEGER,
            rows_replaced INTEGER,
            rows_rejected INTEGER,
            warnings INTEGER,
            period_from DATE,
            period_to DATE,
            imported_by VARCHAR,
            imported_at TIMESTAMP,
            status VARCHAR NOT NULL,
            undone_at TIMESTAMP
        )
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS mapping_profiles (
            name VARCHAR PRIMARY KEY,
            kind VARCHAR NOT NULL,
            header_signature VARCHAR NOT NULL,
            mapping JSON NOT NULL,
            created_at TIMESTAMP
        )
        """
    )


def _migration_2(con: duckdb.DuckDBPyConnection) -> None:
    """Steering: review notes with history, audit log, settings, working-day calendar."""
    con.execute("CREATE SEQUENCE IF NOT EXISTS note_id_seq START 1")
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS review_notes (
            note_id BIGINT,
            version INTEGER,
            indicator_id VARCHAR NOT NULL,
            period DATE NOT NULL,
            service VARCHAR,
            analysis VARCHAR,
            decisions VARCHAR,
            author VARCHAR,
            written_at TIMESTAMP,
            PRIMARY KEY (note_id, version)
        )
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS audit_log (
            logged_at TIMESTAMP,
            who VARCHAR,
            action VARCHAR,
            details JSON
        )
        """
    )
    con.execute("CREATE TABLE IF NOT EXISTS settings (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS working_calendar (
            day DATE PRIMARY KEY,
            is_working_day BOOLEAN,
            wd_index INTEGER
        )
        """
    )


def _migration_3(con: duckdb.DuckDBPyConnection) -> None:
    """Monthly reviews held by the steering committee (COPIL)."""
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS reviews (
            period DATE PRIMARY KEY,
            held_on DATE NOT NULL,
            attendees VARCHAR,
            recorded_by VARCHAR,
            recorded_at TIMESTAMP
        )
        """
    )


def _migration_as_of(con: duckdb.DuckDBPyConnection) -> None:
    """« Données au » per import: the day the file was extracted, at which its open items are
    judged pending or late. Imports made before it get their import day, the latest their file
    could know of."""
    con.execute("ALTER TABLE import_batches ADD COLUMN IF NOT EXISTS as_of DATE")
    con.execute("UPDATE import_batches SET as_of = imported_at::DATE WHERE as_of IS NULL")


# Set-aside counts of import_batches, next to rows_read / inserted / updated / unchanged.
ROW_ACCOUNTING_COLUMNS = (
    "rows_invalid",
    "rows_total_lines",
    "rows_blank",
    "rows_duplicate",
    "rows_incomplete",
    "rows_unanswered",
    "rows_outside",
)


def _migration_row_accounting(con: duckdb.DuckDBPyConnection) -> None:
    """Every row of an import accounted for: set-aside counts by reason, the outcome of each
    file row that was not simply added (`import_rows`), the record key used; measurements get a
    site so that a file of one site never overwrites another's values."""
    for column in ROW_ACCOUNTING_COLUMNS:
        con.execute(f"ALTER TABLE import_batches ADD COLUMN IF NOT EXISTS {column} INTEGER")
    con.execute("ALTER TABLE import_batches ADD COLUMN IF NOT EXISTS record_key VARCHAR")
    con.execute("ALTER TABLE import_batches ADD COLUMN IF NOT EXISTS replaced_batch BIGINT")
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS import_rows (
            batch_id BIGINT NOT NULL,
            source_row INTEGER NOT NULL,
            outcome VARCHAR NOT NULL,
            detail VARCHAR
        )
        """
    )
    for table in ("measurements", "measurements_history"):
        con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS site VARCHAR")


def _migration_accounts(con: duckdb.DuckDBPyConnection) -> None:
    """Accounts (local with argon2 hashes, or signed in through the town's identity provider)
    and the browser sessions of local sign-in (only a hash of each token is kept)."""
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS accounts (
            login VARCHAR PRIMARY KEY,
            name VARCHAR,
            role VARCHAR NOT NULL,
            services VARCHAR,
            password_hash VARCHAR,
            via VARCHAR NOT NULL,
            disabled BOOLEAN NOT NULL,
            demo BOOLEAN NOT NULL,
            failed_attempts INTEGER NOT NULL,
            locked_until TIMESTAMP,
            created_at TIMESTAMP,
            last_sign_in TIMESTAMP
        )
        """
    )
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS sessions (
            token_hash VARCHAR PRIMARY KEY,
            login VARCHAR NOT NULL,
            created_at TIMESTAMP,
            expires_at TIMESTAMP NOT NULL
        )
        """
    )


def _migration_issue19_front_office_kinds(con: duckdb.DuckDBPyConnection) -> None:
    """Identity-document appointments, civil-status requests and mystery checks: their tables
    (a new database has them from migration 1 already, hence IF NOT EXISTS)."""
    for kind_name in ("appointments", "civil_status_requests", "mystery_checks"):
        con.execute(source_table_ddl(kind_name))
        con.execute(source_table_ddl(kind_name, history=True))


MIGRATIONS: list[Callable[[duckdb.DuckDBPyConnection], None]] = [
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_as_of,
    _migration_row_accounting,
    _migration_accounts,
    _migration_issue19_front_office_kinds,
]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied_at TIMESTAMP)")
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(con: duckdb.DuckDBPyConnection, target: int = SCHEMA_VERSION) -> int:
    """Apply the migrations the database has not seen yet, up to `target`."""
    current = schema_version(con)
    for version in range(current + 1, target + 1):
        con.execute("BEGIN TRANSACTION")
        try:
            MIGRATIONS[version - 1](con)
            con.execute(
                "INSERT INTO schema_version VALUES (?, current_timestamp::TIMESTAMP)", [version]
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return max(current, target)


def connect(
    path: str | Path = DEFAULT_DB_PATH, read_only: bool = False
) -> duckdb.DuckDBPyConnection:
    """Open the database file (created if missing) with an up-to-date schema."""
    path = Path(path)
    if read_only:
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    migrate(con)
    return con


def get_setting(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    row = con.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_setting(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute(
        "INSERT INTO settings VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def total_records(con: duckdb.DuckDBPyConnection) -> int:
    return sum(
        con.execute(f"SELECT count(*) FROM {kind}").fetchall()[0][0]  # noqa: S608 - fixed names
        for kind in SOURCE_KINDS
    )
