"""View-model of the public page « Résultats pour les usagers »: which years can be shown, which
year by default, whether the page is open to the public, and its HTML."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from qualiboard.domain.config import Config
from qualiboard.present.citizen_html import citizen_document, citizen_fragment, title
from qualiboard.steering.citizen_results import public_results
from qualiboard.store.settings import PUBLIC_BY_SERVICE, PUBLIC_RESULTS, is_on
from qualiboard.views.inventory import data_month_range, default_month

PAGE = "resultats"  # address of the page (pages/resultats.py)


@dataclass
class CitizenPage:
    year: int
    title: str
    open_to_public: bool
    by_service: bool
    fragment: str  # the page's HTML, under the page's own title
    document: str  # the same as a complete A4 document, to download and print

    @property
    def poster_stem(self) -> str:
        """The downloaded poster's file name, before its date."""
        return f"resultats_usagers_{self.year}"

    def notice(self, visitor: bool) -> str | None:
        """What a signed-in reader is told while the page is not yet open to the public."""
        if visitor or self.open_to_public:
            return None
        return (
            "Aperçu : cette page n'est pas encore ouverte au public. Un administrateur l'ouvre "
            "dans « Comptes et réglages » ; elle est alors consultable sans connexion à "
            "l'adresse …/resultats."
        )


def public_page_open(con: duckdb.DuckDBPyConnection) -> bool:
    return is_on(con, PUBLIC_RESULTS)


def years_available(con: duckdb.DuckDBPyConnection, today: dt.date) -> list[int]:
    """Years with data, the latest first, up to the last complete month."""
    bounds = data_month_range(con)
    last = default_month(con, today)
    if bounds is None or last is None:
        return []
    return list(range(last.year, bounds[0].year - 1, -1))


def citizen_page(
    con: duckdb.DuckDBPyConnection,
    config: Config,
    year: int,
    today: dt.date,
    published_on: dt.date | None = None,
) -> CitizenPage:
    last = default_month(con, today) or today.replace(day=1)
    until = dt.date(year, 12, 1) if year < last.year else last
    by_service = is_on(con, PUBLIC_BY_SERVICE)
    results = public_results(con, config, year, until, by_service=by_service, today=today)
    published_on = published_on or today
    return CitizenPage(
        year=year,
        title=title(results),
        open_to_public=public_page_open(con),
        by_service=by_service,
        fragment=citizen_fragment(results, published_on, with_title=False),
        document=citizen_document(results, published_on),
    )
