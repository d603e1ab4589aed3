"""Streaming scan of one worksheet part: the wanted cells, their formulas and merged ranges.

The whole sheet is scanned (a merged range or a shared formula may be declared anywhere), but
only the wanted cells are kept. No size is taken from `<dimension>` and no grid is allocated,
so a cell claimed at XFD1048576 costs what any other cell costs.

Only what Excel shows is read: a cell is a cell where the schema puts one (worksheet >
sheetData > row > c) and its value is the `<v>`, `<f>` and `<is>` directly inside it. A `<c>`
in `<extLst>`, `<sheetPr>` or any other element, or a `<v>` in a cell's own `<extLst>`, is
content no spreadsheet program displays, so it is never an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from perfreg_xlsx.reading.files import Limits, ReadError
from perfreg_xlsx.reading.parts import MAIN_NS, MAX_COL, MAX_ROW, small_int, split_ref
from perfreg_xlsx.reading.rawcell import RawCell
from perfreg_xlsx.reading.safexml import Parts, feed, new_parser
from perfreg_xlsx.util.a1 import col_letter

_SHEET_TAGS = {
    f"{ns} {name}": name
    for ns in MAIN_NS
    for name in ("sheetData", "row", "c", "v", "f", "is", "t", "rPh", "mergeCell")
}

_CELL_TAGS = frozenset(f"{ns} c" for ns in MAIN_NS)


@dataclass(slots=True)
class ScannedCell:
    """One wanted cell as written in the XML, before typing."""

    ref: str
    type: str  # the `t` attribute; "n" when absent
    style: int | None
    v: str | None = None  # text of <v>, None when there is no <v>
    inline: list[str] | None = None  # <is> text runs
    has_formula: bool = False
    formula: str | None = None


@dataclass
class ScannedSheet:
    # A cell complete as found (a plain inline text, see `fastscan`) is given as the reader's
    # RawCell; any other as scanned, to be typed once the shared strings and styles are known.
    cells: dict[str, ScannedCell | RawCell] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)  # ranges covering a wanted cell


class _Scanner:
    """The expat handlers of a sheet scan.

    The start and end handlers run for every element (the end one only keeps the depth, so
    that a cell is one only where the schema puts it); the text handler is attached while
    inside a wanted cell (or a shared formula's master) and detached after it.
    """

    def __init__(self, wanted: frozenset[str], limits: Limits) -> None:
        self.parser = new_parser()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.depth = 0  # of the element being started or ended; the root is 1
        self.data_depth = 0  # 2 inside the worksheet's <sheetData>, else 0
        self.seen_data = False
        self.cell_depth = 0  # depth of the wanted cell being read
        self.watch = False  # the end of this element may matter (inside a cell or a master)
        self.wanted = wanted
        self.wanted_rc, self.wanted_rc_set = _positions(wanted)
        self.max_merges = limits.max_merges
        self.out = ScannedSheet()
        self.cur: ScannedCell | None = None
        self.buf: list[str] = []
        self.row = 0
        self.col = 0  # column of the last cell; -1 = derive from last_ref when needed
        self.last_ref = ""
        self.in_is = False
        self.in_phonetic = False
        self.merges = 0
        self.master_si: str | None = None
        self.masters: dict[str, tuple[str, str]] = {}  # shared formula id -> (ref, text)
        self.children: dict[str, str] = {}  # wanted ref -> shared formula id

    def _capture(self) -> None:
        self.buf = []
        self.parser.CharacterDataHandler = self.buf.append

    def _captured(self) -> str:
        self.parser.CharacterDataHandler = None
        return "".join(self.buf)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        # The hot path: most elements of a sheet are cells, most of them not wanted.
        self.depth += 1
        if name in _CELL_TAGS:
            if self.cur is not None:
                raise malformed(f"The cell {self.cur.ref} contains another cell")
            if self.depth != self.data_depth + 2 or not self.data_depth:
                return  # not worksheet > sheetData > row > c: nothing Excel shows
            ref = attrs.get("r")
            if ref is None:
                ref = self._next_ref()
            else:
                self.col = -1
            self.last_ref = ref
            if ref in self.wanted:
                self.cur = ScannedCell(ref, attrs.get("t", "n"), small_int(attrs.get("s")))
                self.cell_depth = self.depth
                self.watch = True
            return
        tag = _SHEET_TAGS.get(name)
        if tag is None:
            return
        cur = self.cur
        if cur is not None and tag in ("v", "f", "is") and self.depth != self.cell_depth + 1:
            return  # inside the cell's <extLst>, not its value
        if cur is None:
            if tag == "sheetData":
                if self.depth == 2:
                    if self.seen_data:  # Excel shows one; which would the answers be?
                        raise malformed("The sheet has two <sheetData> elements")
                    self.data_depth = 2
                    self.seen_data = True
            elif tag == "mergeCell":
                self._merge(attrs.get("ref", ""))
            elif not self.data_depth:
                return
            elif tag == "row":
                if self.depth != self.data_depth + 1:
                    return
                self.row = small_int(attrs.get("r")) or self.row + 1
                self.col = 0
            elif tag == "f":
                si = attrs.get("si")
                if si is not None and "ref" in attrs and attrs.get("t") == "shared":
                    # A master outside the wanted cells: its text is the formula of its range.
                    self.master_si = si
                    self._capture()
                    self.watch = True
        elif tag == "v":
            self._capture()
        elif tag == "f":
            cur.has_formula = True
            si = attrs.get("si")
            if si is not None and attrs.get("t") == "shared":
                self.children[cur.ref] = si
                if "ref" in attrs:
                    self.master_si = si
            self._capture()
        elif tag == "is":
            self.in_is = True
            cur.inline = []
        elif tag == "t":
            if self.in_is and not self.in_phonetic:
                self._capture()
        elif tag == "rPh":
            self.in_phonetic = True

    def end(self, name: str) -> None:
        depth = self.depth
        self.depth = depth - 1
        if not self.watch:
            if depth == 2 and self.data_depth:
                self.data_depth = 0  # the end of <sheetData> (a root child ends here)
            return
        tag = _SHEET_TAGS.get(name)
        if tag is None:
            return
        cur = self.cur
        if cur is not None and tag in ("v", "f", "c") and depth != self.cell_depth + (tag != "c"):
            return
        if tag == "v":
            if cur is not None:
                cur.v = self._captured()
        elif tag == "c":
            if cur is not None:
                if cur.ref in self.out.cells:
                    raise malformed(f"The cell {cur.ref} is written twice in the sheet")
                self.out.cells[cur.ref] = cur
            self.cur = None
            self.in_is = self.in_phonetic = False
            self.watch = False
        elif tag == "f":
            text = self._captured()
            if self.master_si is not None:
                self.masters.setdefault(self.master_si, (self.last_ref, text))
                self.master_si = None
            if cur is not None:
                cur.formula = text
            else:
                self.watch = False
        elif tag == "t":
            if cur is not None and cur.inline is not None and self.in_is and not self.in_phonetic:
                cur.inline.append(self._captured())
        elif tag == "is":
            self.in_is = False
        elif tag == "rPh":
            self.in_phonetic = False

    def _next_ref(self) -> str:
        """The reference of a cell written without `r`: the one after the previous cell."""
        if self.col < 0:
            rc = split_ref(self.last_ref)
            self.col = rc[1] if rc else 0
        self.col += 1
        return f"{col_letter(self.col)}{self.row}"

    def _merge(self, ref: str) -> None:
        self.merges += 1
        if self.merges > self.max_merges:
            raise _too_many_merges(self.max_merges)
        if _covers_wanted(ref, self.wanted_rc, self.wanted_rc_set):
            self.out.merged.append(ref)


def _too_many_merges(most: int) -> ReadError:
    return ReadError(
        "sheet-too-complex",
        f"A sheet has more than {most} merged ranges, which no questionnaire has. Ask the "
        "network to fill in a fresh copy of the questionnaire.",
    )


def _covers_wanted(
    ref: str, wanted_rc: list[tuple[int, int]], wanted_set: frozenset[tuple[int, int]]
) -> bool:
    first, _, last = ref.partition(":")
    a = split_ref(first)
    b = split_ref(last) if last else a
    if a is None or b is None:
        return False
    r1, r2 = sorted((a[0], b[0]))
    c1, c2 = sorted((a[1], b[1]))
    # Walk whichever is smaller: the range's cells or the wanted cells.
    if (r2 - r1 + 1) * (c2 - c1 + 1) <= len(wanted_rc):
        return any((r, c) in wanted_set for r in range(r1, r2 + 1) for c in range(c1, c2 + 1))
    return any(r1 <= r <= r2 and c1 <= c <= c2 for r, c in wanted_rc)


def merge_hits(refs: list[str], wanted: frozenset[str], limits: Limits) -> list[str]:
    """The merged ranges among `refs` that cover a wanted cell (as the full scan keeps them)."""
    if len(refs) > limits.max_merges:
        raise _too_many_merges(limits.max_merges)
    rcs, rc_set = _positions(wanted)
    return [ref for ref in refs if _covers_wanted(ref, rcs, rc_set)]


@lru_cache(maxsize=16)  # every file of a run asks for the same cells
def _positions(wanted: frozenset[str]) -> tuple[list[tuple[int, int]], frozenset[tuple[int, int]]]:
    rcs = [rc for rc in map(split_ref, wanted) if rc is not None]
    return rcs, frozenset(rcs)


def malformed(what: str) -> ReadError:
    return ReadError(
        "xml-malformed",
        f"{what}, so its value is ambiguous. Ask the network to save the questionnaire "
        "again in Excel (as .xlsx) and resend it.",
    )


def scan_sheet(zf: Parts, part: str, wanted: frozenset[str], limits: Limits) -> ScannedSheet:
    """Scan worksheet `part`, keeping the cells in `wanted` (upper-case A1 references)."""
    scan = _Scanner(wanted, limits)
    feed(zf, part, scan.parser)
    for ref, si in scan.children.items():
        cell = scan.out.cells.get(ref)
        if isinstance(cell, ScannedCell) and not cell.formula and si in scan.masters:
            origin, text = scan.masters[si]
            cell.formula = translate_formula(text, origin, ref)
    return scan.out


_FORMULA_TOKEN = re.compile(
    r'"(?:[^"]|"")*"'  # string literal: never shifted
    r"|'(?:[^']|'')*'"  # quoted sheet name
    # An external book index or a structured reference; no "[" inside, or a formula of a
    # megabyte of "[" takes quadratic time (nested structured references match part by part).
    r"|\[[^\[\]]*\]"
    r"|(?<![A-Za-z0-9_.])(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})(?![A-Za-z0-9_(.!\[])"
)


def translate_formula(formula: str, origin: str, target: str) -> str:
    """Move a shared formula written for `origin` to `target`, as Excel fills it down/right.

    Relative cell references shift; absolute parts (`$`), strings and sheet names do not.
    Whole-column/row references (A:A, 1:1) are left as written.
    """
    o, t = split_ref(origin), split_ref(target)
    if o is None or t is None:
        return formula
    d_row, d_col = t[0] - o[0], t[1] - o[1]

    def shift(m: re.Match[str]) -> str:
        if m.group(2) is None:
            return m.group(0)
        col_abs, letters, row_abs, digits = m.groups()
        rc = split_ref(letters + digits)
        if rc is None:
            return m.group(0)  # not a reference after all (a name such as ABCD1)
        row = rc[0] + (0 if row_abs else d_row)
        col = rc[1] + (0 if col_abs else d_col)
        if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COL):
            return "#REF!"
        return f"{col_abs}{col_letter(col)}{row_abs}{row}"

    return _FORMULA_TOKEN.sub(shift, formula)
