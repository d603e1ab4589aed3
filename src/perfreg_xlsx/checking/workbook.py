"""The validation workbook (`validate --report FILE.xlsx`): what was found, ready to filter.

Sheet "Oversigt" has one row per file (and per registered network without a file) with its
status and counts; sheet "Fund" one row per finding with every field of it. Both have a frozen
header and an autofilter. Every text is written with `write_string`, so a value copied from a
returned file (say ``=HYPERLINK(...)``) is shown, never run, and through `xml_text`: a file name's
undecodable bytes are shown as ``\\xNN`` and a character XML cannot hold (a control character
typed into a cell) as U+FFFD, so the finding's value says a replacement happened. Written
atomically, with a fixed created date, so the same result gives the same bytes.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from perfreg_xlsx.models import FileStatus, Finding, ValidationResult
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import Severity
from perfreg_xlsx.util.atomic import atomic_write
from perfreg_xlsx.util.safetext import xml_text

_OPTIONS: dict[str, Any] = {
    "in_memory": True,  # fixed zip timestamps
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
SEVERITY_DA = {Severity.ERROR: "fejl", Severity.WARNING: "advarsel", Severity.INFO: "info"}
STATUS_DA = {
    FileStatus.ACCEPTED: "godkendt",
    FileStatus.INVALID: "ugyldig",
    FileStatus.REFUSED: "afvist",
    FileStatus.SKIPPED: "sprunget over",
}
NO_FILE = "ikke modtaget"
OVERVIEW_HEADERS = ("Netværk", "Navn", "Fil", "Status", "Fejl", "Advarsler", "Info")
FINDING_HEADERS = (
    "Alvorlighed",
    "Kode",
    "Fil",
    "Netværk",
    "Ark",
    "Celle",
    "Felt-id",
    "Spørgsmål",
    "Fundet",
    "Forventet",
    "Besked",
    "Besked (dansk)",
)
# Widths in characters; each header fits beside its filter button (Alvorlighed did not at 11).
OVERVIEW_WIDTHS = (16, 40, 36, 14, 8, 12, 8)
FINDING_WIDTHS = (15, 20, 30, 16, 10, 8, 22, 40, 18, 24, 60, 60)
FONT = "Calibri"  # the report's font (xlsxwriter's default)
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def write_validation_report(path: Path, result: ValidationResult, register: Register) -> Path:
    """Write the validation workbook of `result` to `path` (atomically)."""
    return atomic_write(path, lambda tmp: _write(tmp, result, register))


def _write(tmp: Path, result: ValidationResult, register: Register) -> None:
    wb = xlsxwriter.Workbook(str(tmp), _OPTIONS)
    year = result.survey_year or 2000
    title = validation_title(year)
    wb.set_properties({"title": title, "created": datetime(year, 1, 1)})
    # The report's font, named on every format: a format without one prints in the viewer's
    # default, a serif in LibreOffice.
    font = {"font_name": FONT, "font_size": 11}
    head = wb.add_format({**font, "bold": True, "bg_color": "#DDEBF7", "border": 1})
    # One line per finding: rows stay scannable under a filter; the full text is in the cell.
    plain = wb.add_format({**font, "valign": "top"})
    fills = {
        Severity.ERROR: wb.add_format({**font, "bg_color": "#FFC7CE", "valign": "top"}),
        Severity.WARNING: wb.add_format({**font, "bg_color": "#FFEB9C", "valign": "top"}),
        Severity.INFO: plain,
    }
    names = register.by_short_name()

    ws = wb.add_worksheet("Oversigt")
    _header(ws, OVERVIEW_HEADERS, head, OVERVIEW_WIDTHS, title)
    row = 1
    for fr in result.files:
        count = {s: sum(f.severity is s for f in fr.findings) for s in Severity}
        net = names.get(fr.network or "")
        texts = (fr.network or "", net.name if net else "", fr.file, STATUS_DA[fr.status])
        for col, text in enumerate(texts):
            if text:
                ws.write_string(row, col, xml_text(text), plain)
        for col, sev in enumerate((Severity.ERROR, Severity.WARNING, Severity.INFO), start=4):
            ws.write_number(row, col, count[sev], plain)
        row += 1
    for short in result.missing_networks:
        net = names.get(short)
        for col, text in enumerate((short, net.name if net else "", "", NO_FILE)):
            if text:
                ws.write_string(row, col, xml_text(text), plain)
        row += 1
    ws.autofilter(0, 0, max(row - 1, 1), len(OVERVIEW_HEADERS) - 1)

    ws = wb.add_worksheet("Fund")
    _header(ws, FINDING_HEADERS, head, FINDING_WIDTHS, title)
    ordered = sorted(result.findings, key=lambda f: _SEVERITY_ORDER[f.severity])
    for row, f in enumerate(ordered, start=1):
        for col, text in enumerate(finding_row(f)):
            if text:  # an empty string would be a cell holding "", not an empty cell
                ws.write_string(row, col, xml_text(text), fills[f.severity] if col == 0 else plain)
    ws.autofilter(0, 0, max(len(ordered), 1), len(FINDING_HEADERS) - 1)
    wb.close()


def finding_row(f: Finding) -> tuple[str, ...]:
    """The cells of one finding's row, in the order of `FINDING_HEADERS`."""
    return (
        SEVERITY_DA[f.severity],
        f.code,
        f.file,
        f.network or "",
        f.sheet or "",
        f.cell or "",
        f.field_id or "",
        f.question or "",
        f.value or "",
        f.expected or "",
        f.message,
        f.message_da,
    )


def validation_title(year: int) -> str:
    return f"Validering af spørgeskemaer {year}"


def _header(
    ws: Any, headers: tuple[str, ...], fmt: Any, widths: tuple[int, ...], title: str
) -> None:
    for col, (text, width) in enumerate(zip(headers, widths, strict=True)):
        ws.write_string(0, col, text, fmt)
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)
    ws.set_landscape()
    ws.set_paper(9)  # A4, as the report (xlsxwriter's default is the printer's, US Letter)
    ws.fit_to_pages(1, 0)  # all columns on the page width, as many pages down as needed
    ws.repeat_rows(0)
    # Printed title and page numbers, as on the report's pages.
    ws.set_header("&L" + xml_text(title).replace("&", "&&") + "&R&A")
    ws.set_footer("&CSide &P af &N")
