"""Appendix 3, the wider landscape: totals over every cluster and innovation network of the
register, split into the two populations.

The indicators themselves are rows of the definition (`indicators` sheet, section "bilag3",
ids starting with "landscape_" as in history/other_published_figures.csv); this is the
appendix's layout, which names them by id: one row per stem, one column per population
(`report.appendix3.COLUMNS`: the suffixes "_networks", "_others" and "" for the total).
"""

from __future__ import annotations

LANDSCAPE_PREFIX = "landscape_"
# (id stem, field, label): the count of organisations first, then the published totals.
LANDSCAPE_ROWS: tuple[tuple[str, str | None, str], ...] = (
    ("clusters", None, "Antal klynger og netværk"),
    ("firms_participating", "firms_participating", "Antal deltagende virksomheder"),
    (
        "firms_collab",
        "firms_collab",
        "Antal virksomheder, der deltog i samspilsprojekter med videninstitutioner",
    ),
    (
        "firms_new_products",
        "firms_new_products",
        "Antal virksomheder, der har udviklet nye produkter/ydelser/processer",
    ),
)


def landscape_id(stem: str, suffix: str = "") -> str:
    """The id of an appendix 3 indicator, e.g. `landscape_firms_collab_others`."""
    return f"{LANDSCAPE_PREFIX}{stem}{suffix}"
