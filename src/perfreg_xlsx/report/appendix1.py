"""Appendix 1 ("Bilag 1") of the report: the indicators of the innovation networks, one row
per indicator and one column per year, under the printed report's section headings.
"""

from __future__ import annotations

import math

from perfreg_xlsx.models import Summary
from perfreg_xlsx.report.data_sheets import NA, NA_NOTE, SOURCE_DA
from perfreg_xlsx.report.tables import networks_note, value_cell
from perfreg_xlsx.survey.indicators import APPENDIX1, APPENDIX1_HEADINGS
from perfreg_xlsx.workbook.spec import CellValue, PageSetup, SheetBuilder, SheetSpec
from perfreg_xlsx.workbook.styles import pct_style

APPENDIX = "Bilag 1"
NETWORKS_ROW = "Netværk i opgørelsen"


def _change_cell(change: float | None) -> tuple[CellValue, str]:
    if change is None or not math.isfinite(change):
        return NA, "na"
    return change / 100, pct_style(0)


def _heading_level(text: str) -> str:
    # "1. RESULTATER" is a section, "1.1. INNOVATION" a sub-section.
    number = text.split(" ", 1)[0].rstrip(".")
    return "subsection" if "." in number else "section"


def appendix1_sheet(summary: Summary) -> SheetSpec:
    """Appendix 1 as printed: headed sections, one row per indicator, one column per year."""
    years = list(summary.years)
    y = summary.survey_year
    last = len(years) + 1
    b = SheetBuilder(APPENDIX, "Indikatorer for innovationsnetværkene (bilag 1)")
    b.width(0, 0, 70)
    b.width(1, len(years), 10.5)
    b.width(last, last, 16)  # "ændring 2011-2012" on one line, not split at the dash
    span = f"{years[0]}-{years[-1]}" if years else str(y)
    b.put(0, 0, f"Bilag 1. Indikatorer for innovationsnetværkene {span}", "title")
    b.put(1, 0, NA_NOTE, "note")
    # One header row (an Excel table's); the networks per year are the table's first row.
    b.put(2, 0, "Indikator", "head_left")
    b.put(3, 0, NETWORKS_ROW, "head_left")
    for i, year in enumerate(years, start=1):
        b.put(2, i, year, "head_year")
        b.put(3, i, networks_note(summary, year) or NA, "head_note")
    b.put(2, last, f"Procent ændring {y - 1}-{y}", "head")
    b.put(3, last, "Ændring", "head_note")
    b.row_heights[2] = 30
    row = 4
    done: set[str] = set()
    for meta in APPENDIX1:
        if meta.section == "header":
            continue  # the number of networks is the note under each year
        if meta.section not in done:
            done.add(meta.section)
            for heading in APPENDIX1_HEADINGS.get(meta.section, ()):
                style = _heading_level(heading)
                b.put(row, 0, heading, style)
                b.fill(row, 1, last, style)
                row += 1
        ind = summary.get(meta.id)
        b.put(row, 0, ind.label_da, "label")
        for i, year in enumerate(years, start=1):
            value, style = value_cell(ind, ind.value(year))
            b.put(row, i, value, style)
        value, style = _change_cell(ind.change_pct)
        b.put(row, last, value, style)
        row += 1
    table_end = row - 1
    row += 1
    for note in _source_notes(summary):
        b.put(row, 0, note, "note")
        row += 1
    b.table("Bilag1", 2, 0, table_end, last, description=b.description)
    b.freeze = (4, 1)
    b.page = PageSetup(repeat_rows=(2, 3), center_horizontally=True)
    return b.build()


def _source_notes(summary: Summary) -> list[str]:
    """One line per run of years whose appendix figures come from the same kind of source."""
    ids = {m.id for m in APPENDIX1}
    by_year: dict[int, str] = {}
    for year in summary.years:
        kinds = sorted(
            {
                yv.source
                for ind in summary.indicators
                if ind.id in ids
                for yv in ind.series
                if yv.year == year and yv.value is not None and yv.source
            }
        )
        by_year[year] = " og ".join(SOURCE_DA.get(k, k) for k in kinds)
    notes: list[str] = []
    runs: list[tuple[int, int, str]] = []
    for year in summary.years:
        text = by_year[year]
        if runs and runs[-1][2] == text and runs[-1][1] == year - 1:
            runs[-1] = (runs[-1][0], year, text)
        else:
            runs.append((year, year, text))
    for first, last, text in runs:
        if text:
            span = str(first) if first == last else f"{first}-{last}"
            notes.append(f"Tal for {span}: {text}.")
    return notes
