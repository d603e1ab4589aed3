"""The fast path of the sheet scan: the wanted cells picked out with regular expressions.

A Python handler per XML element costs more than parsing the XML itself (a form sheet has
about 800 elements, of which the questionnaire needs 160). So the sheet is first parsed by the
hardened expat parser with no element handlers at all: that runs at C speed and still proves
the part well-formed XML without a DTD or entities, with the same `ReadError` as the full
scan. Then, in a sheet that keeps to the plain subset spreadsheet programs write, the wanted
cells are found by one regular expression and their contents matched by an exact grammar.

Plain means: UTF-8; no comment, CDATA section or processing instruction (so every `<` starts a
tag); one default namespace declaration, on the root, naming SpreadsheetML; no prefixed element
with a SpreadsheetML sheet name; every cell's `r` written first, in double quotes; inside a
wanted cell only `<f>`, `<v>` and a one-run `<is>`, in that order; no shared formula whose text
is in another cell; every `<mergeCell>` as `<mergeCell ref="..."/>`. Anything else gives None
and the caller runs the full scan (`xlsxsheet`), which reads every form of XML. A test runs
both on generated sheets and requires equal results wherever this one answers.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .xlsxparts import MAIN_NS, small_int
from .xlsxsheet import ScannedCell, ScannedSheet, malformed, merge_hits, scan_sheet
from .xlsxzip import Limits, OnePart, SafeZip, feed, new_parser

# Largest sheet part read whole for the fast path; a bigger one is streamed by the full scan.
FAST_MAX_PART = 8 * 1024 * 1024

# An optional UTF-8 byte order mark and XML declaration, then the root element's start tag.
_HEAD = re.compile(
    rb"\A(?:\xef\xbb\xbf)?(?:<\?xml(?P<decl>[^<>?]*)\?>)?\s*<worksheet(?P<attrs>\s[^<>]*)?>"
)
_ENCODING = re.compile(rb"encoding\s*=\s*[\"']([A-Za-z0-9._-]*)[\"']")
_DEFAULT_NS = re.compile(rb'\sxmlns\s*=\s*"([^"<&]*)"')
_ANY_DEFAULT_NS = re.compile(rb"xmlns\s*=")
_MAIN = frozenset(ns.encode() for ns in MAIN_NS)
_PREFIXED = re.compile(
    rb"<[^\s/<>!?:]+:(?:c|row|v|f|is|t|r|rPh|mergeCell|mergeCells|sheetData|worksheet)[\s/>]"
)
_ODD_CELL = re.compile(rb'<c(?:[/>]|\s(?!r="))')  # a cell whose first attribute is not r="
_MERGE_ANY = re.compile(rb"<mergeCell[\s/>]")
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


class _NotPlain(Exception):
    """Something the fast path does not read; the full scan will."""


def scan(zf: SafeZip, part: str, wanted: frozenset[str], limits: Limits) -> ScannedSheet:
    """Scan worksheet `part` for the `wanted` cells: the fast path when it can, else the full."""
    if zf.size(part) > FAST_MAX_PART:
        return scan_sheet(zf, part, wanted, limits)
    data = zf.read(part)
    one = OnePart(part, data)
    feed(one, part, new_parser())  # no element handlers: C speed, same defences and errors
    fast = fast_scan(data, wanted, limits)
    return fast if fast is not None else scan_sheet(one, part, wanted, limits)


def fast_scan(data: bytes, wanted: frozenset[str], limits: Limits) -> ScannedSheet | None:
    """The wanted cells of well-formed sheet XML `data`, or None if it is not plain."""
    if not _plain(data):
        return None
    out = ScannedSheet()
    try:
        for m in _cell_pattern(wanted).finditer(data):
            ref = m.group(1).decode()
            if ref not in wanted:
                continue
            if ref in out.cells:
                raise malformed(f"The cell {ref} is written twice in the sheet")
            out.cells[ref] = _cell(ref, *m.group(2, 3, 4, 5))
    except _NotPlain:
        return None
    merges = _MERGE.findall(data)
    if len(merges) != len(_MERGE_ANY.findall(data)):
        return None
    out.merged = merge_hits([r.decode() for r in merges], wanted, limits)
    return out


@lru_cache(maxsize=16)  # every file of a run asks for the same cells
def _cell_pattern(wanted: frozenset[str]) -> re.Pattern[bytes]:
    """Any cell in a column of the wanted cells: `<c r="E8" s="3" t="n">...</c>`."""
    columns = sorted({ref.rstrip("0123456789") for ref in wanted})
    return re.compile(
        rb'<c r="((?:' + "|".join(columns).encode() + rb')[0-9]{1,7})"'
        rb'(?: s="([0-9]{1,9})")?(?: t="([A-Za-z]{1,9})")?([^<>]*?)(?:/>|>(.*?)</c>)',
        re.S,
    )


def _plain(data: bytes) -> bool:
    head = _HEAD.match(data)
    if head is None:
        return False
    decl = head.group("decl")
    if decl is not None:
        enc = _ENCODING.search(decl)
        if enc is not None and enc.group(1).lower() not in (b"utf-8", b"utf8"):
            return False
    ns = _DEFAULT_NS.search(head.group("attrs") or b"")
    if ns is None or ns.group(1) not in _MAIN or len(_ANY_DEFAULT_NS.findall(data)) != 1:
        return False
    if b"<!" in data or data.find(b"<?", head.end("decl") if decl is not None else 0) != -1:
        return False
    return _PREFIXED.search(data) is None and _ODD_CELL.search(data) is None


def _cell(
    ref: str, s: bytes | None, t: bytes | None, extra: bytes, inner: bytes | None
) -> ScannedCell:
    if extra.strip():
        names = _EXTRA_ATTR.findall(extra)
        if _EXTRA_ATTR.sub(b"", extra).strip() or {b"r", b"s", b"t"} & set(names):
            raise _NotPlain  # not name="value", or r/s/t out of Excel's order
    cell = ScannedCell(
        ref, t.decode() if t is not None else "n", small_int(s.decode()) if s is not None else None
    )
    if not inner:
        return cell
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
    return cell


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
