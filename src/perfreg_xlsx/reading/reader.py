"""Read returned questionnaires: raw cell values with their addresses, safely and fast.

The reader does not use openpyxl: it reads the package as a zip archive with `zipfile`
behind the checks of `safezip`, and its XML with the standard library's expat behind
`safexml`, and shows what openpyxl hides (a formula next to its cached value, a formula
without one). A form sheet is parsed by expat without element handlers and its cells picked
out by regular expressions where it keeps to what spreadsheet programs write (`fastscan`);
otherwise by the full handler-based scan (`sheet`). The package's small parts are parsed once
per distinct content (`_cached`): at 10,000 files `aggregate` took 12.2 s with that cache and
16.3 s without (+34 %; `validate` 7.7 and 12.3 s, +60 %; medians of 3, `PYTHONPATH=src python
benchmarks/bench.py --sizes 10000 --no-startup --repeat 3 --without - partcache fastscan`,
2026-12-03, 2-CPU build VM; +28 % and +19 % in two earlier, noisier runs), so it stays under
issue 17's 25 % rule. Hostile files are refused with a `ReadError` carrying a
stable code (`files`, `safezip`, `safexml`).

    wb = read_workbook(path, {"Skema": ["E2", "E3", "E8"]})
    wb.sheets["Skema"].cells["E8"].value
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, TypeVar

from perfreg_xlsx.reading.fastscan import scan
from perfreg_xlsx.reading.files import (
    DEFAULT_LIMITS,
    FileKind,
    Limits,
    ReadError,
    read_bytes,
    refuse_kind,
    sniff,
    sniff_bytes,
)
from perfreg_xlsx.reading.inputs import SkippedInput, list_inputs
from perfreg_xlsx.reading.parts import (
    Rel,
    SheetDecl,
    Styles,
    read_rels,
    read_shared_strings,
    read_styles,
    read_workbook_part,
    rels_part_for,
    small_int,
    split_ref,
)
from perfreg_xlsx.reading.rawcell import RawCell, Value, inline_text, new_cell
from perfreg_xlsx.reading.safexml import OnePart, Parts
from perfreg_xlsx.reading.safezip import SafeZip
from perfreg_xlsx.reading.sheet import ScannedCell

__all__ = [
    "FileKind",
    "Limits",
    "RawCell",
    "RawSheet",
    "RawWorkbook",
    "ReadError",
    "SkippedInput",
    "list_inputs",
    "read_workbook",
    "sniff",
]

_T = TypeVar("_T")


@dataclass(frozen=True)
class RawSheet:
    name: str  # as written in the file (may differ in letter case from the name asked for)
    cells: dict[str, RawCell]  # wanted cells present in the file; absent = empty
    merged: tuple[str, ...]  # merged ranges covering at least one wanted cell


@dataclass(frozen=True)
class RawWorkbook:
    path: Path
    sha256: str
    sheet_names: tuple[str, ...]  # in tab order, hidden ones included
    hidden_sheets: tuple[str, ...]  # state hidden or veryHidden
    sheets: dict[str, RawSheet]  # by the name asked for; a missing sheet is absent
    has_macros: bool = False


def _missing(what: str) -> ReadError:
    return ReadError(
        "missing-part",
        f"The workbook is incomplete: {what} is missing. Ask the network to save the "
        "questionnaire again in Excel (as .xlsx) and resend it.",
    )


def _not_xlsx(zf: SafeZip) -> ReadError:
    if zf.has("xl/workbook.bin"):
        kind = "an Excel binary workbook (.xlsb)"
    elif zf.has("mimetype") or zf.has("content.xml"):
        kind = "an OpenDocument file (.ods)"
    elif zf.has("word/document.xml"):
        kind = "a Word document (.docx)"
    elif zf.has("ppt/presentation.xml"):
        kind = "a PowerPoint presentation (.pptx)"
    else:
        kind = "a zip archive without an Excel workbook in it"
    return ReadError(
        "not-xlsx",
        f"The file is {kind}, not an Excel workbook. Ask the network to save the "
        "questionnaire as .xlsx (Excel workbook).",
    )


# Parsed small parts by their exact content. The parts that describe a package (relationships,
# workbook, styles) are the same in every copy of one template, so a run parses each version
# once. Keyed by a SHA-256 of the inflated bytes: a hit is what parsing would give.
_CACHE_MAX_PART = 256 * 1024
_CACHE_ENTRIES = 64
_parsed: dict[tuple[str, str, bytes], object] = {}
# Benchmarks only (benchmarks/bench.py --without partcache): every part parsed.
_NO_CACHE = "partcache" in os.environ.get("PERFREG_XLSX_WITHOUT", "").split(",")


def _cached(zf: SafeZip, part: str, kind: str, parse: Callable[[Parts], _T]) -> _T:
    if zf.size(part) > _CACHE_MAX_PART or _NO_CACHE:
        return parse(zf)  # streamed as before: a big part is not held in memory whole
    data = zf.read(part)
    key = (kind, part, hashlib.sha256(data).digest())
    hit = _parsed.get(key)
    if hit is None:
        hit = parse(OnePart(part, data))  # a ReadError leaves nothing in the cache
        if len(_parsed) >= _CACHE_ENTRIES:
            _parsed.clear()
        _parsed[key] = hit
    return hit  # type: ignore[return-value]


def _rels(zf: SafeZip, source_part: str) -> dict[str, Rel]:
    part = rels_part_for(source_part)
    if not zf.has(part):
        return {}
    return dict(_cached(zf, part, "rels", lambda src: read_rels(src, source_part)))


def _sheets(zf: SafeZip, part: str) -> list[SheetDecl] | None:
    decls = _cached(zf, part, "workbook", lambda src: read_workbook_part(src, part))
    return None if decls is None else list(decls)


def _workbook_part(zf: SafeZip) -> str:
    for rel in _rels(zf, "").values():
        if rel.kind == "officeDocument" and zf.has(rel.target):
            return rel.target
    if zf.has("xl/workbook.xml"):
        return "xl/workbook.xml"
    raise _not_xlsx(zf)


def _find_sheet(decls: list[SheetDecl], name: str) -> SheetDecl | None:
    for d in decls:
        if d.name == name:
            return d
    folded = [d for d in decls if d.name.casefold() == name.casefold()]
    return folded[0] if len(folded) == 1 else None


def _normalise_refs(refs: Collection[str]) -> frozenset[str]:
    return _normalised(tuple(refs))


@lru_cache(maxsize=64)  # every file of a run asks for the same cells
def _normalised(refs: tuple[str, ...]) -> frozenset[str]:
    out = set()
    for ref in refs:
        norm = ref.replace("$", "").upper()
        if split_ref(norm) is None:
            raise ValueError(f"not a cell reference: {ref!r}")
        out.add(norm)
    return frozenset(out)


# Each part can end in one way only, so a long run of digits is matched without backtracking
# ("[0-9]+\.?[0-9]*" would try every split of it: quadratic).
_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def _number(text: str) -> float | int | str:
    if not _NUMBER_RE.fullmatch(text):
        return text
    x = float(text)
    if not math.isfinite(x):
        return text
    # Beyond 2**53 an "integral" float is not an exact whole number; keep it a float.
    return int(x) if x.is_integer() and abs(x) < 2**53 else x


def _type_cell(c: ScannedCell, strings: Mapping[int, str], styles: Styles | None) -> RawCell:
    # Nearly every cell of a form: a plain number or an inline text (the branches below, in
    # short).
    if not c.has_formula:
        if c.type == "inlineStr" and c.inline is not None:
            return inline_text(c.ref, c.inline[0] if len(c.inline) == 1 else "".join(c.inline))
        if c.type == "n" and c.v:
            number = _number(c.v.strip())
            is_date = (
                styles is not None
                and c.style is not None
                and not isinstance(number, str)
                and styles.is_date(c.style)
            )
            return new_cell(RawCell, (c.ref, number, None, False, False, is_date, "n"))
    value: Value = None
    is_error = False
    is_date = False
    v = c.v
    if c.type == "inlineStr":
        value = "".join(c.inline) if c.inline is not None else v
    elif c.type == "s":
        index = small_int(v.strip()) if v else None
        value = strings[index] if index is not None else None
    elif c.type == "str":
        value = v
    elif c.type == "e":
        value, is_error = v or None, bool(v)
    elif c.type == "b":
        bools = {"1": True, "0": False, "true": True, "false": False}
        value = bools.get(v.strip().lower(), v) if v else None
        # A "boolean" of any other text is a broken cell, never read as a number or a word.
        is_error = isinstance(value, str)
    elif c.type == "d":
        value, is_date = v or None, bool(v)
    elif c.type != "n":
        # A type no spreadsheet program writes: what it holds is not an answer (parse says
        # so, with the type), so its text is kept for the message only.
        value, is_error = v, True
    elif v:
        value = _number(v.strip())
        if styles is not None and c.style is not None and isinstance(value, int | float):
            is_date = styles.is_date(c.style)
    # Excel saves a formula's empty text result as t="str" with an empty <v>.
    no_cache = c.has_formula and (v is None or (v == "" and c.type != "str"))
    return RawCell(
        ref=c.ref,
        value=None if no_cache else value,
        formula=c.formula if c.has_formula else None,
        no_cached_value=no_cache,
        is_error=is_error,
        date_formatted=is_date,
        cell_type=c.type,
    )


class _Scanned(NamedTuple):
    decl: SheetDecl
    wanted: frozenset[str]
    cells: dict[str, ScannedCell | RawCell]
    merged: list[str]


@lru_cache(maxsize=64)  # every file of a run asks for the same cells
def _in_order(wanted: frozenset[str]) -> tuple[str, ...]:
    """The wanted references row by row, left to right: the order of a sheet's cells."""
    return tuple(sorted(wanted, key=lambda ref: split_ref(ref) or (0, 0)))


