"""The report's figures laid out as two sheets of plain data, each chart a `ChartSpec`.

"Figurdata" holds each figure's data table (visible, so a reader can check and reuse the
numbers); "Figurer" holds the charts, two to a printed A4 page, each series pointing at its
cells in "Figurdata". A figure without any data gets a short Danish note where its chart would
be, not an empty frame. Missing values are empty cells, drawn as gaps. This module owns how a
`figure_kinds.Figure` looks: the palette's use, fonts, axes, data labels and the page layout.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from perfreg_xlsx.report.figure_kinds import FMT_COUNT, FMT_DECIMAL, FMT_SHARE, Figure, SeriesSpec
from perfreg_xlsx.workbook.spec import ChartSpec, PageSetup, SheetBuilder, SheetSpec
from perfreg_xlsx.workbook.styles import PALETTE, num_style, pct_style

DATA_SHEET = "Figurdata"
CHART_SHEET = "Figurer"
DESCRIPTIONS = {DATA_SHEET: "Tallene bag figurerne", CHART_SHEET: "Rapportens figurer"}

_TEXT = "#262626"
_GRID = "#D9D9D9"
_FONT = "Calibri"

# The data tables look like the report's other tables: its named styles, one per format.
_STYLE_BY_FORMAT: Mapping[str, str] = {
    FMT_COUNT: num_style(0),
    FMT_DECIMAL: num_style(1),
    FMT_SHARE: pct_style(0),
}

# "Figurer" prints on A4 portrait at 100 %, two chart slots of 24 rows (Excel's default 15 pt)
# to a page, with a manual page break after every second slot. No fit-to-page: Excel ignores
# manual page breaks when it scales to fit, and the charts are sized to fit the width as they
# are.
_SLOT_ROWS = 24
_SLOTS_PER_PAGE = 2
_CHART_WIDTH = 660  # px
_CHART_HEIGHT = 455  # px; a slot is 480 px high
# Each chart starts 8 px below its slot's first row; the first below the sheet's title in A1,
# whose row is set to the title's height (25 px), so the first slot is 5 px taller and no
# chart reaches into the next slot (or over a page break).
_CHART_TOP = 8  # px
_TITLE_HEIGHT = 18.75  # points: 25 px, a 14 pt title's row
CHART_TITLE = f"Figurer: rapportens figurer, to pr. side (tallene står i arket {DATA_SHEET})"
DATA_TITLE = "Figurdata: tallene bag rapportens figurer"
# Each chart sits inside the one wide column A, so its right edge is stored as an offset in
# EMU, not as a number of character-wide columns: a program that lacks Calibri and measures
# columns in a wider font (LibreOffice without Carlito) still draws the chart at its size.
_CHART_COL_WIDTH = 96  # characters: 677 px, just wider than a chart
_DATA_LABEL_WIDTH = 46
_DATA_VALUE_WIDTH = 15


def no_data_note(figure: Figure) -> str:
    """The Danish note shown instead of a chart without data, e.g. "Ingen data for figur 4.3"."""
    return f"Ingen data for {figure.kind.lower()} {figure.number}"


def figure_sheets(figures: Sequence[Figure]) -> tuple[SheetSpec, SheetSpec]:
    """The sheets "Figurdata" and "Figurer" for `figures`, in that order."""
    data = SheetBuilder(DATA_SHEET, DESCRIPTIONS[DATA_SHEET])
    charts = SheetBuilder(CHART_SHEET, DESCRIPTIONS[CHART_SHEET])
    width = _data_head(data, figures)
    _chart_page(charts, len(figures))
    row = 3
    blocks: list[tuple[int, int]] = []  # (first, last row) of each figure's title and table
    for index, figure in enumerate(figures):
        table = _table(data, figure, row, width)
        blocks.append((row, max(r for r, _ in data.cells)))
        slot = index * _SLOT_ROWS
        if figure.has_data:
            charts.charts.append(_chart(figure, table, slot))
        else:  # below the sheet's title, where the chart would start
            charts.put(slot + 1, 0, figure.title, "key")
            charts.put(slot + 3, 0, no_data_note(figure), "note")
        row = table.last_row + 3
    data.page = replace(data.page, row_breaks=_keep_together(data, blocks))
    # The tables size their rows themselves, by the text they know to be long.
    return data.build(fit_wrapped=False), charts.build(fit_wrapped=False)


# Printable height of a portrait A4 page in points (842 less the margins and a little for the
# header and footer), and its width (595 less the margins): the tables' pages are fitted to
# the width, so a page holds this height divided by the scale.
_PAGE_HEIGHT = 842 - 108 - 40
_PAGE_WIDTH = 595 - 72


def _keep_together(b: SheetBuilder, blocks: Sequence[tuple[int, int]]) -> tuple[int, ...]:
    """Manual page breaks so that no figure's table is split from its title across pages.

    Excel has no "keep with next"; the blocks are packed greedily into pages of a height a
    little under the real one, so LibreOffice's and Excel's own breaks never fall inside one.
    """
    width_pt = sum((c.last - c.first + 1) * (c.width * 7 + 5) * 0.75 for c in b.columns)
    scale = min(1.0, _PAGE_WIDTH / width_pt) if width_pt else 1.0
    room = _PAGE_HEIGHT / scale * 0.95

    def height(first: int, last: int) -> float:
        return sum(b.row_heights.get(r, 15.0) for r in range(first, last + 1))

    breaks: list[int] = []
    used = height(0, blocks[0][0] - 1) if blocks else 0.0
    previous_end = -1
    for first, last in blocks:
        start = first if previous_end < 0 else previous_end + 1  # the blank rows between
        need = height(start, last)
        if used + need > room and used > 0:
            breaks.append(first)
            used = height(first, last)
        else:
            used += need
        previous_end = last
    return tuple(breaks)


# --- Data sheet ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    header_row: int
    first_row: int
    last_row: int


def _data_head(b: SheetBuilder, figures: Sequence[Figure]) -> float:
    """The sheet's title and columns; returns the width of the value columns."""
    widest = max((len(f.series) for f in figures), default=1)
    # As wide as the longest word of a header, in bold, so no heading breaks inside a word
    # ("projektfinansiering" did at 15).
    words = [len(w) for f in figures for h in f.header[1:] for w in str(h).split()]
    width = max(_DATA_VALUE_WIDTH, max(words, default=0) * 1.1 + 2)
    b.width(0, 0, _DATA_LABEL_WIDTH)
    b.width(1, widest, width)
    b.put(0, 0, DATA_TITLE, "title")
    b.put(
        1,
        0,
        f"Tallene bag figurerne i arket {CHART_SHEET}. En tom celle betyder, at tallet ikke "
        "findes for det år (NA).",
        "note",
    )
    b.page = PageSetup(landscape=False, fit_width=1, fit_height=0)
    return width


