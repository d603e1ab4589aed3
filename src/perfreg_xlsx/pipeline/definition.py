"""Write the built-in survey definition as a workbook (`definition export`)."""

from __future__ import annotations

from pathlib import Path

from perfreg_xlsx.definition.export import write_definition
from perfreg_xlsx.survey import catalogue


def export_builtin(out: Path) -> Path:
    """Write the built-in definition (the packaged workbook, as loaded) to `out`.

    Written from what was loaded, not copied, so what a user starts from is exactly what the
    program understood of the packaged file (a test: the bytes are the packaged file's).
    """
    builtin = catalogue.builtin()
    return write_definition(builtin, out, builtin.figures)
