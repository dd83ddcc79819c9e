"""SQL expressions of one indicator over one record `t`: field values (delays in days and in
working days, satisfaction), the small condition language, the filter operators, and the state
of each record against the measure's condition. Values are always bound as parameters."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from qualiboard.domain.conditions import Atom, parse_condition
from qualiboard.domain.config import Config, Indicator
from qualiboard.domain.fields import FieldInfo, available_fields
from qualiboard.domain.filters import FilterClause, parse_filter
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.statuses import STATUS_TREATED
from qualiboard.domain.text import fold


@dataclass
class Query:
    """Accumulates SQL fragments and their named parameters."""

    params: dict[str, object] = field(default_factory=dict)
    joins: dict[str, str] = field(default_factory=dict)

    def param(self, value: object) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"${name}"

    def calendar(self, column: str) -> str:
        alias = f"wd_{column}"
        self.joins[alias] = f"LEFT JOIN working_calendar {alias} ON {alias}.day = t.{column}"
        return f"{alias}.wd_index"

    def as_of(self) -> tuple[str, str]:
        """The day each record is judged at, and its working-day index: the « données au »
        date of the import that last reported it, capped by `today` (a past review replayed);
        a record typed in the application has no import and is judged at `today`."""
        self.joins["asof"] = (
            "LEFT JOIN (SELECT batch_id, least(coalesce(as_of, $today::DATE), $today::DATE) "
            "AS day FROM import_batches) as_of_day ON as_of_day.batch_id = t.batch_id"
        )
        day = "coalesce(as_of_day.day, $today::DATE)"
        self.joins["wd_asof"] = f"LEFT JOIN working_calendar wd_asof ON wd_asof.day = {day}"
        return day, "wd_asof.wd_index"

    def used(self, sql: str) -> dict[str, object]:
        """The parameters `sql` refers to (DuckDB refuses unused named parameters)."""
        names = set(re.findall(r"\$([a-z_0-9]+)", sql))
        return {k: v for k, v in self.params.items() if k in names}


def sql_fold(expr: str) -> str:
    """SQL twin of text.fold: accent-free, lower-case, punctuation turned into single spaces."""
    return f"trim(regexp_replace(strip_accents(lower({expr})), '[^a-z0-9]+', ' ', 'g'))"


class Compiler:
    """The expressions of one indicator; several compilers may share one `Query` (a batch)."""

    def __init__(
        self,
        config: Config,
        indicator: Indicator,
        today: dt.date,
        query: Query | None = None,
        untracked: dict[str, list[int]] | None = None,
    ) -> None:
        # End field -> import batches whose file had no such column: their open items are not
        # "not answered yet" but "not recorded", and cannot be judged.
        self.untracked = untracked or {}
        self.config = config
        self.indicator = indicator
        self.kind = SOURCE_KINDS[indicator.source]
        self.fields = available_fields(indicator.source)
        self.q = query or Query()
        self.today = today
        self.q.params["today"] = today

    @property
    def period_field(self) -> str:
        return self.indicator.period_field or self.kind.period_field

    # --- field expressions
    def value_of(self, info: FieldInfo) -> str:
        if info.kind == "column":
            return f"t.{info.name}"
        if info.kind == "delay_days":
            return f"(t.{info.delay.end} - t.{info.delay.start})"
        if info.kind == "delay_working_days":
            end = self.q.calendar(info.delay.end)
            start = self.q.calendar(info.delay.start)
            return f"({end} - {start})"
        return self._satisfaction(info.kind)

    def so_far(self, info: FieldInfo) -> str:
        """Delay of an open item counted up to the day its data were extracted (see `as_of`)."""
        day, day_wd = self.q.as_of()
        if info.kind == "delay_days":
            return f"({day} - t.{info.delay.start})"
        start = self.q.calendar(info.delay.start)
        return f"({day_wd} - {start})"

    def _satisfaction(self, kind: str) -> str:
        org = self.config.organisation
        thresholds = org.satisfied_threshold if kind == "satisfied" else org.dissatisfied_threshold
        op = ">=" if kind == "satisfied" else "<="
        cases = " ".join(
            f"WHEN t.scale_max = {self.q.param(float(scale))} THEN t.score {op} "
            f"{self.q.param(float(limit))}"
            for scale, limit in thresholds.items()
        )
        # Scales not configured: satisfied from 75 % of the scale, dissatisfied up to 50 %.
        share = 0.75 if kind == "satisfied" else 0.5
        return f"(CASE {cases} ELSE t.score {op} {self.q.param(share)} * t.scale_max END)"

    # --- conditions
    def atom_sql(self, atom: Atom, expr: str, info: FieldInfo) -> str:
        translate = CONDITION_SQL.get(atom.op)
        if translate is None:  # a new operator of the registry must be given its SQL here
            raise ValueError(f"opérateur de condition sans traduction SQL : {atom.op}")
        return translate(self, atom, expr, info)

    def closed_by_status(self) -> str:
        if "status" in self.fields:
            return f"coalesce(t.status = {self.q.param(STATUS_TREATED)}, false)"
        return "false"

    def state(self, condition: str | list[str] | None) -> str:
        """One small integer per record: 1 meets the condition, 0 does not (decided, late
        included), 2 pending (open and still within its deadline), NULL cannot be judged (e.g.
        treated with no end date). One expression keeps the per-row work small on large tables."""
        if condition is None:
            return "1"
        states = [self._atom_state(atom) for atom in parse_condition(condition)]
        if len(states) == 1:
            return states[0]
        anyof = lambda test: " OR ".join(f"{x} {test}" for x in states)  # noqa: E731
        # All conditions must hold: one failure decides, then pending, then unknown.
        return (
            f"(CASE WHEN {anyof('= 0')} THEN 0 WHEN {anyof('= 2')} THEN 2 "
            f"WHEN {anyof('IS NULL')} THEN NULL ELSE 1 END)"
        )

    def _atom_state(self, atom: Atom) -> str:
        info = self.fields[atom.field]
        final = self.atom_sql(atom, self.value_of(info), info)
        if info.delay is None or info.kind == "column":
            return f"({final})::INTEGER"
        sofar = self.atom_sql(atom, self.so_far(info), info)
        if atom.op in ("<", "<="):
            still_open = f"WHEN {sofar} THEN 2 ELSE 0"  # within the deadline: pending
        elif atom.op in (">", ">="):
            still_open = f"WHEN {sofar} THEN 1 ELSE 2"  # already past: decided
        else:
            still_open = "ELSE 2"
        unrecorded = ""
        if self.untracked.get(info.delay.end):
            batches = self.q.param(self.untracked[info.delay.end])
            unrecorded = f"WHEN list_contains({batches}, t.batch_id) THEN NULL "
        return (
            f"(CASE WHEN t.{info.delay.end} IS NOT NULL THEN ({final})::INTEGER "
            f"WHEN {self.closed_by_status()} THEN NULL {unrecorded}{still_open} END)"
        )

    # --- filters
    def filter_sql(self, field_name: str, spec: object) -> str:
        """SQL of one `filter` entry, from its parsed clauses (validated by `check`: an unknown
        operator is refused there, never read as `true`)."""
        info = self.fields[field_name]
        expr = self.value_of(info)
        parts = []
        for clause in parse_filter(field_name, spec, self.fields):
            translate = FILTER_SQL.get(clause.op)
            if translate is None:  # a new operator of the registry must be given its SQL here
                raise ValueError(f"opérateur de filtre sans traduction SQL : {clause.op}")
            parts.append(translate(self, clause, expr, info))
        return "(" + " AND ".join(parts) + ")"

    def scope(self) -> list[str]:
        """The indicator's `filter`, one SQL clause per field (all must hold)."""
        return [self.filter_sql(name, spec) for name, spec in self.indicator.filter.items()]


