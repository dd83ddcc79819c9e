"""Read spreadsheets into raw grids of cells, whatever the tool that exported them.

Excel and OpenDocument files go through python-calamine; CSV/TXT through DuckDB's reader after
the encoding and the separator have been detected. A grid keeps the row numbers the user sees in
Excel so that every message can point at the right line.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import python_calamine as calamine

from qualiboard.domain.text import number
from qualiboard.ingest.distinct import text_series
from qualiboard.ingest.errors import ImportRefused
from qualiboard.ingest.merged import fill_merged_down, ods_merged_ranges
from qualiboard.ingest.nul_bytes import stray_nuls_note, strip_stray_nuls
from qualiboard.ingest.safe_read import MAX_COLUMNS, check_workbook
from qualiboard.ingest.shown_cells import restore_negative_times, show_percent_cells

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
SUPPORTED_SUFFIXES = SPREADSHEET_SUFFIXES | TEXT_SUFFIXES
SNIFF_RECORDS = 200


@dataclass
class RawSheet:
    """A grid of cells; `frame.index` holds the row numbers as Excel shows them (1-based).

    For a CSV, the row number is the line where the record starts; `field_counts` (aligned on
    the frame) says how many fields each record had, so that a ragged record is reported instead
    of being padded or cut; `blank_rows` are the blank lines the frame leaves out."""

    name: str | None
    frame: pd.DataFrame
    field_counts: pd.Series | None = None
    blank_rows: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what reading changed, told to the user


def sheet_names(path: Path) -> list[str]:
    """Names of the sheets that hold data (one pseudo-sheet for a CSV)."""
    if path.suffix.lower() in TEXT_SUFFIXES:
        return []
    workbook = _open_workbook(path)
    names = []
    for meta in workbook.sheets_metadata:
        if (
            str(meta.visible).lower().endswith("visible")
            and "hidden" not in str(meta.visible).lower()
        ):
            try:
                sheet = _sheet(path, meta.name)
            except BaseException as exc:  # calamine's errors have no common base; panics neither
                _reraise_interrupts(exc)
                raise ImportRefused(
                    path.name,
                    "la feuille est illisible ou endommagée ; réenregistrez le classeur depuis "
                    "votre tableur",
                    sheet=meta.name,
                ) from exc
            if sheet.height > 0 and sheet.width > 0:
                names.append(meta.name)
    return names


@functools.lru_cache(maxsize=4)
def _loaded_sheet(path: str, size: int, mtime: float, name: str) -> calamine.CalamineSheet:
    return calamine.CalamineWorkbook.from_path(path).get_sheet_by_name(name)


def forget_parsed_sheets() -> None:
    """Drop the parsed sheets kept for the next look at the same file."""
    _loaded_sheet.cache_clear()


def _sheet(path: Path, name: str) -> calamine.CalamineSheet:
    """A sheet parsed once, however often its file is looked at (sheet list, then reading)."""
    stat = path.stat()
    return _loaded_sheet(str(path), stat.st_size, stat.st_mtime, name)


def read_sheet(path: Path, sheet: str | None = None) -> RawSheet:
    suffix = path.suffix.lower()
    if path.stat().st_size == 0:
        raise ImportRefused(path.name, "le fichier est vide")
    if suffix in TEXT_SUFFIXES:
        return _read_csv(path)
    if suffix in SPREADSHEET_SUFFIXES:
        return _read_workbook(path, sheet)
    raise ImportRefused(
        path.name,
        f"format « {suffix or 'sans extension'} » non pris en charge ; formats acceptés : "
        + ", ".join(sorted(SUPPORTED_SUFFIXES)),
    )


# ---------------------------------------------------------------- workbooks


ZIP_SUFFIXES = {".xlsx", ".xlsm", ".ods"}
MAX_UNCOMPRESSED = 1_000_000_000  # bytes: a year of exports is a few tens of megabytes
MAX_RATIO = 200  # XML compresses ~10:1; a member far beyond that is a decompression bomb
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def _check_container(path: Path) -> None:
    """Refuse, before parsing, what would exhaust memory or is not what its name says."""
    suffix = path.suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(8)
    if suffix in ZIP_SUFFIXES and head == OLE_MAGIC:
        # An encrypted Office file is an OLE container, whatever its extension.
        raise ImportRefused(
            path.name,
            "le fichier est protégé par un mot de passe (ou enregistré dans un ancien format) ; "
            "ouvrez-le dans votre tableur et enregistrez-le sans mot de passe, au format .xlsx",
        )
    if suffix not in ZIP_SUFFIXES:
        return
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except Exception as exc:  # zipfile raises several unrelated types for damaged archives
        raise ImportRefused(
            path.name,
            f"le fichier est illisible ou endommagé (ce n'est pas un classeur {suffix} valide) ; "
            "réenregistrez-le depuis votre tableur",
        ) from exc
    total = sum(m.file_size for m in members)
    inflated = [m for m in members if m.file_size > 50_000_000 and m.compress_size > 0]
    if total > MAX_UNCOMPRESSED or any(m.file_size / m.compress_size > MAX_RATIO for m in inflated):
        raise ImportRefused(
            path.name,
            "le classeur se décompresse en une taille anormale (plus de "
            f"{total // 1_000_000} Mo) : il est refusé par sécurité",
        )


@functools.lru_cache(maxsize=16)
def _sized(path: str, size: int, mtime: float) -> None:
    check_workbook(Path(path), Path(path).name)


def _open_workbook(path: Path) -> calamine.CalamineWorkbook:
    _check_container(path)
    stat = path.stat()
    _sized(str(path), stat.st_size, stat.st_mtime)
    try:
        return calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError as exc:
        raise ImportRefused(
            path.name, "le fichier est protégé par un mot de passe ; enregistrez-le sans protection"
        ) from exc
    except BaseException as exc:  # calamine raises several unrelated types for damaged files
        _reraise_interrupts(exc)
        raise ImportRefused(
            path.name,
            "le fichier est illisible ou endommagé (ce n'est pas un classeur "
            f"{path.suffix.lower()} valide) ; réenregistrez-le depuis votre tableur",
        ) from exc


def _reraise_interrupts(exc: BaseException) -> None:
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
        raise exc


def _read_workbook(path: Path, sheet: str | None) -> RawSheet:
    workbook = _open_workbook(path)
    names = sheet_names(path)
    if sheet is None:
        if not names:
            raise ImportRefused(
                path.name, "le classeur ne contient aucune feuille avec des données"
            )
        sheet = names[0]
    elif sheet not in workbook.sheet_names:
        raise ImportRefused(
            path.name, f"la feuille « {sheet} » n'existe pas ; feuilles : {', '.join(names)}"
        )
    try:
        parsed = _sheet(path, sheet)
        rows = parsed.to_python(skip_empty_area=False)
        # Known from the sheet's XML already parsed (xlsx; None where calamine has no merges).
        merged = parsed.merged_cell_ranges
        if merged is None and path.suffix.lower() == ".ods":
            merged = ods_merged_ranges(path, sheet)
    except BaseException as exc:  # a Rust panic is no Exception
        _reraise_interrupts(exc)
        raise ImportRefused(
            path.name, "la feuille est illisible ou endommagée", sheet=sheet
        ) from exc
    fill_merged_down(rows, merged)
    frame = _grid(rows)
    restore_negative_times(path, sheet, frame)  # -00:00:45 read by calamine as 23:59:15
    show_percent_cells(path, sheet, frame)  # « 99,95 % » read by calamine as 0.9995
    return RawSheet(sheet, frame)


def _grid(rows: list[list[object]]) -> pd.DataFrame:
    """Rows of cells as a frame. A column of text only is held by Arrow, as CSV columns are:
    its checks and clean-up then run in Arrow's kernels, not cell by cell."""
    frame = pd.DataFrame(rows, dtype=object)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    for column in frame.columns:
        try:
            text = pa.array(frame[column].to_numpy(), type=pa.string())
        except (pa.ArrowTypeError, pa.ArrowInvalid):  # numbers, dates, mixed cells
            continue
        frame[column] = text_series(text, frame.index)
    return frame


