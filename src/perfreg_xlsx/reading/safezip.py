"""The defensive layer under the reader: file typing, zip checks and hardened XML parsing.

Returned questionnaires are untrusted files. Everything here runs before (or instead of)
interpreting any content: a file is typed by its bytes, the zip directory is checked for
bombs and tricks before one byte is inflated, parts are inflated in bounded chunks, and the
XML parser refuses DTDs and entities outright (Excel never writes them).
"""

from __future__ import annotations

import io
import os
import stat
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple, Protocol
from xml.parsers import expat

from perfreg_xlsx.errors import PerfregError
from perfreg_xlsx.reading import zipplain

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_EOCD = b"PK\x05\x06"
_ODS_MIME = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
# The stream names of an encrypted OOXML package inside its OLE2 wrapper (UTF-16LE).
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")

CHUNK = 64 * 1024
MB = 1024 * 1024
# Largest part `read` inflates in one call; a bigger one is read by zipfile in chunks.
_PLAIN_MAX_PART = 8 * MB
# Benchmarks only (benchmarks/bench.py --without): the fast paths switched off, read once.
WITHOUT = frozenset(os.environ.get("PERFREG_XLSX_WITHOUT", "").split(","))


class FileKind(StrEnum):
    """What a file is, judged by its bytes rather than its name."""

    XLSX = "xlsx"  # a zip archive; whether it holds a workbook is checked when read
    ODS = "ods"  # OpenDocument spreadsheet (LibreOffice), also a zip
    EMPTY = "empty"
    OLE2 = "ole2"  # Excel 97-2003 .xls (or another OLE2 compound file)
    ENCRYPTED = "encrypted"  # a password-protected .xlsx: OLE2 wrapping an encrypted package
    TEXT = "text"  # CSV, HTML, ... with a workbook's name
    NOT_ZIP = "not-zip"  # any other binary


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


_RESEND = "Ask the network to save the questionnaire again in Excel (as .xlsx) and resend it."


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
                f"(limit {limits.max_file // MB} MB). {_RESEND}",
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


def _damaged(detail: str) -> ReadError:
    return ReadError(
        "damaged-zip",
        f"The file is damaged or incomplete ({detail}). Ask the network to send it again, "
        "saved from Excel as .xlsx and attached as it is (not re-zipped or cut off).",
    )


def _bomb(name: str, detail: str) -> ReadError:
    return ReadError(
        "zip-bomb",
        f"The file was not opened because its part '{name}' {detail}, which no questionnaire "
        f"does (a protection against zip bombs). {_RESEND}",
    )


def _precheck_directory(data: bytes, limits: Limits) -> None:
    """Look at the end-of-central-directory record before zipfile parses every entry."""
    pos = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if pos < 0 or len(data) - pos < 22:
        raise _damaged("the end of the zip archive is missing; the file was probably cut off")
    entries, cd_size = struct.unpack_from("<HI", data, pos + 10)
    # 1 KiB per directory record is generous: real records are well under 200 bytes.
    if entries > limits.max_entries or cd_size > limits.max_entries * 1024:
        raise ReadError(
            "too-many-entries",
            f"The file holds more parts than any workbook (over {limits.max_entries}) and was "
            f"not opened. {_RESEND}",
        )


class _Part(NamedTuple):
    name: str  # as written in the archive
    file_size: int
    compress_size: int
    plain: zipplain.Entry | None  # read without zipfile when set


