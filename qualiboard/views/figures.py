"""The figures a page derives from the data and shares with every reader of the server: each is
computed once per (data version, catalogue, day) key and what it depends on, and kept in the
process-wide `SeriesCache` (issue 16). The dashboard builds one `Figures` per run; the keys below
are the ones the warm-up seeds ahead, so they must not change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, TypeVar

import pandas as pd
import plotly.graph_objects as go

from qualiboard.domain.config import Config, ConfigError, Indicator
from qualiboard.engine.indicators import compute_indicator, records_behind
from qualiboard.engine.series_cache import SeriesCache
from qualiboard.present.charts import breakdown_grid, detail_chart
from qualiboard.present.export import french_csv_bytes
from qualiboard.present.safe import plain
from qualiboard.present.tables import ShownTable, french_table
from qualiboard.store.db import Connection

T = TypeVar("T")
P = ParamSpec("P")
C = TypeVar("C")


def _chosen(services: list[str] | None) -> tuple[str, ...] | None:
    return tuple(services) if services else None


@dataclass(frozen=True)
class Figures:
    cache: SeriesCache
    key: str  # `views.inventory.figures_key`: data version, catalogue, day
    con: Connection
    config: Callable[[], Config]  # read only when something is computed
    today: dt.date

    def computed(self, what: str, parts: tuple, compute: Callable[[], T]) -> T:
        """A table, grid or chart derived from the data, computed once per key and `parts`, and
        shared by every session (treat it as read-only)."""
        return self.cache.get((self.key, what, *parts), compute)

    def detail_series(
        self,
        indicator_id: str,
        start: dt.date,
        end: dt.date,
        services: list[str] | None = None,
        by: tuple[str, ...] | None = None,
    ) -> pd.DataFrame:
        """An indicator's series for the detail page (also computed ahead after each import)."""
        chosen = _chosen(services)
        return self.cache.get(
            (self.key, indicator_id, start, end, chosen, by),
            lambda: compute_indicator(
                self.con, self.config(), indicator_id, start=start, end=end,
                services=list(chosen) if chosen else None, by=list(by) if by else None,
                today=self.today,
            ),
        )  # fmt: skip

    def detail_chart(
        self,
        indicator: Indicator,
        month: dt.date,
        services: list[str] | None,
        series: pd.DataFrame,
    ) -> go.Figure:
        parts = (indicator.id, month, _chosen(services))
        return self.computed("detail_chart", parts, lambda: detail_chart(series, indicator))

    def breakdown_grid(
        self, indicator: Indicator, month: dt.date, by_service: pd.DataFrame
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        return self.computed(
            "breakdown_grid", (indicator.id, month), lambda: breakdown_grid(by_service, indicator)
        )

    def records_behind(
        self, indicator: Indicator, period: dt.date, services: list[str] | None
    ) -> pd.DataFrame:
        return self.computed(
            "records_behind",
            (indicator.id, period, _chosen(services)),
            lambda: records_behind(
                self.con, self.config(), indicator, period, services=services, today=self.today
            ),
        )

    def records_table(
        self,
        indicator: Indicator,
        period: dt.date,
        services: list[str] | None,
        records: pd.DataFrame,
    ) -> ShownTable:
        """The first 500 records behind the figure, in French (formatting them took longer than
        reading them)."""
        parts = (indicator.id, period, _chosen(services))
        return self.computed("records_table", parts, lambda: french_table(records.head(500)))

    def records_csv(
        self,
        indicator: Indicator,
        period: dt.date,
        services: list[str] | None,
        records: pd.DataFrame,
    ) -> bytes:
        parts = (indicator.id, period, _chosen(services))
        return self.computed("records_csv", parts, lambda: french_csv_bytes(records))


def config_error_text(path: object, error: ConfigError) -> tuple[str, str, str]:
    """What a page says instead of its figures when indicators.yaml cannot be read: the file,
    its errors as a Markdown list, and what to do."""
    return (
        f"Le fichier des indicateurs « {plain(path)} » contient des erreurs :",
        "\n".join(f"- {plain(m, line_breaks=False)}" for m in error.messages),
        "Corrigez le fichier puis rechargez la page (touche F5).",
    )


def per_connection(
    make: Callable[[C], Figures], method: Callable[Concatenate[Figures, P], T]
) -> Callable[Concatenate[C, P], T]:
    """A `Figures` method called with a connection (`make` builds that run's figures)."""

    def call(con: C, *args: P.args, **kwargs: P.kwargs) -> T:
        return method(make(con), *args, **kwargs)

    return call
