"""Issue 15 items 1 and 4: the program runs on the catalogue in force (`survey.catalogue.use`),
and a form carries the version of the definition it was made from.

Each test puts a changed copy of today's definition in force for its own block
(`catalogues.in_force`) and reads the written files back.
"""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import pytest
from catalogues import (
    changed,
    in_force,
    replaced_field,
    replaced_indicator,
    without_fields,
    without_indicators,
)
from conftest import INPUTS_DIR, MADE_ON, YEAR, MakeForm, copy_published_history, valid_answers
from openpyxl import load_workbook
from survey_names import FINANCING_SOURCES, KI_KINDS

from perfreg_xlsx.checking.answers import values_model
from perfreg_xlsx.errors import UsageError
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.form.checks import live_checks
from perfreg_xlsx.form.fill import fill_form
from perfreg_xlsx.form.template import write_template
from perfreg_xlsx.pipeline import build_report, validate_folder
from perfreg_xlsx.reading import pool
from perfreg_xlsx.report.data_sheets import NA_STATUS
from perfreg_xlsx.report.ids import UnknownIndicatorError
from perfreg_xlsx.survey import catalogue
from perfreg_xlsx.survey.catalogue import current
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.rules import PartOfTotal, SourcesSum
from perfreg_xlsx.survey.types import Programme

# The version of today's forms. It changes with any question, help text, type, unit, bound or
# section of the definition: then the shipped forms and sample inputs are written again.
BUILT_IN_VERSION = "6066d3b6"


def test_the_built_in_forms_carry_the_built_in_version() -> None:
    assert fm.template_version() == BUILT_IN_VERSION
    for name in ("questionnaire_2012.xlsx", "questionnaire_cluster_2012.xlsx"):
        ws = load_workbook(INPUTS_DIR.parent / "templates" / name)[fm.SHEET_FORM]
        assert ws["E3"].value == BUILT_IN_VERSION


@pytest.mark.parametrize(
    "fields",
    [
        replaced_field("turnover", question="Omsætning i alt (ny formulering)"),
        replaced_field("turnover", help="En anden hjælpetekst."),
        replaced_field("turnover", unit="kr."),
        replaced_field("turnover", max=10**9),
        replaced_field("turnover", required=False),
        replaced_field("turnover", programmes=frozenset(Programme)),
        without_fields(["financing_eu"]),
    ],
    ids=["question", "help", "unit", "max", "required", "programmes", "dropped"],
)
def test_what_the_respondent_sees_changes_the_version(fields: tuple[object, ...]) -> None:
    with in_force(changed(fields=fields)):
        assert fm.template_version() != BUILT_IN_VERSION
        assert len(fm.template_version()) == fm.VERSION_LENGTH
    assert fm.template_version() == BUILT_IN_VERSION  # restored


def test_what_the_respondent_does_not_see_keeps_the_version() -> None:
    hidden = replaced_field("turnover", yoy_factor=9.0, personal=True)
    # A bound read from a workbook as 0.0 is the bound 0 of the built-in.
    as_float = tuple(
        dataclasses.replace(f, min=float(f.min)) if f.min is not None else f
        for f in catalogue.builtin().fields
    )
    indicators = replaced_indicator("turnover", label_da="Omsætning (andet navn)")
    for cat in (changed(fields=hidden), changed(fields=as_float), changed(indicators=indicators)):
        with in_force(cat):
            assert fm.template_version() == BUILT_IN_VERSION


def test_a_return_made_from_another_definition_is_refused_naming_the_form_to_send(
    make_form: object, register: Register, tmp_path: Path
) -> None:
    name = register.of(Programme.NETWORK)[0].name
    path = tmp_path / "a.xlsx"
    template = tmp_path / "t.xlsx"
    write_template(template, YEAR, Programme.NETWORK, register=register)
    fill_form(template, path, valid_answers(name))
    reworded = replaced_field("firms_new_ideas", question="Nye idéer (ny formulering)")
    with in_force(changed(fields=reworded)):
        expected = fm.template_version()
        result = validate_folder([path], register, YEAR)
    finding = next(f for f in result.findings if f.code == "wrong-version")
    assert finding.cell == "E3" and finding.value == f"“{BUILT_IN_VERSION}”"
    assert finding.expected == expected != BUILT_IN_VERSION
    assert f"send the network its form from `perfreg-xlsx template` (version {expected})" in (
        finding.message
    )
    assert result.files[0].response is None


def test_the_field_map_and_answer_model_follow_the_catalogue_in_force() -> None:
    reworded = replaced_field("turnover", question="Omsætning (ny)")
    with in_force(changed(fields=reworded)):
        assert fm.layout().by_id()["turnover"].field.question == "Omsætning (ny)"
    assert fm.layout().by_id()["turnover"].field.question != "Omsætning (ny)"
    with in_force(changed(fields=without_fields(["financing_eu"]))):
        assert "financing_eu" not in fm.layout().by_id()
        assert "financing_eu" not in values_model(Programme.NETWORK).model_fields
    assert "financing_eu" in values_model(Programme.NETWORK).model_fields


