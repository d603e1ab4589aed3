"""The catalogue covers every row of the published appendix 1 and is internally consistent."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from survey_names import (
    APPENDIX1,
    APPENDIX1_HEADINGS,
    FIELDS,
    FIELDS_BY_ID,
    INDICATORS,
    INDICATORS_BY_ID,
    RULES,
    SECTIONS,
    fields_for,
    rules_for,
)

from perfreg_xlsx.form.fieldmap import COL_ANSWER, COL_ID, SHEET_FORM, layout
from perfreg_xlsx.survey.rules import rule_fields
from perfreg_xlsx.survey.types import Kind, Programme

HISTORY = Path(__file__).resolve().parent.parent / "history" / "bilag1_2007_2012.csv"


@pytest.fixture(scope="module")
def appendix_rows() -> list[dict[str, str]]:
    with HISTORY.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_history_has_56_indicator_rows(appendix_rows: list[dict[str, str]]) -> None:
    assert len(appendix_rows) == 56
    assert appendix_rows[0]["id"] == "networks_reporting"
    assert appendix_rows[-1]["id"] == "share_membership_fees"


def test_every_published_row_is_an_indicator_with_same_label_unit_section(
    appendix_rows: list[dict[str, str]],
) -> None:
    for row in appendix_rows:
        indicator = INDICATORS_BY_ID.get(row["id"])
        assert indicator is not None, row["id"]
        assert indicator.label_da == row["label_da"], row["id"]
        assert indicator.unit == row["unit"], row["id"]
        assert indicator.section == row["section"], row["id"]
        assert indicator.appendix1, row["id"]


def test_appendix1_is_exactly_the_published_rows_in_order(
    appendix_rows: list[dict[str, str]],
) -> None:
    assert [i.id for i in APPENDIX1] == [r["id"] for r in appendix_rows]


def test_appendix_headings_name_sections_that_have_rows() -> None:
    sections = {i.section for i in APPENDIX1}
    assert set(APPENDIX1_HEADINGS) <= sections
    assert APPENDIX1_HEADINGS["1.1"] == ("1. RESULTATER", "1.1. INNOVATION")


def test_ids_are_unique() -> None:
    assert len({f.id for f in FIELDS}) == len(FIELDS)
    assert len({i.id for i in INDICATORS}) == len(INDICATORS)
    assert len({s.id for s in SECTIONS}) == len(SECTIONS)


def test_indicators_and_rules_read_only_declared_fields() -> None:
    for indicator in INDICATORS:
        for fid in indicator.fields:
            assert fid in FIELDS_BY_ID, (indicator.id, fid)
    for rule in RULES:
        for fid in rule_fields(rule):
            assert fid in FIELDS_BY_ID, (rule, fid)


def test_every_field_is_in_a_declared_section() -> None:
    section_ids = {s.id for s in SECTIONS}
    assert {f.id for f in FIELDS if f.section not in section_ids} == set()


def test_money_fields_are_whole_thousands_and_shown_in_millions() -> None:
    money = {f.id for f in FIELDS if f.unit == "1.000 kr."}
    assert "turnover" in money and "financing_eu" in money
    for fid in money:
        assert FIELDS_BY_ID[fid].kind is Kind.INT
    for indicator in INDICATORS:
        if indicator.unit == "mio. kr." and set(indicator.fields) <= money:
            assert indicator.scale == pytest.approx(0.001), indicator.id


def test_cluster_form_is_a_subset_with_only_applicable_rules() -> None:
    network_ids = [f.id for f in fields_for(Programme.NETWORK)]
    cluster_ids = [f.id for f in fields_for(Programme.CLUSTER)]
    assert set(cluster_ids) < set(network_ids)
    assert cluster_ids[:3] == ["network", "contact_name", "contact_email"]
    for rule in rules_for(Programme.CLUSTER):
        assert set(rule_fields(rule)) <= set(cluster_ids)
    assert len(rules_for(Programme.CLUSTER)) < len(rules_for(Programme.NETWORK))


@pytest.mark.parametrize("programme", list(Programme))
def test_field_map_gives_every_field_its_own_row_in_column_e(programme: Programme) -> None:
    lay = layout(programme)
    assert [m.field.id for m in lay.fields] == [f.id for f in fields_for(programme)]
    rows = [m.cell.row for m in lay.fields] + [h.row for h in lay.headings]
    assert len(rows) == len(set(rows))
    for m in lay.fields:
        assert (m.cell.sheet, m.cell.col) == (SHEET_FORM, COL_ANSWER)
        assert (m.id_cell.row, m.id_cell.col) == (m.cell.row, COL_ID)
    assert str(lay.year_cell) == "Skema!E2"
    assert str(lay.version_cell) == "Skema!E3"
    assert str(lay.form_cell) == "Skema!E4"
