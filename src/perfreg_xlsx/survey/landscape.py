"""Appendix 3, the wider landscape: totals over every cluster and innovation network of the
register, split into the two populations.
"""

from __future__ import annotations

from perfreg_xlsx.survey.labels import COLLAB, NEW_PRODUCTS, PART
from perfreg_xlsx.survey.types import (
    BOTH,
    CLUSTER_ONLY,
    NETWORK_ONLY,
    Agg,
    Indicator,
    Programme,
    indicator,
)

# --- Appendix 3: the wider landscape -------------------------------------------------------
# Every cluster and innovation network of the register answers the fields marked BOTH; appendix
# 3 shows their totals over both programmes, split into the two populations. The ids start with
# "landscape_" as in history/other_published_figures.csv.

LANDSCAPE_SECTION = "bilag3"
LANDSCAPE_PREFIX = "landscape_"
# (suffix of the id, programmes, suffix of the label): the total, then the split.
LANDSCAPE_POPULATIONS: tuple[tuple[str, frozenset[Programme], str], ...] = (
    ("", BOTH, " – i alt"),
    ("_networks", NETWORK_ONLY, " – heraf innovationsnetværk"),
    ("_others", CLUSTER_ONLY, " – heraf øvrige klynger"),
)
# (id stem, field, label): the count of organisations first, then the published totals.
LANDSCAPE_ROWS: tuple[tuple[str, str | None, str], ...] = (
    ("clusters", None, "Antal klynger og netværk"),
    ("firms_participating", "firms_participating", PART),
    ("firms_collab", "firms_collab", COLLAB),
    ("firms_new_products", "firms_new_products", NEW_PRODUCTS),
)


def landscape_id(stem: str, suffix: str = "") -> str:
    """The id of an appendix 3 indicator, e.g. `landscape_firms_collab_others`."""
    return f"{LANDSCAPE_PREFIX}{stem}{suffix}"


LANDSCAPE: tuple[Indicator, ...] = tuple(
    indicator(
        landscape_id(stem, suffix),
        LANDSCAPE_SECTION,
        label + label_suffix,
        Agg.COUNT if field is None else Agg.SUM,
        *(() if field is None else (field,)),
        unit="antal",
        appendix1=False,
        programmes=programmes,
    )
    for stem, field, label in LANDSCAPE_ROWS
    for suffix, programmes, label_suffix in LANDSCAPE_POPULATIONS
)
