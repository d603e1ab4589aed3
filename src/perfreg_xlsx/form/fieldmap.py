"""Where every field lives in the questionnaire: the field map.

The map is computed from the catalogue in force alone (`survey.catalogue.current()`; no I/O, no
openpyxl), so the template writer, the reader and `perfreg-xlsx fields` agree by construction.
Each form carries `template_version()`, a short hash of what the respondent sees, so a return
made from another definition is refused instead of read against the wrong questions.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache, cached_property

from perfreg_xlsx.survey.catalogue import Catalogue, current
from perfreg_xlsx.survey.types import UNIT_YES_NO, Field, Kind, Programme
from perfreg_xlsx.util.a1 import col_letter

VERSION_LENGTH = 8  # hex digits of the hash: short enough to read out on the phone

SHEET_FORM = "Skema"
SHEET_GUIDE = "Vejledning"
SHEET_LISTS = "Lister"

# Columns of the form sheet (1-based, as in openpyxl).
COL_ID = 1  # field id, hidden from the respondent, checked by the reader
COL_NUMBER = 2  # question number, e.g. "1.2.3"
COL_QUESTION = 3
COL_UNIT = 4
COL_ANSWER = 5
COL_CHECK = 6  # help text and live checks
# Per-network forms only (`form.previous`): last year's answer and the network's explanation.
COL_PREVIOUS = 7
COL_EXPLAIN = 8

FIRST_ROW = 7  # first row after the title block and the column headers
HEADER_ROW = 6

# Title block: (row, label) of the cells holding facts about the form itself.
ROW_TITLE = 1
ROW_YEAR = 2
ROW_VERSION = 3
ROW_FORM = 4


@dataclass(frozen=True)
class CellRef:
    sheet: str
    row: int
    col: int

    @cached_property  # asked for every cell of every questionnaire read
    def a1(self) -> str:
        return f"{col_letter(self.col)}{self.row}"

    def __str__(self) -> str:
        return f"{self.sheet}!{self.a1}"


@dataclass(frozen=True)
class MappedField:
    field: Field
    number: str  # "1.2.3": section and position, shown beside the question
    cell: CellRef  # the answer cell
    id_cell: CellRef  # holds field.id; the reader checks it to detect moved rows


@dataclass(frozen=True)
class SectionRow:
    """A heading row in the form."""

    section_id: str
    title_da: str
    row: int


@dataclass(frozen=True)
class FormLayout:
    programme: Programme
    fields: tuple[MappedField, ...]
    headings: tuple[SectionRow, ...]
    year_cell: CellRef
    version_cell: CellRef
    form_cell: CellRef

    @property
    def last_row(self) -> int:
        return max(m.cell.row for m in self.fields)

    def by_id(self) -> dict[str, MappedField]:
        return {m.field.id: m for m in self.fields}


def layout(programme: Programme = Programme.NETWORK) -> FormLayout:
    """The field map of the questionnaire for `programme` under the definition in force.

    >>> str(layout().by_id()["network"].cell)
    'Skema!E8'
    """
    return _layout(current(), programme)


@cache  # per catalogue (hashed by identity): every file of a run asks
def _layout(cat: Catalogue, programme: Programme) -> FormLayout:
    asked = cat.fields_for(programme)
    row = FIRST_ROW
    mapped: list[MappedField] = []
    headings: list[SectionRow] = []
    for section in cat.sections:
        in_section = [f for f in asked if f.section == section.id]
        if not in_section:
            continue
        headings.append(SectionRow(section.id, section.title_da, row))
        row += 1
        for pos, f in enumerate(in_section, start=1):
            number = f"{section.id}.{pos}" if section.id != "0" else f"0.{pos}"
            mapped.append(
                MappedField(
                    f,
                    number,
                    CellRef(SHEET_FORM, row, COL_ANSWER),
                    CellRef(SHEET_FORM, row, COL_ID),
                )
            )
            row += 1
        row += 1  # a blank row between sections
    return FormLayout(
        programme,
        tuple(mapped),
        tuple(headings),
        CellRef(SHEET_FORM, ROW_YEAR, COL_ANSWER),
        CellRef(SHEET_FORM, ROW_VERSION, COL_ANSWER),
        CellRef(SHEET_FORM, ROW_FORM, COL_ANSWER),
    )


def template_version() -> str:
    """The version of the form under the definition in force: a short hash of what the
    respondent sees, so any change to a question, its help, type, unit, bounds or the form's
    sections gives forms of another version.

    >>> len(template_version())
    8
    """
    return _version(current())


@cache
def _version(cat: Catalogue) -> str:
    seen = {
        "sections": [[s.id, s.title_da] for s in cat.sections],
        "fields": [_seen(f) for f in cat.fields],
    }
    text = json.dumps(seen, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:VERSION_LENGTH]


def _seen(f: Field) -> dict[str, object]:
    """What the respondent sees of `f`, in a form that does not depend on how the definition
    was written (a bound 0 read from a workbook as 0.0 is the same bound)."""
    seen: dict[str, object] = {
        "id": f.id,
        "section": f.section,
        "question": f.question,
        "help": f.help,
        "kind": f.kind.value,
        "unit": f.unit,
        "min": None if f.min is None else repr(float(f.min)),
        "max": None if f.max is None else repr(float(f.max)),
        "required": f.required,
        "programmes": sorted(p.value for p in f.programmes),
    }
    # A definition may give a field a list of choices (issue 15); the built-in has none.
    choices = getattr(f, "choices", None)
    if choices:
        seen["choices"] = [str(c) for c in choices]
    return seen


def kind_da(kind: Kind) -> str:
    """The Danish name of an answer type, for help texts and messages."""
    return {
        Kind.INT: "helt tal",
        Kind.DEC: "tal",
        Kind.YESNO: UNIT_YES_NO,
        Kind.TEXT: "tekst",
        Kind.EMAIL: "e-mailadresse",
        Kind.NETWORK: "netværk fra listen",
    }[kind]
