"""`perfreg-xlsx profiles`: one feedback workbook per innovation network."""

from __future__ import annotations

from pathlib import Path

import click

from perfreg_xlsx.cli import options as cliopts
from perfreg_xlsx.cli.console import EXIT_OK, debug_option, friendly_errors
from perfreg_xlsx.cli.options import (
    definition_option,
    made_on_option,
    paths_argument,
    register_option,
    survey_year_option,
)
from perfreg_xlsx.util.safetext import display_path


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
    help="The profiles go to <out>/profiles/<network>_<year>.xlsx.",
)
@click.option(
    "--previous",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of last year's returned questionnaires: each profile then shows the "
    "network's change from last year.",
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Write the profiles without the questionnaires that have errors (those networks get "
    "no profile and are left out of every average) instead of refusing to write any.",
)
@made_on_option("in the profiles")
@definition_option
@debug_option
@friendly_errors
def profiles(
    paths: tuple[Path, ...],
    year: int | None,
    register_path: Path,
    out_dir: Path,
    previous: Path | None,
    skip_invalid: bool,
    made_on: str | None,
    debug: bool,
) -> None:
    """Validate the questionnaires in PATHS (default inputs/) and write one profile workbook
    per innovation network: its own figures beside the averages of all networks.

    No profile is written when any questionnaire has an error (exit 1, with the findings),
    unless --skip-invalid is given. Exit 0 when the profiles were written.
    """
    from perfreg_xlsx.pipeline import build_profiles
    from perfreg_xlsx.reading.pool import default_jobs
    from perfreg_xlsx.survey.registry import load_register

    inputs = cliopts.input_paths(paths)
    register = load_register(register_path)
    day = cliopts.made_on(made_on)
    run = cliopts.with_progress(
        inputs,
        lambda progress: build_profiles(
            inputs,
            register,
            year=year,
            out_dir=out_dir,
            previous=previous,
            skip_invalid=skip_invalid,
            made_on=day,
            progress=progress,
            # Read in worker processes, as validate and aggregate do: a file that hangs or
            # crashes its reader is that file's error, not the end of every profile.
            jobs=default_jobs(),
        ),
    )
    if run.blocked:
        cliopts.exit_blocked(run.validation, register, "profiles", has_strict=False)

    errors = len(run.validation.errors)
    if errors:
        click.secho(
            f"{errors} error(s): the questionnaires with errors are left out. Run "
            "`perfreg-xlsx validate` to see them.",
            fg="red",
        )
    if previous is not None:
        click.echo(
            f"Last year's answers found for {run.with_previous} of {len(run.paths)} network(s)."
        )
        last_files = run.previous.files if run.previous is not None else ()
        unused = [f for f in last_files if f.status in ("invalid", "refused")]
        if unused:
            # Without --year the check would take the files' own year and might pass them.
            last_year = (run.validation.survey_year or 1) - 1
            click.secho(
                f"{len(unused)} file(s) of last year could not be used (errors); run "
                f"`perfreg-xlsx validate {display_path(previous)} --year {last_year}` to see why.",
                fg="yellow",
            )
    if run.stale:
        click.secho(
            f"{len(run.stale)} older profile(s) in the folder were not rewritten by this run "
            "(those networks are not in it): do not send them.",
            fg="yellow",
        )
        for path in run.stale:
            click.secho(f"  {display_path(path)}", fg="yellow")
    folder = run.paths[0].parent if run.paths else out_dir
    click.secho(
        f"Wrote {len(run.paths)} profile(s) in {display_path(folder)}", fg="green", bold=True
    )
    click.get_current_context().exit(EXIT_OK)
