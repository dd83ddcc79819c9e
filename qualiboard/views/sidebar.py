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
    # « ² » is a digit to str.isdigit, not to int(): only ASCII digits name a module.
    module = int(wanted_module) if wanted_module.isascii() and wanted_module.isdigit() else None
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


@dataclass(frozen=True)
class SidebarChoice:
    """The filters a run uses."""

    month: dt.date
    comparison: str  # a key of COMPARISONS
    service: str  # ALL or a service
    module: int | None  # None: every module

    def address(self) -> dict[str, str]:
        return address(self.month, self.comparison, self.service, self.module)


def chosen(offered: SidebarChoices, kept: dict[str, object]) -> SidebarChoice:
    """The filters of this run: the value the reader last chose in this session (`kept`, by
    filter name: month, comparison, service, module) while it is still offered, else the
    preselection of `offered` (from the address or the defaults). A value no longer offered
    (a month or service gone after an import) falls back as the filter itself does."""

    def pick(name: str, options: list, preselected: int):
        value = kept.get(name, options[preselected])
        return value if value in options else options[preselected]

    return SidebarChoice(
        month=pick("month", offered.months, offered.month),
        comparison=pick("comparison", list(COMPARISONS), offered.comparison),
        service=pick("service", offered.services, offered.service),
        module=pick("module", offered.modules, offered.module),
    )


def address(month: dt.date, comparison: str, service: str, module: int | None) -> dict[str, str]:
    """The address's parameters that keep the choices (« Tous » and every module left out)."""
    params = {"mois": f"{month:%Y-%m}", "comparer": comparison}
    if service != ALL:
        params["service"] = service
    if module is not None:
        params["module"] = str(module)
    return params
