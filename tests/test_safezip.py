"""`SafeZip` on generated and damaged archives: what `zipfile` reads, or a named refusal.

The archive is read by `zipfile` behind the directory checks; these tests build archives in
many forms, damage them byte by byte, and require from `SafeZip` either the parts and bytes
`zipfile` gives or a `ReadError` with its code, never another exception.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfreg_xlsx.reading.files import ReadError
from perfreg_xlsx.reading.safezip import CHUNK, SafeZip

INPUTS = Path(__file__).resolve().parents[1] / "inputs"


def opened(data: bytes) -> object:
    """Everything a reader learns from `data`: part names, each part's bytes read both ways
    (or the code and message of the error), or the error opening the archive."""
    try:
        zf = SafeZip(data)
    except ReadError as exc:
        return ("refused", exc.code, exc.message)
    parts: dict[str, object] = {}
    for name in zf.names:
        for how in ("read", "chunks"):
            try:
                got = zf.read(name) if how == "read" else b"".join(zf.chunks(name))
                parts[f"{how} {name}"] = (zf.size(name), got)
            except ReadError as exc:
                parts[f"{how} {name}"] = (exc.code, exc.message)
    return (zf.names, parts)


def part_a(data: bytes) -> tuple[object, ...]:
    """What reading part "a" of `data` gives (size and bytes, or error code and message),
    the same by `read` and by `chunks`."""
    got = opened(data)
    assert isinstance(got, tuple) and isinstance(got[1], dict)
    assert got[1]["read a"] == got[1]["chunks a"]
    out: tuple[object, ...] = got[1]["read a"]
    return out


def archive(
    parts: list[tuple[str, bytes, int]], *, comment: bytes = b"", zip64: bool = False
) -> bytes:
    """A zip archive of `parts` (name, bytes, method); `zip64` writes Zip64 local extra
    fields."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data, method in parts:
            info = zipfile.ZipInfo(name, date_time=(2012, 1, 1, 0, 0, 0))
            info.compress_type = method
            with zf.open(info, "w", force_zip64=zip64) as fh:
                fh.write(data)
        zf.comment = comment
    return buf.getvalue()


def test_shipped_inputs_read_as_zipfile_reads_them() -> None:
    files = sorted(INPUTS.glob("*.xlsx"))
    assert len(files) == 54
    for path in files:
        data = path.read_bytes()
        zf = SafeZip(data)
        with zipfile.ZipFile(path) as ref:
            assert list(zf.names) == ref.namelist()
            for name in ref.namelist():
                assert zf.read(name) == ref.read(name), (path.name, name)


def test_archive_with_data_descriptors_is_read() -> None:
    # zipfile writing to a stream it cannot seek puts sizes after the data (flag bit 3), as
    # some writers do; the directory still has them.
    class Unseekable(io.BytesIO):
        def seekable(self) -> bool:
            return False

    buf = Unseekable()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", b"<workbook/>" * 50)
        zf.writestr("[Content_Types].xml", b"<Types/>")
    got = opened(buf.getvalue())
    assert got[1]["read xl/workbook.xml"] == (550, b"<workbook/>" * 50)  # type: ignore[index]


def test_zip64_local_extra_fields_are_read() -> None:
    assert part_a(archive([("a", b"x" * 70, 8)], zip64=True)) == (70, b"x" * 70)


def test_stored_and_deflated_parts_are_read() -> None:
    zf = SafeZip(archive([("a.xml", b"<a/>" * 9, 0), ("b", b"", 8)]))
    assert [(n, zf.size(n), zf.read(n)) for n in zf.names] == [
        ("a.xml", 36, b"<a/>" * 9),
        ("b", 0, b""),
    ]


def _patch_dir(data: bytes, field_at: int, fmt: str, value: int) -> bytes:
    """`data` with one field of its first central directory record replaced."""
    cd = struct.unpack_from("<L", data, len(data) - 6)[0]
    out = bytearray(data)
    struct.pack_into(fmt, out, cd + field_at, value)
    return bytes(out)


def test_encrypted_entry_is_refused_as_damaged() -> None:
    data = _patch_dir(archive([("a", b"secret", 8)]), 8, "<H", 1)  # flag bit 0
    assert part_a(data)[0] == "damaged-zip"


def test_part_larger_than_declared_is_refused() -> None:
    # The directory says 10 bytes; the data inflate to 4000: zipfile stops at 10 and fails on
    # the CRC.
    data = _patch_dir(archive([("a", b"y" * 4000, 8)]), 24, "<L", 10)
    assert part_a(data)[0] == "damaged-zip"


def test_a_part_padded_beyond_its_data_reads_its_data() -> None:
    # The directory says the compressed part is 4,000 bytes longer than its deflate stream.
    data = _patch_dir(archive([("a", b"z" * 300, 8), ("b", b"q" * 5000, 0)]), 20, "<L", 4000)
    assert part_a(data) == (300, b"z" * 300)


def test_big_part_is_streamed_in_chunks() -> None:
    big = bytes(range(256)) * (CHUNK // 256 * 3)
    zf = SafeZip(archive([("big", big, 8)]))
    assert [len(c) for c in zf.chunks("big")] == [CHUNK] * 3
    assert zf.read("big") == big


# --- Generated and damaged archives ---------------------------------------------------------

NAMES = st.sampled_from(
    ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "XL/Workbook.xml", "a", "b/c"]
)
CONTENT = st.one_of(
    st.binary(max_size=300),
    st.sampled_from([b"<sheetData/>" * 40, b"", b"<a>\xc3\xa6</a>"]),
)
PARTS = st.lists(
    st.tuples(NAMES, CONTENT, st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])),
    min_size=1,
    max_size=4,
)


def _interesting(data: bytes) -> list[int]:
    """Offsets of header fields: where damage changes how the archive is read."""
    spots = list(range(len(data) - 22, len(data)))
    pos = 0
    while (pos := data.find(b"PK", pos)) != -1:
        spots.extend(range(pos, min(pos + 46, len(data))))
        pos += 2
    return spots


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    data = bytearray(archive(draw(PARTS), comment=draw(st.sampled_from([b"", b"", b"c"]))))
    for _ in range(draw(st.integers(0, 3))):
        spots = _interesting(bytes(data))
        at = draw(
            st.sampled_from(spots)
            if spots and draw(st.booleans())
            else st.integers(0, len(data) - 1)
        )
        data[at] = draw(st.integers(0, 255))
    if draw(st.integers(0, 9)) == 0:
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


@pytest.mark.filterwarnings("ignore:Duplicate name")
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_damaged_archives_give_zipfiles_bytes_or_a_named_refusal(data: bytes) -> None:
    got = opened(data)  # raises if anything but a ReadError escapes
    if got[0] == "refused":  # type: ignore[index]
        return
    names, parts = got  # type: ignore[misc]
    with zipfile.ZipFile(io.BytesIO(data)) as ref:
        assert list(names) == ref.namelist()
        for name in names:
            read = parts[f"read {name}"]
            assert read == parts[f"chunks {name}"]
            if read[0] not in ("damaged-zip", "zip-bomb"):
                assert read == (ref.getinfo(name).file_size, ref.read(name))
