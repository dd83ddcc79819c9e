"""Vue d'ensemble: which commitments are kept this month, which are slipping."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages import _insights
from pages import _shared as shared
from qualiboard.charts import sparkline
from qualiboard.formatting import (
    STATUS_COLOURS,
    margin_text,
    number,
    status_badge,
)
from qualiboard.present.safe import plain
from qualiboard.views import headline, status_counts

shared.within_dashboard()
cfg = shared.config()
con = shared.connection()
filters = shared.filters()

shared.page_header(
    "Vue d'ensemble",
    "Chaque engagement Qualivilles, sa valeur du mois face à son objectif ; ce qui demande "
    "attention apparaît en premier dans chaque module.",
)


def render_card(card: pd.Series) -> None:
    indicator = cfg.indicator(card["indicator_id"])
    with st.container(border=True):
        st.markdown(f"**{plain(card['label'])}**")
        if isinstance(card["engagement"], str) and card["engagement"]:
            st.caption(f"« {plain(card['engagement'])} »")
        left, right = st.columns([3, 2])
        with left:
            margin = margin_text(card["ci_low"], card["ci_high"])
            st.markdown(
                f"<span style='font-size:1.8rem;font-weight:700'>{card['value_text']}</span> "
                f"<span style='color:#444'>{margin}</span>",
                unsafe_allow_html=True,
            )
            provisional = " · **provisoire**" if card["provisional"] else ""
            st.markdown(
                f"Objectif {card['objective_text']} · {card['period_label']}{provisional}",
            )
        with right:
            st.markdown(shared.status_chip(card["status"]), unsafe_allow_html=True)
            n = card["denominator"]
            sample = "n = —" if n is None or pd.isna(n) else f"n = {number(n)}"
            pending = f" · {card['pending']} en attente" if card["pending"] else ""
            st.caption(sample + pending)
        st.caption(card["change_text"])
        _insights.year_end_marker(card["indicator_id"], filters)
        st.plotly_chart(
            sparkline(
                card["history_periods"],
                card["history_values"],
                card["history_objectives"],
                card["history_provisional"],
            ),
            config={"displayModeBar": False, "staticPlot": True},
            key=f"spark_{card['indicator_id']}",
        )
        st.page_link(
            "pages/indicateur.py",
            label="Voir le détail",
            icon=":material/search:",
            query_params={"indicateur": indicator.id, **dict(st.query_params)},
        )


if filters.month is None:
    shared.empty_database_message()
    st.stop()

shared.freshness_line(con)
cards = shared.month_cards(con, filters)
if cards.empty:
    st.info("Aucun indicateur pour ce module.")
    st.stop()

st.subheader(headline(cards, filters.month).capitalize() + f" — {plain(filters.service_label)}")
counts = status_counts(cards)
columns = st.columns(len(counts))
for column, (status, count) in zip(columns, counts.items(), strict=True):
    column.markdown(
        f"<div style='border-left:6px solid {STATUS_COLOURS[status]};padding-left:8px'>"
        f"<b>{count}</b><br>{status_badge(status)}</div>",
        unsafe_allow_html=True,
    )

for module in sorted(cards["module"].unique()):
    st.markdown(f"### Module {module}")
    module_cards = cards[cards["module"] == module]
    for start in range(0, len(module_cards), 3):
        row = st.columns(3)
        for column, (_, card) in zip(
            row, module_cards.iloc[start : start + 3].iterrows(), strict=False
        ):
            with column:
                render_card(card)
