"""The stages run over a folder: read and validate every returned questionnaire."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from . import folderchecks as fc
from .errors import UsageError
from .findings import READ_ERROR, make
from .models import FileResult, FileStatus, ValidationResult
from .read import RawWorkbook, ReadError, SkippedInput, list_inputs, read_workbook
from .registry import Register
from .validate import network_from_name, read_meta, validate_workbook, wanted_cells


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
