"""The report's body tables 2.1, 3.1 and 4.1-4.3 as sheets of plain data (see `layout`).

The indicators of tables 3.1 and 4.1-4.3 are declared as data (`TABLE31_IDS`, `TABLES_4`)
and checked against the survey's indicators when this module is loaded (`ids.check_ids`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from perfreg_xlsx.models import IndicatorResult, Summary
from perfreg_xlsx.report.data_sheets import NA, NA_NOTE
from perfreg_xlsx.report.history import ExtraYears
from perfreg_xlsx.report.ids import check_ids
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import Programme
from perfreg_xlsx.workbook.spec import CellValue, PageSetup, SheetBuilder, SheetSpec
from perfreg_xlsx.workbook.styles import num_style, pct_style

TAB21, TAB31, TAB4X = "Tabel 2.1", "Tabel 3.1", "Tabel 4.1-4.3"
NOT_MEASURED = "Ej opgjort"

# The rows of table 3.1, top-down.
TABLE31_IDS = ("ki_per_network_avg", "ki_units_innovation_projects")
check_ids(TAB31, TABLE31_IDS)


def value_cell(ind: IndicatorResult, value: float | None) -> tuple[CellValue, str]:
    """An indicator's value as written: shares as fractions, NA where there is none."""
    if value is None or not math.isfinite(value):
        return NA, "na"
    if ind.unit == "pct":
        return value / 100, pct_style(0)
    return value, num_style(ind.decimals)


def networks_note(summary: Summary, year: int) -> str:
    """The "(22 netværk)" note under a year heading, empty when the number is unknown."""
    n = summary.networks_reporting.get(year)
    return "" if n is None else f"({n} netværk)"


def table21_sheet(summary: Summary, register: Register) -> SheetSpec:
    """Table 2.1: the innovation networks by theme area, and whether each is included."""
    b = SheetBuilder(TAB21, "Innovationsnetværk fordelt på temaområder")
    b.width(0, 0, 42)
    b.width(1, 1, 12)
    b.width(2, 2, 70)
    b.width(3, 3, 16)
    b.put(0, 0, "Tabel 2.1 Innovationsnetværk fordelt på temaområder", "title")
    b.put_row(
        2,
        0,
        ["Temaområde", "Antal netværk", "Netværk", f"Med i opgørelsen {summary.survey_year}"],
        "head_left",
    )
    b.row_heights[2] = 30
    included = {r.network for r in summary.responses}
    groups: dict[str, list[str]] = {}
    shorts: dict[str, str] = {}
    for net in register.of(Programme.NETWORK):
        groups.setdefault(net.theme_area, []).append(net.name)
        shorts[net.name] = net.short_name
    row = 3
    for theme, names in groups.items():
        for i, name in enumerate(names):
            # Every row names its theme (a filtered or read-aloud row still says it); the
            # first row of a theme keeps the bold of the printed table.
            b.put(row, 0, theme, "label_bold" if i == 0 else "label")
            b.put(row, 1, len(names), num_style(0) if i == 0 else "count_repeat")
            b.put(row, 2, name, "label")
            b.put(row, 3, "Ja" if shorts[name] in included else "Nej", "text")
            row += 1
    total = sum(len(n) for n in groups.values())
    b.put(row, 0, "I alt", "label_bold")
    b.put(row, 1, total, num_style(0))
    b.put(row, 2, "Alle temaområder", "label")
    b.put(row, 3, sum(1 for s in shorts.values() if s in included), num_style(0))
    b.table("Tabel2_1", 2, 0, row, 3, description=b.description)
    b.freeze = (3, 0)
    b.page = PageSetup(repeat_rows=(2, 2))
    return b.build()


