"""What goes where in the report workbook: a `Summary` turned into sheets of plain data.

No Excel library is imported here; the pipeline hands the result to `workbook.render`. Sheet
order: Forside (`front`), Hovedresultater (`key_findings`), Bilag 1 (`appendix1`), the body
tables (`tables`), the figures (`figure_sheets`), any extra sheets, Bilag 3 (`appendix3`),
Noter (`notes`): the reader's sheets, printed (`printed_sheets`) in that order; then Indikatorer,
Data, Kilder (`data_sheets`), the long form and the data, kept out of the print. Every sheet
starts with a descriptive title in A1, and every table on it is an Excel table with one header
row (the long sheets' in row 3).
This module puts the workbook together: its sheets, contents, page headers and document
properties.

Number formats (the rule, chosen to be simple and to match the printed report):
- counts and amounts: thousands separator and the indicator's published decimals
  (`Indicator.decimals`: `#,##0` for totals, `#,##0.0` for averages and mio. kr.);
- shares (unit "pct", 0-100 in the Summary) are written as fractions with format `0%`;
- "Procent ændring" is written as a fraction with `0%` for every row. The printed report
  shows two rows with decimals (-3,70 % and 2,40 %), which is typography rather than a rule;
  the cell holds the unrounded change, so a reader can show more decimals if needed.
- missing values are the text "NA" in the report sheets and a blank value with status "NA"
  in the long "Indikatorer" sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from perfreg_xlsx import __version__
from perfreg_xlsx.models import Summary, ValidationResult
from perfreg_xlsx.report.appendix1 import appendix1_sheet
from perfreg_xlsx.report.appendix3 import appendix3_sheet
from perfreg_xlsx.report.data_sheets import (
    DATA,
    INDICATORS_SHEET,
    SOURCES,
    answers_sheet,
    indicators_sheet,
    sources_sheet,
)
from perfreg_xlsx.report.figure_kinds import Figure
from perfreg_xlsx.report.figure_sheets import figure_sheets
from perfreg_xlsx.report.front import (
    FRONT,
    TOOL,
    LeftOut,
    front_sheet,
    left_out_files,
    report_title,
)
from perfreg_xlsx.report.history import ExtraYears
from perfreg_xlsx.report.key_findings import key_findings_sheet
from perfreg_xlsx.report.notes import (
    break_key,
    note_number,
    notes_sheet,
    ref,
    report_notes,
    series_breaks,
)
from perfreg_xlsx.report.tables import table4_sheet, table21_sheet, table31_sheet
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.workbook.spec import SheetSpec, WorkbookSpec

# The long form and the per-network data: in the workbook, not in the printed report.
NOT_PRINTED = frozenset({INDICATORS_SHEET, DATA, SOURCES})


def printed_sheets(spec: WorkbookSpec) -> list[str]:
    """The reader's sheets, in workbook order: all but the long form and the data sheets."""
    return [name for name in spec.sheet_names() if name not in NOT_PRINTED]


def report_filename(year: int) -> str:
    return f"performanceregnskab_{year}.xlsx"


def default_made_on(summary: Summary) -> date:
    """The date printed when the caller gives none: fixed by the inputs, so bytes repeat."""
    return date(summary.survey_year, 12, 31)


def report_workbook(
    summary: Summary,
    validation: ValidationResult,
    register: Register,
    *,
    made_on: date | None = None,
    left_out: Sequence[LeftOut] | None = None,
    figures: Sequence[Figure] = (),
    extra_sheets: Sequence[SheetSpec] = (),
    extra_years: ExtraYears | None = None,
    include_personal: bool = False,
) -> WorkbookSpec:
    """The whole report workbook as plain data, for `workbook.render` to write.

    `made_on` is the date printed on the front sheet and stored as the document's created
    date; it defaults to Dec 31 of the survey year so that the same inputs give the same
    bytes. `left_out` defaults to `left_out_files(summary, validation)`. `figures` (from
    `figures.build_figures`) become the sheets "Figurdata" and "Figurer" with native charts,
    right after the body tables; `extra_sheets` (sheets as data, possibly with `ChartSpec`s)
    follow them. Every sheet is listed in the table of contents. `extra_years` (e.g. the
    `History`) gives the figures of years before `summary.years` that body tables show
    (table 3.1 starts a year earlier).
    The Data sheet leaves out personal data (the contacts) unless `include_personal`.
    """
    if made_on is None:
        made_on = default_made_on(summary)
    if left_out is None:
        left_out = left_out_files(summary, validation)
    title = report_title(summary.survey_year)
    notes = report_notes(summary)

    def refs(*keys: str) -> str:
        return " ".join(ref(note_number(notes, k)) for k in keys)

    published = any(note.key == "published" for note in notes)

    data = [
        indicators_sheet(summary),
        answers_sheet(summary, validation, include_personal=include_personal),
        sources_sheet(summary, validation),
    ]
    body = [
        key_findings_sheet(summary, refs("computed")),
        appendix1_sheet(
            summary,
            refs("computed", "missing", "breaks", *(["published"] if published else [])),
            refs("population"),
            {iid: refs(break_key(iid)) for iid in series_breaks(summary)},
        ),
        table21_sheet(summary, register),
        table31_sheet(summary, extra_years),
        table4_sheet(summary),
        *(figure_sheets(figures) if figures else ()),
        *extra_sheets,
        # After the body and its figures, as appendix 3 follows the body of the printed report.
        appendix3_sheet(summary, register),
        notes_sheet(notes),
        *data,
    ]
    contents = [(sheet.name, sheet.description) for sheet in body]
    names = [FRONT] + [name for name, _ in contents]
    if len(set(names)) != len(names):
        raise ValueError(f"sheet names must be unique: {names}")
    front = front_sheet(summary, validation, register, made_on, left_out, contents)
    sheets = tuple(_with_header(s, title) for s in (front, *body))
    properties = {
        "title": title,
        "subject": "Bilag til performanceregnskabet",
        "author": AUTHOR,
        "keywords": KEYWORDS,
        "comments": f"{TOOL} {__version__}",
        "created": datetime(made_on.year, made_on.month, made_on.day),
    }
    # xlsxwriter writes no dc:language, so the language is a custom property.
    return WorkbookSpec(
        sheets=sheets, properties=properties, custom_properties={"Language": LANGUAGE}
    )


AUTHOR = "Sekretariatet for innovationsnetværkene"
LANGUAGE = "da-DK"
KEYWORDS = "performanceregnskab, innovationsnetværk, klynger, statistik"


def page_header(title: str) -> str:
    """The printed page header of every report sheet: the title left, the sheet's name right.

    >>> page_header("A & B")
    '&LA && B&R&A'
    """
    escaped = title.replace("&", "&&")  # a lone "&" would start an Excel header code
    return f"&L{escaped}&R&A"


def _with_header(sheet: SheetSpec, title: str) -> SheetSpec:
    if sheet.page.header:
        return sheet  # an extra sheet that chose its own
    return replace(sheet, page=replace(sheet.page, header=page_header(title)))
