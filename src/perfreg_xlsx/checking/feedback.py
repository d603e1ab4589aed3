"""Feedback copies (`validate --feedback DIR`): each network's answers, its problems marked.

For every file that could be read and has errors or warnings, a copy is written: a fresh
questionnaire of the file's programme and survey year made from our own template, holding the
answers the safe reader read from the file, with each problem cell filled (red for errors,
yellow for warnings) and given a cell comment with the Danish message, plus a sheet
"Tilbagemelding" listing every finding (`feedback_copy`).

The returned file is never loaded by openpyxl: a merged range over the whole sheet made it
build one object per cell (11 GB for a 16 KB file), and what a file holds besides its answers
has no place in the copy anyway. Each file is read again by the safe reader, under its limits,
in a worker process of `reading.pool` with its timeout, and the copy is built there: a file
that hangs or crashes its worker costs that file only, and its failure is reported.
Reading again, rather than carrying every file's cells out of validation, keeps a run of ten
thousand files as small as before; only the few files with findings are read twice, and a
file that changed after it was checked (its SHA-256 differs) is not copied.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from perfreg_xlsx.checking.feedback_copy import SHEET, build_copy
from perfreg_xlsx.checking.structure import read_meta
from perfreg_xlsx.checking.validate import wanted_cells
from perfreg_xlsx.errors import OutputError, PerfregError
from perfreg_xlsx.form.template import save_workbook
from perfreg_xlsx.models import FileResult, FileStatus, Finding, ValidationResult
from perfreg_xlsx.reading.outcomes import Failure
from perfreg_xlsx.reading.pool import DEFAULT_TIMEOUT, Pool
from perfreg_xlsx.reading.reader import ReadError, read_workbook
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import Severity

__all__ = ["SHEET", "feedback_name", "write_feedback"]


# A file name may have at most 255 bytes (ext4, NTFS in UTF-16 units: fewer); the copy's
# longer name is cut in its stem, so a return named at the limit still gets its copy.
NAME_MAX_BYTES = 255


def feedback_name(file: str, n: int = 1) -> str:
    """The name of the feedback copy of `file`: ``ve-net_2012.xlsx`` ->
    ``ve-net_2012_tilbagemelding.xlsx`` (``..._tilbagemelding_2.xlsx`` for the `n`-th of the
    same name), its stem shortened if the name would pass `NAME_MAX_BYTES`."""
    suffix = "_tilbagemelding.xlsx" if n == 1 else f"_tilbagemelding_{n}.xlsx"
    stem = Path(file).stem
    room = NAME_MAX_BYTES - len(suffix.encode())
    while len(os.fsencode(stem)) > room:
        stem = stem[:-1]
    return stem + suffix


@dataclass(frozen=True)
class _Job:
    """One copy to make, as handed to a worker: small and picklable."""

    file: str
    sha256: str
    network: str | None  # the short name validation found, if any
    findings: tuple[Finding, ...]
    dest: Path


def write_feedback(
    result: ValidationResult,
    folder: Path,
    register: Register,
    *,
    jobs: int = 1,
    timeout: float = DEFAULT_TIMEOUT,
) -> tuple[list[Path], list[tuple[str, str]]]:
    """Write a feedback copy for each readable file with errors or warnings into `folder`.

    Returns the copies written and the files that could not be copied, with the reason (in
    English, for the terminal), both in the order of `result.files`. Copies are made in
    `jobs` worker processes (at least one, so `timeout` seconds per file always hold).
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {folder}: {exc.strerror}") from None
    todo = _jobs(result.files, folder)
    if not todo:
        return [], []
    work = partial(_copy_one, register=register, survey_year=result.survey_year)
    with Pool(work, jobs=max(1, min(jobs, len(todo))), timeout=timeout) as pool:
        outcomes = pool.map(todo)
    written: list[Path] = []
    failed: list[tuple[str, str]] = []
    for job, outcome in zip(todo, outcomes, strict=True):
        if isinstance(outcome, Failure):
            failed.append((job.file, outcome.detail))
        elif outcome is not None:
            failed.append((job.file, outcome))
        else:
            written.append(job.dest)
    return written, failed


def _jobs(files: Sequence[FileResult], folder: Path) -> list[_Job]:
    todo: list[_Job] = []
    taken: set[str] = set()
    for fr in files:
        findings = tuple(f for f in fr.findings if f.severity is not Severity.INFO)
        # A file refused by the reader has no sha256; refused by the form checks, it has one.
        if not findings or fr.sha256 is None or fr.status is FileStatus.SKIPPED:
            continue
        name = feedback_name(fr.file)
        n = 1
        while name.casefold() in taken:  # same name in two folders: neither copy overwritten
            n += 1
            name = feedback_name(fr.file, n)
        taken.add(name.casefold())
        todo.append(_Job(fr.file, fr.sha256, fr.network, findings, folder / name))
    return todo


def _copy_one(job: _Job, register: Register, survey_year: int | None) -> str | None:
    """Make the copy of one file (in a worker); None when written, else why not."""
    try:
        raw = read_workbook(Path(job.file), wanted_cells())
    except ReadError as exc:
        return f"the safe reader refused it when reading it again ({exc.code})"
    except OSError as exc:
        return f"cannot read it again ({exc.strerror or type(exc).__name__})"
    if raw.sha256 != job.sha256:
        return "the file changed after it was checked"
    meta = read_meta(raw)
    programme = meta.programme if meta is not None else None
    if programme is None and job.network is not None:
        network = register.with_short_name(job.network)
        programme = network.programme if network is not None else None
    if programme is None:
        return "neither its form type nor its network is known, so there is no form to copy it to"
    year = survey_year if survey_year is not None else (meta.year if meta is not None else None)
    if year is None:
        return "its survey year is not known, so there is no form to copy it to"
    try:
        wb = build_copy(raw, job.file, job.findings, programme, year, register)
        save_workbook(wb, job.dest, datetime(year, 1, 1))
    except PerfregError as exc:  # the copy cannot be written (or the template made): say why
        return str(exc)
    except Exception as exc:  # a bug on a strange file must not stop the other copies
        return f"unexpected problem ({type(exc).__name__})"
    return None
