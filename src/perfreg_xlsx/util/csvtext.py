"""CSV files that people edit in Excel: decoding and the separator Excel chose."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from perfreg_xlsx.errors import OutputError
from perfreg_xlsx.util.atomic import atomic_write


class NotText(ValueError):
    """The file cannot be read as CSV text (unreadable, a workbook, UTF-16 text, binary)."""


def read(path: Path) -> str:
    """The text of the CSV file at `path`.

    Raises NotText with the reason (the system's words, or what the file seems to be) when it
    cannot be read as text; callers add which file it is to the message.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise NotText(str(exc.strerror or exc)) from None
    return decode(raw)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else the Windows code page.

    Raises NotText, saying what the file seems to be, when it is not a text file.

    >>> decode("årsværk".encode("cp1252"))
    'årsværk'
    """
    # Checked first: the Windows code page would decode much of a workbook into nonsense.
    if raw.startswith(b"PK\x03\x04"):
        raise NotText("it is an Excel workbook, not CSV; in Excel use Save As, CSV")
    if b"\x00" in raw:
        raise NotText("it is not a CSV text file (in Excel use Save As, CSV, not Unicode Text)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel on Windows saves "CSV" in the ANSI code page.
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise NotText("it is not a CSV text file in UTF-8 or Windows encoding") from None


def delimiter(text: str) -> str:
    """';' when the header line has more semicolons than commas, else ','.

    Excel with Danish settings saves CSV separated by semicolons.

    >>> delimiter("id;year;value")
    ';'
    """
    first = text.splitlines()[0] if text.strip() else ""
    return ";" if first.count(";") > first.count(",") else ","


def write_rows(target: Path, rows: Iterable[Sequence[object]]) -> Path:
    """Write `rows` as a CSV file people open in Excel, replacing `target` atomically.

    A BOM lets Excel show "årsværk" correctly; '\n' line ends. Raises OutputError when the
    folder or the file cannot be written, so an interrupted run leaves the old file intact.
    """
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    data = buffer.getvalue().encode("utf-8-sig")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    return atomic_write(target, write)
