"""A generated corpus of broken, hostile and odd files, the way real towns' tools (and mishaps)
produce them. Deterministic: the same seed writes the same files."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import random
import zipfile
from pathlib import Path

from openpyxl import Workbook

HEADER = ["N° chrono", "Date d'arrivée", "Date de réponse", "Canal", "Service"]
GOOD_ROWS = [
    ["C1", "05/01/2026", "12/01/2026", "Courrier", "État civil"],
    ["C2", "06/01/2026", "", "Courriel", "CCAS"],
    ["C3", "07/01/2026", "30/01/2026", "Courrier", "Médiathèque"],
]
CELL_VALUES = [
    True,
    False,
    0,
    -1,
    3.5,
    45000,
    1e300,
    dt.date(2026, 1, 5),
    dt.datetime(2026, 1, 5, 14, 5),
    dt.time(9, 30),
    dt.timedelta(minutes=12),
    "",
    "   ",
    "=1+1",
    "#DIV/0!",
    "é" * 5000,
    "01/01/1900",
    "31/12/2999",
    "29/02/2025",
    "2026-13-45",
    None,
]


def good_csv(sep: str = ";") -> str:
    lines = [sep.join(HEADER)] + [sep.join(r) for r in GOOD_ROWS]
    return "\n".join(lines) + "\n"


def good_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in GOOD_ROWS:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def good_ods() -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Feuille1">'
        + "".join(
            "<table:table-row>"
            + "".join(
                f'<table:table-cell office:value-type="string"><text:p>{c}</text:p>'
                "</table:table-cell>"
                for c in row
            )
            + "</table:table-row>"
            for row in [HEADER, *GOOD_ROWS]
        )
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", content)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
    return buffer.getvalue()


def zip_bomb(inflated_mb: int = 1200) -> bytes:
    """An .xlsx whose one sheet inflates to more than a gigabyte."""
    base = zipfile.ZipFile(io.BytesIO(good_xlsx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in base.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with archive.open(item.filename, "w", force_zip64=True) as sheet:
                    chunk = b"<!-- " + b"A" * (1 << 20) + b" -->"
                    sheet.write(b'<?xml version="1.0"?><worksheet>')
                    for _ in range(inflated_mb):
                        sheet.write(chunk)
                    sheet.write(b"</worksheet>")
            else:
                archive.writestr(item, base.read(item.filename))
    return buffer.getvalue()


def formulas_and_external_links() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["C1", "=TODAY()", "=B2+3", "='[1]Feuil1'!A1", '=HYPERLINK("http://x","y")'])
    sheet.append(["C2", "05/01/2026", "=NOW()", "Courrier", "=[budget.xlsx]Feuil1!A1"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def every_cell_type(column: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for i, value in enumerate(CELL_VALUES):
        row: list[object] = [f"C{i}", "05/01/2026", "12/01/2026", "Courrier", "CCAS"]
        row[column] = value
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def corpus(folder: Path, seed: int = 20261125, big_mb: int = 50) -> list[Path]:
    """Writes the corpus to `folder` and returns the paths (at least 500 files)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    xlsx, ods, csv_text = good_xlsx(), good_ods(), good_csv()
    for i in range(60):  # truncated workbooks
        cut = rng.randrange(1, len(xlsx) - 1)
        files[f"tronque_{i:02d}.xlsx"] = xlsx[:cut]
    for i in range(20):
        files[f"tronque_{i:02d}.ods"] = ods[: rng.randrange(1, len(ods) - 1)]
    for i in range(60):  # corrupted bytes inside the zip
        data = bytearray(xlsx)
        for _ in range(rng.randrange(1, 40)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        files[f"corrompu_{i:02d}.xlsx"] = bytes(data)
    for i in range(20):
        data = bytearray(ods)
        for _ in range(rng.randrange(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        files[f"corrompu_{i:02d}.ods"] = bytes(data)
    files["bombe.xlsx"] = zip_bomb()
    files["formules_liens_externes.xlsx"] = formulas_and_external_links()
    encrypted = (
        bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le")
    )
    files["mot_de_passe.xlsx"] = encrypted + bytes(rng.randrange(256) for _ in range(4000))
    files["mot_de_passe.xls"] = encrypted + bytes(rng.randrange(256) for _ in range(4000))
    for i in range(60):  # binary garbage named like a spreadsheet export
        size = rng.choice([1, 10, 100, 1000, 20_000])
        files[f"binaire_{i:02d}.csv"] = bytes(rng.randrange(256) for _ in range(size))
    for i in range(20):
        size = rng.choice([10, 1000, 20_000])
        files[f"binaire_{i:02d}.xls"] = bytes(rng.randrange(256) for _ in range(size))
    for suffix in ("csv", "txt", "xlsx", "xlsm", "xls", "ods"):
        files[f"vide.{suffix}"] = b""
    files["espaces.csv"] = b"   \n\n\t\n"
    files["entetes_seules.csv"] = (";".join(HEADER) + "\n").encode()
    files["entetes_seules_bom.csv"] = codecs.BOM_UTF8 + (";".join(HEADER) + "\r\n").encode()
    book = Workbook()
    book.active.append(HEADER)
    buffer = io.BytesIO()
    book.save(buffer)
    files["entetes_seules.xlsx"] = buffer.getvalue()
    for encoding in (
        "utf-16",
        "utf-16-le",
        "utf-16-be",
        "utf-32",
        "cp1252",
        "latin-1",
        "mac-roman",
        "cp850",
    ):
        files[f"encodage_{encoding}.csv"] = csv_text.encode(encoding, errors="replace")
    files["utf8_mal_decoupe.csv"] = csv_text.encode("utf-8")[:-3] + b"\xc3"
    files["mixte_utf8_cp1252.csv"] = csv_text.encode(
        "utf-8"
    ) + "C4;08/01/2026;;Courrier;Régie\n".encode("cp1252")
    for column in range(len(HEADER)):
        files[f"types_colonne_{column}.xlsx"] = every_cell_type(column)
    for i, (received, answered) in enumerate(
        [
            ("01/01/1900", "02/01/1900"),
            ("31/12/2999", ""),
            ("05/01/2026", "01/01/1900"),
            ("05/01/2026", "31/12/2999"),
            ("00/00/0000", ""),
            ("1", "2"),
            ("60", "61"),
            ("2958466", ""),
        ]
    ):
        files[f"dates_extremes_{i}.csv"] = (
            good_csv()
            .replace("05/01/2026", received, 1)
            .replace("12/01/2026", answered, 1)
            .encode()
        )
    for i in range(240):  # mutations of a good CSV: separators, quotes, columns, lines
        lines = good_csv().splitlines()
        mutation = rng.randrange(9)
        if mutation == 0:
            lines = [line.replace(";", rng.choice([",", "\t", "|", "; ", ";;"])) for line in lines]
        elif mutation == 1:
            lines.insert(rng.randrange(len(lines) + 1), '"' * rng.randrange(1, 4) + "texte")
        elif mutation == 2:
            drop = rng.randrange(len(HEADER))
            lines = [
                ";".join(p for j, p in enumerate(line.split(";")) if j != drop) for line in lines
            ]
        elif mutation == 3:
            lines = lines[:1] + [rng.choice(lines[1:]) + ";" * rng.randrange(1, 30)] * 3
        elif mutation == 4:
            lines = [line[: rng.randrange(len(line) + 1)] for line in lines]
        elif mutation == 5:
            lines = ["Titre du registre", "", *lines, "Total;;;;", ""]
        elif mutation == 6:
            rng.shuffle(lines)
        elif mutation == 7:
            lines = [line + ";" + "x" * rng.randrange(0, 70_000) for line in lines]
        else:
            lines = [
                lines[0],
                *[
                    "C9;"
                    + ";".join(
                        rng.choice(["", "NaN", "null", "-", "?", "∞", "1e999"]) for _ in range(4)
                    )
                    for _ in range(5)
                ],
            ]
        files[f"mutation_{i:03d}.csv"] = "\n".join(lines).encode("utf-8")
    other_kinds = {
        "signalements.csv": "N° signalement;Date du signalement;Statut\nS1;05/01/2026;Traité\n",
        "enquete.csv": "Date;Question;Note\n05/01/2026;Accueil;4\n",
        "telephone.csv": "Service;Mois;Appels présentés;Appels décrochés\nCCAS;01/2026;100;90\n",
        "actions.csv": "Référence;Intitulé;Date d'ouverture;Échéance\nA1;Former;05/01/2026;31/01/2026\n",
        "inconnu.csv": "Col1;Col2\n1;2\n",
    }
    for name, text in other_kinds.items():
        files[f"autre_type_{name}"] = text.encode()
    files["gros_binaire.csv"] = bytes(rng.randrange(256) for _ in range(4096)) * (big_mb * 256)
    big_line = ("x" * 999 + "\n").encode()
    files["gros_texte_sans_entetes.csv"] = big_line * (big_mb * 1000)
    paths = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths
