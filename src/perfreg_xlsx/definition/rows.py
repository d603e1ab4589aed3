"""One pydantic model per sheet of the definition workbook: the boundary where its rows
become typed values (issue 15).

The loader (`load`) first reads each cell as its column says (`columns.Cell`: what Excel
does to typed text, such as "4.10" made a number, is ours to catch, as is a formula), then
validates each row with its sheet's model: the bounds of a column (a negative number of
decimals, a text longer than a cell or a chart holds) are the model's constraints, and every
error pydantic reports becomes a `Problem` at the row's cell (`problem_message`). What rows
say about each other (an unknown field, a duplicate id) is `checks`.

Imported only when the workbook is read (a cache miss, `definition.cache`): building the
seven models takes 11 to 14 ms in a fresh process, and importing pydantic about 90 ms more for
`fields` and `definition check`, the commands that do not import it anyway (measured
2026-12-04, 2 cores; `benchmarks/bench_definition.py` shows a `fields` miss at 130 ms, the
other commands' at 31 to 33 ms, every hit at 2 to 8 ms).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, NamedTuple

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import ErrorDetails, PydanticCustomError

from perfreg_xlsx.definition.problems import Problem
from perfreg_xlsx.util.excel import CELL_TEXT_MAX, excel_length

# Excel keeps at most 255 characters in a chart's title, an axis title or a series name.
CHART_TEXT_MAX = 255
ID_MAX = 64
# A rule's own message: shown in the form's cell beside the answer, and said in one sentence.
MESSAGE_MAX = 500


def _fits(most: int) -> AfterValidator:
    """A text of at most `most` characters, counted in UTF-16 units as Excel counts them."""

    def check(value: str) -> str:
        length = excel_length(value)
        if length > most:
            raise PydanticCustomError(
                "too_long",
                "is {length} characters long; at most {most} fit here",
                {"length": length, "most": most},
            )
        return value

    return AfterValidator(check)


Text = Annotated[str, _fits(CELL_TEXT_MAX)]
Id = Annotated[str, _fits(ID_MAX)]
ChartText = Annotated[str, _fits(CHART_TEXT_MAX)]
Choice = str  # one of its column's list, checked when the cell is read


class _Row(BaseModel):
    # Frozen and closed: a row is what its sheet's columns say, nothing more.
    model_config = ConfigDict(frozen=True, extra="forbid")


class SectionRow(_Row):
    section_id: Id
    title: Text


class FieldRow(_Row):
    field_id: Id
    programme: Choice
    section: Id
    question: Text
    type: Choice
    required: bool
    personal: bool
    help: Text = ""
    unit: Text = ""
    # int kept as int (the shipped definition writes 0 and 1000, and the form prints them).
    min: int | float | None = None
    max: int | float | None = None
    yoy_factor: Annotated[float, Field(gt=1)] | None = None


class RuleRow(_Row):
    rule_id: Id
    kind: Choice
    fields: tuple[str, ...]
    severity: Choice
    tolerance: Annotated[float, Field(ge=0)] | None = None
    message: Annotated[str, _fits(MESSAGE_MAX)] = ""


class IndicatorRow(_Row):
    indicator_id: Id
    section: Id
    label: Text
    aggregation: Choice
    unit: Text
    scale: Annotated[float, Field(gt=0)]
    decimals: Annotated[int, Field(ge=0, le=10)]
    programme: Choice
    appendix_row: bool
    fields: tuple[str, ...] = ()
    headline: Annotated[int, Field(ge=1)] | None = None
    break_note: Text = ""


class HeadingRow(_Row):
    section: Id
    heading: Text


class FigureRowModel(_Row):
    figure_id: Id
    caption: Choice
    number: Annotated[str, _fits(20)]
    type: Choice
    title: ChartText
    back: Annotated[int, Field(ge=0, le=50)]
    data_labels: bool
    chart: Choice = ""
    y_title: ChartText = ""
    y2_title: ChartText = ""
    category_title: ChartText = ""


class SeriesRow(_Row):
    figure_id: Id
    indicator_id: Id
    label: ChartText = ""
    colour_slot: Annotated[int, Field(ge=0, le=50)] | None = None


def problem_message(error: ErrorDetails) -> str:
    """What a column's value must be, from one pydantic error, in the loader's words."""
    ctx = error.get("ctx") or {}
    bound = {
        "greater_than": ("above", "gt"),
        "greater_than_equal": ("at least", "ge"),
        "less_than_equal": ("at most", "le"),
        "less_than": ("below", "lt"),
    }.get(error["type"])
    if bound is not None:
        return f"must be {bound[0]} {float(ctx[bound[1]]):g}"
    return error["msg"]


MODELS: Mapping[str, type[_Row]] = {
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
