"""Only what Excel shows is an answer: cells and values outside sheetData > row > c are not."""

from __future__ import annotations

import pytest

from perfreg_xlsx.reading.fastscan import fast_scan
from perfreg_xlsx.reading.files import DEFAULT_LIMITS, ReadError
from perfreg_xlsx.reading.safexml import OnePart
from perfreg_xlsx.reading.sheet import ScannedCell, scan_sheet

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WANTED = frozenset({"E14"})


def _sheet(before: str, rows: str, after: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}">{before}'
        f"<sheetData>{rows}</sheetData>{after}</worksheet>"
    ).encode()


def _value(data: bytes) -> object:
    full = scan_sheet(OnePart("s.xml", data), "s.xml", WANTED, DEFAULT_LIMITS).cells.get("E14")
    fast = fast_scan(data, "s.xml", WANTED, DEFAULT_LIMITS)
    if fast is not None:  # where the fast path answers, it answers as the full scan does
        assert fast.cells.get("E14") == full
    return full.v if isinstance(full, ScannedCell) else full


HIDDEN = {
    "sheetPr": _sheet('<sheetPr><c r="E14"><v>99</v></c></sheetPr>', '<row r="14"/>'),
    "extLst": _sheet(
        "", '<row r="14"/>', '<extLst><ext uri="x"><c r="E14"><v>99</v></c></ext></extLst>'
    ),
    "row extLst": _sheet(
        "", '<row r="14"><extLst><ext uri="x"><c r="E14"><v>99</v></c></ext></extLst></row>'
    ),
    "second sheetData": _sheet(
        "", '<row r="14"/>', '<extLst><ext uri="x"><sheetData><row r="14"><c r="E14"><v>99</v>'
        "</c></row></sheetData></ext></extLst>"
    ),
    "self-closed sheetData": (
        f'<worksheet xmlns="{NS}"><sheetData/><extLst><ext uri="x"><row r="14"><c r="E14">'
        "<v>99</v></c></row></ext></extLst></worksheet>"
    ).encode(),
}  # fmt: skip


@pytest.mark.parametrize("where", sorted(HIDDEN))
def test_a_cell_where_excel_shows_none_is_not_read(where: str) -> None:
    assert _value(HIDDEN[where]) is None


def test_a_value_in_the_cells_own_extension_list_is_not_its_value() -> None:
    data = _sheet("", '<row r="14"><c r="E14"><v>5</v><extLst><ext uri="x"><v>99</v></ext>'
                  "</extLst></c></row>")  # fmt: skip
    assert _value(data) == "5"


def test_a_plain_cell_is_read_by_both_scans() -> None:
    assert _value(_sheet("<sheetPr/>", '<row r="14"><c r="E14"><v>7</v></c></row>')) == "7"


def test_a_second_sheet_data_makes_the_sheet_malformed() -> None:
    # Found by the red-team pass: an answer in a second <sheetData> was read silently.
    data = _sheet(
        "", '<row r="14"/>', '<sheetData><row r="14"><c r="E14"><v>44</v></c></row></sheetData>'
    )
    assert fast_scan(data, "s.xml", WANTED, DEFAULT_LIMITS) is None
    with pytest.raises(ReadError) as caught:
        scan_sheet(OnePart("s.xml", data), "s.xml", WANTED, DEFAULT_LIMITS)
    assert caught.value.code == "xml-malformed"
    assert "two <sheetData>" in caught.value.message
