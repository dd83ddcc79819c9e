"""Fields an indicator may use: the stored columns of its source plus derived fields
(`delay_days`, `delay_working_days`, `ack_delay_working_days`, `is_satisfied`…)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from qualiboard.domain.schema import Delay
from qualiboard.domain.sources import SOURCE_KINDS

FieldKind = Literal["column", "delay_days", "delay_working_days", "satisfied", "dissatisfied"]


@dataclass(frozen=True)
class FieldInfo:
    name: str
    kind: FieldKind
    value_type: Literal["number", "text", "date", "bool"]
    label: str
    delay: Delay | None = None


_NUMERIC = {"int", "float", "score", "check"}


def available_fields(source: str) -> dict[str, FieldInfo]:
    kind = SOURCE_KINDS[source]
    fields: dict[str, FieldInfo] = {}
    for f in kind.fields:
        value_type = "number" if f.type in _NUMERIC else "date" if f.type == "date" else "text"
        fields[f.name] = FieldInfo(f.name, "column", value_type, f.label)
        if f.type == "status":
            fields[f"{f.name}_raw"] = FieldInfo(f"{f.name}_raw", "column", "text", f.label)
    for delay in kind.delays:
        fields[f"{delay.name}_days"] = FieldInfo(
            f"{delay.name}_days", "delay_days", "number", f"{delay.label} (jours)", delay
        )
        fields[f"{delay.name}_working_days"] = FieldInfo(
            f"{delay.name}_working_days",
            "delay_working_days",
            "number",
            f"{delay.label} (jours ouvrés)",
            delay,
        )
    for name, flag, label in kind.score_flags:
        fields[name] = FieldInfo(name, flag, "bool", label)
    return fields
