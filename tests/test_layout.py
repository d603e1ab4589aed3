"""The report layout as plain data: what goes where, before any Excel is written."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
import report_fixtures as fx
from survey_names import APPENDIX1, APPENDIX1_HEADINGS, INDICATORS

from perfreg_xlsx import __version__
from perfreg_xlsx.models import IndicatorResult, Summary, ValidationResult, YearValue
from perfreg_xlsx.report.data_sheets import HEADER_ROW, NA, answers_sheet
from perfreg_xlsx.report.figures import build_figures
from perfreg_xlsx.report.front import left_out_files, report_title
from perfreg_xlsx.report.layout import default_made_on, report_filename, report_workbook
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.util.excel import fit_text
from perfreg_xlsx.workbook.spec import (
    Cell,
    ChartSpec,
    SheetBuilder,
    SheetSpec,
    WorkbookSpec,
    check_sheet_name,
)

MADE_ON = date(2013, 3, 15)


@pytest.fixture(scope="module")
def book(summary: Summary, validation: ValidationResult, reg: Register) -> WorkbookSpec:
    return report_workbook(summary, validation, reg, made_on=MADE_ON)


def sheet(book: WorkbookSpec, name: str) -> SheetSpec:
    return next(s for s in book.sheets if s.name == name)


def row_of(spec: SheetSpec, label: str) -> int:
    return spec.find(label)[0]


def test_sheet_order_and_names(book: WorkbookSpec) -> None:
    names = [s.name for s in book.sheets]
    assert names == fx.SHEETS
    for name in names:
        assert check_sheet_name(name) == name


def test_fixed_properties(book: WorkbookSpec) -> None:
    assert book.properties["created"].date() == MADE_ON
    assert book.properties["title"] == "Performanceregnskab for innovationsnetværkene 2012"
    assert report_filename(2012) == "performanceregnskab_2012.xlsx"


def test_default_date_is_fixed_by_inputs(summary: Summary) -> None:
    assert default_made_on(summary) == date(2012, 12, 31)


def test_front_sheet(book: WorkbookSpec, summary: Summary) -> None:
    front = sheet(book, "Forside")
    assert front.value(0, 0) == report_title(2012)
    r = row_of(front, "Undersøgelsesår")
    assert front.value(r, 1) == 2012
    r = row_of(front, "Besvarelser med i opgørelsen")
    assert front.value(r, 1) == len(summary.responses) == 20
    r = row_of(front, "Udarbejdet den")
    assert front.value(r, 1) == MADE_ON
    r = row_of(front, "Værktøj")
    assert front.value(r, 1) == f"perfreg-xlsx {__version__}"
    # Left-out files are loud: red count, a warning line and one red row per file.
    r = row_of(front, "Besvarelser udeladt")
    assert front.value(r, 1) == 2
    assert front.cells[(r, 1)].style == "warn"
    assert front.find("OBS: 2 besvarelse(r) er IKKE med i tallene.")
    r = row_of(front, "alucluster_2012.xlsx")
    assert front.value(r, 1) == "Innovationsnetværket AluCluster"
    assert "større end antallet i alt" in str(front.value(r, 2))
    assert front.cells[(r, 2)].style == "warn_text"
    r = row_of(front, "=cmd|' /C calc'!A0.xlsx")  # refused, so no network could be read
    assert front.value(r, 1) == "(ukendt netværk)"
    # Innovation networks that did not answer, by full name and loudly.
    r = row_of(front, "Innovationsnetværk, der ikke har svaret")
    assert front.value(r, 1) == 1 and front.cells[(r, 1)].style == "warn"
    r = row_of(front, "Innovationsnetværk, der ikke har svaret (1)")
    assert front.value(r + 1, 0) == "Animation Hub"
    assert front.cells[(r + 1, 0)].style == "warn_text"
    # Every included response is listed.
    for resp in summary.responses:
        assert front.find(resp.file)


def test_table_of_contents_links_every_sheet(book: WorkbookSpec) -> None:
    front = sheet(book, "Forside")
    links = {c.value: c.link for c in front.cells.values() if c.link}
    assert links == {s.name: f"internal:'{s.name}'!A1" for s in book.sheets[1:]}


def test_no_left_out_says_none(summary: Summary, reg: Register) -> None:
    clean = fx.validation(summary, reg)
    clean = clean.model_copy(update={"files": clean.files[: len(summary.responses)]})
    front = sheet(report_workbook(summary, clean, reg, made_on=MADE_ON), "Forside")
    r = row_of(front, "Besvarelser udeladt")
    assert front.value(r, 1) == 0
    assert front.cells[(r, 1)].style != "warn"
    assert front.find("Besvarelser, der ikke er med i opgørelsen: ingen")


def test_clusters_without_answers_are_listed_quietly(
    summary: Summary, validation: ValidationResult, reg: Register
) -> None:
    missing = ("fleksenergi", "animation-hub", "energyvision", "ukendt")
    v = validation.model_copy(update={"missing_networks": missing})
    front = sheet(report_workbook(summary, v, reg, made_on=MADE_ON), "Forside")
    r = row_of(front, "Innovationsnetværk, der ikke har svaret")
    assert front.value(r, 1) == 2  # the unknown short name counts, loudly
    r = row_of(front, "Innovationsnetværk, der ikke har svaret (2)")
    assert [front.value(r + 1, 0), front.value(r + 2, 0)] == ["Animation Hub", "ukendt"]
    r = row_of(front, "Øvrige klynger og netværk i registret uden besvarelse (2)")
    # One a row: no merged cell.
    assert [front.value(r + 1, 0), front.value(r + 2, 0)] == ["EnergyVision", "FleksEnergi"]
    assert front.merges == ()


def test_included_despite_errors_is_flagged(
    summary: Summary, validation: ValidationResult, reg: Register
) -> None:
    invalid = next(f.response for f in validation.files if f.status == "invalid")
    assert invalid is not None
    s = summary.model_copy(update={"responses": (*summary.responses, invalid)})
    front = sheet(report_workbook(s, validation, reg, made_on=MADE_ON), "Forside")
    r = row_of(front, invalid.network_name)
    assert front.value(r, 2) == "OBS: Medtaget trods fejl – se arket Kilder"
    assert front.cells[(r, 2)].style == "warn_text"
    assert front.value(row_of(front, "Besvarelser udeladt"), 1) == 1  # only the refused file
    r = row_of(front, "biopeople_2012.xlsx")
    assert front.value(r, 2) == "Godkendt"  # no empty cell in the table


def test_left_out_reasons(summary: Summary, validation: ValidationResult) -> None:
    out = left_out_files(summary, validation)
    assert [o.file for o in out] == ["=cmd|' /C calc'!A0.xlsx", "alucluster_2012.xlsx"]
    assert out[0].reason == "Filen er ikke en Excel-projektmappe"
    assert out[1].reason == "Antal SMV'er i samspilsprojekter er større end antallet i alt"


def test_appendix1_header(book: WorkbookSpec) -> None:
    b1 = sheet(book, "Bilag 1")
    assert [b1.value(2, c) for c in range(1, 8)] == [
        "2007",
        "2008",
        "2009",
        "2010",
        "2011",
        "2012",
        "Procent ændring 2011-2012",
    ]
    assert [b1.value(3, c) for c in range(1, 7)] == [
        "(28 netværk)",
        "(27 netværk)",
        "(23 netværk)",
        "(15 netværk)",
        "(22 netværk)",
        "(22 netværk)",
    ]
    assert b1.freeze == (4, 1)
    assert b1.page.repeat_rows == (2, 3)
    assert b1.page.landscape and b1.page.fit_width == 1 and b1.page.fit_height == 0
    assert b1.page.footer == "&CSide &P af &N"
    assert "Performanceregnskab for innovationsnetværkene 2012" in b1.page.header


def test_appendix1_rows_follow_catalogue(book: WorkbookSpec, summary: Summary) -> None:
    b1 = sheet(book, "Bilag 1")
    labels = [b1.value(r, 0) for r in range(4, b1.last_row + 1)]
    expected: list[str] = []
    seen: set[str] = set()
    for ind in APPENDIX1:
        if ind.section == "header":
            continue
        if ind.section not in seen:
            seen.add(ind.section)
            expected.extend(APPENDIX1_HEADINGS.get(ind.section, ()))
        expected.append(summary.get(ind.id).label_da)
    assert labels[: len(expected)] == expected
    assert b1.cells[(b1.find("1. RESULTATER"))].style == "section"
    assert b1.cells[(b1.find("1.1. INNOVATION"))].style == "subsection"
    assert b1.cells[(b1.find("3. RESSOURCER"))].style == "section"


def test_appendix1_values_and_formats(book: WorkbookSpec, summary: Summary) -> None:
    b1 = sheet(book, "Bilag 1")

    def cells(ind_id: str) -> list[Cell]:
        r = row_of(b1, summary.get(ind_id).label_da)
        return [b1.cells[(r, c)] for c in range(1, 8)]

    row = cells("firms_new_products")
    assert [c.value for c in row] == [315, 408, 302, 322, 728, 869, 0.19]
    assert {c.style for c in row[:6]} == {"num0"} and row[6].style == "pct0"
    row = cells("firms_new_products_avg")
    assert row[5].value == 39.5 and row[5].style == "num1"
    row = cells("turnover")
    assert row[5].value == 316.6 and row[5].style == "num1"
    row = cells("share_advice_financing")
    assert row[5].value == pytest.approx(0.73) and row[5].style == "pct0"
    assert row[6].value == pytest.approx(0.78)
    row = cells("firms_preprojects")
    assert row[6].value == pytest.approx(-0.037) and row[6].style == "pct0"
    row = cells("firms_participating_dedicated")
    assert [c.value for c in row] == [NA] * 5 + [3011, NA]
    assert row[0].style == "na" and row[6].style == "na"
    row = cells("share_facilitation")
    assert row[0].value == NA and row[1].value == pytest.approx(0.67)


def test_appendix1_skips_the_networks_row(book: WorkbookSpec) -> None:
    b1 = sheet(book, "Bilag 1")
    with pytest.raises(KeyError):
        b1.find("Antal netværk i opgørelsen")


def test_appendix1_source_notes(book: WorkbookSpec) -> None:
    b1 = sheet(book, "Bilag 1")
    assert b1.find("Tal for 2007-2011: offentliggjort.")
    assert b1.find("Tal for 2012: beregnet ud fra besvarelserne.")


def test_non_finite_values_become_na(
    summary: Summary, validation: ValidationResult, reg: Register
) -> None:
    ind = summary.get("turnover")
    bad = replace_series(ind, 2012, float("nan"))
    inds = tuple(bad if i.id == "turnover" else i for i in summary.indicators)
    s = summary.model_copy(update={"indicators": inds})
    b1 = sheet(report_workbook(s, validation, reg, made_on=MADE_ON), "Bilag 1")
    assert b1.value(row_of(b1, "Samlet omsætning"), 6) == NA


def replace_series(ind: IndicatorResult, year: int, value: float) -> IndicatorResult:
    series = tuple(
        YearValue(year=yv.year, value=value, networks=yv.networks, source=yv.source)
        if yv.year == year
        else yv
        for yv in ind.series
    )
    return ind.model_copy(update={"series": series})


def test_table21_groups_by_theme(book: WorkbookSpec) -> None:
    t = sheet(book, "Tabel 2.1")
    r = row_of(t, "Energi")
    assert t.value(r, 1) == 3
    assert str(t.value(r, 2)).startswith("Offshoreenergy.dk")
    assert t.value(r + 1, 2) == "Innovationsnetværket VE-NET"
    r = row_of(t, "Animation Hub")
    assert t.value(r, 3) == "Nej"  # did not answer
    r = row_of(t, "I alt")
    assert t.value(r, 1) == 22 and t.value(r, 3) == 20


def test_table31_includes_2006_from_history(
    summary: Summary, validation: ValidationResult, reg: Register
) -> None:
    book = report_workbook(summary, validation, reg, made_on=MADE_ON, extra_years=fx.extra_years())
    t = sheet(book, "Tabel 3.1")
    assert [t.value(2, c) for c in range(1, 8)] == [str(y) for y in range(2006, 2013)]
    assert t.value(3, 1) == "(36 netværk)" and t.value(3, 2) == "(28 netværk)"
    r = row_of(t, "Gennemsnitligt antal deltagende videninstitutioner pr. netværk")
    assert [t.value(r, c) for c in range(1, 8)] == [7, 13, 11, 14, 16, 18, 19]
    r = row_of(t, "Antal deltagende enheder fra videninstitutioner i innovationsprojekter")
    assert t.value(r, 1) == NA and t.value(r, 7) == 189


def test_table31_without_history_starts_with_the_report_years(book: WorkbookSpec) -> None:
    t = sheet(book, "Tabel 3.1")
    assert [t.value(2, c) for c in range(1, 8)] == [*map(str, range(2007, 2013)), None]


def test_tables4(book: WorkbookSpec) -> None:
    t = sheet(book, "Tabel 4.1-4.3")
    r = row_of(t, "Konferencer, seminarer etc.")
    assert (t.value(r, 1), t.value(r, 2)) == (22, 5932)
    r = row_of(t, "Individuel sparring")
    assert (t.value(r, 1), t.value(r, 2)) == (20, 724)
    r = row_of(t, "Kurser")
    assert (t.value(r, 1), t.value(r, 2)) == (11, "Ej opgjort")
    assert t.find("Antal netværk, der tilbød aktiviteten (af 22)")


def test_indicators_long_form(book: WorkbookSpec, summary: Summary) -> None:
    t = sheet(book, "Indikatorer")
    assert str(t.value(0, 0)).startswith("Alle indikatorer i lang form")  # the title in A1
    assert t.value(HEADER_ROW, 0) == "Indikator-id"
    n = sum(len(i.series) for i in summary.indicators)
    h = HEADER_ROW
    assert t.last_row == h + n
    assert [(x.name, x.first_row, x.last_row, x.last_col, x.autofilter) for x in t.tables] == [
        ("Indikatorer", h, h + n, 8, True)
    ]
    ids = {t.value(r, 0) for r in range(h + 1, h + n + 1)}
    assert ids == {i.id for i in INDICATORS}
    rows = {(t.value(r, 0), t.value(r, 3)): r for r in range(h + 1, h + n + 1)}
    r = rows[("firms_participating_dedicated", 2007)]
    assert t.value(r, 4) is None and t.value(r, 5) == "NA"
    r = rows[("firms_participating_dedicated", 2012)]
    assert t.value(r, 4) == 3011 and t.value(r, 5) is None
    assert t.value(r, 7) == 22 and t.value(r, 8) == "beregnet ud fra besvarelserne"
    r = rows[("share_advice_financing", 2012)]
    assert t.value(r, 4) == 73 and t.value(r, 6) == "pct"


def test_data_sheet_keeps_answers_as_read(summary: Summary, validation: ValidationResult) -> None:
    t = answers_sheet(summary, validation, include_personal=True)
    header = [str(t.value(HEADER_ROW, c)) for c in range(0, 200) if t.value(HEADER_ROW, c)]
    assert header[:4] == ["Netværk (kort navn)", "Netværkets navn", "Fil", "Med i opgørelsen"]
    assert header[4].endswith(" (network)")
    # Unknown answers are kept, not dropped.
    assert header[-1] == "Felt, som skemaet ikke kender (retired_question)"
    assert "Netværkets samlede omsætning [1.000 kr.] (turnover)" in header
    assert [x.name for x in t.tables] == ["Data"] and t.tables[0].headers == tuple(header)
    col = {v.rsplit("(", 1)[-1].rstrip(")"): i for i, v in enumerate(header)}
    col |= {"included": 3}
    rows = {t.value(r, 2): r for r in range(HEADER_ROW + 1, t.last_row + 1)}
    assert len(rows) == len(summary.responses) + 1  # plus the invalid one, marked Nej
    r = rows["alucluster_2012.xlsx"]
    assert t.value(r, col["included"]) == "Nej"
    first = summary.responses[0]
    r = rows[first.file]
    assert t.value(r, col["comment"]) == "=1+1"
    assert t.value(r, col["contact_email"]) == "@SUM(A1)"
    assert t.value(r, col["ki_gts"]) == "Ja"  # a bool answer shown as Ja
    assert t.value(r, col["offers_conferences"]) == "Ja"
    assert t.value(r, col["employees_fte"]) == 4.5
    assert t.value(r, col["turnover"]) == 14_400
    assert t.value(r, col["firms_new_ideas"]) is None  # not answered stays empty


def test_the_shared_report_leaves_the_contacts_out(
    book: WorkbookSpec, summary: Summary, validation: ValidationResult
) -> None:
    t = sheet(book, "Data")
    header = [str(t.value(HEADER_ROW, c)) for c in range(0, 200) if t.value(HEADER_ROW, c)]
    assert not any(h.endswith(("(contact_name)", "(contact_email)")) for h in header)
    assert any(h.endswith("(comment)") for h in header)
    assert header[-1].endswith("(retired_question)")
    assert t.description.endswith(
        "(kontaktpersoners navne og e-mails er udeladt: personoplysninger)"
    )
    assert t.value(0, 0) == "Besvarelserne som indlæst, uden kontaktpersoners navne og e-mails"
    emails = {str(r.values.get("contact_email")) for r in summary.responses}
    names = {str(r.values.get("contact_name")) for r in summary.responses}
    for spec in book.sheets:
        for r in range(0, spec.last_row + 1):
            for c in range(0, 200):
                v = spec.value(r, c)
                assert v is None or str(v) not in (emails | names) - {"None"}, (spec.name, r, c)


def test_sources_sheet(book: WorkbookSpec) -> None:
    t = sheet(book, "Kilder")
    assert t.value(HEADER_ROW, 0) == "Fil" and t.tables[0].first_row == HEADER_ROW
    rows = {t.value(r, 0): r for r in range(HEADER_ROW + 1, t.last_row + 1)}
    assert len(rows) == 23
    r = rows["alucluster_2012.xlsx"]
    assert [t.value(r, c) for c in range(1, 8)] == [
        "cd" * 32,
        "1.0",
        "alucluster",
        "Fejl",
        1,
        0,
        "Nej",
    ]
    r = rows["~$lock.xlsx"]
    assert t.value(r, 4) == "Sprunget over"
    r = rows["biopeople_2012.xlsx"]
    assert t.value(r, 4) == "Godkendt" and t.value(r, 7) == "Ja"


def test_extra_sheets_join_the_contents(
    summary: Summary, validation: ValidationResult, reg: Register
) -> None:
    fig = SheetBuilder("Figur 4.1", "Figurdata")
    fig.put(0, 0, 1)
    chart = ChartSpec(
        anchor=(2, 2), options={"type": "column"}, series=({"values": ["Figur 4.1", 0, 0, 0, 0]},)
    )
    fig.charts.append(chart)
    book = report_workbook(summary, validation, reg, made_on=MADE_ON, extra_sheets=[fig.build()])
    names = [s.name for s in book.sheets]
    assert names.index("Figur 4.1") == names.index("Tabel 4.1-4.3") + 1
    assert sheet(book, "Figur 4.1").charts == (chart,)
    front = sheet(book, "Forside")
    assert front.cells[front.find("Figur 4.1")].link == "internal:'Figur 4.1'!A1"
    with pytest.raises(ValueError, match="unique"):
        report_workbook(
            summary, validation, reg, made_on=MADE_ON, extra_sheets=[sheet(book, "Data")]
        )


def test_missing_indicator_is_a_bug(
    summary: Summary, validation: ValidationResult, reg: Register
) -> None:
    s = Summary.model_validate(
        {
            **summary.model_dump(),
            "indicators": [i for i in summary.model_dump()["indicators"] if i["id"] != "turnover"],
        }
    )
    with pytest.raises(KeyError):
        report_workbook(s, validation, reg, made_on=MADE_ON)


@pytest.mark.parametrize("name", ["", "x" * 32, "a/b", "a:b", "[x]", "'x", "History"])
def test_bad_sheet_names(name: str) -> None:
    with pytest.raises(ValueError):
        check_sheet_name(name)


def test_cells_refuse_bools_and_nan() -> None:
    with pytest.raises(TypeError):
        Cell(True)
    with pytest.raises(ValueError):
        Cell(float("inf"))


def test_overlong_text_is_cut_visibly() -> None:
    text = fit_text("x" * 40_000)
    assert len(text) < 32_767 and text.endswith("[afkortet]")
    assert fit_text("kort") == "kort"


def test_wrapped_rows_get_taller() -> None:
    b = SheetBuilder("S")
    b.width(0, 0, 10)
    b.put(0, 0, "kort", "label")
    b.put(1, 0, "en meget lang tekst der skal ombrydes over flere linjer", "label")
    b.put(2, 0, "en meget lang tekst der ikke ombrydes", "text")
    spec = b.build()
    assert 0 not in spec.row_heights and 2 not in spec.row_heights
    assert spec.row_heights[1] >= 4 * 15


def test_replace_keeps_spec_frozen(book: WorkbookSpec) -> None:
    b1 = sheet(book, "Bilag 1")
    assert replace(b1, name="X").cells is b1.cells


def test_figures_join_the_contents(
    summary: Summary, validation: ValidationResult, reg: Register
) -> None:
    figures = build_figures(summary)
    book = report_workbook(summary, validation, reg, made_on=MADE_ON, figures=figures)
    assert book.sheet_names()[5:9] == ["Tabel 4.1-4.3", "Figurdata", "Figurer", "Bilag 3"]
    front = sheet(book, "Forside")
    r = front.find("Figurer")[0]
    assert front.value(r - 1, 0) == "Figurdata" and front.value(r, 1) == "Rapportens figurer"
    assert front.value(r - 1, 1) == "Tallene bag figurerne"
    charts = sheet(book, "Figurer").charts
    assert len(charts) == sum(1 for f in figures if f.has_data) > 10
    assert {c.series[0]["values"][0] for c in charts} == {"Figurdata"}
    # The figure sheets print with the report's header, as every other sheet does.
    assert sheet(book, "Figurer").page.header == sheet(book, "Bilag 1").page.header
    with pytest.raises(ValueError, match="unique"):
        report_workbook(
            summary,
            validation,
            reg,
            made_on=MADE_ON,
            figures=figures,
            extra_sheets=[SheetBuilder("Figurer").build()],
        )


def test_data_headers_stay_unique_whatever_ids_the_inputs_hold(
    summary: Summary, validation: ValidationResult
) -> None:
    first = summary.responses[0]
    odd = {"Retired": 1, "retired": 2, "x" * 400: 3, " ": 4}
    hostile = first.model_copy(update={"values": {**first.values, **odd}})
    s = summary.model_copy(update={"responses": [hostile, *summary.responses[1:]]})
    t = answers_sheet(s, validation)
    (table,) = t.tables
    folded = [h.casefold() for h in table.headers]
    assert len(set(folded)) == len(folded)
    assert all(h.strip() and len(h) <= 255 for h in table.headers)
    assert [h for h in table.headers if "retired" in h.casefold()][:2] == [
        "Felt, som skemaet ikke kender (Retired)",
        "Felt, som skemaet ikke kender (retired) [2]",
    ]
