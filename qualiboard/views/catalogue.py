"""Référentiel des indicateurs: each commitment, its indicator described in French words (measure,
filters, conditions), its objective and history, its owner and its latest value."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from qualiboard.domain.conditions import CONDITION_OPERATORS, parse_condition
from qualiboard.domain.config import Config, Indicator
from qualiboard.domain.fields import available_fields
from qualiboard.domain.labels import kind_label
from qualiboard.domain.periods import FREQUENCY_WORDS
from qualiboard.domain.text import short_number
from qualiboard.engine.indicators import compute_many
from qualiboard.present.export import french_csv_bytes, xlsx_bytes
from qualiboard.present.formatting import (
    month_label,
    objective_text,
    period_label,
    sense_sign,
    unit_column,
    value_with_unit,
)
from qualiboard.views.cards import vigilance_text


def referentiel(
    con: duckdb.DuckDBPyConnection, config: Config, month: dt.date | None, today: dt.date
) -> pd.DataFrame:
    """The indicator <-> objective table an auditor asks for (WSM-2), as read on the page (and in
    its CSV and the annual review's sheet): without the numbers kept for the workbook (their
    names start with « _ »)."""
    return _as_read(_referentiel_rows(con, config, month, today))


def _as_read(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.drop(columns=[c for c in rows.columns if c.startswith("_")])


def referentiel_tables(
    con: duckdb.DuckDBPyConnection, config: Config, month: dt.date | None, today: dt.date
) -> tuple[pd.DataFrame, pd.DataFrame, list[bool]]:
    """The référentiel as read (`referentiel`) and as the workbook holds it
    (`referentiel_sheet`), from one computation of the month's figures."""
    rows = _referentiel_rows(con, config, month, today)
    return _as_read(rows), *_as_sheet(rows, config)


@dataclass(frozen=True)
class ReferentielPage:
    """The référentiel of the chosen module (all of them for None), and its French CSV."""

    table: pd.DataFrame
    csv: bytes
    stem: str = "referentiel_indicateurs"


def referentiel_page(table: pd.DataFrame, module: int | None) -> ReferentielPage:
    """The page of `referentiel` (cached for every module), narrowed to the sidebar's module."""
    if module is not None:
        table = table[table["Module"] == module]
    return ReferentielPage(table, french_csv_bytes(table))


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
    return _as_sheet(rows, config)


def _as_sheet(rows: pd.DataFrame, config: Config) -> tuple[pd.DataFrame, list[bool]]:
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


def referentiel_workbook(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    month: dt.date | None,
    today: dt.date,
    module: int | None = None,
) -> bytes:
    """The référentiel as an Excel workbook, its percentages shown as such."""
    sheet, percent = referentiel_sheet(con, config, month, today, module)
    percent_rows = {"Référentiel": (["Objectif", "Dernière valeur"], percent)}
    return xlsx_bytes({"Référentiel": sheet}, percent_rows=percent_rows)


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
                "Fréquence": FREQUENCY_WORDS[indicator.frequency],
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
                "_sense": sense_sign(indicator),
                "_unit": unit_column(indicator),
                "_provisional": bool(last["provisional"]) if last is not None else False,
            }
        )
    return pd.DataFrame(rows)


def _field_label(source: str, name: str) -> str:
    info = available_fields(source).get(name)
    return (info.label if info else name).lower()


def _value_text(value: object) -> str:
    if isinstance(value, tuple):
        return " ou ".join(_value_text(v) for v in value)
    if isinstance(value, float):
        return short_number(value)
    return str(value)


def condition_text(source: str, condition: str | list[str]) -> str:
    """`delay_working_days <= 15` -> « délai de réponse (jours ouvrés) au plus 15 »."""
    parts = []
    for atom in parse_condition(condition):
        label = _field_label(source, atom.field)
        template = CONDITION_OPERATORS[atom.op].template
        parts.append(template.format(label=label, value=_value_text(atom.value)))
    return " et ".join(parts)


def _filter_text(source: str, name: str, spec: object) -> str:
    if isinstance(spec, list):
        return f"{_field_label(source, name)} : {' ou '.join(map(str, spec))}"
    if isinstance(spec, dict):
        bounds = [f"{op} {_value_text(v)}" for op, v in spec.items()]
        return f"{_field_label(source, name)} {' et '.join(bounds)}"
    return f"{_field_label(source, name)} : {_value_text(spec)}"


def describe(indicator: Indicator) -> str:
    """Plain-French definition: what is counted, in which records, with which period rule."""
    if indicator.definition:
        return indicator.definition
    measure, source = indicator.measure, indicator.source
    text = measure.spec.words
    if measure.field:
        text += f" de « {_field_label(source, measure.field)} »"
    if measure.condition and measure.spec.condition_selects:
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
