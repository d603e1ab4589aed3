"""The order of the stages: read -> validate (`validate_folder`), then aggregate -> lay out
-> write (`build_report`) or per-network profiles -> lay out -> write (`build_profiles`).
Only this module knows that order; the commands call one function each.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from perfreg_xlsx.checking import folderchecks as fc
from perfreg_xlsx.checking.codes import READ_ERROR
from perfreg_xlsx.checking.findings import make
from perfreg_xlsx.checking.structure import read_meta
from perfreg_xlsx.checking.validate import network_from_name, validate_workbook, wanted_cells
from perfreg_xlsx.errors import NoQuestionnaireError, OutputError, RecordError, UsageError
from perfreg_xlsx.models import FileResult, FileStatus, Response, ValidationResult
from perfreg_xlsx.reading.inputs import iter_folder, name_order
from perfreg_xlsx.reading.outcomes import Failure, unpack
from perfreg_xlsx.reading.packing import dumps, pack
from perfreg_xlsx.reading.pool import DEFAULT_TIMEOUT, Pool, map_files
from perfreg_xlsx.reading.reader import ReadError, SkippedInput, list_inputs, read_workbook
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import Programme

if TYPE_CHECKING:
    from perfreg_xlsx.models import Summary
    from perfreg_xlsx.report.front import LeftOut


@dataclass(frozen=True)
class Checked:
    """One file read and checked: its result and the survey year written in it."""

    result: FileResult
    form_year: int | None = None
    read: bool = False  # the file was read as a workbook (else `result` says why not)


def check_file(path: Path, register: Register, year: int | None) -> Checked:
    """Read and check one questionnaire against survey `year` (None: the form's own year).

    Never raises for anything in the file: what cannot be read is a REFUSED result. Runs in
    the worker processes; the result is small and picklable.
    """
    try:
        raw = read_workbook(path, wanted_cells())
    except ReadError as exc:
        return Checked(_refused(path, register, exc.code, exc.message))
    except Exception as exc:  # a reader bug on a strange file must not stop the others
        detail = f"unexpected problem ({type(exc).__name__})"
        return Checked(_refused(path, register, "unreadable", detail))
    meta = read_meta(raw)
    result = validate_workbook(raw, str(path), register, year)
    return Checked(result, None if meta is None else meta.year, read=True)


def _refused(path: Path, register: Register, code: str, detail: str) -> FileResult:
    guessed = network_from_name(str(path), register)
    network = guessed.short_name if guessed else None
    finding = make(code, spec=READ_ERROR, file=str(path), network=network, detail=detail)
    return FileResult(
        file=str(path), status=FileStatus.REFUSED, network=network, findings=(finding,)
    )


def validate_folder(
    paths: Sequence[Path],
    register: Register,
    year: int | None,
    *,
    previous: Path | None = None,
    strict: bool = False,
    progress: Callable[[int], None] | None = None,
    jobs: int = 1,
    timeout: float = DEFAULT_TIMEOUT,
) -> ValidationResult:
    """Read and check every questionnaire in `paths` (folders and/or files).

    `year` None takes the survey year from the forms (a finding if they disagree).
    `previous` is a folder of last year's returned files: answers that changed by more than
    their field's `yoy_factor` get the warning `implausible-change`. With `strict`, a file
    with warnings is INVALID (kept out of the report) instead of ACCEPTED. `progress` is
    called with 1 after each file is read (the increment `click.progressbar.update` takes).
    `jobs` above 1 reads in that many worker processes: a file that crashes its worker or
    takes longer than `timeout` seconds is that file's error (`worker-crashed`,
    `read-timeout`). One bad file never stops the others; results are in name order.
    """
    # The workers start before the folder is listed: each carries what this process holds
    # when it is forked, and a listing of ten thousand files need not be part of that. They
    # are given files while the folder is still being listed.
    work = partial(check_file, register=register, year=year)
    candidates: list[Path] = []
    skipped: list[SkippedInput] = []
    with Pool(work, jobs=jobs if jobs > 1 else 0, timeout=timeout, dumps=_dumps) as pool:
        answers = pool.map_packed(_listed(paths, candidates, skipped), progress)
    # Unpacked once the workers have ended: they and ten thousand unpacked results would
    # otherwise be in memory at the same time.
    checked = _checked(candidates, register, unpack(answers))
    years = {p: c.form_year for p, c in zip(candidates, checked, strict=True)}
    survey_year, folder = fc.survey_year(year, years)
    if year is None and survey_year is not None:
        # A form checked against its own year is right when that is the survey year; the
        # others are checked again against the survey year (their findings name it).
        again = [i for i, c in enumerate(checked) if c.read and c.form_year != survey_year]
        redone = _check_all([candidates[i] for i in again], register, survey_year, jobs, timeout)
        for i, c in zip(again, redone, strict=True):
            checked[i] = c
    results = fc.mark_duplicate_networks(_drop_duplicate_files(candidates, checked))
    if previous is not None:
        if not previous.is_dir():
            raise UsageError(f"last year's questionnaires: {previous} is not a folder")
        last_year = None if survey_year is None else survey_year - 1
        last = validate_folder([previous], register, last_year, jobs=jobs, timeout=timeout)
        results = fc.compare_previous(results, previous, last, folder)
    if strict:
        results = [fc.strict(r) for r in results]
    results += [_skipped(s) for s in skipped]
    # os.path, not Path: the sort makes one key per file, and a Path is slow to make.
    results.sort(key=lambda r: (os.path.basename(r.file).casefold(), r.file))
    if not candidates and not skipped:
        folder.append(make("no-files", file="", value=", ".join(str(p) for p in paths)))
    missing, not_yet = fc.missing_networks(results, register)
    return ValidationResult(
        survey_year=survey_year,
        files=tuple(results),
        findings=(*(f for r in results for f in r.findings), *folder, *not_yet),
        missing_networks=missing,
    )


def _listed(
    paths: Sequence[Path], candidates: list[Path], skipped: list[SkippedInput]
) -> Iterator[Path]:
    """The workbooks to read in `paths`, in name order, each also appended to `candidates`;
    what is not read goes to `skipped`. One folder is listed as it is taken."""
    for p in paths:
        if not p.exists():
            raise UsageError(f"{p} does not exist")
    if len(paths) == 1 and paths[0].is_dir():  # in order already, nothing to merge
        found: Iterable[Path] = iter_folder(paths[0], skipped)
    else:
        found, skip = _inputs(paths)
        skipped.extend(skip)
    for path in found:
        candidates.append(path)
        yield path


def _inputs(paths: Sequence[Path]) -> tuple[list[Path], list[SkippedInput]]:
    candidates: dict[Path, None] = {}
    skipped: list[SkippedInput] = []
    for p in paths:
        found, skip = list_inputs(p)
        candidates.update(dict.fromkeys(found))
        skipped.extend(skip)
    ordered = sorted(candidates, key=name_order)
    return ordered, skipped


def _check_all(
    paths: Sequence[Path], register: Register, year: int | None, jobs: int, timeout: float
) -> list[Checked]:
    """`check_file` for every path, in worker processes when `jobs` > 1; in `paths` order."""
    work = partial(check_file, register=register, year=year)
    outcomes = map_files(work, paths, jobs=jobs, timeout=timeout, dumps=_dumps)
    return _checked(paths, register, outcomes)


def _checked(
    paths: Sequence[Path], register: Register, outcomes: Sequence[Checked | Failure]
) -> list[Checked]:
    return [
        _failed(path, register, out) if isinstance(out, Failure) else out
        for path, out in zip(paths, outcomes, strict=True)
    ]


def _failed(path: Path, register: Register, failure: Failure) -> Checked:
    code = {"crashed": "worker-crashed", "timeout": "read-timeout"}.get(failure.kind)
    if code is None:  # an exception that escaped check_file: a bug, still only this file's
        return Checked(_refused(path, register, "unreadable", failure.detail))
    guessed = network_from_name(str(path), register)
    network = guessed.short_name if guessed else None
    finding = make(code, file=str(path), network=network, detail=failure.detail)
    result = FileResult(
        file=str(path), status=FileStatus.REFUSED, network=network, findings=(finding,)
    )
    return Checked(result)


def _dumps(reply: object) -> bytes:
    """Pickle a worker's answer, its result packed (see `packing`)."""
    if isinstance(reply, Checked):
        # The stand-in unpickles as a FileResult again.
        reply = replace(reply, result=pack(reply.result))  # type: ignore[arg-type]
    return dumps(reply)


