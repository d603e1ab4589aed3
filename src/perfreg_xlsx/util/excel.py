"""Excel's own limits, named once: what a cell, a sheet name and a formula may hold.

From Microsoft's "Excel specifications and limits"; LibreOffice reads files that keep them.
"""

CELL_TEXT_MAX = 32_767  # characters in one cell (counted in UTF-16 units)
SHEET_NAME_MAX = 31  # characters in a sheet name
FORMULA_TEXT_MAX = 255  # characters in one string literal inside a formula
TRUNCATED = " … [afkortet]"  # the mark of a text cut to fit one cell


def excel_length(text: str) -> int:
    """The length of `text` as Excel counts it: in UTF-16 units (an emoji counts two)."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def fit_text(text: str) -> str:
    """`text`, shortened with a visible marker if Excel could not keep all of it in a cell."""
    if len(text) <= CELL_TEXT_MAX // 2 or excel_length(text) <= CELL_TEXT_MAX:
        return text
    # A conservative cut in characters keeps every text valid.
    return text[: CELL_TEXT_MAX // 2 - len(TRUNCATED)] + TRUNCATED
