"""Text from a returned file reaches every sink safely (issue 16 item 3).

A file name with bytes that are not UTF-8, and control characters in a file name or in a cell,
must neither stop a command nor forge, recolour or split what it prints, nor make a workbook
we write unreadable. Each sink goes through `util.safetext`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from conftest import INPUTS_DIR, REGISTER_CSV, copy_published_history
from fuzz_forms import NUMBER_CELLS, Package, cell_xml, replace_cells, with_shared_strings
from openpyxl import load_workbook

from perfreg_xlsx.checking.workbook import write_validation_report
from perfreg_xlsx.cli.console import friendly_errors
from perfreg_xlsx.cli.main import cli
from perfreg_xlsx.cli.terminal import print_validation
from perfreg_xlsx.errors import OutputError, PerfregError
from perfreg_xlsx.models import FileResult, FileStatus, Finding, ValidationResult
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import Severity
from perfreg_xlsx.util.safetext import path_text, xml_text
from perfreg_xlsx.workbook.render import write_workbook
from perfreg_xlsx.workbook.spec import BodyRow, Cell, RowCells, SheetSpec, WorkbookSpec

LATIN1_NAME = os.fsdecode(b"net\xe6rk_2012.xlsx")  # "netærk" in Latin-1 on a UTF-8 system
SHOWN_NAME = "net\\xe6rk_2012.xlsx"
FORGED_NAME = "alu\n0 error(s)\x1b[2J\x1b]0;pwned\x07_2012.xlsx"
# Reached through shared strings, whose _xHHHH_ escapes the reader undoes as Excel does.
HOSTILE_CELL = "_x001B_[5;7mred_x001B_[0m\nsecond line \u009b2J"
XML_HOSTILE = ["nul\x00", "esc\x1b[2J", "non\uffffchar", "lone\ud800", "name" + LATIN1_NAME]


def _project(tmp_path: Path, name: str = LATIN1_NAME) -> Path:
    """inputs/ with two shipped questionnaires, one of them under `name`."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copyfile(INPUTS_DIR / "alucluster_2012.xlsx", inputs / name)
    shutil.copyfile(INPUTS_DIR / "biomasse_2012.xlsx", inputs / "biomasse_2012.xlsx")
    copy_published_history(tmp_path / "history")
    (tmp_path / "out").mkdir()
    return inputs


def _invoke(*args: str, color: bool = False) -> Result:
    return CliRunner().invoke(
        cli, [*args[:1], "--register", str(REGISTER_CSV), *args[1:]], color=color
    )


def _aggregate_args(tmp_path: Path, *extra: str) -> list[str]:
    return [
        "aggregate",
        str(tmp_path / "inputs"),
        "--out",
        str(tmp_path / "out"),
        "--history",
        str(tmp_path / "history"),
        "--made-on",
        "2013-05-01",
        "--no-record",
        "-j",
        "1",
        *extra,
    ]


def _texts(path: Path) -> list[str]:
    wb = load_workbook(path, read_only=True)
    return [
        str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    ]


def test_a_text_with_a_stray_surrogate_and_other_letters_becomes_utf8() -> None:
    # A message quoting a name (“…”) is more than ASCII; it must still come out as text.
    assert path_text("“lone\ud800” i Værløse") == "“lone\\ud800” i Værløse"


def test_xml_text_shows_name_bytes_and_replaces_the_rest() -> None:
    assert xml_text("inputs/" + LATIN1_NAME + "\x1b") == "inputs/" + SHOWN_NAME + "\ufffd"
    assert xml_text("Årsværk\t1\n2") == "Årsværk\t1\n2"


# --- (a) a file name that is not UTF-8 ---------------------------------------------------------


