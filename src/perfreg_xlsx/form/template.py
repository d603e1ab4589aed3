"""Write the questionnaire workbook a network fills in, exactly at the field map's cells.

Everything on the form is derived from the catalogue: one row per field, data validation by
answer type (`answercells`), and live checks (a red message in the help column) from the
cross-field rules (`checks`); the instructions sheet is `instructions`, the look `styles`. This
module puts them together, sheet by sheet. The workbook is written atomically and
deterministically: same inputs, same bytes (`save_workbook`, also used for filled-in copies).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import IntProperty, StringProperty
from openpyxl.styles import Alignment, Protection
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from perfreg_xlsx.errors import OutputError, RegisterError
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.form.answercells import number_format, validation
from perfreg_xlsx.form.checks import check_style, live_checks, nested_if
from perfreg_xlsx.form.instructions import title, write_guide
from perfreg_xlsx.form.pagebreaks import apply_breaks, page_breaks
from perfreg_xlsx.form.previous import LAST_COL, explainable, movement_checks, write_columns
from perfreg_xlsx.form.secretariat import Secretariat, default_secretariat
from perfreg_xlsx.form.styles import (
    BOX,
    FOOTER_PT,
    HEAD_FILL,
    LINE_PT,
    SECTION_FILL,
    WRAP_TOP,
    YELLOW,
    font,
    lines,
    print_setup,
    text,
)
from perfreg_xlsx.survey.registry import Network, Register
from perfreg_xlsx.survey.types import PROGRAMME_NAMES, Kind, Programme
from perfreg_xlsx.util.a1 import col_letter
from perfreg_xlsx.util.atomic import atomic_write

# Column widths of the form sheet, in characters.
_WIDTHS = {
    fm.COL_ID: 24,
    fm.COL_NUMBER: 7,
    fm.COL_QUESTION: 55,
    fm.COL_UNIT: 10,
    fm.COL_ANSWER: 22,
    fm.COL_CHECK: 44,
}
_LAST_COL = col_letter(max(_WIDTHS))


def template_filename(programme: Programme, year: int) -> str:
    """The file name of the blank questionnaire, e.g. ``questionnaire_2012.xlsx``."""
    if programme is Programme.NETWORK:
        return f"questionnaire_{year}.xlsx"
    return f"questionnaire_{programme.value}_{year}.xlsx"


def form_filename(network: Network, year: int) -> str:
    """The file name of a network's pre-filled copy, e.g. ``ve-net_2012.xlsx``."""
    return f"{network.short_name}_{year}.xlsx"


def write_template(
    path: Path,
    year: int,
    programme: Programme = Programme.NETWORK,
    network: Network | None = None,
    *,
    register: Register,
    secretariat: Secretariat | None = None,
    previous: Mapping[str, object] | None = None,
) -> None:
    """Write the questionnaire of `programme` for survey `year` to `path`.

    With `network`, its name is pre-filled in the network answer cell. The list of networks
    offered in that cell is the register's networks of `programme`. The instructions name
    `secretariat` (default: `templates/secretariat.csv` when it exists). With `previous` (field
    id -> last year's answer, maybe none), the form has the "Sidste år" and "Forklaring"
    columns and the movement checks (`form.previous`).
    """
    names = sorted(n.name for n in register.of(programme))
    if not names:
        raise RegisterError(f"the register lists no networks of programme {programme.value}")
    if network is not None and network.programme is not programme:
        raise RegisterError(
            f"{network.name} belongs to programme {network.programme.value}, not {programme.value}"
        )
    wb = Workbook()
    guide = wb.active
    guide.title = fm.SHEET_GUIDE
    write_guide(guide, year, programme, secretariat or default_secretariat())
    form = wb.create_sheet(fm.SHEET_FORM)
    lists = wb.create_sheet(fm.SHEET_LISTS)
    list_range = _write_lists(lists, names)
    _write_form(form, year, programme, (list_range, names), network, previous)
    wb.active = 0
    # Renaming, moving or deleting sheets would break the reader; no password, so the
    # secretariat can still lift it.
    wb.security = WorkbookProtection(lockStructure=True)
    _set_properties(wb, year, programme)
    save_workbook(wb, path, datetime(year, 1, 1))


