"""The real report, made from the shipped sample inputs, checked in the file and in print.

The pipeline runs on inputs/ as `perfreg-xlsx aggregate` does, into tmp_path (with copies of
the published history files, so the project's history/ is not touched). The report's charts
are then followed from the zip's chart XML into the cells they point at, and LibreOffice prints
the whole report to PDF: the pages of each sheet are counted by the sheet name every page
header carries. (tests/test_charts_xml.py checks the chart writer on made-up figures; this
file checks what a user actually gets.)
"""

from __future__ import annotations

import math
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from conftest import ROOT
from soffice import pdf_page_text, pdf_pages, to_pdf
from test_charts_xml import NS, PLOTS, Chart, cells, read_charts, ref

from perfreg_xlsx.models import Summary
from perfreg_xlsx.pipeline import ReportRun, build_report
from perfreg_xlsx.report.figure_kinds import Figure
from perfreg_xlsx.report.figure_sheets import CHART_SHEET, DATA_SHEET
from perfreg_xlsx.report.figures import build_figures
from perfreg_xlsx.report.history import PUBLISHED_LONG, PUBLISHED_WIDE, load_history
from perfreg_xlsx.survey.registry import Register

YEAR = 2012
MADE_ON = date(2013, 3, 15)
LABEL = re.compile(r"(?:Figur|Tabel) \d\.\d+\.")
KI_KINDS = (
    "gts",
    "universities",
    "university_colleges",
    "vocational_schools",
    "business_academies",
    "foreign",
)  # figure 3.4's bars, top-down


