"""A figure of the report as data (`Figure`, its `Row`s and `SeriesSpec`s) and where its values
come from (`Source`: the Summary, earlier years from the history, a mean from its total).

`figure_kinds` makes figures of these; the number formats (`number_format`, `nice_ceiling`)
are shared by every kind. Nothing here imports xlsxwriter. The decisions about missing
values and years are stated in `figure_kinds`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from perfreg_xlsx.models import Summary
from perfreg_xlsx.report.figure_text import FMT_COUNT, FMT_DECIMAL, FMT_SHARE
from perfreg_xlsx.report.history import ExtraYears
from perfreg_xlsx.report.history_files import NETWORKS_ID
from perfreg_xlsx.survey.catalogue import Catalogue, current
from perfreg_xlsx.survey.types import Agg

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
    # What the declaration names but the figure leaves out for want of any value: years and
    # series names, in declared order (written as a note under the data table).
    left_out: tuple[str, ...] = ()
    # One Danish sentence for the chart's alt text: what it shows and its headline number.
    alt_text: str = ""

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
            found = ind.value(year)
        else:
            earlier = self.extra.get((indicator_id, year))
            found = None if earlier is None else earlier.value
        twins = _totals_of_means(current())
        if found is None and indicator_id in twins:
            return self._mean_from_total(twins[indicator_id], year)
        return found

    def _mean_from_total(self, total_id: str, year: int) -> float | None:
        total = self.raw(total_id, year)
        networks = self.raw(NETWORKS_ID, year)
        if total is None or not networks:
            return None
        return total / networks

    def value(self, indicator_id: str, year: int) -> float | None:
        """The value as the figure shows it: shares become fractions."""
        raw = self.raw(indicator_id, year)
        if raw is None:
            return None
        return raw / 100 if current().indicators_by_id[indicator_id].is_share else raw


@functools.cache
def _totals_of_means(cat: Catalogue) -> dict[str, str]:
    """Each `Agg.MEAN` indicator's `Agg.SUM` twin (same fields and scale), by the mean's id."""
    sums = {(i.fields, i.scale): i.id for i in cat.indicators if i.agg is Agg.SUM}
    return {
        i.id: sums[(i.fields, i.scale)]
        for i in cat.indicators
        if i.agg is Agg.MEAN and (i.fields, i.scale) in sums
    }


def number_format(indicator_id: str) -> str:
    """The number format of an indicator's values: shares "0%", else by published decimals.

    >>> number_format("share_facilitation"), number_format("firms_new_products_avg")
    ('0%', '#,##0.0')
    """
    ind = current().indicators_by_id[indicator_id]
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
