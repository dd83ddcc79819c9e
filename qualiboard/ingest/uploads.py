"""Files dropped on the import page wait in a temporary folder until confirmed or discarded."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tempfile
from pathlib import Path

UPLOAD_DIR = Path(tempfile.gettempdir()) / "qualiboard_uploads"


UPLOAD_MAX_AGE = dt.timedelta(hours=6)


def store_upload(name: str, data: bytes) -> Path:
    """A file received by the browser, kept under its content hash until it is imported or
    refused (`discard_upload`); the archive keeps imported files for good. Uploads left behind
    by a closed tab are removed after a few hours."""
    _remove_stale_uploads()
    folder = UPLOAD_DIR / hashlib.sha256(data).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(name).name
    if not path.exists():
        path.write_bytes(data)
    return path


def discard_upload(path: Path) -> None:
    """Delete an uploaded file once it is imported or refused (never a file outside uploads)."""
    path = Path(path)
    if UPLOAD_DIR.resolve() not in path.resolve().parents:
        return
    shutil.rmtree(path.parent, ignore_errors=True)


def _remove_stale_uploads() -> None:
    if not UPLOAD_DIR.exists():
        return
    oldest = (dt.datetime.now() - UPLOAD_MAX_AGE).timestamp()
    for folder in UPLOAD_DIR.iterdir():
        try:
            if folder.stat().st_mtime < oldest:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
