"""Qualité des données: volumes per month, missing months, empty fields, unknown services and
measures the catalogue does not know."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from qualiboard.domain.config import Config
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.statuses import STATUS_TREATED
from qualiboard.domain.text import fold
from qualiboard.engine.indicators import untracked_batches
from qualiboard.engine.untracked import uncounted_measurements
from qualiboard.present.formatting import (
    date_fr,
    month_label,
)
from qualiboard.views.inventory import data_month_range, freshness


def data_quality(con: duckdb.DuckDBPyConnection, config: Config) -> dict[str, pd.DataFrame]:
    """Completeness per source and month, undeclared services, treated items with no end date."""
    monthly = []
    for kind in SOURCE_KINDS.values():
        frame = con.execute(
            f"SELECT date_trunc('month', {kind.period_field})::DATE AS month, count(*) AS records "
            f"FROM {kind.name} GROUP BY 1 ORDER BY 1"
        ).df()
        frame["month"] = pd.to_datetime(frame["month"]).dt.date
        frame.insert(0, "source", kind.label)
        monthly.append(frame)
    per_month = pd.concat(monthly, ignore_index=True)
    gaps = []
    bounds = data_month_range(con)
    if bounds is not None:
        months = list(pd.date_range(bounds[0], bounds[1], freq="MS").date)
        for kind in SOURCE_KINDS.values():
            seen = set(per_month.loc[per_month["source"] == kind.label, "month"])
            if not seen:
                continue
            missing = [m for m in months if m not in seen and min(seen) <= m <= max(seen)]
            if missing:
                gaps.append(
                    {
                        "source": kind.label,
                        "mois sans données": ", ".join(month_label(m) for m in missing),
                    }
                )
    no_end = []
    for kind in (SOURCE_KINDS["reports"], SOURCE_KINDS["complaints"], SOURCE_KINDS["actions"]):
        end_field = kind.delays[0].end
        frame = con.execute(
            f"SELECT date_trunc('month', {kind.period_field})::DATE AS month, "
            f"count(*) FILTER (WHERE status = ?) AS treated, "
            f"count(*) FILTER (WHERE status = ? AND {end_field} IS NULL) AS treated_no_end "
            f"FROM {kind.name} GROUP BY 1 HAVING count(*) FILTER (WHERE status = ? AND "
            f"{end_field} IS NULL) > 0 ORDER BY 1",
            [STATUS_TREATED, STATUS_TREATED, STATUS_TREATED],
        ).df()
        frame["month"] = pd.to_datetime(frame["month"]).dt.date
        frame.insert(0, "source", kind.label)
        no_end.append(frame)
    declared = {s.name for s in config.organisation.services}
    undeclared = []
    for kind in SOURCE_KINDS.values():
        if "service" not in kind.field_names:
            continue
        for name, count in con.execute(
            f"SELECT service, count(*) FROM {kind.name} WHERE service IS NOT NULL "
            "GROUP BY 1 ORDER BY 1"
        ).fetchall():
            if name not in declared:
                undeclared.append({"source": kind.label, "service": name, "enregistrements": count})
    unmeasurable = []
    for kind in SOURCE_KINDS.values():
        for end, batch_ids in untracked_batches(con, kind.name).items():
            names = dict(
                con.execute(
                    "SELECT batch_id, file_name FROM import_batches WHERE list_contains(?, batch_id)",
                    [batch_ids],
                ).fetchall()
            )
            for batch_id in batch_ids:
                unmeasurable.append(
                    {
                        "Source": kind.label,
                        "Import n°": batch_id,
                        "Fichier": names.get(batch_id, ""),
                        "Colonne absente": kind.field(end).label,
                    }
                )
    return {
        "per_month": per_month,
        "unknown_measures": unknown_measures(con, config),
        "uncounted_measures": uncounted_measurements(con, config),
        "unmeasurable": pd.DataFrame(
            unmeasurable, columns=["Source", "Import n°", "Fichier", "Colonne absente"]
        ),
        "gaps": pd.DataFrame(gaps, columns=["source", "mois sans données"]),
        "treated_no_end": pd.concat(no_end, ignore_index=True),
        "undeclared_services": pd.DataFrame(
            undeclared, columns=["source", "service", "enregistrements"]
        ),
    }


def unknown_measures(con: duckdb.DuckDBPyConnection, config: Config) -> pd.DataFrame:
    """Typed-in measurements that no indicator of the catalogue reads (its code misspelt, or its
    label written instead): they are imported, yet count nowhere, so the officer must see them."""
    read: set[str] = set()
    by_label: dict[str, str] = {}
    for indicator in config.indicators:
        if indicator.source != "measurements":
            continue
        wanted = indicator.filter.get("indicator")
        if wanted is None:
            return pd.DataFrame(columns=["Indicateur saisi", "Lignes", "Code attendu"])
        codes = [str(c) for c in wanted] if isinstance(wanted, list) else [str(wanted)]
        read.update(codes)
        by_label[fold(indicator.label)] = codes[0]
        for code in codes:
            by_label.setdefault(fold(code), code)
    rows = []
    for code, count in con.execute(
        "SELECT indicator, count(*) FROM measurements GROUP BY 1 ORDER BY 1"
    ).fetchall():
        if code in read:
            continue
        rows.append(
            {
                "Indicateur saisi": code,
                "Lignes": count,
                "Code attendu": by_label.get(fold(code), "aucun indicateur ne lit ce code"),
            }
        )
    return pd.DataFrame(rows, columns=["Indicateur saisi", "Lignes", "Code attendu"])


def freshness_table(fresh: pd.DataFrame) -> pd.DataFrame:
    """`inventory.freshness` as the page lists it: the last record, the « données au » date and
    the last import of each source, in French dates."""
    return fresh.assign(
        **{
            "Dernière donnée": fresh["last_record"].map(
                lambda d: date_fr(d) if d is not None and d == d else "—"
            ),
            "Données au": fresh["as_of"].map(
                lambda d: date_fr(d) if d is not None and d == d else "—"
            ),
            "Dernier import": fresh["last_import"].map(
                lambda d: d.strftime("%d/%m/%Y %H:%M") if d is not None and d == d else "jamais"
            ),
        }
    )[["source", "Dernière donnée", "Données au", "Dernier import"]].rename(
        columns={"source": "Source"}
    )


# ------------------------------------------------------------------------- the page, as shown


@dataclass(frozen=True)
class QualityCheck:
    """One check of the page: its table of findings, or the sentence that says all is well."""

    title: str
    findings: pd.DataFrame
    all_good: str
    advice: str | None = None


@dataclass(frozen=True)
class DataQualityPage:
    has_data: bool
    freshness: pd.DataFrame  # one row per source, French dates
    no_end_lines: list[str]  # the six newest months with treated items lacking an end date
    no_end_table: pd.DataFrame  # every such month, French headers
    checks: list[QualityCheck]
    per_month: pd.DataFrame  # records per source (rows) and month (columns, newest first)


NO_END_ALL_GOOD = "Aucun enregistrement « traité » sans date de fin."


def data_quality_page(con: duckdb.DuckDBPyConnection, config: Config) -> DataQualityPage:
    fresh = freshness(con)
    quality = data_quality(con, config)
    no_end = quality["treated_no_end"].sort_values("month", ascending=False)
    lines = [
        f"{month_label(row.month)} — {row.source} : **{row.treated_no_end} traités sans date de "
        f"fin** sur {row.treated} traités"
        for row in no_end.head(6).itertuples()
    ]
    return DataQualityPage(
        has_data=bool(fresh["last_record"].notna().any()),
        freshness=freshness_table(fresh),
        no_end_lines=lines,
        no_end_table=quality["treated_no_end"]
        .assign(month=quality["treated_no_end"]["month"].map(month_label))
        .rename(
            columns={
                "source": "Source",
                "month": "Mois",
                "treated": "Traités",
                "treated_no_end": "Traités sans date de fin",
            }
        ),
        checks=_checks(quality),
        per_month=_per_month_grid(quality["per_month"]),
    )


def _checks(quality: dict[str, pd.DataFrame]) -> list[QualityCheck]:
    return [
        QualityCheck(
            "Imports sans date de fin : délais non calculables",
            quality["unmeasurable"],
            "Chaque import contient les dates de fin dont ses délais ont besoin.",
            "Les enregistrements de ces fichiers ne comptent ni en retard ni dans le délai : "
            "demandez à l'outil d'origine un export qui contient la date de fin.",
        ),
        QualityCheck(
            "Mesures saisies qu'aucun indicateur ne lit",
            quality["unknown_measures"],
            "Chaque mesure saisie porte le code d'un indicateur du référentiel.",
            "Ces lignes sont importées mais ne comptent dans aucun indicateur : corrigez la "
            "colonne « Indicateur » du fichier avec le code attendu, puis importez-le de nouveau.",
        ),
        QualityCheck(
            "Mesures saisies sans les chiffres que leur indicateur demande",
            quality["uncounted_measures"],
            "Chaque mesure saisie porte les chiffres que son indicateur calcule (numérateur et "
            "dénominateur d'un taux, valeur d'une moyenne).",
            "Ces lignes sont importées mais ne comptent pas : complétez le fichier (par exemple "
            "le numérateur et le dénominateur au lieu d'un pourcentage), puis importez-le de "
            "nouveau.",
        ),
        QualityCheck(
            "Mois sans données",
            quality["gaps"],
            "Aucun mois manquant entre la première et la dernière donnée de chaque source.",
        ),
        QualityCheck(
            "Services présents dans les données mais absents du référentiel",
            quality["undeclared_services"],
            "Tous les services des données sont déclarés dans indicators.yaml.",
            "Ajoutez-les à la rubrique « services » d'indicators.yaml, ou comme alias d'un "
            "service existant.",
        ),
    ]


def _per_month_grid(per_month: pd.DataFrame) -> pd.DataFrame:
    if per_month.empty:
        return pd.DataFrame()
    table = per_month.pivot_table(
        index="source", columns="month", values="records", aggfunc="sum", fill_value=0
    )
    # Newest month first: the month the committee reviews is never off-screen on the right.
    table = table[sorted(table.columns, reverse=True)]
    table.columns = [month_label(m) for m in table.columns]
    table.index.name = "Source"
    return table
