"""Native Excel charts from `ChartSpec`s: the one place a chart is made with xlsxwriter.

A chart is plain data (`spec.ChartSpec`: xlsxwriter's options, series and settings) that the
layouts make: the report's figures, the chart of appendix 3 and the profiles' charts.
`render` calls `add_chart` for each chart of a sheet, in the sheet's order. Every chart gets
alt text (`alt_text`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from perfreg_xlsx.workbook.spec import ChartSpec

# The chart methods a `ChartSpec` may name in its settings; any other name is refused, so a
# layout cannot reach the rest of xlsxwriter's API through a chart.
CHART_SETTINGS = frozenset(
    {
        "set_title",
        "set_x_axis",
        "set_y_axis",
        "set_legend",
        "set_size",
        "set_style",
        "set_plotarea",
        "set_chartarea",
        "set_table",
        "set_x2_axis",
        "set_y2_axis",
        "set_up_down_bars",
        "set_drop_lines",
        "set_high_low_lines",
        "show_blanks_as",
        "show_hidden_data",
        "show_na_as_empty_cell",
    }
)


def add_chart(workbook: Any, worksheet: Any, spec: ChartSpec) -> None:
    """Make the chart `spec` in the xlsxwriter `workbook` and insert it into `worksheet`.

    Raises ValueError for a setting not in `CHART_SETTINGS`.
    """
    chart = workbook.add_chart(dict(spec.options))
    for series in spec.series:
        chart.add_series(dict(series))
    for name, options in spec.settings.items():
        if name not in CHART_SETTINGS:
            raise ValueError(f"unknown chart setting {name!r}")
        method = getattr(chart, name)
        if options is None:
            method()
        else:
            method(options)
    worksheet.insert_chart(*spec.anchor, chart, {**spec.insert, "description": alt_text(spec)})


def alt_text(spec: ChartSpec) -> str:
    """The chart's alt text: its own, else "Diagram: " and its title, so no chart lacks one.

    >>> alt_text(ChartSpec((0, 0), {}, (), {"set_title": {"name": "Figur 1"}}))
    'Diagram: Figur 1.'
    """
    if spec.alt_text:
        return spec.alt_text
    title = spec.settings.get("set_title") or {}
    name = title.get("name") if isinstance(title, Mapping) else None
    return f"Diagram: {name}." if isinstance(name, str) and name else "Diagram."
