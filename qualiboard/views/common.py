"""What the pages show, computed without Streamlit: overview cards, headline, freshness,
data-quality tables, référentiel. Pages only render these frames."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from qualiboard.domain.conditions import parse_condition
from qualiboard.domain.config import Config, Indicator, Objective
from qualiboard.domain.fields import available_fields
from qualiboard.domain.labels import kind_label
from qualiboard.domain.periods import add_months, last_complete_month, period_length, period_start
from qualiboard.domain.schema import SourceKind
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.text import fold
from qualiboard.engine.indicators import compute_many, untracked_batches
from qualiboard.engine.objectives import (
    STATUS_MET,
    STATUS_NOT_APPLICABLE,
    STATUS_ORDER,
    objective_basis,
)
from qualiboard.ingest.normalise import STATUS_TREATED
from qualiboard.present.formatting import (
    as_shown,
    date_fr,
    month_label,
    number,
    objective_text,
    period_label,
    shown_decimals,
    unit_for,
    value_with_unit,
)

SPARK_MONTHS = 12


def _happened(kind: SourceKind) -> str:
    """SQL of a record's date for « latest data »: a planned date (an appointment booked for
    December) says nothing of how recent the data are, so it is capped at its import's
    « données au » date."""
    column = f"t.{kind.period_field}"
    if not kind.field(kind.period_field).may_be_future:
        return column
    return (
        f"least({column}, coalesce((SELECT b.as_of FROM import_batches b "
        f"WHERE b.batch_id = t.batch_id), {column}))"
    )


def data_month_range(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date] | None:
    """First and last month holding records, all sources together."""
    parts = [
        f"SELECT min({_happened(k)}) AS lo, max({_happened(k)}) AS hi FROM {k.name} t"
        for k in SOURCE_KINDS.values()
    ]
    row = con.execute(
        f"SELECT min(lo), max(hi) FROM ({' UNION ALL '.join(parts)})"  # noqa: S608 - fixed names
    ).fetchall()[0]
    if row[0] is None:
        return None
    return row[0].replace(day=1), row[1].replace(day=1)


def default_month(con: duckdb.DuckDBPyConnection, today: dt.date) -> dt.date | None:
    """Last complete month, or the last month with data if the data stop earlier."""
    bounds = data_month_range(con)
    if bounds is None:
        return None
    return min(last_complete_month(today), bounds[1])


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """Changes whenever an import or an undo changes the data: a cache key for the pages."""
    row = con.execute(
        "SELECT count(*), max(batch_id), max(coalesce(undone_at, imported_at)) FROM import_batches"
    ).fetchall()[0]
    return f"{row[0]}-{row[1]}-{row[2]}"


def freshness(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Latest import and latest record per source: 'Données au …'."""
    rows = []
    for kind in SOURCE_KINDS.values():
        last_record = con.execute(
            f"SELECT max({_happened(kind)}) FROM {kind.name} t"  # noqa: S608 - fixed names
        ).fetchall()[0][0]
        last_import, as_of = con.execute(
            "SELECT max(imported_at), max(as_of) FILTER (WHERE batch_id IN "
            f"(SELECT DISTINCT batch_id FROM {kind.name})) FROM import_batches "
            "WHERE kind = ? AND status = 'importé'",
            [kind.name],
        ).fetchall()[0]
        rows.append(
            {
                "kind": kind.name,
                "source": kind.label,
                "last_record": last_record,
                "last_import": last_import,
                "as_of": as_of,
            }
        )
    return pd.DataFrame(rows)


def as_of_line(con: duckdb.DuckDBPyConnection) -> str:
    """« Données au — Courriers : 03/11/2026 · … » (the extraction date of each source)."""
    fresh = freshness(con)
    fresh = fresh[fresh["last_record"].notna()]
    if fresh.empty:
        return ""
    parts = [
        f"{row.source} : {date_fr(row.as_of if row.as_of == row.as_of else row.last_record)}"
        for row in fresh.itertuples()
    ]
    return "Données au — " + " · ".join(parts)


def indicator_period(indicator: Indicator, month: dt.date) -> dt.date:
    return period_start(month, indicator.frequency)


