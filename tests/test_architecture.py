"""The package's layout holds: imports run one way (cli -> pipeline -> stages -> survey) and
no module imports itself back through others (issue 17).

Every `import` of the package's own modules counts, also those inside functions and under
`TYPE_CHECKING`: a lazy import is still a dependency a reader must follow.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import perfreg_xlsx

SRC = Path(perfreg_xlsx.__file__).parent
BASE = {"errors", "util"}
STAGES = {
    "checking",
    "reading",
    "report",
    "profiles",
    "definition",
    "workbook",
    "form",
    "models",
    "survey",
    *BASE,
}
# What each part of the package may import (besides itself and the package root's
# `__version__`). Read top-down, this is docs/architecture.md's picture of the flow.
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "util": {"errors"},
    "survey": BASE,
    "models": {"survey", *BASE},
    "form": {"survey", *BASE},
    "reading": {"models", "survey", *BASE},
    "workbook": {"models", "survey", *BASE},
    "checking": {"form", "reading", "models", "survey", *BASE},
    "report": {"workbook", "models", "survey", *BASE},
    "profiles": {"report", "workbook", "models", "survey", *BASE},
    "definition": {"reading", "models", "survey", *BASE},
    "pipeline": STAGES,
    "cli": {"pipeline", *STAGES},
    "__main__": {"cli"},
}
# The one import against the flow, lazy and on purpose: the built-in definition is the
# workbook packaged with the program (issue 15: nothing of the survey is declared in
# Python), so `catalogue.builtin()` loads it with the definition loader on first use.
UPWARD: set[tuple[str, str]] = {
    ("perfreg_xlsx.survey.catalogue", "perfreg_xlsx.definition.files"),
    ("perfreg_xlsx.survey.catalogue", "perfreg_xlsx.definition.cache"),
}


def _module_name(path: Path) -> str:
    parts = ["perfreg_xlsx", *path.relative_to(SRC).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """The package's modules that `path` imports (a `from pkg import mod` names the module)."""
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    modules = {_module_name(p) for p in SRC.rglob("*.py")}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("perfreg_xlsx"))
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.level == 0, f"{path}: relative import (the package imports absolutely)"
            if not node.module.startswith("perfreg_xlsx"):
                continue
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.add(sub if sub in modules else node.module)
    return found


GRAPH = {
    m: {n for n in _imports(p) if (m, n) not in UPWARD}
    for p in sorted(SRC.rglob("*.py"))
    if (m := _module_name(p))
}


def test_the_upward_imports_are_there_and_lazy() -> None:
    # An exception that no longer exists, or became a top-level import, is said here.
    tree = ast.parse((SRC / "survey" / "catalogue.py").read_text("utf-8"))
    top = {n.module for n in tree.body if isinstance(n, ast.ImportFrom)}
    lazy = {
        n.module
        for f in tree.body
        if isinstance(f, ast.FunctionDef)
        for n in ast.walk(f)
        if isinstance(n, ast.ImportFrom)
    }
    assert {b for _, b in UPWARD} <= lazy and not {b for _, b in UPWARD} & top


def _part(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_run_one_way(module: str) -> None:
    part = _part(module)
    if part == "":  # the package root: only the version at import time, the API lazily
        return
    allowed = ALLOWED[part] | {part}
    wrong = sorted(m for m in GRAPH[module] if m != "perfreg_xlsx" and _part(m) not in allowed)
    assert wrong == [], f"{module} imports {wrong}; {part} may import {sorted(allowed)}"


def test_no_import_cycles() -> None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for n in sorted(GRAPH.get(m, ())):
            if n == "perfreg_xlsx" or n not in GRAPH:
                continue
            assert state.get(n) != 1, "import cycle: " + " -> ".join([*path[path.index(n) :], n])
            if n not in state:
                visit(n)
        path.pop()
        state[m] = 2

    for m in sorted(GRAPH):
        if m not in state:
            visit(m)


def test_every_part_is_declared() -> None:
    parts = {_part(m) for m in GRAPH} - {""}
    assert parts == set(ALLOWED), "a new package or top-level module needs its line in ALLOWED"


def test_every_package_says_what_it_owns_and_may_import() -> None:
    for init in SRC.glob("*/__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text("utf-8"))) or ""
        assert "Owns" in doc or init.parent.name in {"util", "cli"}, init
        assert "import" in doc, f"{init}: say what the package may import"


def test_the_package_exports_the_library_api_lazily() -> None:
    import subprocess
    import sys

    code = (
        "import sys, perfreg_xlsx as p\n"
        "assert 'perfreg_xlsx.pipeline' not in sys.modules\n"
        "assert p.validate_folder.__module__ == 'perfreg_xlsx.pipeline.validation'\n"
        "assert p.load_register.__module__ == 'perfreg_xlsx.survey.registry'\n"
        "print(len(p.__all__))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(len(perfreg_xlsx.__all__))
    for name in perfreg_xlsx.__all__:
        assert getattr(perfreg_xlsx, name) is not None


# The guideline is ~400 lines; a module well past it is due for a split.
MAX_LINES = 430


def test_modules_stay_near_the_size_guideline() -> None:
    sizes = {p: len(p.read_text("utf-8").splitlines()) for p in SRC.rglob("*.py")}
    assert [str(p.relative_to(SRC)) for p, n in sizes.items() if n > MAX_LINES] == []


def test_figure_kinds_still_exports_the_figure_model() -> None:
    # Split in two (issue 13): the figures' users keep importing from figure_kinds.
    from perfreg_xlsx.report import figure_kinds, figure_model

    for name in ("Figure", "Row", "SeriesSpec", "Source", "number_format", "nice_ceiling"):
        assert getattr(figure_kinds, name) is getattr(figure_model, name)
    for name in ("FMT_COUNT", "FMT_DECIMAL", "FMT_SHARE", "ByYear", "ByCategory", "Pie"):
        assert hasattr(figure_kinds, name)
