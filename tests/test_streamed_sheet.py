"""A long sheet (`RowCells`) is streamed into the package, and reads back exactly as the same
cells written by xlsxwriter one by one."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from perfreg_xlsx.workbook.render import write_workbook
from perfreg_xlsx.workbook.spec import BodyRow, Cell, CellValue, RowCells, SheetSpec, WorkbookSpec

TEXTS = [
    "Ja",
    " leading and trailing space ",
    "a & b < c > d",
    "quote \" and apostrophe '",
    "control \x01 char",
    "=SUM(A1:A2)",
    "æøå – ✓",
    "",
]


def body(i: int) -> BodyRow:
    cells: list[tuple[int, CellValue, str | None]] = [
        (0, TEXTS[i % len(TEXTS)], "text"),
        (1, i * 1000 + 0.25 if i % 2 else i, "num0"),
        (2, None, "blank"),
        (4, 1e-7 * i, "general"),
        (5, None, None),  # no value, no style: no cell at all
        (6, 2**53 + i, None),
    ]
    return cells


def head() -> dict[tuple[int, int], Cell]:
    return {(0, c): Cell(f"col{c}", "head_left") for c in range(7)}


def spec(cells: RowCells | dict[tuple[int, int], Cell]) -> WorkbookSpec:
    sheets = (
        SheetSpec("Før", {(0, 0): Cell("first", "text"), (1, 1): Cell(3.5, "num0")}),
        SheetSpec("Data", cells, freeze=(1, 1), autofilter=(0, 0, 40, 6)),
        SheetSpec("Efter", {(0, 0): Cell("last", "text")}),
    )
    return WorkbookSpec(sheets=sheets, properties={"created": datetime(2013, 5, 1)})


def read(path: Path) -> dict[str, list[list[tuple[object, ...]]]]:
    wb = load_workbook(path)
    return {
        ws.title: [
            [(c.value, c.data_type, c.number_format, c.border.left.style) for c in row]
            for row in ws.iter_rows()
        ]
        for ws in wb.worksheets
    }


def test_streamed_rows_read_back_as_cells_written_one_by_one(tmp_path: Path) -> None:
    rows = RowCells(head(), 1, 40, body, frozenset({"text", "num0", "blank", "general"}))
    plain = dict(head())
    for i in range(40):
        for col, value, style in body(i):
            if value is not None or style is not None:
                plain[(1 + i, col)] = Cell(value, style)
    streamed = write_workbook(tmp_path / "streamed.xlsx", spec(rows))
    written = write_workbook(tmp_path / "written.xlsx", spec(plain))
    assert read(streamed) == read(written)
    data = load_workbook(streamed)["Data"]
    assert data.dimensions == "A1:G41"
    assert data["A3"].value == " leading and trailing space "
    assert data["A7"].data_type == "s" and data["A7"].value == "=SUM(A1:A2)"
    assert data["B3"].value == 1000.25 and data["G3"].value == float(
        2**53 + 1
    )  # a double, as xlsxwriter writes it
    assert data.freeze_panes == "B2"
    with zipfile.ZipFile(streamed) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"<f>" not in zf.read("xl/worksheets/sheet2.xml")


def test_streaming_is_deterministic(tmp_path: Path) -> None:
    rows = RowCells(head(), 1, 25, body, frozenset({"text", "num0", "blank", "general"}))
    a = write_workbook(tmp_path / "a.xlsx", spec(rows)).read_bytes()
    b = write_workbook(tmp_path / "b.xlsx", spec(rows)).read_bytes()
    assert a == b
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.xlsx"]


def test_the_mapping_gives_the_body_cells() -> None:
    rows = RowCells(head(), 1, 3, body, frozenset({"text", "num0", "blank", "general"}))
    assert rows[(0, 2)] == Cell("col2", "head_left")
    assert rows[(2, 1)] == Cell(1000.25, "num0")
    assert (3, 3) not in rows and (9, 0) not in rows
    assert len(rows) == 7 + 3 * 6
    assert list(rows)[7:10] == [(1, 0), (1, 1), (1, 2)]
    with pytest.raises(ValueError, match="above the body"):
        RowCells({(5, 0): Cell("x")}, 1, 3, body, frozenset())


def test_text_that_looks_like_an_escape_is_escaped(tmp_path: Path) -> None:
    # Excel and LibreOffice read _x005F_ back as "_" in in-line text as in shared strings
    # (openpyxl does not, for in-line text): the same escaping as xlsxwriter's. A control
    # character is replaced (`safetext.xml_text`), not escaped: Excel would restore it.
    def row(i: int) -> BodyRow:
        return [(0, "literal _x0041_ and \x02", "text")]

    rows = RowCells(head(), 1, 1, row, frozenset({"text"}))
    path = write_workbook(tmp_path / "x.xlsx", spec(rows))
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/worksheets/sheet2.xml").decode()
    assert '<c r="A2" s="' in xml
    assert "<is><t>literal _x005F_x0041_ and \ufffd</t></is>" in xml


def test_streamed_row_heights_are_xlsxwriters(tmp_path: Path) -> None:
    heights = {0: 32.0, 1: None, 2: 15.0, 3: 122.3, 4: 7.5}

    def row(i: int) -> BodyRow:
        return [(0, f"row {i}", "text")]

    rows = RowCells(head(), 1, 5, row, frozenset({"text"}), heights.get)
    plain = {**head(), **{(1 + i, 0): Cell(f"row {i}", "text") for i in range(5)}}
    sized = {1 + i: h for i, h in heights.items() if h is not None}
    streamed = write_workbook(tmp_path / "s.xlsx", spec(rows))
    written = WorkbookSpec(
        sheets=tuple(
            replace(s, row_heights=sized) if s.name == "Data" else s for s in spec(plain).sheets
        ),
        properties={"created": datetime(2013, 5, 1)},
    )
    plain_path = write_workbook(tmp_path / "w.xlsx", written)

    def dims(path: Path) -> list[tuple[float | None, bool]]:
        ws = load_workbook(path)["Data"]
        return [
            (ws.row_dimensions[r].height, ws.row_dimensions[r].customHeight) for r in range(1, 7)
        ]

    assert dims(streamed) == dims(plain_path)
    assert dims(streamed)[1:] == [
        (32.25, True),
        (None, False),
        (None, False),
        (122.25, True),
        (7.5, True),
    ]
