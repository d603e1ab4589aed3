"""Every cell of some sheets of a workbook, with its A1 reference: for small files whose cells
are not known in advance (the survey definition), read as safely as a returned questionnaire.

The same defences as `reader`: the zip's directory checked before anything is inflated
(`safezip`), every part parsed by the hardened expat parser (`safexml`: no DTD, no entity),
nothing sized from what the file claims, and a cap on the cells kept. Only what Excel shows
is read (worksheet > sheetData > row > c, and a cell's own <v>, <f> and <is>), positions
derived as Excel does where `r` is left out. Its own small scan rather than `reader`'s,
which is built to pick a few hundred known cells out of many files: this one runs once per
command, before it, and imports in a few milliseconds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass
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
    read_shared_strings,
    read_workbook_part,
    small_int,
    split_ref,
    unescape,
)
from perfreg_xlsx.reading.rawcell import RawCell
from perfreg_xlsx.reading.safexml import OnePart, Parts, feed, new_parser
from perfreg_xlsx.reading.safezip import SafeZip
from perfreg_xlsx.util.a1 import col_letter

# More cells than any definition holds (it has a few thousand).
MAX_CELLS = 200_000
_FAST_MAX = 8 * 1024 * 1024  # a bigger sheet is streamed by the handler scan
_TAGS = {
    f"{ns} {name}": name for ns in MAIN_NS for name in ("sheetData", "row", "c", "v", "f", "is")
}
_TEXT = {f"{ns} t" for ns in MAIN_NS}
_PHONETIC = {f"{ns} rPh" for ns in MAIN_NS}
_BOOLS = {"1": True, "0": False, "true": True, "false": False}


@dataclass
class _Cell:
    ref: str
    type: str
    v: str | None = None
    inline: str | None = None
    formula: str | None = None


def _scan(zf: Parts, part: str) -> list[_Cell]:
    """The cells of sheet `part`, as written."""
    parser = new_parser()
    cells: list[_Cell] = []
    depth = data_depth = 0
    row = col = 0
    cur: _Cell | None = None
    cell_depth = 0
    buf: list[str] = []
    what = ""  # the value element being read: "v", "f" or "is"
    phonetic = False

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth, data_depth, row, col, cur, cell_depth, buf, what, phonetic
        depth += 1
        if cur is not None:
            tag = _TAGS.get(name)
            if depth == cell_depth + 1 and tag in ("v", "f", "is"):
                what, buf = tag, []
                if tag != "is":
                    parser.CharacterDataHandler = buf.append
            elif what == "is" and name in _TEXT and not phonetic:
                parser.CharacterDataHandler = buf.append
            elif what == "is" and name in _PHONETIC:
                phonetic = True
            elif tag == "c":
                raise ReadError("xml-malformed", f"The cell {cur.ref} contains another cell.")
            return
        tag = _TAGS.get(name)
        if tag == "sheetData" and depth == 2:
            data_depth = depth
        elif not data_depth:
            return
        elif tag == "row" and depth == data_depth + 1:
            row = small_int(attrs.get("r")) or row + 1
            col = 0
        elif tag == "c" and depth == data_depth + 2:
            ref = attrs.get("r")
            pos = split_ref(ref) if ref is not None else None
            if ref is not None and pos is not None:
                col = pos[1]
                ref = ref.upper()
            else:
                col += 1
                ref = f"{col_letter(col)}{row}"
            cur, cell_depth = _Cell(ref, attrs.get("t", "n")), depth
            if len(cells) >= MAX_CELLS:
                raise _too_many()

    def end(name: str) -> None:
        nonlocal depth, data_depth, cur, what, phonetic
        if cur is not None:
            if depth == cell_depth:
                cells.append(cur)
                cur = None
            elif name in _PHONETIC:
                phonetic = False
            elif name in _TEXT:
                parser.CharacterDataHandler = None
            elif depth == cell_depth + 1 and what:
                parser.CharacterDataHandler = None
                text = "".join(buf)
                if what == "v":
                    cur.v = text
                elif what == "f":
                    cur.formula = text
                else:
                    cur.inline = unescape(text)
                what = ""
        elif depth == data_depth:
            data_depth = 0
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    feed(zf, part, parser)
    return cells


# The plain cells spreadsheet programs write: r first, then s and t, then a <v> or a one-run
# <is>, or nothing. Any other cell (a formula, a rich text, attributes in another order) sends
# the sheet to the handler scan, which reads every form of XML.
_PLAIN_CELL = re.compile(
    rb'<c r="([A-Z]{1,3}[0-9]{1,7})"(?: s="[0-9]{1,9}")?(?: t="([A-Za-z]{1,9})")?'
    rb"(?:/>|></c>|><v>([^<]*)</v></c>|><is><t(?: [^<>]*)?>([^<]*)</t></is></c>)"
)
_TYPES = {b"": "n", **{t.encode(): t for t in ("n", "s", "str", "inlineStr", "b", "e", "d")}}
_ANY_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_SHEET_DATA = re.compile(rb"<sheetData(?:\s[^<>]*?)?(/?)>")
_ENTITY = re.compile(rb"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));")
_NAMED = {b"amp": b"&", b"lt": b"<", b"gt": b">", b"quot": b'"', b"apos": b"'"}


def _entity(m: re.Match[bytes]) -> bytes:
    named, dec, hexa = m.groups()
    if named is not None:
        return _NAMED[named]
    code = int(dec, 10) if dec is not None else int(hexa, 16)
    return chr(code).encode("utf-8") if code <= 0x10FFFF else m.group(0)


def _text(raw: bytes) -> str:
    """Character data as expat gives it: line ends and references resolved."""
    if b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if b"&" in raw:
        raw = _ENTITY.sub(_entity, raw)  # expat has refused any declared entity
    return raw.decode("utf-8")


class _NotPlain(Exception):
    pass


def _plain_parse(part: str, data: bytes) -> bool:
    """Parse `data` with the hardened parser and no element handlers (C speed): raises the
    scan's `ReadError` when it is not well-formed or has a DTD; False when it holds what the
    regular expressions could misread (a comment, CDATA, a processing instruction, another
    encoding than UTF-8, a default namespace other than SpreadsheetML's on the root)."""
    parser = new_parser()
    plain = [True]
    roots: list[str] = []
    defaults: list[str | None] = []

    def not_plain(*_args: object) -> None:
        plain[0] = False

    def declaration(_version: str, encoding: str | None, _standalone: int) -> None:
        if encoding is not None and encoding.lower() not in ("utf-8", "utf8"):
            plain[0] = False

    def namespace(prefix: str | None, uri: str | None) -> None:
        if prefix is None:
            defaults.append(uri)
        elif uri in MAIN_NS:
            plain[0] = False  # a prefixed SpreadsheetML element: not `<c`

    def root(name: str, _attrs: dict[str, str]) -> None:
        roots.append(name)
        parser.StartElementHandler = None

    parser.CommentHandler = not_plain
    parser.StartCdataSectionHandler = not_plain
    parser.ProcessingInstructionHandler = not_plain
    parser.XmlDeclHandler = declaration
    parser.StartNamespaceDeclHandler = namespace
    parser.StartElementHandler = root
    feed(OnePart(part, data), part, parser)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or len(defaults) != 1:
        return False
    return plain[0] and defaults[0] in MAIN_NS and roots[:1] == [f"{defaults[0]} worksheet"]


def _fast(part: str, data: bytes) -> list[_Cell] | None:
    """The cells of a plain sheet by regular expression, or None when it is not plain."""
    if not _plain_parse(part, data):
        return None
    found = _SHEET_DATA.search(data)
    if found is None or found.group(1):
        return []
    end = data.find(b"</sheetData>", found.end())
    if data.find(b"<sheetData", found.end()) != -1 or end == -1:
        return None
    if data.find(b"<extLst", found.end(), end) != -1:
        return None
    hits = _PLAIN_CELL.findall(data, found.end(), end)
    if len(hits) != len(_ANY_CELL.findall(data, found.end(), end)):
        return None
    if len(hits) > MAX_CELLS:
        raise _too_many()
    cells = []
    for ref, t, v, inline in hits:
        ts = _TYPES.get(t) or t.decode()
        text = v.decode() if b"&" not in v and b"\r" not in v else _text(v)
        cells.append(
            _Cell(
                ref.decode(),
                ts,
                text if v or ts == "str" else None,
                _text(inline) if ts == "inlineStr" else None,
            )
        )
    return cells


def _too_many() -> ReadError:
    return ReadError(
        "too-many-cells", f"A sheet holds more than {MAX_CELLS} cells, more than any definition."
    )


def _cells(zf: SafeZip, part: str) -> list[_Cell]:
    if zf.size(part) <= _FAST_MAX:
        data = zf.read(part)
        fast = _fast(part, data)
        if fast is not None:
            return fast
        return _scan(OnePart(part, data), part)
    return _scan(zf, part)


def _number(text: str) -> int | float | str:
    try:
        x = float(text)
    except ValueError:
        return text
    if not math.isfinite(x):
        return text
    return int(x) if x.is_integer() and abs(x) < 2**53 else x


def _index(v: str | None) -> int | None:
    if v is None:
        return None
    return int(v) if v.isdigit() and len(v) < 10 else small_int(v.strip())


def _typed(c: _Cell, strings: dict[int, str]) -> RawCell:
    v, value, error = c.v, None, False
    value_of: object
    if c.type == "s":
        index = _index(v)
        value_of = strings.get(index) if index is not None else None
        # A reference to no text is a broken cell, not an empty one.
        error = v is not None and value_of is None
    elif c.type == "inlineStr":
        value_of = c.inline if c.inline is not None else v
    elif c.type in ("str", "d"):
        value_of = v
    elif c.type == "e":
        value_of, error = v, True
    elif c.type == "b":
        value_of = _BOOLS.get((v or "").strip().lower(), v)
        error = isinstance(value_of, str)
    elif c.type == "n":
        if v is not None and v.isdigit() and len(v) < 16:
            value_of = int(v)
        else:
            value_of = _number(v.strip()) if v and v.strip() else None
    else:
        value_of, error = v, True  # a type no spreadsheet program writes
    value = value_of if isinstance(value_of, str | int | float | bool) else None
    return RawCell(c.ref, value, c.formula, False, error, False, c.type)


@dataclass(frozen=True)
class Grid:
    sheet_names: tuple[str, ...]
    # By the name asked for (a sheet the workbook lacks is absent): every cell by reference.
    sheets: dict[str, dict[str, RawCell]]


def read_sheets(path: Path, names: Collection[str], *, limits: Limits = DEFAULT_LIMITS) -> Grid:
    """Every cell of the sheets `names` of the workbook at `path`.

    Raises `ReadError` when the file cannot be read as a workbook.
    """
    data = read_bytes(path, limits)
    refuse_kind(sniff_bytes(data))  # a CSV or an old .xls is named as such, not "damaged"
    zf = SafeZip(data, limits)
    wb_part = "xl/workbook.xml"
    for rel in read_rels(zf, "").values():
        if rel.kind == "officeDocument" and zf.has(rel.target):
            wb_part = rel.target
    decls = read_workbook_part(zf, wb_part) if zf.has(wb_part) else None
    if decls is None:
        raise ReadError("not-xlsx", "The file is not an Excel workbook (.xlsx).")
    rels = read_rels(zf, wb_part)
    by_name = {d.name.casefold(): d for d in decls}
    scanned: dict[str, list[_Cell]] = {}
    for name in names:
        decl = by_name.get(name.casefold())
        found = rels.get(decl.rel_id) if decl is not None else None
        if found is not None and zf.has(found.target):
            scanned[name] = _cells(zf, found.target)
    needed = {
        i
        for cells in scanned.values()
        for c in cells
        if c.type == "s" and (i := _index(c.v)) is not None
    }
    strings: dict[int, str] = {}
    if needed:
        sst = next((r for r in rels.values() if r.kind == "sharedStrings"), None)
        if sst is None or not zf.has(sst.target):
            raise ReadError("missing-part", "The workbook's table of texts is missing.")
        strings = read_shared_strings(zf, sst.target, needed)
    sheets: dict[str, dict[str, RawCell]] = {}
    for name, cells in scanned.items():
        out: dict[str, RawCell] = {}
        for c in cells:
            if c.ref in out:
                raise ReadError("xml-malformed", f"The cell {c.ref} is written twice.")
            out[c.ref] = _typed(c, strings)
        sheets[name] = out
    return Grid(tuple(d.name for d in decls), sheets)
