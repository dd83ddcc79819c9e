"""Bilan annuel (WSM-3): every indicator over a year or a custom range, computed from the records,
against its objective and the previous period, with the monthly values, the reviews held, the
notes and the action plan. The tables of the annual report, with French headers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import duckdb
import pandas as pd

from qualiboard.domain.config import Config
from qualiboard.domain.periods import add_months, last_complete_month
from qualiboard.engine.indicators import RANGE, compute_many
from qualiboard.engine.objectives import objective_basis
from qualiboard.present.export import french_csv_bytes, xlsx_bytes
from qualiboard.present.formatting import month_label, objective_text
from qualiboard.present.tables import RowFormat, row_formats
from qualiboard.present.year_end_text import OUTLOOK_VALUES, outlook_table
from qualiboard.steering.review import action_counts, action_plan, action_table, notes, reviews_held
from qualiboard.steering.year_end import year_end_outlook
from qualiboard.store.audit import journal
from qualiboard.views.cards import shown_change, unreliable_comparison
from qualiboard.views.catalogue import referentiel_tables

_MONTHLY_TEXT = ("Module", "Code", "Indicateur", "Unité", "Mois provisoires")


@dataclass
class AnnualReview:
    start: dt.date
    end: dt.date  # first day of the last month
    title: str
    synthesis: pd.DataFrame
    monthly: pd.DataFrame
    actions: pd.DataFrame | None  # None: left out (`annual_review(with_actions=False)`)
    reviews: pd.DataFrame
    steering: pd.DataFrame
    referential: pd.DataFrame  # as read (texts), for the audit pack
    percent_rows: list[bool]  # rows of synthesis/monthly whose unit is %
    journal: pd.DataFrame = field(default_factory=pd.DataFrame)  # audit journal of the period
    # « Où finira l'année ? » for the year of the last month (the final figures once complete).
    year_end: pd.DataFrame = field(default_factory=pd.DataFrame)
    # The référentiel as the workbook holds it (real numbers), and its rows that are %.
    referential_sheet: pd.DataFrame = field(default_factory=pd.DataFrame)
    referential_percent: list[bool] = field(default_factory=list)

    row_formats: list[RowFormat] = field(default_factory=list)  # declared precision per row
    # Each row's objective as read: « ≥ 90 % », « ≤ 8 jours ouvrés », « sans objectif ».
    objective_texts: list[str] = field(default_factory=list)

    def synthesis_shown(self) -> pd.DataFrame:
        """The synthesis as the page shows it: each objective with its direction and unit (a
        bare « 8 » said neither « at most » nor « working days »); the exports keep numbers."""
        return self.synthesis.assign(Objectif=self.objective_texts)

    def synthesis_formats(self) -> dict:
        """How `shared.table` shows the synthesis: each value with its indicator's precision."""
        value_columns = [c for c in self.synthesis.columns if c.startswith("Valeur")]
        return {
            "rows": self.row_formats,
            "row_columns": value_columns,
            "decimals": {"Numérateur": 0, "Dénominateur": 0, "Module": 0},
        }

    def monthly_formats(self) -> dict:
        months = [c for c in self.monthly.columns if c not in _MONTHLY_TEXT]
        return {"rows": self.row_formats, "row_columns": months}

    def action_plan(self) -> pd.DataFrame:
        if self.actions is None:
            raise ValueError("plan d'actions non chargé : appelez with_action_plan d'abord")
        return self.actions

    def sheets(self) -> dict[str, pd.DataFrame]:
        return {
            "Synthèse": self.synthesis,
            "Mensuel": self.monthly,
            "Actions": self.action_plan(),
            "Revues": self.reviews,
            "Pilotage": self.steering,
            "Référentiel": self.referential_sheet,
            "Journal": self.journal,
            "Fin d'année": self.year_end,
        }


@dataclass(frozen=True)
class PeriodChoice:
    """What the annual review offers to choose, from the months that hold data."""

    years: list[int]  # newest first
    months: list[dt.date]  # newest first: the last month of a chosen period

    @property
    def default_year(self) -> int:
        """The last complete year is what an annual review is about (the year before the
        newest data), unless the data hold a single year."""
        return self.years[1] if len(self.years) > 1 else self.years[0]

    def first_months(self, end: dt.date) -> list[dt.date]:
        """The possible first months of a period ending with `end`, newest first."""
        return [m for m in self.months if m <= end]

    @staticmethod
    def twelve_months_back(first_months: list[dt.date]) -> int:
        """The position of the first month that makes a twelve-month period (or the oldest)."""
        return min(11, len(first_months) - 1)


