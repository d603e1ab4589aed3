"""The long and raw sheets of the report as plain data: Indikatorer, Data and Kilder.

"Indikatorer" is what tools and tests read: one row per indicator and year, the value blank
and the status "NA" where there is no figure.
"""

from __future__ import annotations

import math
from dataclasses import replace

from perfreg_xlsx.models import FileStatus, Response, Summary, ValidationResult, Value
from perfreg_xlsx.survey.catalogue import current
from perfreg_xlsx.survey.types import Severity
from perfreg_xlsx.util.excel import CELL_TEXT_MAX, fit_text
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
            b.put(row, 5, NA_STATUS if missing else None, "text")
            b.put(row, 6, ind.unit, "text")
            b.put(row, 7, yv.networks, num_style(0))
            b.put(row, 8, SOURCE_DA.get(yv.source, yv.source), "text")
            row += 1
    b.freeze = (1, 1)
    if row > 1:
        b.table("Indikatorer", 0, 0, row - 1, len(INDICATOR_COLUMNS) - 1, autofilter=True)
    else:
        b.autofilter = (0, 0, 1, len(INDICATOR_COLUMNS) - 1)
    b.page = PageSetup(repeat_rows=(0, 0))
    return b.build()


_FITS = CELL_TEXT_MAX // 2  # texts this short are kept whole by `fit_text`
DATA_KEYS = ("network", "network_name", "file", "included")
DATA_HEADINGS = ("Netværk (kort navn)", "Netværkets navn", "Fil", "Med i opgørelsen")


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

    The answers that are personal data (`Field.personal`: the contact's name and e-mail) are
    left out unless `include_personal`: the report is shared, and the title says they are out.
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
    b.width(0, 0, 18)
    b.width(1, 1, 40)
    b.width(2, 2, 30)
    b.width(3, 3, 11)
    b.width(4, 3 + len(known) + len(extra), 18)
    b.put_row(0, 0, [*DATA_KEYS, *known, *extra], "head_left")
    b.put_row(1, 0, [*DATA_HEADINGS, *(questions[k] for k in known), *extra], "head_left")
    keys = [*known, *extra]

    # One row per questionnaire: ten thousand of them are a million cells, so the rows are
    # made when the writer streams them, not held as cells.
    def body_row(i: int) -> BodyRow:
        resp, inc = rows[i]
        cells: list[tuple[int, CellValue, str | None]] = [
            (0, fit_text(resp.network), "text"),
            (1, fit_text(resp.network_name), "text"),
            (2, fit_text(resp.file), "text"),
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

    b.freeze = (2, 2)
    b.autofilter = (1, 0, max(len(rows) + 1, 2), 3 + len(known) + len(extra))
    b.page = PageSetup(fit_width=None, repeat_rows=(0, 1), repeat_cols=(0, 0))
    head = b.build()
    styles = frozenset({"text", "blank", "general", num_style(0)})
    return replace(head, cells=RowCells(head.cells, 2, len(rows), body_row, styles))


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
    b.put_row(0, 0, list(SOURCE_COLUMNS), "head_left")
    files = sorted(validation.files, key=lambda f: f.file)

    # One row per file, streamed like the Data sheet's (see `answers_sheet`).
    def body_row(i: int) -> BodyRow:
        f = files[i]
        errors = sum(1 for x in f.findings if x.severity == Severity.ERROR)
        warnings = sum(1 for x in f.findings if x.severity == Severity.WARNING)
        return [
            (0, fit_text(f.file), "text_wrap"),
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
        return wrapped_height(fit_text(files[i].file), widths[0], STYLES["text_wrap"])

    b.freeze = (1, 1)
    if files:
        b.table("Kilder", 0, 0, len(files), len(SOURCE_COLUMNS) - 1, autofilter=True)
    else:
        b.autofilter = (0, 0, 1, len(SOURCE_COLUMNS) - 1)
    b.page = PageSetup(repeat_rows=(0, 0))
    head = b.build()
    styles = frozenset({"text_wrap", "mono", "text", num_style(0)})
    cells = RowCells(head.cells, 1, len(files), body_row, styles, height)
    return replace(head, cells=cells)
