"""Load a definition workbook into a `Catalogue`, every mistake a `Problem` at its sheet!cell.

The file is read by the project's own safe reader (`reading.grid`: the zip and XML checks of
a returned questionnaire), not openpyxl, whose import alone takes about 320 ms here. Each
sheet's header row names its columns (`columns`); each cell is read as its column says and
each row validated by its pydantic model (`rows`); what the rows say about each other is
`checks`. Nothing is half-loaded: one problem anywhere and there is no catalogue.

Loading the shipped templates/definition.xlsx (30 KiB, 2,264 cells) takes 16 ms in a warm
process (minimum of 10; `PYTHONPATH=src python benchmarks/bench_definition.py`, 2026-12-04,
2 cores), and 31 to 33 ms in a fresh one with the imports, for the commands that read or write
workbooks anyway; over issue 15's 30 ms. So a loaded definition is kept (`definition.cache`):
a command whose definition was loaded before pays 2 to 8 ms.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from pydantic import ValidationError

from perfreg_xlsx.definition.checks import build
from perfreg_xlsx.definition.columns import SHEETS, Cell, Column, Sheet
from perfreg_xlsx.definition.problems import DefinitionError, Problem, quoted
from perfreg_xlsx.definition.rows import MODELS, Broken, Row, Rows, problem_message
from perfreg_xlsx.reading.files import ReadError
from perfreg_xlsx.reading.grid import read_sheets
from perfreg_xlsx.reading.parts import split_ref
from perfreg_xlsx.reading.rawcell import RawCell
from perfreg_xlsx.survey.catalogue import Catalogue
from perfreg_xlsx.util.a1 import col_letter

_YES = {"yes": True, "no": False, "ja": True, "nej": False}
_ID = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")


def _cell_value(col: Column, cell: RawCell) -> tuple[object, str | None]:
    """The value of `cell` for column `col`, or a message saying what is wrong with it."""
    v = cell.value
    if cell.formula is not None:
        return None, "holds a formula; write the value itself"
    if cell.is_error:
        return None, f"holds an error value {quoted(v)}; write the value itself"
    if isinstance(v, str):
        v = v.strip()
        if v == "":
            return None, None
    if v is None:
        return None, None
    if col.cell in (Cell.TEXT, Cell.ID, Cell.CHOICE, Cell.IDS):
        if isinstance(v, bool):
            return None, f"holds {str(v).upper()}; write it as text"
        if isinstance(v, float):
            # Excel turned typed text into a number (4.10 becomes 4.1): which was meant?
            return None, (
                f"holds the number {v!r}; write it as text (start it with an apostrophe, "
                f"e.g. '{v!r})"
            )
        text = str(v)
        if col.cell is Cell.CHOICE:
            match = {c.casefold(): c for c in col.choices}.get(text.casefold())
            if match is None:
                return None, f"{quoted(text)} is not one of: {', '.join(col.choices)}"
            return match, None
        if col.cell is Cell.IDS:
            ids = tuple(part.strip() for part in re.split(r"[,;\n]", text) if part.strip())
            bad = [i for i in ids if not _ID.match(i)]
            if bad:
                return None, f"{quoted(bad[0])} is not an id (lower-case letters, digits, _ . -)"
            return ids, None
        if col.cell is Cell.ID and not _ID.match(text):
            return None, (
                f"{quoted(text)} is not an id: use lower-case letters, digits, '_', '.' and '-'"
            )
        return text, None
    if col.cell is Cell.YESNO:
        if isinstance(v, bool):
            return v, None
        found = _YES.get(str(v).casefold())
        if found is None:
            return None, f"{quoted(v)} is neither yes nor no"
        return found, None
    # NUMBER or WHOLE
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None, f"holds the text {quoted(v)}; write a number (a decimal point, not a comma)"
    if col.cell is Cell.WHOLE:
        if isinstance(v, float) and not v.is_integer():
            return None, f"holds {v!r}; write a whole number"
        return int(v), None
    return v, None


def _sheet_rows(
    sheet: Sheet, cells: Mapping[str, RawCell], problems: list[Problem], broken: set[str]
) -> list[Row] | None:
    """The sheet's rows, typed; None when its header is wrong (no row can be read). The id
    (first column) of a row left out for a problem in one of its cells goes to `broken`."""
    by_pos: dict[int, dict[int, RawCell]] = {}
    for ref, cell in cells.items():
        pos = split_ref(ref)
        if pos is not None:
            by_pos.setdefault(pos[0], {})[pos[1]] = cell
    header = by_pos.pop(1, {})
    known = {c.name: c for c in sheet.columns}
    letters: dict[str, str] = {}
    at: dict[int, Column] = {}
    for col_no in sorted(header):
        name = header[col_no].value
        if name is None or (isinstance(name, str) and not name.strip()):
            continue
        ref = f"{col_letter(col_no)}1"
        text = str(name).strip().lower()
        if text not in known:
            problems.append(
                Problem(
                    sheet.name,
                    ref,
                    f"unknown column {quoted(name)}; the sheet's columns are "
                    f"{', '.join(known)} (the sheet about says what each holds)",
                )
            )
        elif text in letters:
            problems.append(Problem(sheet.name, ref, f"the column {text} is there twice"))
        else:
            letters[text] = col_letter(col_no)
            at[col_no] = known[text]
    # An optional column may be left out of the header (a definition written before the
    # column existed reads as before); a problem about it points where it would go, after
    # the last column.
    last = max(header, default=0)
    for optional in sheet.columns:
        if not optional.required and optional.name not in letters:
            last += 1
            letters[optional.name] = col_letter(last)
    missing = [c.name for c in sheet.columns if c.name not in letters]
    if missing:
        problems.append(
            Problem(sheet.name, "1", f"the header row lacks the column(s) {', '.join(missing)}")
        )
        return None
    rows: list[Row] = []
    model = MODELS[sheet.name]
    for number in sorted(by_pos):
        values: dict[str, object] = {}
        before = len(problems)
        filled = False
        for col_no, cell in sorted(by_pos[number].items()):
            ref = f"{col_letter(col_no)}{number}"
            col = at.get(col_no)
            value, wrong = _cell_value(col, cell) if col else (cell.value, None)
            if value is None and wrong is None:
                continue
            filled = True
            if col is None:
                problems.append(
                    Problem(
                        sheet.name,
                        ref,
                        "a value in a column without a header; give the "
                        "column its name or clear the cell",
                    )
                )
            elif wrong is not None:
                problems.append(Problem(sheet.name, ref, f"{col.name} {wrong}"))
            else:
                values[col.name] = value
        if not filled:
            continue  # an empty row (formatting only): no item
        for col in sheet.columns:
            if (
                col.required
                and col.name not in values
                and not _told(problems[before:], col, letters, number)
            ):
                problems.append(
                    Problem(
                        sheet.name,
                        f"{letters[col.name]}{number}",
                        f"{col.name} is empty; it is required (e.g. {col.example})",
                    )
                )
        # The row's model checks what each column must keep to (bounds, lengths), also when
        # another cell of the row has a problem, so one check lists every mistake. A missing
        # value was said above (empty, or unreadable) and is no second mistake.
        try:
            made = model.model_validate(values)
        except ValidationError as exc:
            made = None
            for error in exc.errors(include_url=False):
                name = str(error["loc"][0]) if error["loc"] else ""
                if error["type"] != "missing" and name in letters:
                    problems.append(
                        Problem(
                            sheet.name,
                            f"{letters[name]}{number}",
                            f"{name} {problem_message(error)}",
                        )
                    )
        if made is not None and len(problems) == before:
            rows.append(Row(sheet.name, number, made, letters))
        else:
            # "" stands for a left-out row whose id is unreadable itself.
            key = values.get(sheet.columns[0].name)
            broken.add(key if isinstance(key, str) else "")
    return rows


def _told(said: list[Problem], col: Column, letters: Mapping[str, str], number: int) -> bool:
    """Whether the cell of `col` in row `number` already has its problem (no second one)."""
    ref = f"{letters[col.name]}{number}"
    return any(p.cell == ref for p in said)


def read_rows(path: Path) -> tuple[Rows | None, list[Problem], Broken]:
    """Every sheet's rows, typed, the problems of single cells and headers, and the ids of
    the rows left out for them. Rows is None when a sheet or a header is wrong."""
    problems: list[Problem] = []
    broken: Broken = {s.name: set() for s in SHEETS}
    try:
        wb = read_sheets(path, [s.name for s in SHEETS])
    except ReadError as exc:
        return None, [Problem("", "", exc.message)], broken
    except OSError as exc:
        return None, [Problem("", "", f"the file cannot be read: {exc.strerror or exc}")], broken
    rows: Rows = {}
    whole = True
    for sheet in SHEETS:
        raw = wb.sheets.get(sheet.name)
        if raw is None:
            problems.append(
                Problem(sheet.name, "", f"the sheet {sheet.name} is missing ({sheet.meaning})")
            )
            whole = False
            continue
        got = _sheet_rows(sheet, raw, problems, broken[sheet.name])
        if got is None:
            whole = False
        else:
            rows[sheet.name] = got
    return (rows if whole else None), problems, broken


def check(path: Path) -> tuple[Catalogue | None, tuple[Problem, ...]]:
    """The catalogue the definition at `path` declares, or None and its problems.

    The rows are checked against each other also when some cells have problems (the rows
    with a problem count as there), so one `definition check` lists every mistake.
    """
    rows, problems, broken = read_rows(path)
    if rows is None:
        return None, tuple(problems)
    cat, more = build(rows, str(path), broken)
    if problems or more:
        return None, (*problems, *more)
    return cat, ()


def load(path: Path) -> Catalogue:
    """The catalogue at `path`; `DefinitionError` with every problem when it has any."""
    cat, problems = check(path)
    if cat is None:
        raise DefinitionError(str(path), problems)
    return cat
