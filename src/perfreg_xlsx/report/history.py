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

This module owns the `History` (loading the folder, merging its files) and recording a year;
reading and checking each file is `history_files`'.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from perfreg_xlsx.errors import HistoryError, OutputError
from perfreg_xlsx.models import Summary, YearValue
from perfreg_xlsx.report.history_files import (
    APPENDIX3_PREFIX,
    NETWORKS_ID,
    RECORDED_COLUMNS,
    Entry,
    as_count,
    read_long,
    read_recorded,
    read_wide,
)
from perfreg_xlsx.survey.indicators import INDICATORS_BY_ID
from perfreg_xlsx.util.atomic import atomic_write
from perfreg_xlsx.util.numbers import decimal_text

DEFAULT_FOLDER = Path("history")
PUBLISHED_WIDE = "bilag1_2007_2012.csv"
PUBLISHED_LONG = "other_published_figures.csv"
LONG_COLUMNS = ("id", "source_in_report", "year", "value", "unit", "note")

_Key = tuple[str, int]
# (indicator id, year) -> figure of a year before the report's years; a `History` is one.
ExtraYears = Mapping[_Key, YearValue]

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
    published: list[Entry] = []
    changes: dict[str, str] = {}
    wide = folder / PUBLISHED_WIDE
    if wide.exists():
        figures, changes = read_wide(wide)
        published.extend(figures)
        files.append(wide)
    long = folder / PUBLISHED_LONG
    if long.exists():
        published.extend(read_long(long))
        files.append(long)
    recorded: list[Entry] = []
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
        recorded.extend(read_recorded(path, year))
        files.append(path)
    if not files:
        raise HistoryError(
            f"history folder {folder} holds none of {PUBLISHED_WIDE}, {PUBLISHED_LONG} or "
            "recorded_<year>.csv"
        )
    values = _merge(published, recorded, before_year)
    return History(values, changes, tuple(files))


def _merge(
    published: list[Entry], recorded: list[Entry], before_year: int
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
        f.year: as_count(f.value) for f in published if f.id == NETWORKS_ID
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
