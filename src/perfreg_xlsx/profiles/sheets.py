"""A network's feedback workbook: its `ProfileData` laid out as a `WorkbookSpec`.

Built from the same plain-data sheets as the report (`workbook.spec`) and rendered by
`workbook.render` (the pipeline hands it over), so styles, number formats, A4 print setup,
text-never-a-formula and atomic, repeatable writes are the report's own. This module owns the
workbook and its sheet "Profil" (every indicator: the network's own figure beside the
aggregates); "Figurer" and "Figurdata" are `chart_sheets`'.

Only what `profile.ProfileData` holds is written: the network's own answers and aggregates
that `profile` allowed. No other network is named anywhere.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from perfreg_xlsx import __version__
from perfreg_xlsx.profiles.chart_sheets import (
    chart_data_sheet,
    chart_sheet,
    chart_tables,
    numeric,
)
from perfreg_xlsx.profiles.profile import (
    FINANCING_MIX_SECTION,
    MIN_GROUP,
    MIN_SPREAD_GROUP,
    ProfileData,
    ProfileRow,
)
from perfreg_xlsx.survey.catalogue import current
from perfreg_xlsx.workbook.spec import (
    CellValue,
    PageSetup,
    SheetBuilder,
    SheetSpec,
    WorkbookSpec,
    wrapped_height,
)
from perfreg_xlsx.workbook.styles import STYLES, num_style, pct_style

PROFILE_SHEET = "Profil"
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

THEME_WIDTH = 11  # each of the two theme-area columns

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


def profile_filename(network: str, year: int) -> str:
    """The file name of a network's profile, e.g. "biopeople_2012.xlsx"."""
    return f"{network}_{year}.xlsx"


def profile_title(data: ProfileData) -> str:
    return f"Netværksprofil {data.survey_year}: {data.network_name}"


def profile_workbook(data: ProfileData, made_on: date) -> WorkbookSpec:
    """The whole profile workbook as plain data."""
    title = profile_title(data)
    header = "&L" + title.replace("&", "&&") + "&R&A"
    charts, tables = chart_tables(data)
    sheets = [
        replace(sheet, page=replace(sheet.page, header=header))
        for sheet in (
            profile_sheet(data, made_on),
            chart_sheet(data, charts),
            chart_data_sheet(tables),
        )
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
    b.width(COL_THEME_MEAN, COL_THEME_N, THEME_WIDTH)
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
            headings = current().appendix1_headings.get(r.section, ())
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
    # The theme area's name wraps over its two columns: as many lines as it takes (a long
    # one, "Informations- og kommunikationsteknologi", needs three, and was cut at two).
    theme_height = wrapped_height(theme, 2 * THEME_WIDTH, PROFILE_STYLES["head"]) or 0.0
    b.row_heights[row] = max(30.0, theme_height)
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
        own = _number(numeric(r.own), r) if r.own is not None else (NOT_ANSWERED, "na")
        previous = _number(numeric(r.previous), r)
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
