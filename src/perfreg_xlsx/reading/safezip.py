"""The zip archive of a package, opened only after its directory passed the checks: entry
count, duplicate names, declared sizes and compression ratios, all before one byte is
inflated; parts then inflated by `zipfile` in bounded chunks, never beyond what they declare.

Every refusal is a named `ReadError`: `too-many-entries`, `duplicate-zip-entry`, `zip-bomb`,
`damaged-zip`.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator

from perfreg_xlsx.reading.files import DEFAULT_LIMITS, MB, RESEND, Limits, ReadError

CHUNK = 64 * 1024
_EOCD = b"PK\x05\x06"


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
        f"does (a protection against zip bombs). {RESEND}",
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
            f"not opened. {RESEND}",
        )


class SafeZip:
    """A zip archive whose directory passed the checks; parts are read in bounded chunks.

    Part names are looked up case-insensitively, as in the Open Packaging Conventions.
    """

    def __init__(self, data: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        _precheck_directory(data, limits)
        try:
            self._zf = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, struct.error) as exc:
            raise _damaged(f"the zip directory cannot be read: {exc}") from None
        except NotImplementedError as exc:
            raise _damaged(f"unsupported zip feature: {exc}") from None
        infos = self._zf.infolist()  # every entry, a repeated name included
        if len(infos) > limits.max_entries:
            raise ReadError(
                "too-many-entries",
                f"The file holds {len(infos)} parts, more than any workbook. {RESEND}",
            )
        self._by_name = {i.filename.lower(): i for i in infos}
        if len(self._by_name) != len(infos):
            counts = Counter(i.filename.lower() for i in infos)
            dupes = sorted(n for n, c in counts.items() if c > 1)
            raise ReadError(
                "duplicate-zip-entry",
                f"The file contains the part '{dupes[0]}' more than once, so what Excel shows "
                f"is ambiguous; it was not read. {RESEND}",
            )
        total = 0
        for info in infos:
            size = info.file_size
            total += size
            if size > limits.max_part:
                raise _bomb(info.filename, f"would unpack to {size / MB:.0f} MB")
            ratio = size / max(info.compress_size, 1)
            if size > limits.ratio_from and ratio > limits.max_ratio:
                raise _bomb(info.filename, f"is compressed {ratio:.0f} to 1")
        if total > limits.max_total:
            raise _bomb("(all parts)", f"would unpack to {total / MB:.0f} MB in total")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(i.filename for i in self._by_name.values())

    def _info(self, name: str) -> zipfile.ZipInfo:
        return self._by_name[name.lstrip("/").lower()]

    def has(self, name: str) -> bool:
        return name.lstrip("/").lower() in self._by_name

    def size(self, name: str) -> int:
        """The size part `name` declares (checked against the limits, and while inflating)."""
        return self._info(name).file_size

    def read(self, name: str) -> bytes:
        """The inflated bytes of part `name`, all at once (see `chunks` for the checks)."""
        return b"".join(self.chunks(name))

    def chunks(self, name: str) -> Iterator[bytes]:
        """The inflated bytes of part `name`, at most CHUNK at a time, checked against its
        declared size (which the limits have accepted)."""
        info = self._info(name)
        limit = min(info.file_size, self.limits.max_part)
        seen = 0
        try:
            with self._zf.open(info) as fh:
                while chunk := fh.read(CHUNK):
                    seen += len(chunk)
                    if seen > limit:
                        raise _bomb(info.filename, "unpacks to more than it declares")
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise _damaged(f"part '{info.filename}' cannot be unpacked: {exc}") from None
        except (NotImplementedError, RuntimeError) as exc:
            # RuntimeError is zipfile's "password required" for an encrypted entry.
            raise _damaged(
                f"part '{info.filename}' uses an unsupported zip feature: {exc}"
            ) from None
