"""`perfreg-xlsx profiles`: one feedback workbook per innovation network."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .console import EXIT_FINDINGS, EXIT_OK, debug_option, friendly_errors
from .errors import UsageError

DEFAULT_INPUTS = Path("inputs")


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
@click.option(
    "--made-on",
    default=None,
    metavar="YYYY-MM-DD",
    help="Date printed in the profiles (default: SOURCE_DATE_EPOCH if set, else today).",
)
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
    from .cmd_aggregate import _made_on
    from .profiles_pipeline import build_profiles
    from .read import list_inputs
    from .registry import load_register
    from .terminal import print_validation, show_progress

    if not paths:
        if not DEFAULT_INPUTS.is_dir():
            raise UsageError(
                f"no PATHS given and the default folder {DEFAULT_INPUTS}/ does not exist"
            )
        paths = (DEFAULT_INPUTS,)
    register = load_register(register_path)
    day = _made_on(made_on)
    count = sum(len(list_inputs(p)[0]) for p in paths)
    if show_progress(count):
        with click.progressbar(length=count, label="Reading", file=sys.stderr) as bar:
            run = build_profiles(
                list(paths),
                register,
                year=year,
                out_dir=out_dir,
                previous=previous,
                skip_invalid=skip_invalid,
                made_on=day,
                progress=bar.update,
            )
    else:
        run = build_profiles(
            list(paths),
            register,
            year=year,
            out_dir=out_dir,
            previous=previous,
            skip_invalid=skip_invalid,
            made_on=day,
        )

    if run.blocked:
        print_validation(run.validation, register.by_short_name())
        click.secho(
            "No profiles written: fix the errors above, or run again with --skip-invalid to "
            "leave those questionnaires out.",
            fg="red",
            bold=True,
            err=True,
        )
        click.get_current_context().exit(EXIT_FINDINGS)

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
            click.secho(
                f"{len(unused)} file(s) of last year could not be used (errors); run "
                f"`perfreg-xlsx validate {previous}` to see why.",
                fg="yellow",
            )
    if run.stale:
        click.secho(
            f"{len(run.stale)} older profile(s) in the folder were not rewritten by this run "
            "(those networks are not in it): do not send them.",
            fg="yellow",
        )
        for path in run.stale:
            click.secho(f"  {path}", fg="yellow")
    folder = run.paths[0].parent if run.paths else out_dir
    click.secho(f"Wrote {len(run.paths)} profile(s) in {folder}", fg="green", bold=True)
    click.get_current_context().exit(EXIT_OK)
