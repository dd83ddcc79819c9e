"""Dossier d'audit, gathered from the database in one pass.

The référentiel (indicator ↔ objective ↔ engagement ↔ owner), twelve months of every indicator
with its status, the reviews held with their analyses and decisions, the action plan with the
audit findings (WSM-1), the annual review (WSM-3), the data-quality summary, the import journal
and the audit journal. Each part is a table with French headers; `qualiboard.present.audit_pdf`
lays them out as PDF and XLSX."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from qualiboard.domain.config import Config
from qualiboard.domain.periods import add_months
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.text import fold
from qualiboard.engine.indicators import compute_many
from qualiboard.ingest.undo import list_batches
from qualiboard.present.formatting import month_label, status_badge, value_with_unit
from qualiboard.steering.audit_pack import AuditPack, AuditSection
from qualiboard.store.audit import journal
from qualiboard.views.annual import AnnualReview, annual_review, with_action_plan
from qualiboard.views.data_quality import data_quality
from qualiboard.views.imports import import_history


def _twelve_months(
    con: duckdb.DuckDBPyConnection, config: Config, start: dt.date, end: dt.date, today: dt.date
) -> pd.DataFrame:
    series = compute_many(
        con, config, config.indicators, start=start, end=end, frequency="monthly", today=today
    )
    months = []
    current = start
    while current <= end:
        months.append(current)
        current = add_months(current, 1)
    rows = []
    for indicator in config.indicators:
        frame = series[indicator.id].set_index("period") if len(series[indicator.id]) else None
        row = {"Indicateur": f"{indicator.label} ({indicator.id})"}
        for month in months:
            if frame is None or month not in frame.index:
                row[month_label(month)] = "○"
                continue
            figure = frame.loc[month]
            text = value_with_unit(figure["value"], indicator)
            if text == "—":
                row[month_label(month)] = status_badge(figure["status"]).split()[0]
            else:
                icon = status_badge(figure["status"]).split()[0]
                row[month_label(month)] = f"{text} {icon}" + (
                    " (prov.)" if bool(figure["provisional"]) else ""
                )
        rows.append(row)
    return pd.DataFrame(rows)


def _quality_summary(
    con: duckdb.DuckDBPyConnection, config: Config, start: dt.date, end: dt.date
) -> pd.DataFrame:
    quality = data_quality(con, config)
    per_month = quality["per_month"]
    end_exclusive = add_months(end, 1)
    in_range = per_month[(per_month["month"] >= start) & (per_month["month"] < end_exclusive)]
    gaps = dict(zip(quality["gaps"]["source"], quality["gaps"]["mois sans données"], strict=True))
    no_end = quality["treated_no_end"]
    unmeasurable = quality["unmeasurable"]
    rows = []
    for kind in SOURCE_KINDS.values():
        records = int(in_range.loc[in_range["source"] == kind.label, "records"].sum())
        treated = no_end[no_end["source"] == kind.label] if not no_end.empty else no_end
        missing_end = int(treated["treated_no_end"].sum()) if len(treated) else 0
        rows.append(
            {
                "Source": kind.label,
                "Enregistrements sur la période": records,
                "Mois sans données": gaps.get(kind.label, ""),
                "Traités sans date de fin": missing_end,
                "Imports sans colonne de fin": int((unmeasurable["Source"] == kind.label).sum()),
            }
        )
    summary = pd.DataFrame(rows)
    undeclared = quality["undeclared_services"]
    if not undeclared.empty:
        extra = ", ".join(
            f"{s} ({n})"
            for s, n in zip(undeclared["service"], undeclared["enregistrements"], strict=True)
        )
        summary.attrs["undeclared"] = extra
    return summary


def audit_pack(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    end: dt.date,
    today: dt.date,
    made_on: dt.date | None = None,
    review: AnnualReview | None = None,
) -> AuditPack:
    """The pack for the twelve months ending with the month `end`; `review`, the annual review
    of those same months when the caller has it already, saves computing it again."""
    end = end.replace(day=1)
    start = add_months(end, -11)
    if review is None or (review.start, review.end) != (start, end):
        review = annual_review(con, config, start, end, today)
    elif review.actions is None:  # the page's review leaves the action plan out
        review = with_action_plan(con, review, today)
    period = f"{month_label(start, long=True)} à {month_label(end, long=True)}"
    pack = AuditPack(config.organisation.name, made_on or dt.date.today(), start, end, period)
    ref = review.referential
    pack.sections.append(
        AuditSection(
            "Référentiel",
            "Référentiel des indicateurs",
            "Chaque indicateur avec son engagement, son objectif en vigueur, son pilote et sa "
            "source (exigence de tableau de bord associant un objectif à chaque indicateur).",
            ref[
                ["Module", "Engagement", "Indicateur", "Objectif", "Pilote", "Fréquence", "Source"]
            ],
            [0.6, 3, 2.6, 1.1, 1.4, 1.1, 1.6],
        )
    )
    pack.sections.append(
        AuditSection(
            "Douze mois",
            "Douze mois de chaque indicateur",
            "Valeur mensuelle et statut : ✔ atteint, ⚠ vigilance, ✖ non atteint, ? échantillon "
            "insuffisant, ○ pas de données, – sans objectif ; (prov.) : mois provisoire.",
            _twelve_months(con, config, start, end, today),
            [3.2] + [1.0] * 12,
        )
    )
    pack.sections.append(
        AuditSection(
            "Revues",
            "Revues tenues, analyses et décisions",
            "Revues mensuelles de la période et analyses écrites par indicateur en comité.",
            review.reviews,
            [0.8, 0.8, 0.8, 1.8, 1, 2.6, 2.6, 1.2],
            "Aucune revue tenue ni analyse enregistrée dans Qualiboard sur la période.",
        )
    )
    # The actions open at some time during the twelve months, as in the annual review.
    actions = review.action_plan()
    audits = int(actions["Origine"].map(lambda o: fold(o).startswith("audit")).sum())
    plural = "s" if audits > 1 else ""
    pack.sections.append(
        AuditSection(
            "Actions",
            "Plan d'actions et constats d'audit",
            "Les actions correctives et d'amélioration ouvertes à un moment de la période, dont "
            f"{audits} issue{plural} d'un audit (interne ou externe) ; état au {today:%d/%m/%Y}.",
            actions,
            [1, 2.6, 1.1, 0.7, 1.2, 1, 0.9, 0.9, 0.9, 1, 0.8],
            "Aucune action ouverte sur la période.",
        )
    )
    synthesis = review.synthesis[
        ["Module", "Indicateur", f"Valeur ({review.title})", "Objectif", "Statut", "Évolution"]
    ]
    steering = " · ".join(
        f"{item} : {value}"
        for item, value in zip(review.steering["Élément"], review.steering["Valeur"], strict=True)
    )
    pack.sections.append(
        AuditSection(
            "Bilan annuel",
            f"Bilan annuel — {review.title}",
            "Chaque indicateur calculé sur la période entière à partir des enregistrements, face "
            f"à son objectif et à la période précédente. {steering}.",
            synthesis,
            [0.7, 3.4, 1.2, 1, 1.2, 1],
        )
    )
    quality = _quality_summary(con, config, start, end)
    undeclared = quality.attrs.get("undeclared", "")
    pack.sections.append(
        AuditSection(
            "Qualité des données",
            "Qualité des données",
            "Volume de chaque source, mois manquants, éléments « traités » sans date de fin, "
            "imports dont le fichier n'avait pas de colonne de fin (délais non mesurables)."
            + (f" Services non déclarés : {undeclared}." if undeclared else ""),
            quality,
        )
    )
    pack.sections.append(
        AuditSection(
            "Imports",
            "Journal des imports",
            "Chaque fichier importé ou annulé, avec le décompte de ses lignes.",
            import_history(list_batches(con)),
        )
    )
    pack.sections.append(
        AuditSection(
            "Journal",
            "Journal d'audit",
            "Chaque écriture dans l'application : qui, quand, quoi.",
            journal(con, start, max(today, pack.made_on, dt.date.today())),
            [1.2, 1.5, 1.2, 5],
            "Aucune écriture dans l'application sur la période.",
        )
    )
    return pack
