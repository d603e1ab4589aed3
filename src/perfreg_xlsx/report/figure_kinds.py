"""What a figure of the report is, and how each kind of figure is made from a `Summary`.

A figure is declared as data (`figures.FIGURES`) in one of four kinds: `ByYear` (the years on
the category axis, one series per indicator), `ByCategory` (the indicators as categories, one
series per year), `TwoAxes` (two indicators by year, the second on a right-hand axis) and `Pie`
(the indicators as slices of the survey year). A declaration checks its indicator ids when it
is made (`ids.check_ids`). Its `build` gives a `Figure`: the data table exactly as it is
written to the "Figurdata" sheet, and the chart's type, axes and formats as plain option dicts
in XlsxWriter's vocabulary (`figure_sheets` lays them out). Nothing here imports xlsxwriter.

Decisions kept in one place:

* Shares are 0-100 in the Summary; figures hold them as fractions (0.91) with the "0%" number
  format, so Excel shows "91%" on the axis, in data labels and in the data table.
* A missing figure (None, the report's NA) stays None: it is written as an empty cell and drawn
  as a gap, never as 0. Years without data stay on the axis.
* Each figure covers the years the published report shows (e.g. 2006-2012 for figure 2.1 of the
  2012 report); years before the Summary's years come from `extra_years` (the history), and
  the title's period is computed from the years shown.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from perfreg_xlsx.models import Summary
from perfreg_xlsx.report.history import ExtraYears
from perfreg_xlsx.report.history_files import NETWORKS_ID
from perfreg_xlsx.report.ids import check_ids
from perfreg_xlsx.survey.indicators import INDICATORS_BY_ID

FMT_COUNT = "#,##0"
FMT_DECIMAL = "#,##0.0"
FMT_SHARE = "0%"
FMT_YEAR = "0"

Category = int | str
# An indicator in a figure: its id and its Danish label there (None: the catalogue's label).
Shown = tuple[str, str | None]


@dataclass(frozen=True)
class SeriesSpec:
    """One chart series: one value column of the figure's data table.

    `options` are extra XlsxWriter series options, e.g. {"y2_axis": True}.
    """

    name: str
    num_format: str
    options: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    """One row of a figure's data table: the category (a year or a label) and its values."""

    category: Category
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Figure:
    """A figure of the report: its data table and how to draw it.

    >>> fig = build_figures(summary)[0]  # doctest: +SKIP
    >>> fig.label, fig.header[0], fig.chart["type"]  # doctest: +SKIP
    ('Figur 2.1', 'År', 'column')
    """

    kind: str  # "Figur" or "Tabel": how the report names it
    number: str  # "3.1"
    title: str  # the full Danish title, as the chart shows it
    header: tuple[str, ...]  # category heading, then one heading per series
    rows: tuple[Row, ...]
    series: tuple[SeriesSpec, ...]
    chart: Mapping[str, object]  # XlsxWriter add_chart() options
    x_axis: Mapping[str, object]  # the category axis
    y_axis: Mapping[str, object]  # the value axis
    y2_axis: Mapping[str, object] = field(default_factory=dict)  # secondary value axis, if any
    legend: Mapping[str, object] = field(default_factory=lambda: {"position": "bottom"})
    category_format: str = ""  # "0" when the categories are years
    data_labels: bool = False
    year_series: bool = False  # the series are years (coloured as a ramp, newest darkest)
    # A pie's colour slot per slice (an index into the chart palette, as series take them in
    # order); slices sharing a slot are shades of its colour. Empty: one slot per slice.
    colour_slots: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        """How the report refers to the figure, e.g. "Figur 3.1"."""
        return f"{self.kind} {self.number}"

    @property
    def has_data(self) -> bool:
        """True when at least one value of the figure is known."""
        return any(v is not None for row in self.rows for v in row.values)

    def column(self, index: int) -> tuple[float | None, ...]:
        """The values of series `index` (0-based), in row order."""
        return tuple(row.values[index] for row in self.rows)


# --- Looking values up ---------------------------------------------------------------------


