"""Reading in worker processes: same results as in one process, and a worker that dies or
hangs costs only the file it was reading."""

from __future__ import annotations

import faulthandler
import gc
import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import hostile
import pytest
from click.testing import CliRunner
from conftest import REGISTER_CSV, YEAR, MakeForm, valid_answers
from openpyxl import load_workbook
from test_validate import CELL, HOSTILE, network_names

from perfreg_xlsx.cli.main import cli
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.models import FileStatus
from perfreg_xlsx.pipeline import validate_folder
from perfreg_xlsx.pipeline import validation as pipeline
from perfreg_xlsx.reading.outcomes import Failure
from perfreg_xlsx.reading.pool import Pool, map_files
from perfreg_xlsx.survey.registry import Register

# --- The pool on its own ----------------------------------------------------------------------


def square_or_die(x: int) -> int:
    """Dies on 13 (as a crash in a C library would), hangs on 7, raises on 5."""
    if x == 13:
        os._exit(3)
    if x == 11:
        faulthandler.disable()  # pytest's handler would print the crash as if it were ours
        os.kill(os.getpid(), signal.SIGSEGV)
    if x == 7:
        time.sleep(3600)
    if x == 5:
        raise ValueError("five")
    return x * x


def test_results_come_back_in_order_of_the_items() -> None:
    items = list(range(40, 0, -1))
    assert map_files(abs, items, jobs=3) == items
    assert map_files(abs, items, jobs=1) == items


def test_a_dead_or_hung_worker_costs_only_its_item() -> None:
    items = list(range(30))
    ticks: list[int] = []
    out = map_files(square_or_die, items, jobs=2, timeout=1.0, progress=ticks.append)
    assert ticks == [1] * 30
    failures = {i: o for i, o in enumerate(out) if isinstance(o, Failure)}
    assert sorted(failures) == [5, 7, 11, 13]
    assert failures[13] == Failure(
        "crashed", "the reading process ended unexpectedly (exit code 3)"
    )
    assert failures[11] == Failure("crashed", "the reading process was ended by signal SIGSEGV")
    assert failures[7] == Failure("timeout", "reading the file took longer than 1 seconds")
    assert failures[5] == Failure("error", "unexpected ValueError")
    assert [o for i, o in enumerate(out) if i not in failures] == [
        i * i for i in items if i not in failures
    ]


def test_in_process_an_exception_is_the_items_failure() -> None:
    assert map_files(square_or_die, [4, 5], jobs=1) == [
        16,
        Failure("error", "unexpected ValueError"),
    ]


def unpicklable_on_two(x: int) -> object:
    return (lambda: x) if x == 2 else x


def test_an_answer_that_cannot_be_sent_is_the_items_failure() -> None:
    out = map_files(unpicklable_on_two, [1, 2, 3], jobs=2)
    assert out == [1, Failure("error", "unexpected AttributeError"), 3]


