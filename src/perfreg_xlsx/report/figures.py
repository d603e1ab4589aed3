"""The report's figures, in report order, as the definition in force declares them.

The definition's `figures` and `figure_series` sheets hold every figure (issue 15): its
caption, title, chart type, the indicators it shows and the years; `figure_rows` turns those
rows into the report objects of `figure_kinds` (the kinds of figure and how each is made
from a `Summary`), and `figure_sheets` draws them. To add a figure, add its rows to the
definition workbook; no Python changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from perfreg_xlsx.models import Summary
from perfreg_xlsx.report.figure_kinds import Declared, Figure, Source
from perfreg_xlsx.report.history import ExtraYears
from perfreg_xlsx.survey import catalogue
from perfreg_xlsx.survey.catalogue import Catalogue


def declared_figures() -> tuple[Declared, ...]:
    """The figures of the definition in force."""
    return _declared(catalogue.current())


@cache  # per catalogue (compared by identity): made once per run
def _declared(cat: Catalogue) -> tuple[Declared, ...]:
    from perfreg_xlsx.report.figure_rows import from_rows

    return from_rows(cat.figures)


def build_figures(
    summary: Summary,
    extra_years: ExtraYears | None = None,
    declared: Sequence[Declared] | None = None,
) -> list[Figure]:
    """Every figure of `declared` (default: the definition's, `declared_figures()`), in
    order, from the Summary.

    `extra_years` maps (indicator id, year) to the figure of a year before the Summary's
    years (a `history.History` is such a mapping); only figures reaching back that far use it.
    Figures are built even when all their values are missing (`Figure.has_data` is False).
    """
    src = Source(summary, extra_years)
    figures = declared_figures() if declared is None else declared
    return [figure.build(src, summary.survey_year) for figure in figures]