@pytest.mark.parametrize("extra", [(), ("--skip-invalid",)])
def test_aggregate_names_an_undecodable_file_and_leaves_nothing_behind(
    tmp_path: Path, extra: tuple[str, ...]
) -> None:
    _project(tmp_path)
    result = _invoke(*_aggregate_args(tmp_path, *extra))
    assert result.exit_code == 0, result.output
    assert "unexpected failure" not in result.output
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["performanceregnskab_2012.xlsx"]
    texts = _texts(out / "performanceregnskab_2012.xlsx")
    assert any(t.endswith("inputs/" + SHOWN_NAME) for t in texts)  # the Forside and Kilder
    assert not any("\ufffd" in t for t in texts)


def test_a_left_out_undecodable_file_is_named_on_the_terminal_and_front_sheet(
    tmp_path: Path,
) -> None:
    inputs = _project(tmp_path)
    (inputs / LATIN1_NAME).write_bytes(b"PK\x03\x04 half a zip")
    result = _invoke(*_aggregate_args(tmp_path, "--skip-invalid"))
    assert result.exit_code == 0, result.output
    assert f"  {inputs}/{SHOWN_NAME} (unknown network)" in result.output.splitlines()
    report = tmp_path / "out" / "performanceregnskab_2012.xlsx"
    front = load_workbook(report, read_only=True)["Forside"]
    files = [row[0] for row in front.iter_rows(values_only=True) if row and row[0]]
    assert f"{inputs}/{SHOWN_NAME}" in files
    assert sorted(p.name for p in report.parent.iterdir()) == [report.name]


def test_validate_json_gives_the_name_as_readable_utf8(tmp_path: Path) -> None:
    inputs = _project(tmp_path)
    result = _invoke("validate", "--json", "-j", "1", str(inputs))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    files = [f["file"] for f in data["files"]]
    assert files == [f"{inputs}/biomasse_2012.xlsx", f"{inputs}/{SHOWN_NAME}"]


def test_validate_report_workbook_names_the_file(tmp_path: Path) -> None:
    inputs = _project(tmp_path)
    report = tmp_path / "out" / "validering.xlsx"
    result = _invoke("validate", "--report", str(report), "-j", "1", str(inputs))
    assert result.exit_code == 0, result.output
    overview = load_workbook(report, read_only=True)["Oversigt"]
    files = [row[2] for row in overview.iter_rows(min_row=2, values_only=True) if row[2]]
    assert f"{inputs}/{SHOWN_NAME}" in files
    assert sorted(p.name for p in report.parent.iterdir()) == [report.name]


def test_a_real_run_under_a_utf8_locale(tmp_path: Path) -> None:
    inputs = _project(tmp_path)
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": ""}
    env.pop("PYTHONUTF8", None)
    report = tmp_path / "out" / "validering.xlsx"
    cmd = [sys.executable, "-m", "perfreg_xlsx", "validate", "--register", str(REGISTER_CSV)]
    text = subprocess.run(
        [*cmd, "-j", "1", "--report", str(report), str(inputs)],
        capture_output=True,
        env=env,
        check=False,
    )
    assert text.returncode == 0, text.stderr
    assert f"  {inputs}/{SHOWN_NAME}".encode() not in text.stdout  # no findings: not listed
    assert b"0 error(s), 0 warning(s)." in text.stdout
    as_json = subprocess.run(
        [*cmd, "-j", "1", "--json", str(inputs)], capture_output=True, env=env, check=False
    )
    assert as_json.returncode == 0, as_json.stderr
    assert f"{inputs}/{SHOWN_NAME}" in [f["file"] for f in json.loads(as_json.stdout)["files"]]
    command, *options = _aggregate_args(tmp_path)
    agg = subprocess.run(
        [sys.executable, "-m", "perfreg_xlsx", command, "--register", str(REGISTER_CSV), *options],
        capture_output=True,
        env=env,
        check=False,
    )
    assert agg.returncode == 0, agg.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "performanceregnskab_2012.xlsx",
        "validering.xlsx",
    ]


# --- (b) control characters on the terminal ----------------------------------------------------


