"""Read, recognise and validate a file into an import plan, without writing anything."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from qualiboard.domain.config import Organisation
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.text import by_count, count_of
from qualiboard.ingest.asof import detect_as_of
from qualiboard.ingest.duplicate_columns import duplicate_columns
from qualiboard.ingest.errors import ImportRefused, Problem
from qualiboard.ingest.gcpause import collector_paused
from qualiboard.ingest.header import Table, locate_table
from qualiboard.ingest.identity import choose_identity
from qualiboard.ingest.mapping import Mapping, header_signature, known_header_keys
from qualiboard.ingest.normalise import parse_dates
from qualiboard.ingest.personal import personal_columns
from qualiboard.ingest.plan import ImportPlan
from qualiboard.ingest.propose import Recognition, UnrecognisedFile, recognise
from qualiboard.ingest.readers import RawSheet, read_sheet, sheet_names
from qualiboard.ingest.replacement import _plan_write_mode, _same_file_before
from qualiboard.ingest.scales import settle_scales
from qualiboard.ingest.summary_columns import summary_notes
from qualiboard.ingest.totals import label_totals
from qualiboard.ingest.uploads import sha256_of
from qualiboard.ingest.validate import OLDEST_PLAUSIBLE_DATE, Records, build_records


def _existing_names(con: duckdb.DuckDBPyConnection, kind: str) -> dict[str, dict[str, str]]:
    from qualiboard.domain.text import name_key

    names: dict[str, dict[str, str]] = {}
    for f in SOURCE_KINDS[kind].fields:
        if f.type in ("service", "label") and f.name not in ("question", "criterion"):
            rows = con.execute(
                f"SELECT DISTINCT {f.name} FROM {kind} WHERE {f.name} IS NOT NULL LIMIT 10000"
            ).fetchall()
            names[f.name] = {name_key(r[0]): r[0] for r in rows}
    return names


def prepare_import(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    organisation: Organisation,
    *,
    kind: str | None = None,
    mapping: Mapping | None = None,
    sheet: str | None = None,
    profile: str | None = None,
    today: dt.date | None = None,
    display_name: str | None = None,
    set_aside_incomplete: bool = False,
) -> ImportPlan:
    """Read, recognise and validate a file without writing anything. Whatever the file holds,
    the outcome is a plan or an ImportRefused in French, never another exception."""
    try:
        with collector_paused():
            return _prepare_import(
                con,
                path,
                organisation,
                kind=kind,
                mapping=mapping,
                sheet=sheet,
                profile=profile,
                today=today,
                display_name=display_name,
                set_aside_incomplete=set_aside_incomplete,
            )
    except (ImportRefused, duckdb.Error):
        raise
    except (
        MemoryError,
        RecursionError,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        OverflowError,
        UnicodeError,
        OSError,
        AttributeError,
    ) as exc:
        raise ImportRefused(
            display_name or Path(path).name,
            "le contenu du fichier n'a pas pu être interprété (cellules d'un type inattendu ou "
            f"structure inhabituelle ; détail technique : {type(exc).__name__}) ; réenregistrez-le "
            "depuis votre tableur ou signalez-le à l'équipe Qualiboard",
        ) from exc


def _prepare_import(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    organisation: Organisation,
    *,
    kind: str | None,
    mapping: Mapping | None,
    sheet: str | None,
    profile: str | None,
    today: dt.date | None,
    display_name: str | None,
    set_aside_incomplete: bool = False,
) -> ImportPlan:
    path = Path(path)
    file_name = display_name or path.name
    today = today or dt.date.today()
    sheets, raw, table = _read_table(path, file_name, kind, sheet)
    personal = personal_columns(table.headers, table.body)
    recognition = _recognised(con, raw, table, personal, file_name, kind, mapping, profile)
    dropped = list(personal)
    record_identity = choose_identity(
        recognition.mapping, [h for h in table.headers if h not in dropped], table.body
    )
    clean_mapping = record_identity.mapping
    records, invalid, totals, footer = _validated(
        con, table, clean_mapping, organisation, today, set_aside_incomplete
    )
    used = clean_mapping.headers()
    plan = ImportPlan(
        territory=organisation.territory,
        path=path,
        file_name=file_name,
        sha256=sha256_of(path),
        sheet=raw.name,
        sheets=sheets,
        mapping=clean_mapping,
        signature=header_signature(table.headers),
        profile_name=recognition.profile_name,
        headers=table.headers,
        records=records.frame,
        problems=records.problems,
        invalid_rows=invalid,
        dropped_personal=dropped,
        personal_reasons=personal,
        archive_table=table.body.drop(columns=dropped) if dropped else table.body,
        missing=recognition.missing,
        origin=recognition.origin,
        ignored_columns=[h for h in table.headers if h not in used and h not in dropped],
        rows_read=len(table.body) + len(table.blank_rows),
        total_rows_dropped=len(totals),
        incomplete_responses=records.incomplete_responses,
        undated_incomplete=records.undated_incomplete,
        unlisted=records.unlisted,
        set_aside=_set_aside(table, totals, footer, records),
        set_aside_details=_reasons(records, invalid),
        record_key=record_identity.key,
    )
    plan.notes.extend([*raw.notes, *record_identity.notes, *records.notes])
    _finish_plan(con, plan, raw, table, records, footer, today, set_aside_incomplete)
    return plan


def _validated(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    mapping: Mapping,
    organisation: Organisation,
    today: dt.date,
    set_aside_incomplete: bool,
) -> tuple[Records, set[int], set[int], list[int]]:
    """The table's records checked field by field, total and footer lines left out; with the
    invalid rows (shifted ones too), the total lines and the footer lines."""
    totals = _total_lines(table, mapping)
    footer = sorted(set(table.footer_rows) - totals)
    body = table.body.drop(index=[*totals, *footer]) if totals or footer else table.body
    records = build_records(
        body,
        mapping,
        organisation,
        today,
        _existing_names(con, mapping.kind),
        set_aside_incomplete=set_aside_incomplete,
    )
    records.frame, scale_notes = settle_scales(con, mapping.kind, records.frame)
    records.notes = [*records.notes, *scale_notes]
    invalid = set(records.invalid_rows)
    _ragged_rows(table, totals, records.problems, invalid)
    for problem in records.problems[: len(table.ragged_rows)]:
        if problem.row in invalid:  # the shift explains whatever else the row shows
            records.reasons[problem.row] = problem.message
    return records, invalid, totals, footer


def _reasons(records: Records, invalid: set[int]) -> dict[int, str]:
    """Why each refused row is refused; a shifted row's reason is its listed problem."""
    reasons = {row: text for row, text in records.reasons.items() if row in invalid}
    for problem in records.problems:
        if problem.severity == "erreur" and problem.row in invalid:
            reasons.setdefault(problem.row, problem.message)
    return reasons


