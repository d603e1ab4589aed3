"""Benchmark `perfreg-xlsx validate` and `aggregate` on N generated questionnaires.

    PYTHONPATH=src python benchmarks/bench.py                  # N = 54, 1000, 10000
    PYTHONPATH=src python benchmarks/bench.py --sizes 54 1000 --repeat 3 --jobs 2

For each N (inputs generated once into benchmarks/.cache/, see `forms.py`) it runs each
command `--repeat` times as a subprocess, interpreter start included, and prints the median
wall time, ms per file, the peak memory of the process tree, and the floor: unzipping each
file's sheet with `zipfile` and parsing it with the standard library's expat, with a no-op
start-element handler (the least any reader that looks at the cells does), in one process,
over the same files, in the same run, just before each run of a command. "ratio" is the
median over the runs of the command's wall time over the floor measured just before it.
It also measures the start-up of `--help` and `fields` against `python -c "import click"`.

`--without zipplain,partcache` runs the commands with those fast paths of the reading layer
switched off (through the environment variable PERFREG_XLSX_WITHOUT, which the reading layer
reads once; not a CLI option); several arguments are several variants, taking turns run by
run (`-` is every fast path on):

    PYTHONPATH=src python benchmarks/bench.py --sizes 10000 --no-startup --without - partcache

Memory: a thread samples every process of the tree (the command and its workers) from
/proc and sums their resident set size every 10 ms ("RSS sum", the peak of the sum over the
samples) and their proportional set size every 250 ms ("PSS sum", where the pages the
workers share with the process they were forked from are counted once, not once per
process). The sampler's own CPU time is printed: it shares the machine with the command.
"""

from __future__ import annotations

import argparse
import compileall
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
# What the installed `perfreg-xlsx` script runs (pip writes it so), on the code in src/:
# `python -m perfreg_xlsx` would add runpy's start-up to every command.
CLI = [
    sys.executable,
    "-c",
    "from perfreg_xlsx.cli.main import main; main()",
]


# --- Memory of a process tree --------------------------------------------------------------


def _tree(root: int) -> list[int]:
    """`root` and its descendants (threads' children included), from /proc."""
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue  # it ended meanwhile
    return out


class _Statm:
    """RSS of processes from /proc/<pid>/statm, the file kept open and read again with
    pread: opening and parsing a path every 10 ms per process is most of a sampler's cost."""

    def __init__(self) -> None:
        self.fds: dict[int, int] = {}

    def rss_kib(self, pid: int) -> int:
        try:
            fd = self.fds.get(pid)
            if fd is None:
                fd = self.fds[pid] = os.open(f"/proc/{pid}/statm", os.O_RDONLY)
            return int(os.pread(fd, 128, 0).split()[1]) * PAGE_KIB
        except (OSError, IndexError, ValueError):
            self.forget(pid)
            return 0

    def forget(self, pid: int) -> None:
        fd = self.fds.pop(pid, None)
        if fd is not None:
            os.close(fd)

    def keep_only(self, pids: list[int]) -> None:
        for pid in set(self.fds) - set(pids):
            self.forget(pid)


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


class TreeMemory(threading.Thread):
    """Samples the summed RSS (and, less often, PSS) of a process and its descendants.

    Cheap on purpose: on two CPUs a sampler that reads smaps_rollup of every process every
    few milliseconds takes a third of a CPU from what it measures. RSS comes from statm every
    `every` seconds (files kept open), the process tree is looked up every 5th sample, PSS
    (which makes the kernel walk every page table) every 25th.
    """

    def __init__(self, pid: int, every: float = 0.01) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.peak_rss = self.peak_pss = self.most_processes = 0
        self.stop = threading.Event()

    def run(self) -> None:
        pids: list[int] = []
        statm = _Statm()
        n = 0
        try:
            while not self.stop.is_set():
                if n % 5 == 0:
                    pids = _tree(self.pid)
                    statm.keep_only(pids)  # a pid of an ended process may be reused
                    self.most_processes = max(self.most_processes, len(pids))
                self.peak_rss = max(self.peak_rss, sum(statm.rss_kib(p) for p in pids))
                if n % 25 == 0:
                    self.peak_pss = max(self.peak_pss, sum(_pss_kib(p) for p in pids))
                n += 1
                self.stop.wait(self.every)
        finally:
            statm.keep_only([])


@dataclass
class Run:
    wall: float
    rss_mb: float
    pss_mb: float
    processes: int
    sampler_cpu: float  # seconds of CPU the memory sampler took from the machine


def run_command(args: list[str], env: dict[str, str] = ENV) -> Run:
    cpu = time.process_time()
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    mem = TreeMemory(proc.pid)
    mem.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    mem.stop.set()
    mem.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{err.decode()}")
    sampler = time.process_time() - cpu
    return Run(wall, mem.peak_rss / 1024, mem.peak_pss / 1024, mem.most_processes, sampler)


# --- The floor -----------------------------------------------------------------------------


def _sheet_part(path: Path) -> str:
    """The part of the form sheet, found once: every generated form has the same layout."""
    with zipfile.ZipFile(path) as zf:
        names = {n.lower(): n for n in zf.namelist()}
    return names["xl/worksheets/sheet2.xml"]


