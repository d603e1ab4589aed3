"""Issue 15 item 5: years with different definitions.

History is matched by indicator id, whatever the order or labels of this year's definition;
an indicator new this year shows [x] for earlier years; one dropped from the definition leaves
appendix 1 (its published figures are named in the warnings, not an error); an indicator's
`break_note` is a note of the report, referenced from its row of appendix 1.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from catalogues import changed, in_force, with_indicator
from conftest import INPUTS_DIR, MADE_ON, copy_published_history, published_history
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from perfreg_xlsx.models import Response
from perfreg_xlsx.pipeline import ReportRun, build_report
from perfreg_xlsx.report.aggregate import aggregate
from perfreg_xlsx.report.data_sheets import NA
from perfreg_xlsx.report.history import load_history
from perfreg_xlsx.survey.catalogue import Catalogue, builtin
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import Agg, Indicator, Programme

NEW = Indicator(
    "firms_new_ideas_total",
    "1.1",
    "Antal virksomheder med nye idéer – i alt (ny indikator)",
    "antal",
    Agg.SUM,
    ("firms_new_ideas",),
)
# In the published appendix 1 and named by no table or figure: it can be dropped.
DROPPED = "firms_collab_avg"
BROKEN = "turnover"
BREAK_NOTE = "Fra 2012 indgår også netværkenes indtægter fra kontingenter."


def _catalogue() -> Catalogue:
    indicators = tuple(
        dataclasses.replace(i, break_note=BREAK_NOTE) if i.id == BROKEN else i
        for i in with_indicator(NEW, after="firms_new_products_avg")
        if i.id != DROPPED
    )
    return changed(indicators=indicators)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, register: Register) -> ReportRun:
    root = tmp_path_factory.mktemp("years")
    with in_force(_catalogue()):
        made = build_report(
            [INPUTS_DIR],
            register,
            out_dir=root / "out",
            history_dir=copy_published_history(root / "history"),
            made_on=MADE_ON,
            record=False,
        )
    assert made.path is not None, [f.message for f in made.validation.errors]
    return made


@pytest.fixture(scope="module")
def book(run: ReportRun) -> Workbook:
    assert run.path is not None
    return load_workbook(run.path)


def _rows(book: Workbook, sheet: str) -> dict[str, tuple[object, ...]]:
    return {str(r[0]): r for r in book[sheet].iter_rows(values_only=True) if isinstance(r[0], str)}


def test_history_is_matched_by_id_not_by_position_or_label() -> None:
    history = load_history(published_history(), before_year=2012)
    response = Response(
        network="a",
        network_name="a",
        programme=Programme.NETWORK,
        file="a.xlsx",
        sha256="0" * 64,
        survey_year=2012,
        template_version="x",
        values={"turnover": 1000},
    )
    reordered = tuple(
        dataclasses.replace(i, label_da=f"{i.label_da} (omdøbt)")
        for i in reversed(builtin().indicators)
    )
    with in_force(changed(indicators=reordered)):
        summary = aggregate([response], history, 2012)
    for ind in builtin().appendix1:
        got = summary.get(ind.id)
        for year in range(2007, 2012):
            expected = history.get((ind.id, year))
            assert got.value(year) == (None if expected is None else expected.value), ind.id


def test_an_indicator_new_this_year_shows_x_for_the_earlier_years(book: Workbook) -> None:
    row = _rows(book, "Bilag 1")[NEW.label_da]
    # Label, 2007..2011 [x], 2012 the sum of the sample answers, the change [x] too.
    assert row[1:6] == (NA,) * 5
    assert isinstance(row[6], int | float) and row[6] > 0
    assert row[7] == NA


def test_an_indicator_dropped_from_the_definition_leaves_appendix_1(
    book: Workbook, run: ReportRun
) -> None:
    label = builtin().indicators_by_id[DROPPED].label_da
    assert not any(label in key for key in _rows(book, "Bilag 1"))
    assert DROPPED not in {r[0] for r in book["Indikatorer"].iter_rows(values_only=True)}
    # Its published figures are in the history: said, and left out.
    said = [w for w in run.history_warnings if DROPPED in w]
    assert len(said) == 1 and "left out of the report" in said[0], run.history_warnings
    assert "bilag1_2007_2012.csv, line" in said[0]


def test_a_break_note_is_a_note_referenced_from_its_row(book: Workbook) -> None:
    notes = {r[0]: r[1] for r in book["Noter"].iter_rows(min_row=4, values_only=True)}
    label = builtin().indicators_by_id[BROKEN].label_da
    number = next(n for n, text in notes.items() if text == f"{label}: {BREAK_NOTE}")
    rows = _rows(book, "Bilag 1")
    assert f"{label} {number}" in rows
    # The general note on series breaks points to it.
    breaks = next(t for t in notes.values() if str(t).startswith("Databrud i serierne"))
    assert breaks == f"Databrud i serierne: se note {number[6:-1]} ved de berørte rækker."
    assert number == "[note 5]"


def test_without_break_notes_the_notes_are_as_before(sample_report: Path) -> None:
    notes = [r[1] for r in load_workbook(sample_report)["Noter"].iter_rows(values_only=True)]
    assert "Databrud i serierne: ingen." in notes
