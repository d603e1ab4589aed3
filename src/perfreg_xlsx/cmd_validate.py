"""`perfreg-xlsx validate`: check every returned questionnaire and say precisely what is wrong."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .console import EXIT_FINDINGS, EXIT_OK, debug_option, friendly_errors
from .errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from .models import FileResult, Finding, ValidationResult
    from .registry import Network

DEFAULT_INPUTS = Path("inputs")
PROGRESS_MIN_FILES = 20
_COLOUR = {"error": "red", "warning": "yellow", "info": "blue"}
_ORDER = {"error": 0, "warning": 1, "info": 2}


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--year",
    type=click.IntRange(2000, 2100),
    default=None,
    help="The survey year the forms must be for. Default: the year written in the forms "
    "(they must agree).",
)
@click.option(
    "--register",
    "register_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("templates") / "networks.csv",
    show_default=True,
    help="The register of networks (CSV).",
)
@click.option(
    "--previous",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of last year's returned questionnaires: warn when an answer changed by more "
    "than its field's plausible factor. Only these files allow a comparison network by "
    "network; the recorded history holds totals per indicator, not per network.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings as errors: exit 1, and keep files with warnings out of the report.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the whole result as JSON instead of the summary.",
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write a validation workbook (.xlsx): an overview per network and one row per "
    "finding.",
)
@click.option(
    "--feedback",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Also write, into this folder, a copy of each network's file with its problems "
    "marked and explained in Danish, to send back.",
)
@debug_option
@friendly_errors
def validate(
    paths: tuple[Path, ...],
    year: int | None,
    register_path: Path,
    previous: Path | None,
    strict: bool,
    as_json: bool,
    report: Path | None,
    feedback: Path | None,
    debug: bool,
) -> None:
    """Check the returned questionnaires in PATHS (folders or files; default inputs/).

    Prints what was read, accepted and refused, and every finding by network, errors first.
    Exit code 0: no errors (warnings allowed unless --strict); 1: errors; 2: usage error.
    """
    from .pipeline import validate_folder
    from .read import list_inputs
    from .registry import load_register

    if not paths:
        if not DEFAULT_INPUTS.is_dir():
            raise UsageError(
                f"no PATHS given and the default folder {DEFAULT_INPUTS}/ does not exist"
            )
        paths = (DEFAULT_INPUTS,)
    register = load_register(register_path)
    count = sum(len(list_inputs(p)[0]) for p in paths)
    if _show_progress(count):
        with click.progressbar(length=count, label="Reading", file=sys.stderr) as bar:
            result = validate_folder(
                list(paths), register, year, previous=previous, strict=strict, progress=bar.update
            )
    else:
        result = validate_folder(list(paths), register, year, previous=previous, strict=strict)

    if as_json:
        click.echo(result.model_dump_json(indent=2))
    else:
        _summary(result, register.by_short_name())
    if report is not None:
        from .vreport import write_validation_report

        write_validation_report(report, result, register)
        click.echo(f"Wrote the validation workbook {report}", err=as_json)
    if feedback is not None:
        from .feedback import write_feedback

        written, failed = write_feedback(result, feedback)
        click.echo(f"Wrote {len(written)} feedback copies into {feedback}", err=as_json)
        for file, reason in failed:
            click.echo(f"No feedback copy of {file}: {reason}", err=True)
    failing = bool(result.errors) or (strict and bool(result.warnings))
    click.get_current_context().exit(EXIT_FINDINGS if failing else EXIT_OK)


def _show_progress(count: int) -> bool:
    # A bar is noise for a few files, and garbage in a log file or a pipe.
    return count > PROGRESS_MIN_FILES and sys.stderr.isatty()


def _summary(result: ValidationResult, names: Mapping[str, Network]) -> None:
    from .models import FileStatus

    files = [f for f in result.files if f.status is not FileStatus.SKIPPED]
    by_status = {s: sum(f.status is s for f in result.files) for s in FileStatus}
    year = result.survey_year if result.survey_year is not None else "unknown"
    click.echo(
        f"Survey year {year}: {len(files)} file(s) read, "
        f"{by_status[FileStatus.ACCEPTED]} accepted, {by_status[FileStatus.INVALID]} invalid, "
        f"{by_status[FileStatus.REFUSED]} refused, {by_status[FileStatus.SKIPPED]} skipped."
    )
    not_read = [fr for fr in result.files if _only_skipped(fr)]
    groups: dict[str, list[FileResult]] = defaultdict(list)
    for fr in result.files:
        if fr.findings and fr not in not_read:
            groups[fr.network or f"(unknown network) {Path(fr.file).name}"].append(fr)
    for key in sorted(groups, key=lambda k: (_worst(groups[k]), k)):
        net = names.get(key)
        title = f"{key} – {net.name}" if net is not None else key
        click.echo("")
        click.secho(title, bold=True)
        for fr in groups[key]:
            click.echo(f"  {fr.file}: {_status_text(fr)}")
            for f in sorted(fr.findings, key=lambda f: _ORDER[f.severity.value]):
                _line(f)
    if not_read:
        click.echo("")
        click.secho(f"Not read ({len(not_read)})", bold=True)
        for fr in not_read:
            click.echo(f"  {fr.file}: {fr.findings[0].message}")
    in_files = sum(len(fr.findings) for fr in result.files)
    folder = [f for f in result.findings[in_files:] if f.code != "not-answered-yet"]
    if folder:
        click.echo("")
        click.secho("All files", bold=True)
        for f in folder:
            _line(f)
    if result.missing_networks:
        click.echo("")
        click.echo(
            f"No file yet from {len(result.missing_networks)} registered network(s): "
            + ", ".join(result.missing_networks)
        )
    click.echo("")
    errors, warnings = len(result.errors), len(result.warnings)
    colour = "red" if errors else ("yellow" if warnings else "green")
    click.secho(f"{errors} error(s), {warnings} warning(s).", fg=colour, bold=True)


def _only_skipped(fr: FileResult) -> bool:
    return bool(fr.findings) and all(f.code == "skipped-file" for f in fr.findings)


def _worst(frs: list[FileResult]) -> int:
    return min(_ORDER[f.severity.value] for fr in frs for f in fr.findings)


def _status_text(fr: FileResult) -> str:
    colour = {"accepted": "green", "invalid": "red", "refused": "red", "skipped": "blue"}
    return click.style(fr.status.value.upper(), fg=colour[fr.status.value])


def _line(f: Finding) -> None:
    sev = click.style(f"{f.severity.value.upper():7}", fg=_COLOUR[f.severity.value])
    click.echo(f"    {sev} [{f.code}] {f.message}")