@pytest.fixture(scope="module")
def history_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("history")
    for name in (PUBLISHED_WIDE, PUBLISHED_LONG):
        shutil.copyfile(ROOT / "history" / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def run(
    tmp_path_factory: pytest.TempPathFactory, register: Register, history_dir: Path
) -> ReportRun:
    out = tmp_path_factory.mktemp("out")
    return build_report(
        [ROOT / "inputs"], register, out_dir=out, history_dir=history_dir, made_on=MADE_ON
    )


@pytest.fixture(scope="module")
def report(run: ReportRun) -> Path:
    assert run.path is not None, "the sample inputs must give a report"
    return run.path


@pytest.fixture(scope="module")
def summary(run: ReportRun) -> Summary:
    assert run.summary is not None
    return run.summary


@pytest.fixture(scope="module")
def figures(summary: Summary, history_dir: Path) -> list[Figure]:
    """The figures as computed from the Summary and the published years before it."""
    return build_figures(summary, load_history(history_dir, before_year=summary.survey_year))


@pytest.fixture(scope="module")
def charts(report: Path) -> list[Chart]:
    """Every chart of the report: the figures', and any a report sheet draws itself."""
    found = read_charts(report)
    assert len({c.title for c in found}) == len(found), "two charts share a title"
    return found


@pytest.fixture(scope="module")
def charted(charts: list[Chart], figures: list[Figure]) -> list[tuple[Figure, Chart]]:
    """Each figure with data and the one chart of the report whose title is the figure's."""
    titled = {c.title: c for c in charts}
    with_data = [f for f in figures if f.has_data]
    assert {f.title for f in with_data} <= set(titled)
    return [(f, titled[f.title]) for f in with_data]


@pytest.fixture(scope="module")
def book(report: Path) -> Any:
    return openpyxl.load_workbook(report)


def values_of(book: Any, ser: ET.Element, path: str) -> list[Any]:
    return [c.value for c in cells(book, ref(ser, path))]


def fill_colour(element: ET.Element) -> str:
    """The solid fill colour (RRGGBB) of a chart series or data point."""
    colour = element.find("c:spPr/a:solidFill/a:srgbClr", NS)
    assert colour is not None, "no solid fill"
    return str(colour.get("val"))


def published_row(indicator_id: str) -> list[float]:
    """A row of the published appendix 1 (history/bilag1_2007_2012.csv), 2007-2012."""
    for line in (ROOT / "history" / PUBLISHED_WIDE).read_text("utf-8").splitlines():
        if line.startswith(indicator_id + ","):
            return [float(v) for v in line.split(",")[-7:-1]]
    raise KeyError(indicator_id)


# --- The charts in the file ------------------------------------------------------------------


def test_the_sample_inputs_give_at_least_17_native_charts_and_no_image(
    report: Path, charts: list[Chart], charted: list[tuple[Figure, Chart]]
) -> None:
    assert len(charted) >= 17
    with zipfile.ZipFile(report) as zf:
        names = zf.namelist()
        drawings = [ET.fromstring(zf.read(n)) for n in names if n.startswith("xl/drawings/draw")]
    assert not [n for n in names if n.startswith("xl/media/")]
    frames = [frame for d in drawings for frame in d.iterfind(".//xdr:graphicFrame", NS)]
    assert len(frames) == len(charts)
    assert [pic for d in drawings for pic in d.iterfind(".//xdr:pic", NS)] == []


def test_each_chart_is_of_its_figures_type_with_titled_axes(
    charted: list[tuple[Figure, Chart]],
) -> None:
    for fig, chart in charted:
        kind = str(fig.chart["type"])
        plots = [p.tag.split("}")[1] for p in chart.plots()]
        assert plots == [PLOTS[kind]] * (2 if fig.y2_axis else 1), fig.label
        area = chart.root.find("c:chart/c:plotArea", NS)
        assert area is not None
        if kind == "pie":
            continue
        bar_dir = chart.plots()[0].find("c:barDir", NS)
        if kind in ("bar", "column"):
            assert bar_dir is not None and bar_dir.get("val") == kind[:3], fig.label
        axes = [*area.findall("c:valAx", NS), area.findall("c:catAx", NS)[0]]
        titles = ["".join(t.itertext()).strip() for a in axes for t in a.iterfind("c:title", NS)]
        assert len(titles) == len(axes) and all(titles), fig.label


def test_every_series_points_at_the_cells_holding_its_figures_numbers(
    book: Any, charted: list[tuple[Figure, Chart]]
) -> None:
    for fig, chart in charted:
        series = chart.series()
        assert len(series) == len(fig.series), fig.label
        for index, ser in enumerate(series):
            assert values_of(book, ser, "c:tx/c:strRef/c:f") == [fig.series[index].name]
            cat = ser.find("c:cat/c:numRef/c:f", NS)
            if cat is None:
                cat = ser.find("c:cat/c:strRef/c:f", NS)
            assert cat is not None and cat.text and cat.text.startswith(f"{DATA_SHEET}!")
            assert [c.value for c in cells(book, cat.text)] == [r.category for r in fig.rows]
            vals = cells(book, ref(ser, "c:val/c:numRef/c:f"))
            expected = fig.column(index)
            assert [c.value for c in vals] == pytest.approx(list(expected)), fig.label
            for cell, value in zip(vals, expected, strict=True):
                # A number is a number; a missing figure is an empty cell, never 0 or "NA".
                assert (cell.value is None) == (value is None), (fig.label, cell.coordinate)
                assert cell.value is None or isinstance(cell.value, int | float)


def test_every_other_chart_points_at_existing_numbers(
    book: Any, charts: list[Chart], charted: list[tuple[Figure, Chart]]
) -> None:
    # Charts a report sheet draws itself (not one of the figures) get the same basic check:
    # each series has a name, and its values are numbers in cells that exist.
    figure_charts = {chart.name for _, chart in charted}
    for chart in charts:
        if chart.name in figure_charts:
            continue
        assert chart.series(), chart.title
        for ser in chart.series():
            values = values_of(book, ser, "c:val/c:numRef/c:f")
            assert values and any(v is not None for v in values), chart.title
            assert all(v is None or isinstance(v, int | float) for v in values), chart.title


def test_charted_numbers_are_the_summarys_and_the_published_ones(
    book: Any, charted: list[tuple[Figure, Chart]], summary: Summary
) -> None:
    by_label = {f.label: c for f, c in charted}
    # Figure 3.1: the appendix's three result counts, 2007-2012, as the Summary holds them;
    # the sample inputs reproduce the published 2012 figures, history gives the years before.
    results = ("firms_new_products", "firms_new_ideas", "firms_new_competences")
    for ser, iid in zip(by_label["Figur 3.1"].series(), results, strict=True):
        charted_values = values_of(book, ser, "c:val/c:numRef/c:f")
        assert charted_values == [summary.get(iid).value(y) for y in range(2007, YEAR + 1)]
        assert charted_values == published_row(iid), iid
    # Figure 2.1 reaches back to 2006 (36 networks, published in the text of the report).
    networks = values_of(book, by_label["Figur 2.1"].series()[0], "c:val/c:numRef/c:f")
    assert networks == [36, 28, 27, 23, 15, 22, 22]
    # Figure 3.6: the 2012 sources of financing as fractions that add up to the whole, each
    # rounding to the published percentage.
    pie = values_of(book, by_label["Figur 3.6"].series()[0], "c:val/c:numRef/c:f")
    assert math.fsum(pie) == pytest.approx(1.0)
    assert [round(v * 100) for v in pie] == [34, 3, 1, 7, 7, 40, 5, 3]
    # Shares are fractions of the Summary's 0-100 values (figure 3.4, 2012 only).
    shares = values_of(book, by_label["Figur 3.4"].series()[0], "c:val/c:numRef/c:f")
    percent = [summary.get(f"share_ki_{k}").value(YEAR) for k in KI_KINDS]
    assert None not in percent
    assert shares == pytest.approx([v / 100 for v in percent if v is not None])


def test_a_source_of_financing_has_one_colour_in_figures_3_5_and_3_6(
    charted: list[tuple[Figure, Chart]],
) -> None:
    # The two figures print on the same page; a colour meaning two sources would mislead.
    by_label = {f.label: (f, c) for f, c in charted}
    columns, stacked = by_label["Figur 3.5"]
    pie, slices = by_label["Figur 3.6"]
    column_colour = {
        spec.name: fill_colour(ser)
        for spec, ser in zip(columns.series, stacked.series(), strict=True)
    }
    points = slices.series()[0].findall("c:dPt", NS)
    slice_colour = {
        str(row.category): fill_colour(pt) for row, pt in zip(pie.rows, points, strict=True)
    }
    shared = set(column_colour) & set(slice_colour)
    assert shared == {"Regioner/kommuner", "Videninstitutioner", "Virksomheder", "EU", "Andet"}
    for name in shared:
        assert slice_colour[name] == column_colour[name], name
    # The ministry's three parts make up "Staten": its colour, then two lighter shades of it.
    ministry = [slice_colour[str(r.category)] for r in pie.rows[:3]]
    assert ministry[0] == column_colour["Staten"]
    assert len(set(slice_colour.values())) == len(slice_colour)


# --- The report printed by LibreOffice -------------------------------------------------------

# Pages per sheet that follow from the layout (A4; Carlito, Calibri's metrics, as .ci/run
# installs; the counts hold with LibreOffice's fallback font too): the three body tables are
# made to fit one page; appendix 1's 76 rows, landscape at one page wide (scale ~97 %), fill
# three pages of ~25 rows, as many labels wrap to two lines; the 18 figure data tables (184
# rows of 15-30 pt) fill three portrait pages; "Figurer" prints two charts a page, with a
# manual break after every second. Sheets not named here (the front sheet and the long
# listings, whose length follows the inputs and the catalogue) print at least one page each.
FIXED_PAGES = {
    "Bilag 1": 3,
    "Tabel 2.1": 1,
    "Tabel 3.1": 1,
    "Tabel 4.1-4.3": 1,
    DATA_SHEET: 3,  # each figure's title kept on the page of its table
}


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory, report: Path) -> Path:
    return to_pdf(report, tmp_path_factory.mktemp("pdf"))


