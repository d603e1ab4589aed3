"""Property-based and fuzz tests of the reader and the parse step (issue 16, item 7).

A filled, valid questionnaire is mutated at the package level (`fuzz_forms`): its answer
cells replaced by random cell XML, shared strings added, sheets and zip entries renamed, file
names and Danish number texts drawn at random. Every file must come back from `check_file`
without an exception, with only declared finding codes, accepted or with an error that says
why, within a time and a memory bound; a valid neighbour in the same run keeps its own result.

Bugs these properties found are pinned as plain tests at the end, each with the item of
issue 16 that fixed it (they were `xfail(strict=True)` until then).

The runs are derandomized, so the suite is repeatable; `PERFREG_FUZZ_EXAMPLES=5000` runs
that many random examples of each property instead (to hunt, not in CI).
"""

from __future__ import annotations

import functools
import math
import multiprocessing
import os
import re
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import fuzz_forms as ff
import pytest
from conftest import YEAR, valid_answers
from fuzz_strategies import (
    CELL_TYPES,
    FORMULAS,
    LONG_UNITS,
    SEPARATORS,
    SHARED_ITEMS,
    TARGETS,
    danish_numbers,
    file_names,
    mutations,
    raw_values,
    renamed,
)
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from survey_names import fields_for

from perfreg_xlsx.checking.findings import CODES
from perfreg_xlsx.checking.parse import Issue, clean_text, is_blank, parse_cell, parse_number_text
from perfreg_xlsx.form.fill import fill_form
from perfreg_xlsx.models import FileResult, FileStatus
from perfreg_xlsx.pipeline import Checked, check_file, validate_folder
from perfreg_xlsx.reading.parts import is_date_format
from perfreg_xlsx.reading.rawcell import RawCell
from perfreg_xlsx.reading.sheet import translate_formula
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import Kind, Programme, Severity

