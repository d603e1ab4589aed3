"""Benchmark loading the survey definition workbook (issue 15: at most 30 ms per command).

    PYTHONPATH=src python benchmarks/bench_definition.py
    PYTHONPATH=src python benchmarks/bench_definition.py --file my_definition.xlsx --repeat 20

Two figures, both the minimum and the median of `--repeat` runs:

* "load": `definition.load.check(FILE)` in a warm process (the file read, every cell typed,
  every row checked, the `Catalogue` made);
* "import + load": in a fresh interpreter that has already imported what every command
  imports anyway (click, the survey catalogue and rules), the import of the loader and one
  load, i.e. what `--definition` adds to a command. `--help` loads nothing.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
import time
from pathlib import Path

_CHILD = """
import sys, time
import click
import perfreg_xlsx.survey.catalogue, perfreg_xlsx.survey.rules
from pathlib import Path
t = time.perf_counter()
from perfreg_xlsx.definition.load import check
cat, problems = check(Path(sys.argv[1]))
assert cat is not None, problems
print((time.perf_counter() - t) * 1000)
"""


def _summary(ms: list[float]) -> str:
    return f"min {min(ms):6.1f} ms   median {statistics.median(ms):6.1f} ms"


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
    fresh = [
        float(
            subprocess.run(
                [sys.executable, "-c", _CHILD, str(args.file)],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        for _ in range(args.repeat)
    ]
    size = args.file.stat().st_size
    print(
        f"{args.file} ({size / 1024:.0f} KiB, {len(cat.fields)} fields, "
        f"{len(cat.indicators)} indicators)"
    )
    print(f"load            {_summary(warm)}")
    print(f"import + load   {_summary(fresh)}")


if __name__ == "__main__":
    main()
