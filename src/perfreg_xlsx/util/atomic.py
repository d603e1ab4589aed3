"""Replace a file all at once: readers see the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from perfreg_xlsx.errors import OutputError

_OPEN_HINT = "Is the file open in Excel or another program? Close it and try again."


def atomic_write(path: Path, writer: Callable[[Path], object]) -> Path:
    """Let `writer` write a temporary file beside `path`, then move it over `path`.

    The temporary file lives in the same folder so that `os.replace` is a rename on one file
    system, which is atomic. If `writer` raises, or the move fails (the target open in Excel on
    Windows, no permission), the temporary file is removed and the previous `path` is left as it
    was. File-system failures become `OutputError`; any other exception from `writer` is a bug
    and propagates unchanged. Returns `path`.
    """
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"cannot write {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f"{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write in the folder {folder}: {exc.strerror}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        try:
            writer(tmp)
            _flush_to_disk(tmp)
            # mkstemp creates the file readable by its owner only; give the new file the
            # permissions the old one had, or those of any newly created file.
            os.chmod(tmp, _target_mode(path))
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise OutputError(
                f"cannot replace {path}: {exc.strerror or exc}. {_OPEN_HINT}"
            ) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return path


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
