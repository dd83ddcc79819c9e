"""What the command line prints beside the commands themselves: the recognition of a file, the
help for a file whose columns are not all found, `compute`'s results for French Excel, and the
services of a pilote's account read against the known ones."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from qualiboard.domain.config import Config, ConfigError, load_config
from qualiboard.domain.labels import kind_label
from qualiboard.domain.periods import FREQUENCY_WORDS
from qualiboard.domain.sources import SOURCE_KINDS
from qualiboard.domain.text import fold
from qualiboard.present.formatting import number

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

    from qualiboard.ingest.plan import ImportPlan


def mapping_help(
    path: Path, headers: list[str], mapping: object, missing: dict, already: bool = False
) -> None:
    """Headers found, the best candidates per missing field, a mapping file to edit."""
    from qualiboard.ingest.suggest import help_lines, write_suggestion

    for line in help_lines(path.name, headers, mapping, missing):  # type: ignore[arg-type]
        print(line, file=sys.stderr)
    if mapping is None:
        return
    written, text = write_suggestion(path, mapping, missing)  # type: ignore[arg-type]
    if written:
        print(
            f"Correspondance proposée écrite dans {written} : vérifiez-la, puis relancez avec "
            f"--mapping {written}",
            file=sys.stderr,
        )
    else:
        print("Correspondance proposée (à enregistrer dans un fichier .yaml) :", file=sys.stderr)
        print(text, file=sys.stderr)


def recognised(plan: ImportPlan, chosen_kind: str | None) -> str:
    """« type « Réclamations… » (reconnu automatiquement, confiance 0,95) ; colonnes : … »"""
    if plan.profile_name:
        origin = f"profil « {plan.profile_name} »"
    elif plan.origin == "correspondance":
        origin = "correspondance donnée avec --mapping"
    elif chosen_kind:
        origin = "choisi avec --kind"
    else:
        origin = f"reconnu automatiquement, confiance {number(plan.confidence, 2)}"
    kind = SOURCE_KINDS[plan.kind]
    columns = ", ".join(
        f"{kind.field(name).label} ← « {header} »" for name, header in plan.mapping.columns.items()
    )
    return f"type « {kind_label(plan.kind)} » ({origin}) ; colonnes : {columns}"


RESULT_HEADERS = {
    "indicator_id": "Code",
    "label": "Indicateur",
    "period": "Début de période",
    "period_end": "Fin de période",
    "frequency": "Fréquence",
    "service": "Service",
    "value": "Valeur",
    "unit": "Unité",
    "objective": "Objectif",
    "status": "Statut",
    "provisional": "Provisoire",
    "numerator": "Numérateur",
    "denominator": "Dénominateur",
    "pending": "En attente",
    "ci_low": "IC 95 % bas",
    "ci_high": "IC 95 % haut",
}


def results_in_french(results: pd.DataFrame, config: Config) -> pd.DataFrame:
    """`compute --format csv` for French Excel: French headers and words, the indicator's
    label and unit beside its code."""
    table = results.assign(
        label=[config.indicator(i).label for i in results["indicator_id"]],
        unit=[config.indicator(i).unit for i in results["indicator_id"]],
        frequency=results["frequency"].map(lambda f: FREQUENCY_WORDS.get(f, f)),
        provisional=results["provisional"].map(lambda p: "oui" if p else ""),
    )
    return table[[c for c in RESULT_HEADERS if c in table.columns]].rename(columns=RESULT_HEADERS)


def pilot_services(
    con: duckdb.DuckDBPyConnection, typed: list[str] | None, config_path: Path
) -> tuple[str, ...] | None:
    """The services given with --services (None: not given), each by the name the catalogue
    gives it (the alias « HDV » becomes « Hôtel de Ville - Accueil »), else as in the data. A
    name may hold commas; a comma list of known services (« CCAS,État civil », as before the
    option could be repeated) still gives them all. An unknown service is kept, with a warning:
    its pilote would write for none of the records."""
    if typed is None:
        return None
    texts = [text.strip() for text in typed if text.strip()]
    try:
        config = load_config(config_path)
    except ConfigError:
        print(
            f"attention : services non vérifiés (catalogue {config_path} illisible)",
            file=sys.stderr,
        )
        return tuple(dict.fromkeys(texts))
    from qualiboard.views.inventory import services_in_data

    known = services_in_data(con, config)
    in_data = {fold(name): name for name in known}

    def named(text: str) -> str | None:
        return config.organisation.canonical_service(text) or in_data.get(fold(text))

    chosen: list[str] = []
    for text in texts:
        pieces = [named(piece) for piece in text.split(",") if piece.strip()]
        name = named(text)
        if name is not None:
            chosen.append(name)
        elif len(pieces) > 1 and all(pieces):
            chosen += pieces  # type: ignore[arg-type]
        else:
            print(
                f"attention : service inconnu : « {text} » ; services connus : "
                + (", ".join(known) or "aucun"),
                file=sys.stderr,
            )
            chosen.append(text)
    return tuple(dict.fromkeys(chosen))
