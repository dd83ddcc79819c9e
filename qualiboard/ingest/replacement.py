"""Which rows already in the database an import replaces: same file, same references, or the
same export format, months and scope when records have no usable reference."""

from __future__ import annotations

import json

import duckdb
import pandas as pd

from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.statuses import BATCH_IMPORTED
from qualiboard.domain.text import by_count, count_of, number
from qualiboard.ingest.normalise import as_dates
from qualiboard.ingest.plan import COMPOSITE_KEYS, SCOPE_FIELDS, ImportPlan


def _same_file_before(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> None:
    """The same file (sha256, sheet) already imported: with the same mapping nothing is added;
    with another mapping, this import replaces the earlier one in one transaction."""
    row = con.execute(
        "SELECT batch_id, mapping FROM import_batches WHERE sha256 = ? AND status = ? "
        "AND coalesce(sheet, '') = coalesce(?, '') ORDER BY batch_id DESC LIMIT 1",
        [plan.sha256, BATCH_IMPORTED, plan.sheet],
    ).fetchall()  # fetched to the end: a pending result blocks `register` later on
    if not row:
        return
    row = row[0]
    earlier = json.loads(row[1]) if row[1] else {}
    earlier.pop("signature", None)
    if earlier == json.loads(plan.mapping.to_json()):
        plan.duplicate_of = row[0]
        return
    plan.replaces_batch = row[0]
    plan.notes.append(
        f"ce fichier a déjà été importé (import n° {row[0]}) avec une autre correspondance de "
        "colonnes : cet import-là sera annulé et remplacé par celui-ci, dans la même opération"
    )


def reference_key(column: str) -> str:
    """SQL: the matching key of a reference. An all-digit reference loses its leading zeros:
    « 000101 » exported as text and 101 re-saved by a spreadsheet are one record. Any other
    reference is matched as written."""
    return (
        f"CASE WHEN regexp_full_match({column}, '[0-9]+') "
        f"THEN coalesce(nullif(ltrim({column}, '0'), ''), '0') ELSE {column} END"
    )


def same_record_condition(period_field: str, t: str = "t", i: str = "i") -> str:
    """When a stored row `t` and an incoming row `i` are the same record: same reference (its
    matching key: leading zeros aside) in the same year.

    A blank reference never matches (`=` is never true for NULL). Registers restart their
    numbering each year, so the year is part of the identity. A reference with letters
    (« REC-2026-0201 ») names one record in the whole town: passed to another service, its date
    of receipt corrected on the way, it is updated, never counted twice (the user is told,
    `_service_moves`). A bare number (« 12 ») may be each service's own letter 12, or the 12th
    letter of a month in a register that starts again each month (a sheet per month): it is the
    same record only if it also keeps its date (a letter passed to another service keeps its
    date), or its service within the same month (a date corrected by a few days)."""
    return (
        f"{reference_key(t + '.reference')} = {reference_key(i + '.reference')} "
        f"AND year({t}.{period_field}) IS NOT DISTINCT FROM year({i}.{period_field}) "
        f"AND (NOT regexp_full_match({i}.reference, '[0-9]+') "
        f"OR {t}.{period_field} IS NOT DISTINCT FROM {i}.{period_field} "
        f"OR ({t}.service IS NOT DISTINCT FROM {i}.service "
        f"AND month({t}.{period_field}) IS NOT DISTINCT FROM month({i}.{period_field})))"
    )


def _references_matching(
    con: duckdb.DuckDBPyConnection,
    plan: ImportPlan,
    where: str,
    params: list[object],
    select: str = "count(DISTINCT i.reference)",
    group: str = "",
) -> list[tuple]:
    """`select` over incoming rows `i` (reference, period date, service) having a stored row `t`
    (joined to its batch `b`) with the same reference such that `where` holds."""
    kind, period_field = plan.kind, SOURCE_KINDS[plan.kind].period_field
    records = plan.valid_records()
    if records.empty or not con.execute(f"SELECT count(*) FROM {kind}").fetchall()[0][0]:
        return []
    incoming = pd.DataFrame(
        {
            "reference": records["reference"].astype(object),
            period_field: as_dates(records[period_field]),
            "service": records["service"].astype(object)
            if "service" in records
            else pd.Series(None, index=records.index, dtype=object),
        }
    ).dropna(subset=["reference"])
    incoming["reference"] = incoming["reference"].astype(str)
    con.register("numbers_raw", incoming)
    try:
        return con.execute(
            f"SELECT {select} FROM numbers_raw i JOIN {kind} t "
            "ON t.reference = i.reference JOIN import_batches b ON b.batch_id = t.batch_id "
            f"WHERE {where} {group}",
            params,
        ).fetchall()
    finally:
        con.unregister("numbers_raw")


def _count(rows: list[tuple]) -> int:
    return rows[0][0] if rows else 0


def _other_records_with_same_numbers(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> int:
    """Incoming references already held by a stored record of another year: those are other
    records, kept side by side (the user is told)."""
    period_field = SOURCE_KINDS[plan.kind].period_field
    return _count(
        _references_matching(con, plan, f"NOT ({same_record_condition(period_field)})", [])
    )


def _service_moves(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> str:
    """The sentence naming the stored records this file moves to another service (by old and
    new service), or "" when none does. Said before confirming: where each service numbers its
    own register from 1, this is how the user sees two registers taken for one."""
    period_field = SOURCE_KINDS[plan.kind].period_field
    if "service" not in plan.valid_records():
        return ""
    moves = _references_matching(
        con,
        plan,
        f"{same_record_condition(period_field)} AND i.service IS NOT NULL "
        "AND t.service IS DISTINCT FROM i.service",
        [],
        select="coalesce(t.service, '(sans service)'), i.service, count(DISTINCT i.reference)",
        group="GROUP BY ALL ORDER BY 3 DESC, 1, 2",
    )
    if not moves:
        return ""
    total = sum(m[2] for m in moves)
    shown = " ; ".join(f"{old} → {new} : {number(n)}" for old, new, n in moves[:6])
    if len(moves) > 6:
        shown += f" ; et {count_of(len(moves) - 6, 'autre changement', 'autres changements')}"
    return (
        f"{count_of(total, 'enregistrement', 'enregistrements')} déjà en base "
        f"{by_count(total, 'change', 'changent')} de service avec ce fichier ({shown}) : "
        f"{by_count(total, 'il est mis à jour, pas ajouté', 'ils sont mis à jour, pas ajoutés')}"
        " une seconde fois"
    )


def newer_export_text(count: int) -> str:
    """Why a file is refused without the quality officer's word: it would bring `count` records
    back to an older state (the command line and the drop folder say it alike)."""
    return (
        f"{count_of(count, 'enregistrement', 'enregistrements')} "
        f"{by_count(count, 'vient', 'viennent')} d'un export plus récent déjà importé : ce "
        f"fichier {by_count(count, 'le ramènerait', 'les ramènerait')} à un état plus ancien"
    )


def rows_from_newer_exports(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> int:
    """Stored records this file would update although an export dated after this file's
    « données au » reported them: a catch-up import of an older extraction rolls them back."""
    if plan.as_of.day is None:
        return 0
    period_field = SOURCE_KINDS[plan.kind].period_field
    return _count(
        _references_matching(
            con, plan, f"b.as_of > ? AND {same_record_condition(period_field)}", [plan.as_of.day]
        )
    )


def _plan_write_mode(con: duckdb.DuckDBPyConnection, plan: ImportPlan) -> None:
    kind = SOURCE_KINDS[plan.kind]
    if plan.record_key:
        plan.mode = "reference"
        if "year" in plan.record_key:
            plan.mode = "reference_year"
        plan.rows_from_newer_export = rows_from_newer_exports(con, plan)
        newer = plan.rows_from_newer_export
        if newer:
            plan.notes.append(
                f"{count_of(newer, 'enregistrement', 'enregistrements')} de ce fichier "
                f"{by_count(newer, 'vient', 'viennent')} d'un export plus récent que lui (données "
                f"au {plan.as_of.day:%d/%m/%Y} pour ce fichier) : l'importer "
                f"{by_count(newer, 'le ramènerait à son', 'les ramènerait à leur')} état plus "
                "ancien ; confirmez seulement si c'est voulu"
            )
        others = _other_records_with_same_numbers(con, plan)
        if others:
            plan.notes.append(
                f"{count_of(others, 'numéro', 'numéros')} de ce fichier "
                f"{by_count(others, 'existe', 'existent')} déjà en base pour d'autres "
                "enregistrements (d'une autre année) : ce sont des enregistrements distincts, "
                "conservés côte à côte, rien n'est écrasé"
            )
        moves = _service_moves(con, plan)
        if moves:
            plan.notes.append(moves)
        return
    if plan.kind in COMPOSITE_KEYS:
        plan.mode = "composite"
        plan.record_key = COMPOSITE_KEYS[plan.kind]
        return
    if kind.key and kind.key not in plan.mapping.columns:
        plan.notes.append(
            "pas de colonne de référence : les lignes déjà importées d'un export de même format, "
            "des mêmes jours et du même périmètre (services, sites) seront remplacées"
        )
    dates = as_dates(plan.valid_records()[kind.period_field]).dropna()
    if dates.empty:
        return
    plan.mode = "period"
    plan.period = (dates.min().date(), dates.max().date())
    plan.rows_to_replace, plan.replace_sentence = _replacement(con, plan, plan.valid_records())
    # The very file imported again replaces nothing: the import says « déjà importé » alone.
    if plan.rows_to_replace and plan.duplicate_of is None:
        plan.notes.append(plan.replace_sentence)


def _scope_fields(kind: str) -> list[str]:
    stored = {name for name, _ in SOURCE_KINDS[kind].stored_columns}
    return [f for f in SCOPE_FIELDS if f in stored]


def _register_scope(con: duckdb.DuckDBPyConnection, kind: str, records: pd.DataFrame) -> None:
    """The (month, service, site) combinations a file covers, as the temp table `scope`."""
    period_field = SOURCE_KINDS[kind].period_field
    months = as_dates(records[period_field]).dt.to_period("M").dt.to_timestamp()
    scope = pd.DataFrame({"m": months})
    for name in _scope_fields(kind):
        values = records[name] if name in records else pd.Series(None, index=records.index)
        scope[name] = values.astype(object).where(values.notna(), "").astype(str).to_numpy()
    scope = scope.dropna(subset=["m"]).drop_duplicates()
    con.register("scope_raw", scope)
    con.execute("CREATE OR REPLACE TEMP TABLE scope AS SELECT * FROM scope_raw")
    con.unregister("scope_raw")


def _replaced_where(plan: ImportPlan) -> tuple[str, list[object]]:
    """Rows of the same export format (header signature), months and services/sites, dated
    within the days this file covers: an export of the second week of October replaces what an
    earlier export said of that week, not the first week (two weekly exports add up)."""
    kind, period_field = plan.kind, SOURCE_KINDS[plan.kind].period_field
    same_scope = " AND ".join(
        [f"s.m = date_trunc('month', {kind}.{period_field})"]
        + [f"s.{f} = coalesce({kind}.{f}, '')" for f in _scope_fields(kind)]
    )
    assert plan.period is not None
    where = (
        f"EXISTS (SELECT 1 FROM scope s WHERE {same_scope}) "
        f"AND CAST({kind}.{period_field} AS DATE) BETWEEN ? AND ? AND {kind}.batch_id IN "
        "(SELECT batch_id FROM import_batches WHERE status = ? AND kind = ? "
        "AND json_extract_string(mapping, '$.signature') = ? AND batch_id <> ?)"
    )
    first, last = plan.period
    return where, [
        first,
        last,
        BATCH_IMPORTED,
        plan.kind,
        plan.signature,
        plan.replaces_batch or -1,
    ]


def _replacement(
    con: duckdb.DuckDBPyConnection, plan: ImportPlan, records: pd.DataFrame
) -> tuple[int, str]:
    """How many rows this file replaces, and the sentence the user confirms."""
    kind, period_field = plan.kind, SOURCE_KINDS[plan.kind].period_field
    _register_scope(con, kind, records)
    where, params = _replaced_where(plan)
    groups = con.execute(
        f"SELECT {kind}.batch_id, any_value(b.file_name), count(*), min({period_field}), "
        f"max({period_field}) FROM {kind} JOIN import_batches b USING (batch_id) WHERE {where} "
        "GROUP BY ALL ORDER BY 1",
        params,
    ).fetchall()
    total = sum(g[2] for g in groups)
    if not total:
        return 0, ""
    scope_values = {
        f: sorted(
            v[0] for v in con.execute(f"SELECT DISTINCT {f} FROM scope WHERE {f} <> ''").fetchall()
        )
        for f in _scope_fields(kind)
    }
    where_text = ", ".join(
        f"{'services' if f == 'service' else 'sites'} : {_few(values)}"
        for f, values in scope_values.items()
        if values
    )
    batches = " ; ".join(
        f"{number(count)} de l'import n° {batch} (« {name} », {lo:%d/%m/%Y} – {hi:%d/%m/%Y})"
        for batch, name, count, lo, hi in groups
    )
    assert plan.period is not None
    sentence = (
        f"{number(total)} ligne{'s' if total > 1 else ''} déjà importée{'s' if total > 1 else ''} "
        f"seront remplacées par celles de ce fichier : {batches}. Seules les lignes de même "
        f"format d'export, des jours couverts ({plan.period[0]:%d/%m/%Y} au "
        f"{plan.period[1]:%d/%m/%Y})"
        + (f" et du même périmètre ({where_text})" if where_text else "")
        + " sont concernées ; les autres ne sont pas touchées."
    )
    return total, sentence


def _few(values: list[str], limit: int = 6) -> str:
    shown = ", ".join(values[:limit])
    return shown + (f" et {len(values) - limit} autres" if len(values) > limit else "")