def overview_cards(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    month: dt.date,
    *,
    services: list[str] | None = None,
    module: int | None = None,
    comparison: str = "previous",
    today: dt.date | None = None,
) -> pd.DataFrame:
    """One row per indicator: the figure of the period holding `month`, its objective and status,
    the comparison figure and a 12-month history. Attention first (non atteint, vigilance)."""
    rows = []
    chosen = [i for i in config.indicators if module is None or i.module == module]
    first = add_months(month, -(SPARK_MONTHS - 1))
    compare_start = add_months(month, -12) if comparison == "year" else first
    all_series = compute_many(
        con,
        config,
        chosen,
        start=min(first, compare_start),
        end=month,
        services=services,
        today=today,
    )
    for indicator in chosen:
        series = all_series[indicator.id]
        months = period_length(indicator.frequency)
        current_period = indicator_period(indicator, month)
        current = series[series["period"] == current_period]
        if comparison == "year":
            compare_period = period_start(add_months(month, -12), indicator.frequency)
        else:
            compare_period = add_months(current_period, -period_length(indicator.frequency))
        previous = series[series["period"] == compare_period]
        row = current.iloc[0] if len(current) else None
        before = previous.iloc[0] if len(previous) else None
        history = series[series["period"] >= period_start(first, indicator.frequency)]
        # For one service, an indicator none of whose records concern it does not apply.
        applicable = not services or bool(
            (series["denominator"].fillna(0) > 0).any() or (series["pending"] > 0).any()
        )
        status = row["status"] if row is not None else "pas de données"
        compare_n = before["denominator"] if before is not None else None
        rows.append(
            {
                "indicator_id": indicator.id,
                "module": indicator.module,
                "label": indicator.label,
                "engagement": indicator.engagement,
                "period": current_period,
                "period_label": period_label(current_period, indicator.frequency),
                "value": row["value"] if row is not None else None,
                "value_text": value_with_unit(row["value"] if row is not None else None, indicator),
                "objective": row["objective"] if row is not None else None,
                "objective_text": objective_text(
                    row["objective"] if row is not None else None, indicator
                )
                + (f" ({basis})" if (basis := objective_basis(indicator, months)) else ""),
                "status": status if applicable else STATUS_NOT_APPLICABLE,
                "provisional": bool(row["provisional"]) if row is not None else False,
                "denominator": row["denominator"] if row is not None else None,
                "pending": int(row["pending"]) if row is not None else 0,
                "ci_low": row["ci_low"] if row is not None else None,
                "ci_high": row["ci_high"] if row is not None else None,
                "compare_value": before["value"] if before is not None else None,
                "compare_denominator": compare_n,
                "compare_unreliable": unreliable_comparison(compare_n, indicator),
                "compare_label": period_label(compare_period, indicator.frequency),
                "change": shown_change(
                    row["value"] if row is not None else None,
                    before["value"] if before is not None else None,
                    indicator,
                ),
                "change_text": change_text(
                    row["value"] if row is not None else None,
                    before["value"] if before is not None else None,
                    compare_n,
                    indicator,
                    period_label(compare_period, indicator.frequency),
                ),
                "history_periods": list(history["period"]),
                "history_values": list(history["value"]),
                "history_objectives": list(history["objective"]),
                "history_provisional": list(history["provisional"].astype(bool)),
                "direction": indicator.direction,
                "unit": indicator.unit,
            }
        )
    cards = pd.DataFrame(rows)
    if cards.empty:
        return cards
    cards["status_rank"] = cards["status"].map(STATUS_ORDER.index)
    return cards.sort_values(["status_rank", "module", "indicator_id"]).reset_index(drop=True)


def headline(cards: pd.DataFrame, month: dt.date) -> str:
    """'17 engagements sur 25 atteints en octobre 2026' (indicators with an objective); for
    one service, those that do not apply to it leave the count, and the headline says how many."""
    if cards.empty:
        return f"0 engagement sur 0 atteint en {month_label(month, long=True)}"
    with_objective = cards[cards["objective"].notna()]
    not_applicable = int((with_objective["status"] == STATUS_NOT_APPLICABLE).sum())
    applying = with_objective[with_objective["status"] != STATUS_NOT_APPLICABLE]
    met = int((applying["status"] == STATUS_MET).sum())
    total = len(applying)
    word = "atteint" if met <= 1 else "atteints"
    text = (
        f"{met} engagement{'s' if met > 1 else ''} sur {total} {word} "
        f"en {month_label(month, long=True)}"
    )
    if not_applicable:
        plural = "s" if not_applicable > 1 else ""
        text += f" ({not_applicable} non applicable{plural} à ce service, hors décompte)"
    return text


