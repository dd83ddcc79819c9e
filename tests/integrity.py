"""A corpus of generated files, one per way an import could lose, merge or overwrite a row, each
with the counts a person computed by hand (issue 11).

A case is a sequence of imports into one fresh database; each step names its file and what the
import must report: rows read, added, updated, unchanged, and every reason for setting a row
aside. A step may instead expect a French refusal containing a given text.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook

MAIL = ["N° chrono", "Date d'arrivée", "Date de réponse", "Canal", "Service"]
VISITS = ["Date de passage", "Service", "Site", "Attente (minutes)"]
MEASURES = ["Indicateur", "Période", "Service", "Site", "Valeur"]


@dataclass
class Step:
    name: str
    write: Callable[[Path], None]
    expect: dict[str, int] = field(default_factory=dict)  # outcome -> count; "read" too
    refused: str | None = None  # text of the French refusal
    options: dict[str, object] = field(default_factory=dict)  # kind, valid_rows_only…
    replaced: int | None = None  # rows of earlier imports replaced
    table_rows: dict[str, int] | None = None  # kind -> rows in the database after the step
    note: str | None = None  # text one of the plan's notes must contain


@dataclass
class Case:
    name: str
    steps: list[Step]


def csv_text(header: list[str], rows: list[list[object]], sep: str = ";") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def as_csv(header: list[str], rows: list[list[object]], sep: str = ";") -> Callable[[Path], None]:
    return lambda path: path.write_text(csv_text(header, rows, sep), encoding="utf-8")


def raw_text(text: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda path: path.write_bytes(text.encode(encoding))


def as_xlsx(header: list[str], rows: list[list[object]]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        book = Workbook()
        sheet = book.active
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        book.save(path)

    return write


def cells_xlsx(cells: dict[str, object], dimension: str | None = None) -> Callable[[Path], None]:
    """A workbook of a few cells placed anywhere, its declared dimension rewritten if asked."""

    def write(path: Path) -> None:
        book = Workbook()
        sheet = book.active
        for ref, value in cells.items():
            sheet[ref] = value
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
        if dimension:
            source = zipfile.ZipFile(io.BytesIO(data))
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for item in source.infolist():
                    content = source.read(item.filename)
                    if item.filename == "xl/worksheets/sheet1.xml":
                        start = content.index(b"<dimension ")
                        end = content.index(b">", start) + 1
                        content = (
                            content[:start]
                            + f'<dimension ref="{dimension}"/>'.encode()
                            + content[end:]
                        )
                    target.writestr(item, content)
            data = out.getvalue()
        path.write_bytes(data)

    return write


def wide_csv(columns: int) -> Callable[[Path], None]:
    """A header and one line of `columns` empty fields: 400 KB for 200,000 columns."""
    return raw_text(";".join(MAIL) + "\n" + ";" * (columns - 1) + "\n")


def mail(ref: str | None, day: int, month: int = 1, answered: str = "", service: str = "CCAS"):
    return [ref, f"{day:02d}/{month:02d}/2026", answered, "Courrier", service]


def visits(site: str, month: int, count: int, service: str = "Accueil", wait: int = 5):
    return [[f"{d + 1:02d}/{month:02d}/2026", service, site, wait + d] for d in range(count)]


THREE = [mail("C1", 5), mail("C2", 6), mail("C3", 7)]


def cases() -> list[Case]:
    one = Step
    return [
        Case("plain", [one("courrier.csv", as_csv(MAIL, THREE), {"read": 3, "added": 3})]),
        Case(
            "blank_lines_csv",
            [
                one(
                    "vides.csv",
                    raw_text(csv_text(MAIL, THREE).replace("\nC2", "\n\n\nC2")),
                    {"read": 5, "added": 3, "blank": 2},
                )
            ],
        ),
        Case(
            "blank_rows_xlsx",
            [
                one(
                    "vides.xlsx",
                    as_xlsx(MAIL, [THREE[0], [None] * 5, THREE[1], [None] * 5, THREE[2]]),
                    {"read": 5, "added": 3, "blank": 2},
                )
            ],
        ),
        Case(
            "total_line_csv",
            [
                one(
                    "total.csv",
                    as_csv(MAIL, [*THREE, ["Total", "", "", "", "3"]]),
                    {"read": 4, "added": 3, "total": 1},
                )
            ],
        ),
        Case(
            "total_general_xlsx",
            [
                one(
                    "total.xlsx",
                    as_xlsx(MAIL, [*THREE, [None, None, None, None, None], ["Total général", 3]]),
                    {"read": 5, "added": 3, "total": 1, "blank": 1},
                )
            ],
        ),
        Case(
            "sous_total_and_moyenne",
            [
                one(
                    "sous_total.csv",
                    as_csv(
                        MAIL,
                        [
                            THREE[0],
                            ["Sous-total", "", "", "", "1"],
                            THREE[1],
                            ["MOYENNE :"],
                            THREE[2],
                        ],
                    ),
                    {"read": 5, "added": 3, "total": 2},
                )
            ],
        ),
        Case(
            "total_like_services_are_data",
            [
                one(
                    "services.csv",
                    as_csv(
                        ["Service", "N° chrono", "Date d'arrivée", "Date de réponse", "Canal"],
                        [
                            ["Ensemble scolaire Jules Ferry", "C1", "05/01/2026", "", "Courrier"],
                            ["Moyenne Vallée (antenne)", "C2", "06/01/2026", "", "Courrier"],
                            ["Total Jeunesse", "C3", "07/01/2026", "", "Courrier"],
                        ],
                    ),
                    {"read": 3, "added": 3},
                )
            ],
        ),
        Case(
            "total_like_references_are_data",
            [
                one(
                    "references.csv",
                    as_csv(MAIL, [mail("TOTAL-2026-001", 5), mail("Total 2", 6), mail("C3", 7)]),
                    {"read": 3, "added": 3},
                )
            ],
        ),
        Case(
            "total_word_with_its_own_reference_is_data",
            [
                one(
                    "ensemble.csv",
                    as_csv(
                        ["Service", "N° chrono", "Date d'arrivée", "Date de réponse", "Canal"],
                        [
                            ["Ensemble", "C1", "05/01/2026", "", "Courrier"],
                            ["CCAS", "C2", "06/01/2026", "", "Courrier"],
                            ["Total", "", "", "", ""],
                        ],
                    ),
                    {"read": 3, "added": 2, "total": 1},
                )
            ],
        ),
        Case(
            "blank_references_never_match",
            [
                one(
                    "a.csv",
                    as_csv(MAIL, [mail("R1", 5), mail(None, 6), mail(None, 7)]),
                    {"read": 3, "added": 3},
                ),
                one(
                    "b.csv",
                    as_csv(MAIL, [mail(None, 8), mail("R2", 9)]),
                    {"read": 2, "added": 2},
                    table_rows={"correspondence": 5},
                ),
            ],
        ),
        Case(
            "blank_reference_reexport_matches_its_own_fields",
            [
                one(
                    "janv_fevr.csv",
                    as_csv(MAIL, [mail(None, d, m) for m in (1, 2) for d in (3, 4, 5)]),
                    {"read": 6, "added": 6},
                ),
                one(
                    "fevr_mars.csv",
                    as_csv(MAIL, [mail(None, d, m) for m in (2, 3) for d in (3, 4, 5)]),
                    {"read": 6, "unchanged": 3, "added": 3},
                    table_rows={"correspondence": 9},
                ),
            ],
        ),
        Case(
            "identical_rows_twice_are_one_record",
            [
                one(
                    "doublon.csv",
                    as_csv(MAIL, [mail("C1", 5), mail("C1", 5), mail("C2", 6)]),
                    {"read": 3, "added": 2, "duplicate": 1},
                    table_rows={"correspondence": 2},
                )
            ],
        ),
        Case(
            "repeated_numbers_with_other_contents_are_no_reference",
            [
                one(
                    "repetes.csv",
                    as_csv(MAIL, [mail("7", 5), mail("7", 6, service="État civil"), mail("8", 7)]),
                    {"read": 3, "added": 3},
                    note="n'est pas une référence",
                    table_rows={"correspondence": 3},
                )
            ],
        ),
        Case(
            "numbering_restarts_each_year",
            [
                one(
                    "deux_ans.csv",
                    raw_text(
                        csv_text(
                            MAIL,
                            [
                                [str(n), f"0{n}/03/{y}", "", "Courrier", "CCAS"]
                                for y in (2025, 2026)
                                for n in (1, 2, 3)
                            ],
                        )
                    ),
                    {"read": 6, "added": 6},
                    note="repart chaque année",
                ),
                one(
                    "deux_ans_maj.csv",
                    raw_text(
                        csv_text(
                            MAIL,
                            [
                                [
                                    str(n),
                                    f"0{n}/03/{y}",
                                    "20/03/2026" if (y, n) == (2026, 2) else "",
                                    "Courrier",
                                    "CCAS",
                                ]
                                for y in (2025, 2026)
                                for n in (1, 2, 3)
                            ],
                        )
                    ),
                    {"read": 6, "updated": 1, "unchanged": 5},
                    table_rows={"correspondence": 6},
                ),
            ],
        ),
        Case(
            "unique_id_column_preferred_to_a_repeated_number",
            [
                one(
                    "id.csv",
                    as_csv(
                        ["id_courrier", *MAIL],
                        [["a1", *mail("1", 5)], ["a2", *mail("1", 6)], ["a3", *mail("2", 7)]],
                    ),
                    {"read": 3, "added": 3},
                    note="« id_courrier » (valeurs uniques)",
                ),
                one(
                    "id_maj.csv",
                    as_csv(
                        ["id_courrier", *MAIL],
                        [
                            ["a1", *mail("1", 5)],
                            ["a2", *mail("1", 6, answered="09/01/2026")],
                            ["a4", *mail("3", 8)],
                        ],
                    ),
                    {"read": 3, "unchanged": 1, "updated": 1, "added": 1},
                    table_rows={"correspondence": 4},
                ),
            ],
        ),
        Case(
            "phone_numbers_are_never_a_reference",
            [
                one(
                    "telephones.csv",
                    as_csv(
                        MAIL,
                        [
                            mail("06 12 34 56 78", 5),
                            mail("06 12 34 56 78", 6),
                            mail("01 40 00 00 00", 7),
                        ],
                    ),
                    {"read": 3, "added": 3},
                    note="données personnelles",
                )
            ],
        ),
        Case(
            "numbers_with_dashes_are_references_not_phones",
            [
                one(
                    "numeros.csv",
                    as_csv(MAIL, [mail("2026-000123", 5), mail("2026-000124", 6)]),
                    {"read": 2, "added": 2},
                ),
                one(
                    "numeros_maj.csv",
                    as_csv(
                        MAIL,
                        [mail("2026-000123", 5), mail("2026-000124", 6, answered="08/01/2026")],
                    ),
                    {"read": 2, "unchanged": 1, "updated": 1},
                    table_rows={"correspondence": 2},
                ),
            ],
        ),
        Case(
            "quote_never_closed",
            [
                one(
                    "guillemet_ouvert.csv",
                    raw_text(csv_text(MAIL, THREE).replace("C2;", '"C2;')),
                    refused="ligne 3 : guillemet non refermé",
                )
            ],
        ),
        Case(
            "quote_closed_a_line_later_merges_two_records",
            [
                one(
                    "guillemet_fusion.csv",
                    raw_text(
                        csv_text(MAIL, [*THREE, mail("C4", 8)])
                        .replace("C2;", '"C2;')
                        .replace("C3;", 'C3";')
                    ),
                    refused="ligne 3 : guillemet mal fermé",
                )
            ],
        ),
        Case(
            "quote_merge_set_aside_with_valid_rows_only",
            [
                one(
                    "guillemet_fusion.csv",
                    raw_text(
                        csv_text(MAIL, [*THREE, mail("C4", 8)])
                        .replace("C2;", '"C2;')
                        .replace("C3;", 'C3";')
                    ),
                    {"read": 3, "added": 2, "invalid": 1},
                    options={"valid_rows_only": True},
                )
            ],
        ),
        Case(
            "row_with_a_field_too_many",
            [
                one(
                    "champ_en_trop.csv",
                    raw_text(csv_text(MAIL, THREE).replace("C2;", "C2;X;")),
                    refused="ligne 3 : la ligne compte 6 champs au lieu des 5",
                )
            ],
        ),
        Case(
            "row_with_a_field_too_many_set_aside",
            [
                one(
                    "champ_en_trop.csv",
                    raw_text(csv_text(MAIL, THREE).replace("C2;", "C2;X;")),
                    {"read": 3, "added": 2, "invalid": 1},
                    options={"valid_rows_only": True},
                )
            ],
        ),
        Case(
            "row_with_missing_fields_set_aside",
            [
                one(
                    "champs_manquants.csv",
                    raw_text(csv_text(MAIL, THREE) + "C4;08/01/2026\n"),
                    {"read": 4, "added": 3, "invalid": 1},
                    options={"valid_rows_only": True},
                )
            ],
        ),
        Case(
            "separator_at_the_end_of_every_data_line",
            [
                one(
                    "point_virgule_final.csv",
                    raw_text(
                        csv_text(MAIL, THREE).replace("\nC", "\nC").replace("CCAS\n", "CCAS;\n")
                    ),
                    {"read": 3, "added": 3},
                )
            ],
        ),
        Case(
            "quoted_comment_over_two_lines_is_one_record",
            [
                one(
                    "commentaire.csv",
                    as_csv(
                        [*MAIL, "Commentaire"], [[*THREE[0], "ligne 1\nligne 2"], [*THREE[1], ""]]
                    ),
                    {"read": 2, "added": 2},
                )
            ],
        ),
        Case(
            "invalid_dates_set_aside_with_valid_rows_only",
            [
                one(
                    "dates.csv",
                    as_csv(
                        MAIL,
                        [
                            mail("C1", 5),
                            ["C2", "32/13/2026", "", "Courrier", "CCAS"],
                            mail("C3", 7),
                        ],
                    ),
                    {"read": 3, "added": 2, "invalid": 1},
                    options={"valid_rows_only": True},
                )
            ],
        ),
        Case(
            "two_sites_of_counter_visits",
            [
                one("site_a.csv", as_csv(VISITS, visits("Mairie", 1, 3)), {"read": 3, "added": 3}),
                one(
                    "site_b.csv",
                    as_csv(VISITS, visits("Annexe", 1, 4)),
                    {"read": 4, "added": 4},
                    replaced=0,
                    table_rows={"counter_visits": 7},
                ),
            ],
        ),
        Case(
            "counter_visits_reexport_of_one_site_replaces_it",
            [
                one("site_a.csv", as_csv(VISITS, visits("Mairie", 1, 3)), {"read": 3, "added": 3}),
                one("site_b.csv", as_csv(VISITS, visits("Annexe", 1, 2)), {"read": 2, "added": 2}),
                one(
                    "site_a_corrige.csv",
                    as_csv(VISITS, visits("Mairie", 1, 3, wait=9)),
                    {"read": 3, "added": 3},
                    replaced=3,
                    note="3 lignes déjà importées seront remplacées",
                    table_rows={"counter_visits": 5},
                ),
            ],
        ),
        Case(
            "counter_visits_other_months_untouched",
            [
                one(
                    "janv_fevr.csv",
                    as_csv(VISITS, visits("Mairie", 1, 2) + visits("Mairie", 2, 2)),
                    {"read": 4, "added": 4},
                ),
                one(
                    "fevr_mars.csv",
                    as_csv(VISITS, visits("Mairie", 2, 3) + visits("Mairie", 3, 1)),
                    {"read": 4, "added": 4},
                    replaced=2,
                    table_rows={"counter_visits": 6},
                ),
            ],
        ),
        Case(
            "counter_visits_other_service_untouched",
            [
                one("accueil.csv", as_csv(VISITS, visits("Mairie", 1, 3)), {"read": 3, "added": 3}),
                one(
                    "etat_civil.csv",
                    as_csv(VISITS, visits("Mairie", 1, 2, service="État civil")),
                    {"read": 2, "added": 2},
                    replaced=0,
                    table_rows={"counter_visits": 5},
                ),
            ],
        ),
        Case(
            "measurements_of_two_services",
            [
                one(
                    "mesures_ccas.csv",
                    as_csv(MEASURES, [["IND1", "01/01/2026", "CCAS", "", 5]]),
                    {"read": 1, "added": 1},
                ),
                one(
                    "mesures_ec.csv",
                    as_csv(MEASURES, [["IND1", "01/01/2026", "État civil", "", 7]]),
                    {"read": 1, "added": 1},
                    table_rows={"measurements": 2},
                ),
            ],
        ),
        Case(
            "measurements_of_two_sites",
            [
                one(
                    "mesures_mairie.csv",
                    as_csv(MEASURES, [["IND1", "01/01/2026", "CCAS", "Mairie", 5]]),
                    {"read": 1, "added": 1},
                ),
                one(
                    "mesures_annexe.csv",
                    as_csv(MEASURES, [["IND1", "01/01/2026", "CCAS", "Annexe", 7]]),
                    {"read": 1, "added": 1},
                    table_rows={"measurements": 2},
                ),
            ],
        ),
        Case(
            "measurements_same_scope_updated",
            [
                one(
                    "mesures.csv",
                    as_csv(
                        MEASURES,
                        [
                            ["IND1", "01/01/2026", "CCAS", "", 5],
                            ["IND1", "01/02/2026", "CCAS", "", 6],
                        ],
                    ),
                    {"read": 2, "added": 2},
                ),
                one(
                    "mesures_corrigees.csv",
                    as_csv(
                        MEASURES,
                        [
                            ["IND1", "01/01/2026", "CCAS", "", 5],
                            ["IND1", "01/02/2026", "CCAS", "", 8],
                        ],
                    ),
                    {"read": 2, "unchanged": 1, "updated": 1},
                    table_rows={"measurements": 2},
                ),
            ],
        ),
        Case(
            "measurements_same_key_twice_in_a_file",
            [
                one(
                    "mesures_doublon.csv",
                    as_csv(
                        MEASURES,
                        [
                            ["IND1", "01/01/2026", "CCAS", "", 5],
                            ["IND1", "01/01/2026", "CCAS", "", 6],
                        ],
                    ),
                    {"read": 2, "added": 1, "duplicate": 1},
                    table_rows={"measurements": 1},
                )
            ],
        ),
        Case(
            "year_to_date_with_references",
            [
                one(
                    "cumul_fevrier.csv",
                    as_csv(MAIL, [mail("C1", 5, 1), mail("C2", 5, 2)]),
                    {"read": 2, "added": 2},
                ),
                one(
                    "cumul_mars.csv",
                    as_csv(
                        MAIL,
                        [
                            mail("C1", 5, 1),
                            mail("C2", 5, 2, answered="20/02/2026"),
                            mail("C3", 5, 3),
                        ],
                    ),
                    {"read": 3, "unchanged": 1, "updated": 1, "added": 1},
                    table_rows={"correspondence": 3},
                ),
            ],
        ),
        Case(
            "year_to_date_without_references",
            [
                one(
                    "cumul_fevrier.csv",
                    as_csv(
                        MAIL[1:], [m[1:] for m in (mail("", 5, 1), mail("", 6, 1), mail("", 5, 2))]
                    ),
                    {"read": 3, "added": 3},
                ),
                one(
                    "cumul_mars.csv",
                    as_csv(
                        MAIL[1:],
                        [
                            m[1:]
                            for m in (
                                mail("", 5, 1),
                                mail("", 6, 1),
                                mail("", 5, 2),
                                mail("", 5, 3),
                            )
                        ],
                    ),
                    {"read": 4, "added": 4},
                    replaced=3,
                    table_rows={"correspondence": 4},
                ),
            ],
        ),
        Case(
            "without_references_other_service_untouched",
            [
                one(
                    "ccas.csv",
                    as_csv(MAIL[1:], [m[1:] for m in (mail("", 5, 1), mail("", 6, 1))]),
                    {"read": 2, "added": 2},
                ),
                one(
                    "etat_civil.csv",
                    as_csv(MAIL[1:], [m[1:] for m in (mail("", 5, 1, service="État civil"),)]),
                    {"read": 1, "added": 1},
                    replaced=0,
                    table_rows={"correspondence": 3},
                ),
            ],
        ),
        Case(
            "same_file_twice_adds_nothing",
            [
                one("courrier.csv", as_csv(MAIL, THREE), {"read": 3, "added": 3}),
                one(
                    "courrier.csv",
                    as_csv(MAIL, THREE),
                    {"already": 1},
                    table_rows={"correspondence": 3},
                ),
            ],
        ),
        Case(
            "same_file_with_a_new_mapping_replaces_its_import",
            [
                one("courrier.csv", as_csv(MAIL, THREE), {"read": 3, "added": 3}),
                one(
                    "courrier.csv",
                    as_csv(MAIL, THREE),
                    {"read": 3, "added": 3},
                    options={
                        "mapping": {
                            "reference": "N° chrono",
                            "received_on": "Date d'arrivée",
                            "service": "Service",
                            "channel": None,  # the correction: « Canal » is not the channel
                        }
                    },
                    note="sera annulé et remplacé",
                    table_rows={"correspondence": 3},
                ),
            ],
        ),
        Case(
            "titles_above_the_header_are_not_rows",
            [
                one(
                    "titres.csv",
                    raw_text(
                        "Registre du courrier\nExtraction du 20/11/2026\n\n" + csv_text(MAIL, THREE)
                    ),
                    {"read": 3, "added": 3},
                )
            ],
        ),
        Case(
            "windows_1252_with_a_total",
            [
                one(
                    "cp1252.csv",
                    raw_text(
                        csv_text(MAIL, [*THREE, ["Total", "", "", "", ""]]).replace(
                            "CCAS", "Réception"
                        ),
                        "cp1252",
                    ),
                    {"read": 4, "added": 3, "total": 1},
                )
            ],
        ),
        Case(
            "xlsx_with_blank_references_and_a_total",
            [
                one(
                    "melange.xlsx",
                    as_xlsx(
                        MAIL,
                        [
                            mail(None, 5),
                            mail("C2", 6),
                            mail(None, 7),
                            [None] * 5,
                            ["TOTAL", None, None, None, 3],
                        ],
                    ),
                    {"read": 5, "added": 3, "blank": 1, "total": 1},
                )
            ],
        ),
        # Readers that cannot be brought down: refused in French, nothing read.
        Case(
            "two_cells_a1_and_xfd1048576",
            [
                one(
                    "deux_cellules.xlsx",
                    cells_xlsx({"A1": "x", "XFD1048576": "y"}),
                    refused="dimensions anormales",
                )
            ],
        ),
        Case(
            "declared_dimension_whole_sheet",
            [
                one(
                    "dimension.xlsx",
                    cells_xlsx({"A1": "x"}, dimension="A1:XFD1048576"),
                    refused="dimensions anormales",
                )
            ],
        ),
        Case(
            "far_cell_behind_a_small_declared_dimension",
            [
                one(
                    "cachee.xlsx",
                    cells_xlsx({"A1": "x", "XFD1048576": "y"}, dimension="A1"),
                    refused="la feuille contient 16",
                )
            ],
        ),
        Case(
            "one_cell_far_right",
            [
                one(
                    "loin.xlsx",
                    cells_xlsx({"A1": "x", "ZZZ1": "y"}),
                    refused="dimensions anormales",
                )
            ],
        ),
        Case(
            "range_of_too_many_cells",
            [
                one(
                    "plage.xlsx",
                    cells_xlsx({"A1": "x", "AX100000": "y"}),
                    refused="dimensions anormales",
                )
            ],
        ),
        Case(
            "csv_of_200000_empty_columns",
            [one("colonnes.csv", wide_csv(200_000), refused="dimensions anormales")],
        ),
        Case(
            "csv_wide_line_after_the_first_records",
            [
                one(
                    "tardive.csv",
                    raw_text(csv_text(MAIL, THREE * 100) + ";" * 5000 + "\n"),
                    refused="dimensions anormales",
                )
            ],
        ),
        Case(
            # The adversarial test: a 2025 register then a 2026 one, both numbered from 1.
            "numbers_restarting_in_the_next_file_are_other_records",
            [
                one(
                    "registre_2025.csv",
                    as_csv(
                        MAIL, [[str(n), f"0{n}/12/2025", "", "Courrier", "CCAS"] for n in (1, 2, 3)]
                    ),
                    {"read": 3, "added": 3},
                ),
                one(
                    "registre_2026.csv",
                    as_csv(
                        MAIL, [[str(n), f"0{n}/01/2026", "", "Courrier", "CCAS"] for n in (1, 2, 3)]
                    ),
                    {"read": 3, "added": 3},
                    note="3 numéros de ce fichier existent déjà en base",
                    table_rows={"correspondence": 6},
                ),
            ],
        ),
        Case(
            # A register kept a sheet per month, numbering from 1 each month: November's letter 1
            # is another letter than October's, not its update. A date corrected by a few days
            # within the month is still the same letter.
            "numbering_restarts_each_month_keeps_both_months",
            [
                one(
                    "octobre.csv",
                    as_csv(MAIL, [mail(str(n), n, 10) for n in (1, 2, 3)]),
                    {"read": 3, "added": 3},
                ),
                one(
                    "novembre.csv",
                    as_csv(MAIL, [mail(str(n), n, 11) for n in (1, 2)]),
                    {"read": 2, "added": 2},
                    table_rows={"correspondence": 5},
                ),
                one(
                    "octobre_corrige.csv",
                    as_csv(MAIL, [mail("3", 6, 10, answered="09/10/2026")]),
                    {"read": 1, "updated": 1},
                    table_rows={"correspondence": 5},
                ),
            ],
        ),
        Case(
            # Two services number their own letters from 1 in the same year.
            "two_services_numbering_from_one_keep_their_own_letters",
            [
                one(
                    "etat_civil.csv",
                    as_csv(MAIL, [mail(str(n), n, 2, service="État civil") for n in (1, 2)]),
                    {"read": 2, "added": 2},
                ),
                one(
                    "urbanisme.csv",
                    as_csv(MAIL, [mail(str(n), n + 10, 2, service="Urbanisme") for n in (1, 2)]),
                    {"read": 2, "added": 2},
                    table_rows={"correspondence": 4},
                ),
                one(
                    # A letter passed to another service keeps its date: still the same record.
                    "etat_civil_transmis.csv",
                    as_csv(MAIL, [mail("1", 1, 2, answered="09/02/2026", service="CCAS")]),
                    {"read": 1, "updated": 1},
                    table_rows={"correspondence": 4},
                ),
            ],
        ),
        Case(
            # A catch-up import of January's extraction after February's: C3's answer would be
            # erased; the user is told and, on the page, confirms.
            "an_older_export_after_a_newer_one_is_said",
            [
                one(
                    "extraction_fevrier.csv",
                    raw_text(
                        "Extraction du 28/02/2026\n\n"
                        + csv_text(
                            MAIL,
                            [mail("C1", 5), mail("C2", 6), mail("C3", 7, answered="03/02/2026")],
                        )
                    ),
                    {"read": 3, "added": 3},
                ),
                one(
                    "extraction_janvier.csv",
                    raw_text("Extraction du 31/01/2026\n\n" + csv_text(MAIL, THREE)),
                    {"read": 3, "updated": 1, "unchanged": 2},
                    note="3 enregistrements de ce fichier viennent d'un export plus récent",
                ),
            ],
        ),
    ]
