"""The long and raw sheets of the report as plain data: Indikatorer, Data and Kilder.

"Indikatorer" is what tools and tests read: one row per indicator and year, the value blank
and the status "NA" where there is no figure. Each sheet starts as the reader's sheets do: a
title in A1 and a line saying where the table is, then the Excel table (named as the sheet) with
its one header row in row 3 (`HEADER_ROW`): a tool reads the table by its name, or row 3 as
the header (`pandas.read_excel(..., sheet_name="Indikatorer", header=2)`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from perfreg_xlsx.models import FileStatus, Response, Summary, ValidationResult, Value
from perfreg_xlsx.survey.catalogue import current
from perfreg_xlsx.survey.types import Severity
from perfreg_xlsx.util.excel import CELL_TEXT_MAX, fit_text
from perfreg_xlsx.util.safetext import shared_path
from perfreg_xlsx.workbook.spec import (
    BodyRow,
    CellValue,
    PageSetup,
    RowCells,
    SheetBuilder,
    SheetSpec,
    wrapped_height,
)
from perfreg_xlsx.workbook.styles import STYLES, num_style

INDICATORS_SHEET, DATA, SOURCES = "Indikatorer", "Data", "Kilder"
NA = "[x]"  # the statistical offices' shorthand for a figure not collected
NA_STATUS = "NA"  # the status column of "Indikatorer", which tools read
NA_NOTE = "[x]: ikke indsamlet (tallet er ikke opgjort det pågældende år)."

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


HEADER_ROW = 2  # 0-based: row 3, below the title (A1) and the line about the table (A2)
# Excel's limit for a table column's name.
TABLE_HEADER_MAX = 255


def _head(b: SheetBuilder, title: str, about: str) -> None:
    b.put(0, 0, title, "title")
    b.put(1, 0, about, "note")


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
    _head(
        b,
        "Alle indikatorer i lang form: én række pr. indikator og år (til videre beregning)",
        f'Tabellen "{INDICATORS_SHEET}" har overskrifterne i række 3. Hvor der ikke er et tal, '
        f'er Værdi tom og Status "{NA_STATUS}".',
    )
    b.put_row(HEADER_ROW, 0, list(INDICATOR_COLUMNS), "head_left")
    row = HEADER_ROW + 1
    for ind in summary.indicators:
        for yv in ind.series:
            missing = yv.value is None or not math.isfinite(yv.value)
            b.put_row(row, 0, [ind.id, ind.label_da, ind.section], "text")
            b.put(row, 3, yv.year, "year")
            b.put(row, 4, None if missing else yv.value, num_style(ind.decimals))
            b.put(row, 5, NA_STATUS if missing else None, "text")
            b.put(row, 6, ind.unit, "text")
            b.put(row, 7, yv.networks, num_style(0))
            b.put(row, 8, SOURCE_DA.get(yv.source, yv.source), "text")
            row += 1
    b.freeze = (HEADER_ROW + 1, 1)
    last_col = len(INDICATOR_COLUMNS) - 1
    if row > HEADER_ROW + 1:
        b.table(INDICATORS_SHEET, HEADER_ROW, 0, row - 1, last_col, autofilter=True)
    else:
        b.autofilter = (HEADER_ROW, 0, HEADER_ROW + 1, last_col)
    b.page = PageSetup(repeat_rows=(HEADER_ROW, HEADER_ROW))
    return b.build()


_FITS = CELL_TEXT_MAX // 2  # texts this short are kept whole by `fit_text`
DATA_HEADINGS = ("Netværk (kort navn)", "Netværkets navn", "Fil", "Med i opgørelsen")
UNKNOWN_FIELD = "Felt, som skemaet ikke kender"


def _data_responses(summary: Summary, validation: ValidationResult) -> list[tuple[Response, bool]]:
    included = {r.file for r in summary.responses}
    rows = [(r, True) for r in summary.responses]
    for f in validation.files:
        if f.response is not None and f.file not in included:
            rows.append((f.response, False))
    return sorted(rows, key=lambda t: (t[0].network, t[0].file))


def answers_sheet(
    summary: Summary, validation: ValidationResult, *, include_personal: bool = False
) -> SheetSpec:
    """The answers as read: one row per questionnaire read, one column per field.

    The table's one header row names each field by its question, unit and id: "Netværkets
    samlede omsætning [1.000 kr.] (turnover)" (`data_header`), so it is unique and a tool
    finds a field by the id in its last parentheses. The answers that are personal data
    (`Field.personal`: the contact's name and e-mail) are left out unless `include_personal`:
    the report is shared, and the title says they are out.
    """
    rows = _data_responses(summary, validation)
    fields = current().fields
    known = [f.id for f in fields if include_personal or not f.personal]
    # Answers to fields the catalogue no longer knows are kept, not dropped.
    extra = sorted({k for r, _ in rows for k in r.values} - {f.id for f in fields})
    questions = {f.id: _question(f.question, f.unit) for f in fields}
    title = "Besvarelserne som indlæst: én række pr. netværk"
    if not include_personal:
        title += " (kontaktpersoners navne og e-mails er udeladt: personoplysninger)"
    b = SheetBuilder(DATA, title)
    last_col = 3 + len(known) + len(extra)
    b.width(0, 0, 18)
    b.width(1, 1, 40)
    b.width(2, 2, 30)
    b.width(3, 3, 11)
    b.width(4, last_col, 18)
    # Short enough for the first band of columns the sheet prints in (it is not fitted to
    # one page wide): the contents' description above is longer.
    _head(
        b,
        "Besvarelserne som indlæst"
        + ("" if include_personal else ", uden kontaktpersoners navne og e-mails"),
        f'Tabellen "{DATA}" har overskrifterne i række 3: spørgsmål, [enhed] og (id).',
    )
    headings = [*(questions[k] for k in known), *(UNKNOWN_FIELD for _ in extra)]
    header = unique_headers([*DATA_HEADINGS, *data_header(headings, [*known, *extra])])
    b.put_row(HEADER_ROW, 0, header, "head_left")
    keys = [*known, *extra]

    # One row per questionnaire: ten thousand of them are a million cells, so the rows are
    # made when the writer streams them, not held as cells.
    def body_row(i: int) -> BodyRow:
        resp, inc = rows[i]
        cells: list[tuple[int, CellValue, str | None]] = [
            (0, fit_text(resp.network), "text"),
            (1, fit_text(resp.network_name), "text"),
            (2, fit_text(shared_path(resp.file)), "text"),
            (3, "Ja" if inc else "Nej", "text"),
        ]
        values = resp.values
        for col, key in columns:
            value, style = _answer_cell(values.get(key))
            if isinstance(value, str) and len(value) > _FITS:
                value = fit_text(value)
            cells.append((col, value, style))
        return cells

    columns = list(enumerate(keys, start=4))

    b.freeze = (HEADER_ROW + 1, 2)
    if rows:
        b.table(DATA, HEADER_ROW, 0, HEADER_ROW + len(rows), last_col, autofilter=True)
    else:
        b.autofilter = (HEADER_ROW, 0, HEADER_ROW + 1, last_col)
    b.page = PageSetup(fit_width=None, repeat_rows=(HEADER_ROW, HEADER_ROW), repeat_cols=(0, 0))
    head = b.build()
    styles = frozenset({"text", "blank", "general", num_style(0)})
    return replace(head, cells=RowCells(head.cells, HEADER_ROW + 1, len(rows), body_row, styles))


def data_header(headings: Sequence[str], ids: Sequence[str]) -> list[str]:
    """Each field's column header: its heading and its id, "Spørgsmål [enhed] (id)".

    >>> data_header(["Netværkets samlede omsætning [1.000 kr.]"], ["turnover"])
    ['Netværkets samlede omsætning [1.000 kr.] (turnover)']
    """
    return [f"{heading} ({key})" for heading, key in zip(headings, ids, strict=True)]


def unique_headers(texts: Sequence[str]) -> list[str]:
    """`texts` as an Excel table's header: each within Excel's length, none empty, and none
    equal to an earlier one ignoring case (a later one gets " [2]", " [3]" ...).

    Field ids from a questionnaire are input: they may differ only in case, or be empty.

    >>> unique_headers(["a (x)", "A (X)", ""])
    ['a (x)', 'A (X) [2]', '(uden overskrift)']
    """
    seen: set[str] = set()
    out: list[str] = []
    for text in texts:
        base = text.strip()[:TABLE_HEADER_MAX] or "(uden overskrift)"
        candidate, n = base, 1
        while candidate.casefold() in seen:
            n += 1
            suffix = f" [{n}]"
            candidate = base[: TABLE_HEADER_MAX - len(suffix)] + suffix
        seen.add(candidate.casefold())
        out.append(candidate)
    return out


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
    widths = (40, 66, 15, 20, 14, 8, 11, 16)
    for col, width in enumerate(widths):
        b.width(col, col, width)
    _head(
        b,
        "Indlæste filer med kontrolsum (SHA-256), skabelonversion og status",
        f'Tabellen "{SOURCES}" har overskrifterne i række 3: én række pr. fil i inputmapperne.',
    )
    b.put_row(HEADER_ROW, 0, list(SOURCE_COLUMNS), "head_left")
    files = sorted(validation.files, key=lambda f: f.file)
    # Each name as shown, made once: the row and its height both need it.
    names = [fit_text(shared_path(f.file)) for f in files]

    # One row per file, streamed like the Data sheet's (see `answers_sheet`).
    def body_row(i: int) -> BodyRow:
        f = files[i]
        errors = sum(1 for x in f.findings if x.severity == Severity.ERROR)
        warnings = sum(1 for x in f.findings if x.severity == Severity.WARNING)
        return [
            (0, names[i], "text_wrap"),
            (1, fit_text(f.sha256 or ""), "mono"),
            (2, fit_text(f.template_version or ""), "text"),
            (3, fit_text(f.network or ""), "text"),
            (4, STATUS_DA.get(f.status, str(f.status)), "text"),
            (5, errors, num_style(0)),
            (6, warnings, num_style(0)),
            (7, "Ja" if f.file in included else "Nej", "text"),
        ]

    def height(i: int) -> float | None:
        # The file name is the one text that wraps (style "text_wrap"), as SheetBuilder sizes it.
        return wrapped_height(names[i], widths[0], STYLES["text_wrap"])

    b.freeze = (HEADER_ROW + 1, 1)
    last_col = len(SOURCE_COLUMNS) - 1
    if files:
        b.table(SOURCES, HEADER_ROW, 0, HEADER_ROW + len(files), last_col, autofilter=True)
    else:
        b.autofilter = (HEADER_ROW, 0, HEADER_ROW + 1, last_col)
    b.page = PageSetup(repeat_rows=(HEADER_ROW, HEADER_ROW))
    head = b.build()
    styles = frozenset({"text_wrap", "mono", "text", num_style(0)})
    cells = RowCells(head.cells, HEADER_ROW + 1, len(files), body_row, styles, height)
    return replace(head, cells=cells)