def period_choice(bounds: tuple[dt.date, dt.date]) -> PeriodChoice:
    first, last = bounds
    months = []
    current = last
    while current >= first:
        months.append(current)
        current = add_months(current, -1)
    return PeriodChoice(list(range(last.year, first.year - 1, -1)), months)


def audit_pack_end(end: dt.date, last_data_month: dt.date) -> dt.date:
    """Twelve months that end with data, not with empty months."""
    return min(end, last_data_month)


def audit_pack_caption(pack_end: dt.date) -> str:
    return (
        "Pour l'auditeur : référentiel, douze mois de chaque indicateur avec leur statut, revues "
        "et décisions, plan d'actions et constats d'audit, bilan annuel, qualité des données, "
        "journaux des imports et d'audit — douze mois jusqu'à "
        f"{month_label(pack_end, long=True)}, en PDF et Excel."
    )


def period_title(start: dt.date, end: dt.date) -> str:
    if start.month == 1 and end.month == 12 and start.year == end.year:
        return f"année {start.year}"
    return f"{month_label(start, long=True)} à {month_label(end, long=True)}"


def annual_review(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    *,
    with_actions: bool = True,
) -> AnnualReview:
    """`start` and `end` are months (first days); the previous period is the same span just
    before. Without `with_actions`, the action plan of the period (only in the workbook, and
    the largest part by far: 280,000 actions on the million-records bench) is left for
    `with_action_plan` to add when the workbook is asked for."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    # The référentiel's last value and the year-end outlook are as of the last month over:
    # a review of the current year exported in November is as of October, not December.
    as_of = max(start, min(end, last_complete_month(today)))
    before_start, before_end = add_months(start, -months), add_months(end, -months)
    indicators = config.indicators
    current = compute_many(
        con, config, indicators, start=start, end=end, frequency=RANGE, today=today
    )
    previous = compute_many(
        con, config, indicators, start=before_start, end=before_end, frequency=RANGE, today=today
    )
    monthly = compute_many(
        con, config, indicators, start=start, end=end, frequency="monthly", today=today
    )
    written = notes(con, start=start, end=end)
    title = period_title(start, end)
    previous_title = period_title(before_start, before_end)
    synthesis_rows, monthly_rows = [], []
    for indicator in indicators:
        now = current[indicator.id].iloc[0] if len(current[indicator.id]) else None
        then = previous[indicator.id].iloc[0] if len(previous[indicator.id]) else None
        own = written[written["indicator_id"] == indicator.id]
        value = now["value"] if now is not None else None
        before = then["value"] if then is not None else None
        synthesis_rows.append(
            {
                "Module": indicator.module,
                "Code": indicator.id,
                "Indicateur": indicator.label,
                "Engagement": indicator.engagement or "",
                "Unité": indicator.unit,
                f"Valeur ({title})": value,
                "Objectif": now["objective"] if now is not None else None,
                "Statut": now["status"] if now is not None else "pas de données",
                "Base de l'objectif": objective_basis(indicator, months),
                "Numérateur": now["numerator"] if now is not None else None,
                "Dénominateur": now["denominator"] if now is not None else None,
                f"Valeur ({previous_title})": before,
                # Between the values as shown (rounded alike), so the column adds up on paper.
                "Évolution": shown_change(value, before, indicator),
                "Comparaison": (
                    "comparaison peu fiable"
                    if shown_change(value, before, indicator) is not None
                    and unreliable_comparison(
                        then["denominator"] if then is not None else None, indicator
                    )
                    else ""
                ),
                "Provisoire": "oui" if now is not None and bool(now["provisional"]) else "",
                "Analyses du COPIL": " | ".join(
                    f"{month_label(p)} : {a}"
                    for p, a in zip(own["period"], own["analysis"], strict=True)
                    if isinstance(a, str) and a
                ),
            }
        )
        series = monthly[indicator.id]
        row = {"Module": indicator.module, "Code": indicator.id, "Indicateur": indicator.label}
        row["Unité"] = indicator.unit
        for period, value_of_month in zip(series["period"], series["value"], strict=True):
            row[month_label(period)] = value_of_month
        row["Mois provisoires"] = ", ".join(
            month_label(p) for p in series.loc[series["provisional"].astype(bool), "period"]
        )
        monthly_rows.append(row)
    synthesis = pd.DataFrame(synthesis_rows)
    end_exclusive = add_months(end, 1)
    plan = action_plan(con, today)
    actions = _period_actions(plan, start, end, today) if with_actions else None
    held = reviews_held(con, start, end)
    reviews = pd.concat(
        [
            pd.DataFrame(
                {
                    "Mois": [month_label(p) for p in held["period"]],
                    "Type": "revue tenue",
                    "Date": held["held_on"],
                    "Indicateur": "",
                    "Service": "",
                    "Analyse": "",
                    "Décisions": "",
                    "Auteur": held["attendees"],
                }
            ),
            pd.DataFrame(
                {
                    "Mois": [month_label(p) for p in written["period"]],
                    "Type": "note",
                    "Date": [w.date() for w in pd.to_datetime(written["written_at"])],
                    "Indicateur": [config.indicator(i).label for i in written["indicator_id"]],
                    "Service": written["service"].fillna(""),
                    "Analyse": written["analysis"].fillna(""),
                    "Décisions": written["decisions"].fillna(""),
                    "Auteur": written["author"].fillna(""),
                }
            ),
        ],
        ignore_index=True,
    )
    counts = action_counts(con, start, end_exclusive)
    overdue = int((plan["state"] == "en retard").sum())
    steering = pd.DataFrame(
        {
            "Élément": [
                "Période",
                "Revues mensuelles tenues",
                "Actions ouvertes",
                "Actions soldées",
                f"Actions en retard au {today:%d/%m/%Y}",
                "Indicateurs atteints",
                "Indicateurs avec objectif",
            ],
            "Valeur": [
                title,
                len(held),
                counts["opened"],
                counts["closed"],
                overdue,
                int((synthesis["Statut"] == "atteint").sum()),
                int(synthesis["Objectif"].notna().sum()),
            ],
        }
    )
    referential, referential_sheet, referential_percent = referentiel_tables(
        con, config, as_of, today
    )
    return AnnualReview(
        start=start,
        end=end,
        title=title,
        synthesis=synthesis,
        monthly=pd.DataFrame(monthly_rows),
        actions=actions,
        reviews=reviews,
        steering=steering,
        referential=referential,
        referential_sheet=referential_sheet,
        referential_percent=referential_percent,
        percent_rows=[i.is_percent for i in indicators],
        row_formats=row_formats(indicators),
        objective_texts=[
            objective_text(objective, indicator)
            for objective, indicator in zip(synthesis["Objectif"], indicators, strict=True)
        ],
        # From the first day of the period to the export: a month's review is written after it.
        journal=journal(con, start, max(today, dt.date.today())),
        year_end=outlook_table(year_end_outlook(con, config, as_of, today=today), indicators),
    )


def _period_actions(plan: pd.DataFrame, start: dt.date, end: dt.date, today: dt.date):
    """The actions open at some point of the period, as the workbook lists them."""
    end_exclusive = add_months(end, 1)
    in_scope = plan[
        (plan["opened_on"] < end_exclusive)
        & (
            plan["closed_on"].isna()
            | (plan["closed_on"].map(lambda d: d is not None and not pd.isna(d) and d >= start))
        )
    ]
    return action_table(in_scope).rename(columns={"État": f"État au {today:%d/%m/%Y}"})


def with_action_plan(
    con: duckdb.DuckDBPyConnection, review: AnnualReview, today: dt.date
) -> AnnualReview:
    """`review` with the action plan of its period (see `annual_review(with_actions=False)`)."""
    actions = _period_actions(action_plan(con, today), review.start, review.end, today)
    return replace(review, actions=actions)


def annual_table(review: AnnualReview) -> pd.DataFrame:
    """One row per indicator: the synthesis followed by its monthly values (the CSV export)."""
    months = review.monthly.drop(columns=["Module", "Indicateur", "Unité"])
    table = review.synthesis.merge(months, on="Code", how="left")
    numeric = table.select_dtypes("number").columns.drop("Module", errors="ignore")
    table[numeric] = table[numeric].round(1)
    return table


def annual_csv_bytes(review: AnnualReview) -> bytes:
    return french_csv_bytes(annual_table(review))


def _percent_units(table: pd.DataFrame) -> list[bool]:
    return (table["Unité"] == "%").tolist() if "Unité" in table else []


def annual_xlsx_bytes(review: AnnualReview) -> bytes:
    value_columns = [c for c in review.synthesis.columns if c.startswith("Valeur")] + ["Objectif"]
    month_columns = [
        c
        for c in review.monthly.columns
        if c not in ("Module", "Code", "Indicateur", "Unité", "Mois provisoires")
    ]
    return xlsx_bytes(
        review.sheets(),
        percent_rows={
            "Synthèse": (value_columns, review.percent_rows),
            "Mensuel": (month_columns, review.percent_rows),
            "Référentiel": (["Objectif", "Dernière valeur"], review.referential_percent),
            "Fin d'année": (OUTLOOK_VALUES, _percent_units(review.year_end)),
        },
    )
