"""Golden test: the report made from the shipped sample inputs reproduces the publication.

The reference is the project's own copy of the published appendix 1
(`history/bilag1_2007_2012.csv`) and of the other published figures. Every cell of appendix 1
is read back from the written workbook (Bilag 1 sheet) and compared at the published
precision: the number of decimals the publication printed for that cell.
"""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from conftest import HISTORY_DIR, table_records
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

YEARS = (2007, 2008, 2009, 2010, 2011, 2012)

# Rows whose published "Procent ændring" was not computed from the printed values (see
# history/README.md). For these the report must show the change computed from the shown values.
# The first three are listed in the publication's errata notes; `firms_participating` was found
# by us: 5,883 -> 7,383 is +25.5 % (rounds to 25), the published 26 % is the change of the
# average row (267.4 -> 335.6).
INCONSISTENT_CHANGE = {
    "share_financing_info",
    "share_application_help",
    "share_databases",
    "firms_participating",
}


def _published_rows() -> list[dict[str, str]]:
    with (HISTORY_DIR / "bilag1_2007_2012.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _decimals(text: str) -> int:
    """Decimals the publication printed, ignoring padding zeros ('-3.70' -> 1)."""
    text = text.rstrip("%")
    if "." not in text:
        return 0
    return len(text.split(".")[1].rstrip("0"))


def _round(value: float, decimals: int) -> Decimal:
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def _rows_by_label(ws: Worksheet) -> dict[str, int]:
    rows: dict[str, int] = {}
    for row in range(1, ws.max_row + 1):
        label = ws.cell(row, 1).value
        if isinstance(label, str):
            assert label not in rows, f"label twice in Bilag 1: {label}"
            rows[label] = row
    return rows


@pytest.fixture(scope="module")
def bilag1(sample_report: Path) -> Worksheet:
    ws = load_workbook(sample_report, data_only=True)["Bilag 1"]
    assert isinstance(ws, Worksheet)
    return ws


def _year_columns(ws: Worksheet) -> dict[int, int]:
    # The years head an Excel table, whose header cells hold text.
    cols = {str(ws.cell(3, c).value): c for c in range(2, ws.max_column + 1)}
    return {y: cols[str(y)] for y in YEARS}


def test_every_published_row_is_in_appendix_1(bilag1: Worksheet) -> None:
    rows = _rows_by_label(bilag1)
    published = _published_rows()
    assert len(published) == 56
    missing = [r["id"] for r in published[1:] if r["label_da"] not in rows]
    assert missing == []


def test_networks_per_year_header(bilag1: Worksheet) -> None:
    cols = _year_columns(bilag1)
    counts = {y: bilag1.cell(4, c).value for y, c in cols.items()}
    assert counts == {
        2007: "(28 netværk)",
        2008: "(27 netværk)",
        2009: "(23 netværk)",
        2010: "(15 netværk)",
        2011: "(22 netværk)",
        2012: "(22 netværk)",
    }


@pytest.mark.parametrize("row", _published_rows()[1:], ids=lambda r: r["id"])
def test_values_equal_the_publication(bilag1: Worksheet, row: dict[str, str]) -> None:
    r = _rows_by_label(bilag1)[row["label_da"]]
    cols = _year_columns(bilag1)
    share = row["unit"] == "pct"
    for year in YEARS:
        text = row[str(year)]
        cell = bilag1.cell(r, cols[year])
        if text == "NA":  # the report's shorthand for a figure not collected
            assert cell.value == "[x]", (row["id"], year)
            continue
        assert isinstance(cell.value, int | float), (row["id"], year, cell.value)
        value = cell.value * 100 if share else cell.value
        assert _round(value, _decimals(text)) == Decimal(text), (row["id"], year, cell.value)
        assert cell.number_format == ("0%" if share else cell.number_format)


@pytest.mark.parametrize("row", _published_rows()[1:], ids=lambda r: r["id"])
def test_change_equals_the_publication(bilag1: Worksheet, row: dict[str, str]) -> None:
    r = _rows_by_label(bilag1)[row["label_da"]]
    change_col = max(_year_columns(bilag1).values()) + 1
    assert str(bilag1.cell(3, change_col).value).startswith("Procent ændring 2011-2012")
    cell = bilag1.cell(r, change_col)
    published = row["change_2011_2012_published"]
    if published == "NA":
        assert cell.value == "[x]"
        return
    assert isinstance(cell.value, int | float)
    assert cell.number_format == "0%"
    ours = cell.value * 100
    if row["id"] not in INCONSISTENT_CHANGE:
        assert _round(ours, _decimals(published)) == Decimal(published.rstrip("%"))
        return
    # The change computed from the values as shown (at the published precision).
    dec = _decimals(row["2012"])
    shown_2011 = float(_round(float(row["2011"]), dec))
    shown_2012 = float(_round(float(row["2012"]), dec))
    expected = (shown_2012 - shown_2011) / shown_2011 * 100
    assert ours == pytest.approx(expected, abs=1e-9)
    assert _round(ours, 0) != Decimal(published.rstrip("%")), "no longer inconsistent?"


def test_tables_4_1_to_4_3_equal_the_publication(sample_report: Path) -> None:
    ws = load_workbook(sample_report, data_only=True)["Tabel 4.1-4.3"]
    rows = {
        r[0]: r[1:3]
        for r in ws.iter_rows(values_only=True)
        if r and isinstance(r[0], str) and r[1] is not None
    }
    assert rows["Konferencer, seminarer etc."] == (22, 5932)
    assert rows["Matchmaking"] == (20, 1256)
    assert rows["Idégenerering"] == (15, 915)
    assert rows["Forprojekter"] == (14, 393)
    assert rows["Innovationsprojekter"] == (22, 1258)
    assert rows["Individuel sparring"] == (20, 724)
    assert rows["Kurser"] == (11, "Ej opgjort")


def _indicator_values(path: Path, year: int) -> dict[str, float | None]:
    ws = load_workbook(path, data_only=True)["Indikatorer"]
    rows = table_records(ws, "Indikatorer")
    return {str(r["Indikator-id"]): _number(r["Værdi"]) for r in rows if r["År"] == year}


def _number(value: object) -> float | None:
    assert value is None or isinstance(value, int | float), value
    return value


# Figures outside appendix 1 that the questionnaire covers, at the precision printed.
# The "over X %" shares of figure 3.4 are words in the text, so the check is the wording:
# 17/22 = 77 % is "over 75", 12/22 = 55 % "over 50", 11/22 = 50 % "omkring 50",
# 20/22 = 91 % "lige over 90".
OTHER_2012 = {
    "ki_per_network_avg": 19,
    "ki_units_preprojects": 80,
    "firms_contacted_avg": 105,
    "firms_participating_dedicated_avg": 137,
    "press_releases_avg": 10,
    "newsletters_avg": 11,
    "share_website_updated": 100,
    "share_ki_gts": 100,
    "share_ki_universities": 100,
    "financing_share_firms": 40,
    "financing_share_basic_grant": 34,
    "financing_share_knowledge_institutions": 7,
    "financing_share_regions": 7,
    "financing_share_eu": 5,
    "financing_share_other_ministries": 1,
    "financing_share_other_ministry_schemes": 3,
    "financing_share_other": 3,
}


def test_other_published_2012_figures(sample_report: Path) -> None:
    values = _indicator_values(sample_report, 2012)
    shown = {k: _round(float(values[k] or 0), 0) for k in OTHER_2012}
    assert shown == {k: Decimal(v) for k, v in OTHER_2012.items()}
    # Figure 3.4's words.
    assert 75 < (values["share_ki_university_colleges"] or 0) < 80
    assert 50 < (values["share_ki_vocational_schools"] or 0) < 60
    assert values["share_ki_business_academies"] == pytest.approx(50)
    assert 90 < (values["share_ki_foreign"] or 0) < 92
    # Figure 4.11 prints 39 media mentions per network, but appendix 1's 846 / 22 = 38.45:
    # the total wins (history/README.md).
    assert values["media_mentions_avg"] == pytest.approx(846 / 22)
