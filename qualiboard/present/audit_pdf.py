"""The audit pack as the files the auditor takes away: a PDF (fpdf2, pure Python, with a bundled
DejaVu font for accents, « » and the status symbols) and an XLSX, zipped in memory.
Every PDF page carries the town's name, the date the pack was made and « page n / N »."""

from __future__ import annotations

import datetime as dt
import io
import math
import numbers
import zipfile
from pathlib import Path

import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace

from qualiboard.domain.text import fold
from qualiboard.present.export import xlsx_bytes
from qualiboard.present.formatting import date_fr, number
from qualiboard.steering.audit_pack import AuditPack

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
HEADER_FILL = (31, 78, 121)  # the dark blue of the XLSX headers: white text on it is AAA


def cell_text(value: object) -> str:
    """A cell as a French reader expects it: dd/mm/yyyy, decimal comma, blank for nothing."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return date_fr(value)
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, numbers.Integral):
        return number(int(value))
    if isinstance(value, numbers.Real):
        value = float(value)
        return number(value, 0 if value.is_integer() else 1)
    return str(value)


class _AuditPDF(FPDF):
    def __init__(self, pack: AuditPack) -> None:
        super().__init__(orientation="landscape", format="A4")
        self.pack = pack
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(f"Dossier d'audit Qualivilles — {pack.town}")
        self.set_author(pack.town)
        self.set_lang("fr-FR")
        self.set_creator("Qualiboard")

    def header(self) -> None:
        self.set_font(FAMILY, "", 8)
        self.set_text_color(60, 60, 60)
        self.cell(0, 5, f"{self.pack.town} — Dossier d'audit Qualivilles — {self.pack.period}")
        self.cell(
            0, 5, f"Édité le {self.pack.made_on:%d/%m/%Y}", align="R", new_x="LMARGIN", new_y="NEXT"
        )
        self.ln(2)
        self.set_text_color(0, 0, 0)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(60, 60, 60)
        self.cell(0, 5, f"{self.pack.town} — {self.pack.made_on:%d/%m/%Y}")
        self.cell(0, 5, f"Page {self.page_no()} / {{nb}}", align="R")


def _widths(frame: pd.DataFrame, given: list[float] | None) -> list[float]:
    if given and len(given) == len(frame.columns):
        return given
    widths = []
    for column in frame.columns:
        longest = max([len(str(column))] + [len(cell_text(v)) for v in frame[column].head(200)])
        widths.append(min(40, max(6, longest)))
    return widths


def audit_pdf_bytes(pack: AuditPack) -> bytes:
    pdf = _AuditPDF(pack)
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 20)
    pdf.ln(20)
    pdf.multi_cell(0, 10, "Dossier d'audit Qualivilles", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 14)
    pdf.multi_cell(0, 8, pack.town, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 8, f"Période couverte : {pack.period}", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(
        0, 8, f"Édité le {pack.made_on:%d/%m/%Y} par Qualiboard", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(6)
    pdf.set_font(FAMILY, "B", 12)
    pdf.cell(0, 8, "Sommaire", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 11)
    for number_, section in enumerate(pack.sections, start=1):
        pdf.cell(0, 7, f"{number_}. {section.title}", new_x="LMARGIN", new_y="NEXT")
    for number_, section in enumerate(pack.sections, start=1):
        pdf.add_page()
        pdf.start_section(section.title)
        pdf.set_font(FAMILY, "B", 14)
        pdf.multi_cell(0, 8, f"{number_}. {section.title}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", 9)
        pdf.multi_cell(0, 5, section.intro, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        frame = section.table
        if frame.empty:
            pdf.set_font(FAMILY, "", 10)
            pdf.multi_cell(0, 6, section.empty, new_x="LMARGIN", new_y="NEXT")
            continue
        size = 7 if len(frame.columns) > 8 else 8
        pdf.set_font(FAMILY, "", size)
        with pdf.table(
            col_widths=_widths(frame, section.widths),
            text_align="LEFT",
            line_height=size * 0.5,
            headings_style=FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=HEADER_FILL),
            padding=0.8,
        ) as table:
            heading = table.row()
            for column in frame.columns:
                heading.cell(str(column))
            for values in frame.itertuples(index=False):
                row = table.row()
                for value in values:
                    row.cell(cell_text(value))
    return bytes(pdf.output())


def audit_xlsx_bytes(pack: AuditPack) -> bytes:
    return xlsx_bytes({section.key: section.table for section in pack.sections})


def pack_stem(pack: AuditPack) -> str:
    town = "_".join(fold(pack.town).split()) or "ville"
    return f"dossier_audit_{town}_{pack.made_on:%Y%m%d}"


def audit_zip_bytes(pack: AuditPack) -> bytes:
    """One download: the PDF to read, the workbook to check the figures."""
    buffer = io.BytesIO()
    stem = pack_stem(pack)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.pdf", audit_pdf_bytes(pack))
        archive.writestr(f"{stem}.xlsx", audit_xlsx_bytes(pack))
    return buffer.getvalue()
