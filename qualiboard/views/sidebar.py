"""The global filters of the sidebar (month, comparison, service, module): the choices offered,
the ones preselected from the page's address (a shared link opens the same view), and the
address that keeps the choices made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from qualiboard.domain.periods import add_months, parse_month

ALL = "Tous"
COMPARISONS = {"previous": "Période précédente", "year": "Même période l'an dernier"}
# The address's parameters, in the order they are written.
PARAMETERS = ("mois", "comparer", "service", "module")


@dataclass(frozen=True)
class SidebarChoices:
    """Each filter's options and the index preselected."""

    months: list[dt.date]  # the latest first
    month: int
    comparison: int
    services: list[str]  # ALL first
    service: int
    modules: list[int | None]  # None (every module) first
    module: int


def sidebar_choices(
    bounds: tuple[dt.date, dt.date],
    default: dt.date | None,
    services: list[str],
    modules: list[int],
    query: dict[str, str],
) -> SidebarChoices:
    """The options between the data's first and last months, preselected from `query` (the
    address's parameters) when they name an option, else the default month and « Tous »."""
    months, current = [], bounds[1]
    while current >= bounds[0]:
        months.append(current)
        current = add_months(current, -1)
    default = default or bounds[1]
    try:
        chosen = parse_month(query["mois"]) if query.get("mois") else default
    except ValueError:
        chosen = default
    if chosen not in months:
        chosen = default
    offered_services = [ALL, *services]
    offered_modules: list[int | None] = [None, *modules]
    wanted_module = query.get("module") or ""
    module = int(wanted_module) if wanted_module.isdigit() else None
    return SidebarChoices(
        months=months,
        month=months.index(chosen),
        comparison=1 if query.get("comparer") == "year" else 0,
        services=offered_services,
        service=offered_services.index(query["service"])
        if query.get("service") in offered_services
        else 0,
        modules=offered_modules,
        module=offered_modules.index(module) if module in offered_modules else 0,
    )


def address(month: dt.date, comparison: str, service: str, module: int | None) -> dict[str, str]:
    """The address's parameters that keep the choices (« Tous » and every module left out)."""
    params = {"mois": f"{month:%Y-%m}", "comparer": comparison}
    if service != ALL:
        params["service"] = service
    if module is not None:
        params["module"] = str(module)
    return params
