"""`perfreg-xlsx validate`: check every returned questionnaire and say precisely what is wrong."""

from __future__ import annotations

from pathlib import Path

import click

from perfreg_xlsx.cli import options as cliopts
from perfreg_xlsx.cli.console import EXIT_FINDINGS, EXIT_OK, debug_option, friendly_errors
from perfreg_xlsx.cli.options import (
    definition_option,
    jobs_option,
    paths_argument,
    register_option,
    survey_year_option,
)
from perfreg_xlsx.errors import UsageError
from perfreg_xlsx.util.safetext import display_path, for_json, for_terminal


@click.command()
@paths_argument
@survey_year_option(
    "The survey year the forms must be for. Default: the year written in the forms "
    "(they must agree)."
)
@register_option
@click.option(
    "--previous",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of last year's returned questionnaires: warn when an answer changed by more "
    "than its field's plausible factor [default: last year's answers recorded by aggregate in "
    "--history as answers_YEAR.csv, when that file is there].",
)
@cliopts.history_option("Folder with answers_YEAR.csv, last year's answers recorded by aggregate.")
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
@jobs_option
@definition_option
@debug_option
@friendly_errors
def validate(
    paths: tuple[Path, ...],
    year: int | None,
    register_path: Path,
    previous: Path | None,
    history_dir: Path,
    strict: bool,
    as_json: bool,
    report: Path | None,
    feedback: Path | None,
    jobs: int | None,
    debug: bool,
) -> None:
    """Check the returned questionnaires in PATHS (folders or files; default inputs/).

    Prints what was read, accepted and refused, and every finding by network, errors first.
    Exit code 0: no errors (warnings allowed unless --strict); 1: errors; 2: usage error.
    """
    from perfreg_xlsx.cli.terminal import print_validation
    from perfreg_xlsx.pipeline import validate_folder
    from perfreg_xlsx.reading.pool import default_jobs
    from perfreg_xlsx.survey.registry import load_register

    if report is not None and report.suffix.lower() != ".xlsx":
        # Excel refuses to open a workbook whose name says it is something else.
        raise UsageError(f"--report {display_path(report)} must name an .xlsx file")
    inputs = cliopts.input_paths(paths)
    register = load_register(register_path)
    result = cliopts.with_progress(
        inputs,
        lambda progress: validate_folder(
            inputs,
            register,
            year,
            previous=previous,
            history_dir=history_dir,
            strict=strict,
            jobs=jobs or default_jobs(),
            progress=progress,
        ),
    )
    if as_json:
        click.echo(for_json(result.model_dump_json(indent=2)))
    else:
        print_validation(result, register)
    if previous is None and result.survey_year is not None:
        from perfreg_xlsx.report.answers_history import answers_path

        recorded = answers_path(history_dir, result.survey_year - 1)
        if recorded.is_file():
            click.echo(
                f"Compared with last year's answers recorded in {display_path(recorded)}.",
                err=as_json,
            )
    if report is not None:
        from perfreg_xlsx.checking.workbook import write_validation_report

        write_validation_report(report, result, register)
        click.echo(f"Wrote the validation workbook {display_path(report)}", err=as_json)
    if feedback is not None:
        from perfreg_xlsx.checking.feedback import write_feedback

        written, failed = write_feedback(result, feedback, register, jobs=jobs or default_jobs())
        click.echo(
            f"Wrote {len(written)} feedback {'copy' if len(written) == 1 else 'copies'} into "
            f"{display_path(feedback)}",
            err=as_json,
        )
        for file, reason in failed:
            click.echo(
                f"No feedback copy of {display_path(file)}: {for_terminal(reason)}", err=True
            )
    failing = bool(result.errors) or (strict and bool(result.warnings))
    click.get_current_context().exit(EXIT_FINDINGS if failing else EXIT_OK)
