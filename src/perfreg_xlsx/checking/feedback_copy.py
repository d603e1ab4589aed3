"""One feedback copy: our questionnaire, the answers as read, the findings marked and listed.

The copy starts from a fresh template of the file's programme and survey year (made once per
process and kept as bytes: openpyxl reads only what we wrote). Into its answer cells go the
values the safe reader read, always as values: text as text (never a formula), numbers as
numbers, a formula as the value it had saved. An answer is copied only where the file's row
still holds the field id the map expects, so a moved row never puts an answer beside the wrong
question. Every text from the file (answers, the values and messages of findings, the file
name, sheet names) goes through `util.safetext.for_xml` and Excel's cell limit; what had to
be changed or left out is said under the list of findings (`_Notes`), in Danish.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from perfreg_xlsx.checking.parse import clean_text
from perfreg_xlsx.checking.workbook import SEVERITY_DA
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.form.template import template_filename, write_template
from perfreg_xlsx.models import Finding
from perfreg_xlsx.reading.reader import RawWorkbook
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import Programme, Severity
from perfreg_xlsx.util.a1 import col_letter
from perfreg_xlsx.util.excel import CELL_TEXT_MAX, fit_text
from perfreg_xlsx.util.safetext import REPLACEMENT, for_xml, path_text, xml_unsafe

SHEET = "Tilbagemelding"
AUTHOR = "perfreg-xlsx"
_FILL = {
    Severity.ERROR: PatternFill("solid", fgColor="FFC7CE"),
    Severity.WARNING: PatternFill("solid", fgColor="FFEB9C"),
}
_HEADERS = ("Alvorlighed", "Celle", "Spørgsmål", "Fundet", "Besked")
_WIDTHS = (14, 12, 50, 20, 80)  # "Alvorlighed" in bold needs 14
# Shows a date serial number as a date, as the file did, so the copy reads as the original.
_DATE_FORMAT = "yyyy-mm-dd"
# A cell reference a finding may mark: one cell inside Excel's grid (never a range).
_REF_RE = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
_MAX_ROW, _MAX_COL = 1_048_576, 16_384

# The template of each (programme, year) this process has made, with the register it was
# made from: a copy per file is then one openpyxl load of a small workbook of our own.
_templates: dict[tuple[Programme, int], tuple[Register, bytes]] = {}


@dataclass
class _Notes:
    """What the copy could not hold as the file had it; said in the sheet Tilbagemelding."""

    replaced: bool = False  # characters Excel cannot hold, shown as U+FFFD
    shortened: bool = False  # texts past Excel's limit for one cell
    formulas: list[str] = field(default_factory=list)  # answer cells that held a formula
    not_copied: list[str] = field(default_factory=list)  # question numbers left blank
    of: int = 0  # answers the form asks for

    def text(self, value: str) -> str:
        """`value` as it can go into the workbook, noting what had to change."""
        if xml_unsafe(value):
            self.replaced = True
            value = for_xml(value)
        fitted = fit_text(value)  # Excel counts a cell's limit in UTF-16 units
        self.shortened = self.shortened or len(fitted) != len(value)
        return fitted

    def lines(self) -> list[str]:
        out = []
        if self.not_copied and len(self.not_copied) == self.of:
            out.append("Ingen af svarene i jeres fil kunne overføres til kopien.")
        elif self.not_copied:
            which = _listing("Svaret til spørgsmål", "Svarene til spørgsmål", self.not_copied)
            out.append(
                f"{which} er ikke overført, fordi rækken i jeres fil ikke står på sin plads "
                "i skemaet."
            )
        if self.formulas:
            which = _listing("Cellen", "Cellerne", self.formulas)
            out.append(
                f"{which} indeholdt en formel; kopien viser den værdi, formlen havde, da "
                "filen blev gemt."
            )
        if self.replaced:
            out.append(
                "Nogle tegn i jeres fil (fx styretegn) kan ikke rummes i Excel; de er vist som "
                f"{REPLACEMENT} i kopien."
            )
        if self.shortened:
            limit = f"{CELL_TEXT_MAX:,}".replace(",", ".")  # Danish digit grouping
            out.append(
                f"Tekster på over {limit} tegn er afkortet, fordi en celle i Excel ikke kan "
                "rumme mere."
            )
        return out


def _listing(one: str, many: str, items: Sequence[str]) -> str:
    return f"{one} {items[0]}" if len(items) == 1 else f"{many} {', '.join(items)}"


def build_copy(
    raw: RawWorkbook,
    file: str,
    findings: Sequence[Finding],
    programme: Programme,
    year: int,
    register: Register,
) -> Workbook:
    """The feedback copy of `file`, read as `raw`, on the `programme` form of survey `year`."""
    wb = _template(programme, year, register)
    notes = _Notes()
    _answers(wb[fm.SHEET_FORM], raw, fm.layout(programme), notes)
    _mark(wb, findings, notes)
    _list_sheet(wb, file, findings, notes)
    return wb


def _template(programme: Programme, year: int, register: Register) -> Workbook:
    hit = _templates.get((programme, year))
    if hit is None or hit[0] is not register:
        with tempfile.TemporaryDirectory(prefix="perfreg-feedback-") as tmp:
            path = Path(tmp) / template_filename(programme, year)
            write_template(path, year, programme, register=register)
            hit = (register, path.read_bytes())
        _templates[(programme, year)] = hit
    return load_workbook(io.BytesIO(hit[1]))


def _answers(ws: Worksheet, raw: RawWorkbook, lay: fm.FormLayout, notes: _Notes) -> None:
    sheet = raw.sheets.get(fm.SHEET_FORM)
    notes.of = len(lay.fields)
    for m in lay.fields:
        found = None if sheet is None else sheet.cells.get(m.id_cell.a1)
        fid = found.value if found is not None else None
        if not (fid == m.field.id or (isinstance(fid, str) and clean_text(fid) == m.field.id)):
            notes.not_copied.append(m.number)
            continue
        cell = None if sheet is None else sheet.cells.get(m.cell.a1)
        if cell is None:
            continue
        if cell.formula is not None:
            notes.formulas.append(m.cell.a1)
        value = cell.value
        target = ws[m.cell.a1]
        if isinstance(value, str):  # error values (#DIV/0!) and date texts too
            _text(target, value, notes)
        elif value is not None:
            target.value = value
            if cell.date_formatted and not isinstance(value, bool):
                target.number_format = _DATE_FORMAT


def _markable(f: Finding, wb: Workbook) -> bool:
    if f.sheet is None or f.cell is None or f.sheet == SHEET or f.sheet not in wb.sheetnames:
        return False
    match = _REF_RE.fullmatch(f.cell)
    if match is None:
        return False
    col = 0
    for ch in match.group(1):
        col = col * 26 + ord(ch) - 64
    return col <= _MAX_COL and int(match.group(2)) <= _MAX_ROW


def _mark(wb: Workbook, findings: Sequence[Finding], notes: _Notes) -> None:
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if _markable(f, wb):
            by_cell[(str(f.sheet), str(f.cell))].append(f)
    for (sheet, ref), found in by_cell.items():
        cell = wb[sheet][ref]
        if isinstance(cell, MergedCell):
            continue  # only the top-left cell of a merged range can carry a comment
        worst = min(found, key=lambda f: f.severity is not Severity.ERROR)
        cell.fill = _FILL[worst.severity]
        text = notes.text("\n\n".join(f.message_da for f in found))
        comment = Comment(text, AUTHOR)
        comment.width = 320
        comment.height = min(60 + 16 * (len(text) // 40), 400)
        cell.comment = comment


def _list_sheet(wb: Workbook, file: str, findings: Sequence[Finding], notes: _Notes) -> None:
    ws = wb.create_sheet(SHEET, 0)
    _text(ws.cell(1, 1), f"Tilbagemelding på {path_text(Path(file).name)}", notes)
    ws.cell(1, 1).font = Font(name=_FONT, bold=True, size=14)
    _text(
        ws.cell(2, 1),
        "Sekretariatet har fundet følgende i besvarelsen. Cellerne er markeret i arket "
        f"{fm.SHEET_FORM}; ret dem, og send filen igen.",
        notes,
    )
    _text(
        ws.cell(3, 1),
        "Kopien er et nyt skema med de svar, vi har læst i jeres fil; andet indhold i filen "
        "er ikke med.",
        notes,
    )
    for col, head in enumerate(_HEADERS, start=1):
        _text(ws.cell(4, col), head, notes)
        ws.cell(4, col).font = Font(name=_FONT, bold=True)
    row = 4
    for row, f in enumerate(findings, start=5):
        where = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or "")
        texts = [
            notes.text(t)
            for t in (SEVERITY_DA[f.severity], where, f.question or "", f.value or "", f.message_da)
        ]
        for col, text in enumerate(texts, start=1):
            cell = ws.cell(row, col)
            _text(cell, text, notes)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        # Excel does not grow a row to fit wrapped text written by a program: estimate it.
        lines = max(-(-len(t) // int(w * 1.1)) for t, w in zip(texts, _WIDTHS, strict=True))
        ws.row_dimensions[row].height = 15 * max(lines, 1)
    said = notes.lines()  # after every text of the file has gone through `notes`
    if said:
        _text(ws.cell(row + 2, 1), "Bemærk", notes)
        ws.cell(row + 2, 1).font = Font(name=_FONT, bold=True)
        for n, line in enumerate(said, start=row + 3):
            _text(ws.cell(n, 1), line, notes)
    for col, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[col_letter(col)].width = width
    ws.freeze_panes = "A5"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4  # as the report, not the US Letter default
    # Printed title and page numbers, as on the report's pages.
    ws.oddHeader.left.text = SHEET.replace("&", "&&")
    ws.oddFooter.center.text = "Side &P af &N"
    ws.print_title_rows = "4:4"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    for sheet in wb.worksheets:  # several selected tabs would open as a group in Excel
        sheet.sheet_view.tabSelected = sheet is ws
    wb.active = 0


_FONT = "Calibri"  # the report's font; a font without a name prints as a serif


def _text(cell: Any, value: str, notes: _Notes) -> None:
    """Write `value` as text, never as a formula (it may come from the returned file)."""
    cell.value = notes.text(value)
    cell.data_type = "s"