def _question_in_worker(fid: str) -> str:
    return current().fields_by_id[fid].question


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_workers_read_under_the_catalogue_in_force(
    method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import multiprocessing as mp

    if method not in mp.get_all_start_methods():
        pytest.skip(f"no {method} here")
    monkeypatch.setattr(pool, "_context", lambda: mp.get_context(method))
    reworded = replaced_field("turnover", question="Omsætning (i arbejderne)")
    with in_force(changed(fields=reworded)):
        got = pool.map_files(_question_in_worker, ["turnover", "turnover"], jobs=2, timeout=60)
    assert got == ["Omsætning (i arbejderne)"] * 2


def _without(ids: list[str]) -> catalogue.Catalogue:
    return changed(fields=without_fields(ids))


def test_a_definition_without_a_financing_source_or_a_ki_kind_leaves_them_out(
    register: Register, tmp_path: Path
) -> None:
    # FINANCING_SOURCES and KI_KINDS name fields in code: without one of them, the rule that
    # the sources sum to the turnover is left out (its fields are not all asked), and every
    # indicator of the dropped field shows [x]; the report is still made.
    dropped = ["financing_eu", "ki_gts"]
    assert dropped[0] in FINANCING_SOURCES and dropped[1] in KI_KINDS
    with in_force(_without(dropped)):
        assert not any(isinstance(r, SourcesSum) for r in current().rules_for(Programme.NETWORK))
        template = tmp_path / "t.xlsx"
        write_template(template, YEAR, Programme.NETWORK, register=register)
        ids = [load_workbook(template)[fm.SHEET_FORM].cell(r, 1).value for r in range(1, 120)]
        assert not set(dropped) & set(ids) and "turnover" in ids
        inputs = tmp_path / "inputs"
        inputs.mkdir()
        for net in register.of(Programme.NETWORK)[:3]:
            values = {k: v for k, v in valid_answers(net.name).items() if k not in dropped}
            fill_form(template, inputs / f"{net.short_name}_{YEAR}.xlsx", values)
        run = build_report(
            [inputs],
            register,
            out_dir=tmp_path / "out",
            history_dir=copy_published_history(tmp_path / "history"),
            made_on=MADE_ON,
            record=False,
        )
    assert run.path is not None, [f.message for f in run.validation.errors]
    ws = load_workbook(run.path)["Indikatorer"]
    # id, label, section, year, value, status, ...: the indicator of the dropped source has no
    # value for the survey year, only its status.
    eu = [r for r in ws.iter_rows(values_only=True) if r[0] == "financing_eu" and r[3] == YEAR]
    assert [(r[4], r[5]) for r in eu] == [(None, NA_STATUS)]


def test_a_definition_without_an_indicator_a_table_names_stops_the_report_clearly(
    register: Register, tmp_path: Path
) -> None:
    cat = changed(indicators=without_indicators(["ki_per_network_avg"]))
    with in_force(cat), pytest.raises(UnknownIndicatorError) as exc:
        build_report([INPUTS_DIR], register, out_dir=tmp_path / "out", record=False)
    assert isinstance(exc.value, UsageError)  # the CLI's exit 2, with this one line
    assert str(exc.value) == (
        "Tabel 3.1 names the indicator 'ki_per_network_avg', which the survey definition "
        "(test definition) does not define"
    )
    assert not (tmp_path / "out").exists()


def test_a_rule_with_its_own_message_says_it_in_the_form_and_the_feedback(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    """The rules sheet's `message` column: the respondent reads the secretariat's words, in
    the form's live check and in the feedback; the secretariat's English stays the code's."""
    own = "Antallet af små virksomheder kan ikke være større end antallet i alt {i alt}."
    rules = tuple(
        dataclasses.replace(r, message=own)
        if isinstance(r, PartOfTotal) and r.part == "firms_collab_sme"
        else r
        for r in catalogue.builtin().rules
    )
    with in_force(changed(rules=rules)):
        assert fm.template_version() == BUILT_IN_VERSION  # the questions are the same
        texts = {c.text for c in live_checks(Programme.NETWORK)}
        assert "Fejl: " + own in texts
        template = tmp_path / "t.xlsx"
        write_template(template, YEAR, register=register)
        with zipfile.ZipFile(template) as zf:
            sheets = [zf.read(n).decode("utf-8") for n in zf.namelist() if "worksheets/" in n]
        assert any(own in xml for xml in sheets)  # the live check's formula says it
        name = register.of(Programme.NETWORK)[0].name
        values = valid_answers(name)
        values = values | {"firms_collab_sme": int(str(values["firms_collab"])) + 1}
        (found,) = [
            f
            for f in validate_folder([make_form("f.xlsx", values)], register, YEAR)
            .files[0]
            .findings
            if f.code == "part-exceeds-total"
        ]
    assert own in found.message_da and "er mere end totalen" not in found.message_da
    assert "is more than the total" in found.message
    # Without the column's text, the kind's own words.
    texts = {c.text for c in live_checks(Programme.NETWORK)}
    assert not any(own in t for t in texts)
