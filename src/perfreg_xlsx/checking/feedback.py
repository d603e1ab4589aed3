"""Feedback copies (`validate --feedback DIR`): each network's own file, its problems marked.

For every file that could be read and has errors or warnings, a copy is written with each
problem cell filled (red for errors, yellow for warnings) and given a cell comment with the
Danish message, plus a sheet "Tilbagemelding" listing every finding. The answers are not
changed. openpyxl reads the returned file here; with defusedxml installed it refuses entity
tricks, and only files the safe reader already read get this far.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from perfreg_xlsx.checking.workbook import SEVERITY_DA
from perfreg_xlsx.errors import OutputError
from perfreg_xlsx.form.fieldmap import SHEET_FORM
from perfreg_xlsx.form.template import save_workbook
from perfreg_xlsx.models import FileResult, FileStatus, Finding, ValidationResult
from perfreg_xlsx.survey.types import Severity
from perfreg_xlsx.util.a1 import col_letter

SHEET = "Tilbagemelding"
AUTHOR = "perfreg-xlsx"
_FILL = {
    Severity.ERROR: PatternFill("solid", fgColor="FFC7CE"),
    Severity.WARNING: PatternFill("solid", fgColor="FFEB9C"),
}
_HEADERS = ("Alvorlighed", "Celle", "Spørgsmål", "Fundet", "Besked")


def feedback_name(file: str) -> str:
    """The name of the feedback copy of `file`: ``ve-net_2012.xlsx`` ->
    ``ve-net_2012_tilbagemelding.xlsx``."""
    return f"{Path(file).stem}_tilbagemelding.xlsx"


def write_feedback(
    result: ValidationResult, folder: Path
) -> tuple[list[Path], list[tuple[str, str]]]:
    """Write a feedback copy for each readable file with errors or warnings into `folder`.

    Returns the copies written and the files that could not be copied, with the reason.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {folder}: {exc.strerror}") from None
    when = datetime(result.survey_year or 2000, 1, 1)
    written: list[Path] = []
    failed: list[tuple[str, str]] = []
    for fr in result.files:
        findings = [f for f in fr.findings if f.severity is not Severity.INFO]
        if not findings or not _readable(fr):
            continue
        dest = folder / feedback_name(fr.file)
        try:
            wb = load_workbook(fr.file)
        except Exception as exc:  # a file our reader read but openpyxl cannot: say so, go on
            failed.append((fr.file, f"openpyxl cannot open it ({type(exc).__name__})"))
            continue
        _mark(wb, findings)
        _list_sheet(wb, fr, findings)
        save_workbook(wb, dest, when)
        written.append(dest)
    return written, failed


def _readable(fr: FileResult) -> bool:
    # A file refused by the reader has no sha256; refused by the form checks, it has one.
    return fr.sha256 is not None and fr.status is not FileStatus.SKIPPED


def _mark(wb: Any, findings: list[Finding]) -> None:
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.sheet and f.cell and f.sheet in wb.sheetnames:
            by_cell[(f.sheet, f.cell)].append(f)
    for (sheet, ref), found in by_cell.items():
        cell = wb[sheet][ref]
        if isinstance(cell, MergedCell):
            continue  # only the top-left cell of a merged range can carry a comment
        worst = min(found, key=lambda f: f.severity is not Severity.ERROR)
        cell.fill = _FILL[worst.severity]
        text = "\n\n".join(f.message_da for f in found)
        comment = Comment(text, AUTHOR)
        comment.width = 320
        comment.height = min(60 + 16 * (len(text) // 40), 400)
        cell.comment = comment


def _list_sheet(wb: Any, fr: FileResult, findings: list[Finding]) -> None:
    if SHEET in wb.sheetnames:
        del wb[SHEET]
    ws = wb.create_sheet(SHEET, 0)
    _text(ws.cell(1, 1), f"Tilbagemelding på {Path(fr.file).name}")
    ws.cell(1, 1).font = Font(bold=True, size=14)
    _text(
        ws.cell(2, 1),
        "Sekretariatet har fundet følgende i besvarelsen. Cellerne er markeret i arket "
        f"{SHEET_FORM}; ret dem, og send filen igen.",
    )
    for col, head in enumerate(_HEADERS, start=1):
        _text(ws.cell(4, col), head)
        ws.cell(4, col).font = Font(bold=True)
    widths = (12, 12, 50, 20, 80)
    for row, f in enumerate(findings, start=5):
        where = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or "")
        texts = (SEVERITY_DA[f.severity], where, f.question or "", f.value or "", f.message_da)
        for col, text in enumerate(texts, start=1):
            cell = ws.cell(row, col)
            _text(cell, text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        # Excel does not grow a row to fit wrapped text written by a program: estimate it.
        lines = max(-(-len(t) // int(w * 1.1)) for t, w in zip(texts, widths, strict=True))
        ws.row_dimensions[row].height = 15 * max(lines, 1)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[col_letter(col)].width = width
    ws.freeze_panes = "A5"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for sheet in wb.worksheets:  # several selected tabs would open as a group in Excel
        sheet.sheet_view.tabSelected = sheet is ws
    wb.active = 0


def _text(cell: Any, value: str) -> None:
    """Write `value` as text, never as a formula (it may come from the returned file)."""
    cell.value = value
    cell.data_type = "s"
