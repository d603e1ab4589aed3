"""The figures written as native Excel charts, checked in the file itself.

A workbook of the figure sheets (`figure_sheets`) is rendered; the tests open the zip,
parse every xl/charts/chart*.xml and follow each series' references into the "Figurdata" sheet
(read with openpyxl) to check they hold exactly the figure's numbers.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from soffice import pdf_page_text, pdf_pages, to_pdf
from test_figures import PUBLICATION, PUBLISHED, make_extra, make_summary

from perfreg_xlsx.pipeline import build_report
from perfreg_xlsx.report.figure_kinds import FMT_SHARE, Figure
from perfreg_xlsx.report.figure_sheets import CHART_SHEET, DATA_SHEET, figure_sheets, no_data_note
from perfreg_xlsx.report.figures import build_figures
from perfreg_xlsx.survey.registry import load_register
from perfreg_xlsx.workbook import render
from perfreg_xlsx.workbook.spec import ChartSpec, SheetBuilder, WorkbookSpec

NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
}
PLOTS = {"column": "barChart", "bar": "barChart", "line": "lineChart", "pie": "pieChart"}


@dataclass(frozen=True)
class Chart:
    name: str
    root: ET.Element

    @property
    def title(self) -> str:
        title = self.root.find("c:chart/c:title", NS)
        assert title is not None, f"{self.name} has no title"
        return "".join(t.text or "" for t in title.iterfind(".//a:t", NS))

    def plots(self) -> list[ET.Element]:
        area = self.root.find("c:chart/c:plotArea", NS)
        assert area is not None
        return [el for el in area if el.tag.endswith("Chart")]

    def series(self) -> list[ET.Element]:
        return [ser for plot in self.plots() for ser in plot.iterfind("c:ser", NS)]


HEADER = "&LPerformanceregnskab 2012&R&A"


def write_workbook(path: Path, figures: list[Figure]) -> Path:
    front = SheetBuilder("Forside")
    front.put(0, 0, "Forside")  # the figure sheets come later
    sheets = [replace(s, page=replace(s.page, header=HEADER)) for s in figure_sheets(figures)]
    spec = WorkbookSpec((front.build(), *sheets), {"created": datetime(2013, 3, 15)})
    return render.write_workbook(path, spec)


def read_charts(path: Path) -> list[Chart]:
    with zipfile.ZipFile(path) as zf:
        names = sorted(
            (n for n in zf.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)),
            key=lambda n: int(re.sub(r"\D", "", n)),
        )
        return [Chart(n, ET.fromstring(zf.read(n))) for n in names]


def cells(wb: Any, ref: str) -> list[Any]:
    """The openpyxl cells a chart reference such as Figurdata!$B$5:$B$11 points at."""
    sheet, _, rng = ref.partition("!")
    ws = wb[sheet.strip("'")]
    found = ws[rng.replace("$", "")]
    if not isinstance(found, tuple):
        return [found]
    return [c for row in found for c in (row if isinstance(row, tuple) else (row,))]


def ref(ser: ET.Element, path: str) -> str:
    f = ser.find(path, NS)
    assert f is not None and f.text, f"no reference at {path}"
    return f.text


@pytest.fixture(scope="module")
def figures() -> list[Figure]:
    return build_figures(make_summary(), make_extra())


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory, figures: list[Figure]) -> Path:
    return write_workbook(tmp_path_factory.mktemp("charts") / "figurer.xlsx", figures)


@pytest.fixture(scope="module")
def charts(book: Path) -> list[Chart]:
    return read_charts(book)


def by_title(charts: list[Chart], figures: list[Figure]) -> list[tuple[Figure, Chart]]:
    titled = {c.title: c for c in charts}
    return [(f, titled[f.title]) for f in figures]


def test_every_figure_is_a_native_chart_not_an_image(
    book: Path, charts: list[Chart], figures: list[Figure]
) -> None:
    assert len(charts) == len(figures) == 18
    assert sorted(c.title for c in charts) == sorted(f.title for f in figures)
    with zipfile.ZipFile(book) as zf:
        assert not [n for n in zf.namelist() if n.startswith("xl/media/")]
        drawings = [n for n in zf.namelist() if n.startswith("xl/drawings/drawing")]
        assert len(drawings) == 1
        drawing = ET.fromstring(zf.read(drawings[0]))
    assert len(drawing.findall(".//xdr:graphicFrame", NS)) == 18
    assert drawing.findall(".//xdr:pic", NS) == []
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["Forside", DATA_SHEET, CHART_SHEET]
    assert wb[DATA_SHEET].sheet_state == "visible"


def test_chart_types_follow_the_figures(charts: list[Chart], figures: list[Figure]) -> None:
    kinds = {}
    for fig, chart in by_title(charts, figures):
        plots = chart.plots()
        # A series on the secondary axis is drawn by a second plot of the same type.
        expected = [PLOTS[str(fig.chart["type"])]] * (2 if fig.y2_axis else 1)
        assert [p.tag.split("}")[1] for p in plots] == expected, fig.label
        bar_dir = plots[0].find("c:barDir", NS)
        grouping = plots[0].find("c:grouping", NS)
        kinds[fig.label] = (
            plots[0].tag.split("}")[1],
            None if bar_dir is None else bar_dir.get("val"),
            None if grouping is None else grouping.get("val"),
        )
    assert kinds["Figur 3.1"] == ("barChart", "col", "clustered")
    assert kinds["Figur 3.5"] == ("barChart", "col", "stacked")
    assert kinds["Figur 4.5"] == ("barChart", "bar", "clustered")
    assert kinds["Figur 3.4"] == ("barChart", "bar", "clustered")
    assert kinds["Figur 3.3"][0] == "lineChart"
    assert kinds["Tabel 3.1"][0] == "lineChart"
    assert kinds["Figur 3.6"] == ("pieChart", None, None)


def test_series_point_at_exactly_the_figure_numbers(
    book: Path, charts: list[Chart], figures: list[Figure]
) -> None:
    wb = openpyxl.load_workbook(book)
    for fig, chart in by_title(charts, figures):
        series = chart.series()
        assert len(series) == len(fig.series), fig.label
        for index, ser in enumerate(series):
            name = cells(wb, ref(ser, "c:tx/c:strRef/c:f"))
            assert [c.value for c in name] == [fig.series[index].name]
            cat_ref = ser.find("c:cat/c:numRef/c:f", NS)
            if cat_ref is None:
                cat_ref = ser.find("c:cat/c:strRef/c:f", NS)
            assert cat_ref is not None and cat_ref.text
            assert cat_ref.text.startswith(f"{DATA_SHEET}!")
            cats = cells(wb, cat_ref.text)
            assert [c.value for c in cats] == [r.category for r in fig.rows], fig.label
            vals = cells(wb, ref(ser, "c:val/c:numRef/c:f"))
            assert [c.value for c in vals] == pytest.approx(list(fig.column(index))), fig.label
            # Numbers as numbers with the figure's format; NA as an empty cell.
            for cell in vals:
                assert cell.value is None or isinstance(cell.value, int | float)
                assert cell.number_format == fig.series[index].num_format
        values = [c.value for ser in series for c in cells(wb, ref(ser, "c:val/c:numRef/c:f"))]
        assert any(v is not None for v in values), f"{fig.label} charts no number"


def test_published_numbers_land_in_the_cells(book: Path, charts: list[Chart]) -> None:
    wb = openpyxl.load_workbook(book)
    titled = {c.title: c for c in charts}
    fig31 = titled["Figur 3.1. Virksomhedernes resultater af netværksdeltagelsen 2007-2012"]
    first = fig31.series()[0]
    assert [c.value for c in cells(wb, ref(first, "c:val/c:numRef/c:f"))] == list(
        PUBLISHED["firms_new_products"]
    )
    fig43 = next(c for t, c in titled.items() if t.startswith("Figur 4.3."))
    vals = cells(wb, ref(fig43.series()[0], "c:val/c:numRef/c:f"))
    # 2008-2010 from appendix 1's totals and the networks of each year.
    assert [c.value for c in vals] == pytest.approx([1680 / 27, 1100 / 23, 852 / 15, 78, 105])


def test_axes_have_titles_and_number_formats(charts: list[Chart], figures: list[Figure]) -> None:
    for fig, chart in by_title(charts, figures):
        area = chart.root.find("c:chart/c:plotArea", NS)
        assert area is not None
        if fig.chart["type"] == "pie":
            assert area.find("c:valAx", NS) is None
            continue
        value_axes = area.findall("c:valAx", NS)
        assert len(value_axes) == (2 if fig.y2_axis else 1), fig.label
        # The first category axis is the visible one; a secondary axis adds a hidden one.
        for axis in [*value_axes, area.findall("c:catAx", NS)[0]]:
            assert axis.find("c:title", NS) is not None, fig.label
        fmt = value_axes[0].find("c:numFmt", NS)
        assert fmt is not None
        shares = all(s.num_format == FMT_SHARE for s in fig.series)
        assert (fmt.get("formatCode") == "0%") == shares, fig.label
        assert chart.root.find("c:chart/c:legend", NS) is not None


def test_data_labels_where_the_report_prints_numbers(
    charts: list[Chart], figures: list[Figure]
) -> None:
    labelled = set()
    for fig, chart in by_title(charts, figures):
        shown = [
            ser.find("c:dLbls/c:showVal", NS) is not None
            and ser.find("c:dLbls/c:showVal", NS).get("val") == "1"  # type: ignore[union-attr]
            for ser in chart.series()
        ]
        assert all(shown) == fig.data_labels and any(shown) == fig.data_labels, fig.label
        if fig.data_labels:
            labelled.add(fig.label)
            fmt = chart.series()[0].find("c:dLbls/c:numFmt", NS)
            assert fmt is not None and fmt.get("formatCode") == fig.series[0].num_format
    assert {"Figur 3.4", "Figur 3.6", "Figur 4.10", "Figur 4.11", "Tabel 3.1"} <= labelled


def test_blanks_are_gaps(charts: list[Chart]) -> None:
    for chart in charts:
        blanks = chart.root.find("c:chart/c:dispBlanksAs", NS)
        # Absent means "gap" in Excel (XlsxWriter omits the default).
        assert blanks is None or blanks.get("val") == "gap"


def test_a_figure_without_data_gets_a_note_not_an_empty_frame(tmp_path: Path) -> None:
    published = dict(PUBLISHED)
    for key in [k for k in published if k.startswith("share_intl_")]:
        published[key] = (None,) * 6
    figures = build_figures(make_summary(published), make_extra())
    missing = next(f for f in figures if f.label == "Figur 4.10")
    assert not missing.has_data
    book = write_workbook(tmp_path / "uden.xlsx", figures)
    charts = read_charts(book)
    assert len(charts) == 17
    assert missing.title not in {c.title for c in charts}
    ws = openpyxl.load_workbook(book)[CHART_SHEET]
    texts = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert no_data_note(missing) == "Ingen data for figur 4.10"
    assert no_data_note(missing) in texts
    assert missing.title in texts
    # Its data table is still there, empty, for the reader to see what is missing.
    data = openpyxl.load_workbook(book)[DATA_SHEET]
    assert missing.title in [c.value for c in data["A"]]


def test_print_layout_is_a4_with_two_charts_a_page(book: Path) -> None:
    wb = openpyxl.load_workbook(book)
    charts, data = wb[CHART_SHEET], wb[DATA_SHEET]
    assert charts.page_setup.paperSize == 9 and data.page_setup.paperSize == 9
    assert charts.page_setup.orientation == "portrait"
    assert [b.id for b in charts.row_breaks.brk] == [48, 96, 144, 192, 240, 288, 336, 384]
    assert charts.print_area == "'Figurer'!$A$1:$A$432"
    assert data.sheet_properties.pageSetUpPr.fitToPage
    # One page wide (1 is the default, which XlsxWriter leaves out), as many pages tall as needed.
    assert data.page_setup.fitToWidth in (None, 1) and data.page_setup.fitToHeight == 0
    for ws in (charts, data):
        assert ws.oddHeader.left.text == "Performanceregnskab 2012"
        assert ws.oddFooter.center.text == "Side &P af &N"
    with zipfile.ZipFile(book) as zf:
        drawing = ET.fromstring(zf.read("xl/drawings/drawing1.xml"))
    rows = [int(a.findtext("xdr:from/xdr:row", "", NS)) for a in drawing.iterfind("*", NS)]
    # One chart per 24-row slot; the first below the sheet's title in A1.
    assert rows == [1] + [24 * i for i in range(1, 18)]
    assert str(charts["A1"].value).startswith("Figurer: ") and charts["A1"].font.b


def _dark_share(pgm: bytes) -> float:
    """The share of pixels darker than light grey in a binary PGM (P5) image."""
    header = pgm.split(maxsplit=4)
    assert header[0] == b"P5"
    width, height = int(header[1]), int(header[2])
    pixels = header[4][: width * height]
    return sum(1 for p in pixels if p < 200) / (width * height)


def test_libreoffice_prints_two_charts_a_page(tmp_path: Path, book: Path) -> None:
    figures = build_figures(make_summary(), make_extra())
    pdf = to_pdf(book, tmp_path)
    pages = pdf_pages(pdf)
    chart_pages = range(pages - 8, pages + 1)  # "Figurer" prints last: 18 charts, 9 pages
    labels = re.compile(r"(?:Figur|Tabel) \d\.\d+\.")
    for page, pair in zip(chart_pages, zip(figures[::2], figures[1::2], strict=True), strict=True):
        found = labels.findall(pdf_page_text(pdf, page))
        assert found == [f"{f.label}." for f in pair], f"page {page}"
    pdftoppm = shutil.which("pdftoppm")  # poppler-utils, like pdftotext above
    assert pdftoppm is not None, "pdftoppm not found (install poppler-utils)"
    prefix = tmp_path / "page"
    first = str(chart_pages[0])
    subprocess.run(
        [pdftoppm, "-gray", "-r", "30", "-f", first, "-l", first, str(pdf), str(prefix)],
        check=True,
    )
    image = next(tmp_path.glob("page-*.pgm"))
    assert _dark_share(image.read_bytes()) > 0.03  # bars drawn, not an empty page


def test_every_drawing_has_alt_text_naming_its_figure_and_number(
    book: Path, figures: list[Figure]
) -> None:
    with zipfile.ZipFile(book) as zf:
        drawings = [n for n in zf.namelist() if re.fullmatch(r"xl/drawings/drawing\d+\.xml", n)]
        frames = [
            frame
            for name in drawings
            for frame in ET.fromstring(zf.read(name)).iterfind(".//xdr:graphicFrame", NS)
        ]
    described = [frame.find("xdr:nvGraphicFramePr/xdr:cNvPr", NS) for frame in frames]
    texts = [el.get("descr", "") if el is not None else "" for el in described]
    assert texts == [f.alt_text for f in figures]
    assert all(t.startswith(("Søjle", "Liggende", "Kurve", "Cirkel", "Stablet")) for t in texts)
    by_label = dict(zip((f.label for f in figures), texts, strict=True))
    assert by_label["Figur 4.11"] == (
        "Søjlediagram over antal formidlingsaktiviteter målt per innovationsnetværk i 2012. "
        "I 2012: Omtaler i pressen 39; Pressemeddelelser 10; Nyhedsbreve 11."
    )


def test_no_chart_has_a_series_without_data(book: Path, charts: list[Chart]) -> None:
    wb = openpyxl.load_workbook(book)
    for chart in charts:
        for ser in chart.series():
            vals = [c.value for c in cells(wb, ref(ser, "c:val/c:numRef/c:f"))]
            name = cells(wb, ref(ser, "c:tx/c:strRef/c:f"))[0].value
            assert any(v is not None for v in vals), f"{chart.title}: {name} is empty"


def test_figure_4_11_shows_2012_only_as_published(charts: list[Chart]) -> None:
    chart = next(c for c in charts if c.title.startswith("Figur 4.11."))
    assert chart.title.endswith("målt per innovationsnetværk i 2012")
    assert len(chart.series()) == 1


def test_figure_4_4_is_grouped_by_activity_with_years_as_series(
    book: Path, charts: list[Chart]
) -> None:
    wb = openpyxl.load_workbook(book)
    chart = next(c for c in charts if c.title.startswith("Figur 4.4."))
    series = chart.series()
    assert [cells(wb, ref(s, "c:tx/c:strRef/c:f"))[0].value for s in series] == [
        str(y) for y in range(2007, 2013)
    ]
    cats = cells(wb, ref(series[0], "c:cat/c:strRef/c:f"))
    assert [c.value for c in cats] == ["Konferencer, seminarer mv.", "Matchmaking", "Idégenerering"]


def test_left_out_years_are_said_under_the_data_table(book: Path) -> None:
    texts = [c.value for c in openpyxl.load_workbook(book)[DATA_SHEET]["A"]]
    assert "Ikke vist, da der ikke findes tal: 2007, 2008, 2009, 2010, 2011." in texts
    assert "Ikke vist, da der ikke findes tal: 2006." in texts


def test_a_chart_without_its_own_alt_text_is_described_by_its_title(tmp_path: Path) -> None:
    sheet = SheetBuilder("Ark")
    sheet.put(0, 0, "Ark")
    sheet.put(1, 0, 5)
    sheet.charts.append(
        ChartSpec(
            anchor=(3, 0),
            options={"type": "column"},
            series=({"values": ["Ark", 1, 0, 1, 0]},),
            settings={"set_title": {"name": "Bilag 3's fordeling"}},
        )
    )
    book = render.write_workbook(
        tmp_path / "a.xlsx", WorkbookSpec((sheet.build(),), {"created": datetime(2013, 3, 15)})
    )
    with zipfile.ZipFile(book) as zf:
        drawing = ET.fromstring(zf.read("xl/drawings/drawing1.xml"))
    (described,) = drawing.iterfind(".//xdr:cNvPr", NS)
    assert described.get("descr") == "Diagram: Bilag 3's fordeling."


def test_the_real_report_draws_each_figure_as_published(tmp_path: Path) -> None:
    """From the shipped inputs and history: every chart's categories and series as the
    publication shows them (`test_figures.PUBLICATION`), with no series empty."""
    root = Path(__file__).resolve().parents[1]
    run = build_report(
        [root / "inputs"],
        load_register(root / "templates" / "networks.csv"),
        out_dir=tmp_path,
        history_dir=root / "history",
        record=False,
        made_on=date(2013, 3, 15),
    )
    assert run.path is not None
    wb = openpyxl.load_workbook(run.path)
    found = {}
    for chart in read_charts(run.path):
        label = re.match(r"((?:Figur|Tabel) \d\.\d+)\. ", chart.title)
        if label is None:
            continue  # appendix 3's chart
        series = chart.series()
        names = [cells(wb, ref(s, "c:tx/c:strRef/c:f"))[0].value for s in series]
        cat = series[0].find("c:cat/c:numRef/c:f", NS)
        if cat is None:  # an Element without children is false: test for None
            cat = series[0].find("c:cat/c:strRef/c:f", NS)
        assert cat is not None and cat.text
        found[label.group(1)] = ([c.value for c in cells(wb, cat.text)], names)
        for s in series:
            assert any(c.value is not None for c in cells(wb, ref(s, "c:val/c:numRef/c:f")))
    assert list(found) == list(PUBLICATION)
    for label, (categories, names) in found.items():
        pub = PUBLICATION[label]
        years = [y for y in pub.years if y not in pub.lacking]
        if pub.by_year and pub.chart != ("pie", None):
            assert (categories, names) == (years, list(pub.names)), label
        else:
            assert (categories, names) == (list(pub.names), [str(y) for y in years]), label
    # Figure 4.3's 2008-2010 from appendix 1's totals: 1,680 / 27, 1,100 / 23, 852 / 15.
    data = [row for row in wb[DATA_SHEET].iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(data) if str(r[0]).startswith("Figur 4.3."))
    assert [r[1] for r in data[start + 2 : start + 5]] == pytest.approx(
        [1680 / 27, 1100 / 23, 852 / 15]
    )
