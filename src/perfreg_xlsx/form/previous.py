"""Last year's answers and the explanation cells of a per-network form.

A per-network form gets two columns beside the questions: "Sidste år", the network's answer
of the previous survey year (locked, grey: read-only), and "Forklaring", where the network
may accept a warning by giving a reason (`checking.explained` reads it). The movement check
is the live twin of validation's `implausible-change` (`checking.folderchecks.changes`): a
field with a `yoy_factor` F warns while both answers are above 0 and this year's is above
F times last year's or below last year's divided by F. A warning check of a row is quiet
while that row's explanation cell holds text, as validation then reports it as explained.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from openpyxl.styles import Alignment, PatternFill, Protection
from openpyxl.worksheet.worksheet import Worksheet

from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.form.answercells import number_format
from perfreg_xlsx.form.checks import LiveCheck
from perfreg_xlsx.form.styles import BOX, HEAD_FILL, font, text
from perfreg_xlsx.survey.rules import excel_number
from perfreg_xlsx.survey.types import NO, YES, Programme, Severity
from perfreg_xlsx.util.a1 import col_letter

PREVIOUS_HEADER = "Sidste år"
EXPLAIN_HEADER = "Forklaring"
WIDTHS = {fm.COL_PREVIOUS: 14, fm.COL_EXPLAIN: 30}
READ_ONLY = PatternFill("solid", fgColor="E7E6E6")  # grey: nothing to fill in
LAST_COL = col_letter(fm.COL_EXPLAIN)


def _ref(col: int, row: int) -> str:
    return f"${col_letter(col)}${row}"


def movement_checks(programme: Programme) -> list[LiveCheck]:
    """The live `implausible-change` check of every field with a `yoy_factor`."""
    out: list[LiveCheck] = []
    for m in fm.layout(programme).fields:
        factor = m.field.yoy_factor
        if factor is None:
            continue
        row = m.cell.row
        now, before = _ref(fm.COL_ANSWER, row), _ref(fm.COL_PREVIOUS, row)
        f = excel_number(factor)
        condition = (
            f"AND(ISNUMBER({now}),ISNUMBER({before}),{now}>0,{before}>0,"
            f"OR({now}>{before}*{f},{now}<{before}/{f}))"
        )
        message = (
            f"Bemærk: Svaret er ændret mere end en faktor {f.replace('.', ',')} fra sidste år. "
            "Kontrollér tallet og enheden, eller forklar ændringen i feltet Forklaring."
        )
        out.append(
            LiveCheck(
                row=row,
                condition=condition,
                severity=Severity.WARNING,
                cells=(m.cell.a1,),
                expr='"' + message.replace('"', '""') + '"',
                text=message,
            )
        )
    return out


def explainable(check: LiveCheck) -> LiveCheck:
    """`check`, quiet while its row's explanation cell holds text when it is a warning."""
    if check.severity is not Severity.WARNING:
        return check  # an error cannot be explained away
    blank = f"LEN(TRIM({_ref(fm.COL_EXPLAIN, check.row)}))=0"
    return dataclasses.replace(check, condition=f"AND({check.condition},{blank})")


def write_columns(ws: Worksheet, programme: Programme, answers: Mapping[str, object]) -> None:
    """Write the "Sidste år" and "Forklaring" columns of the form sheet `ws`."""
    for col, width in WIDTHS.items():
        ws.column_dimensions[col_letter(col)].width = width
    for col, header in ((fm.COL_PREVIOUS, PREVIOUS_HEADER), (fm.COL_EXPLAIN, EXPLAIN_HEADER)):
        cell = ws.cell(fm.HEADER_ROW, col, header)
        cell.font = font(bold=True, color="FFFFFF")
        cell.fill = HEAD_FILL
        cell.border = BOX
        cell.alignment = Alignment(vertical="center")
    for m in fm.layout(programme).fields:
        row = m.cell.row
        before = ws.cell(row, fm.COL_PREVIOUS)
        value = answers.get(m.field.id)
        if isinstance(value, bool):
            text(before, YES if value else NO)
        elif isinstance(value, str):
            text(before, value)  # text from last year's file is never a formula
        elif value is not None:
            before.value = value
            before.number_format = number_format(m.field)
        before.fill = READ_ONLY
        before.border = BOX
        before.protection = Protection(locked=True)
        before.alignment = Alignment(wrap_text=True, vertical="top")
        before.font = font(color="595959")
        why = ws.cell(row, fm.COL_EXPLAIN)
        why.border = BOX
        why.protection = Protection(locked=False)
        why.number_format = "@"
        why.alignment = Alignment(wrap_text=True, vertical="top")