def floor(files: list[Path], handler: bool = True) -> float:
    """Seconds to unzip every file's sheet and parse it with expat (no-op handler or none)."""

    def noop(name: str, attrs: dict[str, str]) -> None:
        pass

    part = _sheet_part(files[0])
    start = time.perf_counter()
    for path in files:
        with zipfile.ZipFile(path) as zf:
            data = zf.read(part)
        parser = expat.ParserCreate(namespace_separator=" ")
        if handler:
            parser.StartElementHandler = noop
        parser.Parse(data, True)
    return time.perf_counter() - start


# --- Start-up ------------------------------------------------------------------------------


def startup(repeat: int) -> dict[str, float]:
    """Median wall seconds of the quick commands and of `python -c "import click"`."""
    cases = {
        'python -c "import click"': [sys.executable, "-c", "import click"],
        "perfreg-xlsx --help": [*CLI, "--help"],
        "perfreg-xlsx fields": [*CLI, "fields"],
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    # Round by round, not command by command: the shared VM's speed drifts within seconds,
    # and a drift must not fall on one command only.
    for _ in range(repeat):
        for name, args in cases.items():
            start = time.perf_counter()
            subprocess.run(args, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


# --- Main ----------------------------------------------------------------------------------


def bench(
    n: int, repeat: int, jobs: int | None, out_dir: Path, variants: list[str] | None = None
) -> list[dict[str, object]]:
    """The table's rows for N = `n`; with `variants` (fast paths switched off, "-" none, see
    `--without`) one row per variant and command, the variants taking turns run by run."""
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
    envs = {v: {**ENV, "PERFREG_XLSX_WITHOUT": "" if v == "-" else v} for v in variants or ["-"]}
    keys = [(v, name) for v in envs for name in commands]
    runs: dict[tuple[str, str], list[Run]] = {key: [] for key in keys}
    # Each run of a command is paired with a floor measured just before it: the shared VM's
    # speed drifts by 10-20 % within minutes, and a ratio of two figures taken minutes apart
    # measures the drift as much as the command.
    ratios: dict[tuple[str, str], list[float]] = {key: [] for key in keys}
    floors = []
    for r in range(repeat):  # interleaved, so that all see the same machine
        # Each round starts at the next variant: a drift within a round falls on each in turn.
        turn = r * len(commands) % len(keys)
        for key in keys[turn:] + keys[:turn]:
            variant, name = key
            floors.append(floor(files))
            runs[key].append(run_command(commands[name], envs[variant]))
            ratios[key].append(runs[key][-1].wall / floors[-1])
    noop = statistics.median(floors) / n * 1000
    bare = floor(files, handler=False) / n * 1000
    rows: list[dict[str, object]] = []
    for (variant, name), done in runs.items():
        wall = statistics.median(r.wall for r in done)
        rows.append(
            {
                "N": n,
                **({"without": variant} if variants else {}),
                "command": name,
                "wall s": wall,
                "ms/file": wall / n * 1000,
                "RSS sum MB": max(r.rss_mb for r in done),
                "PSS sum MB": max(r.pss_mb for r in done),
                "processes": max(r.processes for r in done),
                "sampler CPU s": statistics.median(r.sampler_cpu for r in done),
                "floor ms/file": noop,
                "ratio": statistics.median(ratios[(variant, name)]),
                "floor w/o handler": bare,
                **({"walls s": " ".join(f"{r.wall:.2f}" for r in done)} if variants else {}),
            }
        )
    return rows


def _cell(v: object) -> str:
    if not isinstance(v, float):
        return str(v)
    if v < 10:
        return f"{v:.3g}"
    return f"{v:.1f}" if v < 100 else f"{v:.0f}"


def _table(rows: list[dict[str, object]]) -> str:
    heads = list(rows[0])
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    lines += ["| " + " | ".join(_cell(v) for v in row.values()) + " |" for row in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[54, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per command (median)")
    parser.add_argument("--jobs", type=int, default=None, help="default: the commands' own")
    parser.add_argument("--no-startup", action="store_true")
    parser.add_argument(
        "--without",
        nargs="+",
        metavar="PATHS",
        help="variants to compare: fast paths switched off, comma-separated "
        "(zipplain, fastscan, partcache), or - for none",
    )
    args = parser.parse_args()
    # As `pip install` does: with PYTHONDONTWRITEBYTECODE set (as on the build VM), every
    # command would otherwise compile all of its modules from source on every start.
    compileall.compile_dir(ROOT / "src", quiet=1)
    print(
        f"# {platform.node()}: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average before {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            new = bench(n, args.repeat, args.jobs, Path(tmp), args.without)
            print(_table(new), flush=True)
            rows += new
    print()
    print(_table(rows))
    peaks = {(r["N"], r["command"]): float(str(r["RSS sum MB"])) for r in rows}
    sizes = sorted(set(args.sizes)) if not args.without else []
    for small, large in itertools.pairwise(sizes):
        for cmd in ("validate", "aggregate"):
            growth = peaks[(large, cmd)] / peaks[(small, cmd)]
            print(f"{cmd}: peak RSS sum at N={large} / at N={small}: {growth:.2f}")
    if not args.no_startup:
        times = startup(max(args.repeat, 15))
        click = times['python -c "import click"']
        print()
        for name, t in times.items():
            print(f"{name}: {t * 1000:.0f} ms ({t / click:.2f}x import click)")
    print(f"# load average after {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
