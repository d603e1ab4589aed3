"""The reader: values as the file holds them, and every hostile file refused cleanly."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.parsers import expat

import hostile
import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfreg_xlsx.errors import PerfregError
from perfreg_xlsx.reading.parts import is_date_format
from perfreg_xlsx.reading.reader import (
    FileKind,
    Limits,
    RawWorkbook,
    ReadError,
    list_inputs,
    read_workbook,
    sniff,
)
from perfreg_xlsx.reading.sheet import translate_formula

FORM = {"Skema": list(hostile.VALID_VALUES)}


def values(wb: RawWorkbook, sheet: str = "Skema") -> dict[str, object]:
    return {ref: c.value for ref, c in wb.sheets[sheet].cells.items()}


def read_raw(tmp_path: Path, cells: str, refs: list[str], **kwargs: object) -> RawWorkbook:
    path = hostile.write_package(
        tmp_path / "raw.xlsx", [("Skema", hostile.sheet_xml(cells))], **kwargs
    )
    return read_workbook(path, {"Skema": refs})


# --- Normal workbooks ------------------------------------------------------------------------


def test_valid_package_values_and_hash(tmp_path: Path) -> None:
    path = hostile.valid(tmp_path)
    wb = read_workbook(path, FORM)
    assert values(wb) == hostile.VALID_VALUES
    assert wb.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert wb.sheet_names == ("Skema",)
    assert wb.hidden_sheets == ()
    assert wb.sheets["Skema"].merged == ()
    assert wb.path == path
    assert not wb.has_macros


def test_xlsxwriter_types_formulas_and_dates(tmp_path: Path) -> None:
    path = tmp_path / "xw.xlsx"
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("Skema")
    ws.write_number("E2", 2012)
    ws.write_number("E3", 1250.25)
    ws.write_string("E4", "007")
    ws.write_boolean("E5", True)
    ws.write_formula("E6", "=E2*2", None, 4024)
    ws.write_formula("E7", "=1/0", None, "#DIV/0!")
    ws.write_datetime("E8", dt.datetime(2012, 5, 1), book.add_format({"num_format": "d-m-yyyy"}))
    ws.write_number("E9", 1500, book.add_format({"num_format": "#,##0"}))
    ws.write_rich_string("E10", "Net", book.add_format({"bold": True}), "værk")
    ws.write_number("E11", 1e20)
    ws.write_formula("E12", '=E4&""', None, "007")
    book.add_worksheet("Lister")
    book.close()
    refs = [f"E{r}" for r in range(2, 14)]
    sheet = read_workbook(path, {"Skema": refs}).sheets["Skema"]
    assert values(read_workbook(path, {"Skema": refs})) == {
        "E2": 2012,
        "E3": 1250.25,
        "E4": "007",
        "E5": True,
        "E6": 4024,
        "E7": "#DIV/0!",
        "E8": 41030,
        "E9": 1500,
        "E10": "Netværk",
        "E11": 1e20,
        "E12": "007",
    }
    assert isinstance(sheet.cells["E2"].value, int) and isinstance(sheet.cells["E11"].value, float)
    assert sheet.cells["E6"].formula == "E2*2" and not sheet.cells["E6"].no_cached_value
    assert sheet.cells["E7"].is_error and sheet.cells["E7"].formula == "1/0"
    assert [r for r, c in sheet.cells.items() if c.date_formatted] == ["E8"]
    assert sheet.cells["E12"].cell_type == "str" and sheet.cells["E12"].formula == 'E4&""'
    assert "E13" not in sheet.cells  # empty cell: absent
    assert list(sheet.cells) == sorted(sheet.cells, key=lambda r: int(r[1:]))  # row order


def test_openpyxl_formula_has_no_cached_value(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Skema"
    ws["E2"] = "=SUM(E3:E4)"
    ws["E3"] = 3
    book.save(tmp_path / "op.xlsx")
    cells = read_workbook(tmp_path / "op.xlsx", {"Skema": ["E2", "E3"]}).sheets["Skema"].cells
    assert cells["E2"].formula == "SUM(E3:E4)"
    assert cells["E2"].no_cached_value and cells["E2"].value is None
    assert cells["E3"].value == 3 and cells["E3"].formula is None


def test_wanted_sheet_and_refs(tmp_path: Path) -> None:
    path = hostile.valid(tmp_path)
    wb = read_workbook(path, {"skema": ["$e$2"], "Mangler": ["A1"]})
    assert set(wb.sheets) == {"skema"}  # a missing sheet is absent, not an exception
    assert wb.sheets["skema"].name == "Skema"  # the name as the file spells it
    assert values(wb, "skema") == {"E2": 2012}
    with pytest.raises(ValueError, match="not a cell reference"):
        read_workbook(path, {"Skema": ["Skema!E2"]})


def test_shared_formulas_are_translated(tmp_path: Path) -> None:
    cells = (
        '<row r="10"><c r="D10"><v>1</v></c><c r="E10"><f t="shared" ref="E10:F12" si="0">'
        'D10*2+$A$1+"B1"</f><v>2</v></c></row>'
        '<row r="11"><c r="E11"><f t="shared" si="0"/><v>4</v></c></row>'
        '<row r="12"><c r="F12"><f t="shared" si="0"/></c></row>'
    )
    cells_out = read_raw(tmp_path, cells, ["E10", "E11", "F12"]).sheets["Skema"].cells
    assert cells_out["E10"].formula == 'D10*2+$A$1+"B1"'
    assert cells_out["E11"].formula == 'D11*2+$A$1+"B1"' and cells_out["E11"].value == 4
    assert cells_out["F12"].formula == 'E12*2+$A$1+"B1"' and cells_out["F12"].no_cached_value


@pytest.mark.parametrize(
    ("formula", "origin", "target", "expected"),
    [
        ("A1+B$2+$C3", "E5", "F7", "B3+C$2+$C5"),
        ("SUM(Data!A1:A3)*LOG10(2)", "B1", "B2", "SUM(Data!A2:A4)*LOG10(2)"),
        ("'My A1'!B1&\"C1\"", "A1", "B1", "'My A1'!C1&\"C1\""),
        ("A1", "B2", "A1", "#REF!"),
    ],
)
def test_translate_formula(formula: str, origin: str, target: str, expected: str) -> None:
    assert translate_formula(formula, origin, target) == expected


def test_strings_rich_phonetic_and_escapes(tmp_path: Path) -> None:
    sst = (
        f'<sst xmlns="{hostile.MAIN}"><si><t>plain</t></si>'
        "<si><r><t>Rich </t></r><r><rPr><b/></rPr><t>text</t></r>"
        "<rPh><t>PHONETIC</t></rPh></si><si><t>a_x000D_b_x005F_x0041_</t></si></sst>"
    )
    cells = (
        '<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>2</v></c>'
        '<c r="C1" t="inlineStr"><is><r><t xml:space="preserve">in </t></r><r><t>line</t></r>'
        "</is></c></row>"
    )
    assert values(read_raw(tmp_path, cells, ["A1", "B1", "C1"], shared_strings=sst)) == {
        "A1": "Rich text",
        "B1": "a\rb_x0041_",
        "C1": "in line",
    }


def test_number_text_is_never_coerced(tmp_path: Path) -> None:
    cells = (
        '<row r="1"><c r="A1"><v>1E3</v></c><c r="B1"><v>1_000</v></c><c r="C1"><v>NaN</v></c>'
        '<c r="D1"><v>-0.5</v></c><c r="E1" t="b"><v>0</v></c><c r="F1" t="d">'
        '<v>2012-05-01T00:00:00</v></c><c r="G1" s="1"/></row>'
    )
    wb = read_raw(tmp_path, cells, ["A1", "B1", "C1", "D1", "E1", "F1", "G1"])
    assert values(wb) == {
        "A1": 1000,
        "B1": "1_000",
        "C1": "NaN",
        "D1": -0.5,
        "E1": False,
        "F1": "2012-05-01T00:00:00",
        "G1": None,
    }
    assert wb.sheets["Skema"].cells["F1"].date_formatted


def test_empty_text_result_is_a_cached_value(tmp_path: Path) -> None:
    # Excel saves ="" as t="str" with an empty <v>; without t, an empty <v> is "never calculated".
    cells = '<row r="1"><c r="A1" t="str"><f>""</f><v></v></c><c r="B1"><f>A1</f><v/></c></row>'
    out = read_raw(tmp_path, cells, ["A1", "B1"]).sheets["Skema"].cells
    assert (out["A1"].value, out["A1"].no_cached_value) == ("", False)
    assert (out["B1"].value, out["B1"].no_cached_value) == (None, True)


def test_date_styles(tmp_path: Path) -> None:
    cells = "".join(
        f'<row r="{r}"><c r="A{r}" s="{s}"><v>41030</v></c></row>'
        for r, s in enumerate(
            [
                hostile.STYLE_GENERAL,
                hostile.STYLE_DATE,
                hostile.STYLE_CUSTOM_DATE,
                hostile.STYLE_THOUSANDS,
                99,
            ],
            1,
        )
    )
    cells_out = read_raw(tmp_path, cells, [f"A{r}" for r in range(1, 6)]).sheets["Skema"].cells
    assert [c.date_formatted for c in cells_out.values()] == [False, True, True, False, False]


@pytest.mark.parametrize(
    ("code", "is_date"),
    [
        ("dd/mm/yyyy", True),
        ("[h]:mm", True),
        ("[$-406]d. mmmm yyyy", True),
        ("#,##0", False),
        ('#,##0 "kr. dkk"', False),
        ("[Red]#,##0;-#,##0", False),
        ("General", False),
        ("0.00E+00", False),
        ("0\\d", False),
    ],
)
def test_is_date_format(code: str, is_date: bool) -> None:
    assert is_date_format(code) is is_date


def test_cells_without_r_follow_their_neighbours(tmp_path: Path) -> None:
    cells = '<row r="4"><c r="C4"><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>'
    assert values(read_raw(tmp_path, cells, ["C4", "D4", "A5"])) == {"C4": 1, "D4": 2, "A5": 3}


def test_namespace_prefixes_and_strict_ooxml(tmp_path: Path) -> None:
    prefixed = hostile.sheet_xml('<x:row r="2"><x:c r="E2"><x:v>5</x:v></x:c></x:row>').replace(
        f'<worksheet xmlns="{hostile.MAIN}"', f'<x:worksheet xmlns:x="{hostile.MAIN}"'
    )
    prefixed = prefixed.replace("<sheetData>", "<x:sheetData>").replace(
        "</sheetData>", "</x:sheetData>"
    )
    prefixed = prefixed.replace("<dimension", "<x:dimension").replace(
        "</worksheet>", "</x:worksheet>"
    )
    path = hostile.write_package(tmp_path / "prefixed.xlsx", [("Skema", prefixed)])
    assert values(read_workbook(path, {"Skema": ["E2"]})) == {"E2": 5}

    strict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
    parts = [
        (n, d.replace(hostile.MAIN.encode(), strict.encode()))
        for n, d in hostile.package_parts([("Skema", hostile.sheet_xml(hostile.VALID_CELLS))])
    ]
    path = hostile.write_zip(tmp_path / "strict.xlsx", parts)
    assert values(read_workbook(path, {"Skema": ["E2"]})) == {"E2": 2012}


def test_extension_parts_are_not_taken_for_cells(tmp_path: Path) -> None:
    # x14 data validations carry <xm:f> formulas outside sheetData; they are no cell formula.
    xml = hostile.sheet_xml('<row r="2"><c r="E2"><v>1</v></c></row>').replace(
        "</worksheet>",
        '<extLst><ext uri="x"><x14:dataValidations xmlns:x14="urn:x14" xmlns:xm="urn:xm">'
        "<x14:dataValidation><xm:f>Lister!$A$1:$A$2</xm:f><xm:sqref>E2</xm:sqref>"
        "</x14:dataValidation></x14:dataValidations></ext></extLst></worksheet>",
    )
    path = hostile.write_package(tmp_path / "ext.xlsx", [("Skema", xml)])
    cell = read_workbook(path, {"Skema": ["E2"]}).sheets["Skema"].cells["E2"]
    assert cell.value == 1 and cell.formula is None


def test_macros_are_noticed_not_run(tmp_path: Path) -> None:
    parts = hostile.package_parts([("Skema", hostile.sheet_xml(hostile.VALID_CELLS))])
    path = hostile.write_zip(tmp_path / "m.xlsm", [*parts, ("xl/vbaProject.bin", b"\x00" * 64)])
    assert read_workbook(path, {"Skema": ["E2"]}).has_macros


# --- Hostile and broken files ----------------------------------------------------------------

HOSTILE: list[tuple[Callable[[Path], Path], str]] = [
    (hostile.zip_bomb, "zip-bomb"),
    (hostile.zip_bomb_lying, "damaged-zip"),
    (hostile.high_ratio, "zip-bomb"),
    (hostile.too_many_entries, "too-many-entries"),
    (hostile.duplicate_entries, "duplicate-zip-entry"),
    (hostile.truncated, "damaged-zip"),
    (hostile.empty, "empty-file"),
    (hostile.ole2, "encrypted-or-xls"),
    (hostile.encrypted, "encrypted-or-xls"),
    (hostile.text_renamed, "not-a-zip"),
    (hostile.ods, "not-xlsx"),
    (hostile.entity_bomb_strings, "xml-forbidden"),
    (hostile.entity_bomb_sheet, "xml-forbidden"),
    (hostile.external_entity, "xml-forbidden"),
    (hostile.malformed_sheet, "xml-malformed"),
    (hostile.corrupt_entry, "damaged-zip"),
]


@pytest.mark.parametrize(("build", "code"), HOSTILE, ids=[b.__name__ for b, _ in HOSTILE])
def test_hostile_file_is_refused_and_its_neighbour_read(
    tmp_path: Path, build: Callable[[Path], Path], code: str
) -> None:
    bad = build(tmp_path)
    good = hostile.valid(tmp_path, "zz_valid.xlsx")
    candidates, _ = list_inputs(tmp_path)
    assert set(candidates) == {bad, good}
    tracemalloc.start()
    t0 = time.perf_counter()
    with pytest.raises(ReadError) as info:
        read_workbook(bad, FORM)
    elapsed = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert info.value.code == code
    assert "Ask the network" in info.value.message
    assert elapsed < 1.0
    file_size = bad.stat().st_size
    assert peak < 2 * file_size + 4_000_000  # the file's bytes once, plus bounded chunks
    assert values(read_workbook(good, FORM)) == hostile.VALID_VALUES


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    bomb = hostile.zip_bomb(tmp_path)
    assert bomb.stat().st_size < 2_000_000
    t0 = time.perf_counter()
    with pytest.raises(ReadError, match="would unpack to 1024 MB"):
        read_workbook(bomb, FORM)
    assert time.perf_counter() - t0 < 0.2


def test_external_entity_is_never_resolved(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as info:
        read_workbook(hostile.external_entity(tmp_path), FORM)
    assert "root:" not in info.value.message and "DTD" in info.value.message


def test_encrypted_and_xls_messages_differ(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="password"):
        read_workbook(hostile.encrypted(tmp_path), FORM)
    with pytest.raises(ReadError, match=r"\.xls"):
        read_workbook(hostile.ole2(tmp_path), FORM)


@pytest.mark.parametrize(
    ("build", "kind"),
    [
        (hostile.valid, FileKind.XLSX),
        (hostile.empty, FileKind.EMPTY),
        (hostile.ole2, FileKind.OLE2),
        (hostile.encrypted, FileKind.ENCRYPTED),
        (hostile.text_renamed, FileKind.TEXT),
        (hostile.ods, FileKind.ODS),
        (hostile.lock_file, FileKind.NOT_ZIP),
        (hostile.macos_resource, FileKind.NOT_ZIP),
    ],
)
def test_sniff_types_by_bytes(
    tmp_path: Path, build: Callable[[Path], Path], kind: FileKind
) -> None:
    assert sniff(build(tmp_path)) is kind


def test_huge_dimension_allocates_nothing(tmp_path: Path) -> None:
    path = hostile.huge_dimension(tmp_path)
    tracemalloc.start()
    wb = read_workbook(path, {"Skema": ["E2", "XFD1048576"]})
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert values(wb) == {"E2": 2012, "XFD1048576": 7}
    assert peak < 1_000_000


def test_hidden_sheets_are_read_and_reported(tmp_path: Path) -> None:
    wb = read_workbook(hostile.hidden_sheet(tmp_path), {**FORM, "Beregning": ["A1"]})
    assert wb.sheet_names == ("Skema", "Beregning", "Makro")
    assert wb.hidden_sheets == ("Beregning", "Makro")
    assert values(wb) == hostile.VALID_VALUES
    assert values(wb, "Beregning") == {"A1": 1}


def test_merged_answer_cell_is_reported(tmp_path: Path) -> None:
    path = hostile.merged_answer(tmp_path)
    assert read_workbook(path, FORM).sheets["Skema"].merged == ("E9:F9",)
    assert read_workbook(path, {"Skema": ["E2"]}).sheets["Skema"].merged == ()


def test_injected_formulas_are_text_never_evaluated(tmp_path: Path) -> None:
    wb = read_workbook(hostile.injected_formulas(tmp_path), {"Skema": ["E8", "E9", "E10"]})
    cells = wb.sheets["Skema"].cells
    assert cells["E8"].formula == hostile.INJECTED["E8"] and cells["E8"].value == "Klik her"
    assert cells["E9"].formula == hostile.INJECTED["E9"] and cells["E9"].value == 0
    assert cells["E10"].formula is None and cells["E10"].value == "=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("cells", "sst", "code"),
    [
        ('<row r="2"><c r="E2"><v>1</v></c><c r="E2"><v>2</v></c></row>', None, "xml-malformed"),
        ('<row r="2"><c r="E2" t="s"><v>5</v></c></row>', ["only one"], "xml-malformed"),
        ('<row r="2"><c r="E2" t="s"><v>x</v></c></row>', ["only one"], "xml-malformed"),
        ('<row r="2"><c r="E2" t="s"><v>0</v></c></row>', None, "missing-part"),
    ],
)
def test_broken_references_inside_the_sheet(
    tmp_path: Path, cells: str, sst: list[str] | None, code: str
) -> None:
    kwargs = {} if sst is None else {"shared_strings": hostile.shared_strings_xml(sst)}
    with pytest.raises(ReadError) as info:
        read_raw(tmp_path, cells, ["E2"], **kwargs)
    assert info.value.code == code


def test_package_without_sheet_part_or_workbook(tmp_path: Path) -> None:
    parts = hostile.package_parts([("Skema", hostile.sheet_xml(""))])
    no_sheet = hostile.write_zip(
        tmp_path / "a.xlsx", [p for p in parts if "worksheets" not in p[0]]
    )
    with pytest.raises(ReadError) as info:
        read_workbook(no_sheet, FORM)
    assert info.value.code == "missing-part"
    xlsb = hostile.write_zip(tmp_path / "b.xlsx", [("xl/workbook.bin", b"\x00")])
    with pytest.raises(ReadError, match=r"\.xlsb") as info:
        read_workbook(xlsb, FORM)
    assert info.value.code == "not-xlsx"


def test_other_office_documents_are_not_workbooks(tmp_path: Path) -> None:
    rels = hostile.ROOT_RELS.replace("xl/workbook.xml", "word/document.xml")
    doc = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
    path = hostile.write_zip(
        tmp_path / "letter.xlsx",
        [("_rels/.rels", rels.encode()), ("word/document.xml", doc.encode())],
    )
    with pytest.raises(ReadError, match=r"Word document \(\.docx\)") as info:
        read_workbook(path, FORM)
    assert info.value.code == "not-xlsx"


def test_duplicate_sheet_names_are_refused(tmp_path: Path) -> None:
    sheet = hostile.sheet_xml(hostile.VALID_CELLS)
    path = hostile.write_package(tmp_path / "d.xlsx", [("Skema", sheet), ("SKEMA", sheet)])
    with pytest.raises(ReadError) as info:
        read_workbook(path, FORM)
    assert info.value.code == "duplicate-sheet-name"


def test_limits_are_enforced(tmp_path: Path) -> None:
    path = hostile.merged_answer(tmp_path)
    with pytest.raises(ReadError) as info:
        read_workbook(path, FORM, limits=Limits(max_merges=1))
    assert info.value.code == "sheet-too-complex"
    with pytest.raises(ReadError) as info:
        read_workbook(path, FORM, limits=Limits(max_file=100))
    assert info.value.code == "file-too-large"
    with pytest.raises(ReadError) as info:
        read_workbook(path, FORM, limits=Limits(max_part=200))
    assert info.value.code == "zip-bomb"
    with pytest.raises(ReadError) as info:
        read_workbook(tmp_path, FORM)  # a folder where a file was expected
    assert info.value.code == "unreadable-file"
    assert isinstance(info.value, PerfregError)


def test_cell_inside_a_cell_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as info:
        read_raw(tmp_path, '<row r="2"><c r="E2"><c r="E3"><v>1</v></c><v>2</v></c></row>', ["E2"])
    assert info.value.code == "xml-malformed"


def test_text_cut_inside_a_character_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"a" * 4095 + "æ".encode() * 10)
    assert sniff(path) is FileKind.TEXT


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t"),
    max_size=40,
).filter(lambda s: not s.startswith("="))
_VALUE = st.one_of(
    st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1),
    st.floats(min_value=-1e300, max_value=1e300),  # openpyxl writes 1.8e308 rounded up to inf
    st.booleans(),
    _TEXT,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_VALUE, min_size=1, max_size=12))
def test_same_values_as_openpyxl(tmp_path: Path, answers: list[object]) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Skema"
    refs = [f"E{row}" for row in range(2, 2 + len(answers))]
    for ref, answer in zip(refs, answers, strict=True):
        ws[ref] = answer
    path = tmp_path / "diff.xlsx"
    book.save(path)
    expected = {
        c.coordinate: c.value
        for row in openpyxl.load_workbook(path)["Skema"].iter_rows()
        for c in row
        if c.value is not None
    }
    got = values(read_workbook(path, {"Skema": refs}))
    assert {r: v for r, v in got.items() if v is not None} == expected
    # openpyxl turns integral text beyond 2**53 into int; the reader keeps such a float.
    assert all(
        type(got[r]) is type(v) or isinstance(v, float) or (type(v) is int and abs(v) >= 2**53)
        for r, v in expected.items()
    )


# --- The folder scan -------------------------------------------------------------------------


def test_list_inputs_sorts_and_explains(tmp_path: Path) -> None:
    for name in ["b.XLSM", "A.xlsx", "notes.txt", "old.xls"]:
        (tmp_path / name).write_bytes(b"x")
    hostile.lock_file(tmp_path, "A.xlsx")
    hostile.macos_resource(tmp_path, "A.xlsx")
    (tmp_path / "sub").mkdir()
    (tmp_path / ".~lock.A.xlsx#").write_text("x")
    candidates, skipped = list_inputs(tmp_path)
    assert [p.name for p in candidates] == ["A.xlsx", "b.XLSM"]
    assert {s.path.name: s.reason for s in skipped} == {
        "~$A.xlsx": "lock file of an open workbook; not a submission",
        ".~lock.A.xlsx#": "lock file of an open workbook; not a submission",
        "._A.xlsx": "macOS metadata file (._name); not a submission",
        "notes.txt": "not an Excel workbook (.xlsx); not read",
        "old.xls": "old Excel 97-2003 format (.xls); ask the network to save it as .xlsx",
        "sub": "a folder; sub-folders are not read",
    }
    assert [s.path.name for s in skipped] == sorted(
        (s.path.name for s in skipped), key=lambda n: (n.casefold(), n)
    )
    files, missing = list_inputs(
        [tmp_path / "A.xlsx", tmp_path / "gone.xlsx", tmp_path / "sub" / ".." / "A.xlsx"]
    )
    assert files == (tmp_path / "A.xlsx",)
    assert [(s.path.name, s.reason) for s in missing] == [
        ("A.xlsx", "the same file is given twice; read once"),
        ("gone.xlsx", "file not found"),
    ]


# --- Speed -----------------------------------------------------------------------------------


def bench(path: Path, refs: list[str], repeat: int = 200) -> tuple[float, float]:
    """Best ms per file: read_workbook vs. bare zipfile + expat over the same sheet part."""

    def bare() -> None:
        with zipfile.ZipFile(path) as zf:
            parser = expat.ParserCreate()
            parser.StartElementHandler = lambda name, attrs: None
            parser.Parse(zf.read("xl/worksheets/sheet1.xml"), True)

    def ours() -> None:
        read_workbook(path, {"Skema": refs})

    def best(fn: Callable[[], None]) -> float:
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times) * 1000

    return best(ours), best(bare)


def test_reading_is_about_as_fast_as_unzip_and_parse(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("Skema")
    money = book.add_format({"num_format": "#,##0"})
    for row in range(1, 121):
        ws.write_string(row, 2, f"Spørgsmål {row}")
        ws.write_number(row, 4, row * 10.5, money) if row % 2 else ws.write_string(row, 4, "Ja")
    book.close()
    refs = [f"E{r}" for r in range(2, 122)]
    assert len(read_workbook(path, {"Skema": refs}).sheets["Skema"].cells) == 120
    ours, bare = bench(path, refs, repeat=30)
    assert ours < 8 * bare + 1.0, (ours, bare)


def test_absurd_numbers_in_attributes_do_not_crash(tmp_path: Path) -> None:
    digits = "9" * 5000  # int() refuses strings this long
    cells = (
        f'<row r="{digits}"><c r="A1" s="{digits}"><v>1</v></c></row>'
        f'<row r="2"><c r="A2" t="s"><v>{digits}</v></c></row>'
    )
    with pytest.raises(ReadError) as info:
        read_raw(tmp_path, cells, ["A1", "A2"], shared_strings=hostile.shared_strings_xml(["x"]))
    assert info.value.code == "xml-malformed"
    assert values(read_raw(tmp_path, cells, ["A1"])) == {"A1": 1}


def test_escaped_surrogates_are_kept_as_written(tmp_path: Path) -> None:
    sst = hostile.shared_strings_xml(["a_xD800_b_x0009_c"])
    wb = read_raw(
        tmp_path, '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', ["A1"], shared_strings=sst
    )
    assert values(wb) == {"A1": "a_xD800_b\tc"}


def test_links_in_a_folder_are_read_once(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    folder = tmp_path / "inputs"
    outside.mkdir()
    folder.mkdir()
    (folder / "b.xlsx").write_bytes(b"x")
    (outside / "c.xlsx").write_bytes(b"x")
    (folder / "a-link.xlsx").symlink_to(folder / "b.xlsx")  # before its target by name
    (folder / "c-link.xlsx").symlink_to(outside / "c.xlsx")
    (folder / "gone.xlsx").symlink_to(outside / "gone.xlsx")
    candidates, skipped = list_inputs(folder)
    assert [p.name for p in candidates] == ["a-link.xlsx", "c-link.xlsx"]
    assert candidates[0] == folder / "a-link.xlsx"
    assert [(s.path.name, s.reason) for s in skipped] == [
        ("b.xlsx", "the same file is given twice; read once"),
        ("gone.xlsx", "file not found"),
    ]


def test_special_files_are_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(ReadError) as info:
        read_workbook(fifo, FORM)  # would block forever if opened
    assert info.value.code == "unreadable-file"
    assert [(s.path.name, s.reason) for s in list_inputs(tmp_path)[1]] == [
        ("pipe.xlsx", "not a regular file; not read")
    ]


def test_read_error_keeps_its_code_across_processes() -> None:
    err = pickle.loads(pickle.dumps(ReadError("zip-bomb", "msg")))
    assert (err.code, err.message, str(err)) == ("zip-bomb", "msg", "msg")


def test_openpyxl_parses_through_defusedxml() -> None:
    # The reader does not use openpyxl, but other modules read workbooks with it.
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def test_percent_encoded_relationship_targets(tmp_path: Path) -> None:
    parts = hostile.package_parts([("Skema", hostile.sheet_xml(hostile.VALID_CELLS))])
    renamed = [
        (
            n.replace("sheet1.xml", "sheet 1.xml"),
            d.replace(b"worksheets/sheet1.xml", b"worksheets/sheet%201.xml"),
        )
        for n, d in parts
    ]
    path = hostile.write_zip(tmp_path / "space.xlsx", renamed)
    assert values(read_workbook(path, {"Skema": ["E2"]})) == {"E2": 2012}