def _set_aside(
    table: Table, totals: set[int], footer: list[int], records: Records
) -> dict[str, list[int]]:
    return {
        "blank": list(table.blank_rows),
        "total": sorted(totals),
        "footer": footer,
        "incomplete": list(records.incomplete_rows),
        "unanswered": list(records.unanswered_rows),
    }


def _fallback_notes(plan: ImportPlan) -> list[str]:
    """A column read where the mapped one is empty is named: « Date de clôture » stands in for
    a missing answer date, and the summary must not leave it unsaid."""
    kind = SOURCE_KINDS[plan.kind]
    return [
        f"colonne « {other} » utilisée quand « {plan.mapping.columns[name]} » est vide "
        f"({kind.field(name).label.lower()})"
        for name, others in plan.mapping.fallbacks.items()
        if name in plan.mapping.columns
        for other in others
    ]


def _finish_plan(
    con: duckdb.DuckDBPyConnection,
    plan: ImportPlan,
    raw: RawSheet,
    table: Table,
    records: Records,
    footer: list[int],
    today: dt.date,
    set_aside_incomplete: bool,
) -> None:
    """What the plan learns from the database and the file's edges: an earlier import of the
    same file, the « données au » date, what cannot be measured, and how rows will be written."""
    plan.notes.extend(summary_notes(SOURCE_KINDS[plan.kind], table.body, plan.ignored_columns))
    plan.notes.extend(_fallback_notes(plan))
    # Appended, never inserted: the first problems are the shifted rows' (see _validated).
    plan.problems.extend(
        duplicate_columns(table.headers, table.body, plan.mapping, plan.origin != "automatique")
    )
    masked = records.masked_cells
    if masked:
        plan.notes.append(
            f"{count_of(masked, 'cellule', 'cellules')} de texte libre "
            f"{by_count(masked, 'citait', 'citaient')} une adresse électronique, un numéro de "
            "téléphone ou de sécurité sociale : "
            + by_count(
                masked,
                "cette valeur est masquée, jamais enregistrée",
                "ces valeurs sont masquées, jamais enregistrées",
            )
        )
    _same_file_before(con, plan)
    plan.as_of = detect_as_of(
        raw.frame,
        table.header_row,
        plan.file_name,
        records.frame,
        plan.mapping.kind,
        today,
        footer_rows=footer,
    )
    if plan.as_of.note:
        plan.notes.append(plan.as_of.note)
    _explain_gaps(plan, set_aside_incomplete)
    _plan_write_mode(con, plan)
    return plan


