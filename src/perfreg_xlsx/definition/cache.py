"""A loaded definition kept on disk, so a command does not read the workbook again (issue 15).

Every command loads the definition before it runs. Reading the workbook with the hardened
reader and checking every row costs 36 ms in a fresh process (16 ms of it the reading, the
rest importing the loader and the zip reader); the catalogue kept from an earlier load costs
about 8 ms (`benchmarks/bench_definition.py`: "cache hit" against "cache miss"). Issue 15
allows a command 30 ms for its definition.

An entry is found by the SHA-256 of the workbook's bytes and of what the program is (its
version and the size and modification time of every module of `definition/`, `survey/` and
`reading/`), so an edited workbook or program is never answered from an old entry: it is
loaded again and kept. Only a definition without mistakes is kept. `definition check` always
reads the file, and keeps what it read (`check_and_keep`): after an edit, the check is the one
command that pays for the reading. Entries are read with an unpickler that makes nothing but
the survey's own types (`_Unpickler.find_class`), so a tampered entry cannot run code; any
entry that cannot be read is ignored and written again. A cache that cannot be written (a
read-only home) costs only the time.

The folder: `PERFREG_CACHE_DIR` when set (`off`: no cache), else `$XDG_CACHE_HOME/perfreg-xlsx`
(`~/.cache/perfreg-xlsx`; `%LOCALAPPDATA%\\perfreg-xlsx` on Windows). At most `KEEP` entries
are kept, the least recently written removed first.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import os
import pickle
import stat
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from perfreg_xlsx.survey.catalogue import Catalogue

if TYPE_CHECKING:  # the problems module only for a miss
    from perfreg_xlsx.definition.problems import Problem

KEEP = 16
# Larger than any definition (the shipped one is 30 KiB); a larger file is left to `load`,
# which refuses it with the reader's message.
_MAX_FILE = 8 * 1024 * 1024
_MAX_ENTRY = 16 * 1024 * 1024
_SUFFIX = ".catalogue"
# The modules whose objects an entry holds: nothing else may be made while reading one.
_TYPES = (
    "perfreg_xlsx.survey.catalogue",
    "perfreg_xlsx.survey.types",
    "perfreg_xlsx.survey.rules",
    "perfreg_xlsx.survey.figure_spec",
)
_BUILTINS = frozenset({"frozenset", "set", "tuple", "list", "dict", "int", "float", "str"})


def cache_dir() -> Path | None:
    """Where entries are kept; None when the cache is turned off."""
    env = os.environ.get("PERFREG_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "no") else Path(env)
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "perfreg-xlsx"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "perfreg-xlsx"


def load_cached(path: Path) -> Catalogue:
    """The catalogue of the definition at `path`, as `load.load` gives it (raising
    `DefinitionError` the same way), from the cache when an entry for these bytes exists."""
    folder = cache_dir()
    data = _bytes(path) if folder is not None else None
    if folder is not None and data is not None:
        kept = _read(folder / f"{_key(data)}{_SUFFIX}")
        if kept is not None:
            return dataclasses.replace(kept, source=str(path))
    # Imported only when the workbook is read: its imports (the zip and XML readers) are
    # most of what a hit saves.
    from perfreg_xlsx.definition.load import load

    cat = load(path)
    _keep(folder, path, data, cat)
    return cat


def check_and_keep(path: Path) -> tuple[Catalogue | None, tuple[Problem, ...]]:
    """`load.check(path)`, always reading the workbook; a definition without mistakes is
    kept, so the commands after `definition check` (the step after an edit) find it."""
    from perfreg_xlsx.definition.load import check

    folder = cache_dir()
    data = _bytes(path) if folder is not None else None
    cat, problems = check(path)
    if cat is not None:
        _keep(folder, path, data, cat)
    return cat, problems


def _keep(folder: Path | None, path: Path, data: bytes | None, cat: Catalogue) -> None:
    """Keep `cat`, loaded from `data` (the bytes of `path` before loading), if the file did
    not change while it was loaded: the entry is for `data`."""
    if folder is not None and data is not None and _bytes(path) == data:
        _write(folder, folder / f"{_key(data)}{_SUFFIX}", cat)


def _bytes(path: Path) -> bytes | None:
    """The file's bytes when it is a plain file of a definition's size, else None (`load`
    then says what is wrong with it). Never blocks on a pipe."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > _MAX_FILE:
            return None
        with open(path, "rb") as fh:
            data = fh.read(_MAX_FILE + 1)
    except OSError:
        return None
    return data if len(data) <= _MAX_FILE else None


def _key(data: bytes) -> str:
    return hashlib.sha256(_program() + data).hexdigest()


@cache
def _program() -> bytes:
    """What identifies this program's way of loading: version, and every module it reads
    or makes a catalogue with (size and modification time, read off the file system)."""
    from perfreg_xlsx import __version__

    package = Path(__file__).resolve().parent.parent
    parts = [__version__, sys.version, str(pickle.HIGHEST_PROTOCOL)]
    for sub in ("definition", "survey", "reading"):
        for module in sorted((package / sub).glob("*.py")):
            st = module.stat()
            parts.append(f"{sub}/{module.name}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts).encode("utf-8") + b"\n\n"


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        if (module in _TYPES and not name.startswith("_")) or (
            module == "builtins" and name in _BUILTINS
        ):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a survey type")


def _read(entry: Path) -> Catalogue | None:
    try:
        st = os.stat(entry)
        if not stat.S_ISREG(st.st_mode) or st.st_size > _MAX_ENTRY:
            return None
        got = _Unpickler(io.BytesIO(entry.read_bytes())).load()
    # An entry is only a copy: whatever is wrong with it (damaged, written by another
    # version, tampered with), the definition is loaded from the workbook instead.
    except Exception:
        return None
    return got if isinstance(got, Catalogue) else None


def _write(folder: Path, entry: Path, cat: Catalogue) -> None:
    # A new object holds the fields only, not what was cached on the loaded one.
    data = pickle.dumps(dataclasses.replace(cat, source=""), pickle.HIGHEST_PROTOCOL)
    # Atomic (a rename in one folder) but not flushed to disk: a copy lost in a crash is
    # loaded again; util.atomic's fsync would double the time of a miss.
    tmp = folder / f".{entry.name}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, entry)
        entries = sorted(folder.glob(f"*{_SUFFIX}"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:  # no cache this time: the next command reads the workbook again
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
