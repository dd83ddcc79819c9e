"""The measure types of indicators.yaml, one registry entry each.

Everything the code knows about a type lives here: the YAML fields it needs, the SQL aggregates
the engine asks DuckDB for, the formula that turns them into the figure, its French words, how
its figures are shown and whether they get a confidence interval. Code elsewhere reads these
attributes instead of testing type names, so adding a type is one entry (tests check that every
type the catalogue, the config model and the YAML header mention is registered).

States as the engine computes them for each record: 1 meets the condition, 0 misses it (late
included), 2 pending, NULL cannot be judged. Aggregate templates use `{state}` (that column) and
`{k}` (the indicator's position in a batch); the per-record inputs are `x_{k}` (the `field`),
`num_{k}` / `den_{k}` (ratio) and `neg_{k}` (the negative state of a net measure).

Below the registry, what the catalogue's indicators need of a typed-in measurement
(`measurement_readers`): the import and the data-quality page say which rows count for nothing.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from qualiboard.domain.conditions import parse_condition
from qualiboard.domain.text import fold

if TYPE_CHECKING:
    from qualiboard.domain.config import Indicator

# How the record behind a figure is judged (qualiboard.engine.verdicts reads it).
VerdictKind = Literal["share", "count", "net", "value"]
# How a change splits into contributions by service or channel (engine.decomposition): a
# weighted figure by rate and mix effects, an additive one by plain differences; a median or a
# 90th percentile does not split.
Decomposition = Literal["weighted", "additive"]


@dataclass(frozen=True)
class Sums:
    """The aggregates of one batch row set, as float arrays aligned on the rows."""

    numerator: np.ndarray
    denominator: np.ndarray
    pending: np.ndarray
    negatives: np.ndarray
    raw_value: np.ndarray
    percent: np.ndarray  # bool: the indicator's unit is « % »


def _share(s: Sums) -> np.ndarray:
    return np.where(s.denominator > 0, 100 * s.numerator / s.denominator, np.nan)


def _count(s: Sums) -> np.ndarray:
    # Zero is a real figure once records exist, even if all of them are pending.
    known = (s.denominator > 0) | (s.pending > 0)
    return np.where(known, np.nan_to_num(s.numerator), np.nan)


def _net(s: Sums) -> np.ndarray:
    has = s.denominator > 0
    return np.where(has, 100 * (s.numerator - s.negatives) / s.denominator, np.nan)


def _ratio(s: Sums) -> np.ndarray:
    scale = np.where(s.percent, 100, 1)
    return np.where(s.denominator > 0, scale * s.numerator / s.denominator, np.nan)


def _raw(s: Sums) -> np.ndarray:
    return np.where(s.denominator > 0, s.raw_value, np.nan)


_RECORDS = (
    "count(*) FILTER (WHERE {state} = 1) AS numerator_{k}",
    "count(*) FILTER (WHERE {state} <= 1) AS denominator_{k}",
)


def _of_field(function: str) -> tuple[str, ...]:
    return (
        f"{function} FILTER (WHERE {{state}} = 1) AS raw_value_{{k}}",
        "count(x_{k}) FILTER (WHERE {state} = 1) AS denominator_{k}",
    )


# How `steering.year_end` projects the year end of a measure: the records still to come judged
# like those seen (a ratio only when it is a percentage: calls answered of calls received), the
# pace of the months seen (additive measures), or the average the rest of the year needs.
YEAR_END_RECORDS = "records"
YEAR_END_RECORDS_IF_PERCENT = "records when a percentage"
YEAR_END_PACE = "pace"
YEAR_END_AVERAGE = "average"


@dataclass(frozen=True)
class MeasureSpec:
    name: str
    needs: tuple[str, ...]  # fields of the YAML `measure` block that must be given
    words: str  # French, for the référentiel (« part des enregistrements… »)
    aggregates: tuple[str, ...]  # SQL templates, see the module docstring
    finish: Callable[[Sums], np.ndarray]  # aggregates -> the figure
    verdict: VerdictKind
    decomposition: Decomposition | None
    additive: bool = False  # adds up over time: its objective depends on the period's length
    whole_number: bool = False  # shown without decimals (unless its unit is « % »)
    confidence_interval: bool = False  # Wilson interval when the figure is a percentage
    fraction: bool = False  # the figure is n out of N, read « 46 sur 50 »
    condition_selects: bool = False  # its condition picks the records counted (« où … »)
    year_end: str | None = None  # YEAR_END_*; None: no projection, only the figure so far

    def year_end_projection(self, is_percent: bool) -> str | None:
        """How the year end of an indicator of this measure is projected (YEAR_END_*)."""
        if self.year_end == YEAR_END_RECORDS_IF_PERCENT:
            return YEAR_END_RECORDS if is_percent else None
        return self.year_end

    def needed_fields(self) -> tuple[str, ...]:
        """The needs that name a field of the source (the others are conditions)."""
        return tuple(n for n in self.needs if n in ("field", "numerator", "denominator"))


MEASURES: dict[str, MeasureSpec] = {
    spec.name: spec
    for spec in (
        MeasureSpec(
            "count",
            (),
            "nombre d'enregistrements",
            _RECORDS,
            _count,
            "count",
            "additive",
            additive=True,
            whole_number=True,
            condition_selects=True,
            year_end=YEAR_END_PACE,
        ),
        MeasureSpec(
            "share",
            ("condition",),
            "part des enregistrements",
            _RECORDS,
            _share,
            "share",
            "weighted",
            confidence_interval=True,
            fraction=True,
            condition_selects=True,
            year_end=YEAR_END_RECORDS,
        ),
        MeasureSpec(
            "mean",
            ("field",),
            "moyenne",
            _of_field("avg(x_{k})"),
            _raw,
            "value",
            "weighted",
            year_end=YEAR_END_AVERAGE,
        ),
        MeasureSpec(
            "median",
            ("field",),
            "médiane",
            _of_field("quantile_cont(x_{k}, 0.5)"),
            _raw,
            "value",
            None,
        ),
        MeasureSpec(
            "p90",
            ("field",),
            "valeur sous laquelle se trouvent 90 % des enregistrements",
            _of_field("quantile_cont(x_{k}, 0.9)"),
            _raw,
            "value",
            None,
        ),
        MeasureSpec(
            "sum",
            ("field",),
            "somme",
            _of_field("sum(x_{k})"),
            _raw,
            "value",
            "additive",
            additive=True,
            year_end=YEAR_END_PACE,
        ),
        MeasureSpec(
            "ratio",
            ("numerator", "denominator"),
            "rapport de deux sommes",
            (
                "sum(num_{k}) FILTER (WHERE {state} = 1) AS numerator_{k}",
                "sum(den_{k}) FILTER (WHERE {state} = 1) AS denominator_{k}",
            ),
            _ratio,
            "value",
            "weighted",
            confidence_interval=True,
            fraction=True,
            year_end=YEAR_END_RECORDS_IF_PERCENT,
        ),
        MeasureSpec(
            "net",
            ("condition", "negative_condition"),
            "part des satisfaits moins part des insatisfaits",
            (
                "count(*) FILTER (WHERE {state} = 1) AS numerator_{k}",
                "count(*) FILTER (WHERE {state} <= 1 AND neg_{k} = 1) AS negatives_{k}",
                "count(*) FILTER (WHERE {state} <= 1) AS denominator_{k}",
            ),
            _net,
            "net",
            "weighted",
        ),
    )
}

MEASURE_NAMES: tuple[str, ...] = tuple(MEASURES)
ADDITIVE_MEASURES: tuple[str, ...] = tuple(n for n, s in MEASURES.items() if s.additive)


def measure_spec(name: str) -> MeasureSpec:
    """The registry entry of a measure type; a French error for a type nobody registered."""
    try:
        return MEASURES[name]
    except KeyError:
        raise ValueError(f"type de mesure inconnu : {name}") from None


# ------------------------------------------------------- what indicators read from measurements
#
# A row of typed-in measurements gives a value, or a numerator and a denominator. An indicator
# reads the rows of its code (`filter: {indicator: …}`) and needs some of those figures: a ratio
# adds numerators and denominators, so a value alone (« 99,95 % ») cannot enter it — turning it
# into « 99,95 out of 100 » would weigh every row alike and guess its scale. Such a row is kept,
# the import warns (ingest.plausible) and the data-quality page lists it (engine.untracked); the
# figure stays the one the complete rows give. Only the `indicator` filter and the measure are
# read: an indicator filtering on more (a service) is taken as able to read the row, so a check
# may miss a row that counts nowhere, never call « uncounted » a row that counts.

# The figures a measurement row may give, and their French names (the kind's labels, lowered).
FIGURES: dict[str, str] = {
    "value": "la valeur",
    "numerator": "le numérateur",
    "denominator": "le dénominateur",
}
PAIR = ("numerator", "denominator")
# Condition operators that cannot judge an empty figure (the record is then left out).
_JUDGING = {"<=", "<", ">=", ">", "=", "!=", "in", "notin"}


@dataclass(frozen=True)
class MeasurementReader:
    indicator: str  # the indicator's id
    label: str
    codes: frozenset[str] | None  # folded codes its filter names; None: it may read any code
    needs: tuple[str, ...]  # figures (keys of FIGURES) a row must give to count for it

    def reads(self, code: object) -> bool:
        return self.codes is None or fold(code) in self.codes

    @property
    def adds_pairs(self) -> bool:
        """It adds numerators and denominators: half a pair would skew its ratio."""
        return all(f in self.needs for f in PAIR)


def _codes(spec: object) -> frozenset[str] | None:
    if spec is None or isinstance(spec, dict):  # no filter, or an operator: any code may match
        return None
    values = spec if isinstance(spec, list) else [spec]
    return frozenset(fold(v) for v in values)


def measurement_readers(indicators: Iterable[Indicator]) -> tuple[MeasurementReader, ...]:
    """The indicators of the catalogue that read typed-in measurements, with what they need."""
    readers = []
    for indicator in indicators:
        if indicator.source != "measurements":
            continue
        measure = indicator.measure
        needs = {measure.field, measure.numerator, measure.denominator}
        for condition in (measure.condition, measure.negative_condition):
            if condition is not None:
                atoms = parse_condition(condition)
                needs |= {a.field for a in atoms if a.op in _JUDGING}
        readers.append(
            MeasurementReader(
                indicator.id,
                indicator.label,
                _codes(indicator.filter.get("indicator")),
                tuple(f for f in FIGURES if f in needs),
            )
        )
    return tuple(readers)


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " et " + words[-1]


def half_pair(
    code: object, given: frozenset[str], readers: Iterable[MeasurementReader]
) -> str | None:
    """Why a row giving one figure of a pair is refused (a ratio reading its code would add one
    sum without the other), or None."""
    if len(given & set(PAIR)) != 1:
        return None
    ratio = [r for r in readers if r.reads(code) and r.adds_pairs]
    if not ratio:
        return None
    has, lacks = ("numerator", "denominator") if "numerator" in given else PAIR[::-1]
    return (
        f"{FIGURES[has]} sans {FIGURES[lacks]} : l'indicateur « {ratio[0].indicator} » "
        "additionne les deux, la ligne ne peut pas y entrer à moitié"
    )


def _closest(code: object, readers: Iterable[MeasurementReader]) -> str | None:
    """The indicator whose code or label is closest to a code no indicator reads (a label typed
    instead of the code, a misspelt code), if one is close."""
    by_name: dict[str, str] = {}
    for reader in readers:
        for name in (reader.indicator, reader.label):
            by_name.setdefault(fold(name), reader.indicator)
    close = difflib.get_close_matches(fold(code), list(by_name), n=1, cutoff=0.75)
    return by_name[close[0]] if close else None


def uncounted(
    code: object, given: frozenset[str], readers: tuple[MeasurementReader, ...]
) -> str | None:
    """Why no indicator counts a row of `code` giving the figures `given`, in French; None when
    one does, or when the catalogue has no indicator of measurements at all to judge by."""
    if not readers:
        return None
    mine = [r for r in readers if r.reads(code)]
    if not mine:
        close = _closest(code, readers)
        hint = f" ; vouliez-vous dire « {close} » ?" if close else ""
        return (
            "aucun indicateur du référentiel ne lit ce code : ligne importée mais comptée dans "
            f"aucun indicateur{hint}"
        )
    return missing_figures(code, given, mine, "ligne importée mais comptée dans aucun indicateur")


def missing_figures(
    code: object, given: frozenset[str], readers: Iterable[MeasurementReader], lead: str = ""
) -> str | None:
    """« [lead : ]« proprete_locaux » se calcule avec le numérateur et le dénominateur, absents de
    la saisie (…) » when no reader of `code` finds its figures in `given`; None when one does,
    or when no reader reads `code` at all (see `uncounted`)."""
    mine = [r for r in readers if r.reads(code)]
    if not mine or any(set(r.needs) <= given for r in mine):
        return None
    reasons = []
    for reader in mine:
        lacks = [f for f in reader.needs if f not in given]
        absent = "absents" if len(lacks) > 1 else "absente" if lacks == ["value"] else "absent"
        words = _and([FIGURES[f] for f in lacks])
        reasons.append(f"« {reader.indicator} » se calcule avec {words}, {absent} de la saisie")
    why = " ; ".join(reasons)
    if given == {"value"} and any(r.adds_pairs for r in mine):
        why += " (une valeur seule n'entre pas dans un rapport de deux sommes)"
    return f"{lead} : {why}" if lead else why
