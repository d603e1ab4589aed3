"""Options and steps the commands share, declared once.

Only click and the standard library are imported at module level, so that `--help` stays fast;
everything heavier is imported inside the functions that need it.
"""

from __future__ import annotations

import datetime
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from perfreg_xlsx.cli.console import EXIT_FINDINGS, EXIT_USAGE
from perfreg_xlsx.errors import UsageError

if TYPE_CHECKING:
    from perfreg_xlsx.models import ValidationResult
    from perfreg_xlsx.survey.registry import Register

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., object])
Progress = Callable[[int], None]

DEFAULT_INPUTS = Path("inputs")
DEFAULT_REGISTER = Path("templates") / "networks.csv"

paths_argument = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))

register_option = click.option(
    "--register",
    "register_path",
    # A register that is not there is a usage error (exit 2), said before any work.
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=DEFAULT_REGISTER,
    show_default=True,
    help="The register of networks (CSV).",
)

jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 512),
    default=None,
    help="Processes reading the questionnaires at once. Default: one per CPU. With 1 they are "
    "read in this process; with more, a file that crashes or hangs its reader is that "
    "file's error and the others are still read.",
)


def _put_definition_in_force(
    ctx: click.Context, _param: click.Parameter, value: Path | None
) -> None:
    """Load the definition before the command runs; a bad one stops it (exit 2, the list)."""
    if ctx.resilient_parsing:  # shell completion: nothing is run
        return
    from perfreg_xlsx.definition.files import default_definition, put_in_force
    from perfreg_xlsx.definition.problems import DefinitionError
    from perfreg_xlsx.survey import catalogue

    path = value or default_definition()
    try:
        before = put_in_force(path)
    except DefinitionError as exc:
        from perfreg_xlsx.cli.definition import print_problems

        print_problems(path, exc.problems)
        ctx.exit(EXIT_USAGE)
    # In force for this command only: a caller running commands in one process (tests,
    # CliRunner) gets back the definition it had.
    ctx.call_on_close(lambda: catalogue.use(before))


definition_option = click.option(
    "--definition",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    expose_value=False,
    callback=_put_definition_in_force,
    help="The survey definition workbook. Default: templates/definition.xlsx, else the copy "
    "shipped with the program.",
)


def survey_year_option(help: str) -> Callable[[F], F]:
    return click.option("--year", type=click.IntRange(2000, 2100), default=None, help=help)


def history_option(help: str) -> Callable[[F], F]:
    """`--history DIR` (default history/): the folder of recorded figures and answers."""
    return click.option(
        "--history",
        "history_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("history"),
        show_default=True,
        help=help,
    )


def secretariat_option(help: str) -> Callable[[F], F]:
    """`--secretariat FILE` (default templates/secretariat.csv): name, e-mail and phone."""
    return click.option(
        "--secretariat",
        "secretariat_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path("templates") / "secretariat.csv",
        show_default=True,
        help=help,
    )


def made_on_option(what: str) -> Callable[[F], F]:
    return click.option(
        "--made-on",
        default=None,
        metavar="YYYY-MM-DD",
        help=f"Date printed {what} (default: SOURCE_DATE_EPOCH if set, else today).",
    )


def input_paths(paths: Sequence[Path]) -> list[Path]:
    """The folders/files given, or `inputs/` when none are."""
    if paths:
        return list(paths)
    if not DEFAULT_INPUTS.is_dir():
        raise UsageError(f"no PATHS given and the default folder {DEFAULT_INPUTS}/ does not exist")
    return [DEFAULT_INPUTS]


def made_on(text: str | None) -> datetime.date:
    """The date printed on what a command writes: --made-on, else SOURCE_DATE_EPOCH, else today.

    A date, not a time, so that two runs on the same day give the same bytes.
    """
    if text:
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            raise UsageError(f"--made-on {text!r} is not a date like 2013-05-01") from None
        # Excel has no dates before 1900, and a year without four digits breaks the
        # workbook's document properties.
        if day.year < 1901:
            raise UsageError(f"--made-on {text!r} is before 1901; Excel cannot show that date")
        return day
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        # A value set but unusable must not fall back to today unnoticed: the bytes would
        # then differ between runs that were meant to be reproducible.
        try:
            return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(
                f"SOURCE_DATE_EPOCH {epoch!r} is not a number of seconds since 1970-01-01"
            ) from None
    return datetime.date.today()


def with_progress(paths: Sequence[Path], run: Callable[[Progress | None], T]) -> T:
    """Call `run` with a progress callback drawing a bar on stderr when it is worth one."""
    from perfreg_xlsx.cli.terminal import on_terminal, show_progress
    from perfreg_xlsx.reading.reader import list_inputs

    if not on_terminal():
        return run(None)  # no bar to draw: the folders are not listed twice
    count = sum(len(list_inputs(p)[0]) for p in paths)
    if not show_progress(count):
        return run(None)
    with click.progressbar(length=count, label="Reading", file=sys.stderr) as bar:
        return run(bar.update)


def exit_blocked(
    validation: ValidationResult, register: Register, what: str, *, has_strict: bool = True
) -> None:
    """Print the findings and stop with exit 1: errors kept `what` from being written.

    `has_strict`: the command has --strict, so the advice may name it.
    """
    from perfreg_xlsx.cli.terminal import print_validation

    print_validation(validation, register)
    warnings_too = " (with --strict, the warnings too)" if has_strict else ""
    click.secho(
        f"No {what} written: fix the errors above{warnings_too}, or run "
        "again with --skip-invalid to leave those questionnaires out.",
        fg="red",
        bold=True,
        err=True,
    )
    click.get_current_context().exit(EXIT_FINDINGS)
