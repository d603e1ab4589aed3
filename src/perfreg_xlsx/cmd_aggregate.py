"""`perfreg-xlsx aggregate`: validate the inputs, then write the report workbook."""

from __future__ import annotations

import datetime
import os
import sys
from pathlib import Path

import click

from .console import EXIT_FINDINGS, EXIT_OK, debug_option, friendly_errors
from .errors import UsageError

DEFAULT_INPUTS = Path("inputs")


def _made_on(text: str | None) -> datetime.date:
    """The date printed on the front sheet: --made-on, else SOURCE_DATE_EPOCH, else today.

    A date, not a time, so that two runs on the same day give the same bytes.
    """
    if text:
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise UsageError(f"--made-on {text!r} is not a date like 2013-05-01") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.date.today()


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--year",
    type=click.IntRange(2000, 2100),
    default=None,
    help="The survey year. Default: the year written in the questionnaires.",
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
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for out/performanceregnskab_<year>.xlsx.",
)
@click.option(
    "--history",
    "history_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("history"),
    show_default=True,
    help="Folder of published and recorded figures of earlier years. The run records the "
    "survey year's figures there as recorded_<year>.csv for next year's report.",
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Write the report without the questionnaires that have errors (named on the front "
    "sheet) instead of refusing to write it.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--no-record",
    is_flag=True,
    help="Do not write the survey year's figures into the history folder.",
)
@click.option(
    "--made-on",
    default=None,
    metavar="YYYY-MM-DD",
    help="Date printed on the front sheet (default: SOURCE_DATE_EPOCH if set, else today).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 512),
    default=None,
    help="Processes reading the questionnaires at once. Default: one per CPU. With 1 they are "
    "read in this process; with more, a file that crashes or hangs its reader is that "
    "file's error and the others are still read.",
)
@debug_option
@friendly_errors
def aggregate(
    paths: tuple[Path, ...],
    year: int | None,
    register_path: Path,
    out_dir: Path,
    history_dir: Path,
    skip_invalid: bool,
    strict: bool,
    no_record: bool,
    made_on: str | None,
    jobs: int | None,
    debug: bool,
) -> None:
    """Validate the questionnaires in PATHS (default inputs/) and write the report workbook.

    The report is not written when any questionnaire has an error (exit 1, with the
    findings), unless --skip-invalid is given. Exit 0 when the report was written.
    """
    from .parallel import default_jobs
    from .pipeline import build_report
    from .populations import answered_from_missing, populations, summary_line
    from .read import list_inputs
    from .registry import load_register
    from .terminal import no_file_lines, print_validation, show_progress

    if not paths:
        if not DEFAULT_INPUTS.is_dir():
            raise UsageError(
                f"no PATHS given and the default folder {DEFAULT_INPUTS}/ does not exist"
            )
        paths = (DEFAULT_INPUTS,)
    register = load_register(register_path)
    day = _made_on(made_on)
    options = {
        "year": year,
        "out_dir": out_dir,
        "history_dir": history_dir,
        "skip_invalid": skip_invalid,
        "strict": strict,
        "record": not no_record,
        "made_on": day,
        "jobs": jobs or default_jobs(),
    }
    count = sum(len(list_inputs(p)[0]) for p in paths)
    if show_progress(count):
        with click.progressbar(length=count, label="Reading", file=sys.stderr) as bar:
            run = build_report(list(paths), register, progress=bar.update, **options)  # type: ignore[arg-type]
    else:
        run = build_report(list(paths), register, **options)  # type: ignore[arg-type]

    result = run.validation
    if run.blocked:
        print_validation(result, register.by_short_name())
        click.secho(
            "No report written: fix the errors above, or run again with --skip-invalid to "
            "leave those questionnaires out.",
            fg="red",
            bold=True,
            err=True,
        )
        click.get_current_context().exit(EXIT_FINDINGS)

    assert run.summary is not None and run.path is not None
    used = len(run.summary.responses)
    in_report = populations(register, (r.network for r in run.summary.responses))
    click.echo(
        f"Survey year {run.summary.survey_year}: {used} questionnaire(s) used "
        f"({summary_line(in_report)})."
    )
    if run.left_out:
        click.secho(
            f"LEFT OUT of the report ({len(run.left_out)}), named on its front sheet:",
            fg="red",
            bold=True,
        )
        for lo in run.left_out:
            click.secho(f"  {lo.file} ({lo.network or 'unknown network'})", fg="red")
    warnings = len(result.warnings)
    if warnings:
        click.secho(f"{warnings} warning(s): run `perfreg-xlsx validate` to see them.", fg="yellow")
    sent = populations(register, answered_from_missing(register, result.missing_networks))
    for line in no_file_lines(sent):
        click.echo(line)
    if run.recorded is not None:
        click.echo(f"Recorded the {run.summary.survey_year} figures in {run.recorded}")
    click.secho(f"Wrote {run.path}", fg="green", bold=True)
    click.get_current_context().exit(EXIT_OK)
