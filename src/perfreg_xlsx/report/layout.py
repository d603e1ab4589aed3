"""What goes where in the report workbook: a `Summary` turned into sheets of plain data.

No Excel library is imported here; the pipeline hands the result to `workbook.render`. Sheet
order: Forside, Bilag 1, the body tables (`tables`), the figures (`figure_sheets`), any extra
sheets, Bilag 3 (`appendix3`), Indikatorer, Data, Kilder (`data_sheets`). This module builds
the front sheet and appendix 1 and puts the workbook together.

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

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from perfreg_xlsx import __version__
from perfreg_xlsx.models import FileStatus, Response, Summary, ValidationResult
from perfreg_xlsx.report.appendix3 import appendix3_sheet
from perfreg_xlsx.report.data_sheets import (
    NA,
    SOURCE_DA,
    answers_sheet,
    indicators_sheet,
    sources_sheet,
)
from perfreg_xlsx.report.figure_kinds import Figure
from perfreg_xlsx.report.figure_sheets import figure_sheets
from perfreg_xlsx.report.history import ExtraYears
from perfreg_xlsx.report.tables import (
    networks_note,
    table4_sheet,
    table21_sheet,
    table31_sheet,
    value_cell,
)
from perfreg_xlsx.survey.indicators import APPENDIX1, APPENDIX1_HEADINGS
from perfreg_xlsx.survey.populations import POPULATION_DA
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import Programme, Severity
from perfreg_xlsx.workbook.spec import (
    CellValue,
    PageSetup,
    SheetBuilder,
    SheetSpec,
    WorkbookSpec,
    internal_link,
)
from perfreg_xlsx.workbook.styles import pct_style

__all__ = [
    "NA",
    "ExtraYears",
    "LeftOut",
    "default_made_on",
    "left_out_files",
    "page_header",
    "report_filename",
    "report_title",
    "report_workbook",
]

TOOL = "perfreg-xlsx"
FRONT, APPENDIX = "Forside", "Bilag 1"


@dataclass(frozen=True)
class LeftOut:
    """A returned questionnaire that is not part of the figures, and why (Danish)."""

    file: str
    network: str
    reason: str


def report_title(year: int) -> str:
    return f"Performanceregnskab for innovationsnetværkene {year}"


def report_filename(year: int) -> str:
    return f"performanceregnskab_{year}.xlsx"


def default_made_on(summary: Summary) -> date:
    """The date printed when the caller gives none: fixed by the inputs, so bytes repeat."""
    return date(summary.survey_year, 12, 31)


def left_out_files(summary: Summary, validation: ValidationResult) -> tuple[LeftOut, ...]:
    """Every read or refused file whose answers are not in `summary`, with the reason.

    Skipped files (lock files, other file types) are not submissions and are listed only on
    the "Kilder" sheet.
    """
    included = {r.file for r in summary.responses}
    out: list[LeftOut] = []
    for f in sorted(validation.files, key=lambda f: f.file):
        if f.status == FileStatus.SKIPPED or f.file in included:
            continue
        errors = [x for x in f.findings if x.severity == Severity.ERROR]
        if errors:
            texts = [x.message_da or x.message for x in errors[:3]]
            more = f" (+ {len(errors) - 3} fejl mere)" if len(errors) > 3 else ""
            reason = "; ".join(texts) + more
        elif f.status == FileStatus.REFUSED:
            reason = "Filen kunne ikke læses som et spørgeskema."
        else:
            reason = "Ikke medtaget i opgørelsen."
        network = f.response.network_name if f.response else (f.network or "")
        out.append(LeftOut(f.file, network, reason))
    return tuple(out)


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
    """
    if made_on is None:
        made_on = default_made_on(summary)
    if left_out is None:
        left_out = left_out_files(summary, validation)
    title = report_title(summary.survey_year)
    body = [
        appendix1_sheet(summary),
        table21_sheet(summary, register),
        table31_sheet(summary, extra_years),
        table4_sheet(summary),
        *(figure_sheets(figures) if figures else ()),
        *extra_sheets,
        # After the body and its figures, as appendix 3 follows the body of the printed report.
        appendix3_sheet(summary, register),
        indicators_sheet(summary),
        answers_sheet(summary, validation),
        sources_sheet(summary, validation),
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
        "author": TOOL,
        "comments": f"{TOOL} {__version__}",
        "created": datetime(made_on.year, made_on.month, made_on.day),
    }
    return WorkbookSpec(sheets=sheets, properties=properties)


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


# --- Forside ---------------------------------------------------------------------------------