def status_counts(cards: pd.DataFrame) -> dict[str, int]:
    counts = cards["status"].value_counts().to_dict() if not cards.empty else {}
    out = {status: int(counts.get(status, 0)) for status in STATUS_ORDER}
    if not out[STATUS_NOT_APPLICABLE]:
        del out[STATUS_NOT_APPLICABLE]  # only said when a service is chosen and it happens
    return out


def shown_change(value: float | None, before: float | None, indicator: Indicator) -> float | None:
    """The change between the two values as shown (rounded alike): 92,4 vs 90,6 is +1,8."""
    now, then = as_shown(value, indicator), as_shown(before, indicator)
    if now is None or then is None:
        return None
    return round(now - then, shown_decimals(indicator))


def unreliable_comparison(compare_n: float | None, indicator: Indicator) -> bool:
    """The comparison figure rests on fewer records than `min_sample`."""
    if not indicator.min_sample:
        return False
    return compare_n is None or compare_n != compare_n or compare_n < indicator.min_sample


def change_text(
    value: float | None,
    before: float | None,
    compare_n: float | None,
    indicator: Indicator,
    compare_label: str,
) -> str:
    """« ↗ +1,8 pts vs sept. 2026 », « … (comparaison peu fiable : n = 1) »."""
    delta = shown_change(value, before, indicator)
    if delta is None:
        return f"pas de comparaison avec {compare_label}"
    unit = "pts" if indicator.is_percent else unit_for(delta, indicator.unit)
    arrow = "↗" if delta > 0 else "↘" if delta < 0 else "→"
    sign = "+" if delta > 0 else ""
    text = f"{arrow} {sign}{number(delta, shown_decimals(indicator))} {unit} vs {compare_label}"
    if unreliable_comparison(compare_n, indicator):
        n = "—" if compare_n is None or compare_n != compare_n else number(compare_n)
        text += f" (comparaison peu fiable : n = {n})"
    return text


def vigilance_text(objective: Objective | None, indicator: Indicator) -> str:
    """The vigilance margin with its unit and its side: « 5 pts sous l'objectif »."""
    if objective is None or not objective.vigilance:
        return ""
    margin = f"{objective.vigilance:g}".replace(".", ",")
    unit = "pts" if indicator.is_percent else unit_for(objective.vigilance, indicator.unit)
    side = "sous" if indicator.direction == "higher" else "au-dessus de"
    return f"{margin} {unit} {side} l'objectif".replace("  ", " ")


def referentiel(
    con: duckdb.DuckDBPyConnection, config: Config, month: dt.date | None, today: dt.date
) -> pd.DataFrame:
    """The indicator <-> objective table an auditor asks for (WSM-2), as read on the page."""
    return _referentiel_rows(con, config, month, today).drop(columns=list(_REFERENTIEL_NUMBERS))


# The numbers behind the page's texts, for the workbook: (column, its text column).
_REFERENTIEL_NUMBERS = {
    "_objective": "Objectif",
    "_vigilance": "Seuil de vigilance",
    "_value": "Dernière valeur",
}


def referentiel_sheet(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    month: dt.date | None,
    today: dt.date,
    module: int | None = None,
) -> tuple[pd.DataFrame, list[bool]]:
    """The référentiel for Excel: objective, vigilance margin and last value as real numbers
    (the sign and the unit in their own columns), and which rows are percentages."""
    rows = _referentiel_rows(con, config, month, today)
    if module is not None:
        rows = rows[rows["Module"] == module]
    sheet = rows.drop(columns=list(_REFERENTIEL_NUMBERS.values()))
    sheet = sheet.rename(columns={k: v for k, v in _REFERENTIEL_NUMBERS.items()})
    percent = [config.indicator(code).is_percent for code in sheet["Code"]]
    sheet.insert(sheet.columns.get_loc("Objectif"), "Sens", rows["_sense"])
    sheet = sheet.drop(columns=["_sense"])
    sheet.insert(sheet.columns.get_loc("Dernière valeur") + 1, "Unité", rows["_unit"])
    sheet = sheet.drop(columns=["_unit"])
    sheet["Provisoire"] = rows["_provisional"].map(lambda p: "oui" if p else "")
    sheet = sheet.drop(columns=["_provisional"])
    return sheet.reset_index(drop=True), percent


