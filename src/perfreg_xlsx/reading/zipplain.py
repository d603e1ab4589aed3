"""The common case of a zip archive, read without `zipfile`: its directory parsed with one
`struct` call per entry, a part inflated with one `zlib` call.

`zipfile` builds a ZipInfo per entry and a file object per part it opens; for a questionnaire
of a dozen small parts that costs more than inflating its form sheet. This module reads only
archives as spreadsheet programs write them and answers None for anything else, so that
`SafeZip` reads those with `zipfile`, exactly as before:

- the end-of-central-directory record is the archive's last 22 bytes (no comment), on one
  disk, without Zip64, and the central directory lies directly before it (nothing prepended);
- the directory's records are well formed, fill it exactly, and are as many as it states;
- every entry is stored or deflated, not encrypted or patched, of a version `zipfile` reads,
  with sizes and offset below 4 GiB, a printable ASCII name without a backslash, and no Zip64
  or Unicode-path extra field.

`inflate` answers only when a part's local header is where the directory says, with the same
name, and the part inflates to exactly its declared size and CRC (its deflate stream ending
there); otherwise None, and `zipfile` reads the part and raises what it always raised. Local
headers are looked at only for the parts read, as `zipfile` does. Where both read, they give
the same bytes; `tests/test_zipplain.py` compares them on generated and damaged archives.
"""

from __future__ import annotations

import re
import struct
import zlib
from typing import NamedTuple

# The layouts of zipfile's structEndArchive, structCentralDir and structFileHeader.
_END = struct.Struct("<4s4H2LH")
_DIR = struct.Struct("<4s4B4HL2L5H2L")
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_EXTRA = struct.Struct("<HH")
_ZIP64_LOCATOR = b"PK\x06\x07"
_MAX_VERSION = 63  # zipfile.MAX_EXTRACT_VERSION
# Flag bits a plain entry may have: deflate options (1, 2), data descriptor (3), UTF-8 name
# (11). Encryption (0, 6, 13) and patched data (5) are zipfile's to refuse.
_PLAIN_FLAGS = 0b1000_0000_1110
_STORED, _DEFLATED = 0, 8
# Printable ASCII without a backslash: zipfile makes "\\" a "/" on Windows, so a name with one
# would not be the same name on every system.
_NAME = re.compile(rb"[\x20-\x5b\x5d-\x7e]+")
# Extra fields that can change what a reader takes the entry to be: Zip64 sizes, and the
# Info-ZIP Unicode path (which some readers put in place of the name, others ignore).
_MEANINGFUL_EXTRA = frozenset({0x0001, 0x7075})
_FULL = 0xFFFFFFFF  # a size or offset that Zip64 replaces


class Entry(NamedTuple):
    """One part of a plain archive: where its compressed bytes are and what they must give."""

    name: str
    method: int
    crc: int
    compress_size: int
    file_size: int
    offset: int  # of the entry's local header in the archive


def directory(data: bytes) -> list[Entry] | None:
    """The entries of the zip archive `data` when it is plain (see above), else None."""
    end = len(data) - _END.size
    if end < 0:
        return None
    sig, disk, cd_disk, on_disk, count, cd_size, cd_offset, comment = _END.unpack_from(data, end)
    if sig != b"PK\x05\x06" or comment or disk or cd_disk or on_disk != count:
        return None
    if cd_offset + cd_size != end or data[end - 20 : end - 16] == _ZIP64_LOCATOR:
        return None
    entries: list[Entry] = []
    pos = cd_offset
    while pos < end:
        entry, pos = _record(data, pos, end)
        if entry is None:
            return None
        entries.append(entry)
    return entries if pos == end and len(entries) == count else None


def _record(data: bytes, pos: int, end: int) -> tuple[Entry | None, int]:
    """The directory record at `pos` and where the next begins; None if it is not plain."""
    if pos + _DIR.size > end:
        return None, end
    (sig, _, _, extract, _, flags, method, _, _, crc, csize, usize, name_len, extra_len,
     comment_len, _, _, _, offset) = _DIR.unpack_from(data, pos)  # fmt: skip
    if sig != b"PK\x01\x02" or extract > _MAX_VERSION or flags & ~_PLAIN_FLAGS:
        return None, end
    if method not in (_STORED, _DEFLATED) or _FULL in (csize, usize, offset):
        return None, end
    name_at = pos + _DIR.size
    name = data[name_at : name_at + name_len]
    extra = data[name_at + name_len : name_at + name_len + extra_len]
    after = name_at + name_len + extra_len + comment_len
    if after > end or _NAME.fullmatch(name) is None or not _plain_extra(extra):
        return None, end
    return Entry(name.decode("ascii"), method, crc, csize, usize, offset), after


def _plain_extra(extra: bytes) -> bool:
    """Extra fields well formed (zipfile raises on a cut one) and none that changes the
    entry's sizes or name."""
    pos = 0
    while pos < len(extra):
        if pos + _EXTRA.size > len(extra):
            return False
        kind, size = _EXTRA.unpack_from(extra, pos)
        pos += _EXTRA.size + size
        if kind in _MEANINGFUL_EXTRA or pos > len(extra):
            return False
    return True


def _data(data: bytes, entry: Entry) -> memoryview | None:
    """The entry's compressed bytes, after its local header; None if that header is not
    where the directory says or names another part."""
    if entry.offset + _LOCAL.size > len(data):
        return None
    sig, *_, name_len, extra_len = _LOCAL.unpack_from(data, entry.offset)
    name_at = entry.offset + _LOCAL.size
    if sig != b"PK\x03\x04" or data[name_at : name_at + name_len] != entry.name.encode():
        return None
    start: int = name_at + name_len + extra_len
    return memoryview(data)[start : start + entry.compress_size]


def inflate(data: bytes, entry: Entry) -> bytes | None:
    """The part's bytes when they come out exactly as declared, else None.

    At most one byte more than the declared size is ever inflated, so a part that lies about
    its size cannot make this use more memory than the size the caller already accepted.
    """
    if entry.method == _STORED and entry.compress_size != entry.file_size:
        return None  # not copied: it could be the whole archive
    raw = _data(data, entry)
    if raw is None:
        return None
    if entry.method == _STORED:
        out = bytes(raw)
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            out = inflater.decompress(raw, entry.file_size + 1)
        except zlib.error:
            return None
        if not inflater.eof:
            return None
    if len(out) != entry.file_size or zlib.crc32(out) != entry.crc:
        return None
    return out


def stored(data: bytes, entry: Entry) -> tuple[int, int, int, bytes] | None:
    """What determines the part's bytes (equal for two entries: equal inflated parts), or
    None where `inflate` would not read it, or where the compressed bytes claim to be larger
    than deflate ever makes a part (they would be copied into the key)."""
    if entry.compress_size > entry.file_size + entry.file_size // 1000 + 64:
        return None
    raw = _data(data, entry)
    return None if raw is None else (entry.method, entry.crc, entry.file_size, bytes(raw))
