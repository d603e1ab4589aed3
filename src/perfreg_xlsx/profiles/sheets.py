"""A network's feedback workbook: its `ProfileData` laid out as sheets and written to .xlsx.

Built from the report's plain-data sheets (`sheetspec`) and rendered by `write.render`, so
styles, number formats, A4 print setup, text-never-a-formula and atomic, repeatable writes are
the report's own. Sheets: "Profil" (every indicator: the network's own figure beside the
aggregates), "Figurer" (four native charts) and "Figurdata" (the cells the charts point at).

Only what `profile.ProfileData` holds is written: the network's own answers and aggregates
that `profile` allowed. No other network is named anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from perfreg_xlsx import __version__
from perfreg_xlsx.profiles.profile import (
    FINANCING_MIX_SECTION,
    MIN_GROUP,
    MIN_SPREAD_GROUP,
    ProfileData,
    ProfileRow,
)
from perfreg_xlsx.survey.indicators import APPENDIX1_HEADINGS
from perfreg_xlsx.workbook.spec import (
    CellValue,
    ChartSpec,
    PageSetup,
    SheetBuilder,
    SheetSpec,
    WorkbookSpec,
)
from perfreg_xlsx.workbook.styles import STYLES, num_style, pct_style

PROFILE_SHEET, CHART_SHEET, DATA_SHEET = "Profil", "Figurer", "Figurdata"
TOOL = "perfreg-xlsx"
NOT_SHOWN = "–"  # a figure the disclosure rules hold back, or that does not apply
NA = "NA"  # a figure that is not available
NOT_ANSWERED = "Ikke besvaret"
FINANCING_HEADING = "3.2. FINANSIERINGSMIKS – HVER KILDES ANDEL AF OMSÆTNINGEN"

# Numbers stay numbers: the rank is 3 shown as "nr. 3".
PROFILE_STYLES: dict[str, dict[str, Any]] = {
    **STYLES,
    "rank": {**STYLES["num0"], "num_format": '"nr. "0', "align": "right"},
    "yesno": {**STYLES["text"], "align": "right"},
}

# Columns of the table on "Profil".
(
    COL_LABEL,
    COL_UNIT,
    COL_OWN,
    COL_PREVIOUS,
    COL_CHANGE,
    COL_MEAN,
    COL_MEDIAN,
    COL_Q1,
    COL_Q3,
    COL_RANK,
    COL_N,
    COL_THEME_MEAN,
    COL_THEME_N,
) = range(13)
_LAST_COL = COL_THEME_N

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


def profile_filename(network: str, year: int) -> str:
    """The file name of a network's profile, e.g. "biopeople_2012.xlsx"."""
    return f"{network}_{year}.xlsx"


def profile_title(data: ProfileData) -> str:
    return f"Netværksprofil {data.survey_year}: {data.network_name}"


def write_profile(path: Path, data: ProfileData, made_on: date) -> Path:
    """Write the profile workbook of `data` to `path` atomically; returns `path`.

    `made_on` is printed on the sheet and stored as the document's created date, so the same
    inputs and date give the same bytes. Raises `OutputError` when `path` cannot be written.
    """
    from perfreg_xlsx.workbook.render import (
        write_workbook,  # xlsxwriter is loaded only when a file is written
    )

    return write_workbook(path, profile_workbook(data, made_on))


def profile_workbook(data: ProfileData, made_on: date) -> WorkbookSpec:
    """The whole profile workbook as plain data."""
    title = profile_title(data)
    header = "&L" + title.replace("&", "&&") + "&R&A"
    charts, tables = chart_tables(data)
    sheets = [
        replace(sheet, page=replace(sheet.page, header=header))
        for sheet in (profile_sheet(data, made_on), chart_sheet(data, charts), data_sheet(tables))
    ]
    properties = {
        "title": title,
        "subject": f"Performanceregnskab for innovationsnetværkene {data.survey_year}",
        "author": TOOL,
        "comments": f"{TOOL} {__version__}",
        "created": datetime(made_on.year, made_on.month, made_on.day),
    }
    return WorkbookSpec(sheets=tuple(sheets), properties=properties, styles=PROFILE_STYLES)


# --- Profil ----------------------------------------------------------------------------------


