"""The report workbook on disk: read back with openpyxl, byte for byte, and as a PDF."""

from __future__ import annotations

import ast
import os
import re
import stat
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import report_fixtures as fx

from perfreg_xlsx.errors import OutputError
from perfreg_xlsx.models import Summary, ValidationResult
from perfreg_xlsx.report.figures import build_figures
from perfreg_xlsx.report.layout import report_workbook
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.util.atomic import atomic_write
from perfreg_xlsx.workbook import render as write_mod
from perfreg_xlsx.workbook.render import write_workbook
from perfreg_xlsx.workbook.spec import ChartSpec, SheetBuilder, WorkbookSpec

MADE_ON = date(2013, 3, 15)


def write_report(
    path: Path, summary: Summary, validation: ValidationResult, reg: Register, **options: Any
) -> Path:
    """The report laid out and rendered, as the pipeline does it."""
    return write_workbook(path, report_workbook(summary, validation, reg, **options))


@pytest.fixture(scope="module")
def report(
    tmp_path_factory: pytest.TempPathFactory,
    summary: Summary,
    validation: ValidationResult,
    reg: Register,
) -> Path:
    path = tmp_path_factory.mktemp("out") / "performanceregnskab_2012.xlsx"
    return write_report(path, summary, validation, reg, made_on=MADE_ON)


@pytest.fixture(scope="module")
def wb(report: Path) -> Any:
    return openpyxl.load_workbook(report, data_only=True)


def find(ws: Any, value: object) -> Any:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell
    raise KeyError(value)


def test_sheets(wb: Any) -> None:
    assert wb.sheetnames == fx.SHEETS


def test_front_sheet(wb: Any) -> None:
    ws = wb["Forside"]
    assert ws["A1"].value == "Performanceregnskab for innovationsnetværkene 2012"
    made = find(ws, "Udarbejdet den")
    assert ws.cell(made.row, 2).value == datetime(2013, 3, 15)
    assert ws.cell(made.row, 2).number_format == "dd-mm-yyyy"
    left = find(ws, "Besvarelser udeladt")
    assert ws.cell(left.row, 2).value == 2
    assert ws.cell(left.row, 2).font.color.rgb == "FFC00000"
    links = {c.value: c.hyperlink.location for row in ws.iter_rows() for c in row if c.hyperlink}
    assert links == {name: f"'{name}'!A1" for name in wb.sheetnames[1:]}


def test_appendix1_cells(wb: Any, summary: Summary) -> None:
    ws = wb["Bilag 1"]
    assert [ws.cell(3, c).value for c in range(2, 8)] == [str(y) for y in range(2007, 2013)]
    assert ws["G4"].value == "(22 netværk)" and ws["B4"].value == "(28 netværk)"
    assert ws["H3"].value == "Procent ændring 2011-2012"
    assert not ws.merged_cells.ranges  # one header row, no merged cells
    r = find(ws, summary.get("firms_new_products").label_da).row
    assert [ws.cell(r, c).value for c in range(2, 8)] == [315, 408, 302, 322, 728, 869]
    assert ws.cell(r, 7).number_format == "#,##0"
    assert ws.cell(r, 8).value == pytest.approx(0.19) and ws.cell(r, 8).number_format == "0%"
    r = find(ws, summary.get("turnover_avg").label_da).row
    assert ws.cell(r, 7).value == 14.4 and ws.cell(r, 7).number_format == "#,##0.0"
    r = find(ws, summary.get("share_membership_fees").label_da).row
    assert ws.cell(r, 7).value == pytest.approx(0.23) and ws.cell(r, 7).number_format == "0%"
    r = find(ws, summary.get("firms_participating_dedicated").label_da).row
    na = ws.cell(r, 2)
    assert na.value == "[x]" and na.data_type == "s"  # the shorthand: not collected
    assert ws.cell(r, 7).value == 3011 and ws.cell(r, 7).data_type == "n"
    heading = find(ws, "2. AKTIVITETER")
    assert heading.font.b and heading.fill.fgColor.rgb == "FF1F4E79"
    assert find(ws, "1.1. INNOVATION").fill.fgColor.rgb == "FFBDD7EE"
    assert ws.column_dimensions["A"].width > 60
    assert find(ws, summary.get("firms_new_products").label_da).alignment.wrap_text