# ---------------------------------------------------------------- CSV


def detect_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the sample boundary is still UTF-8.
        if exc.start >= len(sample) - 3:
            return "utf-8"
    # Mostly well-formed UTF-8 with a few stray bytes: UTF-8, read line by line later on.
    decoded = sample.decode("utf-8", errors="replace")
    invalid = decoded.count("\ufffd")
    well_formed = sum(1 for ch in decoded if ord(ch) > 127) - invalid
    if well_formed > invalid:
        return "utf-8"
    try:
        sample.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text saved without its byte-order mark: every other byte of ASCII text is zero."""
    if len(sample) < 8 or sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.8 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.8 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _decode_line_by_line(raw: bytes) -> str:
    lines = []
    for line in raw.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
    return "\n".join(lines)


def detect_separator(text: str) -> str:
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ";", -1.0
    for sep in (";", "\t", ",", "|"):
        counts = [line.count(sep) for line in lines]
        if not counts or max(counts) == 0:
            continue
        # A separator that splits many lines into the same number of fields wins.
        mode = max(set(counts), key=counts.count)
        score = counts.count(mode) * (1 + (mode > 0)) + mode / 100
        if score > best_score:
            best, best_score = sep, score
    return best


# Python's reader refuses a field over 128 KiB (a long comment pasted in a cell). The whole text
# is in memory already, so a field up to this size costs nothing more.
CSV_FIELD_LIMIT = 32 * 1024 * 1024
csv.field_size_limit(CSV_FIELD_LIMIT)


def _read_csv(path: Path) -> RawSheet:
    raw = path.read_bytes()
    wide = _utf16_without_bom(raw[:65536])
    if wide:
        raw = (codecs.BOM_UTF16_LE if wide == "utf-16-le" else codecs.BOM_UTF16_BE) + raw
    raw, notes = _without_stray_nuls(path, raw)
    stray_nuls = bool(notes)
    encoding = detect_encoding(raw[:1_000_000])
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        if encoding in ("utf-8", "utf-8-sig"):
            # UTF-8 at the start, not everywhere: exports pasted together from two tools.
            encoding, text = "mixte", _decode_line_by_line(raw.removeprefix(codecs.BOM_UTF8))
        else:
            encoding, text = "latin-1", raw.decode("latin-1")
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ImportRefused(path.name, "le fichier est vide")
    # The file on disk is read as is unless bytes were taken out of it (then from a copy).
    on_disk = encoding in ("utf-8", "utf-8-sig") and not stray_nuls
    if "\r" in text and "\n" not in text:
        # Old Mac exports end lines with a carriage return alone: read as lines, from a copy.
        text, on_disk = text.replace("\r", "\n"), False
    separator = detect_separator(text[:200_000])
    # UTF-8 files are shaped on their own bytes: no second copy of a large file.
    utf8 = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
    lines, counts = _record_shapes(path.name, text, separator, utf8 if on_disk else None)
    width = int(np.abs(counts).max(initial=1))
    if width > MAX_COLUMNS:
        where = int(lines[int(np.argmax(np.abs(counts)))])
        raise ImportRefused(
            path.name,
            f"la ligne {where} compte {number(width)} champs (au plus "
            f"{number(MAX_COLUMNS)} colonnes acceptées) : dimensions anormales, fichier "
            "refusé par sécurité",
        )
    filled = counts != 0
    try:
        frame = _duckdb_csv(path, text, encoding if on_disk else "copie", separator, width)
    except (duckdb.Error, ValueError):
        frame = None
    if frame is None or len(frame) != int(filled.sum()):
        # DuckDB and the record structure disagree (a quote it reads otherwise): Python's reader
        # gives the records the shapes were taken from.
        try:
            frame = _python_csv(text, separator, width)
        except csv.Error as exc:
            raise ImportRefused(path.name, _UNREADABLE_CSV) from exc
        if len(frame) != int(filled.sum()):
            raise ImportRefused(path.name, _UNREADABLE_CSV)
    frame.index = pd.Index(lines[filled], dtype="int64")
    field_counts = pd.Series(counts[filled], index=frame.index)
    return RawSheet(None, frame, field_counts, lines[~filled].tolist(), notes)


def _without_stray_nuls(path: Path, raw: bytes) -> tuple[bytes, list[str]]:
    """The text without the few NUL bytes a tool left in it, and the note saying where; a
    binary file is refused. UTF-16 text is made of NULs: it is left as it is."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw, []
    stripped = strip_stray_nuls(raw)
    if stripped is None:
        raise ImportRefused(
            path.name, "ce fichier n'est pas un fichier texte CSV (contenu binaire)"
        )
    text, lines = stripped
    return text, [stray_nuls_note(lines)] if lines else []


