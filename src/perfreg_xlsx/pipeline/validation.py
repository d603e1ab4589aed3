"""The first stages: read -> check, for one file (`check_file`) and a folder (`validate_folder`)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from perfreg_xlsx.checking import folderchecks as fc
from perfreg_xlsx.checking.codes import READ_ERROR
from perfreg_xlsx.checking.explained import apply_explanations
from perfreg_xlsx.checking.findings import make
from perfreg_xlsx.checking.structure import read_meta
from perfreg_xlsx.checking.validate import network_from_name, validate_workbook, wanted_cells
from perfreg_xlsx.errors import UsageError
from perfreg_xlsx.models import FileResult, FileStatus, ValidationResult
from perfreg_xlsx.reading.inputs import iter_folder, name_order
from perfreg_xlsx.reading.outcomes import Failure, unpack
from perfreg_xlsx.reading.packing import dumps, pack
from perfreg_xlsx.reading.pool import DEFAULT_TIMEOUT, Pool, map_files
from perfreg_xlsx.reading.reader import ReadError, SkippedInput, list_inputs, read_workbook
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.util.safetext import path_text

if TYPE_CHECKING:
    pass


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
    history_dir: Path | None = None,
    strict: bool = False,
    progress: Callable[[int], None] | None = None,
    jobs: int = 1,
    timeout: float = DEFAULT_TIMEOUT,
) -> ValidationResult:
    """Read and check every questionnaire in `paths` (folders and/or files).

    `year` None takes the survey year from the forms (a finding if they disagree).
    `previous` is a folder of last year's returned files: answers that changed by more than
    their field's `yoy_factor` get the warning `implausible-change`; without it, the answers
    `aggregate` recorded in `history_dir` for last year (`answers_<year-1>.csv`) are compared
    when that file is there. With `strict`, a file
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
    unique = _drop_duplicate_files(candidates, checked, register, survey_year)
    results = fc.mark_duplicate_networks(unique)
    if previous is not None:
        if not previous.is_dir():
            raise UsageError(f"last year's questionnaires: {previous} is not a folder")
        last_year = None if survey_year is None else survey_year - 1
        last = validate_folder([previous], register, last_year, jobs=jobs, timeout=timeout)
        results = fc.compare_previous(results, previous, last, folder)
    elif history_dir is not None and survey_year is not None:
        results = _compare_recorded(results, history_dir, survey_year - 1)
    # After every check that warns, so that each warning can meet its explanation.
    results = [apply_explanations(r) for r in results]
    if strict:
        results = [fc.strict(r) for r in results]
    # A file a network sent that cannot be read is refused (an answer that needs action,
    # named by the network its name gives); lock files and the like stay skipped.
    results += [
        _refused(s.path, register, "not-xlsx", s.reason) if s.received else _skipped(s)
        for s in skipped
    ]
    # os.path, not Path: the sort makes one key per file, and a Path is slow to make.
    results.sort(key=lambda r: (os.path.basename(r.file).casefold(), r.file))
    # Nothing sent (lock files and system files are not answers): an error, not a warning,
    # so that a mistyped folder never passes as a survey round without answers.
    if not candidates and not any(s.received for s in skipped):
        folder.append(make("no-files", file="", value=", ".join(path_text(p) for p in paths)))
    missing, not_yet = fc.missing_networks(results, register)
    return ValidationResult(
        survey_year=survey_year,
        files=tuple(results),
        findings=(*(f for r in results for f in r.findings), *folder, *not_yet),
        missing_networks=missing,
    )


def _compare_recorded(results: list[FileResult], history_dir: Path, last: int) -> list[FileResult]:
    """`implausible-change` against the answers of `last` recorded in `history_dir`, if any."""
    from perfreg_xlsx.report.answers_history import answers_path, load_answers

    recorded = load_answers(history_dir, last)  # a malformed file is a HistoryError
    if recorded is None:
        return results
    source = path_text(answers_path(history_dir, last).name)
    return fc.compare_answers(results, {n: (values, source) for n, values in recorded.items()})


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


def _drop_duplicate_files(
    paths: Sequence[Path], checked: Sequence[Checked], register: Register, year: int | None
) -> list[FileResult]:
    """Of files with the same bytes, one is kept and the others are skipped as
    `duplicate-file`: the one named as the network's form (`fc.preferred_copy`), so that the
    original is kept and "Kopi af ..." is the copy, whatever their order by name."""
    same: dict[str, list[int]] = {}
    for i, c in enumerate(checked):
        if c.read and c.result.sha256 is not None:
            same.setdefault(c.result.sha256, []).append(i)
    kept: dict[int, FileResult] = {}  # a copy's index -> the file kept in its place
    for group in same.values():
        if len(group) < 2:
            continue
        names = [paths[i] for i in group]
        keep = group[fc.preferred_copy(names, checked[group[0]].result.network, year, register)]
        kept |= {i: checked[keep].result for i in group if i != keep}
    results: list[FileResult] = []
    for i, (path, c) in enumerate(zip(paths, checked, strict=True)):
        first = kept.get(i)
        if first is None:
            results.append(c.result)
            continue
        # A name in a finding's text is shown as everywhere (`path_text`); `file` stays the
        # name as the OS gave it, to open the file again.
        dup = make(
            "duplicate-file",
            file=str(path),
            network=first.network,
            value=path_text(Path(first.file).name),
        )
        results.append(
            FileResult(
                file=str(path),
                status=FileStatus.SKIPPED,
                sha256=c.result.sha256,
                network=first.network,
                findings=(dup,),
            )
        )
    return results


def _skipped(s: SkippedInput) -> FileResult:
    finding = make("skipped-file", file=str(s.path), reason=s.reason, reason_da=s.reason_da)
    return FileResult(file=str(s.path), status=FileStatus.SKIPPED, findings=(finding,))