@pytest.fixture(scope="module")
def pages(pdf: Path) -> list[str]:
    return [pdf_page_text(pdf, n) for n in range(1, pdf_pages(pdf) + 1)]


def sheet_of(page: str) -> str:
    """The sheet a printed page belongs to: the header's right-hand part (&A)."""
    first = next(line for line in page.splitlines() if line.strip())
    title, _, name = first.strip().partition("  ")
    assert title == f"Performanceregnskab for innovationsnetværkene {YEAR}", first
    return name.strip()


def test_libreoffice_prints_every_sheet_in_order_on_the_expected_pages(
    book: Any, pages: list[str], figures: list[Figure]
) -> None:
    total = len(pages)
    printed = [sheet_of(p) for p in pages]
    # Every page names its sheet, the sheets come in workbook order, none is left out.
    visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    assert list(dict.fromkeys(printed)) == visible
    assert printed == sorted(printed, key=visible.index)  # each sheet's pages together
    counts = {name: printed.count(name) for name in visible}
    for name, expected in FIXED_PAGES.items():
        assert counts[name] == expected, (name, counts)
    assert counts[CHART_SHEET] == math.ceil(len(figures) / 2)
    assert all(n >= 1 for n in counts.values())
    for number, page in enumerate(pages, start=1):
        assert f"Side {number} af {total}" in page, number


