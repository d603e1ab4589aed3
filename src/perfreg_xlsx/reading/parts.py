"""Scanners for the parts of a workbook package: relationships, workbook, strings, styles, sheet.

Each scanner streams one part through the hardened parser of `safexml` and keeps only what
the caller asked for, so memory follows the request, not the file. Nothing here is sized from
what a file claims about itself (`<dimension>`, counts in `<sst>`): only from what is seen.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

from perfreg_xlsx.reading.safexml import Parts, feed, new_parser, parse_part

MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",  # "strict" OOXML
)
_R_ID = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships id",
    "http://purl.oclc.org/ooxml/officeDocument/relationships id",
}
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships Relationship"


def _tags(*local: str) -> dict[str, str]:
    """Full "uri local" names of SpreadsheetML elements -> local name."""
    return {f"{ns} {name}": name for ns in MAIN_NS for name in local}


_REF_RE = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})")
MAX_ROW = 1_048_576
MAX_COL = 16_384


@lru_cache(maxsize=8192)  # the same few hundred answer cells are asked of every file
def split_ref(ref: str) -> tuple[int, int] | None:
    """'E14' -> (14, 5); None if `ref` is not a cell reference inside Excel's grid."""
    m = _REF_RE.fullmatch(ref.upper())
    if m is None:
        return None
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    row = int(m.group(2))
    if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COL):
        return None
    return row, col


_ESCAPED_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(text: str) -> str:
    """Undo OOXML's `_xHHHH_` escapes of control characters, as Excel does when it shows text."""
    if "_x" not in text:
        return text
    return _ESCAPED_RE.sub(_unescape_one, text)


def _unescape_one(m: re.Match[str]) -> str:
    code = int(m.group(1), 16)
    # A lone surrogate is no character; keep the escape as written rather than break output.
    return m.group(0) if 0xD800 <= code <= 0xDFFF else chr(code)


# --- Relationships and the workbook --------------------------------------------------------


@dataclass(frozen=True)
class Rel:
    type: str  # the relationship type URI; compare its last segment
    target: str  # resolved part name inside the package

    @property
    def kind(self) -> str:
        return self.type.rsplit("/", 1)[-1]


