"""`perfreg-xlsx fields`: the field map, every answer cell of the questionnaire.

Its own module, importing only the catalogue and the field map (no pathlib, datetime or
openpyxl), so that it starts about as fast as click itself.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import click

from perfreg_xlsx.cli.console import debug_option, friendly_errors
from perfreg_xlsx.cli.options import definition_option
from perfreg_xlsx.form.fieldmap import layout
from perfreg_xlsx.survey.types import NO, YES, Field, Kind, Programme

_PROGRAMMES = [p.value for p in Programme]


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
        return f"{YES}|{NO}"
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
@definition_option
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
