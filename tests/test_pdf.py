"""`perfreg-xlsx aggregate --pdf` (issue 13 item 5): the reader's sheets printed to a PDF by
LibreOffice, in order, with page numbers; a clear message when LibreOffice is missing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import INPUTS_DIR, REGISTER_CSV, copy_published_history
from soffice import need_soffice, pdf_page_text, pdf_pages

from perfreg_xlsx.cli.main import cli
from perfreg_xlsx.pipeline import pdf as pdfmod

READER = [
    "Forside",
    "Hovedresultater",
    "Bilag 1",
    "Tabel 2.1",
    "Tabel 3.1",
    "Tabel 4.1-4.3",
    "Figurdata",
    "Figurer",
    "Bilag 3",
    "Noter",
]
HEADER = "Performanceregnskab for innovationsnetværkene 2012"


def _aggregate(root: Path, *args: str) -> Result:
    copy_published_history(root / "history")
    return CliRunner().invoke(
        cli,
        [
            "aggregate",
            str(INPUTS_DIR),
            "--register",
            str(REGISTER_CSV),
            "--out",
            str(root / "out"),
            "--history",
            str(root / "history"),
            "--no-record",
            "--made-on",
            "2013-05-01",
            *args,
        ],
    )


def test_pdf_prints_the_readers_sheets_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need_soffice()
    # The machine's locale would print 7,383: the PDF shows Danish numbers whatever it is.
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    result = _aggregate(tmp_path, "--pdf")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out" / "performanceregnskab_2012.pdf"
    assert "Wrote " in result.output and pdf.name in result.output
    assert (tmp_path / "out" / "performanceregnskab_2012.xlsx").is_file()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "performanceregnskab_2012.pdf",
        "performanceregnskab_2012.xlsx",
    ]  # no temporary file or LibreOffice profile left behind
    pages = pdf_pages(pdf)
    assert 15 <= pages <= 30  # the whole workbook printed 76 pages
    first = pdf_page_text(pdf, 1)
    assert HEADER in first and "Forside" in first
    assert f"Side 1 af {pages}" in first
    sheets: list[str] = []
    for page in range(1, pages + 1):
        lines = [line.strip() for line in pdf_page_text(pdf, page).splitlines() if line.strip()]
        # No figure's heading alone at a page foot (figure 4.6's was): the last line above the
        # page number is never a heading.
        assert lines[-1].startswith("Side ")
        assert not re.match(r"(Figur|Tabel) \d", lines[-2]), (page, lines[-2])
        head = lines[0]
        name = re.sub(rf"^\s*{HEADER}\s+", "", head).strip()
        if not sheets or sheets[-1] != name:
            sheets.append(name)
    assert sheets == READER  # no Indikatorer, Data or Kilder, and in this order
    # Cells print as a Danish reader's Excel shows them: 7.383 firms (a number cell of the
    # key findings and appendix 1, not only the sentence's text), 316,6 mio. kr.
    opening = pdf_page_text(pdf, 2) + pdf_page_text(pdf, 3)
    assert "7,383" not in opening and "316.6" not in opening
    assert re.search(r"\s7\.383 {2,}5\.883\s", opening), opening  # the two number cells
    assert "316,6" in opening


def test_without_libreoffice_the_xlsx_is_written_and_the_user_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdfmod, "soffice", lambda: None)
    result = _aggregate(tmp_path, "--pdf")
    assert result.exit_code == 0, result.output
    assert "no PDF written: LibreOffice (soffice) is not installed" in result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["performanceregnskab_2012.xlsx"]


def test_libreoffice_failing_leaves_no_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    false = shutil.which("false")
    assert false is not None
    monkeypatch.setattr(pdfmod, "soffice", lambda: false)
    result = _aggregate(tmp_path, "--pdf")
    assert result.exit_code == 0, result.output
    assert "LibreOffice could not print performanceregnskab_2012.xlsx" in result.output
    assert not (tmp_path / "out" / "performanceregnskab_2012.pdf").exists()


def test_hidden_sheets_are_the_ones_not_printed() -> None:
    xml = (
        '<sheets><sheet name="Forside" sheetId="1" r:id="rId1"/>'
        '<sheet name="A &amp; B" sheetId="2" r:id="rId2"/>'
        '<sheet name="Data" sheetId="3" r:id="rId3"/></sheets>'
    )
    assert pdfmod._hide_sheets(xml, {"Forside", "A & B"}) == (
        '<sheets><sheet name="Forside" sheetId="1" r:id="rId1"/>'
        '<sheet name="A &amp; B" sheetId="2" r:id="rId2"/>'
        '<sheet name="Data" sheetId="3" r:id="rId3" state="hidden"/></sheets>'
    )
