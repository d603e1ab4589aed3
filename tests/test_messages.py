"""The library's messages name no command-line options: the CLI adds them where they help.

The library is called without the CLI too (scripts, notebooks), where `--year` means nothing;
what the messages say instead is checked here, and what the CLI adds in `test_console`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MakeForm, valid_answers

from perfreg_xlsx.checking.findings import CODES
from perfreg_xlsx.errors import NoQuestionnaireError, UsageError
from perfreg_xlsx.pipeline import build_profiles, build_report, validate_folder
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import Programme

# `--year`, `--previous`: an option, not a dash in prose ("1--2") or a Markdown rule.
OPTION = re.compile(r"(?<![\w-])--[a-z]")


def test_the_option_pattern_finds_options_only() -> None:
    assert OPTION.search("validate with --year if this year is right")
    assert OPTION.search("(run with --no-record to skip recording)")
    assert not OPTION.search("|---|---|")
    assert not OPTION.search("1--2 and e-mail")


def test_no_finding_message_or_hint_names_an_option() -> None:
    assert len(CODES) == 53
    for spec in CODES.values():
        for text in (spec.en, spec.da, spec.fix, spec.fix_da):
            assert not OPTION.search(text), (spec.code, text)


def test_the_survey_year_hints_say_what_to_give(register: Register) -> None:
    assert CODES["wrong-year"].fix == (
        "Use the questionnaire of {expected}, or give the survey year explicitly if this year "
        "is right."
    )
    assert CODES["mixed-years"].fix == (
        "Give the survey year explicitly, or move the questionnaires of other years out of the "
        "folder."
    )
    assert CODES["previous-not-used"].fix == (
        "Validate last year's folder on its own, with last year as the survey year, to see why."
    )
    assert CODES["merged-cell"].fix == "Unmerge the cells and write the answer in column E only."


def test_last_years_folder_must_be_a_folder(register: Register, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "2011.xlsx"
    not_a_folder.write_bytes(b"")
    expected = f"last year's questionnaires: {not_a_folder} is not a folder"
    (tmp_path / "now").mkdir()
    with pytest.raises(UsageError) as validating:
        validate_folder([tmp_path / "now"], register, 2012, previous=not_a_folder)
    with pytest.raises(UsageError) as profiling:
        build_profiles([tmp_path / "now"], register, out_dir=tmp_path, previous=not_a_folder)
    assert str(validating.value) == str(profiling.value) == expected


def test_an_empty_folder_is_no_questionnaire_not_a_usage_error(
    register: Register, tmp_path: Path
) -> None:
    empty, other = tmp_path / "empty", tmp_path / "other"
    empty.mkdir()
    other.mkdir()
    with pytest.raises(NoQuestionnaireError) as report:
        build_report([empty, other], register, out_dir=tmp_path, history_dir=tmp_path)
    assert str(report.value) == (
        f"no questionnaire could be read in {empty}, {other}, so there is no survey year to "
        "report on"
    )
    assert not isinstance(report.value, UsageError)
    with pytest.raises(NoQuestionnaireError) as profiles:
        build_profiles([empty], register, out_dir=tmp_path)
    assert str(profiles.value) == (
        f"no questionnaire could be read in {empty}, so there is no survey year"
    )
    assert not list(tmp_path.glob("**/*.xlsx"))


def test_clusters_alone_are_no_questionnaire_of_a_network(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    cluster = register.of(Programme.CLUSTER)[0].name
    make_form("c.xlsx", valid_answers(cluster, Programme.CLUSTER), Programme.CLUSTER, inputs)
    out = tmp_path / "out"
    with pytest.raises(NoQuestionnaireError) as report:
        build_report([inputs], register, out_dir=out, history_dir=tmp_path / "history")
    assert str(report.value) == (
        f"no valid questionnaire from an innovation network for 2012 in {inputs}: nothing to report"
    )
    with pytest.raises(NoQuestionnaireError) as profiles:
        build_profiles([inputs], register, out_dir=out)
    assert str(profiles.value) == (
        f"no valid questionnaire from an innovation network for 2012 in {inputs}: "
        "no profiles to write"
    )
    assert not out.exists()
