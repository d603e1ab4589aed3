"""Which files of a folder are questionnaires to read, and why the others are not."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SkippedInput:
    path: Path
    reason: str  # English, for the terminal and the validation report

    @property
    def reason_da(self) -> str:
        """The reason in Danish, for the Danish texts of the validation report."""
        return _REASONS_DA.get(self.reason, self.reason)

    @property
    def received(self) -> bool:
        """A file someone sent that cannot be read (.xls, .ods, a PDF, ...): an answer that
        needs action, refused; not a lock file, metadata, a system file or a folder."""
        return self.reason in _RECEIVED


_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_LOCK = "lock file of an open workbook; not a submission"
_OTHER_REASONS = {
    ".xls": "old Excel 97-2003 format (.xls); ask the network to save it as .xlsx",
    ".ods": "OpenDocument spreadsheet (.ods); ask the network to save it as .xlsx",
    ".xlsb": "Excel binary workbook (.xlsb); ask the network to save it as .xlsx",
    ".csv": "a CSV file, not a questionnaire (.xlsx)",
}
_NOT_WORKBOOK = "not an Excel workbook (.xlsx); not read"
_SYSTEM = "a hidden or system file (.DS_Store, Thumbs.db, desktop.ini); not a submission"
_SYSTEM_NAMES = frozenset({"thumbs.db", "desktop.ini", "icon\r"})
_RECEIVED = frozenset({*_OTHER_REASONS.values(), _NOT_WORKBOOK})
_TWICE = "the same file is given twice; read once"
_REASONS_DA = {
    "a folder; sub-folders are not read": "en mappe; undermapper læses ikke",
    _LOCK: "låsefil for en åben projektmappe; ikke en besvarelse",
    "macOS metadata file (._name); not a submission": "macOS-metadatafil (._navn); ikke en "
    "besvarelse",
    "file not found": "filen findes ikke",
    "not a regular file; not read": "ikke en almindelig fil; ikke læst",
    _OTHER_REASONS[".xls"]: "gammelt Excel 97-2003-format (.xls); bed netværket gemme den som "
    ".xlsx",
    _OTHER_REASONS[".ods"]: "OpenDocument-regneark (.ods); bed netværket gemme det som .xlsx",
    _OTHER_REASONS[".xlsb"]: "binær Excel-projektmappe (.xlsb); bed netværket gemme den som .xlsx",
    _OTHER_REASONS[".csv"]: "en CSV-fil, ikke et spørgeskema (.xlsx)",
    _NOT_WORKBOOK: "ikke en Excel-projektmappe (.xlsx); ikke læst",
    _SYSTEM: "en skjult fil eller systemfil (.DS_Store, Thumbs.db, desktop.ini); ikke en "
    "besvarelse",
    _TWICE: "samme fil er angivet to gange; læst én gang",
}


def _skip_reason(path: Path, entry: os.DirEntry[str] | None = None) -> str | None:
    """Why `path` is not read, or None for a workbook to read.

    `entry` is its folder entry when listing a folder: it knows the entry's type without a
    system call per question (a folder of 10,000 files would otherwise cost 40,000 stats).
    """
    name = path.name
    try:
        is_dir = entry.is_dir() if entry is not None else path.is_dir()
    except OSError:
        is_dir = False
    if is_dir:
        return "a folder; sub-folders are not read"
    if name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#")):
        return _LOCK
    if name.startswith("._"):
        return "macOS metadata file (._name); not a submission"
    try:
        is_file = entry.is_file() if entry is not None else path.is_file()
    except OSError:
        is_file = False
    if not is_file:
        return "not a regular file; not read" if path.exists() else "file not found"
    suffix = path.suffix.lower()
    if suffix in _WORKBOOK_SUFFIXES:
        return None
    if name.startswith(".") or name.lower() in _SYSTEM_NAMES:
        return _SYSTEM  # made by the system, not sent by a network
    return _OTHER_REASONS.get(suffix, _NOT_WORKBOOK)


def _plain_workbook(entry: os.DirEntry[str]) -> bool:
    """True for a folder entry that is certainly a workbook to read: a regular file (by the
    entry's own type, no system call), no link, named like a workbook and not like a lock or
    metadata file. Anything else takes the full `_skip_reason`."""
    name = entry.name
    return (
        name.lower().endswith(_WORKBOOK_SUFFIXES)
        and not name.startswith(("~$", "._", ".~lock."))
        and entry.is_file(follow_symlinks=False)
    )


def list_inputs(
    folder_or_files: Path | Iterable[Path],
) -> tuple[tuple[Path, ...], tuple[SkippedInput, ...]]:
    """Split a folder's entries (or the given files) into workbooks to read and the rest.

    `.xlsx`/`.xlsm` in any letter case are candidates; lock files, macOS `._` files, other
    types, sub-folders and repeats of the same file are returned with the reason they are not
    read. Both are sorted by name (case-insensitively, then exactly) so that runs are
    deterministic.
    """
    if isinstance(folder_or_files, Path) and folder_or_files.is_dir():
        return _list_folder(folder_or_files)
    paths = [folder_or_files] if isinstance(folder_or_files, Path) else list(folder_or_files)
    candidates: list[Path] = []
    skipped: list[SkippedInput] = []
    seen: set[str] = set()
    for p in paths:
        reason = _skip_reason(p)
        if reason is None:
            real = str(p.resolve())
            reason = _TWICE if real in seen else None
            seen.add(real)
        if reason is None:
            candidates.append(p)
        else:
            skipped.append(SkippedInput(p, reason))
    return (
        tuple(sorted(candidates, key=name_order)),
        tuple(sorted(skipped, key=lambda s: name_order(s.path))),
    )


def _list_folder(folder: Path) -> tuple[tuple[Path, ...], tuple[SkippedInput, ...]]:
    skipped: list[SkippedInput] = []
    candidates = tuple(iter_folder(folder, skipped))
    return candidates, tuple(skipped)


def iter_folder(folder: Path, skipped: list[SkippedInput]) -> Iterator[Path]:
    """The workbooks to read in `folder`, in name order (case-insensitively, then exactly),
    each made as it is taken, so that reading can start while the rest are listed; what is
    not read is appended to `skipped`, in the same order.
    """
    # Names are handled as text and a Path made once per file: a folder of 10,000 files
    # otherwise spends most of its listing in pathlib.
    base = str(folder.resolve())  # the folder's real path
    prefix = os.path.join(str(folder), "")
    seen: set[str] = set()  # real paths, as text: a set of 10,000 Paths is megabytes
    with os.scandir(folder) as it:
        # In name order, so that of a file and a link to it the first by name is read.
        entries = sorted(it, key=lambda e: (e.name.casefold(), e.name))
    for entry in entries:
        name = entry.name
        if _plain_workbook(entry):
            real = os.path.join(base, name)  # no link: the folder's real path plus its name
        else:
            path = folder / name
            reason = _skip_reason(path, entry)
            if reason is not None:
                skipped.append(SkippedInput(path, reason))
                continue
            link = entry.is_symlink()
            real = os.path.join(base, name) if not link else str(path.resolve())
        if real in seen:
            skipped.append(SkippedInput(folder / name, _TWICE))
            continue
        seen.add(real)
        yield Path(prefix + name)


def name_order(p: Path) -> tuple[str, str]:
    """The order inputs are read and reported in: by name, case-insensitively, then exactly."""
    return (p.name.casefold(), str(p))
