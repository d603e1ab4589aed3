"""The report workbook against the statistics-in-spreadsheets checklist, read back from the file:
Excel tables with one unique, non-empty header row, no merged cells, a title in A1 and the
cursor there, the front sheet active, document properties, and `[x]` explained where it is used.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import drawing_alt_texts, names_a_number
from openpyxl import load_workbook

from perfreg_xlsx.report.data_sheets import NA_NOTE

# The tables each sheet holds, by name: every sheet of the report (Figurdata's one per figure).
TABLES = {
    "Forside": {"Forside_indhold", "Forside_besvarelser"},
    "Hovedresultater": {"Hovedresultater"},
    "Bilag 1": {"Bilag1"},
    "Tabel 2.1": {"Tabel2_1"},
    "Tabel 3.1": {"Tabel3_1"},
    "Tabel 4.1-4.3": {"Tabel4_1", "Tabel4_2", "Tabel4_3"},
    "Figurer": set(),  # the charts only; their numbers are Figurdata's tables
    "Bilag 3": {"Bilag3_i_alt", "Tabel5", "Bilag3_register"},
    "Noter": {"Noter"},
    "Indikatorer": {"Indikatorer"},
    "Data": {"Data"},
    "Kilder": {"Kilder"},
}


def _sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> the XML of its worksheet part."""
    with zipfile.ZipFile(path) as z:
        book = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels))
        targets |= {k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)}
        sheets = re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', book)
        return {name: z.read("xl/" + targets[rid]).decode() for name, rid in sheets}


def test_every_table_is_a_named_excel_table(sample_report: Path) -> None:
    wb = load_workbook(sample_report)
    assert set(wb.sheetnames) == {*TABLES, "Figurdata"}
    for ws in wb.worksheets:
        if ws.title == "Figurdata":
            assert len(ws.tables) >= 15 and all(
                t.startswith("Figur_") or t.startswith("Tabel_") for t in ws.tables
            )
        else:
            assert set(ws.tables) == TABLES[ws.title], ws.title
        name = ws.title
        for table in ws.tables.values():
            assert table.headerRowCount in (None, 1)  # one header row (1 is the default)
            assert not table.totalsRowCount
            headers = [c.name for c in table.tableColumns]
            assert all(h and h.strip() for h in headers), (name, headers)
            assert len({h.casefold() for h in headers}) == len(headers), (name, headers)
            # The header cells hold the column names as text, as Excel requires.
            first = ws[table.ref][0]
            assert [c.value for c in first] == headers, (name, table.name)
            # No blank row inside a table.
            for row in ws[table.ref][1:]:
                assert any(c.value is not None for c in row), (name, table.name, row[0].row)


def test_no_merged_cells_anywhere(sample_report: Path) -> None:
    for name, xml in _sheet_parts(sample_report).items():
        assert "mergeCell" not in xml, name


def test_title_in_a1_and_cursor_in_a1(sample_report: Path) -> None:
    wb = load_workbook(sample_report)
    for ws in wb.worksheets:  # every sheet, without exception
        title = ws["A1"].value
        assert isinstance(title, str) and len(title) > 20, ws.title
        assert ws["A1"].font.b and ws["A1"].font.sz >= 12, ws.title  # styled as a title
        assert len(ws.title) <= 31
    for name, xml in _sheet_parts(sample_report).items():
        view = re.search(r"<sheetView [^>]*/>|<sheetView .*?</sheetView>", xml)
        assert view is not None, name
        active = re.findall(r'activeCell="([A-Z]+\d+)"', view.group(0))
        pane = re.search(r'activePane="(\w+)"', view.group(0))
        if pane is None:
            assert active in ([], ["A1"]), name
        else:
            sel = re.search(rf'<selection pane="{pane.group(1)}"[^>]*>', view.group(0))
            assert sel is not None and 'activeCell="A1"' in sel.group(0), name


def test_workbook_opens_on_the_front_sheet(sample_report: Path) -> None:
    wb = load_workbook(sample_report)
    assert wb.sheetnames[0] == "Forside"
    assert wb.active is not None and wb.active.title == "Forside"
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == ["Forside"]


