"""`profiles` reads the returns through the bounded worker pool, as validate and aggregate do:
a file that hangs its reader is that file's `read-timeout`, and the other networks still get
their profile (issue 16 item 1, profiles).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import INPUTS_DIR, MADE_ON, REGISTER_CSV

from perfreg_xlsx.cli.main import cli
from perfreg_xlsx.pipeline import build_profiles, outputs, validation
from perfreg_xlsx.survey.registry import Register

HANGS = "unik_2012.xlsx"


@pytest.fixture()
def one_file_hangs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading HANGS takes far longer than the pool allows (the workers are forked with it)."""
    check_file = validation.check_file

    def slow(path: Path, register: Register, year: int | None) -> validation.Checked:
        if path.name == HANGS:
            time.sleep(4)
        return check_file(path, register, year)

    monkeypatch.setattr(validation, "check_file", slow)


def timeouts(run: outputs.ProfilesRun) -> list[str]:
    return [Path(f.file).name for f in run.validation.findings if f.code == "read-timeout"]


@pytest.mark.usefixtures("one_file_hangs")
def test_a_hanging_file_is_its_own_error(tmp_path: Path, register: Register) -> None:
    out = tmp_path / "out"
    blocked = build_profiles(
        [INPUTS_DIR], register, out_dir=out, made_on=MADE_ON, jobs=2, timeout=0.5
    )
    assert blocked.blocked
    assert timeouts(blocked) == [HANGS]
    run = build_profiles(
        [INPUTS_DIR],
        register,
        out_dir=out,
        made_on=MADE_ON,
        jobs=2,
        timeout=0.5,
        skip_invalid=True,
    )
    assert timeouts(run) == [HANGS]
    assert len(run.paths) == 21
    assert not (out / "profiles" / HANGS).exists()


@pytest.mark.usefixtures("one_file_hangs")
def test_the_command_reads_in_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used: list[int] = []
    validate_folder = outputs.validate_folder

    def bounded(*args: Any, **kwargs: Any) -> Any:
        used.append(kwargs.get("jobs", 1))
        return validate_folder(*args, **{**kwargs, "timeout": 0.5})

    monkeypatch.setattr(outputs, "validate_folder", bounded)
    monkeypatch.setattr("perfreg_xlsx.reading.pool.default_jobs", lambda: 2)
    args = ["profiles", str(INPUTS_DIR), "--register", str(REGISTER_CSV)]
    args += ["--out", str(tmp_path / "out"), "--made-on", "2013-05-01", "--skip-invalid"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert used == [2]
    assert "1 error(s)" in result.output
    assert "Wrote 21 profile(s)" in result.output
