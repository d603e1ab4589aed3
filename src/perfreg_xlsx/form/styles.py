"""How the questionnaire's cells look: fonts, fills, borders, row heights and the printed page.

Shared by the instructions sheet and the form, so both print alike and open alike in Excel and
LibreOffice.
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

LINE_PT = 15.0  # one line of 11 pt text
YELLOW = PatternFill("solid", fgColor="FFF2CC")
HEAD_FILL = PatternFill("solid", fgColor="1F4E79")
SECTION_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="7F7F7F")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def lines(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` characters wide.

    Measured in LibreOffice's fallback for Calibri (DejaVu Sans), which is wider than Calibri:
    Excel needs no more lines than this.
    """
    words = text.split()
    count, used = 1, 0
    for word in words:
        need = len(word) + (1 if used else 0)
        if used + need > width:
            count, used = count + 1, len(word)
        else:
            used += need
    return count


def font(size: float = 11, **kw: Any) -> Font:
    """A Calibri font: an unnamed font makes LibreOffice fall back to a serif face."""
    return Font(name="Calibri", size=size, **kw)


def text(cell: Any, value: str) -> None:
    """Write `value` as text, never as a formula (names come from an editable register)."""
    cell.value = value
    cell.data_type = "s"


def print_setup(ws: Worksheet, area: str) -> None:
    """A4 portrait, one page wide, with page numbers in the footer."""
    ws.print_area = area
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.right.text = "Side &P af &N"
    ws.oddFooter.right.size = 8