def _hostile_return(tmp_path: Path, name: str) -> Path:
    """inputs/`name`: alucluster's return with a text holding escapes in a number cell."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    pkg = with_shared_strings(Package.read(INPUTS_DIR / "alucluster_2012.xlsx"), [HOSTILE_CELL])
    ref = NUMBER_CELLS[0]
    pkg = replace_cells(pkg, {ref: cell_xml(ref, t="s", v="0")})
    pkg.write(inputs / name)
    return inputs


@pytest.mark.parametrize("color", [False, True])
def test_validate_prints_each_finding_on_one_line_without_escapes(
    tmp_path: Path, color: bool
) -> None:
    inputs = _hostile_return(tmp_path, FORGED_NAME)
    result = _invoke("validate", "-j", "1", str(inputs), color=color)
    assert result.exit_code == 1, result.output
    out = result.output
    for raw in ("\x1b[2J", "\x1b]0;", "\x07", "\x1b[5;7m", "\x9b"):
        assert raw not in out
    if not color:
        assert "\x1b" not in out
    lines = out.splitlines()
    assert not any(click.unstyle(line).startswith("0 error(s)") for line in lines)
    finding = [line for line in lines if "[not-a-number]" in line]
    assert len(finding) == 1
    # ESC cannot be held in XML, so the finding itself carries U+FFFD (checking.findings);
    # the newline and the C1 CSI, which XML can hold, are escaped for the terminal.
    assert "\ufffd[5;7mred\ufffd[0m\\nsecond line \\x9b2J" in finding[0]
    shown = "alu\\n0 error(s)\\e[2J\\e]0;pwned\\x07_2012.xlsx"
    assert any(click.unstyle(line) == f"  {inputs}/{shown}: INVALID" for line in lines)


def test_aggregate_lists_a_forged_name_on_one_line(tmp_path: Path) -> None:
    _hostile_return(tmp_path, FORGED_NAME)
    shutil.copyfile(INPUTS_DIR / "biomasse_2012.xlsx", tmp_path / "inputs" / "biomasse_2012.xlsx")
    copy_published_history(tmp_path / "history")
    (tmp_path / "out").mkdir()
    blocked = _invoke(*_aggregate_args(tmp_path))
    assert blocked.exit_code == 1
    skipped = _invoke(*_aggregate_args(tmp_path, "--skip-invalid"))
    assert skipped.exit_code == 0, skipped.output
    for result in (blocked, skipped):
        assert "\x1b" not in result.output and "\x07" not in result.output
        lines = result.output.splitlines()
        assert not any(line.startswith("0 error(s)") for line in lines)
    assert any(
        line.endswith("\\x07_2012.xlsx (Innovationsnetværket AluCluster)")
        for line in skipped.output.splitlines()
    )


def test_print_validation_escapes_every_input_text(register: Register) -> None:
    file = "inputs/x\x1b[2J\n0 error(s).xlsx"
    finding = Finding(
        code="not-a-number",
        severity=Severity.ERROR,
        file=file,
        network="ghost\x1b[31m\n",
        value="\x1b[31mred\nnext",
        message="E14: “\x1b[31mred\nnext” is not a number",
    )
    result = ValidationResult(
        survey_year=2012,
        files=(
            FileResult(
                file=file, status=FileStatus.INVALID, network=finding.network, findings=(finding,)
            ),
        ),
        findings=(finding,),
    )

    @click.command()
    def show() -> None:
        print_validation(result, register)

    out = CliRunner().invoke(show, color=True).output
    assert "\x1b[2J" not in out and "\x1b[31mred" not in out and "ghost\x1b" not in out
    lines = [click.unstyle(line) for line in out.splitlines()]
    assert "ghost\\e[31m\\n" in lines
    assert "  inputs/x\\e[2J\\n0 error(s).xlsx: INVALID" in lines
    assert "    ERROR   [not-a-number] E14: “\\e[31mred\\nnext” is not a number" in lines
    assert lines[-1] == "1 error(s), 0 warning(s)."


def test_an_error_message_quoting_input_text_is_one_line() -> None:
    @click.command()
    @friendly_errors
    def fail() -> None:
        raise PerfregError("cannot read inputs/a\x1b[2J\nb.csv: line 2: “\x9b1m”")

    result = CliRunner().invoke(fail, color=True)
    assert result.exit_code == 1
    assert result.output == "Error: cannot read inputs/a\\e[2J\\nb.csv: line 2: “\\x9b1m”\n"


# --- (c) characters XML cannot hold ------------------------------------------------------------


def _hostile_spec() -> WorkbookSpec:
    def row(i: int) -> BodyRow:
        return [(0, XML_HOSTILE[i], "text")]

    head = {(0, 0): Cell("head", "head_left")}
    sheets = (
        SheetSpec("Celler", {(i, 0): Cell(t, "text") for i, t in enumerate(XML_HOSTILE)}),
        SheetSpec("Lang", RowCells(head, 1, len(XML_HOSTILE), row, frozenset({"text"}))),
        SheetSpec("Link", {(0, 0): Cell("bad\x1b", "link", link="internal:'Celler'!A1")}),
    )
    return WorkbookSpec(
        sheets=sheets, properties={"created": datetime(2013, 5, 1), "title": "t\x00"}
    )


def test_render_replaces_what_xml_cannot_hold(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "x.xlsx", _hostile_spec())
    wb = load_workbook(path)
    expected = ["nul\ufffd", "esc\ufffd[2J", "non\ufffdchar", "lone\\ud800", "name" + SHOWN_NAME]
    assert [c.value for c in wb["Celler"]["A"]] == expected
    assert [c.value for c in wb["Lang"]["A"]][1:] == expected
    assert wb["Link"]["A1"].value == "bad\ufffd"
    assert wb.properties.title == "t\ufffd"
    with zipfile.ZipFile(path) as zf:
        assert not any(b"_x00" in zf.read(n) for n in zf.namelist() if n.startswith("xl/"))


def test_a_failing_render_leaves_no_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xlsxwriter.packager

    def broken(self: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsxwriter.packager.Packager, "_write_shared_strings_file", broken)
    with pytest.raises(OutputError, match="No space left"):
        write_workbook(tmp_path / "x.xlsx", _hostile_spec())
    assert list(tmp_path.iterdir()) == []


def test_validation_report_replaces_what_xml_cannot_hold(
    tmp_path: Path, register: Register
) -> None:
    findings = tuple(
        Finding(
            code="not-a-number",
            severity=Severity.ERROR,
            file="inputs/" + LATIN1_NAME,
            value=text,
            message=f"“{text}” is not a number",
        )
        for text in XML_HOSTILE
    )
    result = ValidationResult(
        survey_year=2012,
        files=(
            FileResult(file="inputs/" + LATIN1_NAME, status=FileStatus.INVALID, findings=findings),
        ),
        findings=findings,
    )
    path = write_validation_report(tmp_path / "v.xlsx", result, register)
    wb = load_workbook(path)
    assert wb["Oversigt"]["C2"].value == "inputs/" + SHOWN_NAME
    rows = list(wb["Fund"].iter_rows(min_row=2, values_only=True))
    assert [r[2] for r in rows] == ["inputs/" + SHOWN_NAME] * len(XML_HOSTILE)
    assert [r[8] for r in rows] == [
        "nul\ufffd",
        "esc\ufffd[2J",
        "non\ufffdchar",
        "lone\\ud800",
        "name" + SHOWN_NAME,
    ]
    assert rows[0][10] == "“nul\ufffd” is not a number"


def test_a_cell_with_control_characters_reaches_the_validation_report_replaced(
    tmp_path: Path,
) -> None:
    inputs = _hostile_return(tmp_path, "alucluster_2012.xlsx")
    report = tmp_path / "v.xlsx"
    result = _invoke("validate", "--report", str(report), "-j", "1", str(inputs))
    assert result.exit_code == 1, result.output
    fund = load_workbook(report)["Fund"]
    values = [row[8] for row in fund.iter_rows(min_row=2, values_only=True) if row[8]]
    assert "“\ufffd[5;7mred\ufffd[0m\nsecond line \u009b2J”" in values
