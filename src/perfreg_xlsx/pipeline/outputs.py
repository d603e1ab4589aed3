"""The stages after checking: aggregate -> lay out -> render, for the report (`build_report`)
and the per-network profiles (`build_profiles`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from perfreg_xlsx.errors import (
    HistoryError,
    NoQuestionnaireError,
    OutputError,
    RecordError,
    UsageError,
)
from perfreg_xlsx.models import FileStatus, Response, ValidationResult
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import Programme

if TYPE_CHECKING:
    from perfreg_xlsx.models import Summary
    from perfreg_xlsx.report.front import LeftOut


from perfreg_xlsx.pipeline.validation import validate_folder
from perfreg_xlsx.reading.pool import DEFAULT_TIMEOUT


@dataclass(frozen=True)
class ReportRun:
    """What `build_report` did: the validation, and the report when one was written."""

    validation: ValidationResult
    summary: Summary | None = None
    path: Path | None = None  # None: not written (blocked by errors)
    recorded: Path | None = None  # the history file of the survey year, when recorded
    left_out: tuple[LeftOut, ...] = ()
    # History files not found (their years show NA) or not read: see `history_warnings`.
    history_warnings: tuple[str, ...] = ()
    pdf: Path | None = None  # the printed report, when asked for and written
    pdf_problem: str | None = None  # why the PDF asked for was not written
    answers: Path | None = None  # each network's answers of the year, recorded with them
    # Outputs open in a spreadsheet program (a lock file beside them), or written beside one
    # that could not be replaced: said, so that nobody reads or saves over the old one.
    output_warnings: tuple[str, ...] = ()

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
    include_contacts: bool = False,
    pdf: bool = False,
) -> ReportRun:
    """validate -> aggregate -> write the report workbook -> record the year's figures.

    With `pdf`, the reader's sheets are also printed to a PDF beside the workbook through
    LibreOffice; when it is not installed or fails, `pdf_problem` says so (the workbook is
    written all the same).

    By default a report is not written when any questionnaire has an error (the run is
    `blocked`); with `skip_invalid` the invalid and refused files are left out and named on
    the front sheet. `made_on` is the date printed on the front sheet and stored in the file
    (callers pass today's date; tests pass a fixed one so that the bytes repeat). `jobs` is
    the number of processes reading the questionnaires (see `validate_folder`). The contacts'
    names and e-mails are left out of the report, which is shared, unless `include_contacts`.
    """
    # Imported here: validation alone (and `perfreg-xlsx validate`) needs none of these.
    from perfreg_xlsx.report.aggregate import aggregate
    from perfreg_xlsx.report.answers_history import record_answers
    from perfreg_xlsx.report.figures import build_figures
    from perfreg_xlsx.report.front import left_out_files
    from perfreg_xlsx.report.history import history_warnings, load_history, record_year
    from perfreg_xlsx.report.ids import check_named
    from perfreg_xlsx.report.layout import printed_sheets, report_filename, report_workbook
    from perfreg_xlsx.workbook.render import write_workbook

    # Before any file is read: a definition without an indicator a table or figure names
    # cannot make the report (exit 2, naming both).
    check_named()
    # Compared with last year's recorded answers as `validate` compares them: a warning that
    # `validate --strict` stops on stops `aggregate --strict` too.
    validation = validate_folder(
        paths,
        register,
        year,
        history_dir=history_dir,
        strict=strict,
        progress=progress,
        jobs=jobs,
    )
    _nothing_sent(validation, paths, "so there is no survey year to report on")
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
    said = history_warnings(history, (y for y in summary.years if y != survey_year))
    if strict and said:
        # A warning counts as an error with `strict`, as a questionnaire's does.
        raise HistoryError(f"{'; '.join(said)} (strict: a warning stops the report)")
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
        include_personal=include_contacts,
    )
    target = out_dir / report_filename(survey_year)
    said_open = open_elsewhere(target)
    path = write_workbook(target, spec, beside=True)
    said_open += written_beside(target, path)
    pdf_path, pdf_problem = None, None
    if pdf:
        from perfreg_xlsx.pipeline.pdf import pdf_name

        said_open += open_elsewhere(pdf_name(path))
        pdf_path, pdf_problem = _print(path, printed_sheets(spec))
        if pdf_path is not None:
            said_open += written_beside(pdf_name(path), pdf_path)
    # Figures without the left-out networks would stand in next year's report as if they
    # were the year's figures; record only a complete run (the report itself says who is out).
    try:
        recorded = record_year(history_dir, summary) if record and not left_out else None
        answers = None
        if recorded is not None:  # next year's per-network forms show these answers
            answers = record_answers(history_dir, survey_year, responses)
    except OutputError as exc:
        # The report is in place by now; saying only "cannot write" would suggest it is not.
        raise RecordError(
            f"wrote {path}, but could not record the {survey_year} figures for next year: "
            f"{exc}; recording can be switched off"
        ) from None
    for kept in (recorded, answers):  # replaced in place: a later run reads them by name
        said_open += open_elsewhere(kept) if kept is not None else []
    return ReportRun(
        validation,
        summary,
        path,
        recorded,
        left_out,
        said,
        pdf_path,
        pdf_problem,
        answers,
        tuple(said_open),
    )


def open_elsewhere(path: Path) -> list[str]:
    """What to say when a spreadsheet program has `path` open (its lock file is beside it):
    the file is replaced all the same where the system allows it, and the program still
    shows the old one, which saving there would put back."""
    from perfreg_xlsx.util.atomic import lock_files
    from perfreg_xlsx.util.safetext import path_text

    return [
        f"{path_text(path)} is open in a spreadsheet program ({path_text(lock.name)} is beside "
        "it): it shows the old file until closed and opened again; do not save it over the "
        "new one"
        for lock in lock_files(path)[:1]
    ]


def written_beside(target: Path, written: Path) -> list[str]:
    """What to say when `target` could not be replaced and `written` stands beside it."""
    from perfreg_xlsx.util.safetext import path_text

    if written == target:
        return []
    return [
        f"{path_text(target)} could not be replaced (open in another program?): wrote "
        f"{path_text(written)} instead"
    ]


def _print(xlsx: Path, printed: Sequence[str]) -> tuple[Path | None, str | None]:
    """The PDF of the report, or why there is none (the workbook stands either way)."""
    from perfreg_xlsx.pipeline.pdf import soffice, write_pdf

    program = soffice()
    if program is None:
        return None, (
            "no PDF written: LibreOffice (soffice) is not installed; install it to print the "
            "report with --pdf"
        )
    try:
        return write_pdf(xlsx, printed, program), None
    except OutputError as exc:
        return None, str(exc)


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
    jobs: int = 1,
    timeout: float = DEFAULT_TIMEOUT,
) -> ProfilesRun:
    """validate -> per-network profiles -> one feedback workbook per innovation network.

    Validate `paths` and write `out_dir/profiles/<network>_<year>.xlsx` per network. The same
    rule as the report: a questionnaire with errors blocks the run unless `skip_invalid`, in
    which case it is left out (of its own profile and of every group figure).

    `previous` is a folder of last year's returned questionnaires; its accepted answers give
    each network its change from last year (a file of last year with errors is not used).
    `made_on` is printed in the profiles and stored as their created date; None means Dec 31
    of the survey year, so that the same inputs give the same bytes. `jobs` and `timeout` are
    `validate_folder`'s: with `jobs` above 1 a file that hangs or crashes its reader is that
    file's error (`read-timeout`, `worker-crashed`) and the others still get their profile.
    """
    from perfreg_xlsx.profiles.profile import network_profiles
    from perfreg_xlsx.profiles.sheets import profile_filename, profile_workbook
    from perfreg_xlsx.workbook.render import write_workbook

    if previous is not None and not previous.is_dir():
        raise UsageError(f"last year's questionnaires: {previous} is not a folder")
    validation = validate_folder(
        paths, register, year, progress=progress, jobs=jobs, timeout=timeout
    )
    _nothing_sent(validation, paths, "so there is no survey year")
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
        last = validate_folder([previous], register, survey_year - 1, jobs=jobs, timeout=timeout)
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


def _nothing_sent(validation: ValidationResult, paths: Sequence[Path], so: str) -> None:
    """Stop with `NoQuestionnaireError` when the folders hold no file a network sent (only
    lock or system files, or nothing): that, not "fix the errors above", is what to say."""
    if all(f.status is FileStatus.SKIPPED for f in validation.files):
        raise NoQuestionnaireError(
            f"no questionnaire could be read in {', '.join(map(str, paths))}, {so}"
        )
