"""Excel's own limits, named once: what a cell, a sheet name and a formula may hold.

From Microsoft's "Excel specifications and limits"; LibreOffice reads files that keep them.
"""

CELL_TEXT_MAX = 32_767  # characters in one cell
SHEET_NAME_MAX = 31  # characters in a sheet name
FORMULA_TEXT_MAX = 255  # characters in one string literal inside a formula
