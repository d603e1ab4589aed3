"""Which files of a folder are questionnaires to read, and why the others are not."""

from __future__ import annotations

import os
from collections.abc import Iterable
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


_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
_LOCK = "lock file of an open workbook; not a submission"
_OTHER_REASONS = {
    ".xls": "old Excel 97-2003 format (.xls); ask the network to save it as .xlsx",
    ".ods": "OpenDocument spreadsheet (.ods); ask the network to save it as .xlsx",
    ".xlsb": "Excel binary workbook (.xlsb); ask the network to save it as .xlsx",
    ".csv": "a CSV file, not a questionnaire (.xlsx)",
}
_NOT_WORKBOOK = "not an Excel workbook (.xlsx); not read"
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
    return _OTHER_REASONS.get(suffix, _NOT_WORKBOOK)


def list_inputs(
    folder_or_files: Path | Iterable[Path],
) -> tuple[tuple[Path, ...], tuple[SkippedInput, ...]]:
    """Split a folder's entries (or the given files) into workbooks to read and the rest.

    `.xlsx`/`.xlsm` in any letter case are candidates; lock files, macOS `._` files, other
    types, sub-folders and repeats of the same file are returned with the reason they are not
    read. Both are sorted
    by name (case-insensitively, then exactly) so that runs are deterministic.
    """
    base: str | None = None  # the folder's real path, when listing a folder
    entries: list[tuple[Path, os.DirEntry[str] | None]]
    if isinstance(folder_or_files, Path) and folder_or_files.is_dir():
        with os.scandir(folder_or_files) as it:
            entries = [(folder_or_files / e.name, e) for e in it]
        base = str(folder_or_files.resolve())
    elif isinstance(folder_or_files, Path):
        entries = [(folder_or_files, None)]
    else:
        entries = [(p, None) for p in folder_or_files]
    candidates: list[Path] = []
    skipped: list[SkippedInput] = []
    seen: set[str] = set()  # real paths, as text: a set of 10,000 Paths is megabytes
    for p, entry in entries:
        reason = _skip_reason(p, entry)
        if reason is None:
            # Resolving every path of a big folder is slow; an entry that is no link is
            # the folder's real path plus its name.
            link = entry.is_symlink() if entry is not None else p.is_symlink()
            real = os.path.join(base, p.name) if base is not None and not link else str(p.resolve())
            reason = _TWICE if real in seen else None
            seen.add(real)
        if reason is None:
            candidates.append(p)
        else:
            skipped.append(SkippedInput(p, reason))

    def key(p: Path) -> tuple[str, str]:
        return (p.name.casefold(), str(p))

    return (
        tuple(sorted(candidates, key=key)),
        tuple(sorted(skipped, key=lambda s: key(s.path))),
    )
