"""Benchmark what loading the survey definition adds to a command (issue 15: at most 30 ms).

    PYTHONPATH=src python benchmarks/bench_definition.py
    PYTHONPATH=src python benchmarks/bench_definition.py --file my_definition.xlsx --repeat 20

Figures, each the minimum and the median of `--repeat` runs:

* "load, warm": `definition.load.check(FILE)` in a warm process (the file read, every cell
  typed, every row checked, the `Catalogue` made), no cache;
* per command, in a fresh interpreter that has already imported what that command imports
  for its own work (click, its cli module and the stages it calls), the time of what its
  `--definition` option does (`definition.files.put_in_force`), imports included:
  - "miss": the workbook read (the cache folder empty, as after an edit or on a new machine);
  - "hit": the catalogue kept by an earlier run of the same workbook (`definition.cache`).
`--help` loads nothing.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# What each command imports for its own work before its definition option runs.
COMMANDS: dict[str, str] = {
    "fields": "import perfreg_xlsx.cli.fields",
    "validate": "import perfreg_xlsx.cli.validate, perfreg_xlsx.cli.terminal, "
    "perfreg_xlsx.pipeline.validation, perfreg_xlsx.reading.pool, perfreg_xlsx.survey.registry",
    "aggregate": "import perfreg_xlsx.cli.aggregate, perfreg_xlsx.pipeline.outputs, "
    "perfreg_xlsx.reading.pool, perfreg_xlsx.survey.registry",
    "template": "import perfreg_xlsx.cli.template, perfreg_xlsx.form.template, "
    "perfreg_xlsx.form.secretariat, perfreg_xlsx.survey.registry",
    "profiles": "import perfreg_xlsx.cli.profiles, perfreg_xlsx.pipeline.outputs, "
    "perfreg_xlsx.reading.pool",
}

_CHILD = """
import sys, time
import click
{imports}
from pathlib import Path
from perfreg_xlsx.survey import catalogue
assert catalogue._BUILTIN is None, "the command's own imports loaded a definition"
t = time.perf_counter()
from perfreg_xlsx.definition.files import put_in_force
put_in_force(Path(sys.argv[1]))
print((time.perf_counter() - t) * 1000)
"""


def _summary(ms: list[float]) -> str:
    return f"min {min(ms):6.1f} ms   median {statistics.median(ms):6.1f} ms"


def _fresh(command: str, path: Path, cache: Path, repeat: int, *, empty: bool) -> list[float]:
    code = _CHILD.format(imports=COMMANDS[command])
    env = {**os.environ, "PERFREG_CACHE_DIR": str(cache)}
    out = []
    for _ in range(repeat):
        if empty:
            for entry in cache.glob("*"):
                entry.unlink()
        run = subprocess.run(
            [sys.executable, "-c", code, str(path)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        out.append(float(run.stdout))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, default=Path("templates") / "definition.xlsx")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    # As `pip install` does (bench.py does the same): with PYTHONDONTWRITEBYTECODE set, every
    # fresh interpreter would compile the modules from source.
    compileall.compile_dir(Path(__file__).resolve().parent.parent / "src", quiet=1)

    from perfreg_xlsx.definition.load import check

    cat, _ = check(args.file)
    if cat is None:
        sys.exit(f"{args.file} has mistakes: run perfreg-xlsx definition check")
    warm = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        check(args.file)
        warm.append((time.perf_counter() - t) * 1000)
    size = args.file.stat().st_size
    print(
        f"{args.file} ({size / 1024:.0f} KiB, {len(cat.fields)} fields, "
        f"{len(cat.indicators)} indicators)"
    )
    print(f"load, warm            {_summary(warm)}")
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        for command in COMMANDS:
            miss = _fresh(command, args.file, cache, args.repeat, empty=True)
            _fresh(command, args.file, cache, 1, empty=False)  # keeps the entry
            hit = _fresh(command, args.file, cache, args.repeat, empty=False)
            print(f"{command:<10} miss      {_summary(miss)}")
            print(f"{command:<10} hit       {_summary(hit)}")


if __name__ == "__main__":
    main()
