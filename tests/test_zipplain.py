"""The plain zip reader gives what `zipfile` gives, or steps aside.

`SafeZip` reads an archive as spreadsheet programs write it with `zipplain` (one `struct` call
per directory entry, one `zlib` call per part) and any other with `zipfile`. These tests build
archives in many forms, damage them byte by byte, and require from `SafeZip` with `zipplain`
exactly what it gives with `zipplain` switched off: the same parts, the same bytes, the same
errors. They also check that the plain path is really taken for what we and Excel write.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from soffice import to_xlsx

from perfreg_xlsx.checking.validate import wanted_cells
from perfreg_xlsx.reading import zipplain
from perfreg_xlsx.reading.fastscan import fast_scan
from perfreg_xlsx.reading.reader import RawCell, RawWorkbook, _normalise_refs, read_workbook
from perfreg_xlsx.reading.safezip import CHUNK, DEFAULT_LIMITS, ReadError, SafeZip

INPUTS = Path(__file__).resolve().parents[1] / "inputs"


@contextmanager
def without_plain(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`SafeZip` as it was before `zipplain`: every archive read by `zipfile`."""
    with monkeypatch.context() as m:
        m.setattr(zipplain, "directory", lambda _data: None)
        yield


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


def both(data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    fast = opened(data)
    with without_plain(monkeypatch):
        slow = opened(data)
    return fast, slow


def part_a_both_ways(data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[object, ...]:
    """What reading part "a" of `data` gives (size and bytes, or error code and message),
    required to be the same with and without `zipplain`."""
    fast, slow = both(data, monkeypatch)
    assert fast == slow
    assert isinstance(fast, tuple) and isinstance(fast[1], dict)
    got: tuple[object, ...] = fast[1]["read a"]
    return got


def archive(
    parts: list[tuple[str, bytes, int]],
    *,
    comment: bytes = b"",
    zip64: bool = False,
    zip64_end: bool = False,
    extra: bytes = b"",
) -> bytes:
    """A zip archive of `parts` (name, bytes, method); `zip64` writes Zip64 local extra
    fields, `zip64_end` the Zip64 end records (as for more than 65,535 entries); `extra` is
    every entry's extra field."""
    buf = io.BytesIO()
    with pytest.MonkeyPatch.context() as m:
        if zip64_end:
            m.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 0)
        with zipfile.ZipFile(buf, "w") as zf:
            for name, data, method in parts:
                info = zipfile.ZipInfo(name, date_time=(2012, 1, 1, 0, 0, 0))
                info.compress_type = method
                info.extra = extra
                with zf.open(info, "w", force_zip64=zip64) as fh:
                    fh.write(data)
            zf.comment = comment
    return buf.getvalue()


# --- Archives that are plain ----------------------------------------------------------------


def test_shipped_inputs_are_read_plain_and_equal(monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted(INPUTS.glob("*.xlsx"))
    assert len(files) == 54
    for path in files:
        data = path.read_bytes()
        entries = zipplain.directory(data)
        assert entries is not None, path.name
        assert all(zipplain.inflate(data, e) is not None for e in entries), path.name
        with zipfile.ZipFile(path) as zf:
            assert [e.name for e in entries] == zf.namelist()
            for e in entries:
                assert zipplain.inflate(data, e) == zf.read(e.name)
        fast, slow = both(data, monkeypatch)
        assert fast == slow


def test_a_form_saved_again_by_libreoffice_is_read_plain_and_the_same(tmp_path: Path) -> None:
    """What a spreadsheet program writes takes both fast paths (the plain zip reader and the
    fast sheet scan) and gives the cells the original gives."""
    original = INPUTS / "robocluster_2012.xlsx"
    saved = to_xlsx(original, tmp_path / "saved")
    data = saved.read_bytes()
    entries = zipplain.directory(data)
    assert entries is not None
    assert all(zipplain.inflate(data, e) is not None for e in entries)
    wanted = wanted_cells()
    sheet = SafeZip(data).read("xl/worksheets/sheet2.xml")
    assert fast_scan(sheet, "sheet2", _normalise_refs(wanted["Skema"]), DEFAULT_LIMITS)
    before, after = read_workbook(original, wanted), read_workbook(saved, wanted)

    def cells(wb: RawWorkbook) -> dict[str, RawCell]:
        # LibreOffice writes texts to the shared strings (t="s") where we wrote them inline.
        return {ref: c._replace(cell_type="") for ref, c in wb.sheets["Skema"].cells.items()}

    assert cells(after) == cells(before)
    assert len(cells(after)) == 147


def test_excel_style_archive_with_data_descriptors_is_plain(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # zipfile writing to a stream it cannot seek puts sizes after the data (flag bit 3), as
    # some writers do; the directory still has them.
    class Unseekable(io.BytesIO):
        def seekable(self) -> bool:
            return False

    buf = Unseekable()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", b"<workbook/>" * 50)
        zf.writestr("[Content_Types].xml", b"<Types/>")
    data = buf.getvalue()
    entries = zipplain.directory(data)
    assert entries is not None and [e.name for e in entries] == [
        "xl/workbook.xml",
        "[Content_Types].xml",
    ]
    fast, slow = both(data, monkeypatch)
    assert fast == slow
    assert fast[1]["read xl/workbook.xml"] == (550, b"<workbook/>" * 50)  # type: ignore[index]


def test_zip64_local_extra_fields_are_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only the local headers carry them (zipfile ignores their sizes, and so do we).
    data = archive([("a", b"x" * 70, 8)], zip64=True)
    assert zipplain.directory(data) is not None
    assert part_a_both_ways(data, monkeypatch) == (70, b"x" * 70)


def test_stored_and_deflated_parts_are_read_plain() -> None:
    data = archive([("a.xml", b"<a/>" * 9, zipfile.ZIP_STORED), ("b", b"", zipfile.ZIP_DEFLATED)])
    entries = zipplain.directory(data)
    assert entries is not None
    assert [(e.name, e.method, e.file_size) for e in entries] == [("a.xml", 0, 36), ("b", 8, 0)]
    assert [zipplain.inflate(data, e) for e in entries] == [b"<a/>" * 9, b""]


def test_equal_compressed_parts_have_equal_stored_keys() -> None:
    one = archive([("x", b"same", zipfile.ZIP_DEFLATED), ("y", b"other", zipfile.ZIP_DEFLATED)])
    two = archive([("y", b"other!", zipfile.ZIP_DEFLATED), ("x", b"same", zipfile.ZIP_DEFLATED)])
    a, b = SafeZip(one), SafeZip(two)
    assert a.stored("x") == b.stored("x") is not None
    assert a.stored("y") != b.stored("y")


# --- Archives that are not plain: zipfile reads them ----------------------------------------


# The Info-ZIP Unicode path extra field of "a" naming it "other" (version 1, CRC of the name).
_PATH = struct.pack("<BL", 1, zlib.crc32(b"a")) + b"other"
UNICODE_PATH = struct.pack("<HH", 0x7075, len(_PATH)) + _PATH


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(archive([("a", b"x", 8)], comment=b"hello"), id="comment"),
        pytest.param(archive([("a", b"x", 8)], zip64=True, zip64_end=True), id="zip64-end"),
        pytest.param(b"MZ-stub" + archive([("a", b"x", 8)]), id="prepended-data"),
        pytest.param(archive([("æble.xml", b"x", 8)]), id="non-ascii-name"),
        pytest.param(archive([("a", b"x" * 100, zipfile.ZIP_BZIP2)]), id="bzip2"),
        pytest.param(archive([("xl\\workbook.xml", b"x", 8)]), id="backslash-in-name"),
        pytest.param(archive([("a", b"x", 8)], extra=UNICODE_PATH), id="unicode-path-extra"),
    ],
)
def test_unusual_archives_are_left_to_zipfile(data: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    assert zipplain.directory(data) is None
    fast, slow = both(data, monkeypatch)
    assert fast == slow
    assert not isinstance(fast, tuple) or fast[0] != "refused"


def _patch_dir(data: bytes, field_at: int, fmt: str, value: int) -> bytes:
    """`data` with one field of its first central directory record replaced."""
    cd = struct.unpack_from("<L", data, len(data) - 6)[0]
    out = bytearray(data)
    struct.pack_into(fmt, out, cd + field_at, value)
    return bytes(out)


def test_encrypted_flag_gives_zipfiles_error(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _patch_dir(archive([("a", b"secret", 8)]), 8, "<H", 1)  # flag bit 0
    assert zipplain.directory(data) is None
    assert part_a_both_ways(data, monkeypatch)[0] == "damaged-zip"


def test_part_larger_than_declared_gives_zipfiles_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The directory says 10 bytes; the data inflate to 4000: zipfile stops at 10 and fails on
    # the CRC, and so must the plain path (it steps aside).
    data = _patch_dir(archive([("a", b"y" * 4000, 8)]), 24, "<L", 10)
    entries = zipplain.directory(data)
    assert entries is not None and zipplain.inflate(data, entries[0]) is None
    assert part_a_both_ways(data, monkeypatch)[0] == "damaged-zip"


def test_a_part_padded_beyond_its_data_reads_alike_and_is_not_a_cache_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The directory says the compressed part is 4,000 bytes longer than its deflate stream:
    # both readers stop at the stream's end; the key would have copied the padding.
    data = _patch_dir(archive([("a", b"z" * 300, 8), ("b", b"q" * 5000, 0)]), 20, "<L", 4000)
    entries = zipplain.directory(data)
    assert entries is not None
    assert zipplain.inflate(data, entries[0]) == b"z" * 300
    assert zipplain.stored(data, entries[0]) is None
    assert SafeZip(data).stored("a") is None
    fast, slow = both(data, monkeypatch)
    assert fast == slow


def test_big_part_is_streamed_by_zipfile(monkeypatch: pytest.MonkeyPatch) -> None:
    big = bytes(range(256)) * (CHUNK // 256 * 3)
    data = archive([("big", big, 8)])
    zf = SafeZip(data)
    assert [len(c) for c in zf.chunks("big")] == [CHUNK] * 3
    assert zf.read("big") == big
    fast, slow = both(data, monkeypatch)
    assert fast == slow


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
def test_generated_archives_read_the_same_both_ways(data: bytes) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast, slow = both(data, monkeypatch)
    assert fast == slow


def test_most_generated_archives_are_plain() -> None:
    """The differential test above exercises the plain path, not only the fallback."""
    plain = sum(
        zipplain.directory(archive([(f"p{i}", b"<x/>" * i, 8 * (i % 2))])) is not None
        for i in range(20)
    )
    assert plain == 20
