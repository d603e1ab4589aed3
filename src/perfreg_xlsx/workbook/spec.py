"""Workbooks as plain data: sheets, cells, columns, print setup and charts.

The layouts (`report.layout`, `profiles.sheets`) decide what goes where and build these;
`render` is the only module that turns them into an .xlsx with xlsxwriter, and `charts` the
only one that turns a `ChartSpec` into a native chart. Keeping layout and writer apart lets a
layout be tested without Excel. Style names and colours are in `styles`.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from perfreg_xlsx.util.excel import SHEET_NAME_MAX, fit_text
from perfreg_xlsx.workbook.styles import STYLES

CellValue = str | int | float | date | None

# Excel's limits: 31 characters, none of []:*?/\, not starting or ending with an apostrophe.
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
DEFAULT_WIDTH = 8.43  # Excel's default column width in characters
# Average text characters per unit of column width (the width of "0"): a little under what
# Calibri fits, so rows are never too low, and about what LibreOffice's substitute fonts fit.
CHARS_PER_WIDTH = 1.15
LINE_HEIGHT = 15 / 11  # points per point of font size: Excel's 15 pt rows for 11 pt text


def check_sheet_name(name: str) -> str:
    """Return `name` if Excel accepts it as a sheet name, else raise ValueError."""
    if not name or len(name) > SHEET_NAME_MAX or _BAD_SHEET_CHARS.search(name) or name[0] == "'":
        raise ValueError(f"not a valid sheet name: {name!r}")
    if name[-1] == "'" or name.casefold() == "history":
        raise ValueError(f"not a valid sheet name: {name!r}")
    return name


def internal_link(sheet: str, cell: str = "A1") -> str:
    """An xlsxwriter URL pointing at `cell` of `sheet` in the same workbook."""
    quoted = sheet.replace("'", "''")
    return f"internal:'{quoted}'!{cell}"


@dataclass(frozen=True, slots=True)  # a long report has hundreds of thousands of them
class Cell:
    """One cell: a value (text is always written as text, never as a formula) and a style."""

    value: CellValue
    style: str | None = None
    link: str | None = None  # xlsxwriter URL, e.g. internal_link("Bilag 1")

    def __post_init__(self) -> None:
        if isinstance(self.value, bool):
            raise TypeError("write Ja/Nej as text, not a bool")
        if isinstance(self.value, float) and not math.isfinite(self.value):
            raise ValueError("a cell cannot hold NaN or infinity; write NA instead")


BodyRow = Sequence[tuple[int, CellValue, str | None]]  # (column, value, style) in column order


class RowCells(Mapping[tuple[int, int], Cell]):
    """The cells of a long sheet, made one row at a time when asked for, never all at once.

    `head` are ordinary cells above `first_row`; body row `i` (sheet row `first_row + i`) is
    `row(i)`: (column, value, style) triples in column order, text already fitted
    (`fit_text`). `body_styles` names every style the body uses; `height(i)`, if given, is
    body row `i`'s height in points (None: the default). The body stays within the head's
    columns. The writer streams the body row by row (`render`); reading a cell through the
    mapping makes its row again.
    """

    def __init__(
        self,
        head: Mapping[tuple[int, int], Cell],
        first_row: int,
        count: int,
        row: Callable[[int], BodyRow],
        body_styles: frozenset[str],
        height: Callable[[int], float | None] | None = None,
    ) -> None:
        if any(r >= first_row for r, _ in head):
            raise ValueError("the head must lie above the body")
        self.head = dict(sorted(head.items()))
        self.first_row = first_row
        self.count = count
        self.row = row
        self.body_styles = body_styles
        self.height = height

    def body(self) -> Iterator[tuple[int, BodyRow]]:
        """(sheet row, its cells) for every body row, in order."""
        for i in range(self.count):
            yield self.first_row + i, self.row(i)

    def __getitem__(self, key: tuple[int, int]) -> Cell:
        r, c = key
        if r < self.first_row or r >= self.first_row + self.count:
            return self.head[key]
        for col, value, style in self.row(r - self.first_row):
            if col == c:
                return Cell(value, style)
        raise KeyError(key)

    def __iter__(self) -> Iterator[tuple[int, int]]:
        yield from self.head
        for r, cells in self.body():
            for col, _, _ in cells:
                yield r, col

    def __len__(self) -> int:
        return len(self.head) + sum(len(cells) for _, cells in self.body())


@dataclass(frozen=True)
class Column:
    first: int
    last: int
    width: float
    style: str | None = None
    hidden: bool = False


@dataclass(frozen=True)
class PageSetup:
    """Print setup. Row numbers are 0-based, as in xlsxwriter."""

    landscape: bool = True
    paper: int = 9  # A4
    fit_width: int | None = 1  # pages wide; None = no fitting (print at 100 %)
    fit_height: int = 0  # 0 = as many pages tall as needed
    repeat_rows: tuple[int, int] | None = None
    repeat_cols: tuple[int, int] | None = None
    header: str = ""
    footer: str = "&CSide &P af &N"
    margins: tuple[float, float, float, float] = (0.5, 0.5, 0.75, 0.75)  # l, r, t, b inches
    center_horizontally: bool = False
    row_breaks: tuple[int, ...] = ()  # manual page breaks above these rows
    print_area: tuple[int, int, int, int] | None = None  # first row, col, last row, col


_TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_CELL_LIKE = re.compile(r"[A-Za-z]{1,3}[0-9]+|[RrCc]|[RrCc][0-9]+[RrCc][0-9]+")


@dataclass(frozen=True)
class TableSpec:
    """An Excel table (a named table object) over a range whose first row is its header.

    Rows are 0-based, as in xlsxwriter. `headers` are the header cells' texts: one row,
    unique (ignoring case) and none empty, as Excel requires; `description` is the table's
    alt text. The published look stays the cells' own styles: the table has no table style.
    """

    name: str
    first_row: int
    first_col: int
    last_row: int
    last_col: int
    headers: tuple[str, ...]
    autofilter: bool = False
    description: str = ""

    def __post_init__(self) -> None:
        if not _TABLE_NAME.fullmatch(self.name) or _CELL_LIKE.fullmatch(self.name):
            raise ValueError(f"not a valid table name: {self.name!r}")
        if len(self.headers) != self.last_col - self.first_col + 1:
            raise ValueError(f"{self.name}: one header per column")
        if any(not h.strip() for h in self.headers):
            raise ValueError(f"{self.name}: an empty header")
        if len({h.casefold() for h in self.headers}) != len(self.headers):
            raise ValueError(f"{self.name}: headers must be unique: {self.headers}")
        if self.last_row <= self.first_row:
            raise ValueError(f"{self.name}: a table needs a data row")


@dataclass(frozen=True)
class ChartSpec:
    """A native Excel chart as plain xlsxwriter options, rendered by `charts.add_chart`.

    `options` goes to `workbook.add_chart`, each of `series` to `chart.add_series` (refer to
    data as `[sheet, first_row, first_col, last_row, last_col]`), each entry of `settings` to
    the chart method of that name (`set_title`, `set_x_axis`, `set_y_axis`, `set_legend`,
    `set_size`, `set_style`, `set_plotarea`, `set_chartarea`, ... see `charts.CHART_SETTINGS`; a
    setting that takes no options, like `show_na_as_empty_cell`, is given None), and `insert` to
    `worksheet.insert_chart` at `anchor` (row, col).
    """

    anchor: tuple[int, int]
    options: Mapping[str, Any]
    series: tuple[Mapping[str, Any], ...]
    settings: Mapping[str, Any] = field(default_factory=dict)
    insert: Mapping[str, Any] = field(default_factory=dict)
    # The alt text a screen reader reads (the drawing's `descr`); empty: "Diagram: <title>".
    alt_text: str = ""


@dataclass(frozen=True)
class SheetSpec:
    """Everything the writer needs for one worksheet."""

    name: str
    cells: Mapping[tuple[int, int], Cell]
    description: str = ""  # one line for the table of contents
    columns: tuple[Column, ...] = ()
    row_heights: Mapping[int, float] = field(default_factory=dict)
    merges: tuple[tuple[int, int, int, int], ...] = ()
    freeze: tuple[int, int] | None = None
    autofilter: tuple[int, int, int, int] | None = None
    page: PageSetup = PageSetup()
    charts: tuple[ChartSpec, ...] = ()
    tab_color: str | None = None
    zoom: int = 100
    gridlines: bool = True  # False: hidden on screen and in print
    tables: tuple[TableSpec, ...] = ()

    def value(self, row: int, col: int) -> CellValue:
        """The value at (row, col), None if the cell is empty."""
        cell = self.cells.get((row, col))
        return None if cell is None else cell.value

    def find(self, value: CellValue) -> tuple[int, int]:
        """The first (row, col) holding `value`, in row order; KeyError if none."""
        for pos in sorted(self.cells):
            if self.cells[pos].value == value:
                return pos
        raise KeyError(value)

    @property
    def last_row(self) -> int:
        return max((r for r, _ in self.cells), default=0)


@dataclass(frozen=True)
class WorkbookSpec:
    sheets: tuple[SheetSpec, ...]
    properties: Mapping[str, Any]  # xlsxwriter set_properties; "created" must be fixed
    custom_properties: Mapping[str, str] = field(default_factory=dict)  # e.g. Language
    styles: Mapping[str, Mapping[str, Any]] = field(default_factory=lambda: STYLES)

    def sheet_names(self) -> list[str]:
        """Every sheet in workbook order."""
        return [sheet.name for sheet in self.sheets]


class SheetBuilder:
    """Collects the cells and settings of one sheet; `build()` freezes them."""

    def __init__(self, name: str, description: str = "") -> None:
        self.name = check_sheet_name(name)
        self.description = description
        self.cells: dict[tuple[int, int], Cell] = {}
        self.columns: list[Column] = []
        self.row_heights: dict[int, float] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.freeze: tuple[int, int] | None = None
        self.autofilter: tuple[int, int, int, int] | None = None
        self.page = PageSetup()
        self.charts: list[ChartSpec] = []
        self.gridlines = True
        self.tables: list[TableSpec] = []

    def put(
        self,
        row: int,
        col: int,
        value: CellValue,
        style: str | None = None,
        link: str | None = None,
    ) -> None:
        if isinstance(value, str):
            value = fit_text(value)
        self.cells[(row, col)] = Cell(value, style, link)

    def put_row(
        self, row: int, col: int, values: Sequence[CellValue], style: str | None = None
    ) -> None:
        for i, value in enumerate(values):
            self.put(row, col + i, value, style)

    def fill(self, row: int, first_col: int, last_col: int, style: str) -> None:
        """Style the empty cells of a row span (for shaded headings and borders)."""
        for col in range(first_col, last_col + 1):
            if (row, col) not in self.cells:
                self.cells[(row, col)] = Cell(None, style)

    def width(self, first: int, last: int, width: float, style: str | None = None) -> None:
        self.columns.append(Column(first, last, width, style))

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        self.merges.append((first_row, first_col, last_row, last_col))

    def table(
        self,
        name: str,
        first_row: int,
        first_col: int,
        last_row: int,
        last_col: int,
        *,
        autofilter: bool = False,
        description: str = "",
    ) -> None:
        """Make rows `first_row`..`last_row` an Excel table, its header the cells of `first_row`.

        Excel holds a table's header as text: a number there (a year) is written as its text.
        """
        headers: list[str] = []
        for col in range(first_col, last_col + 1):
            cell = self.cells.get((first_row, col))
            value = None if cell is None else cell.value
            text = "" if value is None else str(value)
            if cell is not None and not isinstance(value, str) and value is not None:
                self.cells[(first_row, col)] = Cell(text, cell.style, cell.link)
            headers.append(text)
        self.tables.append(
            TableSpec(
                name,
                first_row,
                first_col,
                last_row,
                last_col,
                tuple(headers),
                autofilter,
                description,
            )
        )

    def build(self, *, fit_wrapped: bool = True) -> SheetSpec:
        """Freeze the sheet; rows with wrapped text get a height that shows all of it.

        With `fit_wrapped` False only the heights set in `row_heights` are kept (a layout that
        sizes its rows itself).
        """
        # Neither xlsxwriter nor LibreOffice's import sizes rows to wrapped text, so estimate.
        if fit_wrapped:
            for row, height in self._wrapped_heights().items():
                self.row_heights.setdefault(row, height)
        return SheetSpec(
            name=self.name,
            cells=dict(sorted(self.cells.items())),
            description=self.description,
            columns=tuple(self.columns),
            row_heights=dict(self.row_heights),
            merges=tuple(self.merges),
            freeze=self.freeze,
            autofilter=self.autofilter,
            page=self.page,
            charts=tuple(self.charts),
            gridlines=self.gridlines,
            tables=tuple(self.tables),
        )

    def _wrapped_heights(self) -> dict[int, float]:
        widths: dict[int, float] = {}
        for column in self.columns:
            for col in range(column.first, column.last + 1):
                widths[col] = column.width
        merged = {
            (r, c)
            for r1, c1, r2, c2 in self.merges
            for r in range(r1, r2 + 1)
            for c in range(c1, c2 + 1)
        }
        # A merge within one row wraps its text over the width of all its columns.
        spans = {(r1, c1): range(c1, c2 + 1) for r1, c1, r2, c2 in self.merges if r1 == r2}
        heights: dict[int, float] = {}
        for (row, col), cell in self.cells.items():
            props = STYLES.get(cell.style or "", {})
            if not isinstance(cell.value, str) or not props.get("text_wrap"):
                continue
            if (row, col) in merged and (row, col) not in spans:
                continue
            width = sum(widths.get(c, DEFAULT_WIDTH) for c in spans.get((row, col), (col,)))
            height = wrapped_height(cell.value, width, props)
            if height is not None:
                heights[row] = max(heights.get(row, 0.0), height)
        return heights


def wrapped_height(text: str, width: float, props: Mapping[str, Any]) -> float | None:
    """The row height that shows all of `text` wrapped in `width`; None if it is one line.

    `props` are the cell's style properties (its font size counts).
    """
    per_line = max(int(width * CHARS_PER_WIDTH), 1)
    # A line that fits is one line (a tab may widen it: textwrap expands tabs).
    lines = sum(
        1
        if len(part) <= per_line and "\t" not in part
        else max(len(textwrap.wrap(part, per_line, break_on_hyphens=False)), 1)
        for part in text.split("\n")
    )
    if lines <= 1:
        return None
    line_height = float(props.get("font_size", 11)) * LINE_HEIGHT
    return round(lines * line_height + 2, 1)
