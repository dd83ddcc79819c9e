"""One writer of the journal: every entry goes through store.audit.record (who, action, French
details as JSON), so its shape cannot drift between the import, the undo and the pages."""

from __future__ import annotations

import json
import re

from qualiboard.store.audit import journal, record
from tests.conftest import ROOT


def test_only_the_store_writes_the_audit_log():
    writers = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "qualiboard").rglob("*.py"))
        if re.search(r"INSERT\s+INTO\s+audit_log", path.read_text(encoding="utf-8"), re.I)
    ]
    assert writers == ["qualiboard/store/audit.py"]


def test_record_writes_who_action_and_french_details(con):
    record(con, "Mme Durand (durand)", "annulation", {"import n°": 7, "fichier": "a.xlsx"})
    who, action, details = con.execute("SELECT who, action, details FROM audit_log").fetchone()
    assert (who, action) == ("Mme Durand (durand)", "annulation")
    assert json.loads(details) == {"import n°": 7, "fichier": "a.xlsx"}
    assert "import n°" in details  # kept readable, not escaped
    assert journal(con)["Détail"].tolist() == ["import n° : 7 · fichier : a.xlsx"]
