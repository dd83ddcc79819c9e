"""Who may see a page and how a page runs: sign-in, permissions, the dashboard around every page,
the public page for visitors, errors shown with an incident number."""

from __future__ import annotations

import contextlib
import logging
import runpy
import secrets
import sys
from typing import NoReturn

import streamlit as st

from pages import _signin
from pages._navigation import app_pages
from pages._session import _RUN, database
from qualiboard.domain.config import Config
from qualiboard.present.safe import plain
from qualiboard.store.access import AccessDenied, Identity, can
from qualiboard.store.db import Connection

LOG = logging.getLogger("qualiboard")


def identity() -> Identity:
    """The signed-in person of this run (set by the dashboard before the page runs)."""
    who = st.session_state.get("identity")
    if not isinstance(who, Identity):
        raise AccessDenied("connectez-vous")
    return who


def allowed(permission: str, service: str | None = None) -> bool:
    """Whether to show a write (the core checks again when it is done)."""
    return can(st.session_state.get("identity"), permission, service)


def require_page(permission: str) -> Identity:
    """Pages that a role may not open say so in French, even when reached by their address."""
    who = identity()
    if not can(who, permission):
        _signin.refusal(who, permission)
        stop_page()
    return who


def who_is_signed_in(con: Connection) -> Identity | None:
    return _signin.signed_in(con)


def sign_in(con: Connection, cfg: Config, who: Identity | None) -> Identity:
    """The signed-in person, or the sign-in page (which stops the run)."""
    if who is None:
        _signin.sign_in_page(con, cfg.organisation.name)
    assert who is not None
    st.session_state["identity"] = who
    _signin.account_box(con, who)
    _signin.keep_cookie()
    return who


class PageEnd(Exception):
    """Raised by `stop_page`: the page has nothing more to show."""


def stop_page() -> NoReturn:
    """End the page here. Unlike st.stop, the dashboard's run goes on after the page: the
    sidebar's filters, drawn after it, stay on screen (a page without data or without an
    indicator for the chosen module must still let the reader choose another)."""
    raise PageEnd


def run_page(navigation) -> None:
    """Run the chosen page. A refusal of the core is shown in French; any other error shows an
    incident number, and its traceback goes to the server log only (showErrorDetails is off)."""
    try:
        navigation.run()
    except PageEnd:
        pass
    except AccessDenied as denied:
        st.error(f"Accès refusé : {plain(denied)}.")
    except Exception:
        incident = secrets.token_hex(4).upper()
        LOG.exception("incident %s on page %s", incident, getattr(navigation, "url_path", "?"))
        st.error(
            f"Une erreur inattendue est survenue (incident n° {incident}). Rien n'a été "
            "enregistré par cette action. Réessayez ; si l'erreur revient, communiquez ce "
            "numéro à l'administrateur, qui en trouvera le détail dans le journal du serveur."
        )


def within_dashboard(_caller_depth: int = 1) -> None:
    """Called first by every page. On a freshly started server, a bookmarked page is run by
    Streamlit on its own, without the dashboard around it (no filters, no navigation): declaring
    the navigation hands every later run to the dashboard, which then opens that page."""
    # Without the dashboard's run before it (sign-in, filters), a page never runs on its own.
    if "filters" not in st.session_state or "identity" not in st.session_state:
        st.navigation(app_pages(), position="hidden")
        st.rerun()
    if not getattr(_RUN, "held", False):
        # Run on its own with the dashboard's state (Streamlit's page folder mode): the page
        # runs again here, in this same run so that a click is not lost, with the database held.
        page_file = sys._getframe(_caller_depth).f_globals["__file__"]
        with database(), contextlib.suppress(PageEnd):
            runpy.run_path(page_file, run_name="__page__")
        st.stop()


_PUBLIC_VISIT = "public_visit"


def open_public_page(con: Connection, who: Identity | None, navigation) -> None:
    """A visitor who is not signed in reaches the citizens' page when an administrator opened
    it: the page runs alone (no sidebar, no filters) and the run stops there."""
    from qualiboard.views.citizen import PAGE, public_page_open

    if who is not None or navigation.url_path != PAGE or not public_page_open(con):
        st.session_state.pop(_PUBLIC_VISIT, None)
        return
    st.session_state[_PUBLIC_VISIT] = True
    run_page(navigation)
    st.stop()


def is_public_visit() -> bool:
    return bool(st.session_state.get(_PUBLIC_VISIT))


def within_dashboard_or_public() -> None:
    """`within_dashboard`, for the one page a visitor may see without signing in."""
    if not is_public_visit():
        within_dashboard(_caller_depth=2)  # the page that called this one is to run again