def _table(b: SheetBuilder, figure: Figure, row: int, width: float) -> _Table:
    b.put(row, 0, figure.title, "key")
    header_row = row + 1
    b.put(header_row, 0, figure.header[0], "head_left")
    for col, heading in enumerate(figure.header[1:], start=1):
        b.put(header_row, col, heading, "head")
    # Neither Excel nor LibreOffice grows a row for wrapped text written by XlsxWriter.
    per_line = int(width * 0.9)
    lines = max(len(textwrap.wrap(str(h), per_line)) for h in figure.header[1:])
    lines = min(5, max(1, lines))
    b.row_heights[header_row] = 15 * lines + 2
    first_row = header_row + 1
    for offset, data_row in enumerate(figure.rows):
        r = first_row + offset
        category = data_row.category
        if isinstance(category, int):
            b.put(r, 0, category, "year_left")
        else:
            b.put(r, 0, category, "label")
            if len(category) > _DATA_LABEL_WIDTH:
                b.row_heights[r] = 30
        for col, (value, spec) in enumerate(
            zip(data_row.values, figure.series, strict=True), start=1
        ):
            # None is an empty (bordered) cell: the chart shows a gap there, never a zero.
            b.put(r, col, value, _STYLE_BY_FORMAT[spec.num_format])
    last_row = first_row + len(figure.rows) - 1
    if figure.rows:  # an Excel table: one header row of unique texts
        name = f"{figure.kind}_{figure.number}".replace(".", "_").replace(" ", "_")
        b.table(name, header_row, 0, last_row, len(figure.series))
    if figure.left_out:
        # Said, not silently dropped: what the publication's figure names but nothing holds.
        b.put(last_row + 1, 0, left_out_note(figure), "note")
    return _Table(header_row, first_row, last_row)


def left_out_note(figure: Figure) -> str:
    """The note under a data table naming the years or series left out for want of data."""
    names = ", ".join(figure.left_out)
    return f"Ikke vist, da der ikke findes tal: {names}."


# --- Chart sheet -----------------------------------------------------------------------------


def _chart_page(b: SheetBuilder, count: int) -> None:
    slots = max(count, 1)
    slots += slots % _SLOTS_PER_PAGE
    last_row = slots * _SLOT_ROWS - 1
    page_rows = _SLOT_ROWS * _SLOTS_PER_PAGE
    b.width(0, 0, _CHART_COL_WIDTH)
    b.put(0, 0, CHART_TITLE, "title")
    b.row_heights[0] = _TITLE_HEIGHT
    b.gridlines = False
    b.page = PageSetup(
        landscape=False,
        fit_width=None,
        margins=(0.5, 0.4, 0.6, 0.6),
        row_breaks=tuple(range(page_rows, last_row + 1, page_rows)),
        print_area=(0, 0, last_row, 0),
    )