def _referentiel_rows(
    con: duckdb.DuckDBPyConnection, config: Config, month: dt.date | None, today: dt.date
) -> pd.DataFrame:
    rows = []
    latest = (
        compute_many(con, config, config.indicators, start=month, end=month, today=today)
        if month is not None
        else {}
    )
    for indicator in config.indicators:
        result = latest.get(indicator.id)
        last = result.iloc[-1] if result is not None and len(result) else None
        objective = indicator.objective
        history = ""
        if objective is not None:
            changes = sorted(objective.changes, key=lambda c: c.from_)
            history = " ; ".join(
                f"à partir de {month_label(c.from_)} : {objective_text(c.value, indicator)}"
                for c in changes
            )
            if objective.services:
                history += (" ; " if history else "") + " ; ".join(
                    f"{name} : {objective_text(c[-1].value, indicator)}"
                    for name, c in objective.services.items()
                )
        current_target = objective.target_for(month or today) if objective else None
        rows.append(
            {
                "Module": indicator.module,
                "Engagement": indicator.engagement or "",
                "Indicateur": indicator.label,
                "Code": indicator.id,
                "Définition": describe(indicator),
                "Objectif": objective_text(current_target, indicator)
                + (f" par {objective.per}" if objective and objective.per else ""),
                "Historique de l'objectif": history,
                "Seuil de vigilance": vigilance_text(objective, indicator),
                "Fréquence": {
                    "monthly": "mensuelle",
                    "quarterly": "trimestrielle",
                    "yearly": "annuelle",
                }[indicator.frequency],
                "Pilote": indicator.owner or "",
                "Source": kind_label(indicator.source),
                "Dernière valeur": (
                    value_with_unit(last["value"], indicator)
                    + (" (provisoire)" if bool(last["provisional"]) else "")
                    if last is not None
                    else "—"
                ),
                "Période": (
                    period_label(last["period"], indicator.frequency) if last is not None else ""
                ),
                "Statut": last["status"] if last is not None else "pas de données",
                "_objective": current_target,
                "_vigilance": objective.vigilance if objective else None,
                "_value": last["value"] if last is not None else None,
                "_sense": "≥" if indicator.direction == "higher" else "≤",
                "_unit": "%" if indicator.is_percent else indicator.unit,
                "_provisional": bool(last["provisional"]) if last is not None else False,
            }
        )
    return pd.DataFrame(rows)


_MEASURE_WORDS = {
    "count": "nombre d'enregistrements",
    "share": "part des enregistrements",
    "mean": "moyenne",
    "median": "médiane",
    "p90": "valeur sous laquelle se trouvent 90 % des enregistrements",
    "sum": "somme",
    "ratio": "rapport de deux sommes",
    "net": "part des satisfaits moins part des insatisfaits",
}
_OPERATOR_WORDS = {
    "<=": "au plus",
    "<": "moins de",
    ">=": "au moins",
    ">": "plus de",
    "=": ":",
    "!=": "différent de",
    "in": ":",
    "notin": "hors de",
}


def _field_label(source: str, name: str) -> str:
    info = available_fields(source).get(name)
    return (info.label if info else name).lower()


