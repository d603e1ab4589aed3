"""Issue 13: the sheets Hovedresultater and Noter, and appendix 1's unit column, precision and
row heights, read back from the report written from the sample inputs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from survey_names import HEADLINE, INDICATORS_BY_ID

from perfreg_xlsx.models import IndicatorResult, YearValue
from perfreg_xlsx.report.key_findings import PHRASES, Phrase, danish_number, direction, sentence


@pytest.fixture(scope="module")
def book(sample_report: Path) -> Workbook:
    return load_workbook(sample_report)


def _row(ws: object, label: str) -> int:
    for row in ws.iter_rows():  # type: ignore[attr-defined]
        if row[0].value == label:
            return int(row[0].row)
    raise AssertionError(f"no row {label!r}")


def test_first_key_finding_as_the_report_says_it(book: Workbook) -> None:
    ws = book["Hovedresultater"]
    assert ws["A1"].value.startswith("Hovedresultater 2012")
    assert [c.value for c in ws[3]][:4] == ["Hovedresultat", "2012", "2011", "Ændring 2011-2012"]
    # The print says 26 pct.; 5.883 -> 7.383 is 25.5 % unrounded and 25 % from the figures as
    # shown (history/README.md lists it; the note on published figures says so).
    assert ws["A4"].value == (
        "I 2012 deltog 7.383 virksomheder i netværkenes aktiviteter, 25 pct. flere end i 2011."
    )
    assert (ws["B4"].value, ws["C4"].value) == (7383, 5883)
    assert ws["D4"].value == pytest.approx(0.25) and ws["D4"].number_format == "0%"
    assert ws["B4"].number_format == "#,##0"


def test_one_sentence_per_headline_indicator_with_its_numbers(book: Workbook) -> None:
    ws = book["Hovedresultater"]
    rows = list(ws.iter_rows(min_row=4, max_row=3 + len(HEADLINE), values_only=True))
    assert len(rows) == len(HEADLINE) == len(PHRASES)
    for text, now, before, change in rows[:4]:
        assert isinstance(now, int | float) and isinstance(before, int | float)
        # The number in the sentence is the cell's, in Danish format.
        assert danish_number(now, 0) in text, text
        assert f"{round(change * 100)} pct." in text
    turnover = rows[4][0]
    assert turnover == (
        "I 2012 var netværkenes samlede omsætning 316,6 mio. kr.; den steg 34 pct. fra 237 "
        "mio. kr. i 2011."
    )


def _result(iid: str, before: float, now: float, change: float) -> IndicatorResult:
    series = (YearValue(year=2011, value=before), YearValue(year=2012, value=now))
    return IndicatorResult.of(INDICATORS_BY_ID[iid], series, change)


def test_direction_follows_the_sign() -> None:
    assert [direction(c, True) for c in (3, -3, 0)] == ["flere", "færre", "uændret"]
    assert [direction(c, False) for c in (3, -3, 0)] == ["steg", "faldt", "uændret"]
    fell = _result("firms_participating", 2000, 1500, -25.0)
    assert sentence(fell, PHRASES["firms_participating"], 2012) == (
        "I 2012 deltog 1.500 virksomheder i netværkenes aktiviteter, 25 pct. færre end i 2011."
    )
    same = _result("turnover", 12.0, 12.04, 0.2)
    assert sentence(same, Phrase("var", "omsætningen", counted=False), 2012) == (
        "I 2012 var omsætningen 12,0 mio. kr., uændret fra 2011."
    )
    assert danish_number(1234567.25, 1) == "1.234.567,3"


def test_notes_numbered_and_referenced_from_titles_not_data(book: Workbook) -> None:
    notes = book["Noter"]
    texts = {r[0]: r[1] for r in notes.iter_rows(min_row=4, values_only=True) if r[0]}
    assert list(texts) == [f"[note {i}]" for i in range(1, len(texts) + 1)]
    assert "2007: 28 netværk" in texts["[note 1]"] and "2012: 22 netværk" in texts["[note 1]"]
    assert any(t.startswith("[x]") for t in texts.values())
    assert any("Databrud i serierne: ingen" in t for t in texts.values())
    # The history shows printed figures, so their known inconsistencies are noted.
    assert any("982 / 23 = 42,7" in t for t in texts.values())
    bilag1 = book["Bilag 1"]
    refs = set(re.findall(r"\[note \d+\]", bilag1["A1"].value + bilag1["A3"].value))
    assert "[note 1]" in bilag1["A3"].value  # the population: the header over the years
    assert refs == set(texts)
    for sheet in ("Bilag 1", "Hovedresultater"):
        ws = book[sheet]
        for row in ws.iter_rows(min_row=4):
            for cell in row:
                assert "[note" not in str(cell.value or ""), (sheet, cell.coordinate)


def test_appendix1_unit_column_precision_and_row_heights(book: Workbook) -> None:
    ws = book["Bilag 1"]
    assert ws["I3"].value == "Enhed"
    units = {
        "turnover": "mio. kr.",
        "share_advice_financing": "pct.",
        "firms_participating": "antal",
    }
    for iid, unit in units.items():
        assert ws.cell(_row(ws, INDICATORS_BY_ID[iid].label_da), 9).value == unit
    assert "årsværk" in {ws.cell(r, 9).value for r in range(5, ws.max_row + 1)}
    r = _row(ws, INDICATORS_BY_ID["firms_participating_avg"].label_da)
    # 2007 is printed 86 (whole), 2012 is computed: 335.6.
    assert ws.cell(r, 2).value == 86 and ws.cell(r, 2).number_format == "#,##0"
    assert round(ws.cell(r, 7).value, 1) == 335.6
    assert ws.cell(r, 7).number_format == "#,##0.0"
    one_line = _row(ws, INDICATORS_BY_ID["firms_participating"].label_da)
    short = _row(ws, INDICATORS_BY_ID["firms_new_ideas_avg"].label_da)  # 83 characters
    assert (ws.row_dimensions[short].height or 15) == pytest.approx(15)
    two_lines = _row(ws, INDICATORS_BY_ID["firms_collab_sme"].label_da)
    # One printed line: the default height (15 pt, which the file may leave unwritten).
    assert (ws.row_dimensions[one_line].height or 15) == pytest.approx(15)
    assert ws.row_dimensions[two_lines].height == pytest.approx(30)


def test_figure_data_breaks_pages_only_above_a_heading(book: Workbook) -> None:
    ws = book["Figurdata"]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks  # the data of 20 figures takes several pages
    for row in breaks:  # a break lies below row `row`; the next row is a figure's title
        title = ws.cell(row + 1, 1).value
        assert isinstance(title, str) and re.match(r"(Figur|Tabel) \d", title), (row, title)