def notes(data: ProfileData) -> list[str]:
    """The Danish notes on "Profil": what is shown, what is held back and why."""
    y = data.survey_year
    lines = [
        "Profilen viser kun jeres egne svar og samlede tal for grupper på mindst "
        f"{MIN_GROUP} innovationsnetværk. Ingen andre netværks navne eller enkeltsvar fremgår.",
        f"Median, 25 %- og 75 %-fraktil, placering og andele af Ja-svar vises kun for grupper "
        f"på mindst {MIN_SPREAD_GROUP} netværk; for mindre grupper vises kun gennemsnittet, "
        "da de øvrige tal ville kunne afsløre de andre netværks svar. Laveste og højeste svar "
        "vises aldrig, da de er enkelte netværks svar.",
        "Medianen er et samlet mål for gruppen: ved et ulige antal netværk er den lig med ét "
        "netværks svar, uden at det fremgår hvilket.",
        "Gennemsnit, median og fraktiler er beregnet af ét tal pr. netværk (netværkets eget "
        "tal). For Ja/Nej-spørgsmål er gennemsnittet andelen af netværkene, der svarede Ja. For "
        "forholdstal og finansieringsandele kan gennemsnittet afvige fra rapportens landstal, "
        "der er beregnet af summerne.",
        "Placering: nr. 1 har det højeste tal; netværk med samme tal har samme placering. "
        "Antal netværk: de netværk, der har besvaret spørgsmålet.",
    ]
    if data.theme_size < MIN_GROUP:
        lines.append(
            f"Temaområdet har færre end {MIN_GROUP} netværk i opgørelsen, så der vises ingen "
            "tal for det."
        )
    if not data.has_previous:
        lines.append(
            f"Jeres svar for {y - 1} indgår ikke i kørslen, så ændringen fra sidste år vises "
            "ikke (NA)."
        )
    lines.append(f"{NOT_SHOWN}: vises ikke eller giver ikke mening. {NA}: ikke oplyst.")
    return lines


def profile_sheet(data: ProfileData, made_on: date) -> SheetSpec:
    """Facts, notes and one row per indicator."""
    y = data.survey_year
    b = SheetBuilder(PROFILE_SHEET, "Jeres tal og alle netværks tal")
    b.width(COL_LABEL, COL_LABEL, 64)
    b.width(COL_UNIT, COL_UNIT, 9)
    b.width(COL_OWN, COL_CHANGE, 10.5)
    b.width(COL_MEAN, COL_Q3, 10.5)
    b.width(COL_RANK, COL_N, 9)
    b.width(COL_THEME_MEAN, COL_THEME_N, 11)
    b.put(0, 0, f"Netværksprofil {y}", "title")
    b.put(1, 0, data.network_name, "subtitle")
    b.put(
        2,
        0,
        f"Jeres egne tal fra performanceregnskabet {y} set i forhold til alle "
        "innovationsnetværk i opgørelsen.",
        "note",
    )
    facts: list[tuple[str, CellValue, str]] = [
        ("Undersøgelsesår", y, "year_plain"),
        ("Temaområde", data.theme_area or NA, "plain"),
        ("Innovationsnetværk i opgørelsen", data.networks_included, "int_plain"),
        ("Heraf i jeres temaområde (inkl. jer)", data.theme_size, "int_plain"),
        ("Udarbejdet den", made_on, "date"),
    ]
    row = 4
    for label, value, style in facts:
        b.put(row, 0, label, "key")
        b.put(row, 1, value, style)
        row += 1
    row += 1
    b.put(row, 0, "Om tallene", "subtitle")
    row += 1
    for line in notes(data):
        b.put(row, 0, line, "plain_wrap")
        b.merge(row, 0, row, _LAST_COL)
        row += 1
    row += 1
    head = row
    _table_header(b, head, data)
    row = head + 2
    done: set[str] = set()
    for r in data.rows:
        if r.section not in done:
            done.add(r.section)
            headings = APPENDIX1_HEADINGS.get(r.section, ())
            if r.section == FINANCING_MIX_SECTION:
                headings = (FINANCING_HEADING,)
            for heading in headings:
                number = heading.split(" ", 1)[0].rstrip(".")
                style = "subsection" if "." in number else "section"
                b.put(row, 0, heading, style)
                b.fill(row, 1, _LAST_COL, style)
                row += 1
        _indicator_row(b, row, r, data.has_previous)
        row += 1
    b.freeze = (head + 2, 1)
    b.page = PageSetup(landscape=True, fit_width=1, repeat_rows=(head, head + 1))
    return b.build()


