"""One row class per sheet of the definition workbook, and the bounds of its columns.

The loader (`load`) reads each cell as its column says (`columns.Cell`), holds it to its
`BOUNDS` (a negative number of decimals, a text longer than a cell or a chart holds) and makes
the row from the values by column name. What rows say about each other (an unknown field, a
duplicate id) is `checks`.

Named tuples, not pydantic models: the loader runs before every command, and importing
pydantic and building seven models took about 100 ms of `perfreg-xlsx fields` (which needs
no pydantic otherwise), over issue 15's 30 ms for loading the definition; frozen dataclasses
took 15 ms to create at import, named tuples under 2 ms.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from perfreg_xlsx.definition.problems import Problem
from perfreg_xlsx.util.excel import CELL_TEXT_MAX

# Excel keeps at most 255 characters in a chart's title, an axis title or a series name.
CHART_TEXT_MAX = 255
ID_MAX = 64


class Bound(NamedTuple):
    """What one column's values must keep to beyond their kind of cell."""

    low: float | None = None
    high: float | None = None
    above: bool = False  # strictly above `low`
    as_float: bool = False  # a decimal in Python (5 is read as 5.0, as the declarations say)
    max_len: int = CELL_TEXT_MAX


_CHART = Bound(max_len=CHART_TEXT_MAX)
BOUNDS: Mapping[tuple[str, str], Bound] = {
    ("fields", "yoy_factor"): Bound(low=1, above=True, as_float=True),
    ("rules", "tolerance"): Bound(low=0, as_float=True),
    ("indicators", "scale"): Bound(low=0, above=True, as_float=True),
    ("indicators", "decimals"): Bound(low=0, high=10),
    ("indicators", "headline"): Bound(low=1),
    ("figures", "number"): Bound(max_len=20),
    ("figures", "back"): Bound(low=0, high=50),
    ("figures", "title"): _CHART,
    ("figures", "y_title"): _CHART,
    ("figures", "y2_title"): _CHART,
    ("figures", "category_title"): _CHART,
    ("figure_series", "label"): _CHART,
    ("figure_series", "colour_slot"): Bound(low=0, high=50),
}
NO_BOUND = Bound()


class SectionRow(NamedTuple):
    section_id: str
    title: str


class FieldRow(NamedTuple):
    field_id: str
    programme: str
    section: str
    question: str
    type: str
    required: bool
    personal: bool
    help: str = ""
    unit: str = ""
    # int kept as int (the declarations write 0 and 1000, and the form prints them).
    min: int | float | None = None
    max: int | float | None = None
    yoy_factor: float | None = None


class RuleRow(NamedTuple):
    rule_id: str
    kind: str
    fields: tuple[str, ...]
    severity: str
    tolerance: float | None = None


class IndicatorRow(NamedTuple):
    indicator_id: str
    section: str
    label: str
    aggregation: str
    unit: str
    scale: float
    decimals: int
    programme: str
    appendix_row: bool
    fields: tuple[str, ...] = ()
    headline: int | None = None
    break_note: str = ""


class HeadingRow(NamedTuple):
    section: str
    heading: str


class FigureRowModel(NamedTuple):
    figure_id: str
    caption: str
    number: str
    type: str
    title: str
    back: int
    data_labels: bool
    chart: str = ""
    y_title: str = ""
    y2_title: str = ""
    category_title: str = ""


class SeriesRow(NamedTuple):
    figure_id: str
    indicator_id: str
    label: str = ""
    colour_slot: int | None = None


MODELS: Mapping[str, type[Any]] = {
    "sections": SectionRow,
    "fields": FieldRow,
    "rules": RuleRow,
    "indicators": IndicatorRow,
    "appendix_headings": HeadingRow,
    "figures": FigureRowModel,
    "figure_series": SeriesRow,
}


class Row(NamedTuple):
    """One row of a sheet: its model, its row number and the letter of each column."""

    sheet: str
    number: int
    model: Any  # the sheet's row class of `MODELS`
    letters: Mapping[str, str]

    def ref(self, column: str) -> str:
        return f"{self.letters[column]}{self.number}"

    def problem(self, column: str, message: str) -> Problem:
        return Problem(self.sheet, self.ref(column), message)


Rows = dict[str, list[Row]]
# Per sheet, the ids of rows left out for a problem in a cell: references to them are no
# second mistake.
Broken = dict[str, set[str]]