def _read_table(
    path: Path, file_name: str, kind: str | None, sheet: str | None
) -> tuple[list[str], RawSheet, Table]:
    """The file's sheets, the sheet read and its table located (header row, body, footer), or
    ImportRefused."""
    if not path.exists():
        raise ImportRefused(file_name, "fichier introuvable")
    if path.is_dir():
        raise ImportRefused(file_name, "c'est un dossier : donnez les fichiers qu'il contient")
    if kind is not None and kind not in SOURCE_KINDS:
        raise ImportRefused(
            file_name, f"type de source « {kind} » inconnu ; types : {', '.join(SOURCE_KINDS)}"
        )
    sheets = sheet_names(path)
    try:
        raw = read_sheet(path, sheet)
    except ImportRefused as exc:
        exc.file_name = file_name
        raise
    table = locate_table(raw.frame, known_header_keys(), raw.field_counts, raw.blank_rows)
    if table is None or table.body.empty:
        what = "aucune ligne de données" if table is not None else "aucune ligne d'en-têtes"
        raise ImportRefused(file_name, f"{what} trouvée", sheet=raw.name)
    return sheets, raw, table


def _recognised(
    con: duckdb.DuckDBPyConnection,
    raw: RawSheet,
    table: Table,
    personal: dict[str, str],
    file_name: str,
    kind: str | None,
    mapping: Mapping | None,
    profile: str | None,
) -> Recognition:
    """Recognition and personal data (issue 12: recognise.py, personal.py, mapping.py): the
    mapping of the file, or ImportRefused naming what is missing."""
    recognition = recognise(
        con,
        table.headers,
        table.body,
        set(personal),
        file_name=file_name,
        kind=kind,
        mapping=mapping,
        profile=profile,
    )
    if recognition.mapping is None or (
        recognition.missing and recognition.origin == "automatique" and kind is None
    ):
        raise _unrecognised(file_name, raw.name, table.headers, recognition)
    absent = [h for h in recognition.mapping.columns.values() if h not in table.headers]
    if absent:
        raise ImportRefused(
            file_name, f"colonnes introuvables dans le fichier : {', '.join(absent)}", raw.name
        )
    return recognition


def _ragged_rows(
    table: Table, totals: set[int], problems: list[Problem], invalid: set[int]
) -> None:
    """Rows whose field count differs from the header's: their cells would be shifted."""
    for row, count in table.ragged_rows.items():
        if row in totals:
            continue
        invalid.add(row)
        message = (
            "guillemet mal fermé : cette ligne absorbe la ou les lignes suivantes dans une seule "
            "cellule ; corrigez le guillemet"
            if count < 0
            else f"la ligne compte {count} champs au lieu des {table.header_fields} de l'en-tête "
            "(guillemet non refermé ou séparateur en trop) : ses cellules seraient décalées"
        )
        problems.insert(0, Problem("erreur", message, row))


def _explain_gaps(plan: ImportPlan, set_aside_incomplete: bool) -> None:
    """Notes for what the file cannot tell: delays without their end column, unfinished
    survey responses (issue 12: never silently)."""
    kind_def = SOURCE_KINDS[plan.mapping.kind]
    for end in dict.fromkeys(d.end for d in kind_def.delays):
        if end not in plan.mapping.columns:
            measured = ", ".join(d.label for d in kind_def.delays if d.end == end)
            plan.notes.append(
                f"pas de colonne « {kind_def.field(end).label} » : {measured} non calculable "
                "pour ce fichier ; ses enregistrements ne comptent ni en retard ni dans le délai"
            )
    if not plan.incomplete_responses:
        return
    n, undated = plan.incomplete_responses, plan.undated_incomplete
    kept = _unfinished_fate(n, undated, set_aside_incomplete)
    ended = count_of(n, "réponse non terminée", "réponses non terminées")
    plan.notes.append(f"{ended} (sans date de soumission) : {kept}")


