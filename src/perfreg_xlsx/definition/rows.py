"""One pydantic model per sheet of the definition workbook: a row as read, typed and bounded.

The loader (`load`) reads each cell as its column says (`columns.Cell`) and gives the values
to these models by column name; what a single cell can get wrong (a negative number of
decimals, a text longer than a cell or a chart holds) is caught here and reported at that
cell. What rows say about each other (an unknown field, a duplicate id) is `checks`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from perfreg_xlsx.definition.problems import Problem
from perfreg_xlsx.survey.figure_spec import FigureType
from perfreg_xlsx.survey.types import Agg, Kind, Severity
from perfreg_xlsx.util.excel import CELL_TEXT_MAX

# Excel keeps at most 255 characters in a chart's title, an axis title or a series name.
CHART_TEXT_MAX = 255

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.\-]*$", max_length=64)]
Text = Annotated[str, StringConstraints(max_length=CELL_TEXT_MAX)]
NonEmpty = Annotated[str, StringConstraints(min_length=1, max_length=CELL_TEXT_MAX)]
ChartText = Annotated[str, StringConstraints(max_length=CHART_TEXT_MAX)]
Programme = Literal["innovation_network", "cluster", "both"]


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SectionRow(_Row):
    section_id: Id
    title: NonEmpty


class FieldRow(_Row):
    field_id: Id
    programme: Programme
    section: Id
    question: NonEmpty
    help: Text = ""
    type: Kind
    unit: Text = ""
    # int kept as int (the declarations write 0 and 1000, and the form prints them).
    min: int | float | None = None
    max: int | float | None = None
    required: bool
    yoy_factor: Annotated[float, Field(gt=1)] | None = None
    personal: bool


class RuleRow(_Row):
    rule_id: Id
    kind: Literal["part_of_total", "sources_sum", "no_means_zero", "yes_needs_count", "requires"]
    fields: tuple[Id, ...]
    tolerance: Annotated[float, Field(ge=0)] | None = None
    severity: Severity


class IndicatorRow(_Row):
    indicator_id: Id
    section: Id
    label: NonEmpty
    aggregation: Agg
    fields: tuple[Id, ...] = ()
    unit: Text
    scale: Annotated[float, Field(gt=0)]
    decimals: Annotated[int, Field(ge=0, le=10)]
    programme: Programme
    appendix_row: bool
    headline: Annotated[int, Field(ge=1)] | None = None
    break_note: Text = ""


class HeadingRow(_Row):
    section: Id
    heading: NonEmpty


class FigureRowModel(_Row):
    figure_id: Id
    caption: Literal["Figur", "Tabel"]
    number: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    type: FigureType
    title: Annotated[str, StringConstraints(min_length=1, max_length=CHART_TEXT_MAX)]
    back: Annotated[int, Field(ge=0, le=50)]
    chart: str = ""
    y_title: ChartText = ""
    y2_title: ChartText = ""
    category_title: ChartText = ""
    data_labels: bool


class SeriesRow(_Row):
    figure_id: Id
    indicator_id: Id
    label: ChartText = ""
    colour_slot: Annotated[int, Field(ge=0, le=50)] | None = None


MODELS: dict[str, type[_Row]] = {
    "sections": SectionRow,
    "fields": FieldRow,
    "rules": RuleRow,
    "indicators": IndicatorRow,
    "appendix_headings": HeadingRow,
    "figures": FigureRowModel,
    "figure_series": SeriesRow,
}


@dataclass(frozen=True)
class Row:
    """One row of a sheet: its model, its row number and the letter of each column."""

    sheet: str
    number: int
    model: BaseModel
    letters: Mapping[str, str]

    def ref(self, column: str) -> str:
        return f"{self.letters[column]}{self.number}"

    def problem(self, column: str, message: str) -> Problem:
        return Problem(self.sheet, self.ref(column), message)


Rows = dict[str, list[Row]]