def rels_part_for(part: str) -> str:
    """'xl/workbook.xml' -> 'xl/_rels/workbook.xml.rels'; '' -> '_rels/.rels'."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def read_rels(zf: Parts, source_part: str) -> dict[str, Rel]:
    """Internal relationships of `source_part` by id; {} when it has no relationships part."""
    rels_part = rels_part_for(source_part)
    if not zf.has(rels_part):
        return {}
    folder = posixpath.dirname(source_part)
    out: dict[str, Rel] = {}

    def start(name: str, attrs: dict[str, str]) -> None:
        if name != _PKG_REL or attrs.get("TargetMode") == "External":
            return
        target = unquote(attrs.get("Target", ""))  # a relationship target is a URI
        if target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(folder, target))
        out.setdefault(attrs.get("Id", ""), Rel(attrs.get("Type", ""), resolved))

    parse_part(zf, rels_part, start)
    return out


@dataclass(frozen=True)
class SheetDecl:
    name: str
    state: str  # "visible", "hidden" or "veryHidden"
    rel_id: str


def read_workbook_part(zf: Parts, part: str) -> list[SheetDecl] | None:
    """The sheets declared in the workbook part, in tab order; None if it is no workbook."""
    sheet_tag = f"{MAIN_NS[0]} sheet", f"{MAIN_NS[1]} sheet"
    root_tag = f"{MAIN_NS[0]} workbook", f"{MAIN_NS[1]} workbook"
    sheets: list[SheetDecl] = []
    roots: list[str] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        if not roots:
            roots.append(name)
        if name in sheet_tag:
            rid = next((v for k, v in attrs.items() if k in _R_ID), "")
            sheets.append(SheetDecl(attrs.get("name", ""), attrs.get("state", "visible"), rid))

    parse_part(zf, part, start)
    return sheets if roots and roots[0] in root_tag else None


# --- Shared strings and styles -------------------------------------------------------------

_SST_TAGS = _tags("si", "t", "rPh")


def read_shared_strings(zf: Parts, part: str, needed: set[int]) -> dict[int, str]:
    """The shared strings at the `needed` indices (rich-text runs joined, phonetics left out).

    As in the sheet scan, end and text handlers are attached only inside a needed string.
    """
    out: dict[int, str] = {}
    parser = new_parser()
    idx = -1
    buf: list[str] = []
    in_needed = in_phonetic = False

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal idx, buf, in_needed, in_phonetic
        tag = _SST_TAGS.get(name)
        if tag == "si":
            idx += 1
            in_needed = idx in needed
            if in_needed:
                buf = []
                parser.EndElementHandler = end
        elif not in_needed:
            return
        elif tag == "t" and not in_phonetic:
            parser.CharacterDataHandler = buf.append
        elif tag == "rPh":
            in_phonetic = True

    def end(name: str) -> None:
        nonlocal in_needed, in_phonetic
        tag = _SST_TAGS.get(name)
        if tag == "t":
            parser.CharacterDataHandler = None
        elif tag == "rPh":
            in_phonetic = False
        elif tag == "si":
            out[idx] = unescape("".join(buf))
            in_needed = False
            parser.EndElementHandler = None

    parser.StartElementHandler = start
    feed(zf, part, parser)
    return out


# Built-in number formats that show a date or time: 14-22 and 45-47 in every locale; 27-36 and
# 50-58 are the East Asian date formats Excel reserves.
_BUILTIN_DATE_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
# Quoted literals, escaped or padded/fill characters, and bracketed parts other than the
# elapsed-time codes [h], [mm], [ss] carry no date meaning. A bracketed part cannot hold "[":
# with `[^\]]*` a code of a megabyte of "[" took quadratic time (no "]" ends any of them).
_FMT_STRIP_RE = re.compile(r'"[^"]*"|\\.|_.|\*.|\[(?!(?:h+|m+|s+)\])[^\[\]]*\]', re.IGNORECASE)
_FMT_DATE_RE = re.compile(r"[dmyhs]", re.IGNORECASE)


def is_date_format(code: str) -> bool:
    """Whether a number format code shows numbers as dates or times (first section only)."""
    first = code.split(";", 1)[0]
    return _FMT_DATE_RE.search(_FMT_STRIP_RE.sub("", first)) is not None


_STYLE_TAGS = _tags("numFmt", "cellXfs", "xf")


@dataclass(frozen=True)
class Styles:
    date_styles: frozenset[int]  # style indices `s` (cellXfs entries) that show a date or time

    def is_date(self, style: int) -> bool:
        return style in self.date_styles


def read_styles(zf: Parts, part: str) -> Styles:
    """Number formats of the cell styles (only what date detection needs)."""
    xfs: list[int] = []
    custom: dict[int, str] = {}
    depth_in_cellxfs = 0

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth_in_cellxfs
        tag = _STYLE_TAGS.get(name)
        if tag == "cellXfs":
            depth_in_cellxfs = 1
        elif tag == "xf" and depth_in_cellxfs:
            xfs.append(small_int(attrs.get("numFmtId")) or 0)
        elif tag == "numFmt":
            fmt_id = small_int(attrs.get("numFmtId"))
            if fmt_id is not None:
                custom[fmt_id] = attrs.get("formatCode", "")

    def end(name: str) -> None:
        nonlocal depth_in_cellxfs
        if _STYLE_TAGS.get(name) == "cellXfs":
            depth_in_cellxfs = 0

    parse_part(zf, part, start, end)

    def is_date(fmt_id: int) -> bool:
        if fmt_id in custom:  # a file may redefine a built-in id
            return is_date_format(custom[fmt_id])
        return fmt_id in _BUILTIN_DATE_IDS

    return Styles(frozenset(i for i, fmt_id in enumerate(xfs) if is_date(fmt_id)))


def small_int(text: str | None) -> int | None:
    """A non-negative attribute number such as an index; None if it is not one.

    Bounded in length: int() of thousands of digits is slow or refused outright.
    """
    if text is None or len(text) > 9 or not (text.isascii() and text.isdigit()):
        return None
    return int(text)
