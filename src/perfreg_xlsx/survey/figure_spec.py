"""A figure of the report as a definition file declares it: plain data, no report objects.

The report's figure objects (`report.figure_kinds`) live in `report`, which `survey` may not
import; a `Catalogue` loaded from a definition file carries its figures in this form and
`report.figure_rows` turns them into the report's objects (and back, to write the file).
No I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class FigureType(StrEnum):
    """The four kinds of figure `report.figure_kinds` draws."""

    BY_YEAR = "by_year"  # the years on the category axis, one series per indicator
    BY_CATEGORY = "by_category"  # the indicators as categories, one series per year
    TWO_AXES = "two_axes"  # two indicators by year as lines, the second on a right axis
    PIE = "pie"  # the indicators as slices of the survey year


# The chart a `by_year` or `by_category` figure is drawn as: name -> XlsxWriter chart options.
CHARTS: Mapping[str, Mapping[str, object]] = {
    "column": {"type": "column"},
    "stacked_column": {"type": "column", "subtype": "stacked"},
    "bar": {"type": "bar"},
    "stacked_bar": {"type": "bar", "subtype": "stacked"},
    "line": {"type": "line"},
}

# What the figure's heading starts with ("Figur 3.1.", "Tabel 3.1.").
CAPTIONS = ("Figur", "Tabel")


def chart_name(options: Mapping[str, object]) -> str | None:
    """The name in `CHARTS` of these chart options; None when they have none."""
    return next((name for name, opts in CHARTS.items() if dict(opts) == dict(options)), None)


@dataclass(frozen=True)
class FigureSeries:
    """One indicator of a figure: a series, a category or a slice.

    `label` is its name in the figure ("" = the indicator's own label); `colour_slot` is the
    colour a pie's slice takes (None = its place in the pie).
    """

    indicator: str
    label: str = ""
    colour_slot: int | None = None


@dataclass(frozen=True)
class FigureRow:
    """One figure: what its row of the `figures` sheet and its rows of `figure_series` hold.

    Unused texts are "": `chart` for two_axes and pie, `y2_title` except for two_axes,
    `category_title` for by_year and two_axes.
    """

    id: str
    type: FigureType
    caption: str  # one of CAPTIONS
    number: str  # "3.1"
    title: str  # Danish, "{period}" standing for the years shown
    back: int  # years shown before the survey year
    chart: str  # a key of CHARTS, or ""
    y_title: str
    y2_title: str
    category_title: str
    data_labels: bool
    series: tuple[FigureSeries, ...]
