"""The real dashboard served on a free local port, for the browser benches and tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Headless Chromium as the project runs it everywhere: no first-run page, no background
# network or component update competing with the page measured.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def dashboard(
    env: dict[str, str],
    *,
    port: int | None = None,
    options: tuple[str, ...] = (),
    log: IO[str] | None = None,
    start_seconds: float = 120,
) -> Iterator[str]:
    """`streamlit run dashboard.py` with `env` added to this process's environment, until
    its health check answers; yields its address and stops it after."""
    port = port or free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless=true"]
        + [f"--server.port={port}", "--server.address=127.0.0.1"]
        + ["--browser.gatherUsageStats=false", *options],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log if log is not None else subprocess.DEVNULL,
        stderr=subprocess.STDOUT if log is not None else subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_seconds
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("le tableau de bord n'a pas démarré") from None
                time.sleep(0.3)
        # Ready as a service is declared ready (README « Mettre en service »): once the
        # dashboard has run once, its code loaded and its figures being computed ahead.
        with urllib.request.urlopen(f"{url}/_stcore/script-health-check", timeout=120) as ok:
            if ok.status != 200:
                raise RuntimeError("le tableau de bord ne s'exécute pas")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
