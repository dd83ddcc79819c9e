"""Indicateur (détail): definition, history against the objective, breakdown, records behind."""

from __future__ import annotations

import streamlit as st

from pages import _cache as cache
from pages import _insights
from pages import _layout as layout
from qualiboard.domain.periods import period_start
from qualiboard.engine.provisional import RULE_TEXT
from qualiboard.present.charts import chart_note
from qualiboard.present.formatting import (
    STATUS_ICONS,
    of_label,
    period_label,
    status_badge,
)
from qualiboard.views.indicator import (
    PERIOD_RULES,
    detail_ranges,
    figure_of_period,
    indicator_sheet,
)

page = layout.page(
    "Indicateur (détail)",
    "Un indicateur dans le temps face à son objectif, par service, et les enregistrements qui "
    "expliquent le chiffre du mois.",
    needs_data=True,
)
cfg, con, filters = page.cfg, page.con, page.filters

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
month = filters.month
period = period_start(month, indicator.frequency)

left, right = st.columns([3, 2])
sheet = indicator_sheet(indicator, period)
with left:
    for line in sheet.definition:
        st.markdown(line)
    st.caption(PERIOD_RULES)
with right:
    for line in sheet.objective:
        st.markdown(line)

history, *breakdown = detail_ranges(month, indicator, filters.services)
series = cache.detail_series(con, indicator_id, history[0], history[1], filters.services)
figure = figure_of_period(series, indicator, period)
if figure is not None:
    st.subheader(figure.title)
    if figure.provisional:
        st.caption(RULE_TEXT)
    if figure.details:
        st.caption(figure.details)

chart = cache.detail_chart_for(con, indicator, month, filters.services, series)
st.plotly_chart(chart, config={"displayModeBar": False}, key="detail_chart")
if note := chart_note(series):
    st.caption(note)

_insights.why_it_moved(indicator, filters)
_insights.where_the_year_ends(indicator, filters)

if breakdown:
    st.markdown("#### Par service et par mois")
    start, end, by = breakdown[0]
    by_service = cache.detail_series(con, indicator_id, start, end, None, by)
    table, colours = cache.breakdown_grid_for(con, indicator, month, by_service)
    if table.empty:
        st.caption("Pas de données par service.")
    else:
        layout.table(
            table.style.apply(lambda _: colours, axis=None),
            column_config={"_index": {"label": "Service", "pinned": True}},
        )
        st.caption(" · ".join(status_badge(s) for s in STATUS_ICONS))

st.markdown(f"#### Enregistrements {of_label(period_label(period, indicator.frequency))}")
st.caption(
    "Ceux qui ne respectent pas l'engagement d'abord ; « Fichier importé » et « Ligne du fichier » "
    "renvoient à la ligne d'origine dans le tableur."
)
records = cache.records_behind_for(con, indicator, period, filters.services)
if records.empty:
    st.caption("Aucun enregistrement pour cette période.")
else:
    layout.table(
        cache.records_table_for(con, indicator, period, filters.services, records), hide_index=True
    )
    st.download_button(
        "Télécharger ces enregistrements (CSV)",
        cache.records_csv_for(con, indicator, period, filters.services, records),
        file_name=layout.download_name(f"{indicator.id}_{period:%Y-%m}", "csv"),
        mime="text/csv",
        on_click="ignore",
    )