def table31_sheet(summary: Summary, extra_years: ExtraYears | None = None) -> SheetSpec:
    """Table 3.1: knowledge institutions per network and in innovation projects, by year.

    The published table starts a year before appendix 1 (2006 in the 2012 report); those
    figures come from `extra_years` (e.g. the `History`) when given.
    """
    ids = TABLE31_IDS
    inds = [summary.get(i) for i in ids]
    extra = extra_years or {}
    first = min(summary.years, default=summary.survey_year)
    earlier = {y for (iid, y) in extra if iid in ids and y < first}
    years = sorted({*summary.years, *(yv.year for ind in inds for yv in ind.series), *earlier})

    def value(ind: IndicatorResult, year: int) -> float | None:
        if any(yv.year == year for yv in ind.series):
            return ind.value(year)
        found = extra.get((ind.id, year))
        return None if found is None else found.value

    def networks(year: int) -> str:
        note = networks_note(summary, year)
        found = extra.get(("networks_reporting", year))
        if note or found is None or found.value is None:
            return note
        return f"({int(found.value)} netværk)"

    b = SheetBuilder(TAB31, "Videninstitutioner i netværkene")
    b.width(0, 0, 62)
    b.width(1, len(years), 10.5)
    b.put(0, 0, "Tabel 3.1 Videninstitutioner i netværkene", "title")
    b.put(1, 0, NA_NOTE, "note")
    b.put(2, 0, "Indikator", "head_left")
    b.put(3, 0, "Netværk i opgørelsen", "head_left")
    for i, year in enumerate(years, start=1):
        b.put(2, i, year, "head_year")
        b.put(3, i, networks(year) or NA, "head_note")
    for row, ind in enumerate(inds, start=4):
        b.put(row, 0, ind.label_da, "label")
        for i, year in enumerate(years, start=1):
            cell, style = value_cell(ind, value(ind, year))
            b.put(row, i, cell, style)
    b.table("Tabel3_1", 2, 0, 3 + len(inds), len(years), description=b.description)
    b.freeze = (4, 1)
    b.page = PageSetup(repeat_rows=(2, 3))
    return b.build()


@dataclass(frozen=True)
class Activity:
    """One row of tables 4.1-4.3: an activity, the networks offering it, the firms in it."""

    label: str
    offered: str  # indicator id: networks offering the activity
    firms: str | None  # indicator id: firms taking part; None: not measured


@dataclass(frozen=True)
class ActivityTable:
    """One of tables 4.1-4.3; its indicator ids are checked when it is declared."""

    title: str
    activities: tuple[Activity, ...]

    def __post_init__(self) -> None:
        ids = [a.offered for a in self.activities]
        check_ids(self.title, [*ids, *(a.firms for a in self.activities if a.firms is not None)])


TABLES_4: tuple[ActivityTable, ...] = (
    ActivityTable(
        "Tabel 4.1 Brobyggende aktiviteter",
        (
            Activity("Konferencer, seminarer etc.", "offered_conferences", "firms_conferences"),
            Activity("Matchmaking", "offered_matchmaking", "firms_matchmaking"),
            Activity("Idégenerering", "offered_ideageneration", "firms_ideageneration"),
        ),
    ),
    ActivityTable(
        "Tabel 4.2 Samarbejdsprojekter",
        (
            Activity("Forprojekter", "offered_preprojects", "firms_preprojects"),
            Activity(
                "Innovationsprojekter", "offered_innovation_projects", "firms_innovation_projects"
            ),
        ),
    ),
    ActivityTable(
        "Tabel 4.3 Videnformidling og kompetenceudvikling",
        (
            Activity("Individuel sparring", "offered_sparring", "firms_sparring"),
            Activity("Kurser", "offered_courses", None),
        ),
    ),
)


def table4_sheet(summary: Summary) -> SheetSpec:
    """Tables 4.1-4.3: networks offering each activity and the firms taking part."""
    y = summary.survey_year
    n = summary.networks_reporting.get(y)
    b = SheetBuilder(TAB4X, f"Aktiviteter og deltagende virksomheder {y}")
    b.width(0, 0, 40)
    b.width(1, 2, 24)
    b.put(0, 0, f"Tabel 4.1-4.3 Aktiviteter og deltagende virksomheder {y}", "title")
    b.put(1, 0, NA_NOTE, "note")
    row = 3
    for table in TABLES_4:
        b.put(row, 0, f"{table.title} ({y})", "subtitle")
        heading = "Antal netværk, der tilbød aktiviteten" + (f" (af {n})" if n else "")
        b.put_row(row + 1, 0, ["Aktivitet", heading, "Antal deltagende virksomheder"], "head")
        b.row_heights[row + 1] = 30
        first = row + 1
        row += 2
        for activity in table.activities:
            b.put(row, 0, activity.label, "label")
            offered = summary.get(activity.offered)
            value, style = value_cell(offered, offered.value(y))
            b.put(row, 1, value, style)
            if activity.firms is None:
                b.put(row, 2, NOT_MEASURED, "na")
            else:
                ind = summary.get(activity.firms)
                value, style = value_cell(ind, ind.value(y))
                b.put(row, 2, value, style)
            row += 1
        name = "Tabel" + table.title.split(" ")[1].replace(".", "_")
        b.table(name, first, 0, row - 1, 2, description=table.title)
        row += 1
    b.page = PageSetup(landscape=False)
    return b.build()
