"""Build canonical records from a mapped table and list every problem row by row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from qualiboard.domain.config import Organisation
from qualiboard.domain.schema import Field, SourceKind
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.statuses import STATUS_TREATED
from qualiboard.domain.text import looks_like_formula, name_key
from qualiboard.ingest.checks import parser_for
from qualiboard.ingest.choices import normalise_choices
from qualiboard.ingest.distinct import distinct_codes, text_series
from qualiboard.ingest.duration_units import duration_text
from qualiboard.ingest.errors import Problem
from qualiboard.ingest.mapping import Mapping
from qualiboard.ingest.normalise import (
    as_dates,
    clean_text,
    parse_dates,
)
from qualiboard.ingest.personal import mask_personal_values
from qualiboard.ingest.plausible import check_measurements, implausible_warnings, parts_above_wholes
from qualiboard.ingest.scales import INFERRED, inferred_scale_rows
from qualiboard.ingest.status_words import normalise_statuses
from qualiboard.ingest.wholes import read_numbers
from qualiboard.ingest.yes_no import NO_STATE, yes_no_statuses

OLDEST_PLAUSIBLE_DATE = pd.Timestamp("1990-01-01")
MAX_PROBLEMS_LISTED = 10_000


@dataclass
class Records:
    frame: pd.DataFrame  # canonical columns + source_row; one row per record
    problems: list[Problem] = field(default_factory=list)
    invalid_rows: set[int] = field(default_factory=set)
    incomplete_responses: int = 0
    unlisted: dict[str, int] = field(default_factory=dict)  # severity -> problems not listed
    # Unfinished survey responses with no date of their own in a file spanning several months.
    undated_incomplete: int = 0
    masked_cells: int = 0  # cells of free text where personal values were masked
    # File rows set aside as unfinished survey responses (by choice, or undated: see above).
    incomplete_rows: list[int] = field(default_factory=list)
    unanswered_rows: list[int] = field(default_factory=list)  # wide survey rows without a score
    reasons: dict[int, str] = field(default_factory=dict)  # refused row -> why, in French
    notes: list[str] = field(default_factory=list)  # French: what was assumed (a scale…)


def _cell_text(value: object) -> str:
    # NaT is a datetime whose day is not a number: a blank cell of a typed column.
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"  # strftime is 5x slower
    if isinstance(value, dt.timedelta):
        return duration_text(value)  # « -00:00:45 », not « -1 day, 23:59:15 »
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a workbook's 19 is « 19 », not « 19.0 »
    return str(value)


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.invalid: set[int] = set()
        self.unlisted: dict[str, int] = {}
        self.masked = 0  # cells where an e-mail, phone number or NIR was masked
        # Row -> why it is refused (its first error), every row, beyond the listed problems: the
        # import history shows it.
        self.reasons: dict[int, str] = {}
        self.notes: list[str] = []  # French: how a column was read (oui/non as a status)

    def rows(
        self,
        mask: pd.Series,
        raw: pd.Series | None,
        column: str | None,
        message: str,
        severity: str = "erreur",
    ) -> None:
        hits = mask.to_numpy(dtype=bool, na_value=False)
        rows = mask.index[hits]
        if not len(rows):
            return
        if severity == "erreur":
            self.invalid.update(rows.tolist())
            self._keep_reasons(rows, raw, column, message)
        # Every problem counts; the first ones are listed, enough for anyone to see the pattern.
        listed = rows[: max(MAX_PROBLEMS_LISTED - len(self.problems), 0)]
        self.unlisted[severity] = self.unlisted.get(severity, 0) + len(rows) - len(listed)
        values = raw.loc[listed].tolist() if raw is not None else [None] * len(listed)
        texts: dict[object, str] = {}  # the same value is often wrong on many rows
        for row, value in zip(listed.tolist(), values, strict=True):
            if raw is None:
                text = None
            else:
                try:
                    text = texts.get(value) or texts.setdefault(value, _cell_text(value))
                except TypeError:  # an unhashable cell
                    text = _cell_text(value)
            self.problems.append(Problem(severity, message, int(row), column, text))

    def _keep_reasons(
        self, rows: pd.Index, raw: pd.Series | None, column: str | None, message: str
    ) -> None:
        new = [int(r) for r in rows.tolist() if int(r) not in self.reasons]
        if not new:
            return
        where = f"colonne « {column} » : " if column else ""
        if raw is None:
            self.reasons.update(dict.fromkeys(new, where + message))
            return
        texts: dict[object, str] = {}
        for row, value in zip(new, raw.loc[new].tolist(), strict=True):
            try:
                text = texts.get(value)
                if text is None:
                    text = texts.setdefault(value, reason(where, message, _cell_text(value)))
            except TypeError:  # an unhashable cell
                text = reason(where, message, _cell_text(value))
            self.reasons[row] = text


def reason(where: str, message: str, value: str) -> str:
    """« colonne « Date » : date illisible (valeur : « 32/13/2026 ») »."""
    return f"{where}{message}" + (f" (valeur : « {value} »)" if value else "")


def build_records(
    body: pd.DataFrame,
    mapping: Mapping,
    organisation: Organisation,
    today: dt.date,
    existing_names: dict[str, dict[str, str]] | None = None,
    set_aside_incomplete: bool = False,
) -> Records:
    kind = SOURCE_KINDS[mapping.kind]
    found = _Collector()
    tomorrow = pd.Timestamp(today) + pd.Timedelta(days=1)
    existing_names = existing_names or {}
    survey = _unfinished_responses(body, mapping, set_aside_incomplete)
    body, unfinished = survey.body, survey.unfinished
    out = pd.DataFrame(index=body.index)
    no_answer = pd.Series(False, index=body.index)
    for f in kind.fields:
        if f.name == "score" and mapping.questions:
            out["score"] = np.nan
            continue
        header = mapping.columns.get(f.name)
        if header is None or header not in body.columns:
            if f.name not in out:  # scale_max may already come from the score column
                out[f.name] = None
            if f.type == "status":
                out[f"{f.name}_raw"] = None
            continue
        raw = body[header]
        if f.type == "date":
            out[f.name] = _dates(f, raw, header, body, mapping, found, unfinished, tomorrow)
        elif f.type in ("int", "float"):
            out[f.name] = read_numbers(f, raw, header, found)
        elif f.type in ("score", "check"):
            no_answer |= _scores(f, raw, header, mapping, out, found)
        elif f.type == "status":
            out[f.name], out[f"{f.name}_raw"] = _statuses(raw, header, found)
        elif f.type in ("service", "label", "text") and f.name != kind.key:
            out[f.name] = _texts(f, raw, header, organisation, existing_names, found)
        else:
            out[f.name] = clean_text(raw)
        if f.required:
            missing = out[f.name].isna() & ~found_bad_index(found, body.index)
            if f.type in ("score", "check"):
                missing &= ~no_answer
            found.rows(missing, raw, header, "valeur obligatoire manquante")
    _missing_columns(kind, mapping, found)
    _check_consistency(out, mapping, body, found, organisation)
    out, unanswered = _answered(out, body, mapping, found, no_answer)
    return _records(out, found, survey, unanswered)


def _records(
    out: pd.DataFrame, found: _Collector, survey: _Unfinished, unanswered: list[int]
) -> Records:
    return Records(
        out.reset_index(drop=True),
        found.problems,
        found.invalid,
        survey.incomplete,
        found.unlisted,
        survey.undated_set_aside,
        found.masked,
        survey.incomplete_rows,
        unanswered,
        found.reasons,
        found.notes,
    )


def _scores(
    f: Field,
    raw: pd.Series,
    header: str,
    mapping: Mapping,
    out: pd.DataFrame,
    found: _Collector,
) -> pd.Series:
    """Writes the scores (and their scale) into `out`; returns the rows answered « sans avis »."""
    score, scale, bad = parser_for(f.type, header)(raw)
    found.rows(bad, raw, header, "note illisible ou hors de l'échelle")
    out[f.name] = score
    if "scale_max" not in mapping.columns:
        out["scale_max"] = scale
        if f.type == "score":
            out[INFERRED] = inferred_scale_rows(raw, score, header)
    # « Sans avis », « Sans objet », « NA »: written, readable, and no answer at all.
    return score.isna() & ~bad & ~raw.isna() & raw.astype("string").str.strip().ne("")


def _statuses(raw: pd.Series, header: str, found: _Collector) -> tuple[pd.Series, pd.Series]:
    """Status words, or oui/non answers under a title naming the state (see ingest.yes_no)."""
    answers = yes_no_statuses(raw, header)
    if answers is None:
        return normalise_statuses(raw)
    if answers.statuses is None:
        found.rows(answers.refused, raw, header, NO_STATE)
        return pd.Series(None, index=raw.index, dtype=object), answers.raw
    found.notes.append(answers.note)
    return answers.statuses, answers.raw


def _missing_columns(kind: SourceKind, mapping: Mapping, found: _Collector) -> None:
    for required in kind.required_fields:
        if required not in mapping.columns and not (required == "score" and mapping.questions):
            label = kind.field(required).label
            found.problems.insert(
                0, Problem("erreur", f"colonne obligatoire introuvable : {label}")
            )


@dataclass
class _Unfinished:
    body: pd.DataFrame  # the rows kept
    unfinished: pd.Series | None  # kept rows without a submission date, to date from the file
    incomplete: int = 0
    undated_set_aside: int = 0
    incomplete_rows: list[int] = field(default_factory=list)


def _unfinished_responses(
    body: pd.DataFrame, mapping: Mapping, set_aside_incomplete: bool
) -> _Unfinished:
    """Survey tools export unfinished responses with an empty submission date. Their answers
    are kept (dated later) unless the user chose to set them aside: either way, counted."""
    if not (
        mapping.kind == "survey_answers" and mapping.columns.get("answered_on") in body.columns
    ):
        return _Unfinished(body, None)
    submitted = body[mapping.columns["answered_on"]]
    unfinished = submitted.isna() | submitted.map(lambda v: isinstance(v, str) and not v.strip())
    found = _Unfinished(body, unfinished, incomplete=int(unfinished.sum()))
    if set_aside_incomplete:
        set_aside = unfinished
    else:
        set_aside = _undated_unfinished(body, mapping, unfinished)
        found.undated_set_aside = int(set_aside.sum())
    if set_aside.any():
        found.incomplete_rows = body.index[set_aside.to_numpy(dtype=bool)].tolist()
        found.body, found.unfinished = body.loc[~set_aside], unfinished.loc[~set_aside]
    if set_aside_incomplete:
        found.unfinished = None
    return found


_UNREADABLE_DATE = "date illisible (format attendu : jj/mm/aaaa)"


def _dates(
    f: Field,
    raw: pd.Series,
    header: str,
    body: pd.DataFrame,
    mapping: Mapping,
    found: _Collector,
    unfinished: pd.Series | None,
    tomorrow: pd.Timestamp,
) -> pd.Series:
    values, bad = parse_dates(raw)
    found.rows(bad, raw, header, _UNREADABLE_DATE)
    for other in mapping.fallbacks.get(f.name, []):
        more, more_bad = parse_dates(body[other])
        found.rows(more_bad, body[other], other, _UNREADABLE_DATE)
        values = values.fillna(more)
    if unfinished is not None and f.name == "answered_on" and unfinished.any():
        # No other timestamp either: the file's latest date, the day it was exported at
        # the earliest (issue 12: never drop an unfinished response silently). Reached
        # only when the file covers a single month (see _undated_unfinished).
        latest = values.max()
        if pd.notna(latest):
            values = values.where(~(unfinished & values.isna()), latest.normalize())
    future = (values >= tomorrow) if not f.may_be_future else values.isna() & False
    found.rows(future, raw, header, "date dans le futur")
    too_old = values < OLDEST_PLAUSIBLE_DATE
    found.rows(too_old, raw, header, "date invraisemblable (avant 1990)")
    return values.where(~(future | too_old))  # datetime64: DuckDB casts to DATE on write


def _texts(
    f: Field,
    raw: pd.Series,
    header: str,
    organisation: Organisation,
    existing_names: dict[str, dict[str, str]],
    found: _Collector,
) -> pd.Series:
    texts, masked = mask_personal_values(clean_text(raw))
    found.masked += masked
    if f.type == "service":
        texts = _canonical_names(texts, organisation, existing_names.get(f.name, {}))
    elif f.choices:
        texts = normalise_choices(texts, f.choices)
        known = [canonical for canonical, _ in f.choices]
        found.rows(
            texts.notna() & ~texts.isin(known),
            raw,
            header,
            f"{f.label.lower()} inconnu, gardé tel quel et compté par aucun indicateur "
            f"qui ne le nomme pas (valeurs reconnues : {', '.join(known)})",
            "avertissement",
        )
    elif f.type == "label":
        texts = _canonical_names(texts, None, existing_names.get(f.name, {}))
    return texts


def _answered(
    out: pd.DataFrame,
    body: pd.DataFrame,
    mapping: Mapping,
    found: _Collector,
    no_answer: pd.Series,
) -> tuple[pd.DataFrame, list[int]]:
    """The records with an answer (wide surveys unpivoted), and the rows without any."""
    if mapping.questions:
        out = _unpivot_questions(out, body, mapping, found)
        answered = set(out["source_row"].tolist())
        return out, [int(r) for r in body.index if r not in answered and r not in found.invalid]
    unanswered = [int(r) for r in body.index[no_answer.to_numpy(dtype=bool)]]
    if unanswered:
        out = out.loc[~no_answer.to_numpy(dtype=bool)]
    out["source_row"] = out.index.astype("int32")
    return out, unanswered


def _undated_unfinished(body: pd.DataFrame, mapping: Mapping, unfinished: pd.Series) -> pd.Series:
    """Unfinished responses that no timestamp of the file can place in a month.

    Dating them at the file's latest date is right for a monthly export only: in a file that
    spans several months it would pile the unfinished responses of every month into the last
    one and move its rates. Those are set aside (and counted) instead."""
    dates, _ = parse_dates(body[mapping.columns["answered_on"]])
    for other in mapping.fallbacks.get("answered_on", []):
        dates = dates.fillna(parse_dates(body[other])[0])
    undated = unfinished & dates.isna()
    if not undated.any():
        return undated
    submitted = dates[~unfinished].dropna()
    months = submitted.dt.to_period("M").unique() if len(submitted) else []
    if len(months) <= 1:
        return undated & False  # one month: the file's latest date places them (below)
    return undated


def _unpivot_questions(
    out: pd.DataFrame, body: pd.DataFrame, mapping: Mapping, found: _Collector
) -> pd.DataFrame:
    """Wide export (one column per survey question or check criterion) -> one record per
    answer."""
    kind = SOURCE_KINDS[mapping.kind]
    item = kind.wide.item if kind.wide else "question"
    parts = []
    for question in mapping.questions:
        score, scale, bad = parser_for(kind.field("score").type, question)(body[question])
        found.rows(bad, body[question], question, "note illisible ou hors de l'échelle")
        part = out.copy()
        part[item] = question
        part["score"] = score
        part["scale_max"] = scale
        if kind.field("score").type == "score":
            part[INFERRED] = inferred_scale_rows(body[question], score, question)
        part["source_row"] = part.index.astype("int32")
        parts.append(part[score.notna()])
    if not parts:
        return out.assign(source_row=out.index.astype("int32")).iloc[0:0]
    return pd.concat(parts)


def found_bad_index(found: _Collector, index: pd.Index) -> pd.Series:
    return pd.Series(index.isin(list(found.invalid)), index=index)


def _canonical_names(
    values: pd.Series, organisation: Organisation | None, existing: dict[str, str]
) -> pd.Series:
    """One spelling per service or category: the configured name, else the one already in the
    database, else the most frequent spelling in the file."""
    codes, spellings = distinct_codes(values)
    counts = np.bincount(codes, minlength=len(spellings))
    keys = [name_key(v) if isinstance(v, str) and v else None for v in spellings]
    best: dict[str, tuple[int, str]] = {}  # folded key -> (count, most frequent spelling)
    for key, spelling, count in zip(keys, spellings, counts, strict=True):
        if key and (key not in best or count > best[key][0]):
            best[key] = (count, spelling)
    names = {}
    for key, (_, spelling) in best.items():
        # A formula-looking cell is never read as a configured service: kept as typed.
        known = organisation and not looks_like_formula(spelling)
        configured = organisation.canonical_service(spelling) if known else None
        names[key] = configured or existing.get(key) or spelling
    named = pa.array([names.get(k) if k else None for k in keys], type=pa.string())
    # Taken in Arrow: a million cells become offsets into a dozen names, not Python strings.
    return text_series(named.take(pa.array(codes)), values.index)


def _raw(body: pd.DataFrame, mapping: Mapping, field_name: str) -> pd.Series | None:
    header = mapping.columns.get(field_name)
    return body[header] if header in body.columns else None


def _day(values: pd.Series) -> pd.Series:
    return as_dates(values).dt.normalize()


def _check_consistency(
    out: pd.DataFrame,
    mapping: Mapping,
    body: pd.DataFrame,
    found: _Collector,
    organisation: Organisation,
) -> None:
    kind = SOURCE_KINDS[mapping.kind]
    for delay in kind.delays:
        if delay.name == "overdue":
            continue
        # Comparisons with an empty date (NaT) are false: only two known dates can disagree.
        # Days are compared, as they are stored: a request of 01/10 at 09:30 delivered « le
        # 01/10 » at the counter is delivered the same day, not before it.
        before = _day(out[delay.end]) < _day(out[delay.start])
        header = mapping.columns.get(delay.end)
        raw = _raw(body, mapping, delay.end)
        label = kind.field(delay.start).label.lower()
        found.rows(before, raw, header, f"date antérieure à la {label}")
    if "status" in out and kind.delays:
        end_field = kind.delays[0].end
        treated_no_end = out["status"].eq(STATUS_TREATED) & out[end_field].isna()
        header = mapping.columns.get("status")
        raw = _raw(body, mapping, "status")
        found.rows(
            treated_no_end,
            raw,
            header,
            f"statut « traité » sans {kind.field(end_field).label.lower()}",
            "avertissement",
        )
    # Two fields of a row that contradict each other: (rows, field shown, why, severity).
    contradictions = []
    if "acknowledged_on" in out and "answered_on" in out:
        late_ack = _day(out["acknowledged_on"]) > _day(out["answered_on"])
        why = "accusé de réception postérieur à la réponse"
        contradictions.append((late_ack, "acknowledged_on", why, "avertissement"))
    for rows, name, why in parts_above_wholes(kind, out, mapping.columns):
        contradictions.append((rows, name, why, "erreur"))
    for rows, name, why, severity in contradictions:
        header = mapping.columns.get(name)
        found.rows(rows, _raw(body, mapping, name), header, why, severity)
    if mapping.kind == "measurements":
        check_measurements(out, mapping, body, organisation, found, found.invalid)
    kept = out.loc[~out.index.isin(list(found.invalid))]
    found.problems.extend(implausible_warnings(kind, kept, mapping.columns))
