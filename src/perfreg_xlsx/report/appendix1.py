"""Appendix 1 ("Bilag 1") of the report: the indicators of the innovation networks, one row
per indicator and one column per year, under the printed report's section headings.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping

from perfreg_xlsx.models import IndicatorResult, Summary
from perfreg_xlsx.report.data_sheets import NA, NA_NOTE, SOURCE_DA
from perfreg_xlsx.report.tables import networks_note, value_cell
from perfreg_xlsx.survey.catalogue import current
from perfreg_xlsx.workbook.spec import (
    LINE_HEIGHT,
    CellValue,
    PageSetup,
    SheetBuilder,
    SheetSpec,
)
from perfreg_xlsx.workbook.styles import num_style, pct_style

APPENDIX = "Bilag 1"
NETWORKS_ROW = "Netværk i opgørelsen"
LABEL_WIDTH = 70
# The unit as the printed appendix writes it.
UNIT_SHOWN = {"pct": "pct.", "antal": "antal", "mio. kr.": "mio. kr.", "årsværk": "årsværk"}
ROW_HEIGHT = 11 * LINE_HEIGHT  # one line of 11 pt text: 15 pt


def label_height(label: str, width: float = LABEL_WIDTH) -> float:
    """The row height that shows `label` whole in a wrapping column `width` characters wide.

    Set for every row: the sheet builder's estimate, made for any column, counts fewer
    characters to a line than LibreOffice and Excel fit in a wide one (about 89 at 11 pt in
    appendix 1's 70), so labels of one printed line got rows of two. 1.25 characters per unit
    of width (87 in appendix 1's) keeps a small margin.
    """
    chars = int(width * 1.25)
    lines = max(1, len(textwrap.wrap(label, chars, break_on_hyphens=False)))
    return round(lines * ROW_HEIGHT, 1) if lines > 1 else ROW_HEIGHT


def shown_decimals(ind: IndicatorResult, year: int) -> int:
    """The decimals a year's value is shown with: a published figure printed whole keeps them.

    The history holds published figures as printed: an average printed "86" was not 86.0,
    so it is not shown with a decimal the publication did not print.
    """
    value = ind.value(year)
    published = any(yv.year == year and yv.source == "published" for yv in ind.series)
    if published and value is not None and ind.unit != "pct" and float(value).is_integer():
        return 0
    return ind.decimals


def _year_cell(ind: IndicatorResult, year: int) -> tuple[CellValue, str]:
    value, style = value_cell(ind, ind.value(year))
    if isinstance(value, int | float) and ind.unit != "pct":
        return value, num_style(shown_decimals(ind, year))
    return value, style


def _change_cell(change: float | None) -> tuple[CellValue, str]:
    if change is None or not math.isfinite(change):
        return NA, "na"
    return change / 100, pct_style(0)


def _heading_level(text: str) -> str:
    # "1. RESULTATER" is a section, "1.1. INNOVATION" a sub-section.
    number = text.split(" ", 1)[0].rstrip(".")
    return "subsection" if "." in number else "section"


def appendix1_sheet(
    summary: Summary,
    notes: str = "",
    population_note: str = "",
    row_notes: Mapping[str, str] | None = None,
) -> SheetSpec:
    """Appendix 1 as printed: headed sections, one row per indicator, one column per year,
    the % change, then the unit. `notes` ("[note 2] [note 3]") follows the title and
    `population_note` the label of the years' header (the "(22 netværk)" row); `row_notes`
    gives by indicator id the reference its row's label carries (a series break)."""
    row_notes = row_notes or {}
    cat = current()
    years = list(summary.years)
    y = summary.survey_year
    last = len(years) + 1
    unit_col = last + 1
    b = SheetBuilder(APPENDIX, "Indikatorer for innovationsnetværkene (bilag 1)")
    b.width(0, 0, LABEL_WIDTH)
    b.width(1, len(years), 10.5)
    b.width(last, last, 16)  # "ændring 2011-2012" on one line, not split at the dash
    b.width(unit_col, unit_col, 10)
    span = f"{years[0]}-{years[-1]}" if years else str(y)
    title = f"Bilag 1. Indikatorer for innovationsnetværkene {span}"
    b.put(0, 0, f"{title} {notes}".strip(), "title")
    b.put(1, 0, NA_NOTE, "note")
    # One header row (an Excel table's); the networks per year are the table's first row.
    b.put(2, 0, f"Indikator {population_note}".strip(), "head_left")
    b.put(3, 0, NETWORKS_ROW, "head_left")
    for i, year in enumerate(years, start=1):
        b.put(2, i, year, "head_year")
        b.put(3, i, networks_note(summary, year) or NA, "head_note")
    b.put(2, last, f"Procent ændring {y - 1}-{y}", "head")
    b.put(3, last, "Ændring", "head_note")
    b.put(2, unit_col, "Enhed", "head")
    b.put(3, unit_col, "antal", "head_note")
    b.row_heights[2] = 30
    row = 4
    done: set[str] = set()
    for meta in cat.appendix1:
        if meta.section == "header":
            continue  # the number of networks is the note under each year
        if meta.section not in done:
            done.add(meta.section)
            for heading in cat.appendix1_headings.get(meta.section, ()):
                style = _heading_level(heading)
                b.put(row, 0, heading, style)
                b.fill(row, 1, unit_col, style)
                b.row_heights[row] = ROW_HEIGHT
                row += 1
        ind = summary.get(meta.id)
        label = f"{ind.label_da} {row_notes[meta.id]}" if meta.id in row_notes else ind.label_da
        b.put(row, 0, label, "label")
        for i, year in enumerate(years, start=1):
            value, style = _year_cell(ind, year)
            b.put(row, i, value, style)
        value, style = _change_cell(ind.change_pct)
        b.put(row, last, value, style)
        b.put(row, unit_col, UNIT_SHOWN.get(ind.unit, ind.unit), "text")
        b.row_heights[row] = label_height(label)
        row += 1
    table_end = row - 1
    row += 1
    for note in _source_notes(summary):
        b.put(row, 0, note, "note")
        row += 1
    b.table("Bilag1", 2, 0, table_end, unit_col, description=b.description)
    b.freeze = (4, 1)
    b.page = PageSetup(repeat_rows=(2, 3), center_horizontally=True)
    return b.build()


def _source_notes(summary: Summary) -> list[str]:
    """One line per run of years whose appendix figures come from the same kind of source."""
    ids = {m.id for m in current().appendix1}
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
