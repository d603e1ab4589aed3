"""Which files of a folder are questionnaires to read, and why the others are not."""

from __future__ import annotations

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


def _skip_reason(path: Path) -> str | None:
    name = path.name
    if path.is_dir():
        return "a folder; sub-folders are not read"
    if name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#")):
        return _LOCK
    if name.startswith("._"):
        return "macOS metadata file (._name); not a submission"
    if not path.exists():
        return "file not found"
    if not path.is_file():
        return "not a regular file; not read"
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
    base: Path | None = None  # the folder's real path, when listing a folder
    if isinstance(folder_or_files, Path) and folder_or_files.is_dir():
        paths: list[Path] = list(folder_or_files.iterdir())
        base = folder_or_files.resolve()
    elif isinstance(folder_or_files, Path):
        paths = [folder_or_files]
    else:
        paths = list(folder_or_files)
    candidates: list[Path] = []
    skipped: list[SkippedInput] = []
    seen: set[Path] = set()
    for p in paths:
        reason = _skip_reason(p)
        if reason is None:
            # Resolving every path of a big folder is slow; an entry that is no link is
            # the folder's real path plus its name.
            real = base / p.name if base is not None and not p.is_symlink() else p.resolve()
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
