"""Write the built-in survey definition as a workbook (`definition export`).

The built-in figures are report objects (`report.figures.FIGURES`), which `definition` may
not import; here they are turned into the rows the workbook holds.
"""

from __future__ import annotations

from pathlib import Path

from perfreg_xlsx.definition.export import write_definition
from perfreg_xlsx.report.figure_rows import to_rows
from perfreg_xlsx.report.figures import FIGURES
from perfreg_xlsx.survey import catalogue


def export_builtin(out: Path) -> Path:
    """Write the built-in definition (survey/ and report/figures.py's declarations) to `out`."""
    return write_definition(catalogue.builtin(), out, to_rows(FIGURES))
