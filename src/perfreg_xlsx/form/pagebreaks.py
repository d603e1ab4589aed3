"""Where the printed form breaks its pages: never after a section heading at a page's foot.

Every row of the form has an explicit height, so the pages can be laid out here: a manual break
is put before each row that would not fit, and before a heading whose first question would not
fit beside it. The page is taken a little shorter than it is, so these breaks always come before
the spreadsheet program's own ones (Excel's and LibreOffice's metrics differ slightly).
"""

from __future__ import annotations

from collections.abc import Mapping

from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

# A4 landscape less the top and bottom margins (0.6 in each), less a tenth for safety.
PAGE_BODY_PT = (595.0 - 2 * 0.6 * 72) * 0.9
DEFAULT_ROW_PT = 15.0


def page_breaks(
    heights: Mapping[int, float],
    rows: range,
    headings: set[int],
    repeated_pt: float,
    page_pt: float = PAGE_BODY_PT,
) -> list[int]:
    """The rows (1-based) that start a new page: before a row that does not fit, and before a
    heading that would end a page without its next row. `repeated_pt` is the height of the
    title rows printed on every page."""
    breaks: list[int] = []
    used = 0.0
    for row in rows:
        h = heights.get(row, DEFAULT_ROW_PT)
        need = h + (heights.get(row + 1, DEFAULT_ROW_PT) if row in headings else 0.0)
        if used and used + need > page_pt:
            breaks.append(row)
            used = repeated_pt
        used += h
    return breaks


def apply_breaks(ws: Worksheet, breaks: list[int]) -> None:
    """Put a manual page break above each row of `breaks`."""
    for row in breaks:
        ws.row_breaks.append(Break(id=row - 1))
