"""`perfreg-xlsx aggregate`: validate the inputs, then write the report workbook."""

from __future__ import annotations

from pathlib import Path

import click

from perfreg_xlsx.cli import options as cliopts
from perfreg_xlsx.cli.console import EXIT_OK, debug_option, friendly_errors
from perfreg_xlsx.cli.options import (
    definition_option,
    jobs_option,
    made_on_option,
    paths_argument,
    register_option,
    survey_year_option,
)
from perfreg_xlsx.errors import RecordError
from perfreg_xlsx.util.safetext import display_path, for_terminal


@click.command()
@paths_argument
@survey_year_option("The survey year. Default: the year written in the questionnaires.")
@register_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for out/performanceregnskab_<year>.xlsx.",
)
@cliopts.history_option(
    "Folder of published and recorded figures of earlier years. The run records the "
    "survey year's figures there as recorded_<year>.csv for next year's report, and each "
    "network's answers as answers_<year>.csv for next year's forms."
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
    "--include-contacts",
    is_flag=True,
    help="Keep the networks' contact names and e-mails in the Data sheet (left out by "
    "default: the report is shared).",
)
@click.option(
    "--pdf",
    "pdf",
    is_flag=True,
    help="Also print the report's reader sheets to out/performanceregnskab_<year>.pdf "
    "through LibreOffice (soffice), when it is installed.",
)
@made_on_option("on the front sheet")
@jobs_option
@definition_option
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
    include_contacts: bool,
    pdf: bool,
    made_on: str | None,
    jobs: int | None,
    debug: bool,
) -> None:
    """Validate the questionnaires in PATHS (default inputs/) and write the report workbook.

    The report is not written when any questionnaire has an error (exit 1, with the
    findings), unless --skip-invalid is given. Exit 0 when the report was written.
    """
    from perfreg_xlsx.cli.terminal import no_file_lines
    from perfreg_xlsx.pipeline import build_report
    from perfreg_xlsx.reading.pool import default_jobs
    from perfreg_xlsx.survey.populations import answered_from_missing, populations, summary_line
    from perfreg_xlsx.survey.registry import load_register

    inputs = cliopts.input_paths(paths)
    register = load_register(register_path)
    day = cliopts.made_on(made_on)
    try:
        run = cliopts.with_progress(
            inputs,
            lambda progress: build_report(
                inputs,
                register,
                year=year,
                out_dir=out_dir,
                history_dir=history_dir,
                skip_invalid=skip_invalid,
                strict=strict,
                record=not no_record,
                made_on=day,
                jobs=jobs or default_jobs(),
                progress=progress,
                include_contacts=include_contacts,
                pdf=pdf,
            ),
        )
    except RecordError as exc:
        # The library says that recording can be switched off; this is the option that does it.
        raise RecordError(f"{exc} with --no-record") from None
    result = run.validation
    if run.blocked:
        cliopts.exit_blocked(result, register, "report")

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
            network = for_terminal(lo.network or "unknown network")
            click.secho(f"  {display_path(lo.file)} ({network})", fg="red")
    warnings = len(result.warnings)
    if warnings:
        click.secho(f"{warnings} warning(s): run `perfreg-xlsx validate` to see them.", fg="yellow")
    sent = populations(register, answered_from_missing(register, result.missing_networks))
    for line in no_file_lines(sent):
        click.echo(line)
    for said in run.history_warnings:
        click.secho(f"Warning: {for_terminal(said)}", fg="yellow")
    # A year missing from the history (a skipped run, a file not copied) shows as a column
    # of NA; say so rather than let the report go out with it unnoticed.
    empty = [
        y
        for y in run.summary.years
        if y != run.summary.survey_year
        and all(ind.value(y) is None for ind in run.summary.indicators)
    ]
    if empty:
        click.secho(
            f"No figures for {', '.join(map(str, empty))} in {display_path(history_dir)}: "
            "those year columns show NA.",
            fg="yellow",
        )
    if run.recorded is not None:
        click.echo(
            f"Recorded the {run.summary.survey_year} figures in {display_path(run.recorded)}"
        )
        if run.answers is not None:
            click.echo(
                f"Recorded each network's {run.summary.survey_year} answers in "
                f'{display_path(run.answers)} (the "Sidste år" column of next year\'s forms)'
            )
    elif run.left_out and not no_record:
        click.secho(
            f"Not recorded in {display_path(history_dir)}: with questionnaires left out, the "
            f"{run.summary.survey_year} figures are incomplete. Run again without "
            "--skip-invalid once they are fixed.",
            fg="yellow",
        )
    for said in run.output_warnings:
        click.secho(f"Warning: {for_terminal(said)}", fg="yellow")
    click.secho(f"Wrote {display_path(run.path)}", fg="green", bold=True)
    if run.pdf is not None:
        click.secho(f"Wrote {display_path(run.pdf)}", fg="green", bold=True)
    if run.pdf_problem is not None:
        click.secho(f"Warning: {for_terminal(run.pdf_problem)}", fg="yellow")
    click.get_current_context().exit(EXIT_OK)
