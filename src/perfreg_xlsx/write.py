"""Render a `WorkbookSpec` with xlsxwriter: the only module that writes the report workbook.

Determinism: the document's created date comes from the spec, and xlsxwriter's in-memory mode
stamps every part of the zip with 1980-01-01, so the same spec gives the same bytes.
Safety: text is written with `write_string` only, and the workbook options turn off every
automatic conversion of text to formulas, numbers or links.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError, FileSizeError

from .atomic import atomic_write
from .errors import OutputError
from .layout import TAB4X, ExtraYears, LeftOut, build_report, default_made_on
from .models import Summary, ValidationResult
from .registry import Register
from .sheetspec import CHART_SETTINGS, Cell, SheetPlugin, SheetSpec, WorkbookSpec

if TYPE_CHECKING:
    from .figures import Figure

WORKBOOK_OPTIONS: dict[str, Any] = {
    "in_memory": True,  # fixed zip timestamps, and no temporary files elsewhere
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "default_date_format": "dd-mm-yyyy",
}


def write_report(
    path: Path,
    summary: Summary,
    validation: ValidationResult,
    register: Register,
    *,
    made_on: date | None = None,
    left_out: Sequence[LeftOut] | None = None,
    extra_sheets: Sequence[SheetSpec] = (),
    extra_years: ExtraYears | None = None,
    figures: Sequence[Figure] = (),
) -> Path:
    """Write the report workbook to `path` atomically and return `path`.

    `made_on` is the date printed on the front sheet and stored as the document's created
    date; it defaults to Dec 31 of the survey year so that the same inputs give the same
    bytes. `extra_sheets` (sheets as data, e.g. with `ChartSpec`s) follow the body tables;
    `extra_years` (the `History`) gives table 3.1 its year before the report years.
    `figures` (from `figures.build_figures`) become the sheets "Figurdata" and "Figurer" with
    native charts, after the body tables.
    Raises `OutputError` when `path` cannot be written or replaced.
    """
    spec = build_report(
        summary,
        validation,
        register,
        made_on=made_on or default_made_on(summary),
        left_out=left_out,
        extra_sheets=extra_sheets,
        extra_years=extra_years,
        plugins=[figures_plugin(figures)] if figures else [],
    )
    return write_workbook(path, spec)


def figures_plugin(figures: Sequence[Figure]) -> SheetPlugin:
    """The figure sheets (data tables and native charts), right after tables 4.1-4.3."""
    # Imported here: only a report with figures needs the chart code.
    from .write_charts import CHART_SHEET, DATA_SHEET, add_figures

    figs = tuple(figures)
    return SheetPlugin(
        after=TAB4X,
        sheets=((DATA_SHEET, "Tallene bag figurerne"), (CHART_SHEET, "Rapportens figurer")),
        add=lambda wb: add_figures(wb, figs),
    )


def write_workbook(path: Path, spec: WorkbookSpec) -> Path:
    """Write `spec` to `path` through a temporary file; the old file survives any failure."""
    return atomic_write(path, lambda tmp: render(spec, tmp))


def render(spec: WorkbookSpec, target: Path) -> None:
    """Write `spec` to `target` (not atomic; use `write_workbook`)."""
    if "created" not in spec.properties:
        raise ValueError("the workbook needs a fixed 'created' date to be reproducible")
    wb = xlsxwriter.Workbook(str(target), WORKBOOK_OPTIONS)
    # In memory mode nothing touches the disk before close(), so a failure while building
    # needs no clean-up here; atomic_write removes the empty temporary file.
    wb.set_properties(dict(spec.properties))
    formats = {name: wb.add_format(dict(props)) for name, props in spec.styles.items()}
    for sheet in spec.sheets:
        _render_sheet(wb, sheet, formats)
        for plugin in spec.plugins:
            if plugin.after == sheet.name:
                _run_plugin(wb, plugin)
    try:
        wb.close()
    except FileCreateError as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None
        raise (cause or OSError(str(exc))) from None
    except FileSizeError:
        raise OutputError("the workbook is too large for the xlsx format") from None


def _run_plugin(wb: Any, plugin: SheetPlugin) -> None:
    before = len(wb.worksheets())
    plugin.add(wb)
    added = [ws.name for ws in wb.worksheets()[before:]]
    expected = [name for name, _ in plugin.sheets]
    if added != expected:
        # The table of contents was built from `expected`; a mismatch would mislead readers.
        raise ValueError(f"plugin added sheets {added}, declared {expected}")


def _render_sheet(wb: Any, sheet: SheetSpec, formats: dict[str, Any]) -> None:
    ws = wb.add_worksheet(sheet.name)
    for spec in sheet.columns:
        fmt = formats[spec.style] if spec.style else None
        ws.set_column(spec.first, spec.last, spec.width, fmt, {"hidden": spec.hidden})
    for row, height in sorted(sheet.row_heights.items()):
        ws.set_row(row, height)
    merged_tops: set[tuple[int, int]] = set()
    for r1, c1, r2, c2 in sheet.merges:
        top = sheet.cells.get((r1, c1), Cell(None))
        fmt = formats[top.style] if top.style else None
        # merge_range writes its value with the generic write(); merge an empty string and
        # write the real value typed below.
        ws.merge_range(r1, c1, r2, c2, "", fmt)
        merged_tops.add((r1, c1))
    merged_cells = {
        (r, c)
        for r1, c1, r2, c2 in sheet.merges
        for r in range(r1, r2 + 1)
        for c in range(c1, c2 + 1)
    }
    for (row, col), cell in sorted(sheet.cells.items()):
        if (row, col) in merged_cells and (row, col) not in merged_tops:
            continue
        _write_cell(ws, row, col, cell, formats)
    if sheet.freeze:
        ws.freeze_panes(*sheet.freeze)
    if sheet.autofilter:
        ws.autofilter(*sheet.autofilter)
    _page_setup(ws, sheet)
    if sheet.tab_color:
        ws.set_tab_color(sheet.tab_color)
    if sheet.zoom != 100:
        ws.set_zoom(sheet.zoom)
    for chart_spec in sheet.charts:
        chart = wb.add_chart(dict(chart_spec.options))
        for series in chart_spec.series:
            chart.add_series(dict(series))
        for name, options in chart_spec.settings.items():
            if name not in CHART_SETTINGS:
                raise ValueError(f"unknown chart setting {name!r}")
            method = getattr(chart, name)
            if options is None:
                method()
            else:
                method(options)
        ws.insert_chart(*chart_spec.anchor, chart, dict(chart_spec.insert))


def _write_cell(ws: Any, row: int, col: int, cell: Cell, formats: dict[str, Any]) -> None:
    fmt = formats[cell.style] if cell.style else None
    value = cell.value
    if cell.link is not None:
        ws.write_url(row, col, cell.link, fmt, string=str(value or cell.link))
    elif value is None:
        if fmt is not None:
            ws.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        ws.write_string(row, col, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_datetime(row, col, value, fmt)


def _page_setup(ws: Any, sheet: SheetSpec) -> None:
    page = sheet.page
    if page.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_paper(page.paper)
    if page.fit_width is not None:
        ws.fit_to_pages(page.fit_width, page.fit_height)
    if page.repeat_rows is not None:
        ws.repeat_rows(*page.repeat_rows)
    if page.repeat_cols is not None:
        ws.repeat_columns(*page.repeat_cols)
    if page.header:
        ws.set_header(page.header)
    if page.footer:
        ws.set_footer(page.footer)
    left, right, top, bottom = page.margins
    ws.set_margins(left=left, right=right, top=top, bottom=bottom)
    if page.center_horizontally:
        ws.center_horizontally()
