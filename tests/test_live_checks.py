"""The form's live checks of one answer on its own (`survey.answer_rules`): a required answer
left blank, text in a number cell, an e-mail without "@" and a domain. They turn on and off in
LibreOffice after recalculation, and they say what `validate` says of the same answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import YEAR, MakeForm, valid_answers
from openpyxl import load_workbook
from soffice import recalculated
from survey_names import FIELDS_BY_ID, fields_for

from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.form.answercells import validation
from perfreg_xlsx.form.checks import MISSING, answer_checks
from perfreg_xlsx.pipeline import check_file
from perfreg_xlsx.survey.answer_rules import (
    EmailShape,
    NumberText,
    Required,
    answer_rules,
)
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import Kind, Programme

NETWORK = Programme.NETWORK
NAME = "Innovationsnetværket VE-NET"
_MESSAGE_START = {
    Required: MISSING,
    NumberText: "Fejl: Skriv kun tallet",
    EmailShape: "Fejl: Skriv én e-mailadresse",
}

# Text typed into number cells: (text, whether it is an error). Each goes into its own field.
NUMBER_TEXTS = [
    ("12 stk.", True),
    ("2.059", False),
    ("1 256", False),
    ("ca. 50", True),
    ("5-10", True),
    ("NA", True),
    ("?", True),
    ("ved ikke", True),
    ("   ", True),  # blank: Mangler svar
]
EMAILS = [
    ("navn@netvaerk.dk", False),
    ("fornavn.efternavn@sub.netvaerk.dk", False),
    ("  navn@netvaerk.dk ", False),
    ("navn.netvaerk.dk", True),
    ("navn@netvaerk", True),
    ("@netvaerk.dk", True),
    ("na vn@netvaerk.dk", True),
    ("a@b@netvaerk.dk", True),
    ("navn@.dk", True),
    ("navn@netvaerk.", True),
]
BLANKED = ("firms_new_ideas", "ki_gts", "contact_name")


def _number_fields() -> list[str]:
    return [
        f.id
        for f in fields_for(NETWORK)
        if f.kind in (Kind.INT, Kind.DEC) and f.id not in BLANKED and f.section != "3"
    ]


def _forms() -> list[dict[str, object]]:
    """One form per e-mail case; the first also holds every number text and blank answer."""
    forms: list[dict[str, object]] = []
    for i, (email, _) in enumerate(EMAILS):
        values = valid_answers(NAME) | {"contact_email": email}
        if i == 0:
            values |= dict.fromkeys(BLANKED)
            values |= {"employees_fte": "39,5"}
            for fid, (text, _) in zip(_number_fields(), NUMBER_TEXTS, strict=False):
                values[fid] = text
        forms.append(values)
    return forms


def _live(saved: Path) -> dict[str, type]:
    """Field id -> the answer check whose message LibreOffice shows in its help cell."""
    ws = load_workbook(saved, data_only=True)[fm.SHEET_FORM]
    shown: dict[str, type] = {}
    for m in fm.layout(NETWORK).fields:
        value = ws.cell(m.cell.row, fm.COL_CHECK).value
        for kind, start in _MESSAGE_START.items():
            if isinstance(value, str) and value.startswith(start):
                shown[m.field.id] = kind
    return shown


def _validated(path: Path, register: Register) -> dict[str, type]:
    """Field id -> the answer check whose findings `validate` gives for it."""
    result = check_file(path, register, YEAR).result
    found: dict[str, type] = {}
    for finding in result.findings:
        for kind in (Required, NumberText, EmailShape):
            if finding.field_id and finding.code in kind.codes:
                found[finding.field_id] = kind
    return found


@pytest.fixture(scope="module")
def checked(
    tmp_path_factory: pytest.TempPathFactory, template_path: Path, register: Register
) -> list[tuple[dict[str, type], dict[str, type]]]:
    """(shown by LibreOffice, found by validate) for each form of `_forms`."""
    from perfreg_xlsx.form.fill import fill_form

    folder = tmp_path_factory.mktemp("live")
    paths = []
    for i, values in enumerate(_forms()):
        paths.append(folder / f"form{i}.xlsx")
        fill_form(template_path, paths[-1], values, NETWORK)
    saved = recalculated(paths, folder / "saved")
    return [(_live(s), _validated(p, register)) for p, s in zip(paths, saved, strict=True)]


def test_blank_and_number_text_checks_turn_on_and_off_in_libreoffice(
    checked: list[tuple[dict[str, type], dict[str, type]]],
) -> None:
    shown, _ = checked[0]
    for fid in BLANKED:
        assert shown.get(fid) is Required, fid
    for fid, (text, wrong) in zip(_number_fields(), NUMBER_TEXTS, strict=False):
        expected = (Required if not text.strip() else NumberText) if wrong else None
        assert shown.get(fid) is expected, (fid, text)
    assert "employees_fte" not in shown  # "39,5" is a number the Danish way
    # Every answered field of a valid form shows no answer check.
    assert set(shown) == set(BLANKED) | {
        fid for fid, (_, wrong) in zip(_number_fields(), NUMBER_TEXTS, strict=False) if wrong
    }
    # ... and the same form with the answers given shows none (the check turns off).
    for other, _ in checked[1:]:
        assert not (set(other) - {"contact_email"})


def test_email_check_turns_on_and_off_in_libreoffice(
    checked: list[tuple[dict[str, type], dict[str, type]]],
) -> None:
    for (shown, _), (email, wrong) in zip(checked, EMAILS, strict=True):
        assert (shown.get("contact_email") is EmailShape) is wrong, email


def test_live_checks_and_validate_agree_one_for_one(
    checked: list[tuple[dict[str, type], dict[str, type]]],
) -> None:
    for i, (shown, found) in enumerate(checked):
        assert shown == found, i


def test_every_answer_check_has_its_conditional_format(template_path: Path) -> None:
    ws = load_workbook(template_path)[fm.SHEET_FORM]
    formats: dict[str, list[tuple[str, bool]]] = {}
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            has_fill = rule.dxf is not None and rule.dxf.fill is not None
            formats.setdefault(str(cf.sqref), []).extend((f, has_fill) for f in rule.formula)
    checks = answer_checks(NETWORK)
    required = [f for f in fields_for(NETWORK) if f.required]
    assert len([c for c in checks if c.fill is False]) == len(required)
    for check in checks:
        help_cell = f"{fm.col_letter(fm.COL_CHECK)}{check.row}"
        assert check.condition in [f for f, _ in formats[help_cell]], check
        assert check.condition in ws.cell(check.row, fm.COL_CHECK).value
        for a1 in check.cells:  # a wrong answer is filled red; a blank one is not
            assert (check.condition, True) in formats[a1], check


def test_every_field_gets_the_checks_its_kind_and_requiredness_call_for() -> None:
    kinds = {f.id: {type(r) for r in answer_rules(f)} for f in fields_for(NETWORK)}
    assert kinds["comment"] == set()
    assert kinds["contact_email"] == {Required, EmailShape}
    assert kinds["turnover"] == {Required, NumberText}
    assert kinds["ki_gts"] == {Required}


def test_input_message_never_says_leave_blank_when_blank_is_an_error(
    template_path: Path,
) -> None:
    ws = load_workbook(template_path)[fm.SHEET_FORM]
    for dv in ws.data_validations.dataValidation:
        assert "tomt" not in (dv.prompt or "") or "Kan stå tomt" in dv.prompt
    by_cell = {str(c): dv for dv in ws.data_validations.dataValidation for c in dv.sqref.ranges}
    turnover = fm.layout(NETWORK).by_id()["turnover"].cell.a1
    assert any(turnover in k and "Skal besvares" in v.prompt for k, v in by_cell.items())
    assert validation is not None and FIELDS_BY_ID["comment"].required is False


def test_blank_form_shows_missing_answer_make_form(make_form: MakeForm) -> None:
    # The formula of a required field's help cell starts by asking whether it is blank.
    path = make_form("blank.xlsx", {})
    ws = load_workbook(path)[fm.SHEET_FORM]
    row = fm.layout(NETWORK).by_id()["turnover"].cell.row
    assert ws.cell(row, fm.COL_CHECK).value.startswith(f'=IF(TRIM($E${row})="","{MISSING}')
