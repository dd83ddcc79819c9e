"""Journal: every write, who did it and when (imports, undo, notes, decisions, actions, reviews
held, accounts, settings), for the quality officer and the auditor."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from pages import _guard as guard
from pages import _layout as layout
from pages import _session as session
from qualiboard.present.export import french_csv_bytes, xlsx_bytes
from qualiboard.store.access import READ_JOURNAL
from qualiboard.store.audit import journal, journal_actions, journal_people

ALL = "Toutes"

guard.within_dashboard()
con = session.connection()
layout.page_header(
    "Journal",
    "Chaque écriture dans Qualiboard : imports et annulations, analyses et leurs versions, "
    "décisions, actions, revues tenues, comptes et réglages — qui, quand, et ce qui a changé.",
)
guard.require_page(READ_JOURNAL)

left, middle, right, last = st.columns(4)
start = left.date_input(
    "Du", value=session.today() - dt.timedelta(days=365), format="DD/MM/YYYY", key="journal_from"
)
end = middle.date_input("Au", value=dt.date.today(), format="DD/MM/YYYY", key="journal_to")
people = [ALL, *journal_people(con)]
person = right.selectbox("Qui", people, key="journal_who")
kinds = [ALL, *journal_actions(con)]
kind = last.selectbox("Action", kinds, key="journal_action")
entries = journal(
    con,
    start,
    end,
    who=None if person == ALL else person,
    action=None if kind == ALL else kind,
)
st.subheader(f"{len(entries)} écriture{'s' if len(entries) > 1 else ''}")
if entries.empty:
    st.caption("Aucune écriture sur cette période.")
else:
    layout.table(entries, hide_index=True, width="stretch")
    stem = f"journal_{start:%Y%m%d}_{end:%Y%m%d}"
    left, right = st.columns(2)
    left.download_button(
        "Télécharger le journal (CSV pour Excel)",
        french_csv_bytes(entries),
        file_name=layout.download_name(stem, "csv"),
        mime="text/csv",
    )
    right.download_button(
        "Télécharger le journal (Excel)",
        xlsx_bytes({"Journal": entries}),
        file_name=layout.download_name(stem, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