def _drop_duplicate_files(paths: Sequence[Path], checked: Sequence[Checked]) -> list[FileResult]:
    """A second file with the same bytes as an earlier one is skipped as `duplicate-file`."""
    results: list[FileResult] = []
    first_by_sha: dict[str, FileResult] = {}
    for path, c in zip(paths, checked, strict=True):
        sha = c.result.sha256
        first = first_by_sha.get(sha) if c.read and sha is not None else None
        if first is None:
            if c.read and sha is not None:
                first_by_sha[sha] = c.result
            results.append(c.result)
            continue
        dup = make(
            "duplicate-file", file=str(path), network=first.network, value=Path(first.file).name
        )
        results.append(
            FileResult(
                file=str(path),
                status=FileStatus.SKIPPED,
                sha256=sha,
                network=first.network,
                findings=(dup,),
            )
        )
    return results


def _skipped(s: SkippedInput) -> FileResult:
    finding = make("skipped-file", file=str(s.path), reason=s.reason, reason_da=s.reason_da)
    return FileResult(file=str(s.path), status=FileStatus.SKIPPED, findings=(finding,))


@dataclass(frozen=True)
class ReportRun:
    """What `build_report` did: the validation, and the report when one was written."""

    validation: ValidationResult
    summary: Summary | None = None
    path: Path | None = None  # None: not written (blocked by errors)
    recorded: Path | None = None  # the history file of the survey year, when recorded
    left_out: tuple[LeftOut, ...] = ()

    @property
    def blocked(self) -> bool:
        return self.path is None


