"""Exports without a reference column replace only the days they cover (ingest/replacement.py)."""

from __future__ import annotations

from tests.conftest import make_config
from tests.helpers import load, write_csv


def rows(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


HEADER = ["Date de réception", "Date de réponse", "Service", "Catégorie"]


def week(tmp_path, name: str, days: range, answered: str = "20/10/2026"):
    lines = [[f"{d:02d}/10/2026", answered, "CCAS", f"Bruit {d}"] for d in days]
    return write_csv(tmp_path / name, HEADER, lines)


def test_two_weekly_exports_of_a_month_add_up_and_a_redone_week_replaces_its_days(con, tmp_path):
    config = make_config()
    load(con, config, week(tmp_path, "semaine1.csv", range(1, 8)), kind="complaints")
    second = load(con, config, week(tmp_path, "semaine2.csv", range(8, 15)), kind="complaints")
    assert second.replaced == 0
    assert rows(con, "SELECT count(*) FROM complaints") == [(14,)]
    # The second week again, one complaint fewer and answered later: its 7 rows are replaced.
    redone = load(
        con, config, week(tmp_path, "semaine2_corrigee.csv", range(8, 14), "22/10/2026"),
        kind="complaints",
    )  # fmt: skip
    assert redone.replaced == 6  # 08/10 to 13/10: the days this file covers
    assert rows(con, "SELECT count(*) FROM complaints") == [(14 - 6 + 6,)]
    assert rows(con, "SELECT count(*) FROM complaints WHERE received_on = DATE '2026-10-14'") == [
        (1,)
    ]  # outside the corrected file's days: kept
    assert rows(con, "SELECT count(*) FROM complaints WHERE answered_on = DATE '2026-10-22'") == [
        (6,)
    ]
