"""Benchmark `perfreg-xlsx validate` and `aggregate` on N generated questionnaires.

    PYTHONPATH=src python benchmarks/bench.py                  # N = 54, 1000, 10000
    PYTHONPATH=src python benchmarks/bench.py --sizes 54 1000 --repeat 3 --jobs 2

For each N (inputs generated once into benchmarks/.cache/, see `forms.py`) it runs each
command `--repeat` times as a subprocess, interpreter start included, and prints the median
wall time, ms per file, the peak memory of the process tree, and the floor: unzipping each
file's sheet with `zipfile` and parsing it with the standard library's expat, with a no-op
start-element handler (the least any reader that looks at the cells does), in one process,
over the same files, in the same run. "ratio" is the command's ms per file over the floor's.
It also measures the start-up of `--help` and `fields` against `python -c "import click"`.

Memory: a thread samples every process of the tree (the command and its workers) from
/proc every 5 ms and sums their VmRSS ("RSS sum", the peak of the sum over the samples) and
their proportional set size from smaps_rollup ("PSS sum", where the pages the workers share
with the process they were forked from are counted once, not once per process).
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

import forms

ROOT = forms.ROOT
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
CLI = [sys.executable, "-m", "perfreg_xlsx"]


# --- Memory of a process tree --------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces: split after it.
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def _tree(root: int) -> list[int]:
    kids, out, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, []))
    return out


def _kib(path: str, field: str) -> int:
    try:
        with open(path, encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeMemory(threading.Thread):
    """Samples the summed RSS and PSS of a process and its descendants until it ends."""

    def __init__(self, pid: int, every: float = 0.005) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.peak_rss = self.peak_pss = self.most_processes = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            pids = _tree(self.pid)
            rss = sum(_kib(f"/proc/{p}/status", "VmRSS:") for p in pids)
            pss = sum(_kib(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids)
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_pss = max(self.peak_pss, pss)
            self.most_processes = max(self.most_processes, len(pids))
            self.stop.wait(self.every)


@dataclass
class Run:
    wall: float
    rss_mb: float
    pss_mb: float
    processes: int


def run_command(args: list[str]) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    mem = TreeMemory(proc.pid)
    mem.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    mem.stop.set()
    mem.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{err.decode()}")
    return Run(wall, mem.peak_rss / 1024, mem.peak_pss / 1024, mem.most_processes)


# --- The floor -----------------------------------------------------------------------------


def _sheet_part(path: Path) -> str:
    """The part of the form sheet, found once: every generated form has the same layout."""
    with zipfile.ZipFile(path) as zf:
        names = {n.lower(): n for n in zf.namelist()}
    return names["xl/worksheets/sheet2.xml"]


def floor(files: list[Path]) -> tuple[float, float]:
    """Seconds to unzip and expat-parse every file's sheet: with a no-op handler, and without."""

    def noop(name: str, attrs: dict[str, str]) -> None:
        pass

    part = _sheet_part(files[0])
    times = []
    for handler in (noop, None):
        start = time.perf_counter()
        for path in files:
            with zipfile.ZipFile(path) as zf:
                data = zf.read(part)
            parser = expat.ParserCreate(namespace_separator=" ")
            if handler is not None:
                parser.StartElementHandler = handler
            parser.Parse(data, True)
        times.append(time.perf_counter() - start)
    return times[0], times[1]


# --- Start-up ------------------------------------------------------------------------------


def startup(repeat: int) -> dict[str, float]:
    """Median wall seconds of the quick commands and of `python -c "import click"`."""
    cases = {
        'python -c "import click"': [sys.executable, "-c", "import click"],
        "perfreg-xlsx --help": [*CLI, "--help"],
        "perfreg-xlsx fields": [*CLI, "fields"],
    }
    out = {}
    for name, args in cases.items():
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run(args, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, check=True)
            times.append(time.perf_counter() - start)
        out[name] = statistics.median(times)
    return out


# --- Main ----------------------------------------------------------------------------------


def bench(n: int, repeat: int, jobs: int | None, out_dir: Path) -> list[dict[str, object]]:
    folder, register = forms.ensure(n)
    files = sorted(folder.glob("*.xlsx"))
    assert len(files) == n, (len(files), n)
    jobs_args = ["--jobs", str(jobs)] if jobs else []
    commands = {
        "validate": [*CLI, "validate", str(folder), "--register", str(register), *jobs_args],
        "aggregate": [
            *CLI,
            "aggregate",
            str(folder),
            "--register",
            str(register),
            "--out",
            str(out_dir / str(n)),
            "--no-record",
            "--made-on",
            "2013-05-01",
            *jobs_args,
        ],
    }
    rows: list[dict[str, object]] = []
    floors = []
    for name, args in commands.items():
        runs = []
        for _ in range(repeat):
            runs.append(run_command(args))
            floors.append(floor(files))  # interleaved, so both see the same machine
        wall = statistics.median(r.wall for r in runs)
        rows.append(
            {
                "N": n,
                "command": name,
                "wall s": wall,
                "ms/file": wall / n * 1000,
                "RSS sum MB": max(r.rss_mb for r in runs),
                "PSS sum MB": max(r.pss_mb for r in runs),
                "processes": max(r.processes for r in runs),
            }
        )
    noop = statistics.median(f[0] for f in floors) / n * 1000
    bare = statistics.median(f[1] for f in floors) / n * 1000
    for row in rows:
        row["floor ms/file"] = noop
        row["ratio"] = float(str(row["ms/file"])) / noop
        row["floor w/o handler"] = bare
    return rows


def _table(rows: list[dict[str, object]]) -> str:
    heads = list(rows[0])
    cells = [
        [f"{v:.3g}" if isinstance(v, float) and v < 10 else
         f"{v:.0f}" if isinstance(v, float) else str(v) for v in row.values()]
        for row in rows
    ]  # fmt: skip
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    lines += ["| " + " | ".join(c) + " |" for c in cells]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[54, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (median)")
    parser.add_argument("--jobs", type=int, default=None, help="default: the commands' own")
    parser.add_argument("--no-startup", action="store_true")
    args = parser.parse_args()
    print(
        f"# {platform.node()}: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average before {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            rows += bench(n, args.repeat, args.jobs, Path(tmp))
            print(_table(rows[-2:]), flush=True)
    print()
    print(_table(rows))
    peaks = {(r["N"], r["command"]): float(str(r["RSS sum MB"])) for r in rows}
    sizes = sorted(set(args.sizes))
    for small, large in itertools.pairwise(sizes):
        for cmd in ("validate", "aggregate"):
            growth = peaks[(large, cmd)] / peaks[(small, cmd)]
            print(f"{cmd}: peak RSS sum at N={large} / at N={small}: {growth:.2f}")
    if not args.no_startup:
        times = startup(max(args.repeat, 7))
        click = times['python -c "import click"']
        print()
        for name, t in times.items():
            print(f"{name}: {t * 1000:.0f} ms ({t / click:.2f}x import click)")
    print(f"# load average after {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
