"""Every cell of some sheets of a workbook, with its A1 reference: for files whose cells are
not known in advance (the survey definition), read as safely as a returned questionnaire.

Two steps over the same checks: a scan lists the references of the cells each sheet holds
(worksheet > sheetData > row > c, positions derived as Excel does where `r` is left out), then
`reader.read_workbook` reads exactly those cells, so the zip and XML limits, the typing of
values and every refusal are the reader's own.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from perfreg_xlsx.reading.files import (
    DEFAULT_LIMITS,
    Limits,
    ReadError,
    read_bytes,
    refuse_kind,
    sniff_bytes,
)
from perfreg_xlsx.reading.parts import (
    MAIN_NS,
    read_rels,
    read_workbook_part,
    small_int,
    split_ref,
)
from perfreg_xlsx.reading.reader import RawWorkbook, read_workbook
from perfreg_xlsx.reading.safexml import parse_part
from perfreg_xlsx.reading.safezip import SafeZip
from perfreg_xlsx.util.a1 import col_letter

_DATA = {f"{ns} sheetData" for ns in MAIN_NS}
_ROW = {f"{ns} row" for ns in MAIN_NS}
_CELL = {f"{ns} c" for ns in MAIN_NS}
# More cells than any definition holds (it has a few thousand): a sheet claiming more is
# refused before the reader is asked for them.
MAX_CELLS = 200_000
_FAST_MAX = 8 * 1024 * 1024


# Every cell element (with any prefix), and those whose `r` is a plain reference.
_ANY_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_REF_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\s(?:[^<>]*?\s)?r="([A-Za-z]{1,3}[0-9]{1,7})"')


def _cell_refs(zf: SafeZip, part: str) -> list[str]:
    """The references of the cells sheet `part` holds.

    A reference found outside the sheet's data (in an extension list) is harmless: the reader
    reads only the cells Excel shows. When a cell has no plain `r`, its position is counted
    as Excel does, by the handler scan; otherwise a regular expression finds them, three
    times faster.
    """
    if zf.size(part) <= _FAST_MAX:
        data = zf.read(part)
        refs = _REF_CELL.findall(data)
        if len(refs) == len(_ANY_CELL.findall(data)):
            if len(refs) > MAX_CELLS:
                raise _too_many()
            return [r.decode().upper() for r in refs]
    return _counted_refs(zf, part)


def _too_many() -> ReadError:
    return ReadError(
        "too-many-cells", f"A sheet holds more than {MAX_CELLS} cells, more than any definition."
    )


def _counted_refs(zf: SafeZip, part: str) -> list[str]:
    """The references of the cells sheet `part` holds, positions derived where `r` is absent."""
    refs: list[str] = []
    depth = 0
    data_depth = 0
    row = col = 0

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth, data_depth, row, col
        depth += 1
        if name in _DATA and depth == 2:
            data_depth = depth
        elif not data_depth:
            return
        elif name in _ROW and depth == data_depth + 1:
            row = small_int(attrs.get("r")) or row + 1
            col = 0
        elif name in _CELL and depth == data_depth + 2:
            ref = attrs.get("r")
            pos = split_ref(ref) if ref is not None else None
            if ref is not None and pos is not None:
                col = pos[1]
                refs.append(ref.upper())
            else:
                col += 1
                refs.append(f"{col_letter(col)}{row}")
            if len(refs) > MAX_CELLS:
                raise _too_many()

    def end(name: str) -> None:
        nonlocal depth, data_depth
        if depth == data_depth:
            data_depth = 0
        depth -= 1

    parse_part(zf, part, start, end)
    return refs


def read_sheets(
    path: Path, names: Collection[str], *, limits: Limits = DEFAULT_LIMITS
) -> RawWorkbook:
    """Every cell of the sheets `names` of the workbook at `path` (a sheet it lacks is absent
    from `sheets`). Raises `ReadError` when the file cannot be read as a workbook."""
    data = read_bytes(path, limits)
    refuse_kind(sniff_bytes(data))  # a CSV or an old .xls is named as such, not "damaged"
    zf = SafeZip(data, limits)
    wb_part = "xl/workbook.xml"
    for rel in read_rels(zf, "").values():
        if rel.kind == "officeDocument" and zf.has(rel.target):
            wb_part = rel.target
    decls = read_workbook_part(zf, wb_part) if zf.has(wb_part) else None
    wanted: dict[str, list[str]] = {}
    if decls:
        rels = read_rels(zf, wb_part)
        by_name = {d.name.casefold(): d for d in decls}
        for name in names:
            decl = by_name.get(name.casefold())
            found = rels.get(decl.rel_id) if decl is not None else None
            if found is not None and zf.has(found.target):
                wanted[name] = _cell_refs(zf, found.target)
    # The reader refuses what is not a workbook, says which part is missing, and reads.
    return read_workbook(path, wanted, limits=limits)
