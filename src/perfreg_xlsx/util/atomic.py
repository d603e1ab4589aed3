"""Replace a file all at once: readers see the old file or the new one, never half of one."""

from __future__ import annotations

import os
import re
import shutil
import socket
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from perfreg_xlsx.errors import OutputError

_OPEN_HINT = "Is the file open in Excel or another program? Close it and try again."
# The machine's name as it can stand in a file name: the process id of a temporary folder
# means something only on the machine that made it (the folder may be a network share).
_HOST = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:40] or "host"
_SUFFIX = ".tmp"
# `temp_name`: the mkdtemp part is 8 characters of letters, digits and "_".
_TEMP = re.compile(r"^\..+\.(?P<pid>\d{1,10})@(?P<host>[A-Za-z0-9-]{1,40})\.[a-z0-9_]{8}\.tmp$")
_FOREIGN_AGE = 24 * 3600.0  # seconds: no write takes a day
_SWEPT: set[Path] = set()  # folders already swept by this process (once is enough)


def atomic_write(path: Path, writer: Callable[[Path], object], *, beside: bool = False) -> Path:
    """Let `writer` write a temporary file beside `path`, then move it over `path`.

    The temporary file lives in a temporary folder in the same folder (`temp_name`), so that
    `os.replace` is a rename on one file system, which is atomic, and whatever else the
    writer puts beside its file (xlsxwriter's parts of a long sheet) goes with it. If
    `writer` raises (Ctrl-C and SIGTERM included), or the move fails (the target open in
    Excel on Windows, no permission), the temporary folder is removed and the previous `path`
    is left as it was; what a killed run left behind is removed by the next write into the
    folder (`remove_stale`). File-system failures become `OutputError`; any other exception
    from `writer` is a bug and propagates unchanged. Returns `path`.

    With `beside`, a `path` that cannot be replaced because another program holds it open
    (Windows refuses to replace a file Excel has open: `PermissionError`) is left alone and
    the new file is moved to the first free `<stem> (1)<suffix>`, `(2)`, ... beside it
    instead; that path is returned. For a report a person opens, not for a file that a later
    run reads by its name.
    """
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder")
    if folder.resolve() not in _SWEPT:
        remove_stale(folder)
        _SWEPT.add(folder.resolve())
    prefix, suffix = temp_name(path.name)
    try:
        scratch = Path(tempfile.mkdtemp(prefix=prefix, suffix=suffix, dir=folder))
    except OSError as exc:
        raise OutputError(f"cannot write in the folder {folder}: {exc.strerror}") from None
    try:
        tmp = scratch / path.name
        try:
            writer(tmp)
            _flush_to_disk(tmp)
            # Give the new file the permissions the old one had, or those of any newly
            # created file.
            os.chmod(tmp, _target_mode(path))
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        try:
            os.replace(tmp, path)
        except PermissionError as exc:
            if beside:
                return _move_beside(tmp, path)
            raise OutputError(
                f"cannot replace {path}: {exc.strerror or exc}. {_OPEN_HINT}"
            ) from None
        except OSError as exc:
            raise OutputError(
                f"cannot replace {path}: {exc.strerror or exc}. {_OPEN_HINT}"
            ) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return path


def _move_beside(tmp: Path, path: Path) -> Path:
    for n in range(1, 100):
        other = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if other.exists():
            continue
        try:
            os.replace(tmp, other)
        except OSError as exc:
            raise OutputError(f"cannot write {other}: {exc.strerror or exc}") from None
        return other
    raise OutputError(f"cannot replace {path}, and 99 files named beside it exist. {_OPEN_HINT}")


def lock_files(path: Path) -> list[Path]:
    """The lock files beside `path` that say a spreadsheet program has it open: LibreOffice's
    `.~lock.<name>#` and Excel's owner file `~$<name>` (for a long name Excel replaces the
    first two characters: `~$rformanceregnskab_2012.xlsx`)."""
    names = {f".~lock.{path.name}#", f"~${path.name}", f"~${path.name[2:]}"}
    return sorted(path.with_name(n) for n in names if path.with_name(n).is_file())


def temp_name(name: str) -> tuple[str, str]:
    """The prefix and suffix of the temporary folder for a file `name`:
    `.<name>.<pid>@<host>.<random>.tmp`, hidden, and naming the process that owns it."""
    return f".{name}.{os.getpid()}@{_HOST}.", _SUFFIX


def remove_stale(folder: Path) -> list[Path]:
    """Remove the temporary folders of writes that a killed run left in `folder`; returns them.

    Only folders named by `temp_name` whose process is gone: a process of this machine that
    no longer runs (a reused process id keeps the folder until a later run), or, made on
    another machine sharing the folder, one untouched for a day. Another run writing into the
    same folder at the same time keeps its own.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _TEMP.match(entry.name)
        if match is None or not _is_stale(entry, int(match["pid"]), match["host"]):
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(Path(entry.path))
    return removed


def _is_stale(entry: os.DirEntry[str], pid: int, host: str) -> bool:
    try:
        if not entry.is_dir(follow_symlinks=False):
            return False
        age = time.time() - entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return False
    if host != _HOST or os.name != "posix":
        return age > _FOREIGN_AGE
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except OSError:  # it exists, under another user
        return False
    return False


def _flush_to_disk(tmp: Path) -> None:
    # Without fsync a crash right after the rename can leave an empty file under the old name.
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())


def _target_mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask
