"""Render a `WorkbookSpec` with xlsxwriter: the one writer of the report and profile workbooks.

Determinism: the document's created date comes from the spec, and every part of the zip is
stamped 1980-01-01 (by xlsxwriter's in-memory mode, or by the copy that streams long sheets,
see `RowCells`), so the same spec gives the same bytes.
Safety: text is written with `write_string` only, and the workbook options turn off every
automatic conversion of text to formulas, numbers or links. Every text passes `xml_text` on
its way in (cells, streamed body rows, link texts, document properties): a character XML
cannot hold would make the package unreadable or stop xlsxwriter half-way (xlsxwriter writes
a control character as an ``_xHHHH_`` escape, which Excel turns back into the character, and
fails on a lone surrogate).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError, FileSizeError
from xlsxwriter.utility import _preserve_whitespace, xl_col_to_name
from xlsxwriter.xmlwriter import XMLwriter

from perfreg_xlsx.errors import OutputError
from perfreg_xlsx.util.atomic import atomic_write
from perfreg_xlsx.util.safetext import xml_text
from perfreg_xlsx.workbook.charts import add_chart
from perfreg_xlsx.workbook.spec import Cell, RowCells, SheetSpec, TableSpec, WorkbookSpec

WORKBOOK_OPTIONS: dict[str, Any] = {
    "in_memory": True,  # fixed zip timestamps, and no temporary files elsewhere
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "default_date_format": "dd-mm-yyyy",
}


def write_workbook(path: Path, spec: WorkbookSpec, *, beside: bool = False) -> Path:
    """Write `spec` to `path` through a temporary file; the old file survives any failure.
    With `beside`, a `path` held open elsewhere is left and the path written is returned
    (`atomic_write`)."""
    return atomic_write(path, lambda tmp: render(spec, tmp), beside=beside)


def render(spec: WorkbookSpec, target: Path) -> None:
    """Write `spec` to `target` (not atomic; use `write_workbook`)."""
    if "created" not in spec.properties:
        raise ValueError("the workbook needs a fixed 'created' date to be reproducible")
    # A workbook with streamed sheets is written without their bodies beside `target` first.
    streamed = any(isinstance(sheet.cells, RowCells) for sheet in spec.sheets)
    if not streamed:
        _render(spec, target, None)
        return
    # The package is copied entry by entry with fixed dates afterwards: xlsxwriter may keep
    # its sheets in temporary files rather than in memory. They go into a folder of their own
    # beside the target, removed whatever happens: xlsxwriter leaves them behind when it fails.
    parts = Path(tempfile.mkdtemp(prefix=f"{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        written = parts / (target.name + ".head")
        bodies = _render(spec, written, parts)
        _stream_bodies(written, target, bodies)
    finally:
        shutil.rmtree(parts, ignore_errors=True)


def _render(spec: WorkbookSpec, target: Path, tmpdir: Path | None) -> dict[str, _Body]:
    options = WORKBOOK_OPTIONS
    if tmpdir is not None:
        options = {**options, "in_memory": False, "tmpdir": str(tmpdir)}
    wb = xlsxwriter.Workbook(str(target), options)
    # In memory mode nothing touches the disk before close(), so a failure while building
    # needs no clean-up here; atomic_write removes the empty temporary file.
    wb.set_properties(
        {k: xml_text(v) if isinstance(v, str) else v for k, v in spec.properties.items()}
    )
    # xlsxwriter's core properties have no dc:language: the language is a custom property.
    for name, value in spec.custom_properties.items():
        wb.set_custom_property(xml_text(name), xml_text(value))
    formats = {name: wb.add_format(dict(props)) for name, props in spec.styles.items()}
    bodies: dict[str, _Body] = {}
    for sheet in spec.sheets:
        body = _render_sheet(wb, sheet, formats)
        if body is not None:
            bodies[body.part] = body
    if spec.sheets:
        wb.worksheets()[0].activate()  # the workbook opens on its first sheet
    try:
        wb.close()
    except FileCreateError as exc:
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None
        raise (cause or OSError(str(exc))) from None
    except FileSizeError:
        raise OutputError("the workbook is too large for the xlsx format") from None
    return bodies


def _render_sheet(wb: Any, sheet: SheetSpec, formats: dict[str, Any]) -> _Body | None:
    ws = wb.add_worksheet(sheet.name)
    body = None
    cells: Mapping[tuple[int, int], Cell] = sheet.cells
    if isinstance(cells, RowCells):
        body = _body_of(wb, sheet, cells, formats)
        cells = cells.head
    for spec in sheet.columns:
        fmt = formats[spec.style] if spec.style else None
        ws.set_column(spec.first, spec.last, spec.width, fmt, {"hidden": spec.hidden})
    for row, height in sorted(sheet.row_heights.items()):
        ws.set_row(row, height)
    for table in sheet.tables:
        _add_table(ws, sheet.name, table)
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
    for (row, col), cell in sorted(cells.items()):
        if (row, col) in merged_cells and (row, col) not in merged_tops:
            continue
        _write_cell(ws, row, col, cell, formats)
    # The cursor starts at the title in A1. set_selection() ignores A1 (the default), but
    # a frozen pane would then put it on the pane's first cell: hand xlsxwriter the selection
    # it keeps, so the active pane's selection is A1.
    ws.selections = [[None, "A1", "A1"]]
    if sheet.freeze:
        ws.freeze_panes(*sheet.freeze)
    if sheet.autofilter:
        ws.autofilter(*sheet.autofilter)
    _page_setup(ws, sheet)
    if sheet.tab_color:
        ws.set_tab_color(sheet.tab_color)
    if sheet.zoom != 100:
        ws.set_zoom(sheet.zoom)
    if not sheet.gridlines:
        ws.hide_gridlines(2)
    for chart in sheet.charts:
        add_chart(wb, ws, chart)
    return body


def _add_table(ws: Any, sheet: str, table: TableSpec) -> None:
    # No table style: the cells keep the report's own styles. The header cells are written
    # again by the cells that follow, with their style and the same text.
    options: dict[str, Any] = {
        "name": table.name,
        "style": None,
        "autofilter": table.autofilter,
        "columns": [{"header": xml_text(h)} for h in table.headers],
    }
    if table.description:
        options["description"] = xml_text(table.description)
    found = ws.add_table(table.first_row, table.first_col, table.last_row, table.last_col, options)
    if found:  # xlsxwriter only warns and leaves the table out
        raise ValueError(f"{sheet}: xlsxwriter refused table {table.name}")


def _write_cell(ws: Any, row: int, col: int, cell: Cell, formats: dict[str, Any]) -> None:
    fmt = formats[cell.style] if cell.style else None
    value = cell.value
    if cell.link is not None:
        ws.write_url(row, col, cell.link, fmt, string=xml_text(str(value or cell.link)))
    elif value is None:
        if fmt is not None:
            ws.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        ws.write_string(row, col, xml_text(value), fmt)
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
    if page.row_breaks:
        ws.set_h_pagebreaks(list(page.row_breaks))
    if page.print_area is not None:
        ws.print_area(*page.print_area)


# --- Long sheets, streamed -----------------------------------------------------------------
#
# xlsxwriter holds every cell until it closes the workbook and spends a few microseconds on
# each: for the Data sheet of ten thousand questionnaires, three quarters of a million cells,
# that is hundreds of MB and seconds. A `RowCells` sheet is written by xlsxwriter with its head
# only; its body rows are then streamed into that sheet's part while the package is copied,
# one row at a time, as the XML xlsxwriter writes in its constant_memory mode (numbers as
# `%.16G`, text as escaped in-line strings). The values and styles are the cells' own.


@dataclass(frozen=True)
class _Body:
    part: str  # the sheet's part in the package, e.g. "xl/worksheets/sheet9.xml"
    cells: RowCells
    xf: dict[str, int]  # style name -> xlsxwriter's index of its format
    last_col: int


def _body_of(wb: Any, sheet: SheetSpec, cells: RowCells, formats: dict[str, Any]) -> _Body:
    first = cells.first_row
    if any(r >= first for r in sheet.row_heights) or any(m[2] >= first for m in sheet.merges):
        raise ValueError(f"{sheet.name}: no row heights or merges in a streamed body")
    # Index the body's formats now: xlsxwriter numbers a format when a cell first uses it.
    xf = {style: formats[style]._get_xf_index() for style in sorted(cells.body_styles)}
    worksheets = [w for w in wb.worksheets() if not w.is_chartsheet]
    last_col = max((c for _, c in cells.head), default=0)
    return _Body(f"xl/worksheets/sheet{len(worksheets)}.xml", cells, xf, last_col)


ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # Excel's own date for the entries of a package
_DIMENSION = re.compile(r'<dimension ref="[^"]*"/>')


def _stream_bodies(written: Path, target: Path, bodies: Mapping[str, _Body]) -> None:
    """Copy the package `written` to `target`, streaming the body rows into their sheets."""
    with zipfile.ZipFile(written) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            copy = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            copy.compress_type = zipfile.ZIP_DEFLATED
            copy.create_system = 0  # as Excel writes it, and the same bytes on every OS
            copy.external_attr = 0
            body = bodies.get(info.filename)
            if body is None:
                dst.writestr(copy, src.read(info))
                continue
            head, tail = _around_body(src.read(info).decode("utf-8"), body)
            with dst.open(copy, "w") as fh:
                fh.write(head.encode("utf-8"))
                for chunk in _body_xml(body):
                    fh.write(chunk)
                fh.write(tail.encode("utf-8"))


def _around_body(xml: str, body: _Body) -> tuple[str, str]:
    """The sheet's XML before and after where the body rows go, its dimension enlarged."""
    cells = body.cells
    last_row = max(cells.first_row + cells.count, max((r + 1 for r, _ in cells.head), default=1))
    dimension = f'<dimension ref="A1:{xl_col_to_name(body.last_col)}{last_row}"/>'
    xml, found = _DIMENSION.subn(dimension, xml, count=1)
    if found != 1:
        raise ValueError(f"{body.part}: no dimension to update")
    if "</sheetData>" in xml:
        head, _, tail = xml.partition("</sheetData>")
        return head, "</sheetData>" + tail
    head, _, tail = xml.partition("<sheetData/>")
    return head + "<sheetData>", "</sheetData>" + tail


def _body_xml(body: _Body, rows_per_chunk: int = 256) -> Iterator[bytes]:
    cell_at = [f'<c r="{xl_col_to_name(c)}' for c in range(body.last_col + 1)]
    style_attr: dict[str | None, str] = {s: f' s="{i}"' for s, i in body.xf.items()}
    style_attr[None] = ""
    parts: list[str] = []
    height = body.cells.height
    for count, (r, row) in enumerate(body.cells.body(), start=1):
        n = str(r + 1)
        points = None if height is None else height(r - body.cells.first_row)
        parts.append(f'<row r="{n}"{_row_height(points)}>')
        for col, value, style in row:
            if col > body.last_col:
                raise ValueError(f"{body.part}: a body cell right of the head's columns")
            kind = type(value)
            if kind is str:
                parts.append(f'{cell_at[col]}{n}"{style_attr[style]} t="inlineStr">')
                parts.append(_inline(value))  # type: ignore[arg-type]
                parts.append("</c>")
            elif kind is int or kind is float:
                parts.append(f'{cell_at[col]}{n}"{style_attr[style]}><v>{value:.16G}</v></c>')
            elif value is None:
                if style is not None:  # a blank cell with a format, as write_blank writes it
                    parts.append(f'{cell_at[col]}{n}"{style_attr[style]}/>')
            elif isinstance(value, str):  # a str subclass: the slow way
                parts.append(f'{cell_at[col]}{n}"{style_attr[style]} t="inlineStr">')
                parts.append(f"{_inline(str(value))}</c>")
            elif isinstance(value, int | float) and not isinstance(value, bool):
                parts.append(f'{cell_at[col]}{n}"{style_attr[style]}><v>{value:.16G}</v></c>')
            else:
                raise TypeError(f"cannot stream a {kind.__name__} into a body row")
        parts.append("</row>")
        if count % rows_per_chunk == 0:
            yield "".join(parts).encode("utf-8")
            parts = []
    yield "".join(parts).encode("utf-8")


def _row_height(points: float | None) -> str:
    # As xlsxwriter's set_row writes it: whole pixels, 15 pt (20 px) being the default.
    pixels = None if points is None else int(points * 4.0 / 3.0 + 0.5)
    if pixels is None or pixels == _DEFAULT_ROW_PIXELS:
        return ""
    return f' ht="{pixels * 0.75:.16g}" customHeight="1"'


_DEFAULT_ROW_PIXELS = 20
_inline_cache: dict[str, str] = {}  # Ja, Nej and other texts repeat on every row


def _inline(text: str) -> str:
    hit = _inline_cache.get(text)
    if hit is None:
        # xlsxwriter's own escaping of an in-line string (constant_memory mode), of a text
        # XML can hold.
        escaped = XMLwriter._escape_control_characters(xml_text(text))
        space = ' xml:space="preserve"' if _preserve_whitespace(escaped) else ""
        hit = f"<is><t{space}>{XMLwriter._escape_data(None, escaped)}</t></is>"
        if len(_inline_cache) >= 4096:
            _inline_cache.clear()
        _inline_cache[text] = hit
    return hit
