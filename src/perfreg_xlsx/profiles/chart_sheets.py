"""The charts of a network's profile: "Figurer" (four native bar charts, as `ChartSpec`s)
and "Figurdata" (the cells the charts point at), as sheets of plain data.

Each chart sets the network's own figures beside the mean of all networks for a few sections
of the profile (`CHARTS`); only what `profile.ProfileData` holds is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from perfreg_xlsx.profiles.profile import FINANCING_MIX_SECTION, ProfileData
from perfreg_xlsx.report.figure_text import (
    FMT_COUNT,
    FMT_DECIMAL,
    FMT_SHARE,
    danish_number,
    end_sentence,
)
from perfreg_xlsx.workbook.spec import ChartSpec, PageSetup, SheetBuilder, SheetSpec
from perfreg_xlsx.workbook.styles import num_style, pct_style

CHART_SHEET, DATA_SHEET = "Figurer", "Figurdata"

# The charts: title, the sections whose rows they show, and whether only counts are drawn
# (amounts in mio. kr. and counts on one axis would mislead).
CHARTS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("Resultater (antal virksomheder)", ("1.1", "1.2"), True),
    ("Deltagere i netværkets aktiviteter (antal virksomheder)", ("2.1", "2.2"), True),
    ("Samarbejdsprojekter (antal)", ("2.3",), True),
    ("Finansieringsmiks (kildens andel af omsætningen)", (FINANCING_MIX_SECTION,), False),
)
OWN_SERIES, MEAN_SERIES = "Jeres netværk", "Gennemsnit, alle netværk"
_COLOURS = ("#1F4E79", "#C8A24A")
_CHART_W, _CHART_H = 600, 430  # px
_CHART_GAP = 12


def numeric(value: float | bool | None) -> float | None:
    """A profile value as a number to draw or show; None for a Ja/Nej or a missing one."""
    return None if value is None or isinstance(value, bool) else value


@dataclass(frozen=True)
class ChartTable:
    """One chart's data on "Figurdata": rows first_row..last_row, columns A (label), B, C."""

    title: str
    header_row: int
    first_row: int
    last_row: int
    share: bool
    labels: tuple[str, ...]
    own: tuple[float | None, ...]
    mean: tuple[float | None, ...]


def chart_label(label: str) -> str:
    """An indicator's label shortened for a chart axis (the table keeps the full label)."""
    text = label.removesuffix(" – i alt").split(" (", 1)[0]
    if text.startswith("Antal "):
        text = text.removeprefix("Antal ")
        text = text[:1].upper() + text[1:]
    return text


def chart_tables(data: ProfileData) -> tuple[list[ChartTable], list[ChartTable]]:
    """The tables behind the charts (with data), and all tables; rows placed on Figurdata."""
    tables: list[ChartTable] = []
    row = 3
    for title, sections, counts_only in CHARTS:
        rows = [
            r
            for r in data.rows
            if r.section in sections and not r.yes_no and (r.unit == "antal" or not counts_only)
        ]
        share = not counts_only
        scale = 0.01 if share else 1.0
        tables.append(
            ChartTable(
                title=title,
                header_row=row + 1,
                first_row=row + 2,
                last_row=row + 1 + len(rows),
                share=share,
                labels=tuple(chart_label(r.label_da) for r in rows),
                own=tuple(None if (v := numeric(r.own)) is None else v * scale for r in rows),
                mean=tuple(None if (m := r.all_networks.mean) is None else m * scale for r in rows),
            )
        )
        row += len(rows) + 4
    with_data = [t for t in tables if t.labels and any(v is not None for v in (*t.own, *t.mean))]
    return with_data, tables


def chart_data_sheet(tables: Sequence[ChartTable]) -> SheetSpec:
    """The numbers the charts draw, one small table per chart."""
    b = SheetBuilder(DATA_SHEET, "Tallene bag figurerne")
    b.width(0, 0, 62)
    b.width(1, 2, 16)
    b.put(0, 0, "Figurdata", "title")
    b.put(
        1,
        0,
        f"Tallene bag figurerne i arket {CHART_SHEET}. En tom celle betyder, at tallet ikke "
        "findes eller ikke vises.",
        "note",
    )
    for t in tables:
        b.put(t.header_row - 1, 0, t.title, "key")
        b.put_row(t.header_row, 0, ["Indikator", OWN_SERIES, MEAN_SERIES], "head")
        b.put(t.header_row, 0, "Indikator", "head_left")
        own_style = pct_style(0) if t.share else num_style(0)
        mean_style = pct_style(0) if t.share else num_style(1)
        for i, label in enumerate(t.labels):
            r = t.first_row + i
            b.put(r, 0, label, "label")
            # None: an empty bordered cell, drawn as a gap in the chart.
            b.put(r, 1, t.own[i], own_style)
            b.put(r, 2, t.mean[i], mean_style)
        if not t.labels:
            b.put(t.header_row + 1, 0, "Ingen tal", "note")
    b.page = PageSetup(landscape=False, fit_width=1)
    return b.build()


