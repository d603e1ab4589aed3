"""Issue 15 item 6: a new question is a new `Field` (and, to show it, a new `Indicator`) in the
definition, and nothing else: the template, the field map, validation, the Data sheet, the
sheet Indikatorer and appendix 1 all carry it.

The definition is today's with the two added in Python (`dataclasses.replace` on the
catalogue), put in force with `use()` for the test and restored after. Every output is read
back from the written file.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from catalogues import changed, in_force, with_field, with_indicator
from click.testing import CliRunner
from conftest import MADE_ON, YEAR, copy_published_history, valid_answers
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from perfreg_xlsx.cli.main import cli
from perfreg_xlsx.definition.export import write_definition
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.form.fill import fill_form
from perfreg_xlsx.form.template import write_template
from perfreg_xlsx.pipeline import ReportRun, build_report, validate_folder
from perfreg_xlsx.report.data_sheets import NA
from perfreg_xlsx.survey.catalogue import Catalogue, current
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import Agg, Field, Indicator, Kind, Programme

QUESTION = "Antal virksomheder, der har deltaget i netværkets hackathons"
FIELD = Field("firms_hackathons", "1.1", QUESTION, Kind.INT, help="Tæl hver virksomhed én gang.")
LABEL = "Antal virksomheder i hackathons – i alt"
INDICATOR = Indicator("firms_hackathons_total", "1.1", LABEL, "antal", Agg.SUM, (FIELD.id,))
ANSWERS = (3, 4, 5)  # of three networks


def _catalogue() -> Catalogue:
    return changed(
        fields=with_field(FIELD, after="firms_new_competences"),
        indicators=with_indicator(INDICATOR, after="firms_new_competences_avg"),
    )


@pytest.fixture(scope="module")
def definition() -> Catalogue:
    return _catalogue()


@pytest.fixture(scope="module")
def template(
    tmp_path_factory: pytest.TempPathFactory, register: Register, definition: Catalogue
) -> Path:
    path = tmp_path_factory.mktemp("new_question") / f"questionnaire_{YEAR}.xlsx"
    with in_force(definition):
        write_template(path, YEAR, Programme.NETWORK, register=register)
    return path


@pytest.fixture(scope="module")
def run(
    tmp_path_factory: pytest.TempPathFactory,
    register: Register,
    definition: Catalogue,
    template: Path,
) -> ReportRun:
    root = tmp_path_factory.mktemp("new_question_report")
    inputs = root / "inputs"
    inputs.mkdir()
    with in_force(definition):
        for net, answer in zip(register.of(Programme.NETWORK), ANSWERS, strict=False):
            values = valid_answers(net.name) | {FIELD.id: answer}
            fill_form(template, inputs / f"{net.short_name}_{YEAR}.xlsx", values)
        made = build_report(
            [inputs],
            register,
            out_dir=root / "out",
            history_dir=copy_published_history(root / "history"),
            made_on=MADE_ON,
            record=False,
        )
    assert made.path is not None, [f.message for f in made.validation.errors]
    return made


@pytest.fixture(scope="module")
def report(run: ReportRun) -> Workbook:
    assert run.path is not None
    return load_workbook(run.path)


def test_the_template_asks_the_new_question_in_its_section(template: Path) -> None:
    ws = load_workbook(template)[fm.SHEET_FORM]
    rows = {ws.cell(r, fm.COL_ID).value: r for r in range(1, ws.max_row + 1)}
    row = rows[FIELD.id]
    # After the question it follows, numbered in its section, with its unit and help text.
    assert row == rows["firms_new_competences"] + 1
    assert ws.cell(row, fm.COL_NUMBER).value == "1.1.4"
    assert ws.cell(row, fm.COL_QUESTION).value == QUESTION
    assert ws.cell(row, fm.COL_UNIT).value == "antal"
    assert FIELD.help in str(ws.cell(row, fm.COL_CHECK).value)
    assert ws.cell(fm.ROW_VERSION, fm.COL_ANSWER).value != "6066d3b6"  # a form of its own


def test_the_field_map_gives_it_a_cell(definition: Catalogue, tmp_path: Path) -> None:
    # The secretariat's way: the new question is a row of the definition workbook, which
    # `--definition` puts in force for the command.
    book = write_definition(definition, tmp_path / "definition.xlsx")
    result = CliRunner().invoke(cli, ["fields", "--definition", str(book), "--format", "csv"])
    with in_force(definition):
        cell = fm.layout().by_id()[FIELD.id].cell
    assert result.exit_code == 0, result.output
    rows = {r["field_id"]: r for r in csv.DictReader(io.StringIO(result.output))}
    assert rows[FIELD.id] == {
        "field_id": FIELD.id,
        "sheet": "Skema",
        "cell": cell.a1,
        "type": "whole",
        "unit": "antal",
        "min": "0",
        "max": "",
        "choices": "",
        "required": "yes",
        "question": QUESTION,
    }
    assert FIELD.id not in fm.layout().by_id()  # restored after the test


@pytest.mark.parametrize(
    ("answer", "code"), [(None, "not-answered"), (-1, "negative"), (2.5, "not-whole")]
)
def test_validation_checks_the_new_answer(
    answer: object,
    code: str,
    definition: Catalogue,
    template: Path,
    register: Register,
    tmp_path: Path,
) -> None:
    net = register.of(Programme.NETWORK)[0]
    path = tmp_path / f"{net.short_name}_{YEAR}.xlsx"
    with in_force(definition):
        fill_form(template, path, valid_answers(net.name) | {FIELD.id: answer})
        result = validate_folder([path], register, YEAR)
        cell = fm.layout().by_id()[FIELD.id].cell.a1
    found = [(f.code, f.cell, f.field_id) for f in result.findings if f.field_id == FIELD.id]
    assert found == [(code, cell, FIELD.id)]


def test_the_data_sheet_has_its_column(report: Workbook) -> None:
    rows = list(report["Data"].iter_rows(values_only=True))
    # One header row, "question [unit] (id)", then one row per questionnaire.
    header = f"{QUESTION} ({FIELD.id})"  # no unit declared, so no "[unit]"
    head = next(i for i, r in enumerate(rows) if header in r)
    col = rows[head].index(header)
    assert sorted(r[col] for r in rows[head + 1 :]) == sorted(ANSWERS)


def test_indikatorer_and_appendix_1_carry_the_new_indicator(report: Workbook) -> None:
    long = [r for r in report["Indikatorer"].iter_rows(values_only=True) if r[0] == INDICATOR.id]
    assert [(r[1], r[3], r[4]) for r in long if r[3] == YEAR] == [(LABEL, YEAR, sum(ANSWERS))]
    assert all(r[4] is None for r in long if r[3] != YEAR)
    bilag = {r[0]: r for r in report["Bilag 1"].iter_rows(values_only=True)}
    row = bilag[LABEL]
    assert row[1:6] == (NA,) * 5 and row[6] == sum(ANSWERS)
    labels = [r[0] for r in report["Bilag 1"].iter_rows(values_only=True)]
    after = current().indicators_by_id["firms_new_competences_avg"].label_da
    assert labels.index(LABEL) == labels.index(after) + 1
