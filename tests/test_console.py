"""Terminal behaviour shared by every command."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

from perfreg_xlsx.cli.options import made_on
from perfreg_xlsx.errors import UsageError

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