@pytest.mark.parametrize("enabled", [True, False])
def test_unpacking_leaves_the_collector_as_it_was(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        assert map_files(abs, [-1, -2, -3], jobs=2) == [1, 2, 3]
        assert gc.isenabled() is enabled
    finally:
        if was:
            gc.enable()


def test_items_may_be_generated_while_the_workers_read() -> None:
    """A folder is listed while the first files are read: the items come from a generator,
    taken a few hundred at a time, and the answers are still in the items' order."""
    taken: list[int] = []

    def items() -> Iterator[int]:
        for i in range(-700, 0):
            taken.append(i)
            yield i

    with Pool(abs, jobs=2) as pool:
        assert pool.map(items()) == list(range(700, 0, -1))
    assert len(taken) == 700


def test_a_generator_that_fails_ends_the_pool_with_its_error() -> None:
    def items() -> Iterator[int]:
        yield from range(300)
        raise LookupError("the folder went away")

    with pytest.raises(LookupError), Pool(abs, jobs=2) as pool:
        pool.map(items())
    assert pool.workers == []


def test_no_items_start_no_worker() -> None:
    assert map_files(square_or_die, [], jobs=4) == []


# --- validate_folder with workers -----------------------------------------------------------


def _folder(make_form: MakeForm, register: Register, tmp_path: Path) -> Path:
    """Good forms, every hostile file, a formula without a cached value, a copy, a lock file."""
    names = network_names(register, 4)
    for i, name in enumerate(names[:3]):
        make_form(f"good{i}.xlsx", valid_answers(name, count=10 + i))
    formula = make_form("formula.xlsx", valid_answers(names[3]))
    wb = load_workbook(formula)
    wb[fm.SHEET_FORM][CELL["firms_new_ideas"]] = "=E14+E16"  # openpyxl saves no cached value
    wb.save(formula)
    for build in HOSTILE:
        build(tmp_path)
    shutil.copyfile(tmp_path / "good0.xlsx", tmp_path / "kopi af good0.xlsx")
    hostile.lock_file(tmp_path, "good0.xlsx")
    return tmp_path


def test_workers_give_the_same_result_as_one_process(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    folder = _folder(make_form, register, tmp_path)
    one = validate_folder([folder], register, None, jobs=1)
    two = validate_folder([folder], register, None, jobs=2)
    assert two == one
    by_name = {Path(f.file).name: f for f in two.files}
    assert two.survey_year == YEAR
    assert [by_name[f"good{i}.xlsx"].status for i in range(3)] == [FileStatus.ACCEPTED] * 3
    assert by_name["kopi af good0.xlsx"].findings[0].code == "duplicate-file"
    formula = by_name["formula.xlsx"]
    assert [(f.code, f.cell) for f in formula.findings] == [
        ("value-unknown", CELL["firms_new_ideas"])
    ]
    refused = {n: f.findings[0].code for n, f in by_name.items() if f.status is FileStatus.REFUSED}
    assert sorted(refused.values()) == sorted(HOSTILE.values())
    names = [Path(f.file).name for f in two.files]
    assert names == sorted(names, key=str.casefold)


def test_a_form_of_another_year_is_checked_against_the_survey_year(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    names = network_names(register, 3)
    for i, name in enumerate(names):
        make_form(f"f{i}.xlsx", valid_answers(name))
    wb = load_workbook(tmp_path / "f2.xlsx")
    wb[fm.SHEET_FORM]["E2"] = YEAR - 1
    wb.save(tmp_path / "f2.xlsx")
    two = validate_folder([tmp_path], register, None, jobs=2)
    assert two == validate_folder([tmp_path], register, None, jobs=1)
    wrong = [f for f in two.findings if f.code == "wrong-year"]
    assert [(Path(f.file).name, f.expected) for f in wrong] == [("f2.xlsx", str(YEAR))]


def crash_on_b(path: Path, register: Register, year: int | None) -> pipeline.Checked:
    """`check_file`, except that reading b.xlsx kills the process, and c.xlsx hangs."""
    if path.name == "b.xlsx":
        os._exit(1)
    if path.name == "c.xlsx":
        time.sleep(3600)
    return REAL_CHECK(path, register, year)


REAL_CHECK = pipeline.check_file


def test_a_file_that_kills_or_hangs_its_worker_is_that_files_error(
    make_form: MakeForm, register: Register, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = network_names(register, 4)
    for name, file in zip(names, "abcd", strict=True):
        make_form(f"{file}.xlsx", valid_answers(name))
    monkeypatch.setattr(pipeline, "check_file", crash_on_b)
    result = validate_folder([tmp_path], register, None, jobs=2, timeout=2.0)
    assert [(Path(f.file).name, f.status) for f in result.files] == [
        ("a.xlsx", FileStatus.ACCEPTED),
        ("b.xlsx", FileStatus.REFUSED),
        ("c.xlsx", FileStatus.REFUSED),
        ("d.xlsx", FileStatus.ACCEPTED),
    ]
    b, c = result.files[1].findings, result.files[2].findings
    assert [(f.code, f.severity.value) for f in b] == [("worker-crashed", "error")]
    assert "exit code 1" in b[0].message
    assert [(f.code, f.severity.value) for f in c] == [("read-timeout", "error")]
    assert "longer than 2 seconds" in c[0].message
    assert result.survey_year == YEAR


def test_jobs_option_of_the_commands(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    for i, name in enumerate(network_names(register, 3)):
        make_form(f"f{i}.xlsx", valid_answers(name))
    runner = CliRunner()
    base = ["validate", str(tmp_path), "--register", str(REGISTER_CSV), "--json"]
    one = runner.invoke(cli, [*base, "--jobs", "1"])
    two = runner.invoke(cli, [*base, "-j", "2"])
    default = runner.invoke(cli, base)
    assert one.exit_code == two.exit_code == default.exit_code == 0, one.output
    assert one.output == two.output == default.output
    assert '"status": "accepted"' in one.output
    bad = runner.invoke(cli, [*base, "--jobs", "0"])
    assert bad.exit_code == 2
