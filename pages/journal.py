"""Journal: every write, who did it and when (imports, undo, notes, decisions, actions, reviews
held, accounts, settings), for the quality officer and the auditor."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from pages import _layout as layout
from pages import _session as session
from qualiboard.store.access import READ_JOURNAL
from qualiboard.views.journal import journal_choices, journal_page

page = layout.page(
    "Journal",
    "Chaque écriture dans Qualiboard : imports et annulations, analyses et leurs versions, "
    "décisions, actions, revues tenues, comptes et réglages — qui, quand, et ce qui a changé.",
    permission=READ_JOURNAL,
)
people, actions = journal_choices(page.con)
left, middle, right, last = st.columns(4)
start = left.date_input(
    "Du", value=session.today() - dt.timedelta(days=365), format="DD/MM/YYYY", key="journal_from"
)
end = middle.date_input("Au", value=dt.date.today(), format="DD/MM/YYYY", key="journal_to")
person = right.selectbox("Qui", people, key="journal_who")
action = last.selectbox("Action", actions, key="journal_action")
journal = journal_page(page.con, start, end, person, action)
st.subheader(journal.title)
if journal.entries.empty:
    st.caption("Aucune écriture sur cette période.")
else:
    layout.table(journal.entries, hide_index=True, width="stretch")
    layout.csv_and_excel(
        journal.stem,
        journal.csv,
        journal.workbook,
        ("Télécharger le journal (CSV pour Excel)", "Télécharger le journal (Excel)"),
    )
