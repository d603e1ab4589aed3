"""`perfreg-xlsx validate` through Click's runner: exit codes, --json, --report, --feedback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import hostile
import pytest
from click.testing import CliRunner, Result
from conftest import REGISTER_CSV, YEAR, MakeForm, valid_answers
from openpyxl import load_workbook

from perfreg_xlsx.checking.feedback import SHEET, feedback_name
from perfreg_xlsx.checking.workbook import FINDING_HEADERS, OVERVIEW_HEADERS
from perfreg_xlsx.cli.main import cli
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.models import FileStatus
from perfreg_xlsx.pipeline import validate_folder
from perfreg_xlsx.survey.registry import Register

CELL = {fid: m.cell.a1 for fid, m in fm.layout().by_id().items()}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, ["validate", "--register", str(REGISTER_CSV), *args])


def test_valid_folder_exits_0(make_form: MakeForm, names: list[str], inputs: Path) -> None:
    for i, name in enumerate(names):
        make_form(f"f{i}.xlsx", valid_answers(name), folder=inputs)
    result = invoke(str(inputs))
    assert result.exit_code == 0, result.output
    assert "3 file(s) read, 3 accepted, 0 invalid, 0 refused" in result.output
    assert "0 error(s), 0 warning(s)." in result.output
    assert "\x1b[" not in result.output  # no colour when not a terminal


def test_errors_exit_1_and_are_named(make_form: MakeForm, names: list[str], inputs: Path) -> None:
    values = valid_answers(names[0])
    values["firms_new_ideas"] = "ca. 50"
    make_form("bad.xlsx", values, folder=inputs)
    make_form("good.xlsx", valid_answers(names[1]), folder=inputs)
    result = invoke(str(inputs))
    assert result.exit_code == 1
    assert "[approximate-number] Skema!E15" in result.output
    assert str(inputs / "bad.xlsx") in result.output
    assert "1 error(s), 0 warning(s)." in result.output


def test_warnings_exit_0_unless_strict(make_form: MakeForm, names: list[str], inputs: Path) -> None:
    values = valid_answers(names[0])
    values["firms_conferences"] = 0  # yes-but-none: a warning
    make_form("a.xlsx", values, folder=inputs)
    assert invoke(str(inputs)).exit_code == 0
    strict = invoke(str(inputs), "--strict")
    assert strict.exit_code == 1
    assert "INVALID" in strict.output


def test_usage_errors_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke(str(tmp_path / "nowhere")).exit_code == 2
    monkeypatch.chdir(tmp_path)  # a folder without inputs/
    result = CliRunner().invoke(cli, ["validate", "--register", str(REGISTER_CSV)])
    assert result.exit_code == 2
    assert "inputs/ does not exist" in result.output
    assert invoke(str(tmp_path), "--year", "abc").exit_code == 2


def test_json_is_exactly_the_library_result(
    make_form: MakeForm, names: list[str], inputs: Path, register: Register
) -> None:
    values = valid_answers(names[0])
    values.update(firms_new_ideas="5-10", comment="=1+1")
    make_form("a.xlsx", values, folder=inputs)
    make_form("b.xlsx", valid_answers(names[1]), folder=inputs)
    result = CliRunner().invoke(
        cli, ["validate", "--register", str(REGISTER_CSV), "--json", str(inputs)]
    )
    assert result.exit_code == 1
    expected = validate_folder([inputs], register, None)
    assert result.stdout == expected.model_dump_json(indent=2) + "\n"


def _prints_like_the_report(ws: Any, title: str) -> None:
    """A4, a printed title and page numbers, and the report's font in every written cell."""
    assert ws.page_setup.paperSize in (9, "9")
    assert title in (ws.oddHeader.left.text or "")
    assert ws.oddFooter.center.text == "Side &P af &N"
    fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
    assert fonts == {"Calibri"}, ws.title


