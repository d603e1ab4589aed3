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

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from perfreg_xlsx.errors import HistoryError
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
from perfreg_xlsx.survey.catalogue import current
from perfreg_xlsx.util import csvtext
from perfreg_xlsx.util.numbers import decimal_text
from perfreg_xlsx.util.safetext import for_terminal, path_text

PUBLISHED_WIDE = "bilag1_2007_2012.csv"
PUBLISHED_LONG = "other_published_figures.csv"
PUBLISHED_YEARS = range(2007, 2013)  # the years appendix 1 of the 2012 publication gives
# Files a history folder may hold that are not read, and not worth a word: its description,
# hidden files and the lock files Excel and LibreOffice leave beside an open file.
_DESCRIPTIONS = frozenset({"readme.md", "readme.txt", "readme", "desktop.ini", "thumbs.db"})
_NOT_OURS = (".", "~$")

_Key = tuple[str, int]
# (indicator id, year) -> figure of a year before the report's years; a `History` is one.
ExtraYears = Mapping[_Key, YearValue]

_RECORDED = re.compile(r"^recorded_(\d{4})\.csv$")
_ANSWERS = re.compile(r"^answers_(\d{4})\.csv$")


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
        # Set by `load_history`, for `history_warnings`:
        self.folder: Path | None = None
        self.published_years: frozenset[int] = frozenset()  # year columns of appendix 1
        self.recorded_years: frozenset[int] = frozenset()
        self.unrecognised: tuple[Path, ...] = ()  # files in the folder that are not read
        # Where an id the definition in force does not have was read ("file, line N": id).
        self.unknown_ids: tuple[tuple[str, str], ...] = ()

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

    File names are matched in any letter case (`Recorded_2011.CSV` is the recording of 2011),
    as on Windows. Raises HistoryError (naming file, line and column) when a file cannot be
    read, lacks a column, holds a value that is not a number or NA, or lists a figure twice;
    or when a CSV file is not a history file, or two files differ only in letter case. Other
    files the loader does not read are kept in `History.unrecognised` (see `history_warnings`).
    """
    if not folder.is_dir():
        raise HistoryError(
            f"history folder {folder} not found (it holds the published figures of earlier "
            "years; run from the project folder or point to it)"
        )
    found = _listing(folder)
    files: list[Path] = []
    published: list[Entry] = []
    changes: dict[str, str] = {}
    wide_years: set[int] = set()  # the year columns of the published appendix 1
    years: set[int] = set()  # the recorded years read
    wide = found.named.get(PUBLISHED_WIDE)
    if wide is not None:
        figures, changes = read_wide(wide)
        published.extend(figures)
        wide_years.update(f.year for f in figures)
        files.append(wide)
    long = found.named.get(PUBLISHED_LONG)
    if long is not None:
        published.extend(read_long(long))
        files.append(long)
    recorded: list[Entry] = []
    for year, path in sorted(found.recorded.items()):
        if year >= before_year:
            continue  # the survey year (and later) is always computed afresh
        recorded.extend(read_recorded(path, year))
        years.add(year)
        files.append(path)
    if not files:
        raise HistoryError(
            f"history folder {folder} holds none of {PUBLISHED_WIDE}, {PUBLISHED_LONG} or "
            "recorded_<year>.csv"
        )
    values = _merge(published, recorded, before_year)
    unknown = {(f.where, f.id): None for f in (*published, *recorded) if not f.known}
    known = current().indicators_by_id
    changes = {k: v for k, v in changes.items() if k in known}
    history = History(values, changes, tuple(files))
    history.unknown_ids = tuple(unknown)
    history.folder, history.unrecognised = folder, found.unrecognised
    history.published_years, history.recorded_years = frozenset(wide_years), frozenset(years)
    return history


@dataclass
class _Listing:
    named: dict[str, Path] = field(default_factory=dict)  # published file name -> path
    recorded: dict[int, Path] = field(default_factory=dict)
    unrecognised: tuple[Path, ...] = ()


def _listing(folder: Path) -> _Listing:
    """The history files of `folder` by what they are, names compared in any letter case."""
    found = _Listing()
    seen: dict[str, Path] = {}
    unrecognised: list[Path] = []
    for path in sorted(folder.iterdir()):
        name = path.name.casefold()
        if name.startswith(_NOT_OURS) or name in _DESCRIPTIONS or not path.is_file():
            continue
        if name in seen:
            # Only where names are case-sensitive: Windows cannot hold both.
            raise HistoryError(
                f"{seen[name]} and {path}: two history files whose names differ only in "
                "letter case; keep one"
            )
        seen[name] = path
        if name in (PUBLISHED_WIDE, PUBLISHED_LONG):
            found.named[name] = path
        elif name.startswith("recorded_") and name.endswith(".csv"):
            match = _RECORDED.match(name)
            if match is None:
                raise HistoryError(
                    f"{path}: not a recorded year (expected a name like recorded_2013.csv); "
                    "rename or remove it"
                )
            found.recorded[int(match.group(1))] = path
        elif _ANSWERS.match(name):
            continue  # each network's answers (`answers_history`), for next year's forms
        elif name.endswith(".csv"):
            # A published file saved under another name ("bilag1_2007_2012 (1).csv") would
            # leave every earlier year NA without a word; refuse CSV files the loader would
            # not read.
            raise HistoryError(
                f"{path}: not a history file (expected {PUBLISHED_WIDE}, {PUBLISHED_LONG}, "
                "recorded_<year>.csv or answers_<year>.csv); rename or remove it"
            )
        else:
            unrecognised.append(path)
    found.unrecognised = tuple(unrecognised)
    return found


def history_warnings(history: History, years: Iterable[int]) -> tuple[str, ...]:
    """What the report misses from the history folder for the earlier `years` it shows: a
    history file not found (its years show NA), a file there that is not read, or figures of
    an indicator the definition in force does not have (left out).

    The published files hold the years of the 2012 publication (`PUBLISHED_YEARS`); any other
    year needs its `recorded_<year>.csv`. A recorded year needs no published file.
    """
    folder = history.folder
    if folder is None:  # not loaded from a folder: nothing to say about its files
        return ()
    read = {p.name.casefold() for p in history.files}
    shown = sorted(years)
    said: list[str] = []
    bare = [y for y in shown if y not in history.recorded_years | history.published_years]
    if PUBLISHED_WIDE not in read and any(y in PUBLISHED_YEARS for y in bare):
        said.append(
            f"{path_text(folder / PUBLISHED_WIDE)} not found: the report shows NA for "
            f"{_years(y for y in bare if y in PUBLISHED_YEARS)} (the published figures of "
            "appendix 1)"
        )
        bare = [y for y in bare if y not in PUBLISHED_YEARS]
    for year in bare:
        column = f" nor a {year} column in {PUBLISHED_WIDE}" if year in PUBLISHED_YEARS else ""
        said.append(
            f"no figures for {year} in {path_text(folder)}: no recorded_{year}.csv{column}, "
            f"so the report shows NA for {year}"
        )
    unpublished = [y for y in shown if y in PUBLISHED_YEARS and y not in history.recorded_years]
    if PUBLISHED_LONG not in read and unpublished:
        said.append(
            f"{path_text(folder / PUBLISHED_LONG)} not found: the published figures outside "
            f"appendix 1 of {_years(unpublished)} are missing from the report"
        )
    said.extend(
        f"{path_text(path)}: not a history file, not read (history files are "
        f"{PUBLISHED_WIDE}, {PUBLISHED_LONG} and recorded_<year>.csv)"
        for path in history.unrecognised
    )
    by_id: dict[str, list[str]] = {}
    for where, iid in history.unknown_ids:
        by_id.setdefault(iid, []).append(where)
    for iid, places in by_id.items():
        more = f" and {len(places) - 1} more" if len(places) > 1 else ""
        said.append(
            f"{for_terminal(iid)!r} ({places[0]}{more}) is not an indicator of the survey "
            "definition in force (dropped from it, or mistyped): its figures are left out of "
            "the report"
        )
    return tuple(said)


def _years(years: Iterable[int]) -> str:
    return ", ".join(map(str, years))


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
        if fig.year >= before_year or not fig.known:
            continue
        # Appendix 3 counts the other clusters too, so networks_reporting is not behind it.
        own = not fig.id.startswith(APPENDIX3_PREFIX)
        behind = networks.get(fig.year) if own else None
        values[(fig.id, fig.year)] = YearValue(
            year=fig.year,
            value=fig.value,
            networks=None if fig.value is None else behind,
            source="published",
        )
    for fig in recorded:
        if not fig.known:
            continue
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
    rows: list[tuple[object, ...]] = [RECORDED_COLUMNS]
    for ind in summary.indicators:
        yv = next((v for v in ind.series if v.year == year), None)
        value = "NA" if yv is None or yv.value is None else decimal_text(yv.value)
        networks = "NA" if yv is None or yv.networks is None else str(yv.networks)
        rows.append((ind.id, year, value, networks, ind.unit))
    return csvtext.write_rows(recorded_path(folder, year), rows)
