"""`perfreg-xlsx status`: where the survey round stands, one row per network of the register."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import click

from perfreg_xlsx.cli import options as cliopts
from perfreg_xlsx.cli.console import EXIT_OK, debug_option, friendly_errors
from perfreg_xlsx.cli.options import (
    definition_option,
    jobs_option,
    paths_argument,
    register_option,
)
from perfreg_xlsx.errors import UsageError
from perfreg_xlsx.util.safetext import display_path, for_json, for_terminal


@click.command()
@paths_argument
@cliopts.survey_year_option("The survey year. Default: the year written in the forms.")
@register_option
@click.option(
    "--forms-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out") / "forms",
    show_default=True,
    help="Folder of the per-network forms sent (as `template --per-network` wrote them).",
)
@cliopts.history_option(
    "Folder with answers_YEAR.csv, last year's answers recorded by aggregate: the "
    "warnings are counted as validate counts them."
)
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
@click.option(
    "--reminders",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write into this folder one reminder e-mail draft (.eml, in Danish) per network "
    "that has not answered or must correct an error, its form or feedback copy attached, "
    "from the secretariat (--secretariat) to the contact e-mail the network gave.",
)
@cliopts.secretariat_option(
    "The secretariat's name and e-mail, the reminders' sender (CSV: name,email,phone)."
)
@jobs_option
@definition_option
@debug_option
@friendly_errors
def status(
    paths: tuple[Path, ...],
    year: int | None,
    register_path: Path,
    forms_dir: Path,
    history_dir: Path,
    as_json: bool,
    reminders: Path | None,
    secretariat_path: Path,
    jobs: int | None,
    debug: bool,
) -> None:
    """Show, per network of the register, the form sent, the answer received (file, date,
    SHA-256) and its errors, warnings and explained warnings. PATHS default to inputs/.

    Exit code 0 (the rows are information, not a verdict); 2: usage error.
    """
    from perfreg_xlsx.pipeline import validate_folder
    from perfreg_xlsx.pipeline.status import network_status
    from perfreg_xlsx.reading.pool import default_jobs
    from perfreg_xlsx.survey.registry import load_register

    inputs = cliopts.input_paths(paths)
    register = load_register(register_path)
    result = validate_folder(
        inputs, register, year, history_dir=history_dir, jobs=jobs or default_jobs()
    )
    survey_year = year if year is not None else result.survey_year
    rows = network_status(result, register, forms_dir, survey_year)
    if as_json:
        doc = {"survey_year": survey_year, "networks": [r.as_dict() for r in rows]}
        click.echo(for_json(json.dumps(doc, indent=2, ensure_ascii=False)))
    else:
        _print(rows, survey_year)
    if reminders is not None:
        from perfreg_xlsx.form.secretariat import load_secretariat
        from perfreg_xlsx.pipeline.reminders import write_reminders

        if survey_year is None:
            raise UsageError("no survey year in the forms: give --year for the reminders")
        sender = load_secretariat(secretariat_path)  # missing: a usage error, as for template
        written = write_reminders(rows, reminders, result, register, survey_year, sender)
        click.echo(
            f"Wrote {len(written)} reminder {'draft' if len(written) == 1 else 'drafts'} into "
            f"{display_path(reminders)}",
            err=as_json,
        )
    click.get_current_context().exit(EXIT_OK)


def _print(rows: Sequence[object], year: int | None) -> None:
    from perfreg_xlsx.pipeline.status import NetworkStatus

    click.echo(f"Survey year {year if year is not None else 'unknown'}: {len(rows)} networks")
    header = ("network", "form", "answer", "received", "sha256", "status", "err", "warn", "expl")
    table = [header]
    for r in rows:
        assert isinstance(r, NetworkStatus)
        table.append(
            (
                for_terminal(r.short_name),
                "sent" if r.form else "-",
                display_path(Path(r.file).name) if r.file else "-",
                r.received or "-",
                (r.sha256 or "-")[:12],
                r.status,
                str(r.errors),
                str(r.warnings),
                str(r.explained),
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    todo = [r for r in rows if isinstance(r, NetworkStatus) and r.needs]
    answered = sum(1 for r in rows if isinstance(r, NetworkStatus) and r.file)
    click.echo(f"{answered} of {len(rows)} answered; {len(todo)} need a reminder")
    warned = sum(1 for r in rows if isinstance(r, NetworkStatus) and not r.needs and r.warnings)
    if warned:
        click.echo(
            f"{warned} accepted with warnings only: no reminder (a network may explain a "
            "warning in the form's Forklaring cell, but need not)"
        )
