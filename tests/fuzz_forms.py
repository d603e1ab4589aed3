"""Mutations of a filled, valid questionnaire at the package level, for the fuzz tests.

A `Package` is the parts of one .xlsx in their order, as bytes; each mutation returns a new
one, so one valid form made once can be mutated per example. The answer sheet "Skema" is
found through the workbook's relationships, as the reader finds it, and its answer cells are
replaced by raw cell XML, so a test controls every byte of what an answer cell holds.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.survey.types import Kind, Programme

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"

# The answer cells of the innovation networks' form: A1 reference -> the field's kind.
ANSWER_CELLS: dict[str, Kind] = {
    m.cell.a1: m.field.kind for m in fm.layout(Programme.NETWORK).fields
}
NUMBER_CELLS = tuple(ref for ref, kind in ANSWER_CELLS.items() if kind in (Kind.INT, Kind.DEC))
YES_NO_CELLS = tuple(ref for ref, kind in ANSWER_CELLS.items() if kind is Kind.YESNO)
TEXT_CELLS = tuple(ref for ref, kind in ANSWER_CELLS.items() if kind is Kind.TEXT)


@dataclass(frozen=True, repr=False)
class Package:
    """The parts of one workbook package, by zip entry name, in their order."""

    parts: tuple[tuple[str, bytes], ...]
    sheet_part: str  # the zip entry of the sheet "Skema"

    def __repr__(self) -> str:
        return f"Package({len(self.parts)} parts, sheet_part={self.sheet_part!r})"

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        # hypothesis prints a failing example's arguments with this, not with __repr__
        p.text(repr(self))

    @classmethod
    def read(cls, path: Path) -> Package:
        with zipfile.ZipFile(path) as zf:
            parts = tuple((i.filename, zf.read(i)) for i in zf.infolist())
        return cls(parts, _form_sheet_part(dict(parts)))

    def part(self, name: str) -> bytes:
        return dict(self.parts)[name]

    def with_part(self, name: str, data: bytes) -> Package:
        """The package with part `name` replaced (or added at the end)."""
        if any(n == name for n, _ in self.parts):
            parts = tuple((n, data if n == name else d) for n, d in self.parts)
        else:
            parts = (*self.parts, (name, data))
        return replace(self, parts=parts)

    def write(self, path: Path) -> Path:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # duplicate entry names are wanted by some tests
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
                for name, data in self.parts:
                    zf.writestr(name, data)
        return path


def _form_sheet_part(parts: Mapping[str, bytes]) -> str:
    workbook = parts["xl/workbook.xml"].decode()
    rid = re.search(r'<sheet name="Skema"[^>]*?r:id="([^"]+)"', workbook)
    assert rid is not None, "the filled form has no sheet Skema"
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'<Relationship[^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels)
    if target is None:  # attributes in the other order
        target = re.search(rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    assert target is not None, "no relationship for the sheet Skema"
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def _cell_span(xml: str, ref: str) -> tuple[int, int]:
    """Where the element of cell `ref` is in the sheet XML (start, end)."""
    start = xml.find(f'<c r="{ref}"')
    assert start >= 0, f"no cell {ref} in the sheet"
    tag_end = xml.index(">", start)
    if xml[tag_end - 1] == "/":
        return start, tag_end + 1
    return start, xml.index("</c>", tag_end) + len("</c>")


def replace_cells(pkg: Package, cells: Mapping[str, str]) -> Package:
    """`pkg` with each answer cell in `cells` (ref -> raw <c> element XML) replaced."""
    xml = pkg.part(pkg.sheet_part).decode()
    for ref, element in cells.items():
        start, end = _cell_span(xml, ref)
        xml = xml[:start] + element + xml[end:]
    return pkg.with_part(pkg.sheet_part, xml.encode())


def cell_xml(
    ref: str,
    *,
    t: str | None = None,
    v: str | None = None,
    inline: str | None = None,
    f: str | None = None,
    s: int | None = None,
    raw_text: bool = False,
) -> str:
    """One <c> element; texts are escaped for XML unless `raw_text` (they are XML already)."""

    def text(x: str) -> str:
        return x if raw_text else escape(x)

    attrs = f"r={quoteattr(ref)}"
    if s is not None:
        attrs += f' s="{s}"'
    if t is not None:
        attrs += f" t={quoteattr(t)}"
    inner = ""
    if f is not None:
        inner += f"<f>{text(f)}</f>"
    if v is not None:
        inner += f"<v>{text(v)}</v>"
    if inline is not None:
        inner += f'<is><t xml:space="preserve">{text(inline)}</t></is>'
    return f"<c {attrs}>{inner}</c>" if inner else f"<c {attrs}/>"


def with_shared_strings(pkg: Package, items: Iterable[str], *, raw: bool = False) -> Package:
    """`pkg` with a shared-strings part holding `items` (each one <si>, escaped unless `raw`).

    The filled forms write inline strings only, so the part, its relationship and its content
    type are added.
    """
    sis = "".join(f"<si>{s}</si>" if raw else f"<si><t>{escape(s)}</t></si>" for s in items)
    sst = f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN}">{sis}</sst>'
    rels = pkg.part("xl/_rels/workbook.xml.rels").decode()
    if "sharedStrings.xml" not in rels:
        rels = rels.replace(
            "</Relationships>",
            f'<Relationship Id="rIdFuzzSst" Type="{REL}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>',
        )
    types = pkg.part("[Content_Types].xml").decode()
    if "/xl/sharedStrings.xml" not in types:
        types = types.replace(
            "</Types>",
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_TYPE}"/></Types>',
        )
    return (
        pkg.with_part("xl/sharedStrings.xml", sst.encode())
        .with_part("xl/_rels/workbook.xml.rels", rels.encode())
        .with_part("[Content_Types].xml", types.encode())
    )


def rename_sheet(pkg: Package, old: str, new: str) -> Package:
    """`pkg` with the sheet `old` declared as `new` in the workbook part."""
    workbook = pkg.part("xl/workbook.xml").decode()
    workbook = workbook.replace(f"<sheet name={quoteattr(old)}", f"<sheet name={quoteattr(new)}")
    return pkg.with_part("xl/workbook.xml", workbook.encode())


def rename_entry(pkg: Package, old: str, new: str) -> Package:
    """`pkg` with zip entry `old` stored as `new`; references to it are left as they were."""
    return replace(pkg, parts=tuple((new if n == old else n, d) for n, d in pkg.parts))


def danish_number(value: int | float, *, thousands: str = ".", decimals: int = 0) -> str:
    """`value` as a Danish text: `thousands` between digit groups, a decimal comma."""
    text = f"{abs(value):,.{decimals}f}"
    head, _, tail = text.partition(".")
    out = head.replace(",", thousands) + ("," + tail if tail else "")
    return ("-" if value < 0 else "") + out