def test_appendix1_print_setup(wb: Any) -> None:
    ws = wb["Bilag 1"]
    assert ws.freeze_panes == "B5"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1) == 1  # 1 is the default and may be left out
    assert int(ws.page_setup.fitToHeight) == 0
    assert ws.print_title_rows == "$3:$4"
    assert ws.oddFooter.center.text == "Side &P af &N"
    assert ws.oddHeader.left.text == "Performanceregnskab for innovationsnetværkene 2012"


def test_indicators_sheet(wb: Any) -> None:
    ws = wb["Indikatorer"]
    assert ws.tables["Indikatorer"].autoFilter.ref == f"A3:I{ws.max_row}"
    assert ws.freeze_panes == "B4"
    rows = {(r[0].value, r[3].value): r for r in ws.iter_rows(min_row=4)}
    row = rows[("turnover", 2012)]
    assert row[4].value == 316.6 and row[4].number_format == "#,##0.0"
    assert row[5].value is None and row[6].value == "mio. kr." and row[7].value == 22
    row = rows[("innovation_projects_foreign", 2008)]
    assert row[4].value is None and row[5].value == "NA"


def test_text_from_inputs_is_never_a_formula(wb: Any, report: Path) -> None:
    ws = wb["Data"]
    # The header names each field's id last, in parentheses.
    header = [str(c.value).rsplit("(", 1)[-1].rstrip(")") for c in ws[3]]
    r = find(ws, fx.summary().responses[0].file).row
    for field, text in fx.INJECTIONS.items():
        if field.startswith("contact_"):  # personal data: not in the shared report at all
            assert field not in header
            continue
        cell = ws.cell(r, header.index(field) + 1)
        assert cell.value == text and cell.data_type == "s"
    name = find(wb["Kilder"], "=cmd|' /C calc'!A0.xlsx")
    assert name.data_type == "s"
    with zipfile.ZipFile(report) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert len(sheets) == 11
        for n in sheets:
            xml = z.read(n).decode("utf-8")
            assert "<f>" not in xml and "<f " not in xml, n
        # Only the table of contents has hyperlinks, and only internal ones; a worksheet's
        # relationships are its drawing (the chart of appendix 3) and its Excel tables.
        rels = [n for n in z.namelist() if n.endswith(".rels") and "worksheets" in n]
        targets = [t for n in rels for t in re.findall(r'Type="[^"]*/(\w+)"', z.read(n).decode())]
        assert set(targets) == {"drawing", "table"}


def test_same_inputs_same_bytes(
    tmp_path: Path, report: Path, summary: Summary, validation: ValidationResult, reg: Register
) -> None:
    again = write_report(tmp_path / "a.xlsx", summary, validation, reg, made_on=MADE_ON)
    assert again.read_bytes() == report.read_bytes()
    later = write_report(tmp_path / "b.xlsx", summary, validation, reg, made_on=date(2013, 4, 1))
    assert later.read_bytes() != report.read_bytes()
    with zipfile.ZipFile(report) as z:
        core = z.read("docProps/core.xml").decode()
        assert "<dcterms:created" in core and "2013-03-15T00:00:00Z" in core
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_default_date_comes_from_the_survey_year(
    tmp_path: Path, summary: Summary, validation: ValidationResult, reg: Register
) -> None:
    path = write_report(tmp_path / "r.xlsx", summary, validation, reg)
    ws = openpyxl.load_workbook(path)["Forside"]
    assert ws.cell(find(ws, "Udarbejdet den").row, 2).value == datetime(2012, 12, 31)


