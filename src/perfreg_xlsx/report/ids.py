"""The check that the report's declarations name only indicators the survey defines.

Figures (`figures`) and tables (`tables`) name their indicators by id, as literals. Each
declaration is checked when it is made, that is when its module is loaded: a mistyped or
removed id stops the program at import with the figure or table and the id, instead of
showing up as an empty (NA) series in a report.
"""

from __future__ import annotations

from collections.abc import Iterable

from perfreg_xlsx.survey.catalogue import current


class UnknownIndicatorError(ValueError):
    """A figure or table of the report names an indicator id the survey does not define."""


def check_ids(owner: str, ids: Iterable[str]) -> None:
    """Raise `UnknownIndicatorError` naming `owner` for the first of `ids` not in the survey."""
    known = current().indicators_by_id
    for iid in ids:
        if iid not in known:
            raise UnknownIndicatorError(
                f"{owner} names the indicator {iid!r}, which the survey definition does not define"
            )
