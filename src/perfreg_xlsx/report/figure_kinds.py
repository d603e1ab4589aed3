"""What a figure of the report is, and how each kind of figure is made from a `Summary`.

A figure is declared as data (the definition's `figures` rows, made objects by `figure_rows`)
in one of four kinds: `ByYear` (the years on the category axis, one series per indicator),
`ByCategory` (the indicators as categories, one series per year), `TwoAxes` (two indicators
by year, the second on a right-hand axis) and `Pie` (the indicators as slices of the survey
year). A declaration checks its indicator ids when it
is made (`ids.check_ids`). Its `build` gives a `Figure`: the data table exactly as it is
written to the "Figurdata" sheet, and the chart's type, axes and formats as plain option dicts
in XlsxWriter's vocabulary (`figure_sheets` lays them out). Nothing here imports xlsxwriter.
The data model (`Figure`, `Row`, `SeriesSpec`, `Source`, the number formats) is in
`figure_model` and importable from here too.

Decisions kept in one place:

* Shares are 0-100 in the Summary; figures hold them as fractions (0.91) with the "0%" number
  format, so Excel shows "91%" on the axis, in data labels and in the data table.
* A missing figure (None, the report's NA) stays None: it is written as an empty cell and drawn
  as a gap, never as 0. A year between two years with data stays on the axis as a gap.
* Each figure declares the years the published report shows (e.g. 2006-2012 for figure 2.1 of
  the 2012 report); years before the Summary's years come from `extra_years` (the history).
  No chart has a series or a slot without data: a year without any value (a leading or
  trailing year on a year axis, any year drawn as a series) and an indicator without any value
  are left out, named in `Figure.left_out`, and the title's period follows the years shown.
* A per-network average the history lacks for a year is the total of the same fields (an
  appendix 1 row) divided by that year's reporting networks, as `Agg.MEAN` defines it
  (figure 4.3's 2008-2010 from appendix 1's totals).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# The model and the formats are re-exported: the figures' users name them from here.
from perfreg_xlsx.report.figure_model import FMT_YEAR as FMT_YEAR
from perfreg_xlsx.report.figure_model import Category as Category
from perfreg_xlsx.report.figure_model import Figure as Figure
from perfreg_xlsx.report.figure_model import Row as Row
from perfreg_xlsx.report.figure_model import SeriesSpec as SeriesSpec
from perfreg_xlsx.report.figure_model import Shown as Shown
from perfreg_xlsx.report.figure_model import Source as Source
from perfreg_xlsx.report.figure_model import nice_ceiling as nice_ceiling
from perfreg_xlsx.report.figure_model import number_format as number_format
from perfreg_xlsx.report.figure_text import FMT_COUNT as FMT_COUNT
from perfreg_xlsx.report.figure_text import FMT_DECIMAL as FMT_DECIMAL
from perfreg_xlsx.report.figure_text import FMT_SHARE as FMT_SHARE
from perfreg_xlsx.report.figure_text import alt_text, period_text
from perfreg_xlsx.report.ids import check_ids
from perfreg_xlsx.survey.catalogue import current

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
    return current().indicators_by_id[iid].label_da if label is None else label


def _all_shares(ids: Sequence[str]) -> bool:
    return all(current().indicators_by_id[iid].is_share for iid in ids)


def _known(values: Sequence[float | None]) -> bool:
    return any(v is not None for v in values)


@dataclass(frozen=True, kw_only=True)
class Declared(ABC):
    """What every figure declares: its number, title and the years it shows.

    `title` is the Danish title after "Figur 3.1. ", with `{period}` standing for the years
    shown ("2007-2012", "2012"); they are the survey year and the `back` years before it
    that have data (see the module's docstring).
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
        text = self.title.format(period=period_text(years))
        return f"{self.kind} {self.number}. {text}"


def _year_span(
    years: Sequence[int], table: Sequence[Sequence[float | None]]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The years from the first to the last with any value in `table` (a row per year), and
    the leading and trailing years left out. All years when none has a value."""
    with_data = [i for i, row in enumerate(table) if _known(row)]
    if not with_data:
        return tuple(range(len(years))), ()
    kept = tuple(range(with_data[0], with_data[-1] + 1))
    return kept, tuple(years[i] for i in range(len(years)) if i not in kept)


@dataclass(frozen=True, kw_only=True)
class ByYear(Declared):
    """The years on the category axis and one series per indicator."""

    series: tuple[tuple[str, str], ...]  # (indicator id, series name)
    y_title: str
    chart: Mapping[str, object]

    def ids(self) -> tuple[str, ...]:
        return tuple(iid for iid, _ in self.series)

    def build(self, src: Source, survey_year: int) -> Figure:
        all_years = self.years(survey_year)
        table = [[src.value(iid, year) for iid in self.ids()] for year in all_years]
        kept, gone = _year_span(all_years, table)
        years = tuple(all_years[i] for i in kept)
        # An indicator without any value in the years shown is no series.
        cols = [c for c in range(len(self.series)) if _known([table[i][c] for i in kept])]
        if not cols:
            cols = list(range(len(self.series)))
        series = [self.series[c] for c in cols]
        rows = tuple(Row(all_years[i], tuple(table[i][c] for c in cols)) for i in kept)
        specs = tuple(SeriesSpec(name, number_format(iid)) for iid, name in series)
        title = self.full_title(years)
        last = rows[-1]
        return Figure(
            kind=self.kind,
            number=self.number,
            title=title,
            header=("År", *(name for _, name in series)),
            rows=rows,
            series=specs,
            chart=self.chart,
            x_axis={"name": "År"},
            y_axis=(
                dict(_SHARE_AXIS)
                if _all_shares([iid for iid, _ in series])
                else _value_axis(self.y_title, FMT_COUNT)
            ),
            category_format=FMT_YEAR,
            data_labels=self.data_labels,
            left_out=(
                *(str(y) for y in gone),
                *(name for c, (_, name) in enumerate(self.series) if c not in cols),
            ),
            alt_text=alt_text(
                title,
                self.chart,
                years[-1],
                [(s.name, s.num_format) for s in specs],
                last.values,
            ),
        )


@dataclass(frozen=True, kw_only=True)
class ByCategory(Declared):
    """The indicators as categories and one series per year (a year without data is none)."""

    categories: tuple[Shown, ...]
    category_title: str
    y_title: str
    chart: Mapping[str, object]

    def ids(self) -> tuple[str, ...]:
        return tuple(iid for iid, _ in self.categories)

    def build(self, src: Source, survey_year: int) -> Figure:
        all_years = self.years(survey_year)
        ids = self.ids()
        by_year = {y: tuple(src.value(iid, y) for iid in ids) for y in all_years}
        years = tuple(y for y in all_years if _known(by_year[y])) or all_years
        fmts = {number_format(iid) for iid in ids}
        fmt = fmts.pop() if len(fmts) == 1 else FMT_DECIMAL
        # Horizontal bars list categories bottom-up; reverse so they read top-down as in the
        # table, with the value axis kept at the bottom.
        x_axis: dict[str, object] = {"name": self.category_title}
        if self.chart.get("type") == "bar":
            x_axis.update({"reverse": True, "crossing": "max"})
        title = self.full_title(years)
        labels = [_label(shown) for shown in self.categories]
        newest = by_year[years[-1]]
        return Figure(
            kind=self.kind,
            number=self.number,
            title=title,
            header=(self.category_title, *(str(y) for y in years)),
            rows=tuple(
                Row(label, tuple(by_year[y][i] for y in years)) for i, label in enumerate(labels)
            ),
            series=tuple(SeriesSpec(str(y), fmt) for y in years),
            chart=self.chart,
            x_axis=x_axis,
            y_axis=dict(_SHARE_AXIS) if _all_shares(ids) else _value_axis(self.y_title, FMT_COUNT),
            data_labels=self.data_labels,
            year_series=True,
            left_out=tuple(str(y) for y in all_years if y not in years),
            alt_text=alt_text(
                title,
                self.chart,
                years[-1],
                [(label, fmt) for label in labels],
                newest,
            ),
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
        all_years = self.years(survey_year)
        (left, left_name), (right, right_name) = self.left, self.right
        table = [[src.value(left, y), src.value(right, y)] for y in all_years]
        kept, gone = _year_span(all_years, table)
        years = tuple(all_years[i] for i in kept)
        rows = tuple(Row(all_years[i], (table[i][0], table[i][1])) for i in kept)
        on_right = [v for row in rows if (v := row.values[1]) is not None]
        # The right axis reaches twice the highest value, so its line runs below the line of
        # the left axis (about ten times larger) and their labels do not collide.
        y2_axis = _value_axis(self.y2_title, FMT_COUNT)
        if on_right:
            y2_axis["max"] = nice_ceiling(2 * max(on_right))
        specs = (
            SeriesSpec(left_name, number_format(left)),
            SeriesSpec(right_name, number_format(right), {"y2_axis": True}),
        )
        title = self.full_title(years)
        chart = {"type": "line"}
        return Figure(
            kind=self.kind,
            number=self.number,
            title=title,
            header=("År", left_name, right_name),
            rows=rows,
            series=specs,
            chart=chart,
            x_axis={"name": "År"},
            y_axis=_value_axis(self.y_title, FMT_COUNT),
            y2_axis=y2_axis,
            category_format=FMT_YEAR,
            data_labels=self.data_labels,
            left_out=tuple(str(y) for y in gone),
            alt_text=alt_text(
                title,
                chart,
                years[-1],
                [(s.name, s.num_format) for s in specs],
                rows[-1].values,
            ),
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
        title = self.full_title((year,))
        return Figure(
            kind=self.kind,
            number=self.number,
            title=title,
            header=(self.category_title, str(year)),
            rows=rows,
            series=(SeriesSpec(str(year), FMT_SHARE),),
            chart={"type": "pie"},
            x_axis={},
            y_axis={},
            legend={"position": "right"},
            data_labels=self.data_labels,
            colour_slots=self.colour_slots[: len(rows)],
            alt_text=alt_text(
                title,
                {"type": "pie"},
                year,
                [(str(row.category), FMT_SHARE) for row in rows],
                [row.values[0] for row in rows],
            ),
        )