# The reader's own codes for files it refuses (docs/validation.md, "Finding codes"); they
# carry the catalogue's `unreadable` wording.
READER_CODES = frozenset(
    {"empty-file", "encrypted-or-xls", "not-a-zip", "not-xlsx", "damaged-zip", "zip-bomb",
     "too-many-entries", "duplicate-zip-entry", "xml-forbidden", "xml-malformed",
     "missing-part", "sheet-too-complex", "file-too-large", "unreadable-file",
     "duplicate-sheet-name"}
)  # fmt: skip
DECLARED = frozenset(CODES) | READER_CODES
# Examples of up to a megabyte of text: hypothesis warns that printing one is expensive.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
SECONDS_PER_FILE = 2.0
PEAK_BYTES_PER_FILE = 200 * 1024 * 1024
FIELDS = {f.id: f for f in fields_for(Programme.NETWORK)}
# Characters XML 1.0 (and so Excel) cannot hold.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _settings(examples: int) -> settings:
    base = settings(
        deadline=None,  # the time bound is asserted per file, not per example
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    hunt = int(os.environ.get("PERFREG_FUZZ_EXAMPLES", "0"))
    if hunt:
        return settings(base, max_examples=hunt)
    # Repeatable: the same examples each run, and none replayed from a local database.
    return settings(base, max_examples=examples, derandomize=True, database=None)


# --- What every checked file must satisfy ----------------------------------------------------


def assert_sound(result: FileResult) -> None:
    """Declared codes only; accepted, or an error finding says why; typed numbers in bounds."""
    for f in result.findings:
        assert f.code in DECLARED, f
        assert "unexpected problem" not in f.message, f"a reader crash, masked: {f.message}"
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    if result.status is FileStatus.ACCEPTED:
        assert not errors and result.response is not None
    else:
        assert errors, result
    if result.response is None:
        return
    for fid, value in result.response.values.items():
        spec = FIELDS[fid]
        if value is None or spec.kind not in (Kind.INT, Kind.DEC):
            continue
        assert isinstance(value, int | float) and not isinstance(value, bool), (fid, value)
        assert isinstance(value, int) or math.isfinite(value), (fid, value)
        assert spec.min is None or value >= spec.min, (fid, value)
        assert spec.max is None or value <= spec.max, (fid, value)


def check_bounded(path: Path, register: Register) -> Checked:
    """`check_file`, asserting the time and memory bounds and `assert_sound`."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        checked = check_file(path, register, YEAR)
    finally:
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < SECONDS_PER_FILE, f"{elapsed:.2f} s"
    assert peak < PEAK_BYTES_PER_FILE, f"{peak / 2**20:.0f} MB"
    assert_sound(checked.result)
    if currently_in_test_context():  # what the files came to: --hypothesis-show-statistics
        outcome = {checked.result.status.value, *(f.code for f in checked.result.findings)}
        event(" ".join(sorted(outcome)))
    return checked


# --- The valid forms, made once --------------------------------------------------------------


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def valid_forms(template_path: Path, register: Register, work: Path) -> tuple[Path, Path]:
    """Two valid filled forms of two different networks: the one mutated, its neighbour."""
    first, second = (n.name for n in register.of(Programme.NETWORK)[:2])
    a, b = work / "valid_a.xlsx", work / "z_neighbour.xlsx"
    fill_form(template_path, a, valid_answers(first))
    fill_form(template_path, b, valid_answers(second))
    return a, b


@pytest.fixture(scope="module")
def form(valid_forms: tuple[Path, Path], register: Register) -> ff.Package:
    checked = check_file(valid_forms[0], register, YEAR)
    assert checked.result.status is FileStatus.ACCEPTED and not checked.result.findings
    return ff.Package.read(valid_forms[0])


@pytest.fixture(scope="module")
def check(work: Path, register: Register) -> Callable[[ff.Package], Checked]:
    def run(pkg: ff.Package) -> Checked:
        return check_bounded(pkg.write(work / "fuzzed.xlsx"), register)

    return run


# --- (a) random answer cells -------------------------------------------------------------------


@_settings(250)
@given(cells=mutations())
@example(cells={"E11": ff.cell_xml("E11", t="inlineStr", inline="ved " * 200)})
@example(cells={"E98": ff.cell_xml("E98", f="1+1", v="9007199254740993")})
def test_random_answer_cells(
    form: ff.Package, check: Callable[[ff.Package], Checked], cells: dict[str, str]
) -> None:
    check(ff.replace_cells(form, cells))


@_settings(60)
@given(cells=mutations(targets=tuple(r for r in TARGETS if r not in ("E8", "A8"))))
def test_a_neighbour_keeps_its_own_result(
    valid_forms: tuple[Path, Path],
    form: ff.Package,
    work: Path,
    register: Register,
    cells: dict[str, str],
) -> None:
    alone = validate_folder([valid_forms[1]], register, YEAR, jobs=1).files
    assert [r.status for r in alone] == [FileStatus.ACCEPTED] and not alone[0].findings
    fuzzed = ff.replace_cells(form, cells).write(work / "a_fuzzed.xlsx")
    run = validate_folder([fuzzed, valid_forms[1]], register, YEAR, jobs=1)
    assert [r.file for r in run.files] == [str(fuzzed), str(valid_forms[1])]
    assert_sound(run.files[0])
    assert run.files[1] == alone[0]


# --- (b) random shared strings -----------------------------------------------------------------


@_settings(120)
@given(
    items=st.lists(SHARED_ITEMS, max_size=12),
    data=st.data(),
)
def test_random_shared_strings(
    form: ff.Package, check: Callable[[ff.Package], Checked], items: list[str], data: st.DataObject
) -> None:
    cells = data.draw(mutations(shared=len(items)))
    check(ff.replace_cells(ff.with_shared_strings(form, items, raw=True), cells))


# --- (c) random sheet names, zip entry names and file names -----------------------------------


@_settings(150)
@given(data=st.data(), file_name=file_names)
def test_random_names(
    form: ff.Package, work: Path, register: Register, data: st.DataObject, file_name: str
) -> None:
    pkg = data.draw(renamed(form))
    folder = work / "names"
    folder.mkdir(exist_ok=True)
    path = folder / file_name
    try:
        pkg.write(path)
    except OSError:  # a name this file system will not hold (e.g. too long in bytes)
        assume(False)
    try:
        check_bounded(path, register)
    finally:
        path.unlink()


def test_a_renamed_form_sheet_is_a_missing_sheet(
    form: ff.Package, check: Callable[[ff.Package], Checked]
) -> None:
    result = check(ff.rename_sheet(form, "Skema", "Skema (2)")).result
    assert result.status is FileStatus.REFUSED
    assert [f.code for f in result.findings] == ["missing-sheet"]


# --- (d) numbers typed as text the Danish way -------------------------------------------------


def _ambiguous(text: str, whole: bool) -> bool:
    """One separator followed by exactly three digits: "1.500" (decimal field) or "1,500"."""
    plain = text.lstrip("-")
    return bool(re.fullmatch(r"[1-9]\d{0,2},\d{3}", plain)) or (
        not whole and bool(re.fullmatch(r"[1-9]\d{0,2}\.\d{3}", plain))
    )


@_settings(400)
@given(number=danish_numbers(), whole=st.booleans())
@example(number=("2.059", 2059, 0), whole=True)
@example(number=("1.234,5", 1234.5, 1), whole=False)
def test_danish_number_text_means_its_number(
    number: tuple[str, int | float, int], whole: bool
) -> None:
    text, value, _ = number
    parsed = parse_number_text(text, whole=whole)
    if _ambiguous(text, whole):
        assert isinstance(parsed, Issue) and parsed.code == "ambiguous-number", (text, parsed)
    else:
        assert parsed == value, (text, parsed)


@_settings(40)
@given(value=st.integers(0, 2**53), thousands=st.sampled_from(SEPARATORS))
def test_danish_number_text_in_a_form_is_its_number(
    form: ff.Package, check: Callable[[ff.Package], Checked], value: int, thousands: str
) -> None:
    text = ff.danish_number(value, thousands=thousands)
    cell = ff.cell_xml("E87", t="inlineStr", inline=text)  # turnover, a whole number
    result = check(ff.replace_cells(form, {"E87": cell})).result
    assert result.response is not None and result.response.values["turnover"] == value


# --- The parse step on its own ----------------------------------------------------------------


@_settings(400)
@given(
    value=raw_values,
    formula=st.none() | st.sampled_from(FORMULAS) | st.text(max_size=30),
    flags=st.tuples(st.booleans(), st.booleans(), st.booleans()),
    cell_type=st.sampled_from(CELL_TYPES),
    kind=st.sampled_from(list(Kind)),
)
def test_parse_cell_never_raises(
    value: str | bool | int | float | None,
    formula: str | None,
    flags: tuple[bool, bool, bool],
    cell_type: str,
    kind: Kind,
) -> None:
    no_cache, is_error, date = flags
    cell = RawCell("E14", value, formula, no_cache, is_error, date, cell_type or "n")
    start = time.perf_counter()
    parsed = parse_cell(cell, kind)
    assert time.perf_counter() - start < 0.5
    assert {i.code for i in parsed.issues} <= set(CODES)
    if parsed.value is None:
        return
    expected = {Kind.YESNO: bool, Kind.INT: int | float, Kind.DEC: int | float}.get(kind, str)
    assert isinstance(parsed.value, expected), (kind, parsed)


MEGABYTE_UNITS = (*LONG_UNITS, "Ja ", "omkring ", "1-", "1 til ", "ved x ")


def _megabyte(unit: str, size: int = 2**20) -> str:
    return (unit * (size // len(unit) + 1))[:size]


@pytest.mark.parametrize("unit", MEGABYTE_UNITS)
@pytest.mark.parametrize("kind", [Kind.TEXT, Kind.EMAIL, Kind.YESNO])
def test_a_megabyte_of_text_parses_quickly(unit: str, kind: Kind) -> None:
    cell = RawCell("E14", _megabyte(unit), None, False, False, False, "inlineStr")
    start = time.perf_counter()
    parse_cell(cell, kind)
    assert time.perf_counter() - start < 0.5


def _seconds(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


@pytest.mark.parametrize("unit", MEGABYTE_UNITS)
def test_number_text_parses_in_linear_time(unit: str) -> None:
    # 8 times the text: 8 times the time if linear, 64 if quadratic. The bound of issue 16
    # (1 MB under 0.5 s) is pinned by test_a_megabyte_of_number_text_is_capped_first.
    small, large = _megabyte(unit, 2**17), _megabyte(unit)
    t_small = min(_seconds(lambda: parse_number_text(small, whole=True)) for _ in range(3))
    t_large = _seconds(lambda: parse_number_text(large, whole=True))
    assert t_large < 20 * t_small + 0.05, (t_small, t_large)


# --- Bugs found, pinned: fixed by issue 16 ------------------------------------------------


def _parse_in_child(text: str, seconds: float) -> float | None:
    """Seconds `parse_number_text(text)` took in a child process; None if over `seconds`."""
    ctx = multiprocessing.get_context("fork")
    out = ctx.SimpleQueue()

    def run() -> None:
        start = time.perf_counter()
        parse_number_text(text, whole=True)
        out.put(time.perf_counter() - start)

    child = ctx.Process(target=run, daemon=True)
    child.start()
    child.join(seconds)
    if child.is_alive():  # quadratic: 1 MB would take hours, so stop it
        child.kill()
        child.join()
        return None
    return out.get() if not out.empty() else None


@pytest.mark.parametrize("unit", ["ved ", "ikke "])
def test_dont_know_words_parse_in_linear_time(unit: str) -> None:
    elapsed = _parse_in_child(unit * (2**20 // len(unit)), seconds=1.5)
    assert elapsed is not None and elapsed < 0.5


@pytest.mark.parametrize("unit", ["ab ", "ca ", "1-", "æøå "])
def test_a_megabyte_of_number_text_is_capped_first(unit: str) -> None:
    # Capped before parsing, a megabyte costs what a kilobyte does. The bound of the issue,
    # 0.5 s, is met or missed here by the machine's load; 20 ms is missed by five times.
    cell = RawCell("E14", _megabyte(unit), None, False, False, False, "inlineStr")
    assert min(_seconds(lambda: parse_cell(cell, Kind.INT)) for _ in range(2)) < 0.02


def _number_cell(ref: str, t: str, text: str) -> str:
    """A cell holding `text` as a number (`t="n"`, in <v>) or as an inline text."""
    return ff.cell_xml(ref, t=t, v=text if t == "n" else None, inline=text if t != "n" else None)


@pytest.mark.parametrize("t", ["n", "inlineStr"])
def test_a_number_of_thousands_of_digits_is_a_finding(
    form: ff.Package, check: Callable[[ff.Package], Checked], t: str
) -> None:
    digits = "1" * 5000
    cell = _number_cell("E14", t, digits)
    result = check(ff.replace_cells(form, {"E14": cell})).result
    assert any(f.cell == "E14" and f.severity is Severity.ERROR for f in result.findings)


def _refused_at(result: FileResult, cell: str, fid: str) -> bool:
    """An error finding names `cell` and the answer is not in the response."""
    flagged = any(f.cell == cell and f.severity is Severity.ERROR for f in result.findings)
    return flagged and (result.response is None or result.response.values.get(fid) is None)


@pytest.mark.parametrize(
    "t,text",
    [("n", "1e-320"), ("inlineStr", "0," + "0" * 319 + "1"),
     # Found by the red-team pass: a tiny normal float passed, then the profiles overflowed.
     ("n", "2.2250738585072014e-308"), ("n", "3e-308"), ("n", "9.9e-7")],
)  # fmt: skip
def test_a_number_too_close_to_zero_is_refused(
    form: ff.Package, check: Callable[[ff.Package], Checked], t: str, text: str
) -> None:
    cell = _number_cell("E98", t, text)
    assert _refused_at(check(ff.replace_cells(form, {"E98": cell})).result, "E98", "employees_fte")


@pytest.mark.parametrize(
    "t,text",
    [("n", "9007199254740993"), ("inlineStr", "9007199254740993"),
     ("inlineStr", "1.000.000.000.000.000.000"), ("n", "1" * 400)],
)  # fmt: skip
def test_a_whole_number_past_2_53_is_refused(
    form: ff.Package, check: Callable[[ff.Package], Checked], t: str, text: str
) -> None:
    cell = _number_cell("E14", t, text)
    result = check(ff.replace_cells(form, {"E14": cell})).result
    assert _refused_at(result, "E14", "firms_new_products")


@pytest.mark.parametrize(
    "ref,element",
    [("E14", ff.cell_xml("E14", f="5+5", v="10")),
     ("E24", ff.cell_xml("E24", t="str", f='IF(1,"Ja","Nej")', v="Ja"))],
)  # fmt: skip
def test_a_cached_formula_value_is_a_warning_naming_it(
    form: ff.Package, check: Callable[[ff.Package], Checked], ref: str, element: str
) -> None:
    result = check(ff.replace_cells(form, {ref: element})).result
    formula = re.search(r"<f>(.*)</f>", element)
    assert formula is not None
    named = [f for f in result.findings if f.cell == ref and formula.group(1) in f.message]
    assert named and named[0].severity is Severity.WARNING


@pytest.mark.parametrize("where", ["extLst", "sheetPr"])
def test_cells_outside_sheet_data_are_not_answers(
    form: ff.Package, check: Callable[[ff.Package], Checked], where: str
) -> None:
    pkg = ff.replace_cells(form, {"E14": ""})  # the answer is blank where Excel shows it
    xml = pkg.part(pkg.sheet_part).decode()
    hidden = '<c r="E14"><v>99</v></c>'
    if where == "extLst":
        xml = xml.replace(
            "</worksheet>", f'<extLst><ext uri="x">{hidden}</ext></extLst></worksheet>'
        )
    else:
        xml = xml.replace("<sheetData>", f"<sheetPr>{hidden}</sheetPr><sheetData>", 1)
    result = check(pkg.with_part(pkg.sheet_part, xml.encode())).result
    assert result.response is not None and result.response.values["firms_new_products"] is None


def test_characters_excel_cannot_hold_are_replaced_and_reported(
    form: ff.Package, check: Callable[[ff.Package], Checked]
) -> None:
    pkg = ff.with_shared_strings(form, ["rød_x001B_[31m_x0000_og_xFFFF_"])
    result = check(ff.replace_cells(pkg, {"E11": ff.cell_xml("E11", t="s", v="0")})).result
    assert result.response is not None
    texts_out = [str(v) for v in result.response.values.values() if isinstance(v, str)]
    texts_out += [t for f in result.findings for t in (f.message, f.message_da, f.value or "")]
    assert not any(XML_ILLEGAL.search(t) for t in texts_out)
    assert any(f.cell == "E11" for f in result.findings)


def test_blank_means_what_clean_text_means() -> None:
    every_space = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + "\u200b\ufeff\u2060"
    assert is_blank(every_space) and not clean_text(every_space)
    for text in ("", " ", "\u200b", " a ", "\u200bx", "0", "\x00"):
        assert is_blank(text) == (not clean_text(text)), repr(text)


@pytest.mark.parametrize(
    "t,v", [("b", "5"), ("b", "Ja"), ("zz", "5"), ("", "5"), ("zz", "Ja")]
)  # fmt: skip
def test_a_cell_of_a_type_no_program_writes_is_not_an_answer(
    form: ff.Package, check: Callable[[ff.Package], Checked], t: str, v: str
) -> None:
    # Read as the number 5 (or as Ja) before: a type no program writes is a broken cell.
    ref = "E14" if v == "5" else "E24"
    result = check(ff.replace_cells(form, {ref: ff.cell_xml(ref, t=t, v=v)})).result
    bad = [f for f in result.findings if f.cell == ref]
    assert [(f.code, f.severity) for f in bad] == [("bad-cell-type", Severity.ERROR)]
    fid = {"E14": "firms_new_products", "E24": "ki_gts"}[ref]
    assert result.response is None or result.response.values.get(fid) is None


@pytest.mark.parametrize("text", ["[" * 2**20, "[" * 2**19 + "]", '"[' * 2**19])
def test_formulas_and_number_formats_are_scanned_in_linear_time(text: str) -> None:
    # Found by trying as an attacker: "[" * N in a shared formula or a number format code
    # took quadratic time (`\[[^\]]*\]` scans to the end from every "[").
    assert _seconds(lambda: translate_formula(text, "E15", "E16")) < 0.5
    assert _seconds(lambda: is_date_format(text)) < 0.5


def test_structured_references_are_not_shifted() -> None:
    # Relative references shift, also in another workbook (as Excel fills down); the column
    # names inside a structured reference do not.
    formula = "SUM(Tabel1[[#Denne række],[Kol A1]])+A1+[1]Ark1!B2"
    assert translate_formula(formula, "E15", "E16") == (
        "SUM(Tabel1[[#Denne række],[Kol A1]])+A2+[1]Ark1!B3"
    )


def test_the_smallest_answer_near_zero_is_accepted(
    form: ff.Package, check: Callable[[ff.Package], Checked]
) -> None:
    result = check(ff.replace_cells(form, {"E98": ff.cell_xml("E98", v="0.000001")})).result
    assert result.response is not None and result.response.values["employees_fte"] == 1e-6


_CODE_UNITS = (
    "[", "]", '"', "\\", "_", "*", "[h]", "[$-406]", "d", "0", ";", "[Red]", "'", "A1", "$",
)  # fmt: skip


@_settings(40)
@given(units=st.lists(st.sampled_from(_CODE_UNITS), min_size=1, max_size=8))
def test_format_codes_and_formulas_of_any_shape_are_scanned_quickly(units: list[str]) -> None:
    # Number format codes (styles.xml) and shared formulas are file text read before any
    # cap: the red-team pass found "[" * N quadratic in both; any mix, a megabyte of it,
    # must stay linear.
    unit = "".join(units)
    big = (unit * (2**20 // len(unit) + 1))[: 2**20]
    small = big[: 2**17]
    # Linear, measured as growth: an eighth of the text takes about an eighth of the time.
    # "[]" * 2**19 takes 0.4 s alone, near any fixed limit on a busy machine, where a
    # quadratic scan would grow 64-fold; the 5 s cap still catches a hang.
    # Each time is the best of a few runs: a single run on a loaded machine (CI) once took
    # 35 times the small one for a linear scan (0.0055 s against 0.19 s); the big text is
    # measured again only when its first run looks slow, to keep the test cheap.
    for scan in (is_date_format, lambda t: translate_formula(t, "E15", "E16")):
        t_small = min(_seconds(functools.partial(scan, small)) for _ in range(3))
        t_big = _seconds(functools.partial(scan, big))
        assert t_big < 5.0
        if t_big >= 16 * t_small + 0.05:
            t_big = min(t_big, *(_seconds(functools.partial(scan, big)) for _ in range(2)))
        assert t_big < 16 * t_small + 0.05, (t_small, t_big)