def build_report(
    paths: Sequence[Path],
    register: Register,
    *,
    year: int | None = None,
    out_dir: Path = Path("out"),
    history_dir: Path = Path("history"),
    skip_invalid: bool = False,
    strict: bool = False,
    record: bool = True,
    made_on: date | None = None,
    progress: Callable[[int], None] | None = None,
    jobs: int = 1,
) -> ReportRun:
    """validate -> aggregate -> write the report workbook -> record the year's figures.

    By default a report is not written when any questionnaire has an error (the run is
    `blocked`); with `skip_invalid` the invalid and refused files are left out and named on
    the front sheet. `made_on` is the date printed on the front sheet and stored in the file
    (callers pass today's date; tests pass a fixed one so that the bytes repeat). `jobs` is
    the number of processes reading the questionnaires (see `validate_folder`).
    """
    # Imported here: validation alone (and `perfreg-xlsx validate`) needs none of these.
    from perfreg_xlsx.report.aggregate import aggregate
    from perfreg_xlsx.report.figures import build_figures
    from perfreg_xlsx.report.front import left_out_files
    from perfreg_xlsx.report.history import load_history, record_year
    from perfreg_xlsx.report.layout import report_filename, report_workbook
    from perfreg_xlsx.workbook.render import write_workbook

    validation = validate_folder(paths, register, year, strict=strict, progress=progress, jobs=jobs)
    # --strict makes a warning count as an error: it blocks the report as an error does,
    # rather than leaving the file out as if --skip-invalid had been given.
    failing = bool(validation.errors) or (strict and bool(validation.warnings))
    if failing and not skip_invalid:
        return ReportRun(validation)
    survey_year = validation.survey_year
    if survey_year is None:
        raise NoQuestionnaireError(
            f"no questionnaire could be read in {', '.join(map(str, paths))}, so there is no "
            "survey year to report on"
        )
    responses = validation.responses()
    if not any(r.programme is Programme.NETWORK for r in responses):
        raise NoQuestionnaireError(
            f"no valid questionnaire from an innovation network for {survey_year} in "
            f"{', '.join(map(str, paths))}: nothing to report"
        )
    history = load_history(history_dir, before_year=survey_year)
    summary = aggregate(responses, history, survey_year)
    left_out = left_out_files(summary, validation)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {out_dir}: {exc.strerror or exc}") from None
    spec = report_workbook(
        summary,
        validation,
        register,
        made_on=made_on,
        left_out=left_out,
        figures=build_figures(summary, history),
        extra_years=history,
    )
    path = write_workbook(out_dir / report_filename(survey_year), spec)
    # Figures without the left-out networks would stand in next year's report as if they
    # were the year's figures; record only a complete run (the report itself says who is out).
    try:
        recorded = record_year(history_dir, summary) if record and not left_out else None
    except OutputError as exc:
        # The report is in place by now; saying only "cannot write" would suggest it is not.
        raise RecordError(
            f"wrote {path}, but could not record the {survey_year} figures for next year: "
            f"{exc}; recording can be switched off"
        ) from None
    return ReportRun(validation, summary, path, recorded, left_out)