def _shared_index(c: ScannedCell) -> int | None:
    if c.type != "s" or not c.v:
        return None
    index = small_int(c.v.strip())
    if index is None:
        raise ReadError(
            "xml-malformed",
            f"The cell {c.ref} refers to a text by an invalid number ({c.v[:20]!r}). Ask the "
            "network to save the questionnaire again in Excel.",
        )
    return index


def read_workbook(
    path: Path, wanted: Mapping[str, Collection[str]], *, limits: Limits = DEFAULT_LIMITS
) -> RawWorkbook:
    """Read the `wanted` cells (sheet name -> A1 references) of the workbook at `path`.

    Raises `ReadError` when the file cannot be read as a workbook at all. A wanted sheet the
    workbook lacks is absent from `sheets`; a wanted cell the sheet lacks is absent from
    `cells` (an empty cell).
    """
    data = read_bytes(path, limits)
    refuse_kind(sniff_bytes(data))
    sha = hashlib.sha256(data).hexdigest()
    zf = SafeZip(data, limits)
    wb_part = _workbook_part(zf)
    decls = _sheets(zf, wb_part)
    if decls is None:
        raise _not_xlsx(zf)
    if not decls:
        raise ReadError(
            "missing-sheet",
            "The workbook has no sheets. Ask the network to fill in the questionnaire and "
            "save it as .xlsx.",
        )
    folded = [d.name.casefold() for d in decls]
    if len(set(folded)) != len(folded):
        raise ReadError(
            "duplicate-sheet-name",
            "Two sheets of the workbook have the same name, which Excel does not allow. Ask "
            "the network to save the questionnaire again in Excel.",
        )
    rels = _rels(zf, wb_part)

    def part_of(kind: str) -> Rel | None:
        return next((r for r in rels.values() if r.kind == kind and zf.has(r.target)), None)

    scanned: dict[str, _Scanned] = {}
    for want_name, refs in wanted.items():
        decl = _find_sheet(decls, want_name)
        if decl is None:
            continue
        rel = rels.get(decl.rel_id)
        if rel is None or not zf.has(rel.target):
            raise _missing(f"the part holding sheet '{decl.name}'")
        refs_wanted = _normalise_refs(refs)
        sheet = scan(zf, rel.target, refs_wanted, limits)
        scanned[want_name] = _Scanned(decl, refs_wanted, sheet.cells, sheet.merged)

    # The cells still to type (a plain inline text came from the scan finished).
    cells = [c for sc in scanned.values() for c in sc.cells.values() if isinstance(c, ScannedCell)]
    needed = {i for c in cells if (i := _shared_index(c)) is not None}
    strings: dict[int, str] = {}
    if needed:
        sst = part_of("sharedStrings")
        if sst is None:
            raise _missing("the table of texts (sharedStrings)")
        strings = read_shared_strings(zf, sst.target, needed)
        if needed - strings.keys():
            raise ReadError(
                "xml-malformed",
                "A cell refers to a text that is not in the workbook's table of texts. Ask "
                "the network to save the questionnaire again in Excel.",
            )
    styles: Styles | None = None
    if any(c.style is not None and c.type == "n" for c in cells):
        st = part_of("styles")
        if st is not None:
            target = st.target
            styles = _cached(zf, target, "styles", lambda src: read_styles(src, target))

    sheets = {
        name: RawSheet(
            sc.decl.name,
            {
                ref: c if isinstance(c, RawCell) else _type_cell(c, strings, styles)
                for ref in _in_order(sc.wanted)
                if (c := sc.cells.get(ref)) is not None
            },
            tuple(sc.merged),
        )
        for name, sc in scanned.items()
    }
    return RawWorkbook(
        path=path,
        sha256=sha,
        sheet_names=tuple(d.name for d in decls),
        hidden_sheets=tuple(d.name for d in decls if d.state in ("hidden", "veryHidden")),
        sheets=sheets,
        has_macros=any(n.lower().endswith("vbaproject.bin") for n in zf.names),
    )