def chart_sheet(data: ProfileData, tables: Sequence[ChartTable]) -> SheetSpec:
    """Four bar charts, two by two, on one landscape A4 page."""
    b = SheetBuilder(CHART_SHEET, "Hvor står jeres netværk?")
    b.put(0, 0, f"Hvor står {data.network_name}? ({data.survey_year})", "subtitle")
    b.put(
        1,
        0,
        f"Jeres tal ({OWN_SERIES.lower()}) og gennemsnittet af alle "
        f"{data.networks_included} innovationsnetværk i opgørelsen. Tallene står i arket "
        f"{DATA_SHEET}.",
        "note",
    )
    if not tables:
        b.put(3, 0, "Ingen tal at vise.", "note")
    for index, table in enumerate(tables):
        x = (index % 2) * (_CHART_W + _CHART_GAP)
        y = (index // 2) * (_CHART_H + _CHART_GAP)
        b.charts.append(_chart(table, x, y))
    b.page = PageSetup(landscape=True, fit_width=1, fit_height=1)
    return b.build()


def _chart(t: ChartTable, x: int, y: int) -> ChartSpec:
    fmt = "0%" if t.share else "#,##0"
    series = tuple(
        {
            "name": [DATA_SHEET, t.header_row, col],
            "categories": [DATA_SHEET, t.first_row, 0, t.last_row, 0],
            "values": [DATA_SHEET, t.first_row, col, t.last_row, col],
            "fill": {"color": colour},
            "border": {"none": True},
            "gap": 60,
            "data_labels": {
                "value": True,
                "num_format": "0%" if t.share else "#,##0",
                "font": {"name": "Calibri", "size": 7, "color": "#262626"},
            },
        }
        for col, colour in ((1, _COLOURS[0]), (2, _COLOURS[1]))
    )
    font = {"name": "Calibri", "size": 8, "color": "#262626"}
    return ChartSpec(
        anchor=(3, 0),
        options={"type": "bar"},
        series=series,
        settings={
            "set_title": {
                "name": t.title,
                "name_font": {**font, "size": 10, "bold": True},
                "overlay": False,
            },
            "set_legend": {"position": "bottom", "font": font},
            "set_size": {"width": _CHART_W, "height": _CHART_H},
            # A bar chart's x axis is the horizontal value axis.
            "set_x_axis": {
                "num_format": fmt,
                "num_font": font,
                "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
                "line": {"none": True},
            },
            # The first indicator at the top, as in the table, with the value axis below.
            "set_y_axis": {
                "reverse": True,
                "crossing": "max",
                "num_font": font,
                "line": {"color": "#A6A6A6"},
            },
            "set_chartarea": {"border": {"color": "#BFBFBF"}, "fill": {"color": "#FFFFFF"}},
            "show_blanks_as": "gap",
        },
        insert={"x_offset": x, "y_offset": y, "object_position": 3},
        alt_text=chart_alt_text(t),
    )


def chart_alt_text(t: ChartTable) -> str:
    """A chart's alt text: what it shows and each bar pair's numbers, as the table has them.

    E.g. "Liggende søjlediagram over samarbejdsprojekter (antal): jeres netværk og gennemsnittet
    af alle netværk. Samarbejdsprojekter: jeres netværk 12, gennemsnit 9,5."
    """
    own_fmt, mean_fmt = (FMT_SHARE, FMT_SHARE) if t.share else (FMT_COUNT, FMT_DECIMAL)
    parts = []
    for label, own, mean in zip(t.labels, t.own, t.mean, strict=True):
        shown = [
            f"{word} {danish_number(v, fmt)}"
            for word, v, fmt in (("jeres netværk", own, own_fmt), ("gennemsnit", mean, mean_fmt))
            if v is not None
        ]
        if shown:
            parts.append(f"{label}: {', '.join(shown)}")
    text = (
        f"Liggende søjlediagram over {t.title[:1].lower()}{t.title[1:]}: "
        f"{OWN_SERIES.lower()} og gennemsnittet af alle netværk."
    )
    return end_sentence(f"{text} {'; '.join(parts)}") if parts else text
