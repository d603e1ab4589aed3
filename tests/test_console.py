"""Terminal behaviour shared by every command."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import hostile
import pytest
from click.testing import CliRunner
from conftest import REGISTER_CSV, MakeForm, valid_answers

from perfreg_xlsx.cli.main import cli
from perfreg_xlsx.cli.options import made_on
from perfreg_xlsx.errors import UsageError
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import Programme

SRC = Path(__file__).resolve().parents[1] / "src"


def test_a_closed_output_pipe_is_not_reported_as_a_failure() -> None:
    # As with `perfreg-xlsx fields | head -1`: the reader goes away before the output is written.
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "perfreg_xlsx", "fields"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert "unexpected failure" not in stderr
    assert "Traceback" not in stderr
    assert "Exception ignored" not in stderr


def test_source_date_epoch_is_used_and_a_bad_one_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1367366400")
    assert made_on(None) == datetime.date(2013, 5, 1)
    for bad in ("abc", "99999999999999999"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", bad)
        with pytest.raises(UsageError, match=r"SOURCE_DATE_EPOCH .* is not a number of seconds"):
            made_on(None)
    assert made_on("2012-12-31") == datetime.date(2012, 12, 31)  # the option wins


def test_made_on_before_excel_dates_is_refused() -> None:
    with pytest.raises(UsageError, match="--made-on '0001-01-01' is before 1901"):
        made_on("0001-01-01")
    assert made_on("1901-01-01") == datetime.date(1901, 1, 1)


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        ("aggregate", "there is no survey year to report on"),
        ("profiles", "there is no survey year"),
    ],
)
@pytest.mark.parametrize("debug", [False, True])
def test_an_empty_folder_is_an_answer_not_a_usage_error(
    tmp_path: Path, command: str, reason: str, debug: bool
) -> None:
    empty = tmp_path / "inputs"
    empty.mkdir()
    args = [command, str(empty), "--register", str(REGISTER_CSV), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(cli, [*args, *(["--debug"] if debug else [])])
    assert result.exit_code == 1  # as for findings; a usage error would be 2
    assert result.stderr == f"Error: no questionnaire could be read in {empty}, so {reason}\n"
    assert result.stdout == ""


def test_validate_of_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    # Issue 14 item 5: an empty inputs folder is exit 1 with a clear message (was a warning).
    empty = tmp_path / "inputs"
    empty.mkdir()
    (empty / ".DS_Store").write_bytes(b"x")  # a system file is not an answer
    result = CliRunner().invoke(cli, ["validate", str(empty), "--register", str(REGISTER_CSV)])
    assert result.exit_code == 1
    assert (
        f"    ERROR   [no-files] No questionnaires found in “{empty}”. Put the returned .xlsx "
        "files in the folder (default inputs/).\n"
    ) in result.stdout
    assert result.stdout.endswith("1 error(s), 0 warning(s).\n")


def test_the_commands_name_the_option_a_finding_asks_for(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    now, last = tmp_path / "2012", tmp_path / "2011"
    now.mkdir()
    last.mkdir()
    hostile.empty(last)
    name = register.of(Programme.NETWORK)[0].name
    make_form("a.xlsx", valid_answers(name), folder=now)
    base = ["validate", str(now), "--register", str(REGISTER_CSV)]
    wrong = CliRunner().invoke(cli, [*base, "--year", "2011"])
    assert wrong.exit_code == 1
    assert (
        "Use the questionnaire of 2011, or give the survey year explicitly if this year is "
        "right. The option --year gives the survey year.\n"
    ) in wrong.stdout
    compared = CliRunner().invoke(cli, [*base, "--previous", str(last)])
    assert compared.exit_code == 0
    assert (
        "Validate last year's folder on its own, with last year as the survey year, to see "
        f"why. Run `perfreg-xlsx validate {last} --year 2011`.\n"
    ) in compared.stdout
    json_out = CliRunner().invoke(cli, [*base, "--year", "2011", "--json"])
    assert "--year" not in json_out.stdout  # the library's result, as the library wrote it
