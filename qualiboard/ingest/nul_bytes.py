"""A few NUL bytes in a text export are debris, not a sign of a binary file.

Some tools (or a copy through a terminal, a database dump) leave a stray NUL byte in a text
cell. Such a CSV is read with the NUL removed and the user told which lines held one. A real
binary file (a workbook, a PDF, an image renamed .csv, random bytes) has many NULs, other
control bytes or a known signature: it keeps being refused.
"""

from __future__ import annotations

import re

from qualiboard.domain.text import number

# Containers whose first bytes say what they are, whatever their name ends with.
BINARY_SIGNATURES = (
    b"PK\x03\x04",  # zip: xlsx, ods, docx
    b"%PDF",
    bytes.fromhex("D0CF11E0A1B11AE1"),  # OLE: xls, doc, encrypted Office files
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",  # JPEG
    b"\x1f\x8b",  # gzip
)
MAX_STRAY = 16  # NULs in a whole file that is text otherwise; a binary file holds thousands
SAMPLE = 1_000_000
_CONTROLS = re.compile(rb"[\x01-\x08\x0b\x0e-\x19\x1b-\x1f]")  # tab, line ends, ^Z are text
_HIGH = re.compile(rb"[\x80-\xff]")


def _looks_like_text(raw: bytes, nuls: int) -> bool:
    sample = raw[:SAMPLE].replace(b"\x00", b"")
    if raw.startswith(BINARY_SIGNATURES) or nuls > MAX_STRAY or nuls * 100 > len(raw):
        return False
    if _CONTROLS.search(sample):
        return False
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3:  # a character cut by the sample's end
            return True
    # Latin-1 / Windows-1252 French text: accents are a small share of the bytes.
    return len(_HIGH.findall(sample)) * 10 < len(sample)


def strip_stray_nuls(raw: bytes) -> tuple[bytes, list[int]] | None:
    """The file without its NUL bytes and the lines (1-based) that held one; `raw` as is when
    it holds none; None when it is a binary file (to be refused)."""
    nuls = raw.count(b"\x00")
    if not nuls:
        return raw, []
    if not _looks_like_text(raw, nuls):
        return None
    positions = [m.start() for m in re.finditer(b"\x00", raw)]
    lines = sorted({raw.count(b"\n", 0, p) + 1 for p in positions})
    return raw.replace(b"\x00", b""), lines


def stray_nuls_note(lines: list[int]) -> str:
    """What the user is told: which lines held a NUL byte, removed."""
    shown = [number(n) for n in lines[:10]]
    where = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " et " + shown[-1]
    more = f" (et {number(len(lines) - 10)} autres)" if len(lines) > 10 else ""
    return (
        f"caractère nul (octet 0) retiré, ligne{'s' if len(lines) > 1 else ''} {where}{more} : "
        "ce caractère invisible, laissé par l'outil d'export, ne fait pas partie des données ; "
        "le reste de la cellule est lu tel quel"
    )