def write_forms(
    out_dir: Path,
    year: int,
    register: Register,
    programme: Programme = Programme.NETWORK,
    secretariat: Secretariat | None = None,
    previous: Mapping[str, Mapping[str, object]] | None = None,
) -> list[Path]:
    """Write one pre-filled questionnaire per network of `programme` into `out_dir`.

    `previous` maps a network's short name to its answers of last year; a network it lacks
    (new this year) gets an empty "Sidste år" column.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {out_dir}: {exc.strerror}") from None
    secretariat = secretariat or default_secretariat()
    written: list[Path] = []
    for network in sorted(register.of(programme), key=lambda n: n.short_name):
        dest = out_dir / form_filename(network, year)
        answers = None if previous is None else previous.get(network.short_name, {})
        write_template(
            dest,
            year,
            programme,
            network,
            register=register,
            secretariat=secretariat,
            previous=answers,
        )
        written.append(dest)
    return written


def save_workbook(wb: Workbook, path: Path, when: datetime) -> None:
    """Save `wb` atomically with `when` as document and zip-entry date, for stable bytes."""
    wb.properties.created = when
    wb.properties.modified = when
    buffer = io.BytesIO()
    # openpyxl's own save stamps the current time into the properties and the zip entries.
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # as Excel writes it, and the same bytes on every OS
            info.external_attr = 0
            dst.writestr(info, src.read(item.filename))
    _write_bytes(path, out.getvalue())


def _write_bytes(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder {path.parent}: {exc.strerror}") from None

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    atomic_write(path, write)


# --- Sheets ----------------------------------------------------------------------------------


def _write_lists(ws: Worksheet, names: list[str]) -> str:
    """Write the network names; return the absolute range the network list validates against."""
    ws["A1"] = "Netværk"
    ws["A1"].font = font(bold=True)
    for i, name in enumerate(names, start=2):
        text(ws.cell(i, 1), name)
    ws.column_dimensions["A"].width = 80
    ws.protection.sheet = True
    ws.sheet_state = "hidden"
    return f"{fm.SHEET_LISTS}!$A$2:$A${len(names) + 1}"


def _write_form(
    ws: Worksheet,
    year: int,
    programme: Programme,
    network_list: tuple[str, list[str]],
    network: Network | None,
    previous: Mapping[str, object] | None = None,
) -> None:
    list_range, names = network_list
    lay = fm.layout(programme)
    for col, width in _WIDTHS.items():
        ws.column_dimensions[col_letter(col)].width = width
    ws.column_dimensions[col_letter(fm.COL_ID)].hidden = True

    ws.cell(fm.ROW_TITLE, fm.COL_NUMBER, title(year, programme)).font = font(
        bold=True, size=16, color="1F4E79"
    )
    ws.row_dimensions[fm.ROW_TITLE].height = 24
    meta: list[tuple[fm.CellRef, str, object]] = [
        (lay.year_cell, "Undersøgelsesår", year),
        (lay.version_cell, "Skemaversion", fm.template_version()),
        (lay.form_cell, "Skematype", PROGRAMME_NAMES[programme].form_da),
    ]
    for ref, label, value in meta:
        ws.cell(ref.row, fm.COL_QUESTION, label).font = font(bold=True)
        cell = ws.cell(ref.row, ref.col)
        if isinstance(value, str):
            text(cell, value)
        else:
            cell.value = value
            cell.number_format = "0"
        cell.font = font(bold=True)
        cell.alignment = Alignment(horizontal="left")
    note = ws.cell(
        fm.HEADER_ROW - 1, fm.COL_QUESTION, "Udfyld de gule felter. Se arket Vejledning."
    )
    note.font = font(italic=True, color="7F7F7F")

    headers = ("Felt-id", "Nr.", "Spørgsmål", "Enhed", "Svar", "Kontrol og vejledning")
    for col, header in enumerate(headers, start=1):
        cell = ws.cell(fm.HEADER_ROW, col, header)
        cell.font = font(bold=True, color="FFFFFF")
        cell.fill = HEAD_FILL
        cell.border = BOX
        cell.alignment = Alignment(vertical="center")
    ws.row_dimensions[fm.HEADER_ROW].height = 20

    for heading in lay.headings:
        for col in range(fm.COL_NUMBER, fm.COL_CHECK + 1):
            ws.cell(heading.row, col).fill = SECTION_FILL
        text(ws.cell(heading.row, fm.COL_NUMBER), heading.section_id)
        ws.cell(heading.row, fm.COL_QUESTION, heading.title_da)
        for col in (fm.COL_NUMBER, fm.COL_QUESTION):
            ws.cell(heading.row, col).font = font(bold=True, color="1F4E79")
        ws.row_dimensions[heading.row].height = 18

    checks = live_checks(programme)
    if previous is not None:
        checks = [explainable(c) for c in (*checks, *movement_checks(programme))]
        write_columns(ws, programme, previous)
    validations: dict[tuple[Any, ...], DataValidation] = {}
    for m in lay.fields:
        f, row = m.field, m.cell.row
        text(ws.cell(row, fm.COL_ID), f.id)
        text(ws.cell(row, fm.COL_NUMBER), m.number)
        ws.cell(row, fm.COL_NUMBER).alignment = WRAP_TOP
        question = ws.cell(row, fm.COL_QUESTION, f.question)
        indent = 2 if f.question.startswith("–") else 0
        question.alignment = Alignment(
            horizontal="left", wrap_text=True, vertical="top", indent=indent
        )
        ws.cell(row, fm.COL_UNIT, f.unit).alignment = WRAP_TOP
        answer = ws.cell(row, fm.COL_ANSWER)
        answer.fill = YELLOW
        answer.border = BOX
        answer.protection = Protection(locked=False)
        answer.number_format = number_format(f)
        wraps = f.kind in (Kind.TEXT, Kind.NETWORK, Kind.EMAIL)
        answer.alignment = Alignment(wrap_text=wraps, vertical="top")
        if f.kind is Kind.NETWORK and network is not None:
            text(answer, network.name)
        validation(ws, validations, f, list_range).add(m.cell.a1)
        row_checks = [c for c in checks if c.row == row]
        help_cell = ws.cell(row, fm.COL_CHECK)
        help_cell.alignment = WRAP_TOP
        help_cell.font = font(color="404040", size=10)
        if row_checks:
            help_cell.value = "=" + nested_if(row_checks, f.help)
        elif f.help:
            text(help_cell, f.help)
        # Neither Excel nor LibreOffice fits row heights to wrapped text when opening a file.
        heights = [lines(f.question, _WIDTHS[fm.COL_QUESTION]), lines(f.unit, _WIDTHS[fm.COL_UNIT])]
        # Help is 10 pt, so a line holds more characters.
        heights += [
            lines(t, _WIDTHS[fm.COL_CHECK] * 1.25) for t in (f.help, *(c.text for c in row_checks))
        ]
        if f.kind is Kind.NETWORK:  # room for any name the list offers
            heights += [lines(name, _WIDTHS[fm.COL_ANSWER]) for name in names]
        ws.row_dimensions[row].height = LINE_PT * max(heights) + 2

    for check in checks:
        prefix_font, fill = check_style(check.severity)
        ws.conditional_formatting.add(
            f"{col_letter(fm.COL_CHECK)}{check.row}",
            FormulaRule(
                formula=[check.condition],
                font=prefix_font,
                fill=fill if check.fill else None,
                stopIfTrue=False,
            ),
        )
        for a1 in check.cells:
            ws.conditional_formatting.add(
                a1, FormulaRule(formula=[check.condition], fill=fill, stopIfTrue=False)
            )

    row_heights = {r: d.height for r, d in ws.row_dimensions.items() if d.height}
    breaks = page_breaks(
        row_heights,
        range(1, lay.last_row + 1),
        {h.row for h in lay.headings},
        row_heights.get(fm.HEADER_ROW, LINE_PT),
    )
    apply_breaks(ws, breaks)

    ws.freeze_panes = ws.cell(fm.FIRST_ROW, 1)
    ws.protection.sheet = True
    # Let respondents widen columns and rows to read long answers; nothing else.
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.print_title_rows = f"{fm.HEADER_ROW}:{fm.HEADER_ROW}"
    last_col = _LAST_COL if previous is None else LAST_COL
    print_setup(ws, f"A1:{last_col}{lay.last_row}", landscape=True)
    ws.oddFooter.left.text = title(year, programme)
    ws.oddFooter.left.size = FOOTER_PT
    ws.sheet_view.zoomScale = 100


def _set_properties(wb: Workbook, year: int, programme: Programme) -> None:
    wb.properties.title = title(year, programme)
    wb.properties.subject = f"Skemaversion {fm.template_version()}"
    wb.properties.creator = "perfreg-xlsx"
    wb.properties.lastModifiedBy = "perfreg-xlsx"
    wb.custom_doc_props.append(
        StringProperty(name="perfreg_template_version", value=fm.template_version())
    )
    wb.custom_doc_props.append(IntProperty(name="perfreg_survey_year", value=year))
    wb.custom_doc_props.append(StringProperty(name="perfreg_programme", value=programme.value))
