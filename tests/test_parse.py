"""The parsing rule of `parse.py`, case by case, with stand-in cells."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfreg_xlsx.checking.parse import (
    NUMBER_TEXT_MAX,
    Issue,
    parse_cell,
    parse_cell_by_rules,
    parse_number_text,
    parse_yes_no,
)
from perfreg_xlsx.survey.types import TEXT_MAX, Kind


@dataclass(frozen=True)
class Cell:
    value: str | float | int | bool | None
    formula: str | None = None
    no_cached_value: bool = False
    is_error: bool = False
    date_formatted: bool = False
    cell_type: str = "n"


def codes(cell: Cell | None, kind: Kind) -> list[str]:
    return [i.code for i in parse_cell(cell, kind).issues]


@pytest.mark.parametrize(
    ("text", "whole", "expected"),
    [
        ("2.059", True, 2059),
        ("39,5", False, 39.5),
        ("1 256", True, 1256),
        ("1\u00a0256", True, 1256),  # non-breaking space
        ("1\u202f256", True, 1256),  # narrow non-breaking space
        ("1 256,5", False, 1256.5),
        ("1.234.567", False, 1234567),
        ("1,234,567", True, 1234567),
        ("1.234,5", False, 1234.5),
        ("1,234.5", False, 1234.5),
        ("0,5", False, 0.5),
        ("0.500", False, 0.5),
        ("1.5", False, 1.5),
        (" 12 ", True, 12),
        ("007", True, 7),
        ("-5", True, -5),  # parsed; `negative` comes from the answers model
        ("\u22125", True, -5),  # Unicode minus
        ("4,5", True, 4.5),  # parsed; `not-whole` comes from the answers model
    ],
)
def test_numbers_typed_as_text(text: str, whole: bool, expected: float) -> None:
    got = parse_number_text(text, whole=whole)
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize(
    ("text", "whole", "code"),
    [
        ("1.500", False, "ambiguous-number"),  # thousand, or 1,5?
        ("1,500", True, "ambiguous-number"),  # 1,5 or an English 1500?
        ("1,500", False, "ambiguous-number"),
        ("ca. 50", True, "approximate-number"),
        ("Ca 50", True, "approximate-number"),
        ("cirka 50", True, "approximate-number"),
        (">50", True, "approximate-number"),
        ("50+", True, "approximate-number"),
        ("over 50", True, "approximate-number"),
        ("5-10", True, "range-given"),
        ("5 – 10", True, "range-given"),
        ("5 til 10", True, "range-given"),
        ("1.000-2.000", True, "range-given"),
        ("NA", True, "dont-know"),
        ("n/a", True, "dont-know"),
        ("ved ikke", True, "dont-know"),
        ("Ved ikke.", True, "dont-know"),
        ("Det ved vi ikke", True, "dont-know"),
        ("-", True, "dont-know"),
        ("?", True, "dont-know"),
        ("12-03-2012", True, "date-in-number"),
        ("1.12.2012", True, "date-in-number"),
        ("2012-03-12", True, "date-in-number"),
        ("abc", True, "not-a-number"),
        ("2.500 kr.", True, "not-a-number"),
        ("12 stk.", True, "not-a-number"),
        ("12 34", True, "not-a-number"),
        ("0.500.000", True, "not-a-number"),
    ],
)
def test_text_never_guessed(text: str, whole: bool, code: str) -> None:
    got = parse_number_text(text, whole=whole)
    assert isinstance(got, Issue)
    assert got.code == code


def test_ambiguous_number_names_both_readings() -> None:
    got = parse_number_text("1.500", whole=False)
    assert isinstance(got, Issue)
    assert got.params == {"reading_a": "1500", "reading_b": "1,5"}


@pytest.mark.parametrize("text", ["NaN", "nan", "inf", "-inf", "Infinity", "∞"])
def test_not_finite_text_is_passed_on_as_not_finite(text: str) -> None:
    got = parse_number_text(text, whole=True)
    assert isinstance(got, float) and not math.isfinite(got)


@given(st.integers(min_value=0, max_value=10**12))
def test_danish_thousands_round_trip(n: int) -> None:
    dotted = f"{n:,}".replace(",", ".")
    spaced = f"{n:,}".replace(",", "\u00a0")
    assert parse_number_text(dotted, whole=True) == n
    assert parse_number_text(spaced, whole=True) == n
    assert parse_number_text(spaced, whole=False) == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_decimal_comma_round_trip(whole: int, cents: int) -> None:
    text = f"{whole:,}".replace(",", ".") + f",{cents:02d}"
    assert parse_number_text(text, whole=False) == pytest.approx(whole + cents / 100)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ja", True),
        ("ja ", True),
        (" JA", True),
        ("Nej", False),
        ("NEJ", False),
        ("nej\u00a0", False),
    ],
)
def test_yes_no_any_case(text: str, expected: bool) -> None:
    assert parse_yes_no(text) is expected
    assert parse_cell(Cell(text), Kind.YESNO).value is expected


@pytest.mark.parametrize("value", ["j", "n", "yes", "no", "x", "Ja!", 1, 0, True, False])
def test_yes_no_refuses_everything_else(value: str | int | bool) -> None:
    assert codes(Cell(value), Kind.YESNO) == ["not-yes-no"]
    assert parse_cell(Cell(value), Kind.YESNO).value is None


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("cell", [None, Cell(None), Cell(""), Cell("   "), Cell("\u00a0")])
def test_blank_is_not_answered_never_zero(kind: Kind, cell: Cell | None) -> None:
    parsed = parse_cell(cell, kind)
    assert parsed.blank
    assert parsed.value is None
    assert parsed.issues == ()


def test_numbers_in_number_cells_are_used_as_they_are() -> None:
    assert parse_cell(Cell(12), Kind.INT).value == 12
    assert parse_cell(Cell(4.5), Kind.DEC).value == 4.5
    assert parse_cell(Cell(4.5), Kind.INT).value == 4.5  # `not-whole` is the model's job


def test_date_in_number_cell() -> None:
    assert codes(Cell(41000, date_formatted=True), Kind.INT) == ["date-in-number"]
    assert codes(Cell("2012-03-12", date_formatted=True), Kind.DEC) == ["date-in-number"]


def test_bool_in_number_cell() -> None:
    assert codes(Cell(True), Kind.INT) == ["not-a-number"]


def test_formula_without_cached_value_is_unknown_never_zero() -> None:
    parsed = parse_cell(Cell(None, formula="SUM(E20:E22)", no_cached_value=True), Kind.INT)
    assert parsed.value is None
    assert parsed.found == "=SUM(E20:E22)"
    assert [i.code for i in parsed.issues] == ["value-unknown"]


def test_formula_with_cached_value_uses_it_with_a_warning_naming_the_formula() -> None:
    # The form recalculates on open: the saved value is used, never silently (issue 16).
    parsed = parse_cell(Cell(316500, formula="SUM(E88:E96)"), Kind.INT)
    assert parsed.value == 316500
    assert parsed.issues == (Issue("formula-value", {"formula": "=SUM(E88:E96)"}),)
    yes = parse_cell(Cell("Ja", formula='IF(1,"Ja","Nej")'), Kind.YESNO)
    assert yes.value is True
    assert yes.issues == (Issue("formula-value", {"formula": '=IF(1,"Ja","Nej")'}),)


@pytest.mark.parametrize("kind", [Kind.INT, Kind.DEC, Kind.YESNO, Kind.TEXT, Kind.EMAIL])
def test_error_values_are_findings(kind: Kind) -> None:
    if kind in (Kind.INT, Kind.DEC, Kind.YESNO):
        cell = Cell("#DIV/0!", formula="1/0", is_error=True)
        assert codes(cell, kind) == ["error-value"]
    assert codes(Cell("#N/A", is_error=True), kind) == ["error-value"]


def test_formula_in_text_answer_is_kept_as_text_with_a_warning() -> None:
    parsed = parse_cell(Cell(None, formula="cmd|' /C calc'!A0", no_cached_value=True), Kind.TEXT)
    assert parsed.value == "=cmd|' /C calc'!A0"
    assert [i.code for i in parsed.issues] == ["formula-in-answer"]
    cached = parse_cell(Cell("Klik her", formula='HYPERLINK("http://x","Klik her")'), Kind.TEXT)
    assert cached.value == "Klik her"
    assert [i.code for i in cached.issues] == ["formula-in-answer"]


def test_text_starting_with_equals_is_text() -> None:
    parsed = parse_cell(Cell("=1+1"), Kind.TEXT)
    assert parsed.value == "=1+1"
    assert parsed.issues == ()


def test_text_is_stripped_and_capped() -> None:
    assert parse_cell(Cell("  Jens Hansen \u00a0"), Kind.TEXT).value == "Jens Hansen"
    long = parse_cell(Cell("x" * (TEXT_MAX + 5)), Kind.TEXT)
    assert long.value == "x" * TEXT_MAX
    assert long.issues == (
        Issue("text-too-long", {"length": str(TEXT_MAX + 5), "limit": str(TEXT_MAX)}),
    )


def test_number_in_text_field_is_text() -> None:
    assert parse_cell(Cell(1234), Kind.TEXT).value == "1234"
    assert parse_cell(Cell(12.0), Kind.TEXT).value == "12"


@pytest.mark.parametrize(
    "formula",
    ["cmd|' /C calc'!A0", "[1]Ark1!A1", 'WEBSERVICE("http://x")', "'C:\\x\\[b.xlsx]A'!B2"],
)
def test_external_formula_keeps_its_value_with_a_warning(formula: str) -> None:
    parsed = parse_cell(Cell(12, formula=formula), Kind.INT)
    assert parsed.value == 12
    assert parsed.issues == (Issue("external-formula", {"formula": "=" + formula}),)


def test_an_external_formula_is_its_own_warning_not_also_formula_value() -> None:
    assert [i.code for i in parse_cell(Cell(12, formula="[1]Ark1!A1"), Kind.INT).issues] == [
        "external-formula"
    ]


@pytest.mark.parametrize("text", ["١٢", "１２", "²", "12٣"])
def test_only_ascii_digits_are_digits(text: str) -> None:
    assert codes(Cell(text), Kind.INT) == ["not-a-number"]


def test_number_text_past_the_cap_is_refused_before_parsing() -> None:
    assert parse_number_text("1" * NUMBER_TEXT_MAX, whole=True) == int("1" * NUMBER_TEXT_MAX)
    assert parse_number_text("1" * (NUMBER_TEXT_MAX + 1), whole=True) == Issue("not-a-number")
    long_dont_know = "vi ved det desværre ikke " + "endnu " * 20
    assert parse_number_text(long_dont_know, whole=True) == Issue("dont-know")


@pytest.mark.parametrize(
    "text,code",
    [("ved ikke", "dont-know"), ("det kendes ikke", "dont-know"), ("ikke opgjort", "dont-know"),
     ("Ukendt.", "dont-know"), ("ikke ved", "not-a-number"), ("opgjort ikke", "not-a-number"),
     ("vedikke", "not-a-number")],
)  # fmt: skip
def test_dont_know_in_a_sentence(text: str, code: str) -> None:
    assert codes(Cell(text), Kind.INT) == [code]


def test_control_characters_in_a_text_answer_are_replaced_and_reported() -> None:
    parsed = parse_cell(Cell("rød\x1b[31m\x00og\uffff"), Kind.TEXT)
    assert parsed.value == "rød\ufffd[31m\ufffdog\ufffd"
    assert [i.code for i in parsed.issues] == ["unsafe-characters"]


_RAW = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.from_regex(r"[ \u00a0]?[-+]?[0-9., \u202f]{1,12}[ ]?", fullmatch=True),
)


@given(_RAW, st.sampled_from(list(Kind)), st.booleans(), st.booleans(), st.booleans())
def test_parsing_never_raises(
    raw: str | float | int | bool | None, kind: Kind, formula: bool, error: bool, date: bool
) -> None:
    cell = Cell(
        None if formula and error else raw,
        formula="A1+1" if formula else None,
        no_cached_value=formula and raw is None,
        is_error=error,
        date_formatted=date,
    )
    parsed = parse_cell(cell, kind)
    warnings = ("formula-in-answer", "text-too-long", "external-formula", "formula-value",
                "unsafe-characters")  # fmt: skip
    if any(i.code not in warnings for i in parsed.issues):
        assert parsed.value is None


CELLS = st.builds(
    Cell,
    value=st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-5, 10**6),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from(["Ja", "Nej", "ja", " Nej ", "JA", "", " ", "12", "1.500", "x", "#N/A"]),
        st.text(max_size=8),
    ),
    formula=st.sampled_from([None, None, "SUM(A1:A2)", "[1]Ark!A1", ""]),
    no_cached_value=st.booleans(),
    is_error=st.booleans(),
    date_formatted=st.booleans(),
)


@given(CELLS, st.sampled_from(list(Kind)))
def test_short_cuts_give_what_the_rules_give(cell: Cell, kind: Kind) -> None:
    assert parse_cell(cell, kind) == parse_cell_by_rules(cell, kind)


@pytest.mark.parametrize("kind", [Kind.INT, Kind.YESNO, Kind.TEXT])
@pytest.mark.parametrize("cell_type", ["zz", "", "b"])
def test_a_cell_of_a_type_no_program_writes_is_not_read(kind: Kind, cell_type: str) -> None:
    # As the reader gives it: the text kept for the message, marked so nothing reads it.
    parsed = parse_cell(Cell("5" if kind is not Kind.YESNO else "Ja", is_error=True,
                             cell_type=cell_type), kind)  # fmt: skip
    assert parsed.value is None
    assert parsed.issues == (Issue("bad-cell-type", {"type": cell_type}),)


def test_a_long_text_answer_is_capped_before_it_is_cleaned() -> None:
    parsed = parse_cell(Cell("\u00a0 " + "æ\u200b" * 500_000 + " "), Kind.TEXT)
    assert parsed.value == "æ" * TEXT_MAX
    assert parsed.issues == (Issue("text-too-long", {"length": "999999", "limit": "1000"}),)
    just_over = parse_cell(Cell("a\u200b" * 10 + "a" * 991), Kind.TEXT)  # 1001 once cleaned
    assert just_over.value == "a" * TEXT_MAX
    assert just_over.issues == (Issue("text-too-long", {"length": "1001", "limit": "1000"}),)


def test_a_long_formula_is_shortened_in_the_message() -> None:
    # Found by the red-team pass: a 100,000-character formula was quoted whole, twice.
    from perfreg_xlsx.checking.findings import make

    formula = "=" + "A1+" * 50_000 + "1"
    finding = make("formula-value", file="f.xlsx", value=5, formula=formula)
    assert len(finding.message) < 600
    assert formula[:100] in finding.message and "…" in finding.message