def test_report_workbook(
    make_form: MakeForm, names: list[str], inputs: Path, tmp_path: Path
) -> None:
    values = valid_answers(names[0])
    values.update(firms_new_ideas="ca. 50", contact_name='=HYPERLINK("http://x","y")')
    make_form("a.xlsx", values, folder=inputs)
    hostile.empty(inputs)
    report = tmp_path / "validering.xlsx"
    result = invoke(str(inputs), "--year", str(YEAR), "--report", str(report))
    assert result.exit_code == 1
    wb = load_workbook(report)
    assert wb.sheetnames == ["Oversigt", "Fund"]
    overview = wb["Oversigt"]
    assert tuple(c.value for c in overview[1]) == OVERVIEW_HEADERS
    rows = {r[2]: r for r in overview.iter_rows(min_row=2, values_only=True) if r[2]}
    a = rows[str(inputs / "a.xlsx")]
    assert a[3] == "ugyldig" and a[4] == 1 and a[5] == 0
    assert rows[str(inputs / "empty.xlsx")][3] == "afvist"
    assert overview.freeze_panes == "A2" and overview.auto_filter.ref
    fund = wb["Fund"]
    assert tuple(c.value for c in fund[1]) == FINDING_HEADERS
    assert fund.freeze_panes == "A2" and fund.auto_filter.ref
    body = [r for r in fund.iter_rows(min_row=2, values_only=True)]
    codes = [(r[0], r[1], r[5]) for r in body if r[1] != "not-answered-yet"]
    assert codes == [("fejl", "approximate-number", "E15"), ("fejl", "empty-file", None)]
    for row in fund.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type in ("s", "n"), cell.coordinate  # never a formula
    _prints_like_the_report(overview, f"Validering af spørgeskemaer {YEAR}")
    _prints_like_the_report(fund, f"Validering af spørgeskemaer {YEAR}")
    assert fund.column_dimensions["A"].width >= 14  # "Alvorlighed" beside its filter button
    # The same result gives the same bytes.
    first = report.read_bytes()
    assert invoke(str(inputs), "--year", str(YEAR), "--report", str(report)).exit_code == 1
    assert report.read_bytes() == first


def test_feedback_copies_mark_the_problem_cells(
    make_form: MakeForm, names: list[str], inputs: Path, tmp_path: Path, register: Register
) -> None:
    values = valid_answers(names[0])
    values.update(firms_new_ideas="ca. 50", firms_conferences=0)
    make_form("a.xlsx", values, folder=inputs)
    make_form("b.xlsx", valid_answers(names[1]), folder=inputs)
    hostile.empty(inputs)
    out = tmp_path / "feedback"
    result = invoke(str(inputs), "--feedback", str(out))
    assert result.exit_code == 1
    assert "Wrote 1 feedback copy into" in result.output  # not "1 feedback copies"
    assert sorted(p.name for p in out.iterdir()) == [feedback_name("a.xlsx")]
    copy = out / feedback_name("a.xlsx")
    wb = load_workbook(copy)
    assert wb.sheetnames[0] == SHEET
    skema = wb[fm.SHEET_FORM]
    error = skema[CELL["firms_new_ideas"]]
    warning = skema[CELL["firms_conferences"]]
    assert error.comment is not None and "omtrentligt tal" in error.comment.text
    assert warning.comment is not None and "besvaret Ja" in warning.comment.text
    assert error.fill.fgColor.rgb.endswith("FFC7CE")
    assert warning.fill.fgColor.rgb.endswith("FFEB9C")
    assert skema[CELL["firms_new_products"]].comment is None
    _prints_like_the_report(wb[SHEET], SHEET)
    assert wb[SHEET].column_dimensions["A"].width >= 14  # "Alvorlighed" in bold
    listed = [r for r in wb[SHEET].iter_rows(min_row=5, values_only=True)]
    assert [(r[0], r[1]) for r in listed] == [
        ("fejl", f"Skema!{CELL['firms_new_ideas']}"),
        ("advarsel", f"Skema!{CELL['firms_conferences']}"),
    ]
    # The answers themselves are unchanged: the copy reads exactly as the original.
    original = validate_folder([inputs / "a.xlsx"], register, YEAR).files[0].response
    again = validate_folder([copy], register, YEAR).files[0].response
    assert original is not None and again is not None
    assert again.values == original.values


