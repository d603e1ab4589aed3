"""The fast sheet scan gives what the full expat scan gives, or steps aside.

`fastscan.scan` picks the wanted cells out with regular expressions when a sheet keeps to the
plain subset, and runs the full scan (`sheet.scan_sheet`) otherwise. These tests generate
sheets in many legal (and some illegal) spellings of the same XML and require the same cells,
the same merged ranges and the same errors from both; and they check that the fast path is
really taken for what spreadsheet programs write.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from soffice import to_xlsx

from perfreg_xlsx.checking.validate import wanted_cells
from perfreg_xlsx.reading.fastscan import fast_scan, scan
from perfreg_xlsx.reading.files import DEFAULT_LIMITS, Limits, ReadError
from perfreg_xlsx.reading.reader import (
    RawCell,
    RawWorkbook,
    _normalise_refs,
    _type_cell,
    read_workbook,
)
from perfreg_xlsx.reading.safezip import SafeZip
from perfreg_xlsx.reading.sheet import ScannedCell, ScannedSheet, scan_sheet

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PART = "xl/worksheets/sheet1.xml"
INPUTS = Path(__file__).resolve().parents[1] / "inputs"
REFS = [f"{c}{r}" for c in "ABE" for r in range(1, 5)]


def zipped(xml: bytes) -> SafeZip:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(PART, xml)
    return SafeZip(buf.getvalue())


def typed(sheet: ScannedSheet) -> ScannedSheet:
    """`sheet` with every inline text without a formula typed as the reader types it: the
    fast scan gives a plain one finished (a RawCell), the full scan as scanned."""
    cells = {
        ref: _type_cell(c, {}, None)
        if isinstance(c, ScannedCell) and c.type == "inlineStr" and not c.has_formula
        else c
        for ref, c in sheet.cells.items()
    }
    return ScannedSheet(cells, sheet.merged)


def outcome(run: Callable[[], ScannedSheet]) -> ScannedSheet | str:
    """The scan's (typed) result, or the code of the ReadError it raised."""
    try:
        return typed(run())
    except ReadError as exc:
        return exc.code


def both(xml: bytes, wanted: frozenset[str], limits: Limits = DEFAULT_LIMITS) -> tuple[object, ...]:
    zf = zipped(xml)
    full = outcome(lambda: scan_sheet(zf, PART, wanted, limits))
    fast = outcome(lambda: scan(zf, PART, wanted, limits))
    return full, fast


# --- Generated sheets -----------------------------------------------------------------------

TEXT = st.lists(
    st.sampled_from(
        [
            "a",
            "Æble",
            " ",
            "x y",
            "&amp;",
            "&lt;",
            "&gt;",
            "&quot;",
            "&apos;",
            "&#65;",
            "&#x42;",
            "&#0000067;",
            "&#13;",
            "\r\n",
            "\r",
            "\n",
            "\t",
            "1,5",
            "=SUM(A1)",
            "ø",
            "€",
            "]",
            ">",
        ]
    ),
    max_size=5,
).map("".join)
NUMBER = st.sampled_from(["0", "12", "1.5", "-3", "1E3", " 7 ", "", "abc"])


@st.composite
def cell_content(draw: st.DrawFn, plain: bool) -> str:
    kinds = ["none", "v", "v_empty", "f", "fshared", "is"] if plain else None
    kind = draw(
        st.sampled_from(kinds)
        if kinds
        else st.sampled_from(
            ["none", "v", "v_empty", "f", "fshared", "fchild", "is", "is2", "rph", "odd"]
        )
    )
    if kind == "none":
        return ""
    if kind == "v":
        return f"<v>{draw(NUMBER)}</v>"
    if kind == "v_empty":
        return draw(st.sampled_from(["<v/>", "<v />", "<v></v>"]))
    if kind == "f":
        return f"<f>{draw(TEXT)}</f><v>{draw(NUMBER)}</v>"
    if kind == "fshared":
        return f'<f t="shared" ref="E1:E4" si="0">A1{draw(TEXT)}</f><v>1</v>'
    if kind == "fchild":
        return '<f t="shared" si="0"/><v>2</v>'
    if kind == "is":
        space = draw(st.sampled_from(["", ' xml:space="preserve"']))
        return f"<is><t{space}>{draw(TEXT)}</t></is>"
    if kind == "is2":
        return f"<is><r><t>{draw(TEXT)}</t></r><r><rPr><b/></rPr><t>{draw(TEXT)}</t></r></is>"
    if kind == "rph":
        return f"<is><t>{draw(TEXT)}</t><rPh sb='0' eb='1'><t>yomi</t></rPh></is>"
    return draw(st.sampled_from(["<!-- c --><v>1</v>", "<v><![CDATA[1<2]]></v>", " <v>1</v> "]))


