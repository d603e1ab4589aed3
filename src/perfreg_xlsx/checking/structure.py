"""Is this the expected form? Its title block, its rows and its answer cells, before any answer.

The title block (`read_meta`) gives the survey year, template version and form type; `check_meta`
reports the ones that are not expected. `rows_in_place` compares the field id in column A of every
row with the field map, so a moved, inserted or deleted row is `moved-row` rather than answers
read from the wrong question; `check_merged` reports answer cells merged with others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from perfreg_xlsx.checking.context import FileFindings, SheetLike, WorkbookLike, cell_value
from perfreg_xlsx.checking.parse import RawValue, clean_text
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.survey.types import PROGRAMME_NAMES, Programme


@dataclass(frozen=True)
class Meta:
    """The title block of a form: survey year, template version, form type."""

    year: int | None
    year_found: RawValue
    version: str | None
    programme: Programme | None
    form_found: RawValue


def read_meta(raw: WorkbookLike) -> Meta | None:
    """The title block of the form, or None when there is no sheet "Skema"."""
    sheet = raw.sheets.get(fm.SHEET_FORM)
    if sheet is None:
        return None
    lay = fm.layout()
    year_raw = cell_value(sheet, lay.year_cell.a1)
    version_raw = cell_value(sheet, lay.version_cell.a1)
    form_raw = cell_value(sheet, lay.form_cell.a1)
    form_text = clean_text(str(form_raw)).casefold() if form_raw is not None else ""
    programme = next(
        (p for p, n in PROGRAMME_NAMES.items() if n.form_da.casefold() == form_text), None
    )
    version = None if version_raw is None else clean_text(str(version_raw))
    return Meta(_year(year_raw), year_raw, version, programme, form_raw)


def _year(raw: RawValue) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str) and clean_text(raw).isdigit():
        raw = int(clean_text(raw))
    return raw if isinstance(raw, int) and 1900 < raw < 3000 else None


def check_meta(meta: Meta, year: int | None, out: FileFindings) -> None:
    """Report a template version, form type or survey year (`year`; None: any) not expected."""
    lay = fm.layout()
    form = fm.SHEET_FORM
    if meta.version != fm.template_version():
        out.add(
            "wrong-version",
            sheet=form,
            cell=lay.version_cell.a1,
            value=meta.version,
            expected=fm.template_version(),
        )
    if meta.programme is None:
        names = " / ".join(n.form_da for n in PROGRAMME_NAMES.values())
        out.add(
            "unknown-form-type",
            sheet=form,
            cell=lay.form_cell.a1,
            value=meta.form_found,
            expected=names,
        )
    if meta.year is None or (year is not None and meta.year != year):
        out.add(
            "wrong-year",
            sheet=form,
            cell=lay.year_cell.a1,
            value=str(meta.year) if meta.year is not None else meta.year_found,
            expected=str(year) if year is not None else "a survey year such as 2012",
        )


def rows_in_place(sheet: SheetLike, lay: fm.FormLayout, out: FileFindings) -> bool:
    """Whether every row holds the field the map expects; else one `moved-row` for them all."""
    moved: list[tuple[fm.MappedField, RawValue]] = []
    for m in lay.fields:
        found = cell_value(sheet, m.id_cell.a1)
        fid = m.field.id
        if not (found == fid or (isinstance(found, str) and clean_text(found) == fid)):
            moved.append((m, found))
    if moved:
        m, found = moved[0]
        out.add(
            "moved-row",
            sheet=m.id_cell.sheet,
            cell=m.id_cell.a1,
            field=m.field,
            number=m.number,
            value=found,
            expected=f"{m.number} ({m.field.id})",
            count=len(moved),
        )
    return not moved


_A1 = re.compile(r"^\$?([A-Z]+)\$?(\d+)$")


def _cell_rc(a1: str) -> tuple[int, int]:
    match = _A1.match(a1.strip().upper())
    if match is None:
        return (0, 0)
    col = 0
    for ch in match.group(1):
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)), col


def check_merged(sheet: SheetLike, lay: fm.FormLayout, out: FileFindings) -> None:
    """Report every answer cell inside a merged range (`merged-cell`)."""
    for rng in sheet.merged:
        first, _, last = rng.partition(":")
        (r1, c1), (r2, c2) = _cell_rc(first), _cell_rc(last or first)
        for m in lay.fields:
            if r1 <= m.cell.row <= r2 and c1 <= m.cell.col <= c2:
                out.at("merged-cell", m, value=rng)
