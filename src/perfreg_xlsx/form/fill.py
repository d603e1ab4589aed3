"""Fill answers into a copy of the questionnaire, at the field map's cells.

Used by the tests, the sample-input generator and the benchmarks to produce returned forms
the way a network would: by typing into the answer cells of the real template.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

from perfreg_xlsx.errors import OutputError
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.form.template import save_workbook
from perfreg_xlsx.survey.types import NO, YES, Kind, Programme

# Keeps filled forms byte-stable when a template carries no creation date.
_FALLBACK_DATE = datetime(1980, 1, 1)


def fill_form(
    template: Path,
    dest: Path,
    values: Mapping[str, object],
    programme: Programme = Programme.NETWORK,
) -> None:
    """Write `values` (field id -> answer) into a copy of `template` saved as `dest`.

    Numbers are written as numbers and strings always as text (never as formulas), so a
    test can also write deliberately wrong answers such as ``"12 stk."`` in a number cell.
    Yes/no answers are ``"Ja"``/``"Nej"``; ``True``/``False`` are accepted for them too.
    ``None`` leaves the cell blank. An unknown field id is an error, not silently dropped.
    """
    cells = fm.layout(programme).by_id()
    unknown = sorted(set(values) - set(cells))
    if unknown:
        raise KeyError(f"not fields of the {programme.value} form: {', '.join(unknown)}")
    try:
        wb = load_workbook(template)
    except (OSError, ValueError, KeyError) as exc:
        raise OutputError(f"cannot read the template {template}: {exc}") from None
    ws = wb[fm.SHEET_FORM]
    for fid, value in values.items():
        mapped = cells[fid]
        cell = ws[mapped.cell.a1]
        if isinstance(value, bool):
            if mapped.field.kind is not Kind.YESNO:
                raise TypeError(f"{fid}: True/False only answers a Ja/Nej question")
            value = YES if value else NO
        if value is None:
            cell.value = None
        elif isinstance(value, str):
            cell.value = value
            cell.data_type = "s"
        elif isinstance(value, int | float):
            cell.value = value
        else:
            raise TypeError(f"{fid}: cannot write a {type(value).__name__} into a form")
    created = wb.properties.created
    save_workbook(wb, dest, created if isinstance(created, datetime) else _FALLBACK_DATE)
