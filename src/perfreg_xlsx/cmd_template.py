"""`perfreg-xlsx template` and `perfreg-xlsx fields`.

`fields` reads only the catalogue and the field map, so it starts without openpyxl.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from pathlib import Path

import click

from .catalogue import Field, Kind, Programme
from .cliopts import register_option
from .console import debug_option, friendly_errors
from .fieldmap import layout

_LAST_YEAR = datetime.date.today().year - 1
_PROGRAMMES = [p.value for p in Programme]


def _programmes(choice: str) -> list[Programme]:
    return list(Programme) if choice == "all" else [Programme(choice)]


@click.command()
@click.option(
    "--year",
    type=click.IntRange(2000, 2100),
    default=_LAST_YEAR,
    show_default=f"{_LAST_YEAR}, the last calendar year",
    help="The survey year the questionnaire asks about.",
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
@register_option
@debug_option
@friendly_errors
def template(
    year: int,
    out_dir: Path,
    per_network: bool,
    forms_dir: Path,
    programme: str,
    register_path: Path,
    debug: bool,
) -> None:
    """Write the questionnaire for a survey year (and one copy per network).

    Writes OUT/questionnaire_YEAR.xlsx for the innovation networks and
    OUT/questionnaire_cluster_YEAR.xlsx for the clusters.
    """
    from .registry import load_register
    from .template import template_filename, write_forms, write_template

    register = load_register(register_path)
    for prog in _programmes(programme):
        path = out_dir / template_filename(prog, year)
        write_template(path, year, prog, register=register)
        click.echo(f"Wrote {path} ({len(layout(prog).fields)} questions)")
        if per_network:
            written = write_forms(forms_dir, year, register, prog)
            click.echo(f"Wrote {len(written)} {prog.value} forms to {forms_dir}/")


FIELD_COLUMNS = (
    "field_id",
    "sheet",
    "cell",
    "type",
    "unit",
    "min",
    "max",
    "choices",
    "required",
    "question",
)


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _choices(f: Field) -> str:
    if f.kind is Kind.YESNO:
        return "Ja|Nej"
    if f.kind is Kind.NETWORK:
        return "register"
    return ""


def field_rows(programme: Programme) -> list[tuple[str, ...]]:
    """One row per answer cell of the form of `programme`, in form order."""
    return [
        (
            m.field.id,
            m.cell.sheet,
            m.cell.a1,
            m.field.kind.value,
            m.field.unit,
            _num(m.field.min),
            _num(m.field.max),
            _choices(m.field),
            "yes" if m.field.required else "no",
            m.field.question,
        )
        for m in layout(programme).fields
    ]


def _table(rows: Sequence[tuple[str, ...]]) -> str:
    # The question is last and left ragged, so long questions do not widen the table.
    widths = [max(len(r[i]) for r in rows) for i in range(len(FIELD_COLUMNS) - 1)]
    lines = [
        "  ".join(v.ljust(w) for v, w in zip(r[:-1], widths, strict=True)) + "  " + r[-1]
        for r in rows
    ]
    return "\n".join(line.rstrip() for line in lines)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv"]),
    default="table",
    show_default=True,
    help="Aligned text for reading, or CSV for other tools.",
)
@click.option(
    "--programme",
    type=click.Choice(_PROGRAMMES),
    default=Programme.NETWORK.value,
    show_default=True,
    help="Whose questionnaire to describe.",
)
@debug_option
@friendly_errors
def fields(fmt: str, programme: str, debug: bool) -> None:
    """Print the field map: every answer cell of the questionnaire and what it accepts."""
    rows = field_rows(Programme(programme))
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(FIELD_COLUMNS)
        writer.writerows(rows)
        click.echo(buffer.getvalue(), nl=False)
    else:
        click.echo(_table([FIELD_COLUMNS, *rows]))
