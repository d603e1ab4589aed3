"""Signals (issue 16 item 6): SIGTERM and Ctrl-C end the worker processes and remove the
temporary files; a killed run (SIGKILL) leaves at most the previous complete report, and what
it left behind is removed by the next run, without touching another live run's files.

Each test runs the real command in its own process group, with one hook that holds it at a
known point (a worker reading one file, or the report half-written) so that the signal
arrives there and not before or after.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import INPUTS_DIR, REGISTER_CSV, copy_published_history

from perfreg_xlsx.util import atomic

REPORT = "performanceregnskab_2012.xlsx"
PREVIOUS = b"the previous complete report"
FIRST = sorted(p.name for p in INPUTS_DIR.glob("*.xlsx"))[0]

# Python ignores SIGINT when started in the background by a shell; a user's Ctrl-C is not.
RUNNER = r"""
import os, signal, sys, time
from pathlib import Path

signal.signal(signal.SIGINT, signal.default_int_handler)
mark = Path(os.environ["MARK"])
if os.environ.get("SLOW_FILE"):
    from perfreg_xlsx.pipeline import validation

    check_file = validation.check_file

    def slow(path, register, year):
        if path.name == os.environ["SLOW_FILE"]:
            mark.write_text(str(os.getpid()))
            time.sleep(120)
        return check_file(path, register, year)

    validation.check_file = slow
if os.environ.get("SLOW_WRITE"):
    from perfreg_xlsx.workbook import render as module

    render = module.render

    def slow_render(spec, target):
        render(spec, target)
        mark.write_text(str(target))
        time.sleep(120)

    module.render = slow_render
from perfreg_xlsx.cli.main import main

sys.argv = ["perfreg-xlsx", *sys.argv[1:]]
main()
"""


def group(pgid: int) -> list[int]:
    """The live processes of process group `pgid` (zombies are dead: left out)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            found.append(int(entry.name))
    return found