def _table_header(b: SheetBuilder, row: int, data: ProfileData) -> None:
    y = data.survey_year
    theme = f"Temaområde: {data.theme_area}" if data.theme_area else "Temaområde"
    groups = (
        (COL_LABEL, COL_LABEL, "Indikator"),
        (COL_UNIT, COL_UNIT, "Enhed"),
        (COL_OWN, COL_CHANGE, "Jeres netværk"),
        (COL_MEAN, COL_N, "Alle innovationsnetværk i opgørelsen"),
        (COL_THEME_MEAN, COL_THEME_N, theme),
    )
    for first, last, text in groups:
        b.put(row, first, text, "head_left" if first == COL_LABEL else "head")
        b.fill(row, first, last, "head")
        b.fill(row + 1, first, last, "head")
        if first == last:
            b.merge(row, first, row + 1, first)
        else:
            b.merge(row, first, row, last)
    sub = {
        COL_OWN: f"{y}",
        COL_PREVIOUS: f"{y - 1}",
        COL_CHANGE: "Ændring",
        COL_MEAN: "Gennemsnit",
        COL_MEDIAN: "Median",
        COL_Q1: "25 %-fraktil",
        COL_Q3: "75 %-fraktil",
        COL_RANK: "Jeres placering",
        COL_N: "Antal netværk",
        COL_THEME_MEAN: "Gennemsnit",
        COL_THEME_N: "Antal netværk",
    }
    for col, text in sub.items():
        b.put(row + 1, col, text, "head")
    b.row_heights[row] = 30
    b.row_heights[row + 1] = 30


def _unit(r: ProfileRow) -> str:
    if r.yes_no:
        return "Ja/Nej"
    return "%" if r.unit == "pct" else r.unit


def _number(value: float | None, r: ProfileRow, *, stat: bool = False) -> tuple[CellValue, str]:
    """A numeric figure of row `r` as a cell: shares as fractions with a % format."""
    if value is None:
        return NA, "na"
    if r.yes_no:  # a share of networks answering Ja, 0-100
        return value / 100, pct_style(0)
    if r.unit == "pct":
        return value / 100, pct_style(r.decimals)
    # An average of whole numbers needs a decimal to be read as one.
    return value, num_style(max(r.decimals, 1) if stat else r.decimals)


def _yes_no(value: float | bool | None, missing: str) -> tuple[CellValue, str]:
    if value is None:
        return missing, "na"
    return ("Ja" if value else "Nej"), "yesno"


def _indicator_row(b: SheetBuilder, row: int, r: ProfileRow, has_previous: bool) -> None:
    b.put(row, COL_LABEL, r.label_da, "label")
    b.put(row, COL_UNIT, _unit(r), "text")
    hidden: tuple[CellValue, str] = (NOT_SHOWN, "na")
    own: tuple[CellValue, str]
    previous: tuple[CellValue, str]
    change: tuple[CellValue, str]
    if r.yes_no:
        own = _yes_no(r.own, NOT_ANSWERED)
        previous = _yes_no(r.previous, NA)
        change = hidden
    else:
        own = _number(_float(r.own), r) if r.own is not None else (NOT_ANSWERED, "na")
        previous = _number(_float(r.previous), r)
        change = (NA, "na") if r.change_pct is None else (r.change_pct / 100, pct_style(0))
    if not has_previous:
        previous, change = (NA, "na"), (NA, "na")
    everyone = r.all_networks
    cells: dict[int, tuple[CellValue, str]] = {
        COL_OWN: own,
        COL_PREVIOUS: previous,
        COL_CHANGE: change,
        COL_MEAN: _stat(everyone.mean, r),
        COL_MEDIAN: _stat(everyone.median, r),
        COL_Q1: _stat(everyone.q1, r),
        COL_Q3: _stat(everyone.q3, r),
        COL_RANK: hidden if r.rank is None else (r.rank, "rank"),
        COL_N: (everyone.n, num_style(0)) if everyone.shown else hidden,
        COL_THEME_MEAN: hidden,
        COL_THEME_N: hidden,
    }
    if r.theme is not None and r.theme.shown:
        cells[COL_THEME_MEAN] = _stat(r.theme.mean, r)
        cells[COL_THEME_N] = (r.theme.n, num_style(0))
    for col, (value, style) in cells.items():
        b.put(row, col, value, style)


def _stat(value: float | None, r: ProfileRow) -> tuple[CellValue, str]:
    return (NOT_SHOWN, "na") if value is None else _number(value, r, stat=True)


def _float(value: float | bool | None) -> float | None:
    return None if value is None or isinstance(value, bool) else value


# --- Figurer and Figurdata -------------------------------------------------------------------


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
                own=tuple(None if (v := _float(r.own)) is None else v * scale for r in rows),
                mean=tuple(None if (m := r.all_networks.mean) is None else m * scale for r in rows),
            )
        )
        row += len(rows) + 4
    with_data = [t for t in tables if t.labels and any(v is not None for v in (*t.own, *t.mean))]
    return with_data, tables


def data_sheet(tables: Sequence[ChartTable]) -> SheetSpec:
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
    )