def test_hostile_folder_reads_the_valid_forms(
    make_form: MakeForm, names: list[str], inputs: Path
) -> None:
    for i, name in enumerate(names):
        make_form(f"good{i}.xlsx", valid_answers(name), folder=inputs)
    bad = [
        f(inputs).name
        for f in (
            hostile.empty,
            hostile.ole2,
            hostile.encrypted,
            hostile.text_renamed,
            hostile.truncated,
            hostile.zip_bomb,
            hostile.duplicate_entries,
            hostile.entity_bomb_strings,
            hostile.external_entity,
        )
    ]
    hostile.lock_file(inputs, "good0.xlsx")
    result = CliRunner().invoke(
        cli, ["validate", "--register", str(REGISTER_CSV), "--json", str(inputs)]
    )
    assert result.exit_code == 1
    from perfreg_xlsx.models import ValidationResult

    parsed = ValidationResult.model_validate_json(result.stdout)
    status = {Path(f.file).name: f.status for f in parsed.files}
    assert [status[f"good{i}.xlsx"] for i in range(3)] == [FileStatus.ACCEPTED] * 3
    assert {n for n, s in status.items() if s is FileStatus.REFUSED} == set(bad)
    assert status["~$good0.xlsx"] is FileStatus.SKIPPED
    summary = invoke(str(inputs))
    assert summary.exit_code == 1
    for name in bad:
        assert name in summary.output
    assert "3 accepted" in summary.output and f"{len(bad)} refused" in summary.output


def test_help_says_where_last_year_comes_from() -> None:
    result = CliRunner().invoke(cli, ["validate", "--help"])
    assert result.exit_code == 0
    # The recorded history holds each network's answers now (answers_YEAR.csv).
    assert "not per network" not in result.output
    assert "answers_YEAR.csv" in " ".join(result.output.split())


def test_progress_bar_when_many_files_on_a_terminal(
    make_form: MakeForm, names: list[str], inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from perfreg_xlsx.cli import terminal

    for i, name in enumerate(names):
        make_form(f"f{i}.xlsx", valid_answers(name), folder=inputs)
    monkeypatch.setattr(terminal, "on_terminal", lambda: True)
    monkeypatch.setattr(terminal, "show_progress", lambda count: count == 3)
    result = invoke(str(inputs))
    assert result.exit_code == 0
    assert "Reading" in result.stderr
    assert "Reading" not in result.stdout
    assert "3 accepted" in result.stdout


def test_report_must_be_an_xlsx_name(inputs: Path, tmp_path: Path) -> None:
    result = invoke(str(inputs), "--report", str(tmp_path / "validering.csv"))
    assert result.exit_code == 2
    assert "must name an .xlsx file" in result.output
    assert not (tmp_path / "validering.csv").exists()


@pytest.mark.parametrize("command", ["validate", "aggregate", "profiles", "template"])
def test_a_missing_register_is_a_usage_error(command: str, tmp_path: Path) -> None:
    # The README promises exit 2 for usage errors; a missing register gave 1.
    missing = tmp_path / "networks.csv"
    result = CliRunner().invoke(cli, [command, "--register", str(missing)])
    assert result.exit_code == 2, result.output
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_files_all_for_another_year_are_said_once(
    make_form: MakeForm, names: list[str], inputs: Path
) -> None:
    """Issue 14 item 7: `--year 2011` on 2012 files said the same three lines per file."""
    for i, name in enumerate(names):
        make_form(f"f{i}.xlsx", valid_answers(name), folder=inputs)
    result = invoke(str(inputs), "--year", str(YEAR - 1))
    assert result.exit_code == 1
    out = result.output
    assert f"All 3 files are for survey year {YEAR}, not {YEAR - 1}: run with --year {YEAR}" in out
    assert "; none of them was accepted." in out
    assert out.count("[wrong-year]") == 0  # the per-file lines are short: file, status, cell
    assert out.count(f"REFUSED, Skema!E2 says {YEAR}") == 3
    assert "3 error(s), 0 warning(s)." in out
    data = json.loads(invoke(str(inputs), "--year", str(YEAR - 1), "--json").output)
    codes = [[f["code"] for f in fr["findings"]] for fr in data["files"]]
    assert codes == [["wrong-year"]] * 3  # the JSON keeps one finding per file


def test_some_files_for_another_year_are_named_apart(
    make_form: MakeForm, names: list[str], inputs: Path
) -> None:
    for i, name in enumerate(names[:2]):
        make_form(f"f{i}.xlsx", valid_answers(name), folder=inputs)
    (inputs / "f2.ods").write_bytes(b"PK\x03\x04 not a questionnaire")
    out = invoke(str(inputs), "--year", str(YEAR - 1)).output
    assert f"2 of 3 files are for survey year {YEAR}, not {YEAR - 1}" in out
    assert "none of them was accepted" in out  # the third is not a workbook at all
    assert "[not-xlsx]" in out  # a file with another finding keeps its block
