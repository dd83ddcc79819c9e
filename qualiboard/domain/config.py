"""Load and validate indicators.yaml.

Every mistake is reported in French with the indicator id and the YAML line, because the person
editing this file is a quality officer, not a developer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, ValidationError

from qualiboard.domain.calendar import TERRITORIES
from qualiboard.domain.conditions import ConditionError, parse_condition
from qualiboard.domain.measures import (
    ADDITIVE_MEASURES,
    MeasurementReader,
    MeasureSpec,
    measure_spec,
    measurement_readers,
)
from qualiboard.domain.periods import parse_month
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.text import fold

DEFAULT_CONFIG_PATH = Path("indicators.yaml")

MeasureType = Literal["count", "share", "mean", "median", "p90", "sum", "ratio", "net"]
Frequency = Literal["monthly", "quarterly", "yearly"]
NO_OBJECTIVE_WORDS = {"aucun", "aucune", "none", "sans", "sans objectif", ""}


class ConfigError(Exception):
    """indicators.yaml is wrong; `messages` are French, one per problem."""

    def __init__(self, messages: list[str], path: Path | None = None) -> None:
        self.messages = messages
        self.path = path
        where = f"{path} : " if path else ""
        super().__init__(where + "\n".join(messages))


def _month(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date().replace(day=1)
    if isinstance(value, dt.date):
        return value.replace(day=1)
    return parse_month(str(value))


Month = Annotated[dt.date, BeforeValidator(_month)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ObjectiveChange(Strict):
    from_: Month = Field(alias="from")
    value: float


def _changes(value: Any) -> Any:
    if isinstance(value, (int, float)):
        return [{"from": "1900-01", "value": value}]
    return value


# What an objective applies to, in months: « 30 réponses par mois » is not « 30 par an ».
PER_MONTHS = {"mois": 1, "trimestre": 3, "année": 12}
_PER_WORDS = {
    "mois": "mois",
    "mensuel": "mois",
    "month": "mois",
    "monthly": "mois",
    "trimestre": "trimestre",
    "trimestriel": "trimestre",
    "quarter": "trimestre",
    "quarterly": "trimestre",
    "annee": "année",
    "an": "année",
    "annuel": "année",
    "year": "année",
    "yearly": "année",
}


def _per(value: Any) -> Any:
    if value is None:
        return None
    word = _PER_WORDS.get(fold(str(value)))
    if word is None:
        raise ValueError(
            f"période « {value} » inconnue ; valeurs possibles : mois, trimestre, année"
        )
    return word


class Objective(Strict):
    value: float | None = None
    vigilance: float = 0.0
    changes: list[ObjectiveChange] = []
    services: dict[str, Annotated[list[ObjectiveChange], BeforeValidator(_changes)]] = {}
    # For a count or a sum: the period the value applies to, and optionally the yearly objective
    # when it is not simply the value times the months.
    per: Annotated[str | None, BeforeValidator(_per)] = None
    yearly: float | None = Field(None, alias="annuel")

    @property
    def per_months(self) -> int | None:
        return PER_MONTHS[self.per] if self.per else None

    def has_own_target(self, service: str) -> bool:
        return any(fold(name) == fold(service) for name in self.services)

    def target_for(self, period: dt.date, service: str | None = None) -> float | None:
        """The objective in force for the month starting `period`, for `service` if it has its own."""
        if service is not None:
            for name, changes in self.services.items():
                if fold(name) == fold(service):
                    return _value_at(changes, period, None)
        return _value_at(self.changes, period, self.value)


def _value_at(changes: list[ObjectiveChange], period: dt.date, base: float | None) -> float | None:
    value = base
    for change in sorted(changes, key=lambda c: c.from_):
        if change.from_ <= period:
            value = change.value
    return value


def _objective(value: Any) -> Any:
    if value is None or (isinstance(value, str) and fold(value) in NO_OBJECTIVE_WORDS):
        return None
    if isinstance(value, (int, float)):
        return {"value": value}
    if isinstance(value, list):
        return {"changes": value}
    return value


class Measure(Strict):
    type: MeasureType
    condition: str | list[str] | None = None
    negative_condition: str | list[str] | None = None
    field: str | None = None
    numerator: str | None = None
    denominator: str | None = None

    @property
    def spec(self) -> MeasureSpec:
        """What the code knows about this measure's type (domain.measures)."""
        return measure_spec(self.type)


class Indicator(Strict):
    id: str
    label: str
    module: int
    engagement: str | None = None
    definition: str | None = None
    owner: str | None = None
    source: str
    filter: dict[str, Any] = {}
    measure: Measure
    unit: str = "%"
    direction: Literal["higher", "lower"] = "higher"
    frequency: Frequency = "monthly"
    period_field: str | None = None
    breakdown: list[str] = []
    min_sample: int = 0
    objective: Annotated[Objective | None, BeforeValidator(_objective)]

    @property
    def is_percent(self) -> bool:
        return self.unit.strip() == "%"


class ServiceDef(Strict):
    name: str
    aliases: list[str] = []