def _unrecognised(
    file_name: str, sheet: str | None, headers: list[str], recognition: Recognition
) -> UnrecognisedFile:
    """Refusal of a file no kind fits, saying which columns came close."""
    reason = "type de données non reconnu"
    if recognition.mapping is not None and recognition.missing:
        kind = SOURCE_KINDS[recognition.mapping.kind]
        parts = []
        for name, candidates in recognition.missing.items():
            close = ", ".join(c.offered for c in candidates)
            parts.append(
                f"{kind.field(name).label} introuvable"
                + (f" (colonnes proches : {close})" if close else "")
            )
        reason += f" ; au plus près : {kind.label.lower()}, " + " ; ".join(parts)
    reason += " ; précisez le type (--kind) ou une correspondance de colonnes (--mapping)"
    return UnrecognisedFile(
        file_name, reason, sheet, headers, recognition.mapping, recognition.missing
    )


def _filled(cell: object) -> bool:
    return cell is not None and cell == cell and bool(str(cell).strip())


def _is_plausible_date(cell: object) -> bool:
    """A date a record may have; a count under a date header (« Total | 3 ») is none."""
    parsed, unreadable = parse_dates(pd.Series([cell], dtype=object))
    return not unreadable.iloc[0] and parsed.iloc[0] >= OLDEST_PLAUSIBLE_DATE


def _total_lines(table: Table, mapping: Mapping) -> set[int]:
    """Candidate total lines (first cell exactly « Total », « Sous-total »…, or a label cell
    such as the service starting with a total word) that have no reference of their own: a
    record whose reference is filled is data, whatever its cells say. A date of its own makes
    data of a row told only by an ambiguous word (a desk called « Ensemble ») unless the file's
    sure total lines are dated too; a sure word in a label cell (« 01/10 | Total ») is a total
    whatever its date. Where a row sums up a period, the period is no date of its own:
    « Total | janv-26 | 1 794 » is a total."""
    kind = SOURCE_KINDS[mapping.kind]
    reference = mapping.columns.get("reference")
    dates = (
        []
        if kind.rows_are_periods
        else [mapping.columns.get(f.name) for f in kind.fields if f.type == "date"]
    )
    columns = set(table.body.columns)
    labels = label_totals(table.body, mapping.kind, mapping.columns)
    candidates = {row: (header, labels.get(row)) for row, header in table.total_candidates.items()}
    candidates.update((row, (None, sure)) for row, sure in labels.items() if row not in candidates)

    def has_reference(row: int, word_header: str | None) -> bool:
        return (
            reference in columns
            and reference != word_header
            and _filled(table.body.at[row, reference])
        )

    def dated(row: int, word_header: str | None) -> bool:
        cells = [table.body.at[row, h] for h in dates if h in columns and h != word_header]
        return any(_is_plausible_date(cell) for cell in cells if _filled(cell))

    sure = {
        row
        for row, (header, label) in candidates.items()
        if label and not has_reference(row, header)
    }
    dated_totals = any(dated(row, candidates[row][0]) for row in sure)
    totals = set(sure)
    for row, (header, _label) in candidates.items():
        if row in sure or has_reference(row, header):
            continue
        if dated_totals or not dated(row, header):
            totals.add(row)
    return totals


def prepare_with_choice(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    organisation: Organisation,
    choice: Mapping | None,
    **options: object,
) -> ImportPlan:
    """`prepare_import` with what the person chose on the import page: a full mapping, or only
    a source kind (no column yet), for which the importer proposes the columns itself."""
    kind_only = choice is not None and not choice.columns and not choice.excluded
    return prepare_import(
        con,
        path,
        organisation,
        kind=choice.kind if kind_only else None,
        mapping=None if kind_only else choice,
        **options,  # type: ignore[arg-type]
    )


def _unfinished_fate(n: int, undated: int, set_aside: bool) -> str:
    """What becomes of `n` unfinished survey answers, `undated` of which no date places in a
    month, in words that agree with each count."""
    if set_aside:
        return by_count(n, "écartée", "écartées") + " à votre demande"
    if not undated:
        return by_count(
            n, "conservée avec ses réponses, datée", "conservées avec leurs réponses, datées"
        ) + (
            " par un autre horodatage du fichier ou, à défaut, par sa date la plus récente "
            "(fichier d'un seul mois)"
        )
    why = (
        f"aucune date ne permet de {by_count(undated, 'la', 'les')} rattacher à un mois et le "
        "fichier couvre plusieurs mois"
    )
    if undated == n:
        return by_count(n, "écartée", "écartées") + f", car {why}"
    return (
        f"{count_of(n - undated, 'conservée, datée', 'conservées, datées')} par un autre "
        f"horodatage du fichier ; {count_of(undated, 'écartée', 'écartées')} : {why}"
    )