ConditionSql = Callable[[Compiler, Atom, str, FieldInfo], str]


def _is_null(negated: bool) -> ConditionSql:
    def translate(c: Compiler, atom: Atom, expr: str, info: FieldInfo) -> str:
        return f"({expr} IS {'NOT ' if negated else ''}NULL)"

    return translate


def _is_true(c: Compiler, atom: Atom, expr: str, info: FieldInfo) -> str:
    return f"coalesce({expr}, false)" if info.value_type == "bool" else f"({expr} IS NOT NULL)"


def _one_of(negated: bool) -> ConditionSql:
    def translate(c: Compiler, atom: Atom, expr: str, info: FieldInfo) -> str:
        values = [fold(v) if isinstance(v, str) else v for v in atom.value]
        target = sql_fold(expr) if info.value_type == "text" else expr
        placeholders = ", ".join(c.q.param(v) for v in values)
        return f"({target} {'NOT ' if negated else ''}IN ({placeholders}))"

    return translate


def _compare(c: Compiler, atom: Atom, expr: str, info: FieldInfo) -> str:
    """Texts compare folded (accents, case); dates as dates; numbers as they are."""
    if info.value_type == "text":
        value = fold(atom.value) if isinstance(atom.value, str) else str(atom.value)
        return f"({sql_fold(expr)} {atom.op} {c.q.param(value)})"
    if info.value_type == "date":
        return f"({expr} {atom.op} {c.q.param(atom.value)}::DATE)"
    return f"({expr} {atom.op} {c.q.param(atom.value)})"


# Condition operator (domain.conditions.CONDITION_OPERATORS) -> its SQL; a test keeps the keys
# equal to the registry's.
CONDITION_SQL: dict[str, ConditionSql] = {
    "<=": _compare,
    "<": _compare,
    ">=": _compare,
    ">": _compare,
    "=": _compare,
    "!=": _compare,
    "in": _one_of(negated=False),
    "notin": _one_of(negated=True),
    "istrue": _is_true,
    "isnull": _is_null(negated=False),
    "notnull": _is_null(negated=True),
}

FilterSql = Callable[[Compiler, FilterClause, str, FieldInfo], str]


def _as_atom(op: str) -> FilterSql:
    def translate(c: Compiler, clause: FilterClause, expr: str, info: FieldInfo) -> str:
        return c.atom_sql(Atom(clause.field, op, clause.value), expr, info)

    return translate


def _bound(sign: str) -> FilterSql:
    def translate(c: Compiler, clause: FilterClause, expr: str, info: FieldInfo) -> str:
        cast = "::DATE" if info.value_type == "date" else ""
        return f"({expr} {sign} {c.q.param(clause.value)}{cast})"

    return translate


def _contains(c: Compiler, clause: FilterClause, expr: str, info: FieldInfo) -> str:
    likes = [f"{sql_fold(expr)} LIKE {c.q.param('%' + fold(str(n)) + '%')}" for n in clause.value]
    return "(" + " OR ".join(likes) + ")"


# Filter operator (domain.filters: the implicit ones and FILTER_OPERATORS) -> its SQL. A test
# checks the keys are exactly the registry's names.
FILTER_SQL: dict[str, FilterSql] = {
    "=": _as_atom("="),
    "in": _as_atom("in"),
    "sauf": _as_atom("notin"),
    "min": _bound(">="),
    "max": _bound("<="),
    "contient": _contains,
}