@st.composite
def cell(draw: st.DrawFn, ref: str, prefix: str, plain: bool) -> str:
    t = draw(
        st.sampled_from(["", ' t="s"', ' t="n"', ' t="inlineStr"', ' t="str"', ' t="b"', ' t="e"'])
    )
    s = draw(st.sampled_from(["", ' s="3"', ' s="0012"']))
    extra = draw(st.sampled_from(["", "", ' cm="1"', ' x14ac:dyDescent="0.25"', ' ph="1"']))
    if plain:  # as spreadsheet programs write it: the fast path's ground
        extra = draw(st.sampled_from(["", "", ' cm="1"']))
        r_attr = f' r="{ref}"'
    else:
        r_attr = draw(st.sampled_from([f' r="{ref}"'] * 6 + [f" r='{ref}'", f' r = "{ref}"', ""]))
    if not plain and draw(st.integers(0, 5)) == 0:
        attrs = s + r_attr + t + extra  # out of Excel's order
    else:
        attrs = r_attr + s + t + extra
    content = draw(cell_content(plain))
    c = f"{prefix}c"
    if not content and draw(st.booleans()):
        return f"<{c}{attrs}/>"
    return f"<{c}{attrs}>{content}</{c}>".replace("<v", f"<{prefix}v").replace(
        "</v", f"</{prefix}v"
    )


@st.composite
def sheet(draw: st.DrawFn) -> bytes:
    plain = draw(st.booleans())
    prefix = "" if plain else draw(st.sampled_from([""] * 8 + ["x:"]))
    ns = f'xmlns:x="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    extra_ns = draw(st.sampled_from(["", ' xmlns:r="urn:r"', ' xmlns:x14ac="urn:x14ac"']))
    decl = draw(
        st.sampled_from(
            [
                "",
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
                "<?xml version='1.0'?>",
            ]
            + ([] if plain else ['<?xml version="1.0" encoding="ISO-8859-1"?>'])
        )
    )
    rows = []
    for r in range(1, 5):
        refs = draw(st.lists(st.sampled_from([f"{c}{r}" for c in "ABCDE"]), max_size=4))
        cells = "".join(draw(cell(ref, prefix, plain)) for ref in refs)
        row_r = draw(st.sampled_from([f' r="{r}"', ""]))
        rows.append(f"<{prefix}row{row_r}>{cells}</{prefix}row>")
    merges = draw(
        st.lists(
            st.sampled_from(["A1:B2", "C3:D4", "E4", "A1:A1", "$E$2:F3", "Z9:ZZ99"]), max_size=3
        )
    )
    merge_xml = ""
    if merges:
        spelled = [
            draw(
                st.sampled_from(
                    [f'<mergeCell ref="{m}"/>'] + ([] if plain else [f"<mergeCell ref='{m}' />"])
                )
            )
            for m in merges
        ]
        merge_xml = f'<mergeCells count="{len(merges)}">{"".join(spelled)}</mergeCells>'
    middle = draw(
        st.sampled_from(["", "<sheetPr/>"] + ([] if plain else ["<!-- x -->", "<?pi x?>"]))
    )
    xml = (
        f"{decl}<{prefix}worksheet {ns}{extra_ns}>{middle}<{prefix}sheetData>{''.join(rows)}"
        f"</{prefix}sheetData>{merge_xml}</{prefix}worksheet>"
    )
    data = xml.encode("utf-8")
    if draw(st.integers(0, 9)) == 0:
        data = b"\xef\xbb\xbf" + data
    return data


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheet(), st.sets(st.sampled_from(REFS), min_size=1))
def test_fast_scan_equals_full_scan(xml: bytes, wanted: set[str]) -> None:
    full, fast = both(xml, frozenset(wanted))
    assert fast == full


@settings(max_examples=200, deadline=None)
@given(sheet(), st.integers(0, 60), st.integers(0, 2))
def test_damaged_xml_gives_the_same_error(xml: bytes, at: int, how: int) -> None:
    """Cut, doubled or stray bytes: the same ReadError (or the same cells) from both paths."""
    pos = min(at * 7, len(xml))
    damaged = [xml[:pos], xml[:pos] + b"<" + xml[pos:], xml[:pos] + b"&x;" + xml[pos:]][how]
    full, fast = both(damaged, frozenset(REFS))
    assert fast == full


# --- The fast path is taken for what spreadsheet programs write ------------------------------

EXCEL = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    f'<worksheet xmlns="{MAIN}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" '
    'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
    '<dimension ref="A1:E3"/><sheetData>'
    '<row r="1" spans="1:5" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c>'
    '<c r="E1" s="2"><v>42</v></c></row>'
    '<row r="2" spans="1:5"><c r="A2" t="s"><v>1</v></c><c r="E2" s="3" t="s"><v>4</v></c></row>'
    '<row r="3"><c r="E3"><f>E1*2</f><v>84</v></c><c r="A3" t="inlineStr"><is><t>a &amp; b'
    "</t></is></c></row>"
    '</sheetData><mergeCells count="1"><mergeCell ref="E2:F2"/></mergeCells>'
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    "</worksheet>"
).encode()


def test_excel_sheet_is_read_by_the_fast_path() -> None:
    wanted = frozenset({"A1", "E1", "A2", "E2", "E3", "A3"})
    fast = fast_scan(EXCEL, PART, wanted, DEFAULT_LIMITS)
    assert fast is not None
    full, via_scan = both(EXCEL, wanted)
    assert typed(fast) == full == via_scan
    assert fast.cells["E1"].v == "42" and fast.cells["E1"].style == 2
    assert fast.cells["E2"].type == "s" and fast.cells["E2"].v == "4"
    assert fast.cells["E3"].formula == "E1*2" and fast.cells["E3"].v == "84"
    assert fast.cells["A3"].inline == ["a & b"]
    assert fast.merged == ["E2:F2"]


