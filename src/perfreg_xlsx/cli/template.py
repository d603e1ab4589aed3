"""`perfreg-xlsx template`: the questionnaire, blank and one copy per network."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from perfreg_xlsx.cli.console import debug_option, friendly_errors
from perfreg_xlsx.cli.options import (
    definition_option,
    history_option,
    register_option,
    secretariat_option,
)
from perfreg_xlsx.form.fieldmap import layout
from perfreg_xlsx.pipeline.previous import Answers, previous_answers
from perfreg_xlsx.pipeline.years import next_survey_year
from perfreg_xlsx.survey.types import Programme
from perfreg_xlsx.util.safetext import display_path

_LAST_YEAR = datetime.date.today().year - 1
_PROGRAMMES = [p.value for p in Programme]


def _programmes(choice: str) -> list[Programme]:
    return list(Programme) if choice == "all" else [Programme(choice)]


@click.command()
@click.option(
    "--year",
    type=click.IntRange(2000, 2100),
    default=None,
    help="The survey year the questionnaire asks about [default: the year after the newest "
    "survey year in --history, --out or inputs/; the last calendar year when none has one].",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("templates"),
    show_default=True,
    help="Folder for the blank questionnaire(s).",
)
@click.option(
    "--per-network",
    is_flag=True,
    help="Also write one copy per network, with its name filled in, into --forms-dir.",
)
@click.option(
    "--forms-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out") / "forms",
    show_default=True,
    help="Folder for the per-network copies.",
)
@click.option(
    "--programme",
    type=click.Choice([*_PROGRAMMES, "all"]),
    default="all",
    show_default=True,
    help="Which questionnaire(s) to write.",
)
@secretariat_option(
    "The secretariat's name, e-mail and phone for the instructions (CSV: name,email,phone)."
)
@click.option(
    "--previous",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of last year's returned questionnaires, for the per-network forms' "
    "'Sidste år' column [default: inputs/YEAR-1 if it exists, else the answers recorded in "
    "--history].",
)
@history_option("Folder with answers_YEAR.csv, last year's answers recorded by aggregate.")
@register_option
@definition_option
@debug_option
@friendly_errors
def template(
    year: int | None,
    out_dir: Path,
    per_network: bool,
    forms_dir: Path,
    programme: str,
    previous: Path | None,
    history_dir: Path,
    register_path: Path,
    secretariat_path: Path,
    debug: bool,
) -> None:
    """Write the questionnaire for a survey year (and one copy per network).

    Writes OUT/questionnaire_YEAR.xlsx for the innovation networks and
    OUT/questionnaire_cluster_YEAR.xlsx for the clusters.
    """
    from perfreg_xlsx.form.secretariat import load_secretariat
    from perfreg_xlsx.form.template import template_filename, write_forms, write_template
    from perfreg_xlsx.survey.registry import load_register

    register = load_register(register_path)
    secretariat = load_secretariat(secretariat_path)
    if year is None:
        # Said, so 2025 forms are never written beside the 2012 ones unnoticed.
        year, newest = next_survey_year((history_dir, out_dir, Path("inputs")), _LAST_YEAR)
        if newest is None:
            click.echo(f"Survey year {year} (the last calendar year: nothing on record)")
        else:
            click.echo(f"Survey year {year} (the year after {newest}, the newest on record)")
    answers: Answers | None = None
    if per_network:
        answers, source = previous_answers(year, register, previous, history_dir)
        if source:
            click.echo(
                f"Last year's answers ({year - 1}) of {len(answers)} networks from "
                f"{display_path(source)}"
            )
        else:
            click.echo(f"No answers of {year - 1} found: the 'Sidste år' column is empty")
    for prog in _programmes(programme):
        path = out_dir / template_filename(prog, year)
        write_template(path, year, prog, register=register, secretariat=secretariat)
        click.echo(f"Wrote {display_path(path)} ({len(layout(prog).fields)} questions)")
        if per_network:
            written = write_forms(forms_dir, year, register, prog, secretariat, answers)
            click.echo(f"Wrote {len(written)} {prog.value} forms to {display_path(forms_dir)}/")