def front_sheet(
    summary: Summary,
    validation: ValidationResult,
    register: Register,
    made_on: date,
    left_out: Sequence[LeftOut],
    contents: Sequence[tuple[str, str]],
) -> SheetSpec:
    """Title, facts, what is in and what is left out, and a linked table of contents."""
    networks, others = _not_answered(validation, register)
    used = {p: [r for r in summary.responses if r.programme is p] for p in Programme}
    b = SheetBuilder(FRONT, "Forside")
    b.width(0, 0, 46)
    b.width(1, 1, 36)
    b.width(2, 2, 44)
    b.put(0, 0, report_title(summary.survey_year), "title")
    b.put(1, 0, "Bilag og tabeller med tal fra netværkenes besvarelser", "note")
    # Appendix 1 counts the innovation networks only, appendix 3 the other clusters too: the
    # front sheet counts the two populations apart so that neither hides in the other.
    facts: list[tuple[str, CellValue, str]] = [
        ("Undersøgelsesår", summary.survey_year, "year_plain"),
        ("Besvarelser med i opgørelsen", len(summary.responses), "int_plain"),
        (_USED[Programme.NETWORK], len(used[Programme.NETWORK]), "int_plain"),
        (_USED[Programme.CLUSTER], len(used[Programme.CLUSTER]), "int_plain"),
        ("Besvarelser udeladt", len(left_out), "int_plain"),
        (_MISSING_NETWORKS, len(networks), "int_plain"),
        (_MISSING_OTHERS, len(others), "int_plain"),
        ("Udarbejdet den", made_on, "date"),
        ("Værktøj", f"{TOOL} {__version__}", "plain"),
    ]
    row = 3
    for label, value, style in facts:
        # A missing cluster does not touch appendix 1, so only a missing network is loud.
        loud = bool(value) and label in ("Besvarelser udeladt", _MISSING_NETWORKS)
        b.put(row, 0, label, "warn" if loud else "key")
        b.put(row, 1, value, "warn" if loud else style)
        row += 1
    if left_out:
        b.put(row, 0, f"OBS: {len(left_out)} besvarelse(r) er IKKE med i tallene.", "warn")
        row += 1

    row += 1
    b.put(row, 0, "Indhold", "subtitle")
    row += 1
    for name, description in contents:
        b.put(row, 0, name, "link", link=internal_link(name))
        b.put(row, 1, description, "plain")
        row += 1

    row += 1
    b.put(row, 0, f"Besvarelser med i opgørelsen ({len(summary.responses)})", "subtitle")
    row += 1
    b.put_row(row, 0, ["Netværk", "Fil", "Bemærkning"], "head_left")
    row += 1
    invalid = {f.file for f in validation.files if f.status != FileStatus.ACCEPTED}
    for programme, responses in used.items():
        if not responses:
            continue
        b.put(row, 0, f"{POPULATION_DA[programme].capitalize()} ({len(responses)})", "key")
        row += 1
        row = _response_rows(b, row, responses, invalid)
    if not summary.responses:
        b.put(row, 0, "Ingen", "warn")
        row += 1

    row += 1
    if left_out:
        b.put(row, 0, f"Besvarelser, der IKKE er med i opgørelsen ({len(left_out)})", "warn")
        row += 1
        b.put_row(row, 0, ["Fil", "Netværk", "Årsag"], "head_left")
        row += 1
        for lo in left_out:
            b.put_row(row, 0, [lo.file, lo.network or "(ukendt netværk)", lo.reason], "warn_text")
            row += 1
    else:
        b.put(row, 0, "Besvarelser, der ikke er med i opgørelsen: ingen", "subtitle")
        row += 1

    row += 1
    heading = "warn" if networks else "subtitle"
    b.put(row, 0, f"Innovationsnetværk, der ikke har svaret ({len(networks)})", heading)
    row += 1
    for name in networks:
        b.put(row, 0, name, "warn_text")
        row += 1
    if not networks:
        b.put(row, 0, "Ingen", "plain")
        row += 1
    if others:
        row += 1
        title = f"{_MISSING_OTHERS_LIST} ({len(others)})"
        b.put(row, 0, title, "subtitle")
        b.put(row + 1, 0, ", ".join(others), "plain_wrap")
        b.merge(row + 1, 0, row + 1, 2)
    b.page = PageSetup(landscape=False, fit_width=1)
    return b.build()


_USED = {p: f"– heraf {name}" for p, name in POPULATION_DA.items()}
_MISSING_NETWORKS = "Innovationsnetværk, der ikke har svaret"
_MISSING_OTHERS = "Øvrige klynger, der ikke har svaret"
_MISSING_OTHERS_LIST = "Øvrige klynger og netværk i registret uden besvarelse"


def _response_rows(
    b: SheetBuilder, row: int, responses: Sequence[Response], invalid: set[str]
) -> int:
    for r in sorted(responses, key=lambda r: r.network_name.casefold()):
        b.put_row(row, 0, [r.network_name, r.file], "text_wrap")
        if r.file in invalid:
            # Only a deliberate choice (aggregating despite errors) gets a file with errors here.
            b.put(row, 2, "Medtaget trods fejl – se arket Kilder", "warn_text")
        else:
            b.put(row, 2, None, "text_wrap")
        row += 1
    return row


def _not_answered(validation: ValidationResult, register: Register) -> tuple[list[str], list[str]]:
    """Names of the registered innovation networks, and of the others, without a file.

    A short name the register does not know is counted as an innovation network, so that it
    is shown loudly rather than lost among the clusters.
    """
    by_short = register.by_short_name()
    networks: list[str] = []
    others: list[str] = []
    for short in sorted(validation.missing_networks):
        net = by_short.get(short)
        if net is None or net.programme == Programme.NETWORK:
            networks.append(net.name if net else short)
        else:
            others.append(net.name)
    return sorted(networks, key=str.casefold), sorted(others, key=str.casefold)


# --- Bilag 1 ---------------------------------------------------------------------------------


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
    b.put(2, 0, "Indikator", "head_left")
    b.put(3, 0, None, "head_left")
    b.merge(2, 0, 3, 0)
    for i, year in enumerate(years, start=1):
        b.put(2, i, year, "head_year")
        b.put(3, i, networks_note(summary, year), "head_note")
    b.put(2, last, f"Procent ændring {y - 1}-{y}", "head")
    b.put(3, last, None, "head")
    b.merge(2, last, 3, last)
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
    row += 1
    for note in _source_notes(summary):
        b.put(row, 0, note, "note")
        row += 1
    b.put(row, 0, "NA: ikke opgjort det pågældende år.", "note")
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