def test_sample_forms_are_read_by_the_fast_path() -> None:
    from perfreg_xlsx.checking.validate import wanted_cells
    from perfreg_xlsx.reading.reader import _normalise_refs

    wanted = _normalise_refs(wanted_cells()["Skema"])
    inputs = Path(__file__).resolve().parents[1] / "inputs"
    paths = sorted(inputs.glob("*.xlsx"))
    assert len(paths) == 54
    sizes = set()
    for path in paths:
        with zipfile.ZipFile(path) as zf:
            data = zf.read("xl/worksheets/sheet2.xml")
        fast = fast_scan(data, PART, wanted, DEFAULT_LIMITS)
        assert fast is not None, path.name
        assert typed(fast) == typed(scan_sheet(zipped(data), PART, wanted, DEFAULT_LIMITS))
        sizes.add(len(fast.cells))
    assert sizes == {19, 147}  # the cluster and the network form


@pytest.mark.parametrize(
    "xml",
    [
        EXCEL.replace(b"<dimension", b"<!-- a comment --><dimension"),
        EXCEL.replace(b'<c r="E3">', b'<c r="E3" >\n'),
        EXCEL.replace(b"<v>42</v>", b"<v><![CDATA[42]]></v>"),
        EXCEL.replace(b'<c r="E1" s="2">', b'<c s="2" r="E1">'),
        EXCEL.replace(b"<sheetData>", b'<sheetData xmlns="urn:other">'),
        EXCEL.replace(b"<f>E1*2</f>", b'<f t="shared" si="0"/>'),
        EXCEL.replace(b'<mergeCell ref="E2:F2"/>', b"<mergeCell ref='E2:F2'/>"),
        EXCEL.replace(b'<c r="E1" s="2">', b'<c r="&#69;1" s="2">'),
        EXCEL.replace(b"<sheetData>", b'<sheetData xmlns:y="' + MAIN.encode() + b'">').replace(
            b'<c r="E3"><f>E1*2</f><v>84</v></c>', b'<y:c r="E3"><y:v>84</y:v></y:c>'
        ),
    ],
    ids=[
        "comment",
        "space-in-tag",
        "cdata",
        "attribute-order",
        "namespace",
        "shared",
        "quote",
        "reference-in-address",
        "prefixed-cell",
    ],
)
def test_what_is_not_plain_goes_to_the_full_scan(xml: bytes) -> None:
    wanted = frozenset({"A1", "E1", "A2", "E2", "E3", "A3"})
    assert fast_scan(xml, PART, wanted, DEFAULT_LIMITS) is None
    full, via_scan = both(xml, wanted)
    assert via_scan == full
    assert isinstance(full, ScannedSheet)


def test_a_cell_written_twice_is_refused_by_both() -> None:
    xml = EXCEL.replace(b'<c r="E3">', b'<c r="E1"><v>1</v></c><c r="E3">')
    assert both(xml, frozenset({"E1", "E3"})) == ("xml-malformed", "xml-malformed")


def test_too_many_merged_ranges_are_refused_by_both() -> None:
    merges = "".join(f'<mergeCell ref="A{i}:B{i}"/>' for i in range(1, 12))
    xml = EXCEL.replace(b'<mergeCell ref="E2:F2"/>', merges.encode())
    few = Limits(max_merges=10)
    assert both(xml, frozenset({"E1"}), few) == ("sheet-too-complex", "sheet-too-complex")


def test_a_dtd_is_refused_before_the_fast_path() -> None:
    xml = EXCEL.replace(b"\r\n<worksheet", b'\r\n<!DOCTYPE w [<!ENTITY e "x">]><worksheet')
    assert both(xml, frozenset({"E1"})) == ("xml-forbidden", "xml-forbidden")


def test_a_form_saved_again_by_libreoffice_takes_the_fast_path_and_reads_the_same(
    tmp_path: Path,
) -> None:
    """What a spreadsheet program writes takes the fast sheet scan and gives the cells the
    original gives."""
    original = INPUTS / "robocluster_2012.xlsx"
    saved = to_xlsx(original, tmp_path / "saved")
    wanted = wanted_cells()
    sheet = SafeZip(saved.read_bytes()).read("xl/worksheets/sheet2.xml")
    assert fast_scan(sheet, "sheet2", _normalise_refs(wanted["Skema"]), DEFAULT_LIMITS)
    before, after = read_workbook(original, wanted), read_workbook(saved, wanted)

    def cells(wb: RawWorkbook) -> dict[str, RawCell]:
        # LibreOffice writes texts to the shared strings (t="s") where we wrote them inline.
        return {ref: c._replace(cell_type="") for ref, c in wb.sheets["Skema"].cells.items()}

    assert cells(after) == cells(before)
    assert len(cells(after)) == 147
