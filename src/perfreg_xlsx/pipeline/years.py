"""The survey year a command means when none is given: the one after the newest on record."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

# File names that carry a survey year: what aggregate recorded, the published appendix's
# last year, the blank forms written, and returned questionnaires (<short_name>_<year>).
_YEAR_NAMES = (
    re.compile(r"(?:recorded|answers)_(\d{4})\.csv", re.IGNORECASE),
    re.compile(r"bilag1_\d{4}_(\d{4})\.csv", re.IGNORECASE),
    re.compile(r"questionnaire(?:_cluster)?_(\d{4})\.xlsx", re.IGNORECASE),
    re.compile(r"[a-z0-9-]+_(\d{4})\.xls[xm]", re.IGNORECASE),
)


def _years(folder: Path) -> Iterable[int]:
    try:
        names = [p.name for p in folder.iterdir()]
    except OSError:
        return
    for name in names:
        for pattern in _YEAR_NAMES:
            match = pattern.fullmatch(name)
            if match and 2000 <= int(match.group(1)) <= 2099:
                yield int(match.group(1))


def next_survey_year(folders: Iterable[Path], fallback: int) -> tuple[int, int | None]:
    """The year after the newest survey year any of `folders` names, and that newest year.

    `fallback` (and None) when none names one: a project without history or forms yet.
    """
    newest = max((y for folder in folders for y in _years(folder)), default=None)
    return (fallback, None) if newest is None else (newest + 1, newest)
