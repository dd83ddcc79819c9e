"""Small writers of real spreadsheet files for tests."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from qualiboard.domain.config import Config
from qualiboard.ingest.batches import ImportResult, import_file


def write_csv(
    path: Path,
    header: list[str],
    rows: list[list[object]],
    *,
    sep: str = ";",
    encoding: str = "utf-8",
    titles: list[str] | None = None,
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=sep)
        for title in titles or []:
            writer.writerow([title])
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
    return path


def write_xlsx(
    path: Path,
    header: list[str],
    rows: list[list[object]],
    *,
    titles: list[str] | None = None,
    sheet: str = "Feuil1",
) -> Path:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for title in titles or []:
        worksheet.append([title])
    worksheet.append(header)
    for row in rows:
        worksheet.append(row)
    workbook.save(path)
    return path


def fr(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def load(
    con, config: Config, path: Path, today: dt.date = dt.date(2026, 11, 3), **kw
) -> ImportResult:
    return import_file(con, path, config.organisation, today=today, **kw)


def assert_same_as_cell_by_cell(column, parsers) -> None:
    """Parsers decorated with `per_distinct_value` give what the cell-by-cell parser gives."""
    import pandas as pd

    for parser in parsers:
        fast, slow = parser(column), parser.__wrapped__(column)
        for got, expected in zip(
            fast if isinstance(fast, tuple) else [fast],
            slow if isinstance(slow, tuple) else [slow],
            strict=True,
        ):
            pd.testing.assert_series_equal(got, expected, check_dtype=False)


def person(name: str = "Mme Durand", role: str = "responsable qualité", services=()):
    """A signed-in identity for core calls; its label (the journal's « qui ») is `name`."""
    from qualiboard.store.access import Identity

    return Identity(name, name, role, tuple(services))


# ---------------------------------------------------------------- signing in (pages and browser)

DEMO_LOGINS = {
    "lecteur": "demo.lecteur",
    "pilote": "demo.pilote",
    "responsable qualité": "demo.qualite",
    "administrateur": "demo.admin",
}


def sign_in_app(app, db_path: Path, role: str = "responsable qualité", login: str | None = None):
    """Sign an AppTest in as the demo account of `role` (or `login`) through the real session
    path: a session is opened in the database and its token handed to the app, as the sign-in
    page does. Call before `app.run()`."""
    from qualiboard.store.accounts import identity_for, open_session
    from qualiboard.store.db import connect

    con = connect(db_path)
    try:
        identity = identity_for(con, login or DEMO_LOGINS[role], "compte local")
        assert identity is not None, f"aucun compte actif pour {login or role}"
        app.session_state["session_token"] = open_session(con, identity)
    finally:
        con.close()
    return app


def sign_in(page, base_url: str, role: str = "responsable qualité", *, login=None, password=None):
    """Sign a Playwright page in through the French sign-in page, as a person would (demo
    account of `role` unless `login`/`password` are given). The session cookie then keeps the
    browser context signed in across `page.goto`."""
    from qualiboard.store.accounts import DEMO_PASSWORD

    page.goto(base_url)
    _idle(page)
    form = page.get_by_label("Identifiant")
    button = page.get_by_role("button", name="Se connecter", exact=True)
    form.or_(button).first.wait_for(timeout=60_000)
    if not form.is_visible():  # anonymous reading: the sidebar offers to sign in
        button.click()
        form.wait_for(timeout=60_000)
        _idle(page)
    form.fill(login or DEMO_LOGINS[role])
    page.get_by_label("Mot de passe").fill(password or DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter", exact=True).click()
    page.get_by_text("Connecté :").first.wait_for(timeout=60_000)
    # The cookie is written by a script of the next run: wait until the browser holds it.
    page.wait_for_function("() => document.cookie.includes('qualiboard_session=')", timeout=30_000)
    return page


def _idle(page) -> None:
    """Streamlit has finished its run: nothing running, stale or still computing."""
    page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')"
        " && !document.querySelector('[data-testid=\"stSpinner\"]')"
        " && !document.querySelector('.stale-element')",
        timeout=120_000,
    )
    page.wait_for_timeout(500)


def overview_headline(app) -> str:
    """The overview's headline as a reader sees it (« 21 engagements sur 39 atteints en octobre
    2026 — tous les services »): the first heading of the page's cards block."""
    import re

    from qualiboard.present.safe import shown

    for block in app.html:
        found = re.search(r'<h3 class="qb-heading">(.*?)</h3>', block.value)
        if found:
            return shown(found.group(1))
    raise AssertionError("no overview headline on the page")
