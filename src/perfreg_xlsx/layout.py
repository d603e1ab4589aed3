"""What goes where in the report workbook: a `Summary` turned into sheets of plain data.

No Excel library is imported here; `write.write_workbook` renders the result. Sheet order:
Forside, Bilag 1, the body tables, any extra sheets (charts), Indikatorer, Data, Kilder.

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from . import __version__
from .catalogue import APPENDIX1, APPENDIX1_HEADINGS, FIELDS, Programme, Severity
from .models import (
    FileStatus,
    IndicatorResult,
    Response,
    Summary,
    ValidationResult,
    Value,
    YearValue,
)
from .registry import Register
from .sheetspec import (
    CellValue,
    PageSetup,
    SheetBuilder,
    SheetPlugin,
    SheetSpec,
    WorkbookSpec,
    internal_link,
    num_style,
    pct_style,
)

# (indicator id, year) -> figure; a `history.History` is one.
ExtraYears = Mapping[tuple[str, int], YearValue]

TOOL = "perfreg-xlsx"
FRONT, APPENDIX, TAB21, TAB31, TAB4X = (
    "Forside",
    "Bilag 1",
    "Tabel 2.1",
    "Tabel 3.1",
    "Tabel 4.1-4.3",
)
INDICATORS_SHEET, DATA, SOURCES = "Indikatorer", "Data", "Kilder"
NA = "NA"
NOT_MEASURED = "Ej opgjort"

STATUS_DA = {
    FileStatus.ACCEPTED: "Godkendt",
    FileStatus.INVALID: "Fejl",
    FileStatus.REFUSED: "Afvist",
    FileStatus.SKIPPED: "Sprunget over",
}
SOURCE_DA = {
    "inputs": "beregnet ud fra besvarelserne",
    "published": "offentliggjort",
    "recorded": "registreret tidligere",
}


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


def build_report(
    summary: Summary,
    validation: ValidationResult,
    register: Register,
    *,
    made_on: date,
    left_out: Sequence[LeftOut] | None = None,
    extra_sheets: Sequence[SheetSpec] = (),
    extra_years: ExtraYears | None = None,
    plugins: Sequence[SheetPlugin] = (),
) -> WorkbookSpec:
    """The whole report workbook as plain data.

    `left_out` defaults to `left_out_files(summary, validation)`. `extra_sheets` (sheets as
    data, possibly with `ChartSpec`s: the figures) are placed after the body tables and
    listed in the table of contents. `extra_years` (e.g. the `History`) gives the figures of
    years before `summary.years` that body tables show (table 3.1 starts a year earlier).
    `plugins` add sheets straight into the workbook after the sheet they name (the figures);
    their sheets are listed in the table of contents too.
    """
    if left_out is None:
        left_out = left_out_files(summary, validation)
    title = report_title(summary.survey_year)
    body = [
        appendix1_sheet(summary),
        table21_sheet(summary, register),
        table31_sheet(summary, extra_years),
        table4_sheet(summary),
        *extra_sheets,
        indicators_sheet(summary),
        data_sheet(summary, validation),
        sources_sheet(summary, validation),
    ]
    contents: list[tuple[str, str]] = []
    for sheet in body:
        contents.append((sheet.name, sheet.description))
        for plugin in plugins:
            if plugin.after == sheet.name:
                contents.extend(plugin.sheets)
    names = [FRONT] + [name for name, _ in contents]
    if len(set(names)) != len(names):
        raise ValueError(f"sheet names must be unique: {names}")
    for plugin in plugins:
        if plugin.after not in names:
            raise ValueError(f"no sheet {plugin.after!r} to put {plugin.sheets} after")
    front = front_sheet(summary, validation, register, made_on, left_out, contents)
    sheets = tuple(_with_header(s, title) for s in (front, *body))
    properties = {
        "title": title,
        "subject": "Bilag til performanceregnskabet",
        "author": TOOL,
        "comments": f"{TOOL} {__version__}",
        "created": datetime(made_on.year, made_on.month, made_on.day),
    }
    return WorkbookSpec(sheets=sheets, properties=properties, plugins=tuple(plugins))


def _with_header(sheet: SheetSpec, title: str) -> SheetSpec:
    if sheet.page.header:
        return sheet  # an extra sheet that chose its own
    escaped = title.replace("&", "&&")
    return replace(sheet, page=replace(sheet.page, header=f"&L{escaped}&R&A"))


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
    b = SheetBuilder(FRONT, "Forside")
    b.width(0, 0, 46)
    b.width(1, 1, 36)
    b.width(2, 2, 44)
    b.put(0, 0, report_title(summary.survey_year), "title")
    b.put(1, 0, "Bilag og tabeller med tal fra netværkenes besvarelser", "note")
    facts: list[tuple[str, CellValue, str]] = [
        ("Undersøgelsesår", summary.survey_year, "year_plain"),
        ("Besvarelser med i opgørelsen", len(summary.responses), "int_plain"),
        ("Besvarelser udeladt", len(left_out), "int_plain"),
        ("Innovationsnetværk, der ikke har svaret", len(networks), "int_plain"),
        ("Udarbejdet den", made_on, "date"),
        ("Værktøj", f"{TOOL} {__version__}", "plain"),
    ]
    row = 3
    for label, value, style in facts:
        loud = bool(value) and label in ("Besvarelser udeladt", facts[3][0])
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
    b.put_row(row, 0, ["Netværk", "Fil", "Skabelonversion"], "head_left")
    row += 1
    for r in sorted(summary.responses, key=lambda r: r.network_name.casefold()):
        b.put_row(row, 0, [r.network_name, r.file, r.template_version], "text_wrap")
        row += 1
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
            b.put_row(row, 0, [lo.file, lo.network, lo.reason], "warn_text")
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
        title = f"Øvrige klynger og netværk i registret uden besvarelse ({len(others)})"
        b.put(row, 0, title, "subtitle")
        b.put(row + 1, 0, ", ".join(others), "plain_wrap")
        b.merge(row + 1, 0, row + 1, 2)
    b.page = PageSetup(landscape=False, fit_width=1)
    return b.build()


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


def _value_cell(ind: IndicatorResult, value: float | None) -> tuple[CellValue, str]:
    if value is None or not math.isfinite(value):
        return NA, "na"
    if ind.unit == "pct":
        return value / 100, pct_style(0)
    return value, num_style(ind.decimals)


def _change_cell(change: float | None) -> tuple[CellValue, str]:
    if change is None or not math.isfinite(change):
        return NA, "na"
    return change / 100, pct_style(0)


def _networks_note(summary: Summary, year: int) -> str:
    n = summary.networks_reporting.get(year)
    return "" if n is None else f"({n} netværk)"


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
    b.width(last, last, 13)
    b.put(0, 0, f"Bilag 1. Indikatorer for innovationsnetværkene {years[0]}-{years[-1]}", "title")
    b.put(2, 0, "Indikator", "head_left")
    b.put(3, 0, None, "head_left")
    b.merge(2, 0, 3, 0)
    for i, year in enumerate(years, start=1):
        b.put(2, i, year, "head_year")
        b.put(3, i, _networks_note(summary, year), "head_note")
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
            value, style = _value_cell(ind, ind.value(year))
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


# --- Body tables -----------------------------------------------------------------------------


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
            b.put(row, 0, theme if i == 0 else None, "label_bold" if i == 0 else "blank")
            b.put(row, 1, len(names) if i == 0 else None, num_style(0) if i == 0 else "blank")
            b.put(row, 2, name, "label")
            b.put(row, 3, "Ja" if shorts[name] in included else "Nej", "text")
            row += 1
    total = sum(len(n) for n in groups.values())
    b.put(row, 0, "I alt", "label_bold")
    b.put(row, 1, total, num_style(0))
    b.put(row, 2, None, "blank")
    b.put(row, 3, sum(1 for s in shorts.values() if s in included), num_style(0))
    b.freeze = (3, 0)
    b.page = PageSetup(repeat_rows=(2, 2))
    return b.build()


def table31_sheet(summary: Summary, extra_years: ExtraYears | None = None) -> SheetSpec:
    """Table 3.1: knowledge institutions per network and in innovation projects, by year.

    The published table starts a year before appendix 1 (2006 in the 2012 report); those
    figures come from `extra_years` (e.g. the `History`) when given.
    """
    ids = ("ki_per_network_avg", "ki_units_innovation_projects")
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
        note = _networks_note(summary, year)
        found = extra.get(("networks_reporting", year))
        if note or found is None or found.value is None:
            return note
        return f"({int(found.value)} netværk)"

    b = SheetBuilder(TAB31, "Videninstitutioner i netværkene")
    b.width(0, 0, 62)
    b.width(1, len(years), 10.5)
    b.put(0, 0, "Tabel 3.1 Videninstitutioner i netværkene", "title")
    b.put(2, 0, None, "head_left")
    b.put(3, 0, None, "head_left")
    b.merge(2, 0, 3, 0)
    for i, year in enumerate(years, start=1):
        b.put(2, i, year, "head_year")
        b.put(3, i, networks(year), "head_note")
    for row, ind in enumerate(inds, start=4):
        b.put(row, 0, ind.label_da, "label")
        for i, year in enumerate(years, start=1):
            cell, style = _value_cell(ind, value(ind, year))
            b.put(row, i, cell, style)
    b.freeze = (4, 1)
    b.page = PageSetup(repeat_rows=(2, 3))
    return b.build()


# (table title, [(activity label, networks offering it, firms taking part or None)])
TABLES_4: tuple[tuple[str, tuple[tuple[str, str, str | None], ...]], ...] = (
    (
        "Tabel 4.1 Brobyggende aktiviteter",
        (
            ("Konferencer, seminarer etc.", "offered_conferences", "firms_conferences"),
            ("Matchmaking", "offered_matchmaking", "firms_matchmaking"),
            ("Idégenerering", "offered_ideageneration", "firms_ideageneration"),
        ),
    ),
    (
        "Tabel 4.2 Samarbejdsprojekter",
        (
            ("Forprojekter", "offered_preprojects", "firms_preprojects"),
            ("Innovationsprojekter", "offered_innovation_projects", "firms_innovation_projects"),
        ),
    ),
    (
        "Tabel 4.3 Videnformidling og kompetenceudvikling",
        (
            ("Individuel sparring", "offered_sparring", "firms_sparring"),
            ("Kurser", "offered_courses", None),
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
    row = 0
    for title, rows in TABLES_4:
        b.put(row, 0, f"{title} ({y})", "subtitle")
        offered = "Antal netværk, der tilbød aktiviteten" + (f" (af {n})" if n else "")
        b.put_row(row + 1, 0, ["Aktivitet", offered, "Antal deltagende virksomheder"], "head")
        b.row_heights[row + 1] = 30
        row += 2
        for label, offered_id, firms_id in rows:
            b.put(row, 0, label, "label")
            value, style = _value_cell(summary.get(offered_id), summary.get(offered_id).value(y))
            b.put(row, 1, value, style)
            if firms_id is None:
                b.put(row, 2, NOT_MEASURED, "na")
            else:
                ind = summary.get(firms_id)
                value, style = _value_cell(ind, ind.value(y))
                b.put(row, 2, value, style)
            row += 1
        row += 1
    b.page = PageSetup(landscape=False)
    return b.build()


# --- Long and raw data -----------------------------------------------------------------------

INDICATOR_COLUMNS = (
    "Indikator-id",
    "Indikator",
    "Afsnit",
    "År",
    "Værdi",
    "Status",
    "Enhed",
    "Antal netværk",
    "Kilde",
)


def indicators_sheet(summary: Summary) -> SheetSpec:
    """Every indicator in long form: one row per indicator and year (what tools read)."""
    b = SheetBuilder(INDICATORS_SHEET, "Alle indikatorer i lang form (til videre beregning)")
    for col, width in enumerate((30, 70, 8, 7, 12, 8, 14, 14, 28)):
        b.width(col, col, width)
    b.put_row(0, 0, list(INDICATOR_COLUMNS), "head_left")
    row = 1
    for ind in summary.indicators:
        for yv in ind.series:
            missing = yv.value is None or not math.isfinite(yv.value)
            b.put_row(row, 0, [ind.id, ind.label_da, ind.section], "text")
            b.put(row, 3, yv.year, "year")
            b.put(row, 4, None if missing else yv.value, num_style(ind.decimals))
            b.put(row, 5, NA if missing else None, "text")
            b.put(row, 6, ind.unit, "text")
            b.put(row, 7, yv.networks, num_style(0))
            b.put(row, 8, SOURCE_DA.get(yv.source, yv.source), "text")
            row += 1
    b.freeze = (1, 1)
    b.autofilter = (0, 0, max(row - 1, 1), len(INDICATOR_COLUMNS) - 1)
    b.page = PageSetup(repeat_rows=(0, 0))
    return b.build()


DATA_KEYS = ("network", "network_name", "file", "included")
DATA_HEADINGS = ("Netværk (kort navn)", "Netværkets navn", "Fil", "Med i opgørelsen")


def _data_responses(summary: Summary, validation: ValidationResult) -> list[tuple[Response, bool]]:
    included = {r.file for r in summary.responses}
    rows = [(r, True) for r in summary.responses]
    for f in validation.files:
        if f.response is not None and f.file not in included:
            rows.append((f.response, False))
    return sorted(rows, key=lambda t: (t[0].network, t[0].file))


def data_sheet(summary: Summary, validation: ValidationResult) -> SheetSpec:
    """The answers as read: one row per questionnaire read, one column per field."""
    rows = _data_responses(summary, validation)
    known = [f.id for f in FIELDS]
    # Answers to fields the catalogue no longer knows are kept, not dropped.
    extra = sorted({k for r, _ in rows for k in r.values} - set(known))
    questions = {f.id: _question(f.question, f.unit) for f in FIELDS}
    b = SheetBuilder(DATA, "Besvarelserne som indlæst: én række pr. netværk")
    b.width(0, 0, 18)
    b.width(1, 1, 40)
    b.width(2, 2, 30)
    b.width(3, 3, 11)
    b.width(4, 3 + len(known) + len(extra), 18)
    b.put_row(0, 0, [*DATA_KEYS, *known, *extra], "head_left")
    b.put_row(1, 0, [*DATA_HEADINGS, *(questions[k] for k in known), *extra], "head_left")
    for row, (resp, inc) in enumerate(rows, start=2):
        b.put_row(row, 0, [resp.network, resp.network_name, resp.file], "text")
        b.put(row, 3, "Ja" if inc else "Nej", "text")
        for col, key in enumerate([*known, *extra], start=4):
            value, style = _answer_cell(resp.values.get(key))
            b.put(row, col, value, style)
    b.freeze = (2, 2)
    b.autofilter = (1, 0, max(len(rows) + 1, 2), 3 + len(known) + len(extra))
    b.page = PageSetup(fit_width=None, repeat_rows=(0, 1), repeat_cols=(0, 0))
    return b.build()


def _question(question: str, unit: str) -> str:
    return question if unit in ("", "antal", "Ja/Nej") else f"{question} [{unit}]"


def _answer_cell(value: Value) -> tuple[CellValue, str]:
    if value is None:
        return None, "blank"
    if isinstance(value, bool):
        return ("Ja" if value else "Nej"), "text"
    if isinstance(value, int):
        return value, num_style(0)
    if isinstance(value, float):
        return (value, "general") if math.isfinite(value) else (str(value), "text")
    return value, "text"


SOURCE_COLUMNS = (
    "Fil",
    "SHA-256",
    "Skabelonversion",
    "Netværk",
    "Status",
    "Fejl",
    "Advarsler",
    "Med i opgørelsen",
)


def sources_sheet(summary: Summary, validation: ValidationResult) -> SheetSpec:
    """Each input file with its checksum, template version, network and status."""
    included = {r.file for r in summary.responses}
    b = SheetBuilder(SOURCES, "Indlæste filer med kontrolsum og status")
    for col, width in enumerate((40, 66, 15, 20, 14, 8, 11, 16)):
        b.width(col, col, width)
    b.put_row(0, 0, list(SOURCE_COLUMNS), "head_left")
    row = 1
    for f in sorted(validation.files, key=lambda f: f.file):
        b.put(row, 0, f.file, "text_wrap")
        b.put(row, 1, f.sha256 or "", "mono")
        b.put(row, 2, f.template_version or "", "text")
        b.put(row, 3, f.network or "", "text")
        b.put(row, 4, STATUS_DA.get(f.status, str(f.status)), "text")
        b.put(row, 5, sum(1 for x in f.findings if x.severity == Severity.ERROR), num_style(0))
        b.put(row, 6, sum(1 for x in f.findings if x.severity == Severity.WARNING), num_style(0))
        b.put(row, 7, "Ja" if f.file in included else "Nej", "text")
        row += 1
    b.freeze = (1, 1)
    b.autofilter = (0, 0, max(row - 1, 1), len(SOURCE_COLUMNS) - 1)
    b.page = PageSetup(repeat_rows=(0, 0))
    return b.build()
