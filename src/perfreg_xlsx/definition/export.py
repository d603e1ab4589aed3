"""Write a `Catalogue` as the definition workbook (`definition export`, templates/definition.xlsx).

The same bytes for the same catalogue: the document's dates are fixed, so the shipped file
only changes when the definition does. Every text is written as text (never a formula), with
the text number format on text columns so that Excel keeps a typed "4.10" as it is. Kinds,
types, severities and aggregations get drop-down lists; the header row stays in view.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from pathlib import Path

from perfreg_xlsx.definition.columns import ABOUT, SHEETS, Cell, Sheet
from perfreg_xlsx.survey.catalogue import Catalogue
from perfreg_xlsx.survey.figure_spec import FigureRow
from perfreg_xlsx.survey.rules import (
    NoMeansZero,
    PartOfTotal,
    Requires,
    Rule,
    SourcesSum,
    YesNeedsCount,
)
from perfreg_xlsx.survey.types import Programme
from perfreg_xlsx.util.atomic import atomic_write

# A fixed creation date: the file's bytes follow its content only.
_CREATED = datetime.datetime(2013, 1, 1, 0, 0, 0)
# Rows below the items that keep the drop-down lists, for rows the secretariat adds.
_SPARE_ROWS = 500

Value = str | int | float | bool | None


def _programme(programmes: frozenset[Programme]) -> str:
    if programmes == frozenset(Programme):
        return "both"
    (only,) = programmes
    return only.value


def _rule(rule: Rule) -> tuple[str, tuple[str, ...], float | None]:
    match rule:
        case PartOfTotal(part=p, total=t):
            return "part_of_total", (p, t), None
        case SourcesSum(parts=ps, total=t, tolerance=tol):
            return "sources_sum", (*ps, t), tol
        case NoMeansZero(flag=f, counts=cs):
            return "no_means_zero", (f, *cs), None
        case YesNeedsCount(flag=f, count=c):
            return "yes_needs_count", (f, c), None
        case Requires(field=f, needs=n):
            return "requires", (f, n), None
    raise TypeError(rule)  # pragma: no cover


def sheet_rows(cat: Catalogue, figures: Sequence[FigureRow]) -> dict[str, list[tuple[Value, ...]]]:
    """Each sheet's rows of `cat`, the values in the order of its columns (`columns`)."""
    place = {iid: n for n, iid in enumerate(cat.headline, start=1)}
    ids = ", ".join
    return {
        "sections": [(s.id, s.title_da) for s in cat.sections],
        "fields": [
            (
                f.id,
                _programme(f.programmes),
                f.section,
                f.question,
                f.help,
                f.kind.value,
                f.unit,
                f.min,
                f.max,
                f.required,
                f.yoy_factor,
                f.personal,
            )
            for f in cat.fields
        ],
        "rules": [
            (f"r{n:02d}", kind, ids(fs), tol, rule.severity.value, rule.message)
            for n, rule in enumerate(cat.rules, start=1)
            for kind, fs, tol in [_rule(rule)]
        ],
        "indicators": [
            (
                i.id,
                i.section,
                i.label_da,
                i.agg.value,
                ids(i.fields),
                i.unit,
                i.scale,
                i.decimals,
                _programme(i.programmes),
                i.appendix1,
                place.get(i.id),
                i.break_note,
            )
            for i in cat.indicators
        ],
        "appendix_headings": [
            (section, heading)
            for section, headings in cat.appendix1_headings.items()
            for heading in headings
        ],
        "figures": [
            (
                f.id,
                f.caption,
                f.number,
                f.type.value,
                f.title,
                f.back,
                f.chart,
                f.y_title,
                f.y2_title,
                f.category_title,
                f.data_labels,
            )
            for f in figures
        ],
        "figure_series": [
            (f.id, s.indicator, s.label, s.colour_slot) for f in figures for s in f.series
        ],
    }


def _about_rows() -> Iterator[tuple[str, str, str, str, str]]:
    for sheet in SHEETS:
        yield sheet.name, "", "", sheet.meaning, ""
        for col in sheet.columns:
            need = "required" if col.required else "may be empty"
            yield sheet.name, col.name, f"{col.cell.value}, {need}", col.meaning, col.example


def write_definition(cat: Catalogue, out: Path, figures: Sequence[FigureRow] | None = None) -> Path:
    """Write `cat` to `out` atomically; `figures` default to the catalogue's own."""
    import xlsxwriter

    rows = sheet_rows(cat, cat.figures if figures is None else figures)

    def write(tmp: Path) -> None:
        wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_urls": False})
        wb.set_properties({"title": "Survey definition", "created": _CREATED})
        head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "bottom": 1})
        text = wb.add_format({"num_format": "@"})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        about = wb.add_worksheet(ABOUT)
        about.write_string(
            0,
            0,
            "What each sheet and column of this definition holds. One row "
            "per item; the header row names the columns (do not rename them).",
        )
        header = ("sheet", "column", "cell", "meaning", "example")
        for c, name in enumerate(header):
            about.write_string(2, c, name, head)
        for r, values in enumerate(_about_rows(), start=3):
            for c, value in enumerate(values):
                about.write_string(r, c, value, wrap)
        for c, width in enumerate((18, 16, 26, 80, 34)):
            about.set_column(c, c, width)
        about.freeze_panes(3, 0)
        for sheet in SHEETS:
            _write_sheet(wb.add_worksheet(sheet.name), sheet, rows[sheet.name], head, text)
        wb.close()

    return atomic_write(out, write)


def _write_sheet(
    ws: object, sheet: Sheet, rows: list[tuple[Value, ...]], head: object, text: object
) -> None:
    from xlsxwriter.worksheet import Worksheet

    assert isinstance(ws, Worksheet)
    for c, col in enumerate(sheet.columns):
        textual = col.cell in (Cell.TEXT, Cell.ID, Cell.IDS, Cell.CHOICE)
        ws.set_column(c, c, col.width, text if textual else None)
        ws.write_string(0, c, col.name, head)
        if col.choices:
            ws.data_validation(
                1,
                c,
                len(rows) + _SPARE_ROWS,
                c,
                {
                    "validate": "list",
                    "source": list(col.choices),
                    "ignore_blank": True,
                    "error_title": col.name,
                    "error_message": "Choose one of the list.",
                },
            )
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                ws.write_string(r, c, "yes" if value else "no")
            elif isinstance(value, int | float):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, value)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(rows), 1), len(sheet.columns) - 1)