PROFILES_DIR = "profiles"


@dataclass(frozen=True)
class ProfilesRun:
    """What `build_profiles` did: the validation, and the profiles when they were written."""

    validation: ValidationResult
    paths: tuple[Path, ...] = ()  # one per included innovation network, by short name
    written: bool = False  # False: blocked by errors
    with_previous: int = 0  # profiles showing last year's answers
    previous: ValidationResult | None = None  # the validation of last year's folder
    # Profiles of the same year in the folder that this run did not write (a network left
    # out since an earlier run): not deleted, but they must not be sent by mistake.
    stale: tuple[Path, ...] = ()

    @property
    def blocked(self) -> bool:
        return not self.written


def build_profiles(
    paths: Sequence[Path],
    register: Register,
    *,
    year: int | None = None,
    out_dir: Path = Path("out"),
    previous: Path | None = None,
    skip_invalid: bool = False,
    made_on: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> ProfilesRun:
    """validate -> per-network profiles -> one feedback workbook per innovation network.

    Validate `paths` and write `out_dir/profiles/<network>_<year>.xlsx` per network. The same
    rule as the report: a questionnaire with errors blocks the run unless `skip_invalid`, in
    which case it is left out (of its own profile and of every group figure).

    `previous` is a folder of last year's returned questionnaires; its accepted answers give
    each network its change from last year (a file of last year with errors is not used).
    `made_on` is printed in the profiles and stored as their created date; None means Dec 31
    of the survey year, so that the same inputs give the same bytes.
    """
    from perfreg_xlsx.profiles.profile import network_profiles
    from perfreg_xlsx.profiles.sheets import profile_filename, profile_workbook
    from perfreg_xlsx.workbook.render import write_workbook

    if previous is not None and not previous.is_dir():
        raise UsageError(f"last year's questionnaires: {previous} is not a folder")
    validation = validate_folder(paths, register, year, progress=progress)
    if validation.errors and not skip_invalid:
        return ProfilesRun(validation)
    survey_year = validation.survey_year
    if survey_year is None:
        raise NoQuestionnaireError(
            f"no questionnaire could be read in {', '.join(map(str, paths))}, so there is no "
            "survey year"
        )
    responses = [r for r in validation.responses() if r.programme is Programme.NETWORK]
    if not responses:
        raise NoQuestionnaireError(
            f"no valid questionnaire from an innovation network for {survey_year} in "
            f"{', '.join(map(str, paths))}: no profiles to write"
        )
    last: ValidationResult | None = None
    last_responses: tuple[Response, ...] = ()
    if previous is not None:
        last = validate_folder([previous], register, survey_year - 1)
        last_responses = last.responses()
    profiles = network_profiles(responses, register, survey_year, last_responses)
    folder = out_dir / PROFILES_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {folder}: {exc.strerror or exc}") from None
    day = made_on or date(survey_year, 12, 31)
    written = tuple(
        write_workbook(folder / profile_filename(p.network, survey_year), profile_workbook(p, day))
        for p in profiles
    )
    stale = tuple(p for p in sorted(folder.glob(f"*_{survey_year}.xlsx")) if p not in set(written))
    return ProfilesRun(
        validation,
        written,
        written=True,
        with_previous=sum(p.has_previous for p in profiles),
        previous=last,
        stale=stale,
    )
