"""The fast path of the sheet scan: the wanted cells picked out with regular expressions.

A Python handler per XML element costs more than parsing the XML itself (a form sheet has
about 800 elements, of which the questionnaire needs 160). So the sheet is first parsed by the
hardened expat parser with no element handlers: that runs at C speed and still proves the part
well-formed XML without a DTD or entities, with the same `ReadError` as the full scan. Then, in
a sheet that keeps to the plain subset spreadsheet programs write, the wanted cells are found
by one regular expression and their contents matched by an exact grammar.

Plain means: UTF-8; no comment, CDATA section or processing instruction (so every `<` starts a
tag); one default namespace declaration, on the root, naming SpreadsheetML, and no prefix bound
to that namespace (these the parse itself reports, see `_Shape`); every cell's `r` written
first, in double quotes, without references; inside a wanted cell only `<f>`, `<v>` and a
one-run `<is>`, in that order; no shared formula whose text is in another cell; every
`<mergeCell>` as `<mergeCell ref="..."/>`; one `<sheetData>`, holding no `<extLst>` (a
row's or a cell's own extension list), and cells looked for only inside it, as Excel shows
them (`sheet` says why). Anything else gives None and the caller runs the
full scan (`sheet`), which reads every form of XML. A test runs both on generated sheets
and requires equal results wherever this one answers.

What it buys (issue 17's rule: hand-written code stays only for 25 % or more end to end at
10,000 files): `PYTHONPATH=src python benchmarks/bench.py --sizes 10000 --no-startup
--repeat 3 --without - partcache fastscan`, 2026-12-03 on the 2-CPU build VM, medians of 3
runs taking turns: `aggregate` 12.2 s with it, 19.0 s without (+56 %; `validate` 7.7 s and
13.1 s, +71 %); in an earlier run of the same kind +29 % (10.7 and 13.8 s). The switch is
the environment variable PERFREG_XLSX_WITHOUT=fastscan (benchmarks only).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from xml.parsers import expat

from perfreg_xlsx.reading.files import Limits
from perfreg_xlsx.reading.parts import MAIN_NS
from perfreg_xlsx.reading.rawcell import inline_text
from perfreg_xlsx.reading.safexml import OnePart, feed, new_parser
from perfreg_xlsx.reading.safezip import SafeZip
from perfreg_xlsx.reading.sheet import ScannedCell, ScannedSheet, malformed, merge_hits, scan_sheet

# Largest sheet part read whole for the fast path; a bigger one is streamed by the full scan.
FAST_MAX_PART = 8 * 1024 * 1024

# Benchmarks only (benchmarks/bench.py --without fastscan): the full scan for every sheet.
_OFF = "fastscan" in os.environ.get("PERFREG_XLSX_WITHOUT", "").split(",")
_MAIN = frozenset(MAIN_NS)
_ROOTS = frozenset(f"{ns} worksheet" for ns in MAIN_NS)
_UTF8 = frozenset({"utf-8", "utf8"})
_MERGE_ANY = re.compile(rb"<mergeCell[\s/>]")
_SHEET_DATA = re.compile(rb"<sheetData(?:\s[^<>]*?)?(/?)>")
_MERGE = re.compile(rb'<mergeCell ref="([A-Za-z0-9:$]*)"\s*/>')

# What a wanted cell may hold, in the order Excel writes it.
_INNER = re.compile(
    rb"(?P<formula><f(?P<fattrs>\s[^<>/]*)?(?:/>|>(?P<f>[^<]*)</f>))?"
    rb"(?:<v>(?P<v>[^<]*)</v>|(?P<v_empty><v\s*/>))?"
    rb"(?:<is>(?:<t(?:\s[^<>/]*)?>(?P<t>[^<]*)</t>|(?P<t_empty><t(?:\s[^<>/]*)?/>))</is>)?"
)
_EXTRA_ATTR = re.compile(rb'\s+([A-Za-z_][-\w.]*(?::[A-Za-z_][-\w.]*)?)\s*=\s*"[^"<]*"')
_ENTITY = re.compile(rb"&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9A-Fa-f]+));")
_NAMED = {b"amp": b"&", b"lt": b"<", b"gt": b">", b"quot": b'"', b"apos": b"'"}


_TYPES = {t.encode(): t for t in ("n", "s", "str", "inlineStr", "b", "e", "d")}


class _NotPlain(Exception):
    """Something the fast path does not read; the full scan will."""


class _Shape:
    """What the handler-free parse notices that would mislead the regular expressions.

    Only handlers for rare things are set (a comment, a CDATA section, a processing
    instruction, a namespace declaration, the first element), so the parse runs at C speed.
    """

    def __init__(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        self.plain = True
        self.defaults = 0  # default namespace declarations
        parser.CommentHandler = self.not_plain
        parser.StartCdataSectionHandler = self.not_plain
        parser.ProcessingInstructionHandler = self.not_plain
        parser.XmlDeclHandler = self.declaration
        parser.StartNamespaceDeclHandler = self.namespace
        parser.StartElementHandler = self.root

    def not_plain(self, *_args: object) -> None:
        self.plain = False

    def declaration(self, _version: str, encoding: str | None, _standalone: int) -> None:
        if encoding is not None and encoding.lower() not in _UTF8:
            self.plain = False  # the expressions read UTF-8 bytes

    def namespace(self, prefix: str | None, uri: str | None) -> None:
        # One default namespace, SpreadsheetML's, and no prefix bound to it: then `<c` is a
        # SpreadsheetML cell wherever it is and a prefixed element never is.
        if prefix is None:
            self.defaults += 1
            if uri not in _MAIN or self.defaults > 1:
                self.plain = False
        elif uri in _MAIN:
            self.plain = False

    def root(self, name: str, _attrs: dict[str, str]) -> None:
        if name not in _ROOTS or self.defaults != 1:
            self.plain = False  # the default namespace is declared below the root
        self.parser.StartElementHandler = None


def scan(zf: SafeZip, part: str, wanted: frozenset[str], limits: Limits) -> ScannedSheet:
    """Scan worksheet `part` for the `wanted` cells: the fast path when it can, else the full."""
    if zf.size(part) > FAST_MAX_PART or _OFF:
        return scan_sheet(zf, part, wanted, limits)
    data = zf.read(part)
    fast = fast_scan(data, part, wanted, limits)
    return fast if fast is not None else scan_sheet(OnePart(part, data), part, wanted, limits)


def fast_scan(
    data: bytes, part: str, wanted: frozenset[str], limits: Limits
) -> ScannedSheet | None:
    """The wanted cells of sheet XML `data`, or None if it is not plain.

    Raises the full scan's `ReadError` when `data` is not well-formed or has a DTD.
    """
    parser = new_parser()
    shape = _Shape(parser)
    feed(OnePart(part, data), part, parser)
    # UTF-16 with a byte order mark needs no declaration, so `_Shape` may not have seen it.
    if not shape.plain or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    region = _sheet_data(data)
    if region is None:
        return None
    out = ScannedSheet()
    names = _wanted_bytes(wanted)
    cells = _cell_pattern(wanted).findall(data, *region)
    try:
        for ref_b, s, t, extra, v, inline, general, odd in cells:
            if odd:
                return None  # a cell without r="..." first: the full scan finds its address
            ref = names.get(ref_b)
            if ref is None:
                continue
            if ref in out.cells:
                raise malformed(f"The cell {ref} is written twice in the sheet")
            if t == b"inlineStr" and inline and not (v or general or extra):
                # A plain inline text (most cells of a form) is complete as found.
                out.cells[ref] = inline_text(ref, inline[7:-9].decode())
            else:
                out.cells[ref] = _cell(ref, s, t, extra, v, inline, general)
    except _NotPlain:
        return None
    if data.rfind(b"<mergeCell") != -1:  # from the end: merges follow the cells
        merges = _MERGE.findall(data)
        if len(merges) != len(_MERGE_ANY.findall(data)):
            return None
        out.merged = merge_hits([r.decode() for r in merges], wanted, limits)
    return out


def _sheet_data(data: bytes) -> tuple[int, int] | None:
    """Where the content of the one `<sheetData>` is, or None if that is not plain.

    In plain XML every `<` starts a tag, so the bytes `<sheetData` are the element itself; a
    second one (say, in an extension list) or an `<extLst>` inside it is for the full scan,
    which reads by depth.
    """
    found = _SHEET_DATA.search(data)
    if found is None:
        return (0, 0)  # no cells at all
    if data.find(b"<sheetData", found.end()) != -1:
        return None
    if found.group(1):  # <sheetData/>
        return (0, 0)
    end = data.find(b"</sheetData>", found.end())
    if end == -1 or data.find(b"<extLst", found.end(), end) != -1:
        return None
    return (found.end(), end)


@lru_cache(maxsize=16)
def _wanted_bytes(wanted: frozenset[str]) -> dict[bytes, str]:
    return {ref.encode(): ref for ref in wanted}


@lru_cache(maxsize=16)  # every file of a run asks for the same cells
def _cell_pattern(wanted: frozenset[str]) -> re.Pattern[bytes]:
    """Every `<c`: a cell in a wanted column (address, s, t, other attributes, then its <v>
    and <is> when that is all it holds, else its whole content), or one not written with a
    plain r="..." first (the last group)."""
    columns = "|".join(sorted({ref.rstrip("0123456789") for ref in wanted}))
    return re.compile(
        rb'<c(?: r="((?:' + columns.encode() + rb')[0-9]{1,7})"'
        rb'(?: s="([0-9]{1,9})")?(?: t="([A-Za-z]{1,9})")?([^<>]*?)'
        rb"(?:/>|>(<v>[^<&\r]*</v>)?(<is><t>[^<&\r]*</t></is>)?</c>|>(.*?)</c>)"
        rb'|(?! r="[^"&]*")([\s/>]))',
        re.S,
    )


def _cell(
    ref: str, s: bytes, t: bytes, extra: bytes, v: bytes, inline: bytes, general: bytes
) -> ScannedCell:
    """One wanted cell from the groups of `_cell_pattern` (an absent group is b"")."""
    if extra.strip():
        names = _EXTRA_ATTR.findall(extra)
        if _EXTRA_ATTR.sub(b"", extra).strip() or {b"r", b"s", b"t"} & set(names):
            raise _NotPlain  # not name="value", or r/s/t out of Excel's order
    cell = ScannedCell(
        ref,
        (_TYPES.get(t) or t.decode()) if t else "n",
        int(s) if s else None,
        v[3:-4].decode() if v else None,
        [inline[7:-9].decode()] if inline else None,
    )
    if general:
        _content(cell, general)
    return cell


def _content(cell: ScannedCell, inner: bytes) -> None:
    """A cell's content beyond one plain <v> or <is>: a formula, references, line ends."""
    m = _INNER.fullmatch(inner)
    if m is None:
        raise _NotPlain
    if m.group("formula") is not None:
        cell.has_formula = True
        f = m.group("f")
        cell.formula = _text(f) if f is not None else ""
        fattrs = m.group("fattrs")
        if not cell.formula and fattrs is not None and b"shared" in fattrs:
            raise _NotPlain  # a shared formula's child: its text is in another cell
    v = m.group("v")
    if v is not None:
        cell.v = _text(v)
    elif m.group("v_empty") is not None:
        cell.v = ""
    text = m.group("t")
    if text is not None:
        cell.inline = [_text(text)]
    elif m.group("t_empty") is not None:
        cell.inline = [""]


def _text(raw: bytes) -> str:
    """Character data of well-formed XML as expat gives it: line ends and references resolved."""
    if b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if b"&" in raw:
        raw = _ENTITY.sub(_entity, raw)  # expat refused any other (declared) entity
    return raw.decode("utf-8")


def _entity(m: re.Match[bytes]) -> bytes:
    named, dec, hexa = m.groups()
    if named is not None:
        return _NAMED[named]
    # Leading zeros are allowed (and a run of thousands would exceed int()'s digit limit).
    digits = (dec if dec is not None else hexa).lstrip(b"0") or b"0"
    return chr(int(digits, 10 if dec is not None else 16)).encode("utf-8")