class Source:
    """Values of the Summary, with earlier years from `extra_years` where the Summary stops."""

    def __init__(self, summary: Summary, extra_years: ExtraYears | None) -> None:
        self.summary = summary
        self.extra = extra_years or {}
        self._by_id = {ind.id: ind for ind in summary.indicators}

    def raw(self, indicator_id: str, year: int) -> float | None:
        """The indicator's value as the Summary (0-100 for shares) or the history holds it."""
        if indicator_id == NETWORKS_ID and year in self.summary.networks_reporting:
            count = self.summary.networks_reporting[year]
            return None if count is None else float(count)
        ind = self._by_id.get(indicator_id)
        if ind is not None and year in self.summary.years:
            return ind.value(year)
        earlier = self.extra.get((indicator_id, year))
        return None if earlier is None else earlier.value

    def value(self, indicator_id: str, year: int) -> float | None:
        """The value as the figure shows it: shares become fractions."""
        raw = self.raw(indicator_id, year)
        if raw is None:
            return None
        return raw / 100 if INDICATORS_BY_ID[indicator_id].is_share else raw


def number_format(indicator_id: str) -> str:
    """The number format of an indicator's values: shares "0%", else by published decimals.

    >>> number_format("share_facilitation"), number_format("firms_new_products_avg")
    ('0%', '#,##0.0')
    """
    ind = INDICATORS_BY_ID[indicator_id]
    if ind.is_share:
        return FMT_SHARE
    return FMT_DECIMAL if ind.decimals > 0 else FMT_COUNT


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is at least `value` (> 0).

    >>> nice_ceiling(38), nice_ceiling(0.3), nice_ceiling(200)
    (50.0, 0.5, 200.0)
    """
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


# --- The kinds of figure -------------------------------------------------------------------

_SHARE_AXIS: Mapping[str, object] = {
    "name": "Andel af netværkene",
    "num_format": FMT_SHARE,
    "min": 0,
    "max": 1,
    "major_unit": 0.2,
}


def _value_axis(name: str, fmt: str) -> dict[str, object]:
    return {"name": name, "num_format": fmt, "min": 0}


def _label(shown: Shown) -> str:
    iid, label = shown
    return INDICATORS_BY_ID[iid].label_da if label is None else label


def _all_shares(ids: Sequence[str]) -> bool:
    return all(INDICATORS_BY_ID[iid].is_share for iid in ids)


@dataclass(frozen=True, kw_only=True)
class Declared(ABC):
    """What every figure declares: its number, title and the years it shows.

    `title` is the Danish title after "Figur 3.1. ", with `{period}` ("2007-2012", or one
    year), `{first}` and `{last}` standing for the years shown; they are the survey year and
    the `back` years before it.
    """

    number: str
    title: str
    back: int = 0
    kind: str = "Figur"
    data_labels: bool = False

    def __post_init__(self) -> None:
        check_ids(f"{self.kind} {self.number}", self.ids())

    @abstractmethod
    def ids(self) -> tuple[str, ...]:
        """Every indicator id the figure shows."""

    @abstractmethod
    def build(self, src: Source, survey_year: int) -> Figure:
        """The figure of `survey_year` with the values of `src`."""

    def years(self, survey_year: int) -> tuple[int, ...]:
        return tuple(range(survey_year - self.back, survey_year + 1))

    def full_title(self, years: Sequence[int]) -> str:
        period = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
        text = self.title.format(period=period, first=years[0], last=years[-1])
        return f"{self.kind} {self.number}. {text}"


@dataclass(frozen=True, kw_only=True)
class ByYear(Declared):
    """The years on the category axis and one series per indicator."""

    series: tuple[tuple[str, str], ...]  # (indicator id, series name)
    y_title: str
    chart: Mapping[str, object]

    def ids(self) -> tuple[str, ...]:
        return tuple(iid for iid, _ in self.series)

    def build(self, src: Source, survey_year: int) -> Figure:
        years = self.years(survey_year)
        ids = self.ids()
        shares = _all_shares(ids)
        return Figure(
            kind=self.kind,
            number=self.number,
            title=self.full_title(years),
            header=("År", *(name for _, name in self.series)),
            rows=tuple(Row(year, tuple(src.value(iid, year) for iid in ids)) for year in years),
            series=tuple(SeriesSpec(name, number_format(iid)) for iid, name in self.series),
            chart=self.chart,
            x_axis={"name": "År"},
            y_axis=dict(_SHARE_AXIS) if shares else _value_axis(self.y_title, FMT_COUNT),
            category_format=FMT_YEAR,
            data_labels=self.data_labels,
        )


@dataclass(frozen=True, kw_only=True)
class ByCategory(Declared):
    """The indicators as categories and one series per year."""

    categories: tuple[Shown, ...]
    category_title: str
    y_title: str
    chart: Mapping[str, object]

    def ids(self) -> tuple[str, ...]:
        return tuple(iid for iid, _ in self.categories)

    def build(self, src: Source, survey_year: int) -> Figure:
        years = self.years(survey_year)
        ids = self.ids()
        fmts = {number_format(iid) for iid in ids}
        fmt = fmts.pop() if len(fmts) == 1 else FMT_DECIMAL
        # Horizontal bars list categories bottom-up; reverse so they read top-down as in the
        # table, with the value axis kept at the bottom.
        x_axis: dict[str, object] = {"name": self.category_title}
        if self.chart.get("type") == "bar":
            x_axis.update({"reverse": True, "crossing": "max"})
        return Figure(
            kind=self.kind,
            number=self.number,
            title=self.full_title(years),
            header=(self.category_title, *(str(y) for y in years)),
            rows=tuple(
                Row(_label(shown), tuple(src.value(shown[0], y) for y in years))
                for shown in self.categories
            ),
            series=tuple(SeriesSpec(str(y), fmt) for y in years),
            chart=self.chart,
            x_axis=x_axis,
            y_axis=dict(_SHARE_AXIS) if _all_shares(ids) else _value_axis(self.y_title, FMT_COUNT),
            data_labels=self.data_labels,
            year_series=True,
        )


@dataclass(frozen=True, kw_only=True)
class TwoAxes(Declared):
    """Two indicators as lines by year: `left` on the left axis, `right` on a right one."""

    left: tuple[str, str]  # (indicator id, series name)
    right: tuple[str, str]
    y_title: str
    y2_title: str

    def ids(self) -> tuple[str, ...]:
        return (self.left[0], self.right[0])

    def build(self, src: Source, survey_year: int) -> Figure:
        years = self.years(survey_year)
        (left, left_name), (right, right_name) = self.left, self.right
        rows = tuple(Row(y, (src.value(left, y), src.value(right, y))) for y in years)
        on_right = [v for row in rows if (v := row.values[1]) is not None]
        # The right axis reaches twice the highest value, so its line runs below the line of
        # the left axis (about ten times larger) and their labels do not collide.
        y2_axis = _value_axis(self.y2_title, FMT_COUNT)
        if on_right:
            y2_axis["max"] = nice_ceiling(2 * max(on_right))
        return Figure(
            kind=self.kind,
            number=self.number,
            title=self.full_title(years),
            header=("År", left_name, right_name),
            rows=rows,
            series=(
                SeriesSpec(left_name, number_format(left)),
                SeriesSpec(right_name, number_format(right), {"y2_axis": True}),
            ),
            chart={"type": "line"},
            x_axis={"name": "År"},
            y_axis=_value_axis(self.y_title, FMT_COUNT),
            y2_axis=y2_axis,
            category_format=FMT_YEAR,
            data_labels=self.data_labels,
        )


@dataclass(frozen=True, kw_only=True)
class Pie(Declared):
    """The indicators as the slices of a pie of the survey year (shares of a whole)."""

    slices: tuple[Shown, ...]
    category_title: str
    colour_slots: tuple[int, ...] = ()  # see `Figure.colour_slots`

    def ids(self) -> tuple[str, ...]:
        return tuple(iid for iid, _ in self.slices)

    def build(self, src: Source, survey_year: int) -> Figure:
        year = survey_year
        rows = tuple(Row(_label(shown), (src.value(shown[0], year),)) for shown in self.slices)
        return Figure(
            kind=self.kind,
            number=self.number,
            title=self.full_title((year,)),
            header=(self.category_title, str(year)),
            rows=rows,
            series=(SeriesSpec(str(year), FMT_SHARE),),
            chart={"type": "pie"},
            x_axis={},
            y_axis={},
            legend={"position": "right"},
            data_labels=self.data_labels,
            colour_slots=self.colour_slots[: len(rows)],
        )
