"""Hypothesis strategies of hostile answer cells, shared strings, names and numbers.

For `test_fuzz_reader`: what a network, a broken program or an attacker could put into a
returned questionnaire, built on `fuzz_forms`' mutations of a valid form.
"""

from __future__ import annotations

import os
from xml.sax.saxutils import escape

import fuzz_forms as ff
from hypothesis import strategies as st

# --- Answer cells ----------------------------------------------------------------------------

SPECIAL_NUMBERS = (
    "1e-320", "5e-324", "2.2250738585072014e-308", "9007199254740993", "9007199254740992",
    "1e15", "1e20", "1e308", "1e309", "-1e309", "1.7976931348623157e308", "-0", "0.0", "NaN",
    "nan", "inf", "-inf", "Infinity", "0x1F", "1_000", " 12 ", "", " ", "12,5", "1.234,5",
    "1.500", "1,500", "1 234", "١٢", "１２", "²", "1e", ".5", "5.", "+7", "--7", "1" * 300,
    "TRUE", "#DIV/0!", "ca. 50", "5-10", "ved ikke", "Ja", "nej", "ja ", "2012-05-01",
)  # fmt: skip
TRICKY_CHARS = "\t\n\r\u00a0\u202f\u2009\u2212\u2013\ufeff\u200b\u2028\u0085\u009b\U0001f600æøåÆØÅ"
# Units of long texts (up to 1 MB): digits, "don't know" words, escapes, separators.
LONG_UNITS = ("x", "ab ", "1 ", "1.", "12,", "-", " ", "ca ", "æøå ", "_x0001_", "<&>", "\u00a0",
              "1", "123 ", "123.", "ved ", "ikke ")  # fmt: skip
FORMULAS = (
    "1+1", "SUM(E14:E16)", "E14*2", "[1]Ark1!A1", "cmd|' /C calc'!A0",
    'HYPERLINK("http://evil.example","x")', "1/0", '"Ja"', "NA()", "=",
)  # fmt: skip

texts = st.one_of(
    st.sampled_from(SPECIAL_NUMBERS),
    st.text(st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from(TRICKY_CHARS)),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=10),  # controls: malformed XML
    st.builds(lambda u, n: u * n, st.sampled_from(LONG_UNITS), st.integers(1, 200_000)),
    st.integers(-(10**20), 10**20).map(str),
    st.floats().map(repr),
)
# Cells a mutation may replace: the answers, the title block, a few field ids in column A.
TARGETS = (*ff.ANSWER_CELLS, "E2", "E3", "E4", "A8", "A14", "A24")
CELL_TYPES = (None, "n", "s", "str", "inlineStr", "b", "e", "d", "zz", "")


@st.composite
def cell_elements(draw: st.DrawFn, ref: str, shared: int = 0) -> str:
    """Random XML of one <c> element at `ref` (`shared`: how many shared strings there are)."""
    t = draw(st.sampled_from(CELL_TYPES))
    text = draw(texts)
    formula = draw(st.none() | st.sampled_from(FORMULAS) | st.text(max_size=20))
    style = draw(st.none() | st.integers(0, 20) | st.just(10**12))
    if t == "inlineStr" and draw(st.booleans()):
        return ff.cell_xml(ref, t=t, inline=text, f=formula, s=style)
    if t == "s":
        index = draw(st.integers(-2, shared + 2).map(str) | st.sampled_from(["x", "", " 0 "]))
        return ff.cell_xml(ref, t=t, v=index, f=formula, s=style)
    cached = draw(st.booleans()) or formula is None
    return ff.cell_xml(ref, t=t, v=text if cached else None, f=formula, s=style)


def mutations(
    shared: int = 0, targets: tuple[str, ...] = TARGETS
) -> st.SearchStrategy[dict[str, str]]:
    """1 to 6 of `targets`, each with random cell XML (ref -> element)."""
    return st.lists(st.sampled_from(targets), min_size=1, max_size=6, unique=True).flatmap(
        lambda refs: st.fixed_dictionaries({r: cell_elements(r, shared) for r in refs})
    )