def wait_for(check: object, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def no_group_left(pgid: int) -> bool:
    try:
        wait_for(lambda: not group(pgid), 10.0)
    except AssertionError:
        return False
    return True


def temporaries(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture()
def project(tmp_path: Path) -> Iterator[Path]:
    copy_published_history(tmp_path / "history")
    out = tmp_path / "out"
    out.mkdir()
    (out / REPORT).write_bytes(PREVIOUS)
    yield tmp_path


def command(project: Path, name: str) -> list[str]:
    args = [name, str(INPUTS_DIR), "--register", str(REGISTER_CSV)]
    if name == "aggregate":
        args += ["--out", str(project / "out"), "--history", str(project / "history")]
        args += ["--made-on", "2013-05-01", "--no-record", "--jobs", "2"]
    elif name == "profiles":
        args += ["--out", str(project / "out"), "--made-on", "2013-05-01"]
    else:
        args += ["--jobs", "2"]
    return args


def start(project: Path, args: list[str], **hooks: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "MARK": str(project / "mark"), **hooks}
    return subprocess.Popen(
        [sys.executable, "-c", RUNNER, *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: its workers are found by it
    )


def held(project: Path, proc: subprocess.Popen[bytes]) -> None:
    """Wait until the run is at its hook."""
    wait_for(lambda: (project / "mark").exists() or proc.poll() is not None)
    assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""


def ended(proc: subprocess.Popen[bytes]) -> tuple[int, str]:
    _, err = proc.communicate(timeout=30)
    return proc.returncode, err.decode()


EXITS = {signal.SIGTERM: (143, "Terminated."), signal.SIGINT: (130, "Interrupted.")}


@pytest.mark.parametrize(
    ("name", "signum"),
    [
        ("aggregate", signal.SIGTERM),
        ("aggregate", signal.SIGINT),
        ("validate", signal.SIGTERM),
        ("profiles", signal.SIGTERM),
    ],
)
def test_a_signal_while_reading_ends_every_worker(
    project: Path, name: str, signum: signal.Signals
) -> None:
    proc = start(project, command(project, name), SLOW_FILE=FIRST)
    held(project, proc)
    worker = int((project / "mark").read_text())
    assert worker in group(proc.pid)  # the file hangs in a worker of the run
    proc.send_signal(signum)
    code, err = ended(proc)
    assert (code, err.strip().splitlines()[-1]) == EXITS[signum]
    assert "Traceback" not in err
    assert no_group_left(proc.pid)
    assert temporaries(project / "out") == []
    assert (project / "out" / REPORT).read_bytes() == PREVIOUS


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_while_writing_removes_the_temporary_file(
    project: Path, signum: signal.Signals
) -> None:
    proc = start(project, command(project, "aggregate"), SLOW_WRITE="1")
    held(project, proc)
    half = Path((project / "mark").read_text())
    assert half.is_file() and half.parent.parent == project / "out"
    assert temporaries(project / "out") == [half.parent.name]
    proc.send_signal(signum)
    code, err = ended(proc)
    assert (code, err.strip().splitlines()[-1]) == EXITS[signum]
    assert "Traceback" not in err
    assert temporaries(project / "out") == []
    assert (project / "out" / REPORT).read_bytes() == PREVIOUS


def test_a_killed_run_leaves_the_previous_report_and_the_next_run_cleans_up(
    project: Path,
) -> None:
    out = project / "out"
    proc = start(project, command(project, "aggregate"), SLOW_WRITE="1")
    held(project, proc)
    proc.send_signal(signal.SIGKILL)
    assert ended(proc)[0] == -signal.SIGKILL
    assert (out / REPORT).read_bytes() == PREVIOUS
    left = temporaries(out)
    assert len(left) == 1 and left[0].startswith(f".{REPORT}.{proc.pid}@")
    # Killed while a worker hangs on a file: the kernel ends the workers with it.
    (project / "mark").unlink()
    proc = start(project, command(project, "aggregate"), SLOW_FILE=FIRST)
    held(project, proc)
    proc.send_signal(signal.SIGKILL)
    assert ended(proc)[0] == -signal.SIGKILL
    assert no_group_left(proc.pid)
    # The next run removes what the killed one left and writes the report.
    done = subprocess.run(
        [sys.executable, "-m", "perfreg_xlsx", *command(project, "aggregate")],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert temporaries(out) == []
    assert (out / REPORT).read_bytes()[:2] == b"PK"


# --- Which leftovers are stale ---------------------------------------------------------------


def leftover(folder: Path, name: str, owner: str) -> Path:
    path = folder / f".{name}.{owner}.abcd_123.tmp"
    path.mkdir()
    (path / name).write_bytes(b"half")
    return path


def test_only_the_leftovers_of_ended_processes_are_removed(tmp_path: Path) -> None:
    host = atomic.temp_name("x")[0].rsplit("@", 1)[1].rstrip(".")
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        mine = leftover(tmp_path, "a.xlsx", f"{os.getpid()}@{host}")
        running = leftover(tmp_path, "b.xlsx", f"{live.pid}@{host}")
        killed = leftover(tmp_path, "c.xlsx", f"{dead.pid}@{host}")
        elsewhere = leftover(tmp_path, "d.xlsx", f"{dead.pid}@another-machine")
        forgotten = leftover(tmp_path, "e.xlsx", f"{dead.pid}@another-machine")
        two_days = time.time() - 2 * 24 * 3600
        os.utime(forgotten, (two_days, two_days))
        user_file = tmp_path / f".notes.{dead.pid}@{host}.tmp"  # not a name we make
        user_file.write_text("keep")
        assert sorted(atomic.remove_stale(tmp_path)) == [killed, forgotten]
        assert mine.is_dir() and running.is_dir() and elsewhere.is_dir() and user_file.exists()
    finally:
        live.kill()
        live.wait()


def test_a_write_sweeps_its_folder_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic, "_SWEPT", set())
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    host = atomic.temp_name("x")[0].rsplit("@", 1)[1].rstrip(".")
    stale = leftover(tmp_path, "r.xlsx", f"{dead.pid}@{host}")
    atomic.atomic_write(tmp_path / "r.xlsx", lambda tmp: tmp.write_bytes(b"new"))
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]
    again = leftover(tmp_path, "r.xlsx", f"{dead.pid}@{host}")
    atomic.atomic_write(tmp_path / "r.xlsx", lambda tmp: tmp.write_bytes(b"newer"))
    assert again.exists()  # swept once per process: not a listing per file written
