"""Which definition file a run uses, and putting it in force.

`templates/definition.xlsx` in the project folder is the definition by default; a folder
without one uses the copy shipped inside the package. Light on purpose (no pipeline, no
report): every command that takes `--definition` imports this before it runs.
"""

from __future__ import annotations

from pathlib import Path

from perfreg_xlsx.survey import catalogue
from perfreg_xlsx.survey.catalogue import Catalogue

DEFAULT_DEFINITION = Path("templates") / "definition.xlsx"


def packaged_definition() -> Path:
    """The definition shipped inside the package (the built-in one, as a file).

    Beside the modules, as pip installs a wheel: `importlib.resources` would find it in a
    zipped package too, but costs 6 ms to import on every command, a fifth of issue 15's
    budget for the definition.
    """
    return Path(__file__).resolve().parent.parent / "data" / "definition.xlsx"


def default_definition() -> Path:
    """templates/definition.xlsx when the project folder has one, else the packaged copy."""
    return DEFAULT_DEFINITION if DEFAULT_DEFINITION.is_file() else packaged_definition()


def put_in_force(path: Path | None = None) -> Catalogue | None:
    """Load the definition at `path` (default: `default_definition()`) and put it in force
    for the rest of the run (worker processes inherit it, `reading.pool`).

    Returns what was in force before (for `catalogue.use` to restore). Raises
    `problems.DefinitionError` with every mistake; nothing is put in force then.
    """
    from perfreg_xlsx.definition.cache import load_cached

    return catalogue.use(load_cached(path or default_definition()))
