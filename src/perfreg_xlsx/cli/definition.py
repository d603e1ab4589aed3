"""`perfreg-xlsx definition check|export`: the survey definition workbook (issue 15)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from perfreg_xlsx.cli.console import EXIT_USAGE, debug_option, friendly_errors
from perfreg_xlsx.definition.problems import Problem
from perfreg_xlsx.util.safetext import display_path, for_json, path_text


def print_problems(source: Path, problems: Sequence[Problem], *, stopped: bool = True) -> None:
    """The problems of a definition on stderr, one a line, and what to do.

    `stopped`: a command was stopped by them (so the message says nothing was done).
    """
    done = "; nothing was done" if stopped else ""
    click.secho(
        f"The definition {display_path(source)} has {len(problems)} mistake(s){done}:",
        fg="red",
        bold=True,
        err=True,
    )
    for p in problems:
        click.echo(f"  {p.line()}", err=True)
    click.echo(
        "Correct them in Excel (the sheet about says what each column holds) and run "
        "`perfreg-xlsx definition check` again.",
        err=True,
    )


@click.group()
def definition() -> None:
    """Check or write the survey definition workbook (templates/definition.xlsx)."""


@definition.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
@debug_option
@friendly_errors
def check(file: Path | None, as_json: bool, debug: bool) -> None:
    """Check a definition workbook (default: templates/definition.xlsx, else the packaged one).

    Exit 0 when it has no mistake, 2 with the list of mistakes (sheet!cell: what to change).
    """
    from perfreg_xlsx.definition.cache import check_and_keep
    from perfreg_xlsx.definition.files import default_definition

    path = file or default_definition()
    cat, problems = check_and_keep(path)
    if as_json:
        out = {
            "file": path_text(path),
            "ok": cat is not None,
            "problems": [p.as_json() for p in problems],
        }
        if cat is not None:
            out["counts"] = {
                "sections": len(cat.sections),
                "fields": len(cat.fields),
                "rules": len(cat.rules),
                "indicators": len(cat.indicators),
                "figures": len(cat.figures),
            }
        click.echo(for_json(json.dumps(out, ensure_ascii=False, indent=2)))
    elif cat is not None:
        click.echo(
            f"{display_path(path)}: no mistakes ({len(cat.sections)} sections, "
            f"{len(cat.fields)} fields, {len(cat.rules)} rules, {len(cat.indicators)} "
            f"indicators, {len(cat.figures)} figures)."
        )
    else:
        print_problems(path, problems, stopped=False)
    if cat is None:
        sys.exit(EXIT_USAGE)


@definition.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("templates") / "definition.xlsx",
    show_default=True,
    help="Where to write the definition workbook.",
)
@click.option("--force", is_flag=True, help="Replace the file when it exists.")
@debug_option
@friendly_errors
def export(out: Path, force: bool, debug: bool) -> None:
    """Write the built-in definition as a workbook, to start the year's changes from."""
    from perfreg_xlsx.errors import UsageError
    from perfreg_xlsx.pipeline.definition import export_builtin

    if out.exists() and not force:
        raise UsageError(
            f"{display_path(out)} exists (perhaps with this year's changes); give --force to "
            "replace it, or --out another file"
        )
    export_builtin(out)
    click.echo(f"Wrote {display_path(out)}.")