class Organisation(Strict):
    name: str
    territory: str = "metropole"
    services: list[ServiceDef] = []
    satisfied_threshold: dict[int, float] = {4: 3, 5: 4, 10: 8}
    dissatisfied_threshold: dict[int, float] = {4: 2, 5: 2, 10: 5}
    # Drop folder watched by the running dashboard (issue 15); default: data/depot beside the base.
    depot: str | None = None
    # What the catalogue's indicators read from typed-in measurements, set by the catalogue that
    # holds this organisation: the import, which is handed the organisation, warns about a
    # measurement no indicator can count. None outside a catalogue: nothing to judge by.
    _measurement_readers: tuple[MeasurementReader, ...] | None = PrivateAttr(default=None)

    @property
    def measurement_readers(self) -> tuple[MeasurementReader, ...] | None:
        return self._measurement_readers

    def canonical_service(self, raw: str) -> str | None:
        key = fold(raw)
        for service in self.services:
            if key == fold(service.name) or key in {fold(a) for a in service.aliases}:
                return service.name
        return None


class Config(Strict):
    organisation: Organisation
    indicators: list[Indicator]

    def model_post_init(self, context: Any, /) -> None:
        try:
            readers = measurement_readers(self.indicators)
        except ConditionError:  # a malformed condition: `check` names it (_semantic_errors)
            readers = None
        self.organisation._measurement_readers = readers

    def indicator(self, indicator_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.id == indicator_id:
                return indicator
        raise KeyError(indicator_id)

    @property
    def modules(self) -> list[int]:
        return sorted({i.module for i in self.indicators})


# ---------------------------------------------------------------- loading with line numbers


def _line_index(node: yaml.Node, path: tuple = (), out: dict | None = None) -> dict[tuple, int]:
    """Map each YAML path (keys and list positions) to its 1-based line."""
    out = {} if out is None else out
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[path + (key,)] = key_node.start_mark.line + 1
            _line_index(value_node, path + (key,), out)
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            _line_index(item, path + (position,), out)
    return out


def _line_of(lines: dict[tuple, int], loc: tuple) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


_PYDANTIC_FR = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ inconnu (faute de frappe ?)",
    "literal_error": "valeur non autorisée",
    "int_parsing": "nombre entier attendu",
    "int_from_float": "nombre entier attendu",
    "float_parsing": "nombre attendu",
    "string_type": "texte attendu",
    "list_type": "liste attendue",
    "dict_type": "rubrique (clé: valeur) attendue",
    "model_type": "rubrique (clé: valeur) attendue",
    "bool_parsing": "oui/non attendu",
}


def _known_keys() -> set[str]:
    keys: set[str] = set()
    for model in (Config, Organisation, ServiceDef, Indicator, Measure, Objective, ObjectiveChange):
        keys |= {f.alias or name for name, f in model.model_fields.items()}
    return keys


def _french(error: dict) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        import difflib

        typed = str(error["loc"][-1])
        close = difflib.get_close_matches(typed, sorted(_known_keys()), n=1, cutoff=0.7)
        hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
        return f"champ inconnu (faute de frappe ?){hint}"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"valeur « {error.get('input')} » non autorisée ; valeurs possibles : {expected}"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if kind in _PYDANTIC_FR:
        return _PYDANTIC_FR[kind]
    return error["msg"]


def _where(raw: dict, loc: tuple, lines: dict[tuple, int]) -> str:
    parts = []
    if len(loc) >= 2 and loc[0] == "indicators" and isinstance(loc[1], int):
        try:
            parts.append(f"indicateur « {raw['indicators'][loc[1]]['id']} »")
        except (KeyError, IndexError, TypeError):
            parts.append(f"indicateur n° {loc[1] + 1}")
        field_path = [str(p) for p in loc[2:] if not isinstance(p, int)]
    else:
        field_path = [str(p) for p in loc if not isinstance(p, int)]
    if field_path:
        parts.append(f"champ « {'.'.join(field_path)} »")
    line = _line_of(lines, loc)
    if line:
        parts.insert(0, f"ligne {line}")
    return ", ".join(parts)


def _clean_loc(loc: tuple) -> tuple:
    # pydantic inserts union branch names ("Objective", "function-before[...]") into locations.
    return tuple(p for p in loc if isinstance(p, int) or not (p[:1].isupper() or "[" in p))


