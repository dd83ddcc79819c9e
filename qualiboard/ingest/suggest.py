"""Help when a required column is missing: the headers found, the closest candidates, and a
mapping file ready to edit, so that the next command succeeds."""

from __future__ import annotations

from pathlib import Path

from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.ingest.mapping import Mapping
from qualiboard.ingest.mapping_files import suggestion_yaml
from qualiboard.ingest.recognise import Candidate


def suggestion_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.correspondance.yaml")


def help_lines(
    file_name: str, headers: list[str], mapping: Mapping | None, missing: dict[str, list[Candidate]]
) -> list[str]:
    lines = [f"« {file_name} » : colonnes trouvées : " + " · ".join(f"« {h} »" for h in headers)]
    if mapping is None:
        return lines
    kind = SOURCE_KINDS[mapping.kind]
    lines.append(f"Type le plus proche : {kind.label} ({mapping.kind}).")
    for name, candidates in missing.items():
        label = kind.field(name).label
        if candidates:
            close = ", ".join(c.offered for c in candidates)
            lines.append(f"  {label} ({name}) introuvable ; candidats : {close}")
        else:
            lines.append(f"  {label} ({name}) introuvable ; aucune colonne proche")
    return lines


def write_suggestion(
    path: Path, mapping: Mapping, missing: dict[str, list[Candidate]]
) -> tuple[Path | None, str]:
    """Write the proposed mapping next to the file (never over an existing one); returns the
    path written (None when the folder is read-only) and the YAML text."""
    text = suggestion_yaml(mapping, missing)
    target = suggestion_path(path)
    if target.exists():
        return None, text
    try:
        target.write_text(text, encoding="utf-8")
    except OSError:
        return None, text
    return target, text
