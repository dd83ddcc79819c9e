"""The filter language of indicators.yaml, parsed into a model at `check` time like conditions.

`filter: {channel: Courrier}` (equal), `{channel: [Courrier, Courriel]}` (one of),
`{channel: {contient: courr}}`, `{delay_days: {min: 1, max: 5}}`, `{status: {sauf: [annulé]}}`.
A typo must never turn into `true`: an unknown operator, an unknown field or a value of the wrong
type is refused with a French message and a « vouliez-vous dire » hint. FILTER_OPERATORS is the
one registry of operators; the header of indicators.yaml lists the same (a test keeps them equal).
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from qualiboard.domain.fields import FieldInfo
from qualiboard.domain.text import fold


@dataclass(frozen=True)
class FilterOperator:
    name: str  # canonical French name, as written in the YAML header
    aliases: tuple[str, ...]
    meaning: str  # French, for the YAML header and error messages
    field_types: tuple[str, ...]  # value types of the fields it applies to
    takes_list: bool  # one value or a list of values


FILTER_OPERATORS: tuple[FilterOperator, ...] = (
    FilterOperator(
        "min", ("minimum", "au moins"), "au moins cette valeur", ("number", "date"), False
    ),
    FilterOperator(
        "max", ("maximum", "au plus"), "au plus cette valeur", ("number", "date"), False
    ),
    FilterOperator("contient", ("contains",), "le texte contient ce mot", ("text",), True),
    FilterOperator(
        "sauf",
        ("except",),
        "toutes les valeurs sauf celles-ci",
        ("text", "number", "date", "bool"),
        True,
    ),
)


# Written without an operator word: `champ: valeur` (equal) and `champ: [v1, v2]` (one of).
IMPLICIT_OPERATORS = ("=", "in")


def operator_names() -> set[str]:
    """Every word accepted as an operator (canonical names and aliases)."""
    return {fold(n) for op in FILTER_OPERATORS for n in (op.name, *op.aliases)}


def _operator(word: str) -> FilterOperator | None:
    key = fold(word)
    for op in FILTER_OPERATORS:
        if key in {fold(n) for n in (op.name, *op.aliases)}:
            return op
    return None


class FilterError(ValueError):
    """A malformed filter; `path` is the location under `filter` (field, then operator)."""

    def __init__(self, path: tuple[str, ...], message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


@dataclass(frozen=True)
class FilterClause:
    """One field's filter: `op` is "=", "in", "min", "max", "contient" or "sauf"."""

    field: str
    op: str
    value: object


def _hint(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(fold(word), [fold(c) for c in choices], n=1, cutoff=0.6)
    if not close:
        return ""
    original = next(c for c in choices if fold(c) == close[0])
    return f" ; vouliez-vous dire « {original} » ?"


def suggest_field(name: str, fields: dict[str, FieldInfo]) -> str:
    """« vouliez-vous dire » for a field: by its name or its French label (« Canal »)."""
    for info in fields.values():
        if fold(info.label) == fold(name):
            return f" ; vouliez-vous dire « {info.name} » ({info.label}) ?"
    return _hint(name, list(fields))


_TYPE_WORDS = {
    "number": "un nombre",
    "date": "une date (AAAA-MM-JJ)",
    "text": "un texte",
    "bool": "oui ou non",
}


def _typed(value: object, value_type: str, path: tuple[str, ...], label: str) -> object:
    """The value converted to the field's type, or a French refusal."""
    wrong = FilterError(
        path,
        f"valeur « {value} » : {_TYPE_WORDS[value_type]} est attendu pour le champ « {label} »",
    )
    if value is None:
        raise FilterError(path, f"valeur manquante pour le champ « {label} »")
    if isinstance(value, (list, dict)):
        raise wrong
    if value_type == "number":
        if isinstance(value, bool):
            raise wrong
        if isinstance(value, (int, float)):
            return float(value)
        try:
            return float(str(value).replace(",", ".").strip())
        except ValueError:
            raise wrong from None
    if value_type == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise wrong
    if value_type == "bool":
        if isinstance(value, bool):
            return value
        key = fold(str(value))
        if key in ("oui", "vrai", "true", "yes"):
            return True
        if key in ("non", "faux", "false", "no"):
            return False
        raise wrong
    if isinstance(value, bool):
        raise wrong
    if isinstance(value, (int, float)):
        return str(value) if value_type == "text" else value
    return str(value)


def _values(value: object, info: FieldInfo, path: tuple[str, ...]) -> tuple[object, ...]:
    items = value if isinstance(value, list) else [value]
    if not items:
        raise FilterError(path, "liste vide : indiquez au moins une valeur")
    return tuple(_typed(v, info.value_type, path, info.name) for v in items)


def parse_filter(name: str, spec: object, fields: dict[str, FieldInfo]) -> list[FilterClause]:
    """One `filter` entry of an indicator as clauses (all must hold), or FilterError."""
    info = fields.get(name)
    if info is None:
        raise FilterError(
            (name,),
            f"le champ « {name} » n'existe pas dans cette source{suggest_field(name, fields)}",
        )
    if isinstance(spec, list):
        return [FilterClause(name, "in", _values(spec, info, (name,)))]
    if not isinstance(spec, dict):
        return [FilterClause(name, "=", _typed(spec, info.value_type, (name,), name))]
    if not spec:
        raise FilterError(
            (name,),
            "rubrique vide : indiquez un opérateur ("
            + ", ".join(o.name for o in FILTER_OPERATORS)
            + ")",
        )
    clauses = []
    for word, value in spec.items():
        path = (name, str(word))
        op = _operator(str(word))
        if op is None:
            names = [n for o in FILTER_OPERATORS for n in (o.name, *o.aliases)]
            raise FilterError(
                path,
                f"opérateur inconnu « {word} »{_hint(str(word), names)} ; opérateurs possibles : "
                + ", ".join(o.name for o in FILTER_OPERATORS),
            )
        if info.value_type not in op.field_types:
            raise FilterError(
                path,
                f"l'opérateur « {op.name} » ({op.meaning}) ne s'applique pas au champ « {name} » "
                f"({_TYPE_WORDS[info.value_type]})",
            )
        if not op.takes_list and isinstance(value, list):
            raise FilterError(path, f"l'opérateur « {op.name} » attend une seule valeur")
        values = _values(value, info, path)
        clauses.append(FilterClause(name, op.name, values if op.takes_list else values[0]))
    bounds = {c.op: c.value for c in clauses if c.op in ("min", "max")}
    if len(bounds) == 2 and bounds["min"] > bounds["max"]:
        raise FilterError(
            (name,), f"« min » ({bounds['min']}) est plus grand que « max » ({bounds['max']})"
        )
    return clauses


def header_lines() -> list[str]:
    """The operator lines of the indicators.yaml header, generated from the registry."""
    lines = []
    for op in FILTER_OPERATORS:
        names = " / ".join((op.name, *[a for a in op.aliases if " " not in a]))
        lines.append(f"{names} : {op.meaning}")
    return lines