def _semantic_errors(config: Config, lines: dict[tuple, int], raw: dict) -> list[str]:
    from qualiboard.domain.fields import available_fields  # late import: fields needs sources only
    from qualiboard.domain.filters import FilterError, parse_filter

    errors: list[str] = []
    if config.organisation.territory not in TERRITORIES:
        line = _line_of(lines, ("organisation", "territory"))
        errors.append(
            f"ligne {line}, champ « organisation.territory » : territoire inconnu "
            f"« {config.organisation.territory} » ; valeurs possibles : {', '.join(TERRITORIES)}"
        )
    seen: set[str] = set()
    for position, indicator in enumerate(config.indicators):

        def err(path: tuple, text: str, _pos: int = position) -> None:
            errors.append(f"{_where(raw, ('indicators', _pos) + path, lines)} : {text}")

        if indicator.id in seen:
            err(("id",), "identifiant en double")
        seen.add(indicator.id)
        if indicator.source not in SOURCE_KINDS:
            err(
                ("source",),
                f"source inconnue « {indicator.source} » ; sources possibles : "
                + ", ".join(SOURCE_KINDS),
            )
            continue
        fields = available_fields(indicator.source)
        for name, spec in indicator.filter.items():
            try:
                parse_filter(name, spec, fields)
            except FilterError as exc:
                err(("filter", *exc.path), exc.message)
        if indicator.period_field and fields.get(indicator.period_field, None) is None:
            err(("period_field",), f"le champ « {indicator.period_field} » n'existe pas")
        elif indicator.period_field and fields[indicator.period_field].value_type != "date":
            err(("period_field",), f"le champ « {indicator.period_field} » n'est pas une date")
        for name in indicator.breakdown:
            if name not in fields:
                err(("breakdown",), f"le champ « {name} » n'existe pas dans cette source")
        measure = indicator.measure
        for attr in ("condition", "negative_condition"):
            condition = getattr(measure, attr)
            if condition is None:
                continue
            try:
                for atom in parse_condition(condition):
                    if atom.field not in fields:
                        err(
                            ("measure", attr),
                            f"le champ « {atom.field} » n'existe pas dans cette source ; "
                            f"champs possibles : {', '.join(sorted(fields))}",
                        )
            except ConditionError as exc:
                err(("measure", attr), str(exc))
        objective = indicator.objective
        if (
            measure.type in ADDITIVE_MEASURES
            and objective is not None
            and objective.per is None
            and (objective.value is not None or objective.changes or objective.services)
        ):
            err(
                ("objective",),
                f"objectif ambigu : un {'nombre' if measure.type == 'count' else 'total'} "
                "dépend de la durée de la période ; précisez à quoi il s'applique avec "
                "« per: mois », « per: trimestre » ou « per: année » (l'objectif annuel vaut "
                "alors la valeur × le nombre de mois, ou déclarez-le avec « annuel: … »)",
            )
        spec = measure_spec(measure.type)
        for attr in spec.needs:
            value = getattr(measure, attr)
            if value is None:
                err(("measure",), f"la mesure « {measure.type} » demande « {attr} »")
            elif attr in spec.needed_fields() and value not in fields:
                err(("measure", attr), f"le champ « {value} » n'existe pas dans cette source")
    return errors


# Catalogues already read, by their text: every page run and the drop-folder watcher ask for it,
# and parsing and validating it costs a tenth of a second (reading the file costs nothing).
_LOADED: dict[str, Config] = {}


def load_config(path: str | Path = DEFAULT_CONFIG_PATH) -> Config:
    """Read and validate the catalogue; raise ConfigError with French messages. The result is
    shared while the file's text stays the same: treat it as read-only."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError([f"fichier introuvable : {path}"], path) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(["le fichier doit être enregistré en UTF-8"], path) from exc
    known = _LOADED.get(text)
    if known is None:
        known = parse_config(text, path)
        if len(_LOADED) >= 8:
            _LOADED.clear()
        _LOADED[text] = known
    return known


# libyaml's safe loader when PyYAML was built with it (ten times faster), else the pure one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _bad_timestamp_line(text: str) -> int | None:
    """Line of the first date-looking value PyYAML cannot turn into a date."""
    loader = _LOADER(text)
    try:
        stack = [loader.get_single_node()]
        while stack:
            node = stack.pop(0)
            if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":timestamp"):
                try:
                    loader.construct_yaml_timestamp(node)
                except ValueError:
                    return node.start_mark.line + 1
            elif isinstance(node, yaml.MappingNode):
                stack.extend(n for pair in node.value for n in pair)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
    finally:
        loader.dispose()
    return None


def parse_config(text: str, path: Path | None = None) -> Config:
    try:
        node = yaml.compose(text, Loader=_LOADER)
        raw = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except ValueError as exc:  # an impossible date (2026-13-01) breaks PyYAML itself
        line = _bad_timestamp_line(text)
        where = f"ligne {line} : " if line else ""
        raise ConfigError(
            [f"{where}date impossible ({exc}) ; format attendu AAAA-MM-JJ"], path
        ) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"ligne {mark.line + 1} : " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(
            [
                f"{line}syntaxe YAML invalide ({problem}) ; vérifiez l'indentation et les deux-points"
            ],
            path,
        ) from exc
    if not isinstance(raw, dict) or node is None:
        raise ConfigError(
            ["le fichier doit contenir les rubriques organisation et indicators"], path
        )
    lines = _line_index(node)
    try:
        config = Config.model_validate(raw)
    except ValidationError as exc:
        messages = []
        for error in exc.errors():
            loc = _clean_loc(tuple(error["loc"]))
            messages.append(f"{_where(raw, loc, lines)} : {_french(error)}")
        raise ConfigError(list(dict.fromkeys(messages)), path) from exc
    errors = _semantic_errors(config, lines, raw)
    if errors:
        raise ConfigError(errors, path)
    return config
