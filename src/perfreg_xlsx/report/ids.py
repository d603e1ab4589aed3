"""The check that the report's declarations name only indicators the survey defines.

Figures (`figures`), tables (`tables`) and appendix 3 (`appendix3`) name their indicators by
id, as literals. Each declaration is checked when it is made, that is when its module is
loaded: a mistyped or removed id stops the program at import with the figure or table and the
id, instead of showing up as an empty (NA) series in a report. Every id checked is also kept,
so that a definition put in force later (`survey.catalogue.use`, issue 15) is checked against
the same declarations by `check_named` before a report is made.
"""

from __future__ import annotations

from collections.abc import Iterable

from perfreg_xlsx.errors import UsageError
from perfreg_xlsx.survey.catalogue import Catalogue, current

# (owner, ids) of every declaration checked so far, in the order they were made.
_NAMED: list[tuple[str, tuple[str, ...]]] = []


class UnknownIndicatorError(UsageError, ValueError):
    """A figure or table of the report names an indicator id the survey does not define."""


def check_ids(owner: str, ids: Iterable[str]) -> None:
    """Raise `UnknownIndicatorError` naming `owner` for the first of `ids` not in the survey."""
    named = tuple(ids)
    _check(owner, named, current())
    # Kept only once it passed: a declaration refused here (a test's bad id) must not be
    # checked again, and refused, in every later run of the same process.
    _NAMED.append((owner, named))


def check_named(cat: Catalogue | None = None) -> None:
    """Raise `UnknownIndicatorError` when a declaration checked so far, or the headline of
    the key findings, names an indicator `cat` (default: the one in force) does not define."""
    cat = cat or current()
    _check("Hovedresultater (the definition's headline)", cat.headline, cat)
    for owner, ids in _NAMED:
        _check(owner, ids, cat)


def _check(owner: str, ids: Iterable[str], cat: Catalogue) -> None:
    known = cat.indicators_by_id
    for iid in ids:
        if iid not in known:
            where = "" if cat.source == "built-in" else f" ({cat.source})"
            raise UnknownIndicatorError(
                f"{owner} names the indicator {iid!r}, which the survey definition{where} "
                "does not define"
            )
