"""The order of the stages: read -> validate (`validate_folder`), then aggregate -> write
(`build_report`). Only this module knows that order; the commands call one function each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import folderchecks as fc
from .catalogue import Programme
from .errors import UsageError
from .findings import READ_ERROR, make
from .models import FileResult, FileStatus, ValidationResult
from .read import RawWorkbook, ReadError, SkippedInput, list_inputs, read_workbook
from .registry import Register
from .validate import network_from_name, read_meta, validate_workbook, wanted_cells

if TYPE_CHECKING:
    from .layout import LeftOut
    from .models import Summary


def validate_folder(
    paths: Sequence[Path],
    register: Register,
    year: int | None,
    *,
    previous: Path | None = None,
    strict: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ValidationResult:
    """Read and check every questionnaire in `paths` (folders and/or files).

    `year` None takes the survey year from the forms (a finding if they disagree).
    `previous` is a folder of last year's returned files: answers that changed by more than
    their field's `yoy_factor` get the warning `implausible-change`. With `strict`, a file
    with warnings is INVALID (kept out of the report) instead of ACCEPTED. `progress` is
    called with 1 after each file is read (the increment `click.progressbar.update` takes).
    One bad file never stops the others; files are handled in name order.
    """
    candidates, skipped = _inputs(paths)
    raws: list[tuple[Path, RawWorkbook | FileResult]] = []
    for path in candidates:
        raws.append((path, _read(path, register)))
        if progress is not None:
            progress(1)
    years = {p: _form_year(raw) for p, raw in raws}
    survey_year, folder = fc.survey_year(year, years)
    results = fc.mark_duplicate_networks(_validate_all(raws, register, survey_year))
    if previous is not None:
        if not previous.is_dir():
            raise UsageError(f"--previous {previous} is not a folder")
        last_year = None if survey_year is None else survey_year - 1
        last = validate_folder([previous], register, last_year)
        results = fc.compare_previous(results, previous, last, folder)
    if strict:
        results = [fc.strict(r) for r in results]
    results += [_skipped(s) for s in skipped]
    results.sort(key=lambda r: (Path(r.file).name.casefold(), r.file))
    if not candidates and not skipped:
        folder.append(make("no-files", file="", value=", ".join(str(p) for p in paths)))
    missing, not_yet = fc.missing_networks(results, register)
    return ValidationResult(
        survey_year=survey_year,
        files=tuple(results),
        findings=(*(f for r in results for f in r.findings), *folder, *not_yet),
        missing_networks=missing,
    )


def _inputs(paths: Sequence[Path]) -> tuple[list[Path], list[SkippedInput]]:
    candidates: dict[Path, None] = {}
    skipped: list[SkippedInput] = []
    for p in paths:
        if not p.exists():
            raise UsageError(f"{p} does not exist")
        found, skip = list_inputs(p)
        candidates.update(dict.fromkeys(found))
        skipped.extend(skip)
    ordered = sorted(candidates, key=lambda p: (p.name.casefold(), str(p)))
    return ordered, skipped


def _read(path: Path, register: Register) -> RawWorkbook | FileResult:
    try:
        return read_workbook(path, wanted_cells())
    except ReadError as exc:
        code, detail = exc.code, exc.message
    except Exception as exc:  # a reader bug on a strange file must not stop the others
        code, detail = "unreadable", f"unexpected problem ({type(exc).__name__})"
    guessed = network_from_name(str(path), register)
    network = guessed.short_name if guessed else None
    finding = make(code, spec=READ_ERROR, file=str(path), network=network, detail=detail)
    return FileResult(
        file=str(path), status=FileStatus.REFUSED, network=network, findings=(finding,)
    )


def _skipped(s: SkippedInput) -> FileResult:
    finding = make("skipped-file", file=str(s.path), reason=s.reason)
    return FileResult(file=str(s.path), status=FileStatus.SKIPPED, findings=(finding,))


def _form_year(raw: RawWorkbook | FileResult) -> int | None:
    meta = read_meta(raw) if isinstance(raw, RawWorkbook) else None
    return None if meta is None else meta.year


def _validate_all(
    raws: Iterable[tuple[Path, RawWorkbook | FileResult]], register: Register, year: int | None
) -> list[FileResult]:
    results: list[FileResult] = []
    first_by_sha: dict[str, FileResult] = {}
    for path, raw in raws:
        if isinstance(raw, FileResult):
            results.append(raw)
            continue
        first = first_by_sha.get(raw.sha256)
        if first is not None:
            first_name = Path(first.file).name
            dup = make("duplicate-file", file=str(path), network=first.network, value=first_name)
            results.append(
                FileResult(
                    file=str(path),
                    status=FileStatus.SKIPPED,
                    sha256=raw.sha256,
                    network=first.network,
                    findings=(dup,),
                )
            )
            continue
        result = validate_workbook(raw, str(path), register, year)
        first_by_sha[raw.sha256] = result
        results.append(result)
    return results


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
) -> ReportRun:
    """validate -> aggregate -> write the report workbook -> record the year's figures.

    By default a report is not written when any questionnaire has an error (the run is
    `blocked`); with `skip_invalid` the invalid and refused files are left out and named on
    the front sheet. `made_on` is the date printed on the front sheet and stored in the file
    (callers pass today's date; tests pass a fixed one so that the bytes repeat).
    """
    # Imported here: validation alone (and `perfreg-xlsx validate`) needs none of these.
    from .aggregate import aggregate
    from .figures import build_figures
    from .history import load_history, record_year
    from .layout import left_out_files, report_filename
    from .write import write_report

    validation = validate_folder(paths, register, year, strict=strict, progress=progress)
    if validation.errors and not skip_invalid:
        return ReportRun(validation)
    survey_year = validation.survey_year
    if survey_year is None:
        raise UsageError("no questionnaire could be read, so there is no survey year to report on")
    responses = validation.responses()
    if not any(r.programme is Programme.NETWORK for r in responses):
        raise UsageError(
            f"no valid questionnaire from an innovation network for {survey_year}: "
            "nothing to report"
        )
    history = load_history(history_dir, before_year=survey_year)
    summary = aggregate(responses, history, survey_year)
    left_out = left_out_files(summary, validation)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = write_report(
        out_dir / report_filename(survey_year),
        summary,
        validation,
        register,
        made_on=made_on,
        left_out=left_out,
        extra_years=history,
        figures=build_figures(summary, history),
    )
    recorded = record_year(history_dir, summary) if record else None
    return ReportRun(validation, summary, path, recorded, left_out)
