"""What a returned file is before it is opened: its bytes read once under a size limit, its
kind judged by those bytes, and the `ReadError` every refusal of the reading layer raises.

A refusal carries a stable code (for findings and tests) and an English message that says
what to ask the network for. `Limits` holds the ceilings the other defences check against.
"""

from __future__ import annotations

import io
import os
import stat
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from perfreg_xlsx.errors import PerfregError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_ODS_MIME = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
# The stream names of an encrypted OOXML package inside its OLE2 wrapper (UTF-16LE).
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")

MB = 1024 * 1024
RESEND = "Ask the network to save the questionnaire again in Excel (as .xlsx) and resend it."


@dataclass(frozen=True)
class Limits:
    """Ceilings for what a questionnaire may contain; far above any real one."""

    max_file: int = 50 * MB
    max_entries: int = 2000
    max_part: int = 50 * MB  # uncompressed size of any one part
    max_total: int = 200 * MB  # uncompressed size of all parts together
    max_ratio: float = 200.0  # uncompressed : compressed, checked on parts above ratio_from
    ratio_from: int = 1 * MB
    max_merges: int = 100_000  # merged ranges in one sheet


DEFAULT_LIMITS = Limits()


class ReadError(PerfregError):
    """A file cannot be read as a questionnaire at all.

    `code` is stable (for findings and tests); `message` is English and says what to ask the
    network for. Validation turns it into a finding; it is never shown as a traceback.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __reduce__(self) -> tuple[type[ReadError], tuple[str, str]]:
        # Keeps the code when the error crosses a process boundary (pickling).
        return (type(self), (self.code, self.message))


class FileKind(StrEnum):
    """What a file is, judged by its bytes rather than its name."""

    XLSX = "xlsx"  # a zip archive; whether it holds a workbook is checked when read
    ODS = "ods"  # OpenDocument spreadsheet (LibreOffice), also a zip
    EMPTY = "empty"
    OLE2 = "ole2"  # Excel 97-2003 .xls (or another OLE2 compound file)
    ENCRYPTED = "encrypted"  # a password-protected .xlsx: OLE2 wrapping an encrypted package
    TEXT = "text"  # CSV, HTML, ... with a workbook's name
    NOT_ZIP = "not-zip"  # any other binary


def sniff_bytes(data: bytes) -> FileKind:
    """Type a file from its content (see `FileKind`)."""
    if not data:
        return FileKind.EMPTY
    if data.startswith(OLE2_MAGIC):
        return FileKind.ENCRYPTED if _ENCRYPTED_MARK in data else FileKind.OLE2
    if data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        # ODF puts an uncompressed "mimetype" entry first, at the end of the first local header.
        return FileKind.ODS if data[30 : 30 + len(_ODS_MIME)] == _ODS_MIME else FileKind.XLSX
    head = data[:4096]
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
            return FileKind.TEXT
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the 4096-byte boundary is still text.
            if exc.start >= len(head) - 3:
                return FileKind.TEXT
    return FileKind.NOT_ZIP


def sniff(path: Path) -> FileKind:
    """Type the file at `path` by its bytes, not its name."""
    with open(path, "rb") as fh:
        head = fh.read(8)
        if head.startswith(OLE2_MAGIC):
            # The marker may sit anywhere in the compound file's directory.
            return sniff_bytes(head + fh.read(DEFAULT_LIMITS.max_file))
        return sniff_bytes(head + fh.read(4096))


def refuse_kind(kind: FileKind) -> None:
    """Raise the `ReadError` that explains why a file of `kind` is not read (XLSX passes)."""
    if kind is FileKind.XLSX:
        return
    code, message = {
        FileKind.EMPTY: (
            "empty-file",
            "The file is empty (0 bytes). Ask the network to send the filled-in "
            "questionnaire again.",
        ),
        FileKind.ENCRYPTED: (
            "encrypted-or-xls",
            "The file is password-protected (encrypted). Ask the network to remove the "
            "password and save it as .xlsx (Excel workbook).",
        ),
        FileKind.OLE2: (
            "encrypted-or-xls",
            "The file is an old Excel 97-2003 workbook (.xls) or encrypted (OLE2). Ask the "
            "network to fill in the questionnaire and save it as .xlsx (Excel workbook).",
        ),
        FileKind.ODS: (
            "not-xlsx",
            "The file is an OpenDocument spreadsheet (.ods), not an Excel workbook. Ask the "
            "network to save it as .xlsx (Excel workbook).",
        ),
        FileKind.TEXT: (
            "not-a-zip",
            "The file is a text file (for example CSV or HTML) with a workbook's name, not an "
            "Excel workbook. Ask the network to fill in the questionnaire and save it as .xlsx.",
        ),
        FileKind.NOT_ZIP: (
            "not-a-zip",
            "The file is not an Excel workbook (its content is not a .xlsx package). Ask the "
            "network to fill in the questionnaire and save it as .xlsx (Excel workbook).",
        ),
    }[kind]
    raise ReadError(code, message)


def read_bytes(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The file's bytes, read once; refuses files larger than any real questionnaire."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            # A pipe or device would block or never end; only plain files are questionnaires.
            raise ReadError("unreadable-file", "The path is not a regular file.")
        size = st.st_size
        if size > limits.max_file:
            raise ReadError(
                "file-too-large",
                f"The file is {size / MB:.0f} MB, far larger than a questionnaire can be "
                f"(limit {limits.max_file // MB} MB). {RESEND}",
            )
        # Unbuffered: the bytes are read once, straight into the one buffer kept. One byte
        # beyond the stated size notices a file that grew since stat(); reading exactly that
        # much avoids a buffer of the full limit.
        with open(path, "rb", buffering=0) as fh:
            data = _read_up_to(fh, min(size, limits.max_file) + 1)
    except OSError as exc:
        raise ReadError(
            "unreadable-file", f"The file cannot be opened ({exc.strerror or exc})."
        ) from None
    if len(data) > size:
        raise ReadError("unreadable-file", "The file changed while it was read; read it again.")
    return data


def _read_up_to(fh: io.RawIOBase, n: int) -> bytes:
    """Up to `n` bytes, fewer only at the end of the file (a raw read may return less)."""
    first = fh.read(n) or b""
    if len(first) == n or not first:
        return first
    parts = [first]
    got = len(first)
    while got < n and (more := fh.read(n - got)):
        parts.append(more)
        got += len(more)
    return b"".join(parts)
