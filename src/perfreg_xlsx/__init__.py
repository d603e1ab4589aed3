"""perfreg-xlsx: the yearly performance report of the Danish innovation networks, in Excel.

The library API, for use from Python as the commands use it::

    from pathlib import Path
    import perfreg_xlsx as pr

    register = pr.load_register(Path("templates/networks.csv"))
    result = pr.validate_folder([Path("inputs")], register, year=None)
    run = pr.build_report([Path("inputs")], register, out_dir=Path("out"))

The names are loaded on first use, so `perfreg-xlsx --help` imports none of the stages.
See docs/architecture.md for where each part lives.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> the module that defines it ("module:name" where the name there differs)
_API: dict[str, str] = {
    "validate_folder": "perfreg_xlsx.pipeline",
    "build_report": "perfreg_xlsx.pipeline",
    "build_profiles": "perfreg_xlsx.pipeline",
    "check_file": "perfreg_xlsx.pipeline",
    "write_template": "perfreg_xlsx.form.template",
    "write_forms": "perfreg_xlsx.form.template",
    "fill_form": "perfreg_xlsx.form.fill",
    "load_register": "perfreg_xlsx.survey.registry",
    "Register": "perfreg_xlsx.survey.registry",
    "Network": "perfreg_xlsx.survey.registry",
    "Programme": "perfreg_xlsx.survey.types",
    # The survey definition in force (fields, rules, indicators, figures): the packaged
    # workbook until a command's --definition puts another in force.
    "current_definition": "perfreg_xlsx.survey.catalogue:current",
    "Catalogue": "perfreg_xlsx.survey.catalogue",
    "Finding": "perfreg_xlsx.models",
    "FileResult": "perfreg_xlsx.models",
    "ValidationResult": "perfreg_xlsx.models",
    "Summary": "perfreg_xlsx.models",
    "PerfregError": "perfreg_xlsx.errors",
    "NoQuestionnaireError": "perfreg_xlsx.errors",
    "OutputError": "perfreg_xlsx.errors",
    "UsageError": "perfreg_xlsx.errors",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    where = _API.get(name)
    if where is None:
        raise AttributeError(f"module 'perfreg_xlsx' has no attribute {name!r}")
    module, _, attr = where.partition(":")
    return getattr(importlib.import_module(module), attr or name)
