"""The small condition language of indicators.yaml: `delay_working_days <= 15`,
`status in [traité, clôturé]`, `is_satisfied`. Parsed into atoms; values are always bound as SQL
parameters, never pasted into the query."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ATOM = re.compile(
    r"^\s*(?P<field>[a-z_][a-z0-9_]*)\s*"
    r"(?:(?P<op><=|>=|!=|<>|==|=|<|>)\s*(?P<value>.+?)"
    r"|\s(?P<inop>in|dans|not in|hors de)\s*\[(?P<list>.*)\])?\s*$",
    re.IGNORECASE,
)


class ConditionError(ValueError):
    pass


@dataclass(frozen=True)
class ConditionOperator:
    name: str  # as held by Atom.op
    template: str  # French, for the référentiel: {label} the field's label, {value} the value


# Every operator an Atom can hold: the parser produces only these, the SQL compiler
# (engine.expressions.CONDITION_SQL) and the référentiel read them (a test keeps them equal).
CONDITION_OPERATORS: dict[str, ConditionOperator] = {
    op.name: op
    for op in (
        ConditionOperator("<=", "{label} au plus {value}"),
        ConditionOperator("<", "{label} moins de {value}"),
        ConditionOperator(">=", "{label} au moins {value}"),
        ConditionOperator(">", "{label} plus de {value}"),
        ConditionOperator("=", "{label} : {value}"),
        ConditionOperator("!=", "{label} différent de {value}"),
        ConditionOperator("in", "{label} : {value}"),
        ConditionOperator("notin", "{label} hors de {value}"),
        ConditionOperator("istrue", "la réponse est « {label} »"),
        ConditionOperator("isnull", "le champ « {label} » est vide"),
        ConditionOperator("notnull", "le champ « {label} » est renseigné"),
    )
}


@dataclass(frozen=True)
class Atom:
    field: str
    op: str  # a key of CONDITION_OPERATORS
    value: object = None


def _parse_value(text: str) -> object:
    text = text.strip().strip("'\"")
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return text


_EMPTY = re.compile(
    r"^\s*(?P<field>[a-z_][a-z0-9_]*)\s+(?P<word>est vide|is empty|est renseigne|est renseigné|"
    r"is set)\s*$",
    re.IGNORECASE,
)


def parse_condition(condition: str | list[str]) -> list[Atom]:
    """Parse one condition or a list of conditions that must all hold."""
    parts = condition if isinstance(condition, list) else [condition]
    atoms: list[Atom] = []
    for part in parts:
        for piece in re.split(r"\s+(?:et|and)\s+", str(part), flags=re.IGNORECASE):
            empty = _EMPTY.match(piece)
            if empty:
                is_empty = empty["word"].lower() in ("est vide", "is empty")
                atoms.append(Atom(empty["field"], "isnull" if is_empty else "notnull"))
                continue
            match = _ATOM.match(piece)
            if not match:
                raise ConditionError(
                    f"condition illisible : « {piece} » (exemple attendu : delay_working_days <= 15)"
                )
            field = match["field"]
            if match["op"]:
                op = {"==": "=", "<>": "!="}.get(match["op"], match["op"])
                atoms.append(Atom(field, op, _parse_value(match["value"])))
            elif match["inop"]:
                values = [_parse_value(v) for v in match["list"].split(",") if v.strip()]
                negated = match["inop"].lower() in ("not in", "hors de")
                atoms.append(Atom(field, "notin" if negated else "in", tuple(values)))
            else:
                atoms.append(Atom(field, "istrue"))
    return atoms
