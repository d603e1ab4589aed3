"""The register CSV: what a secretariat's hand-edited file may hold, and the messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfreg_xlsx.errors import RegisterError
from perfreg_xlsx.survey.registry import load_register, parse_register

HEAD = "name,short_name,theme_area,programme,web\n"


def test_duplicate_short_name_names_the_short_name_and_first_line() -> None:
    text = HEAD + "Alfa,alfa,Energi,cluster,\nBeta,alfa,Energi,cluster,\n"
    with pytest.raises(RegisterError, match=r":3: short_name 'alfa' of 'Beta' .* line 2"):
        parse_register(text)


def test_duplicate_name_names_the_first_line() -> None:
    text = HEAD + "Alfa,alfa,Energi,cluster,\nalfa ,beta,Energi,cluster,\n"
    with pytest.raises(RegisterError, match=r":3: 'alfa' is listed twice \(also line 2\)"):
        parse_register(text)


def test_row_without_name_is_refused_not_dropped() -> None:
    text = HEAD + "Alfa,alfa,Energi,cluster,\n,beta,Energi,cluster,\n"
    with pytest.raises(RegisterError, match=r":3: the row has no name"):
        parse_register(text)


def test_blank_rows_are_skipped() -> None:
    text = HEAD + "Alfa,alfa,Energi,cluster,\n,,,,\n\nBeta,beta,Energi,cluster,\n"
    assert [n.short_name for n in parse_register(text).networks] == ["alfa", "beta"]


def test_register_saved_as_workbook_or_utf16_is_a_clear_error(tmp_path: Path) -> None:
    workbook = tmp_path / "networks.csv"
    workbook.write_bytes(b"PK\x03\x04" + bytes(range(256)))  # a zip, as an .xlsx is
    with pytest.raises(RegisterError, match="it is an Excel workbook, not CSV"):
        load_register(workbook)
    utf16 = tmp_path / "networks_utf16.csv"
    utf16.write_bytes((HEAD + "Alfa,alfa,Energi,cluster,\n").encode("utf-16"))
    with pytest.raises(RegisterError, match="not a CSV text file"):
        load_register(utf16)


def test_register_saved_by_danish_excel(tmp_path: Path) -> None:
    path = tmp_path / "networks.csv"
    text = "name;short_name;theme_area;programme;web\r\nMiljø A;miljo;Energi;cluster;\r\n"
    path.write_bytes(text.encode("cp1252"))
    assert [n.name for n in load_register(path).networks] == ["Miljø A"]