class SafeZip:
    """A zip archive whose directory passed the checks; parts are read in bounded chunks.

    Part names are looked up case-insensitively, as in the Open Packaging Conventions. An
    archive as spreadsheet programs write it is read by `zipplain`; any other, and any part
    `zipplain` does not inflate exactly as declared, by `zipfile`.
    """

    def __init__(self, data: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self._data = data
        self._zf: zipfile.ZipFile | None = None
        _precheck_directory(data, limits)
        plain = None if "zipplain" in WITHOUT else zipplain.directory(data)
        if plain is not None:
            parts = [_Part(e.name, e.file_size, e.compress_size, e) for e in plain]
        else:
            infos = self._zipfile().infolist()
            parts = [_Part(i.filename, i.file_size, i.compress_size, None) for i in infos]
        if len(parts) > limits.max_entries:
            raise ReadError(
                "too-many-entries",
                f"The file holds {len(parts)} parts, more than any workbook. {_RESEND}",
            )
        self._by_name = {p.name.lower(): p for p in parts}
        if len(self._by_name) != len(parts):
            counts = Counter(p.name.lower() for p in parts)
            dupes = sorted(n for n, c in counts.items() if c > 1)
            raise ReadError(
                "duplicate-zip-entry",
                f"The file contains the part '{dupes[0]}' more than once, so what Excel shows "
                f"is ambiguous; it was not read. {_RESEND}",
            )
        total = 0
        for part in parts:
            size = part.file_size
            total += size
            if size > limits.max_part:
                raise _bomb(part.name, f"would unpack to {size / MB:.0f} MB")
            ratio = size / max(part.compress_size, 1)
            if size > limits.ratio_from and ratio > limits.max_ratio:
                raise _bomb(part.name, f"is compressed {ratio:.0f} to 1")
        if total > limits.max_total:
            raise _bomb("(all parts)", f"would unpack to {total / MB:.0f} MB in total")

    def _zipfile(self) -> zipfile.ZipFile:
        if self._zf is None:
            try:
                self._zf = zipfile.ZipFile(io.BytesIO(self._data))
            except (
                zipfile.BadZipFile,
                zlib.error,
                EOFError,
                OSError,
                ValueError,
                struct.error,
            ) as exc:
                raise _damaged(f"the zip directory cannot be read: {exc}") from None
            except NotImplementedError as exc:
                raise _damaged(f"unsupported zip feature: {exc}") from None
        return self._zf

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self._by_name.values())

    def _part(self, name: str) -> _Part:
        return self._by_name[name.lstrip("/").lower()]

    def has(self, name: str) -> bool:
        return name.lstrip("/").lower() in self._by_name

    def size(self, name: str) -> int:
        """The size part `name` declares (checked against the limits, and while inflating)."""
        return self._part(name).file_size

    def stored(self, name: str) -> object | None:
        """What part `name`'s bytes follow from (its compressed bytes, method, size and CRC),
        when `zipplain` reads it: two parts with equal `stored` are equal. Else None."""
        plain = self._part(name).plain
        return None if plain is None else zipplain.stored(self._data, plain)

    def read(self, name: str) -> bytes:
        """The inflated bytes of part `name`, all at once (see `chunks` for the checks)."""
        part = self._part(name)
        data = self._inflated(part, _PLAIN_MAX_PART)
        return data if data is not None else b"".join(self._unzipped(part))

    def chunks(self, name: str) -> Iterator[bytes]:
        """The inflated bytes of part `name`, at most CHUNK at a time."""
        part = self._part(name)
        data = self._inflated(part, CHUNK)
        if data is not None:
            yield data
        else:
            yield from self._unzipped(part)

    def _inflated(self, part: _Part, up_to: int) -> bytes | None:
        """The part read by `zipplain`, when it is plain, declares at most `up_to` bytes and
        inflates exactly as declared; else None (and `zipfile` reads it)."""
        if part.plain is None or part.file_size > up_to:
            return None
        return zipplain.inflate(self._data, part.plain)

    def _unzipped(self, part: _Part) -> Iterator[bytes]:
        """The part read by `zipfile`, at most CHUNK at a time, checked against its size."""
        limit = min(part.file_size, self.limits.max_part)
        seen = 0
        try:
            with self._zipfile().open(part.name) as fh:
                while True:
                    chunk = fh.read(CHUNK)
                    if not chunk:
                        return
                    seen += len(chunk)
                    if seen > limit:
                        raise _bomb(part.name, "unpacks to more than it declares")
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise _damaged(f"part '{part.name}' cannot be unpacked: {exc}") from None
        except (NotImplementedError, RuntimeError) as exc:
            # RuntimeError is zipfile's "password required" for an encrypted entry.
            raise _damaged(f"part '{part.name}' uses an unsupported zip feature: {exc}") from None


class Parts(Protocol):
    """Where the part scanners read from: a `SafeZip`, or one part already inflated."""

    def has(self, name: str) -> bool: ...

    def chunks(self, name: str) -> Iterator[bytes]: ...


class OnePart:
    """One part inflated by `SafeZip.read`, to be parsed from memory like a package's part."""

    def __init__(self, name: str, data: bytes) -> None:
        self._name = name.lstrip("/").lower()
        self.data = data

    def has(self, name: str) -> bool:
        return name.lstrip("/").lower() == self._name

    def chunks(self, name: str) -> Iterator[bytes]:
        if not self.has(name):
            raise KeyError(name)
        yield self.data


# --- XML -----------------------------------------------------------------------------------


class _Forbidden(Exception):
    pass


def _forbid(*_args: object) -> Any:
    raise _Forbidden


StartHandler = Callable[[str, dict[str, str]], None]
EndHandler = Callable[[str], None]
TextHandler = Callable[[str], None]


def new_parser() -> expat.XMLParserType:
    """A namespace-aware expat parser that refuses any DTD, entity or external entity.

    Element and attribute names carry their namespace as "uri local", so prefixes do not
    matter. Handlers may be swapped while parsing (the sheet scan does, for speed).
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.UnparsedEntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid
    parser.buffer_text = True
    return parser


def feed(zf: Parts, name: str, parser: expat.XMLParserType) -> None:
    """Stream part `name` through `parser` (from `new_parser`), translating its failures."""
    try:
        for chunk in zf.chunks(name):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Forbidden:
        raise ReadError(
            "xml-forbidden",
            f"The part '{name}' contains a DTD or entity declarations, which Excel never "
            f"writes; the file was refused as possibly hostile. {_RESEND}",
        ) from None
    except expat.ExpatError as exc:
        raise ReadError(
            "xml-malformed",
            f"The part '{name}' is not well-formed XML "
            f"({expat.ErrorString(exc.code)}, line {exc.lineno}). {_RESEND}",
        ) from None


def parse_part(
    zf: Parts,
    name: str,
    start: StartHandler,
    end: EndHandler | None = None,
    text: TextHandler | None = None,
) -> None:
    """Stream part `name` through a hardened parser calling the given handlers."""
    parser = new_parser()
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    feed(zf, name, parser)
