"""Mappings outside the code: the YAML file a user edits, and the profiles saved in the database
(recognised again by the file's header signature)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import yaml

from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.text import number
from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.mapping import Mapping
from qualiboard.ingest.recognise import Candidate


def suggestion_yaml(mapping: Mapping, missing: dict[str, list[Candidate]]) -> str:
    """A mapping file ready to edit: every field of the kind, the detected column, the best
    candidate for a missing field (to check), the other fields commented out."""
    kind = SOURCE_KINDS[mapping.kind]
    lines = [
        "# Correspondance des colonnes proposée par Qualiboard : vérifiez chaque ligne, puis",
        "# relancez l'import avec --mapping CE_FICHIER.",
        f"kind: {mapping.kind}  # {kind.label}",
        "columns:",
    ]
    for f in kind.fields:
        label = f.label + (" (obligatoire)" if f.required else "")
        if f.name in mapping.columns:
            score = mapping.scores.get(f.name, 1.0)
            lines.append(
                f"  {f.name}: {_yaml_text(mapping.columns[f.name])}  # {label}, "
                f"reconnu (confiance {number(score, 2)})"
            )
        elif missing.get(f.name):
            first, *others = missing[f.name]
            alt = "".join(f", sinon {_yaml_text(c.header)} ({c.score_text})" for c in others)
            lines.append(
                f"  {f.name}: {_yaml_text(first.header)}  # {label} : À VÉRIFIER, "
                f"candidat, {first.score_text}{alt}"
            )
        elif f.required:
            lines.append(f"  {f.name}:   # {label} : À COMPLÉTER (nom exact de la colonne)")
        else:
            lines.append(f"  # {f.name}:   # {label}")
    return "\n".join(lines) + "\n"


def _yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON strings are valid YAML scalars


def load_mapping_file(path: Path, kind: str | None) -> Mapping:
    """A YAML mapping: `kind:` (optional) and `columns:` canonical field -> column header. A field
    given an empty value is declared absent from the file; fields not named are detected."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ImportRefused(path.name, "fichier de correspondance illisible") from exc
    if not isinstance(data, dict):
        raise ImportRefused(path.name, "fichier de correspondance : rubriques attendues")
    columns = data.get("columns", {k: v for k, v in data.items() if k not in ("kind", "questions")})
    if not isinstance(columns, dict):
        raise ImportRefused(path.name, "fichier de correspondance : rubrique « columns » attendue")
    kind_name = kind or data.get("kind")
    if kind_name not in SOURCE_KINDS:
        raise ImportRefused(
            path.name,
            f"type de source « {kind_name} » inconnu ; types possibles : {', '.join(SOURCE_KINDS)}",
        )
    unknown = [f for f in columns if f not in SOURCE_KINDS[kind_name].field_names]
    if unknown:
        raise ImportRefused(path.name, f"champs inconnus pour {kind_name} : {', '.join(unknown)}")
    named = {k: str(v) for k, v in columns.items() if v not in (None, "")}
    absent = [k for k, v in columns.items() if v in (None, "")]
    return Mapping(kind_name, named, data.get("questions", []) or [], {}, absent)


def find_profile(
    con: duckdb.DuckDBPyConnection, signature: str, kind: str | None = None
) -> tuple[str, Mapping] | None:
    """The latest profile saved for these headers (of this kind, when one is asked for)."""
    row = con.execute(
        "SELECT name, mapping FROM mapping_profiles WHERE header_signature = ? "
        "AND (CAST(? AS VARCHAR) IS NULL OR kind = ?) ORDER BY created_at DESC LIMIT 1",
        [signature, kind, kind],
    ).fetchone()
    return (row[0], Mapping.from_json(row[1])) if row else None


def profile_by_name(con: duckdb.DuckDBPyConnection, name: str) -> Mapping | None:
    row = con.execute("SELECT mapping FROM mapping_profiles WHERE name = ?", [name]).fetchone()
    return Mapping.from_json(row[0]) if row else None


def save_profile(
    con: duckdb.DuckDBPyConnection, name: str, signature: str, mapping: Mapping
) -> None:
    con.execute(
        "INSERT INTO mapping_profiles VALUES (?, ?, ?, ?, current_timestamp::TIMESTAMP) "
        "ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, "
        "header_signature = excluded.header_signature, mapping = excluded.mapping, "
        "created_at = excluded.created_at",
        [name, mapping.kind, signature, mapping.to_json()],
    )
