"""A1 cell references: the one conversion of a column number to its letters.

Its own module because the template's field map and the reader's sheet scan both need it, and
neither should import the other (the field map is read by `fields` at start-up; the reader's
parts module pulls in the zip and XML machinery).
"""

from __future__ import annotations


def col_letter(col: int) -> str:
    """1 -> 'A', 27 -> 'AA'."""
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out
