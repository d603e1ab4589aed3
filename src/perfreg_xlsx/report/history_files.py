"""Reading the CSV files of the history folder: every cell checked, every error named by file,
line and column (`HistoryError`). `history` merges what is read here into a `History`.

The files are made and corrected by people in Excel: a mistyped unit, year heading or number is
refused with where it is, rather than leaving a figure out of the report unseen. An id the
survey definition in force does not have (dropped from it this year, or mistyped) is left out
and named in the warnings (`history.history_warnings`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from perfreg_xlsx.errors import HistoryError
from perfreg_xlsx.survey.catalogue import current
from perfreg_xlsx.survey.landscape import LANDSCAPE_PREFIX
from perfreg_xlsx.util import csvtext
from perfreg_xlsx.util.safetext import shortened

RECORDED_COLUMNS = ("id", "year", "value", "networks", "unit")
NETWORKS_ID = "networks_reporting"
# Ids of the published files that name a catalogue indicator differently.
ALIASES: Mapping[str, str] = {"ki_units_total": "ki_units_innovation_projects"}
# Figures of appendix 3 (the wider landscape) are kept under their own ids.
APPENDIX3_PREFIX = LANDSCAPE_PREFIX

_NA = frozenset({"NA", "N/A"})
# ASCII digits only; whole digits no more than a float holds (17: 400 nines became infinity),
# and decimals as many as `decimal_text` writes for a tiny figure, within a bound.
_NUMBER = re.compile(r"^-?[0-9]{1,17}(\.[0-9]{1,400})?$")
_YEAR = re.compile(r"^[0-9]{4}$")
_SHOWN_MAX = 40  # characters of a bad cell quoted in a message
_WIDE_TEXT_COLUMNS = ("id", "section", "label_da", "unit", "note")


@dataclass(frozen=True)
class Entry:
    """One figure as a history file gives it."""

    id: str
    year: int
    value: float | None
    networks: int | None
    where: str  # "file, line N" for messages about duplicates
    # False for an id the definition in force does not have: kept for the duplicate checks,
    # then left out of the report (and said, see `history.history_warnings`).
    known: bool = True


def as_count(value: float | None) -> int | None:
    """A count of networks read as a number, as a whole number."""
    return None if value is None else int(value)


def _read_rows(
    path: Path, required: tuple[str, ...]
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the (line number, row) pairs of a CSV file, with clear errors."""
    try:
        text = csvtext.read(path)
    except csvtext.NotText as exc:
        raise HistoryError(f"cannot read {path}: {exc}") from None
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=csvtext.delimiter(text), strict=True
    )
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        header = [h.strip() for h in next(reader, [])]
        missing = [c for c in required if c not in header]
        if missing:
            raise HistoryError(
                f"{path}, line 1: missing column(s) {', '.join(missing)} "
                f"(the header reads: {', '.join(header) or 'nothing'})"
            )
        doubled = sorted({h for h in header if h and header.count(h) > 1})
        if doubled:
            raise HistoryError(f"{path}, line 1: column(s) {', '.join(doubled)} appear twice")
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue  # blank lines, as Excel sometimes leaves at the end
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                raise HistoryError(
                    f"{path}, line {reader.line_num}: {len(cells)} cells, "
                    f"but the header has {len(header)} columns"
                )
            cells = (cells + [""] * len(header))[: len(header)]
            row = {h: c.strip() for h, c in zip(header, cells, strict=True)}
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise HistoryError(f"{path}, line {reader.line_num}: not valid CSV ({exc})") from None
    return header, rows


def _number(path: Path, line: int, column: str, text: str) -> float | None:
    if text.upper() in _NA:
        return None
    if _NUMBER.match(text):
        try:
            return float(Decimal(text))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            pass
    hint = " (use '.' as decimal separator)" if "," in text else ""
    if len(text) > _SHOWN_MAX:
        hint = f" ({len(text)} characters; at most 17 digits before the point)"
    shown = repr(shortened(text, _SHOWN_MAX)) if text else "an empty cell"
    raise HistoryError(f"{path}, line {line}, column {column}: {shown} is not a number or NA{hint}")


def _count(path: Path, line: int, column: str, text: str) -> int | None:
    value = _number(path, line, column, text)
    if value is not None and (value < 0 or not value.is_integer()):
        raise HistoryError(
            f"{path}, line {line}, column {column}: {text!r} is not a whole number of networks"
        )
    return as_count(value)