def _chart(figure: Figure, table: _Table, slot: int) -> ChartSpec:
    colours = _colours(figure)
    cats = [DATA_SHEET, table.first_row, 0, table.last_row, 0]
    series = tuple(
        {
            "name": [DATA_SHEET, table.header_row, col],
            "categories": cats,
            "values": [DATA_SHEET, table.first_row, col, table.last_row, col],
            **spec.options,
            **_series_style(figure, spec, colours[col - 1], len(figure.rows)),
        }
        for col, spec in enumerate(figure.series, start=1)
    )
    settings: dict[str, Any] = {
        "set_title": {"name": figure.title, "name_font": _font(10, bold=True), "overlay": False},
        "set_legend": {**figure.legend, "font": _font(9)},
        "set_chartarea": {"border": {"color": "#BFBFBF"}, "fill": {"color": "#FFFFFF"}},
        "set_size": {"width": _CHART_WIDTH, "height": _CHART_HEIGHT},
        "show_blanks_as": "gap",
    }
    if figure.chart.get("type") != "pie":
        category = _axis(figure.x_axis, value_axis=False)
        value = _axis(figure.y_axis, value_axis=True)
        if figure.chart.get("type") == "bar":
            # XlsxWriter names a bar chart's axes by position: x is the (horizontal) value axis.
            category, value = value, category
        settings["set_x_axis"] = category
        settings["set_y_axis"] = value
        if figure.y2_axis:
            settings["set_y2_axis"] = {
                **_axis(figure.y2_axis, value_axis=False),
                "line": {"none": True},
            }
    return ChartSpec(
        anchor=(slot, 0),
        options=dict(figure.chart),
        series=series,
        settings=settings,
        insert={"y_offset": _CHART_TOP + (17 if slot == 0 else 0), "object_position": 3},
        alt_text=figure.alt_text,
    )


def _colours(figure: Figure) -> list[str]:
    pie = figure.chart.get("type") == "pie"
    n = len(figure.rows) if pie else len(figure.series)
    if figure.colour_slots:
        return _slot_colours(figure.colour_slots)
    if figure.year_series:
        # A ramp of the first colour: the oldest year lightest, the survey year darkest.
        return [_tint(PALETTE[0], 0.75 * (n - 1 - i) / max(n - 1, 1)) for i in range(n)]
    return [PALETTE[i % len(PALETTE)] for i in range(n)]


def _slot_colours(slots: Sequence[int]) -> list[str]:
    """The palette colour of each slot; a slot's 2nd, 3rd ... use get lighter shades of it.

    >>> _slot_colours([0, 0, 1])
    ['#1F4E79', '#8FA6BC', '#5B9BD5']
    """
    shown: dict[int, int] = {}
    colours = []
    for slot in slots:
        nth = shown[slot] = shown.get(slot, -1) + 1
        of = slots.count(slot)
        # Up to half-way to white: light enough to tell apart, dark enough to see on white.
        colours.append(_tint(PALETTE[slot % len(PALETTE)], 0.5 * nth / max(of - 1, 1)))
    return colours


def _tint(colour: str, amount: float) -> str:
    """`colour` mixed with white; amount 0 keeps it, 1 gives white.

    >>> _tint("#1F4E79", 0.5)
    '#8FA6BC'
    """
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{c:02X}" for c in mixed)


def _font(size: int, bold: bool = False) -> dict[str, object]:
    return {"name": _FONT, "size": size, "bold": bold, "color": _TEXT}


def _axis(options: Mapping[str, object], *, value_axis: bool) -> dict[str, object]:
    axis: dict[str, object] = {
        **options,
        "name_font": _font(9),
        "num_font": _font(9),
        "line": {"color": "#A6A6A6"},
    }
    if value_axis:
        axis["major_gridlines"] = {"visible": True, "line": {"color": _GRID, "width": 0.75}}
        axis["line"] = {"none": True}
    return axis


def _series_style(figure: Figure, spec: SeriesSpec, colour: str, points: int) -> dict[str, object]:
    labels: dict[str, object] = {"value": True, "num_format": spec.num_format, "font": _font(8)}
    kind = figure.chart.get("type")
    if kind == "pie":
        palette = _colours(figure)
        pie: dict[str, object] = {
            "points": [
                {"fill": {"color": palette[i]}, "border": {"color": "#FFFFFF"}}
                for i in range(points)
            ]
        }
        if figure.data_labels:
            pie["data_labels"] = {**labels, "position": "outside_end", "leader_lines": True}
        return pie
    style: dict[str, object]
    if kind == "line":
        style = {
            "line": {"color": colour, "width": 2.25},
            "marker": {
                "type": "circle",
                "size": 6,
                "fill": {"color": colour},
                "border": {"color": colour},
            },
        }
        position = "above"
    else:
        stacked = figure.chart.get("subtype") == "stacked"
        style = {"fill": {"color": colour}, "border": {"none": True}}
        if not stacked:
            style["gap"] = 80
        position = "center" if stacked else "outside_end"
    if figure.data_labels:
        style["data_labels"] = {**labels, "position": position}
    return style
