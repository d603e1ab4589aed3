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


# The smallest size any text of the form may print at, after the fit to the page's width.
MIN_PRINT_PT = 9.0
FOOTER_PT = 9


def print_setup(ws: Worksheet, area: str, *, landscape: bool = False) -> None:
    """A4, one page wide, with page numbers in the footer.

    The form is landscape: portrait would scale its columns to ~72 %, printing 10 pt help
    text at 7 pt; landscape prints it near full size (`print_scale`).
    """
    ws.print_area = area
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.right.text = "Side &P af &N"
    ws.oddFooter.right.size = FOOTER_PT


# A4 in points, and the column width unit in points (a character of Calibri 11: 7 px, plus
# 5 px of padding a column, at 0.75 pt a pixel).
_A4_PT = (595.0, 842.0)
_CHAR_PT = 7 * 0.75
_PAD_PT = 5 * 0.75


def print_scale(widths: list[float], *, landscape: bool, margins_in: float = 0.5) -> float:
    """The scale a fit to one page wide prints columns of `widths` (characters) at."""
    page = _A4_PT[1] if landscape else _A4_PT[0]
    printable = page - 2 * 72 * margins_in
    needed = sum(w * _CHAR_PT + _PAD_PT for w in widths)
    return min(1.0, printable / needed)
