"""Indicateur (détail): definition, history against the objective, breakdown, records behind."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages import _insights
from pages import _shared as shared
from qualiboard.charts import breakdown_grid, detail_chart
from qualiboard.export import french_csv_bytes
from qualiboard.formatting import (
    STATUS_ICONS,
    month_label,
    number,
    objective_text,
    percent,
    period_label,
    status_badge,
    value_with_unit,
)
from qualiboard.indicator_view import detail_ranges
from qualiboard.indicators import records_behind
from qualiboard.periods import period_start
from qualiboard.present.safe import plain
from qualiboard.provisional import RULE_TEXT
from qualiboard.sources import kind_label
from qualiboard.views import describe, vigilance_text

PERIOD_RULES = (
    "Règles de période : un enregistrement compte dans le mois de sa date de référence "
    "(réception, signalement…). Sans réponse et délai dépassé : en retard, il compte contre "
    "l'objectif. Sans réponse et encore dans le délai : en attente, écarté du calcul et compté à "
    "part. « Traité » sans date de fin : délai inconnu, écarté du calcul de délai."
)

shared.within_dashboard()
cfg = shared.config()
con = shared.connection()
filters = shared.filters()

shared.page_header(
    "Indicateur (détail)",
    "Un indicateur dans le temps face à son objectif, par service, et les enregistrements qui "
    "expliquent le chiffre du mois.",
)
if filters.month is None:
    shared.empty_database_message()
    st.stop()

ids = [i.id for i in cfg.indicators]
wanted = st.query_params.get("indicateur")
indicator_id = st.selectbox(
    "Indicateur",
    ids,
    index=ids.index(wanted) if wanted in ids else 0,
    format_func=lambda i: f"{cfg.indicator(i).label} (module {cfg.indicator(i).module})",
    key="detail_indicator",
)
if st.query_params.get("indicateur") != indicator_id:
    st.query_params["indicateur"] = indicator_id
indicator = cfg.indicator(indicator_id)
today = shared.today()
month = filters.month
period = period_start(month, indicator.frequency)

left, right = st.columns([3, 2])
with left:
    if indicator.engagement:
        st.markdown(f"**Engagement :** « {plain(indicator.engagement)} »")
    st.markdown(f"**Définition :** {plain(describe(indicator))}")
    st.markdown(
        f"**Pilote :** {plain(indicator.owner) or '—'} · **Source :** {kind_label(indicator.source)} · "
        f"**Module :** {indicator.module}"
    )
    st.caption(PERIOD_RULES)
with right:
    objective = indicator.objective
    st.markdown(
        f"**Objectif en vigueur :** {objective_text(objective.target_for(period) if objective else None, indicator)}"
    )
    if objective and objective.vigilance:
        st.markdown(f"**Vigilance :** jusqu'à {vigilance_text(objective, indicator)}")
    if objective and objective.changes:
        for change in sorted(objective.changes, key=lambda c: c.from_):
            st.markdown(
                f"- à partir de {month_label(change.from_)} : {objective_text(change.value, indicator)}"
            )
    if objective and objective.services:
        for name, changes in objective.services.items():
            st.markdown(f"- {plain(name)} : {objective_text(changes[-1].value, indicator)}")


history, *breakdown = detail_ranges(month, indicator, filters.services)
series = shared.detail_series(con, indicator_id, history[0], history[1], filters.services)
current = series[series["period"] == period]
if len(current):
    row = current.iloc[0]
    st.subheader(
        f"{period_label(period, indicator.frequency).capitalize()} : "
        f"{value_with_unit(row['value'], indicator)} — {status_badge(row['status'])}"
        + (" — provisoire" if row["provisional"] else "")
    )
    if row["provisional"]:
        st.caption(RULE_TEXT)
    details = []
    if pd.notna(row["numerator"]) and indicator.measure.type in ("share", "ratio"):
        details.append(f"{number(row['numerator'])} sur {number(row['denominator'])}")
    if pd.notna(row["ci_low"]):
        details.append(
            f"intervalle de confiance à 95 % : {number(row['ci_low'], 1)} – {percent(row['ci_high'])}"
        )
    if row["pending"]:
        details.append(f"{row['pending']} en attente (dans le délai)")
    if details:
        st.caption(" · ".join(details))

services = tuple(filters.services) if filters.services else None
chart = shared.computed(
    con, "detail_chart", (indicator_id, month, services), lambda: detail_chart(series, indicator)
)
st.plotly_chart(chart, config={"displayModeBar": False}, key="detail_chart")

_insights.why_it_moved(indicator, filters)
_insights.where_the_year_ends(indicator, filters)

if breakdown:
    st.markdown("#### Par service et par mois")
    start, end, by = breakdown[0]
    by_service = shared.detail_series(con, indicator_id, start, end, None, by)
    by_service = by_service[by_service["service"].notna()]
    if by_service.empty:
        st.caption("Pas de données par service.")
    else:
        table, colours = shared.computed(
            con,
            "breakdown_grid",
            (indicator_id, month),
            lambda: breakdown_grid(by_service, indicator),
        )
        # Newest month first, beside the pinned service: the current month is never cut off.
        table, colours = table.iloc[:, ::-1], colours.iloc[:, ::-1]
        shared.table(
            table.style.apply(lambda _: colours, axis=None),
            column_config={"_index": {"label": "Service", "pinned": True}},
        )
        st.caption(" · ".join(status_badge(s) for s in STATUS_ICONS))

st.markdown(f"#### Enregistrements de {period_label(period, indicator.frequency)}")
st.caption(
    "Ceux qui ne respectent pas l'engagement d'abord ; « Fichier importé » et « Ligne du fichier » "
    "renvoient à la ligne d'origine dans le tableur."
)
records = shared.computed(
    con,
    "records_behind",
    (indicator_id, period, services),
    lambda: records_behind(con, cfg, indicator, period, services=filters.services, today=today),
)
if records.empty:
    st.caption("Aucun enregistrement pour cette période.")
else:
    shared.table(records.head(500), hide_index=True)
    st.download_button(
        "Télécharger ces enregistrements (CSV)",
        shared.computed(
            con, "records_csv", (indicator_id, period, services), lambda: french_csv_bytes(records)
        ),
        file_name=shared.download_name(f"{indicator.id}_{period:%Y-%m}", "csv"),
        mime="text/csv",
    )
