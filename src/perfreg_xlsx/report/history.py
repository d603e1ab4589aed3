"""The figures of earlier years: as published, and as recorded by earlier `aggregate` runs.

Two kinds of CSV file live in the history folder of the project (default `history/`), so that
a person can read and correct them in Excel:

* published figures, typed in once from the printed reports:
  `bilag1_2007_2012.csv` (wide: one row per indicator, one column per year, plus the published
  "Procent ændring" column) and `other_published_figures.csv` (long: one row per figure);
* recorded figures: every `aggregate` run for year Y writes `recorded_<Y>.csv` with every
  indicator of that year as computed, so next year's run reads them and nobody retypes them.

For a given (indicator, year) a recorded figure wins over a published one: it is the tool's
own computation from the answers. Published figures fill the years (and the figures) that no
run has recorded. Values are read with '.' as decimal separator; "NA" (or "N/A") means the
figure was not collected that year.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from perfreg_xlsx.errors import HistoryError, OutputError
from perfreg_xlsx.models import Summary, YearValue
from perfreg_xlsx.survey.indicators import INDICATORS_BY_ID
from perfreg_xlsx.survey.landscape import LANDSCAPE_PREFIX
from perfreg_xlsx.util import csvtext
from perfreg_xlsx.util.atomic import atomic_write
from perfreg_xlsx.util.numbers import decimal_text

DEFAULT_FOLDER = Path("history")
PUBLISHED_WIDE = "bilag1_2007_2012.csv"
PUBLISHED_LONG = "other_published_figures.csv"
RECORDED_COLUMNS = ("id", "year", "value", "networks", "unit")
LONG_COLUMNS = ("id", "source_in_report", "year", "value", "unit", "note")
NETWORKS_ID = "networks_reporting"

# Ids of the published files that name a catalogue indicator differently.
ALIASES: Mapping[str, str] = {"ki_units_total": "ki_units_innovation_projects"}
# Figures of appendix 3 (the wider landscape) are kept under their own ids.
APPENDIX3_PREFIX = LANDSCAPE_PREFIX

_Key = tuple[str, int]
# (indicator id, year) -> figure of a year before the report's years; a `History` is one.
ExtraYears = Mapping[_Key, YearValue]

_NA = frozenset({"NA", "N/A"})
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_YEAR = re.compile(r"^\d{4}$")
_WIDE_TEXT_COLUMNS = ("id", "section", "label_da", "unit", "note")
_RECORDED = re.compile(r"^recorded_(\d{4})\.csv$")


class History(Mapping[_Key, YearValue]):
    """Earlier years' figures: `history[(indicator_id, year)]` is a `YearValue`.

    A key that is absent means nothing is known; a `YearValue` whose value is None means the
    figure is known not to exist that year (NA).
    """

    def __init__(
        self,
        values: Mapping[_Key, YearValue] | None = None,
        changes: Mapping[str, str] | None = None,
        files: tuple[Path, ...] = (),
    ) -> None:
        self._values: dict[_Key, YearValue] = dict(values or {})
        self._changes: dict[str, str] = dict(changes or {})
        self.files = files  # the files read, in reading order

    def __getitem__(self, key: _Key) -> YearValue:
        return self._values[key]

    def __iter__(self) -> Iterator[_Key]:
        return iter(sorted(self._values))

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"History({len(self)} figures from {len(self.files)} files)"

    @property
    def years(self) -> tuple[int, ...]:
        """Every year with at least one figure, oldest first."""
        return tuple(sorted({year for _, year in self._values}))

    def published_change(self, indicator_id: str) -> str | None:
        """The published "Procent ændring" text of an appendix 1 row, e.g. "19%" or "NA".

        None when the row has no published change (the header row, or an unknown id).
        """
        return self._changes.get(indicator_id)


@dataclass(frozen=True)
class _Figure:
    id: str
    year: int
    value: float | None
    networks: int | None
    where: str  # "file, line N" for messages about duplicates


def load_history(folder: Path, before_year: int) -> History:
    """Read every figure of the years before `before_year` from the history folder.

    Raises HistoryError (naming file, line and column) when a file cannot be read, lacks a
    column, holds a value that is not a number or NA, or lists a figure twice.
    """
    if not folder.is_dir():
        raise HistoryError(
            f"history folder {folder} not found (it holds the published figures of earlier "
            "years; run from the project folder or point to it)"
        )
    # A published file saved under another name ("bilag1_2007_2012 (1).csv") would leave
    # every earlier year NA without a word; refuse CSV files the loader would not read.
    for path in sorted(folder.glob("*.csv")):
        if path.name not in (PUBLISHED_WIDE, PUBLISHED_LONG) and not path.name.startswith(
            "recorded_"
        ):
            raise HistoryError(
                f"{path}: not a history file (expected {PUBLISHED_WIDE}, {PUBLISHED_LONG} or "
                "recorded_<year>.csv); rename or remove it"
            )
    files: list[Path] = []
    published: list[_Figure] = []
    changes: dict[str, str] = {}
    wide = folder / PUBLISHED_WIDE
    if wide.exists():
        figures, changes = _read_wide(wide)
        published.extend(figures)
        files.append(wide)
    long = folder / PUBLISHED_LONG
    if long.exists():
        published.extend(_read_long(long))
        files.append(long)
    recorded: list[_Figure] = []
    for path in sorted(folder.glob("recorded_*.csv")):
        match = _RECORDED.match(path.name)
        if match is None:
            raise HistoryError(
                f"{path}: not a recorded year (expected a name like recorded_2013.csv); "
                "rename or remove it"
            )
        year = int(match.group(1))
        if year >= before_year:
            continue  # the survey year (and later) is always computed afresh
        recorded.extend(_read_recorded(path, year))
        files.append(path)
    if not files:
        raise HistoryError(
            f"history folder {folder} holds none of {PUBLISHED_WIDE}, {PUBLISHED_LONG} or "
            "recorded_<year>.csv"
        )
    values = _merge(published, recorded, before_year)
    return History(values, changes, tuple(files))


def _merge(
    published: list[_Figure], recorded: list[_Figure], before_year: int
) -> dict[_Key, YearValue]:
    seen: dict[_Key, str] = {}
    for fig in published:
        key = (fig.id, fig.year)
        if key in seen:
            raise HistoryError(
                f"{fig.where}: {fig.id} {fig.year} is already given at {seen[key]}; "
                "keep one of them"
            )
        seen[key] = fig.where
    # Published figures carry no network count: that year's networks_reporting is behind them.
    networks: dict[int, int | None] = {
        f.year: _as_count(f.value) for f in published if f.id == NETWORKS_ID
    }
    values: dict[_Key, YearValue] = {}
    for fig in published:
        if fig.year >= before_year:
            continue
        # Appendix 3 counts the other clusters too, so networks_reporting is not behind it.
        own = fig.id in INDICATORS_BY_ID and not fig.id.startswith(APPENDIX3_PREFIX)
        behind = networks.get(fig.year) if own else None
        values[(fig.id, fig.year)] = YearValue(
            year=fig.year,
            value=fig.value,
            networks=None if fig.value is None else behind,
            source="published",
        )
    for fig in recorded:
        values[(fig.id, fig.year)] = YearValue(
            year=fig.year, value=fig.value, networks=fig.networks, source="recorded"
        )
    return values


def _as_count(value: float | None) -> int | None:
    return None if value is None else int(value)


# --- Reading ---------------------------------------------------------------------------------


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
    shown = repr(text) if text else "an empty cell"
    raise HistoryError(f"{path}, line {line}, column {column}: {shown} is not a number or NA{hint}")


def _count(path: Path, line: int, column: str, text: str) -> int | None:
    value = _number(path, line, column, text)
    if value is not None and (value < 0 or not value.is_integer()):
        raise HistoryError(
            f"{path}, line {line}, column {column}: {text!r} is not a whole number of networks"
        )
    return _as_count(value)


def _value(path: Path, line: int, column: str, text: str, iid: str) -> float | None:
    if iid == NETWORKS_ID:  # a count of networks, which becomes every figure's `networks`
        count = _count(path, line, column, text)
        return None if count is None else float(count)
    return _number(path, line, column, text)


def _year(path: Path, line: int, column: str, text: str) -> int:
    if not _YEAR.match(text):
        raise HistoryError(f"{path}, line {line}, column {column}: {text!r} is not a year")
    return int(text)


def _indicator_id(path: Path, line: int, text: str, unit: str | None) -> str:
    if not text:
        raise HistoryError(f"{path}, line {line}, column id: the id is empty")
    iid = ALIASES.get(text, text)
    ind = INDICATORS_BY_ID.get(iid)
    if ind is None and not iid.startswith(APPENDIX3_PREFIX):
        # A mistyped id would otherwise leave its figure out of the report without a word.
        raise HistoryError(
            f"{path}, line {line}, column id: {text!r} is not an indicator of the report "
            f"(figures of appendix 3 start with {APPENDIX3_PREFIX!r})"
        )
    # A unit that differs from the catalogue's means the figure would be misread (1.000 kr.
    # taken for mio. kr.).
    if ind is not None and unit is not None and unit != ind.unit:
        raise HistoryError(
            f"{path}, line {line}, column unit: {text} is in {unit!r}, "
            f"but the report shows it in {ind.unit!r}"
        )
    return iid


def _read_wide(path: Path) -> tuple[list[_Figure], dict[str, str]]:
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
    figures: list[_Figure] = []
    changes: dict[str, str] = {}
    seen: dict[str, int] = {}
    for line, row in rows:
        iid = _indicator_id(path, line, row["id"], row.get("unit"))
        if iid in seen:
            raise HistoryError(
                f"{path}, line {line}, column id: {row['id']} is already listed on line {seen[iid]}"
            )
        seen[iid] = line
        for column in year_columns:
            value = _value(path, line, column, row[column], iid)
            figures.append(_Figure(iid, int(column), value, None, f"{path}, line {line}"))
        if change_columns and row[change_columns[0]]:
            changes[iid] = row[change_columns[0]]
    return figures, changes


def _read_long(path: Path) -> list[_Figure]:
    _, rows = _read_rows(path, ("id", "year", "value"))
    figures: list[_Figure] = []
    for line, row in rows:
        iid = _indicator_id(path, line, row["id"], row.get("unit"))
        year = _year(path, line, "year", row["year"])
        value = _value(path, line, "value", row["value"], iid)
        figures.append(_Figure(iid, year, value, None, f"{path}, line {line}"))
    return figures


def _read_recorded(path: Path, year: int) -> list[_Figure]:
    _, rows = _read_rows(path, RECORDED_COLUMNS)
    figures: list[_Figure] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        iid = _indicator_id(path, line, row["id"], row["unit"])
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
        figures.append(_Figure(iid, year, value, networks, f"{path}, line {line}"))
    return figures


# --- Recording -------------------------------------------------------------------------------


def recorded_path(folder: Path, year: int) -> Path:
    """Where the figures of `year` are recorded."""
    return folder / f"recorded_{year}.csv"


def record_year(folder: Path, summary: Summary) -> Path:
    """Write every indicator of the survey year, as computed, to `recorded_<year>.csv`.

    Values are unrounded, '.' as decimal separator, "NA" where there is no figure. The file
    is replaced atomically, so an interrupted run leaves the previous recording intact.
    Raises OutputError when the file cannot be written.
    """
    year = summary.survey_year
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(RECORDED_COLUMNS)
    for ind in summary.indicators:
        yv = next((v for v in ind.series if v.year == year), None)
        value = "NA" if yv is None or yv.value is None else decimal_text(yv.value)
        networks = "NA" if yv is None or yv.networks is None else str(yv.networks)
        writer.writerow((ind.id, year, value, networks, ind.unit))
    target = recorded_path(folder, year)
    # A BOM lets Excel show "årsværk" correctly when a person opens the file.
    data = buffer.getvalue().encode("utf-8-sig")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    return atomic_write(target, write)
