"""The database and the day of this script run: where the files are, the database held open for
the run (the command line uses it between runs), a cursor on it."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import streamlit as st

from qualiboard.domain.config import Config, ConfigError, load_config
from qualiboard.present.safe import plain
from qualiboard.store.db import Connection
from qualiboard.store.environment import catalogue_path, database_path, pinned_today
from qualiboard.store.gate import DatabaseBusy, Gate, gate
from qualiboard.views.figures import config_error_text
from qualiboard.views.inventory import figures_key

T = TypeVar("T")


def db_path() -> Path:
    return database_path()


def config_path() -> Path:
    return catalogue_path()


def archive_dir() -> Path:
    """Where imported files are kept (without their personal columns), beside the database."""
    return db_path().parent / "archive"


def today() -> dt.date:
    """The reference day of the period rules; QUALIBOARD_TODAY pins it for reviews and tests."""
    return pinned_today() or dt.date.today()


# How long a page run waits for a command line holding the database before saying so.
PAGE_WAIT = float(os.environ.get("QUALIBOARD_PAGE_WAIT", "30"))


HIDE_PAGE_FILES = "<style>[data-testid='stSidebarNav']{display:none}</style>"


_RUN = threading.local()  # whether this script run holds the database (see `database`)


def database_gate() -> Gate:
    # The file stays open a moment after a run, so that a burst of clicks opens it once.
    return gate(db_path(), "le tableau de bord", linger=0.5)


@contextmanager
def database() -> Iterator[None]:
    """The database file held open for this script run (see qualiboard.store.gate): the command
    line can use it between runs, and a run that finds it held waits and says so in French."""
    # The waiting message's place, made only when the run waits: an empty placeholder in every
    # run was the last thing a new browser drew, at the run's very end.
    notice = None

    def waiting(message: str) -> None:
        nonlocal notice
        if notice is None:
            notice = st.empty()
        with notice.container():
            # Before the dashboard declares its pages, Streamlit lists the raw page files.
            st.html(HIDE_PAGE_FILES)
            st.info(plain(message))

    def clear_notice() -> None:
        if notice is not None:
            notice.empty()

    try:
        session = database_gate().session(wait=PAGE_WAIT, on_wait=waiting)
        session.__enter__()
    except DatabaseBusy as busy:
        clear_notice()
        st.html(HIDE_PAGE_FILES)
        st.error(f"La base de données n'est pas disponible : {plain(busy)}.")
        st.info("Rechargez la page (touche F5) dans un moment.")
        st.stop()
    clear_notice()
    _RUN.held = True
    try:
        yield
    except BaseException as exc:
        _RUN.held = False
        session.__exit__(type(exc), exc, exc.__traceback__)
        raise
    else:
        _RUN.held = False
        session.__exit__(None, None, None)


def with_database(compute: Callable[[], T]) -> Callable[[], T]:
    """`compute` as a download's data: run when the reader asks for the file, on a thread of
    its own, with the database opened for that moment."""

    def run() -> T:
        with database_gate().session(wait=PAGE_WAIT):
            return compute()

    return run


def connection() -> Connection:
    """A cursor on the database held open by this run (cursors are thread-safe)."""
    return database_gate().cursor()


def config() -> Config:
    """The catalogue, read again only when the file changes (`load_config` keeps it)."""
    try:
        return load_config(config_path())
    except ConfigError as exc:
        title, errors, advice = config_error_text(config_path(), exc)
        st.error(title)
        st.markdown(errors)
        st.info(advice)
        st.stop()
        raise  # unreachable: st.stop raises


def cache_key(con: Connection) -> str:
    """What every cached figure depends on (`views.inventory.figures_key`)."""
    return figures_key(con, db_path(), config_path(), today())
