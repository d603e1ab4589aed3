"""One cell of a returned questionnaire as the file holds it: what the reader gives.

Its own module because both the reader (`reader`) and the fast sheet scan (`fastscan`) make
them: a plain inline text, the most common cell of a form, is complete as soon as it is
found, and the fast scan makes it at once rather than as a scanned cell typed later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

Value = str | float | int | bool | None


class RawCell(NamedTuple):
    """One cell as the file holds it, untyped beyond what the XML says.

    `value` is the cached value for a formula cell (None when `no_cached_value`); numbers are
    int when integral, `t="b"` bool, errors their text ("#DIV/0!") with `is_error`, `t="d"`
    ISO date text. Number text that does not parse is returned as the text itself. A cell of
    a type no program writes (`t="zz"`, or `t="b"` holding anything but 0/1) is `is_error`
    with its text, so that nothing reads it as an answer.
    A named tuple, not a dataclass: a run makes one per answer cell of every file, and a
    tuple is built several times faster.
    """

    ref: str
    value: Value
    formula: str | None  # formula text without "=", never evaluated
    no_cached_value: bool  # a formula whose result was never calculated and saved
    is_error: bool
    date_formatted: bool  # a number shown as a date/time (or a t="d" date cell)
    cell_type: str = "n"  # the XML `t`: n, s, str, inlineStr, b, e, d


# A named tuple made from a tuple of all its fields, in C: half the cost of RawCell(...),
# which runs a generated Python __new__ (a run makes one per wanted cell of every file).
new_cell: Callable[[type[RawCell], tuple[object, ...]], RawCell] = tuple.__new__


def inline_text(ref: str, text: str) -> RawCell:
    """A cell holding an inline text and nothing else (`t="inlineStr"`, no formula)."""
    return new_cell(RawCell, (ref, text, None, False, False, False, "inlineStr"))