def _value(path: Path, line: int, column: str, text: str, iid: str) -> float | None:
    if iid == NETWORKS_ID:  # a count of networks, which becomes every figure's `networks`
        count = _count(path, line, column, text)
        return None if count is None else float(count)
    return _number(path, line, column, text)


def _year(path: Path, line: int, column: str, text: str) -> int:
    if not _YEAR.match(text):
        raise HistoryError(
            f"{path}, line {line}, column {column}: {shortened(text, _SHOWN_MAX)!r} is not a year"
        )
    return int(text)


def _indicator_id(path: Path, line: int, text: str, unit: str | None) -> tuple[str, bool]:
    """The indicator id of a row, and whether the definition in force has it.

    An earlier year's definition may have had indicators this year's has not (issue 15): their
    figures are read (and checked) but left out, and `history_warnings` names them, so a
    mistyped id is still said rather than dropped without a word.
    """
    if not text:
        raise HistoryError(f"{path}, line {line}, column id: the id is empty")
    iid = ALIASES.get(text, text)
    ind = current().indicators_by_id.get(iid)
    known = ind is not None or iid.startswith(APPENDIX3_PREFIX)
    # A unit that differs from the catalogue's means the figure would be misread (1.000 kr.
    # taken for mio. kr.).
    if ind is not None and unit is not None and unit != ind.unit:
        raise HistoryError(
            f"{path}, line {line}, column unit: {text} is in {unit!r}, "
            f"but the report shows it in {ind.unit!r}"
        )
    return iid, known


def read_wide(path: Path) -> tuple[list[Entry], dict[str, str]]:
    header, rows = _read_rows(path, ("id",))
    year_columns = [h for h in header if _YEAR.match(h)]
    change_columns = [h for h in header if h.startswith("change_")]
    if not year_columns:
        raise HistoryError(f"{path}, line 1: no year columns (like 2011) in the header")
    if len(change_columns) > 1:
        raise HistoryError(
            f"{path}, line 1: more than one change column ({', '.join(change_columns)})"
        )
    # A mistyped year heading ("2O10") would otherwise drop that year's figures unnoticed.
    unknown = [
        h
        for h in header
        if h and h not in _WIDE_TEXT_COLUMNS and h not in year_columns and h not in change_columns
    ]
    if unknown:
        raise HistoryError(
            f"{path}, line 1: column(s) {', '.join(repr(h) for h in unknown)} are neither a "
            f"year (like 2011), a change_ column nor one of {', '.join(_WIDE_TEXT_COLUMNS)}"
        )
    figures: list[Entry] = []
    changes: dict[str, str] = {}
    seen: dict[str, int] = {}
    for line, row in rows:
        iid, known = _indicator_id(path, line, row["id"], row.get("unit"))
        if iid in seen:
            raise HistoryError(
                f"{path}, line {line}, column id: {row['id']} is already listed on line {seen[iid]}"
            )
        seen[iid] = line
        for column in year_columns:
            value = _value(path, line, column, row[column], iid)
            figures.append(Entry(iid, int(column), value, None, f"{path}, line {line}", known))
        if change_columns and row[change_columns[0]]:
            changes[iid] = row[change_columns[0]]
    return figures, changes


def read_long(path: Path) -> list[Entry]:
    _, rows = _read_rows(path, ("id", "year", "value"))
    figures: list[Entry] = []
    for line, row in rows:
        iid, known = _indicator_id(path, line, row["id"], row.get("unit"))
        year = _year(path, line, "year", row["year"])
        value = _value(path, line, "value", row["value"], iid)
        figures.append(Entry(iid, year, value, None, f"{path}, line {line}", known))
    return figures


def read_recorded(path: Path, year: int) -> list[Entry]:
    _, rows = _read_rows(path, RECORDED_COLUMNS)
    figures: list[Entry] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        iid, known = _indicator_id(path, line, row["id"], row["unit"])
        if iid in seen:
            raise HistoryError(
                f"{path}, line {line}, column id: {row['id']} is already listed on line {seen[iid]}"
            )
        seen[iid] = line
        row_year = _year(path, line, "year", row["year"])
        if row_year != year:
            raise HistoryError(
                f"{path}, line {line}, column year: {row_year} in the file of year {year}"
            )
        value = _value(path, line, "value", row["value"], iid)
        networks = _count(path, line, "networks", row["networks"])
        figures.append(Entry(iid, year, value, networks, f"{path}, line {line}", known))
    return figures