# --- Shared strings --------------------------------------------------------------------------

SHARED_ITEMS = st.one_of(
    texts.map(lambda s: f"<t xml:space=\"preserve\">{escape(s)}</t>"),
    st.lists(st.text(max_size=8).map(escape), min_size=1, max_size=4).map(
        lambda runs: "".join(f"<r><t>{r}</t></r>" for r in runs)
    ),
    st.sampled_from(
        ["", "<t/>", "<t>12</t><rPh><t>99</t></rPh>", "<t>_x0007__x0041_</t>",
         "<t>_xD800_</t>", "<t>Ja</t>", "<t>1.234,5</t>", "<r><t>1</t></r><r><t>2</t></r>"]
    ),
)  # fmt: skip


# --- Sheet, zip entry and file names ---------------------------------------------------------

SHEET_NAMES = ("Skema", "Vejledning", "Lister")
names = st.one_of(
    st.sampled_from(["Skema", "skema", "SKEMA", "Skema ", " Skema", "Skéma", "Sk\u200bema", ""]),
    st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=40),
)
entry_names = st.one_of(
    st.sampled_from(
        ["xl/worksheets/sheet2.xml", "XL/WORKSHEETS/SHEET2.XML", "xl\\worksheets\\sheet2.xml",
         "/xl/workbook.xml", "../../etc/passwd", "xl/vbaProject.bin", "xl/sharedStrings.xml",
         "[Content_Types].xml", "xl/", "a" * 250, "xl/worksheets/sheet2.xml/"]
    ),
    *[st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60)] * 3,
).filter(lambda n: n.split("\x00")[0].lstrip("/"))  # fmt: skip
# (zipfile cuts a name at NUL and drops leading slashes, and fails on what is left empty)
file_names = st.one_of(
    st.text(
        st.characters(exclude_categories=("Cs",), exclude_characters="/\x00"),
        min_size=1,
        max_size=50,
    ),
    st.binary(min_size=1, max_size=20).map(lambda b: os.fsdecode(b.replace(b"/", b"_"))),
).map(lambda s: s.replace("\x00", "_") + ".xlsx")


@st.composite
def renamed(draw: st.DrawFn, form: ff.Package) -> ff.Package:
    pkg = form
    for old in draw(st.lists(st.sampled_from(SHEET_NAMES), max_size=3, unique=True)):
        pkg = ff.rename_sheet(pkg, old, draw(names))
    entries = [n for n, _ in pkg.parts]
    for old in draw(st.lists(st.sampled_from(entries), max_size=2, unique=True)):
        pkg = ff.rename_entry(pkg, old, draw(entry_names))
    contents = (b"", b"<a/>", b"\x00\xff", form.part(form.sheet_part))
    for _ in range(draw(st.integers(0, 3))):
        content = contents[draw(st.integers(0, len(contents) - 1))]  # an index: a short repr
        pkg = ff.replace(pkg, parts=(*pkg.parts, (draw(entry_names), content)))
    return pkg


# --- Numbers ---------------------------------------------------------------------------------

SEPARATORS = (".", " ", "\u00a0", "\u202f", "")


@st.composite
def danish_numbers(draw: st.DrawFn) -> tuple[str, int | float, int]:
    """(text, the number it means, its decimals)."""
    decimals = draw(st.integers(0, 3))
    if decimals:
        value: int | float = round(draw(st.floats(0, 1e12)), decimals)
    else:
        value = draw(st.integers(0, 10**15))
    sign = draw(st.sampled_from([1, 1, -1]))
    text = ff.danish_number(sign * value, thousands=draw(st.sampled_from(SEPARATORS)),
                            decimals=decimals)  # fmt: skip
    return text, sign * value, decimals


raw_values = st.one_of(st.none(), texts, st.booleans(), st.integers(-(2**70), 2**70), st.floats())
