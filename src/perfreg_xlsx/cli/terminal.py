"""Terminal output shared by the commands: the validation summary, in colour on a terminal.

Every text from a returned file, a file name or the register is printed through
`for_terminal`/`display_path`: a control character in it could otherwise recolour, clear or
forge lines ("0 error(s)"), and a name with bytes that are not UTF-8 could not be printed at
all. One finding stays one line.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import click

from perfreg_xlsx.models import FileResult, FileStatus, Finding, ValidationResult
from perfreg_xlsx.survey.populations import (
    Population,
    answered_from_missing,
    populations,
    summary_line,
)
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.util.safetext import display_path, for_terminal

PROGRESS_MIN_FILES = 20
_COLOUR = {"error": "red", "warning": "yellow", "info": "blue"}
_ORDER = {"error": 0, "warning": 1, "info": 2}


def on_terminal() -> bool:
    """Whether stderr is a terminal: a progress bar is garbage in a log file or a pipe."""
    return sys.stderr.isatty()


def show_progress(count: int) -> bool:
    """Whether to draw a progress bar for `count` files (on a terminal)."""
    return count > PROGRESS_MIN_FILES  # a bar is noise for a few files


def print_validation(result: ValidationResult, register: Register) -> None:
    """Files read, accepted and refused; findings grouped by network, errors first."""
    files = [f for f in result.files if f.status is not FileStatus.SKIPPED]
    by_status = {s: sum(f.status is s for f in result.files) for s in FileStatus}
    year = result.survey_year if result.survey_year is not None else "unknown"
    click.echo(
        f"Survey year {year}: {len(files)} file(s) read, "
        f"{by_status[FileStatus.ACCEPTED]} accepted, {by_status[FileStatus.INVALID]} invalid, "
        f"{by_status[FileStatus.REFUSED]} refused, {by_status[FileStatus.SKIPPED]} skipped."
    )
    pops = populations(register, answered_from_missing(register, result.missing_networks))
    if register.networks:
        # "Files from 22 of 22" alone read as if every network had answered, when no file
        # could be accepted (all for another year, say).
        none = "; none of them was accepted" if files and not by_status[FileStatus.ACCEPTED] else ""
        click.echo(f"Files from {summary_line(pops)}{none}.")
    other_year, year_found = _for_another_year(files, result.survey_year)
    if other_year:
        _say_other_year(other_year, year_found, len(files), result.survey_year)
    not_read = [fr for fr in result.files if _only_skipped(fr)]
    groups: dict[str, list[FileResult]] = defaultdict(list)
    for fr in result.files:
        if fr.findings and fr not in not_read and fr not in other_year:
            groups[fr.network or f"(unknown network) {Path(fr.file).name}"].append(fr)
    for key in sorted(groups, key=lambda k: (_worst(groups[k]), k)):
        net = register.with_short_name(key)
        title = f"{key} – {net.name}" if net is not None else key
        click.echo("")
        click.secho(for_terminal(title), bold=True)
        for fr in groups[key]:
            click.echo(f"  {display_path(fr.file)}: {_status_text(fr)}")
            for f in sorted(fr.findings, key=lambda f: _ORDER[f.severity.value]):
                _line(f, result.survey_year)
    if not_read:
        click.echo("")
        click.secho(f"Not read ({len(not_read)})", bold=True)
        for fr in not_read:
            click.echo(f"  {display_path(fr.file)}: {for_terminal(fr.findings[0].message)}")
    in_files = sum(len(fr.findings) for fr in result.files)
    folder = [f for f in result.findings[in_files:] if f.code != "not-answered-yet"]
    if folder:
        click.echo("")
        click.secho("All files", bold=True)
        for f in folder:
            _line(f, result.survey_year)
    missing_lines = no_file_lines(pops)
    if missing_lines:
        click.echo("")
        for line in missing_lines:
            click.echo(line)
    click.echo("")
    errors, warnings = len(result.errors), len(result.warnings)
    colour = "red" if errors else ("yellow" if warnings else "green")
    click.secho(f"{errors} error(s), {warnings} warning(s).", fg=colour, bold=True)


def _for_another_year(
    files: list[FileResult], survey_year: int | None
) -> tuple[list[FileResult], str]:
    """The files whose one finding is `wrong-year` naming one and the same other year, and
    that year, when there are two or more of them: said once, not in a block per file."""
    wrong = [fr for fr in files if [f.code for f in fr.findings] == ["wrong-year"]]
    found = {fr.findings[0].value for fr in wrong}
    if len(wrong) < 2 or len(found) != 1 or survey_year is None:
        return [], ""
    year = (found.pop() or "").strip("“”")  # the finding quotes the value as found
    return (wrong, year) if year.isdigit() else ([], "")


def _say_other_year(wrong: list[FileResult], year: str, read: int, survey_year: int | None) -> None:
    click.echo("")
    if len(wrong) == read:
        click.secho(
            f"All {read} files are for survey year {year}, not {survey_year}: "
            f"run with --year {year}.",
            fg="red",
            bold=True,
        )
    else:
        click.secho(
            f"{len(wrong)} of {read} files are for survey year {year}, not {survey_year}: "
            f"ask for their answers on the questionnaire of {survey_year}. "
            "The option --year gives the survey year.",
            fg="red",
            bold=True,
        )
    for fr in wrong:
        network = f" ({for_terminal(fr.network)})" if fr.network else ""
        where = fr.findings[0].where
        click.echo(f"  {display_path(fr.file)}{network}: {_status_text(fr)}, {where} says {year}")


def no_file_lines(pops: tuple[Population, ...]) -> list[str]:
    """One line per population with registered organisations that sent no file.

    Appendix 1 needs every innovation network; a missing cluster only thins appendix 3, so
    the two are listed apart.
    """
    return [
        f"No file yet from {len(p.missing)} of {p.registered} {p.name_en}: "
        + for_terminal(", ".join(p.missing))
        for p in pops
        if p.missing
    ]


def _only_skipped(fr: FileResult) -> bool:
    return bool(fr.findings) and all(f.code == "skipped-file" for f in fr.findings)


def _worst(frs: list[FileResult]) -> int:
    return min(_ORDER[f.severity.value] for fr in frs for f in fr.findings)


def _status_text(fr: FileResult) -> str:
    colour = {"accepted": "green", "invalid": "red", "refused": "red", "skipped": "blue"}
    return click.style(fr.status.value.upper(), fg=colour[fr.status.value])


def _line(f: Finding, survey_year: int | None) -> None:
    sev = click.style(f"{f.severity.value.upper():7}", fg=_COLOUR[f.severity.value])
    text = for_terminal(f"[{f.code}] {f.message}")
    click.echo(f"    {sev} {text}{option_hint(f, survey_year)}")


def option_hint(f: Finding, survey_year: int | None) -> str:
    """What a finding's fix is on the command line: the library's messages name no options."""
    if f.code in ("wrong-year", "mixed-years"):
        return " The option --year gives the survey year."
    if f.code == "previous-not-used" and survey_year is not None:
        return f" Run `perfreg-xlsx validate {display_path(f.file)} --year {survey_year - 1}`."
    return ""