def test_failure_mid_write_keeps_the_previous_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    summary: Summary,
    validation: ValidationResult,
    reg: Register,
) -> None:
    target = tmp_path / "performanceregnskab_2012.xlsx"
    write_report(target, summary, validation, reg, made_on=MADE_ON)
    before = target.read_bytes()

    def broken(spec: WorkbookSpec, tmp: Path) -> None:
        tmp.write_bytes(b"PK half a zip")
        raise RuntimeError("boom")

    monkeypatch.setattr(write_mod, "render", broken)
    with pytest.raises(RuntimeError, match="boom"):
        write_report(target, summary, validation, reg, made_on=date(2014, 1, 1))
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_disk_failure_is_an_output_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    summary: Summary,
    validation: ValidationResult,
    reg: Register,
) -> None:
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")

    def full(spec: WorkbookSpec, tmp: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write_mod, "render", full)
    with pytest.raises(OutputError, match="No space left on device"):
        write_report(target, summary, validation, reg)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_target_open_in_excel(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    summary: Summary,
    validation: ValidationResult,
    reg: Register,
) -> None:
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError, match="open in Excel"):
        write_report(target, summary, validation, reg)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_missing_folder(
    tmp_path: Path, summary: Summary, validation: ValidationResult, reg: Register
) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_report(tmp_path / "nope" / "r.xlsx", summary, validation, reg)


def test_atomic_write_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    new = atomic_write(tmp_path / "new.txt", lambda p: p.write_text("x"))
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask
    old = tmp_path / "old.txt"
    old.write_text("a")
    old.chmod(0o640)
    atomic_write(old, lambda p: p.write_text("b"))
    assert old.read_text() == "b" and stat.S_IMODE(old.stat().st_mode) == 0o640


def test_atomic_write_refuses_a_folder(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(OutputError, match="is a folder"):
        atomic_write(tmp_path / "d", lambda p: p.write_text("x"))


def test_chart_hook(
    tmp_path: Path, summary: Summary, validation: ValidationResult, reg: Register
) -> None:
    fig = SheetBuilder("Figur 4.1", "Figurdata")
    fig.put_row(0, 0, ["2011", "2012"], "text")
    fig.put_row(1, 0, [849, 1256], "num0")
    fig.charts.append(
        ChartSpec(
            anchor=(3, 0),
            options={"type": "column"},
            series=(
                {"categories": ["Figur 4.1", 0, 0, 0, 1], "values": ["Figur 4.1", 1, 0, 1, 1]},
            ),
            settings={"set_title": {"name": "Matchmaking"}, "set_legend": {"none": True}},
        )
    )
    path = write_report(tmp_path / "r.xlsx", summary, validation, reg, extra_sheets=[fig.build()])
    with zipfile.ZipFile(path) as z:
        chart = z.read("xl/charts/chart1.xml").decode()
    assert "'Figur 4.1'!$A$2:$B$2" in chart and "Matchmaking" in chart
    bad = SheetBuilder("X")
    bad.charts.append(
        ChartSpec(anchor=(0, 0), options={"type": "bar"}, series=(), settings={"delete": {}})
    )
    spec = report_workbook(summary, validation, reg, made_on=MADE_ON, extra_sheets=[bad.build()])
    with pytest.raises(ValueError, match="unknown chart setting"):
        write_workbook(tmp_path / "x.xlsx", spec)
    assert not (tmp_path / "x.xlsx").exists()


def test_figures_become_native_charts(
    tmp_path: Path, summary: Summary, validation: ValidationResult, reg: Register
) -> None:
    figures = build_figures(summary)
    path = write_report(tmp_path / "r.xlsx", summary, validation, reg, figures=figures)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[5:8] == ["Tabel 4.1-4.3", "Figurdata", "Figurer"]
    assert find(book["Forside"], "Figurer").hyperlink.location == "'Figurer'!A1"
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    # One chart per figure with data, and the split chart of appendix 3.
    assert len(charts) == sum(1 for f in figures if f.has_data) + 1 > 10
    again = write_report(tmp_path / "s.xlsx", summary, validation, reg, figures=figures)
    assert again.read_bytes() == path.read_bytes()


def test_the_writer_only_renders() -> None:
    """workbook/ renders specs: it imports nothing of the layouts that make them."""
    package = Path(write_mod.__file__).parent
    imported = set()
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    assert "perfreg_xlsx.workbook.spec" in imported
    assert not {
        m for m in imported if m.startswith(("perfreg_xlsx.report", "perfreg_xlsx.profiles"))
    }