_UNREADABLE_CSV = (
    "le fichier n'est pas un CSV lisible (guillemets ou fins de ligne incohérentes) ; "
    "réenregistrez-le depuis votre tableur au format CSV"
)


def _record_shapes(
    name: str, text: str, separator: str, utf8: bytes | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """First line and number of fields of every record (0 for a blank line). Without any quote
    the lines are the records and numpy counts their separators; with quotes, Python's reader
    walks the records, and a quote left open is refused with its line."""
    if '"' not in text:
        data = np.frombuffer(utf8 if utf8 is not None else text.encode("utf-8"), dtype=np.uint8)
        ends = np.flatnonzero(data == 10)
        if not len(ends) or ends[-1] != len(data) - 1:
            ends = np.append(ends, len(data))
        starts = np.concatenate([[0], ends[:-1] + 1])
        separators = np.flatnonzero(data == ord(separator))
        counts = np.searchsorted(separators, ends) - np.searchsorted(separators, starts) + 1
        length = ends - starts
        carriage = (length > 0) & (data[np.minimum(np.maximum(ends - 1, 0), len(data) - 1)] == 13)
        blank = (length - carriage) == 0
        counts[blank] = 0
        return np.arange(1, len(starts) + 1, dtype=np.int64), counts
    reader = csv.reader(io.StringIO(text), delimiter=separator, strict=True)
    lines: list[int] = []
    counts: list[int] = []
    previous = 0
    merged: list[int] = []
    try:
        for record in reader:
            lines.append(previous + 1)
            counts.append(len(record) if any(record) or len(record) > 1 else 0)
            if reader.line_num - previous > 1 and _holds_whole_lines(record, separator):
                merged.append(len(counts) - 1)
            previous = reader.line_num
    except csv.Error as exc:
        if "new-line" in str(exc):  # a carriage return alone inside a line: no CSV export
            raise ImportRefused(name, f"ligne {previous + 1} : {_UNREADABLE_CSV}") from exc
        raise ImportRefused(
            name,
            f"ligne {previous + 1} : guillemet non refermé ou mal placé ; la suite du fichier "
            "serait lue comme une seule cellule. Corrigez cette ligne ou réenregistrez le "
            "fichier depuis votre tableur au format CSV",
        ) from exc
    shapes = np.array(counts, dtype=np.int64)
    if merged:
        # A negative count marks a record that swallowed whole lines: a quote closed too late.
        shapes[merged] = -shapes[merged]
    return np.array(lines, dtype=np.int64), shapes


def _holds_whole_lines(record: list[str], separator: str) -> bool:
    """A field over several lines one of which holds as many separators as a record: a quote
    opened by mistake that swallowed the next record(s), not a comment written on two lines."""
    width = len(record)
    for value in record:
        if "\n" in value:
            pieces = value.split("\n")
            if any(p.count(separator) >= max(width - 1, 2) for p in pieces):
                return True
    return False


def _duckdb_csv(path: Path, text: str, encoding: str, separator: str, width: int) -> pd.DataFrame:
    columns = {f"c{i}": "VARCHAR" for i in range(width)}
    query = (
        "SELECT * FROM read_csv(?, delim = ?, header = false, quote = '\"', escape = '\"', "
        "auto_detect = false, null_padding = true, parallel = false, strict_mode = false, "
        "columns = ?)"
    )
    con = duckdb.connect()
    try:
        # Through Arrow: the text stays in Arrow buffers instead of a million Python strings.
        if encoding == "utf-8":
            table = con.sql(query, params=[str(path), separator, columns]).to_arrow_table()
        else:
            with tempfile.NamedTemporaryFile("w", suffix=".csv", encoding="utf-8") as utf8:
                utf8.write(text)
                utf8.flush()
                table = con.sql(query, params=[utf8.name, separator, columns]).to_arrow_table()
        return table.to_pandas()
    finally:
        con.close()


def _python_csv(text: str, separator: str, width: int) -> pd.DataFrame:
    records = csv.reader(io.StringIO(text), delimiter=separator)
    rows = [r for r in records if any(r) or len(r) > 1]
    frame = pd.DataFrame(rows, dtype=object, columns=range(width) if rows else None)
    # Empty fields as missing cells, as DuckDB's reader gives them.
    return frame.where(frame != "", None) if len(frame) else frame.reindex(columns=range(width))