def test_libreoffice_prints_appendix_1_with_its_header_on_every_page(pages: list[str]) -> None:
    appendix = [p for p in pages if sheet_of(p) == "Bilag 1"]
    assert "Bilag 1. Indikatorer for innovationsnetværkene 2007-2012" in appendix[0]
    assert "1. RESULTATER" in appendix[0]
    first_row = re.search(r"processer – i alt\s+315\s+408\s+302\s+322\s+728\s+869\s", appendix[0])
    assert first_row, "appendix 1's first row, 2007-2012, as published"
    for page in appendix:
        # The two header rows repeat: the years and the number of networks under each.
        assert "(28 netværk)" in page and "(22 netværk)" in page and "Procent" in page
    assert "[x]: ikke indsamlet" in appendix[0]  # explained in the title block


def test_libreoffice_prints_the_figures_two_a_page_in_report_order(
    pages: list[str], figures: list[Figure]
) -> None:
    chart_pages = [p for p in pages if sheet_of(p) == CHART_SHEET]
    pairs = [figures[i : i + 2] for i in range(0, len(figures), 2)]
    for number, (page, pair) in enumerate(zip(chart_pages, pairs, strict=True), start=1):
        assert LABEL.findall(page) == [f"{f.label}." for f in pair], f"page {number} of figures"


def test_libreoffice_prints_every_answer_row_with_its_network(
    pages: list[str], summary: Summary
) -> None:
    # "Data" is one row per questionnaire, printed at 100 % in bands of columns as wide as a
    # page; the network column repeats on every page, so each network is on as many pages as
    # there are bands. A row lost at a page break would show as a network on fewer pages.
    data = [set(p.split()) for p in pages if sheet_of(p) == "Data"]
    networks = {r.network for r in summary.responses}
    assert len(networks) == len(summary.responses) >= 22
    on_pages = {n: sum(1 for words in data if n in words) for n in networks}
    bands = set(on_pages.values())
    assert len(bands) == 1, on_pages
    assert bands.pop() >= 2  # ~100 answer columns do not fit one page's width


def test_libreoffice_prints_every_input_file_in_the_sources(
    pages: list[str], run: ReportRun
) -> None:
    # A file's path may wrap in its cell; its SHA-256 fits its column, so it identifies the file.
    sources = " ".join(p for p in pages if sheet_of(p) == "Kilder")
    read = [f for f in run.validation.files if f.sha256]
    assert len(read) >= 22
    for f in read:
        assert f.sha256 in sources, f.file
