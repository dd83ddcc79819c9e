"""Plotly figures and coloured grids of the pages (French number format, colour-blind palette).

No Streamlit here: the pages only display what these functions build."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from qualiboard.domain.config import Indicator
from qualiboard.present.formatting import (
    STATUS_COLOURS,
    STATUS_ICONS,
    month_label,
    period_label,
    status_badge,
    value_with_unit,
)

PROVISIONAL_NOTE = "○ point creux : mois provisoire (des délais courent après la date des données)"


def chart_note(series: pd.DataFrame) -> str:
    """The note under a detail chart that draws provisional months (« » when none)."""
    if "provisional" in series and series["provisional"].astype(bool).any():
        return PROVISIONAL_NOTE
    return ""


def _symbols(provisional: list | None, count: int) -> list[str]:
    """A provisional period is drawn as an open circle: it may still move."""
    flags = list(provisional) if provisional is not None else [False] * count
    return ["circle-open" if bool(f) else "circle" for f in flags]


def sparkline(
    periods: list, values: list, objectives: list, provisional: list | None = None
) -> go.Figure:
    """12-month line of a card, with the objective as a dashed step line; provisional months
    as open circles."""
    labels = [month_label(p) for p in periods]
    figure = go.Figure()
    figure.add_scatter(
        x=labels,
        y=values,
        mode="lines+markers",
        line={"color": "#0072B2", "width": 2},
        marker={"size": 5, "symbol": _symbols(provisional, len(labels))},
        name="valeur",
        hovertemplate="%{x} : %{y:.1f}<extra></extra>",
    )
    if any(o is not None and not (isinstance(o, float) and math.isnan(o)) for o in objectives):
        figure.add_scatter(
            x=labels,
            y=objectives,
            mode="lines",
            line={"color": "#555555", "dash": "dash", "shape": "hv", "width": 1},
            name="objectif",
            hovertemplate="objectif : %{y:.0f}<extra></extra>",
        )
    figure.update_layout(
        height=90,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        showlegend=False,
        separators=", ",
        xaxis={"visible": False},
        yaxis={"visible": False},
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
    )
    return figure


def integer_ticks(highest: float | None) -> dict:
    """Whole, round tick steps (1, 2, 5, 10, 20, 50…) for at most about five ticks: plotly's own
    steps on a synchronised second axis give 30/61/91/122, and half an action on a count."""
    if highest is None or pd.isna(highest) or highest <= 0:
        return {"dtick": 1, "tick0": 0, "tickformat": ",d"}
    raw = float(highest) / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    return {"dtick": max(1, int(step)), "tick0": 0, "tickformat": ",d", "tickmode": "linear"}


def detail_chart(series: pd.DataFrame, indicator: Indicator) -> go.Figure:
    """Monthly values coloured by status, the objective as a step line with its vigilance band,
    the volume (denominator) and the pending items as bars on a second axis."""
    objective = indicator.objective
    labels = [period_label(p, indicator.frequency) for p in series["period"]]
    figure = go.Figure()
    # Counts on the second axis, light enough for the values to stay in front.
    bars = [("denominator", "Volume (dénominateur)", "rgba(0,114,178,0.18)", "volume")]
    if series["pending"].sum() > 0:
        bars.append(("pending", "En attente", "rgba(230,159,0,0.35)", "en attente"))
    for column, name, colour, what in bars:
        figure.add_bar(
            x=labels,
            y=series[column],
            name=name,
            marker_color=colour,
            yaxis="y2",
            hovertemplate=f"%{{x}} : %{{y:,.0f}}<extra>{what}</extra>",
        )
    if series["objective"].notna().any() and objective is not None and objective.vigilance:
        band = series["objective"] - (
            objective.vigilance if indicator.direction == "higher" else -objective.vigilance
        )
        figure.add_scatter(
            x=labels,
            y=band,
            mode="lines",
            line={"width": 0, "shape": "hv"},
            showlegend=False,
            hoverinfo="skip",
        )
        figure.add_scatter(
            x=labels,
            y=series["objective"],
            mode="lines",
            fill="tonexty",
            fillcolor="rgba(230,159,0,0.15)",
            line={"width": 0, "shape": "hv"},
            name="Zone de vigilance",
            hoverinfo="skip",
        )
    if series["objective"].notna().any():
        figure.add_scatter(
            x=labels,
            y=series["objective"],
            mode="lines",
            name="Objectif",
            line={"color": "#333333", "dash": "dash", "shape": "hv"},
            hovertemplate="%{x} : objectif %{y:.1f}<extra></extra>",
        )
    provisional = (
        list(series["provisional"].astype(bool))
        if "provisional" in series
        else [False] * len(series)
    )
    colours = [STATUS_COLOURS.get(s, "#999") for s in series["status"]]
    figure.add_scatter(
        x=labels,
        y=series["value"],
        mode="lines+markers",
        name="Valeur",
        line={"color": "#0072B2", "width": 3},
        marker={
            "size": [12 if p else 9 for p in provisional],
            "symbol": _symbols(provisional, len(labels)),
            "color": colours,
            "line": {
                "color": [c if p else "#000" for c, p in zip(colours, provisional, strict=True)],
                "width": 2,
            },
        },
        text=[
            status_badge(s) + (" — provisoire" if p else "")
            for s, p in zip(series["status"], provisional, strict=True)
        ],
        hovertemplate="%{x} : %{y:.1f} — %{text}<extra></extra>",
    )
    figure.update_layout(
        height=440,
        separators=", ",
        barmode="stack",
        # Above the chart: below it, the legend covered the month labels once they turn on a
        # phone (« nov. 20 »); the labels make room for themselves.
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        xaxis={"automargin": True},
        yaxis={
            "title": indicator.unit,
            "rangemode": "tozero",
            # A count of actions or complaints has no half: whole ticks only.
            **(
                integer_ticks(series["value"].max())
                if indicator.measure.spec.whole_number and not indicator.is_percent
                else {}
            ),
        },
        yaxis2={
            "overlaying": "y",
            "side": "right",
            "title": "volume",
            "showgrid": False,
            "rangemode": "tozero",
            "tickformat": ",d",
            **integer_ticks((series["denominator"].fillna(0) + series["pending"].fillna(0)).max()),
        },
        margin={"t": 20},
    )
    return figure


def breakdown_grid(
    by_service: pd.DataFrame, indicator: Indicator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Services x periods, newest period first (the month under review is never cut off on
    the right): the cell text (status symbol and value) and the cell background. Records
    without a service have no row."""
    by_service = by_service[by_service["service"].notna()]
    if by_service.empty:
        return pd.DataFrame(), pd.DataFrame()
    by_service = by_service.assign(
        cell=[
            f"{STATUS_ICONS.get(s, '')} {value_with_unit(v, indicator)}"
            for s, v in zip(by_service["status"], by_service["value"], strict=True)
        ],
        colonne=[period_label(p, indicator.frequency) for p in by_service["period"]],
    )
    table = by_service.pivot_table(
        index="service", columns="colonne", values="cell", aggfunc="first", sort=False
    )
    statuses = by_service.pivot_table(
        index="service", columns="colonne", values="status", aggfunc="first", sort=False
    )

    colours = statuses.map(
        lambda s: (
            f"background-color: {STATUS_COLOURS.get(s, '#fff')}33" if isinstance(s, str) else ""
        )
    )
    return table.iloc[:, ::-1], colours.iloc[:, ::-1]