def _value_text(value: object) -> str:
    if isinstance(value, tuple):
        return " ou ".join(_value_text(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def condition_text(source: str, condition: str | list[str]) -> str:
    """`delay_working_days <= 15` -> « délai de réponse (jours ouvrés) au plus 15 »."""
    parts = []
    for atom in parse_condition(condition):
        label = _field_label(source, atom.field)
        if atom.op == "istrue":
            parts.append(f"la réponse est « {label} »")
        elif atom.op == "isnull":
            parts.append(f"le champ « {label} » est vide")
        elif atom.op == "notnull":
            parts.append(f"le champ « {label} » est renseigné")
        else:
            parts.append(f"{label} {_OPERATOR_WORDS[atom.op]} {_value_text(atom.value)}")
    return " et ".join(parts)


def _filter_text(source: str, name: str, spec: object) -> str:
    if isinstance(spec, list):
        return f"{_field_label(source, name)} : {' ou '.join(map(str, spec))}"
    if isinstance(spec, dict):
        bounds = [f"{_OPERATOR_WORDS.get(op, op)} {_value_text(v)}" for op, v in spec.items()]
        return f"{_field_label(source, name)} {' et '.join(bounds)}"
    return f"{_field_label(source, name)} : {_value_text(spec)}"


def describe(indicator: Indicator) -> str:
    """Plain-French definition: what is counted, in which records, with which period rule."""
    if indicator.definition:
        return indicator.definition
    measure, source = indicator.measure, indicator.source
    text = _MEASURE_WORDS[measure.type]
    if measure.field:
        text += f" de « {_field_label(source, measure.field)} »"
    if measure.condition and measure.type in ("share", "count"):
        text += f" où {condition_text(source, measure.condition)}"
    elif measure.condition:
        text += f" (enregistrements où {condition_text(source, measure.condition)})"
    if measure.numerator:
        text += (
            f" : {_field_label(source, measure.numerator)} ÷ "
            f"{_field_label(source, measure.denominator)}"
        )
    scope = kind_label(source).lower()
    if indicator.filter:
        scope += " (" + ", ".join(_filter_text(source, k, v) for k, v in indicator.filter.items())
        scope += ")"
    return f"{text[0].upper()}{text[1:]} ; enregistrements : {scope}."


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


def services_in_data(con: duckdb.DuckDBPyConnection, config: Config) -> list[str]:
    names = {s.name for s in config.organisation.services}
    for kind in SOURCE_KINDS.values():
        if "service" in kind.field_names:
            names |= {
                r[0]
                for r in con.execute(
                    f"SELECT DISTINCT service FROM {kind.name} WHERE service IS NOT NULL"
                ).fetchall()
            }
    declared = [s.name for s in config.organisation.services]
    return declared + sorted(names - set(declared))


def review_agenda(cards: pd.DataFrame) -> pd.DataFrame:
    """The month's indicators for the COPIL: off objective or worsening first. `trend` says
    whether the figure moved the right way since the comparison period."""
    if cards.empty:
        return cards.assign(trend=pd.Series(dtype=str), worsening=pd.Series(dtype=bool))
    change = cards["change"].astype(float)
    better = change.where(cards["direction"] == "higher", -change)
    trend = pd.Series("stable", index=cards.index)
    trend[better > 0] = "en amélioration"
    trend[better < 0] = "en dégradation"
    trend[change.isna()] = "pas de comparaison"
    trend[change.notna() & cards["compare_unreliable"]] += " (comparaison peu fiable)"
    value_text = cards["value_text"].where(
        ~cards["provisional"], cards["value_text"] + " (provisoire)"
    )
    agenda = cards.assign(trend=trend, worsening=better < 0, value_text=value_text)
    off = agenda["status"].isin([STATUS_ORDER[0], STATUS_ORDER[1]])
    agenda["agenda_rank"] = (~off).astype(int) * 2 + (~agenda["worsening"]).astype(int)
    return agenda.sort_values(["agenda_rank", "status_rank", "module", "indicator_id"]).reset_index(
        drop=True
    )


def import_history(batches: pd.DataFrame) -> pd.DataFrame:
    """The import history (`list_batches`) as the import page shows it, in French."""
    shown = batches.assign(
        source=batches["kind"].map(kind_label),
        date=batches["imported_at"].map(lambda d: d.strftime("%d/%m/%Y %H:%M")),
        période=[
            f"{date_fr(a)} – {date_fr(b)}" if a == a and a is not None else ""
            for a, b in zip(batches["period_from"], batches["period_to"], strict=True)
        ],
        **{"données au": batches["as_of"].map(date_fr)},
    )
    # The counts a person checks come right after the file; the periods, longer, after them.
    columns = {
        "batch_id": "N°",
        "date": "Date",
        "file_name": "Fichier",
        "source": "Source",
        "rows_read": "Lues",
        "rows_inserted": "Ajoutées",
        "rows_updated": "Mises à jour",
        "rows_unchanged": "Inchangées",
        "rows_replaced": "Remplacées",
        "rows_rejected": "Écartées",
        "warnings": "Avertissements",
        "données au": "Données au",
        "période": "Période",
        "status": "Statut",
        "imported_by": "Par",  # a person, or « dépôt automatique » for the drop folder
    }
    return shown[list(columns)].rename(columns=columns)