def test_document_properties(sample_report: Path) -> None:
    props = load_workbook(sample_report).properties
    assert props.title == "Performanceregnskab for innovationsnetværkene 2012"
    assert props.subject == "Bilag til performanceregnskabet"
    assert props.creator == "Sekretariatet for innovationsnetværkene"
    assert props.keywords and "performanceregnskab" in props.keywords
    with zipfile.ZipFile(sample_report) as z:
        custom = z.read("docProps/custom.xml").decode()
    assert re.search(r'name="Language"><vt:lpwstr>da-DK</vt:lpwstr>', custom)


@pytest.mark.parametrize("name", ["Bilag 1", "Tabel 3.1", "Tabel 4.1-4.3", "Bilag 3"])
def test_not_collected_is_the_shorthand_and_explained(sample_report: Path, name: str) -> None:
    ws = load_workbook(sample_report)[name]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "NA" not in values
    # Explained in the title block, above the table.
    top = [c.value for row in ws.iter_rows(max_row=2) for c in row if isinstance(c.value, str)]
    assert any(NA_NOTE in v for v in top), name


def test_not_collected_shows_in_appendix_1(sample_report: Path) -> None:
    ws = load_workbook(sample_report)["Bilag 1"]
    assert "[x]" in [c.value for row in ws.iter_rows(min_row=5) for c in row]


def test_figure_data_are_tables_with_headers_whole_words(sample_report: Path) -> None:
    ws = load_workbook(sample_report)["Figurdata"]
    assert len(ws.tables) >= 15 and "Figur_4_11" in ws.tables
    for table in ws.tables.values():
        header = ws[table.ref][0]
        for cell in header[1:]:
            # openpyxl keeps a span of equal columns under its first letter.
            dims = ws.column_dimensions.values()
            width = next(d.width for d in dims if d.min <= cell.column <= d.max)
            longest = max(len(w) for w in str(cell.value).split())
            # A word longer than the column would be broken in the middle.
            assert longest * 1.1 < width, (table.name, cell.value, width)


def test_every_chart_has_alt_text_naming_a_number(sample_report: Path) -> None:
    texts = drawing_alt_texts(sample_report)
    assert len(texts) >= 19  # the figures and appendix 3's chart
    for text in texts:
        assert not text.startswith("Diagram:"), text  # not the fallback of the title alone
        assert not text.endswith(".."), text
        assert names_a_number(text), text
    (split,) = [t for t in texts if "øvrige klynger" in t]
    assert re.search(r"Deltagende virksomheder: [\d.]+ i innovationsnetværk og [\d.]+ i", split)


@pytest.mark.parametrize("name", ["Indikatorer", "Data", "Kilder"])
def test_long_sheets_have_their_table_below_the_title(sample_report: Path, name: str) -> None:
    ws = load_workbook(sample_report)[name]
    (table,) = ws.tables.values()
    assert table.name == name and table.ref.startswith("A3:")
    assert table.autoFilter is not None and table.autoFilter.ref == table.ref
    assert ws.freeze_panes is not None and ws.freeze_panes.endswith("4")  # under the header
    assert ws.print_title_rows == "$3:$3"
    assert "række 3" in str(ws["A2"].value)


def test_data_has_one_header_row_naming_question_unit_and_id(sample_report: Path) -> None:
    ws = load_workbook(sample_report)["Data"]
    header = [c.value for c in ws[3]]
    assert header[:4] == ["Netværk (kort navn)", "Netværkets navn", "Fil", "Med i opgørelsen"]
    assert "Netværkets samlede omsætning [1.000 kr.] (turnover)" in header
    # Fields that share a question: the id keeps their headers apart.
    twins = [h for h in header if h.startswith("– heraf virksomheder med under 50 ansatte")]
    assert len(twins) >= 2 and len(set(twins)) == len(twins)
    ids = [re.search(r"\(([a-z0-9_]+)\)$", h)[1] for h in header[4:]]  # type: ignore[index]
    assert "network" in ids and "contact_email" not in ids  # personal data left out
    # The first data row is a questionnaire, right under the header.
    assert str(ws.cell(4, 3).value).endswith(".xlsx")
