"""Each cross-field rule says its meaning once, twice over: the Python check (`breaches`) and the
Excel condition of the form's live check (`excel_breaches`) agree.

The formulas are evaluated here by a small evaluator of the part of Excel they use (AND,
ISNUMBER, SUM, COUNT, ABS, comparison, subtraction), with Excel's rules for blank cells: a
blank is not a number, counts 0 in arithmetic and comparisons with numbers, "" against text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace

import pytest
from conftest import valid_answers
from hypothesis import given
from hypothesis import strategies as st
from samples import rule_violations
from survey_names import RULES

from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.survey.rules import (
    Breach,
    NoMeansZero,
    PartOfTotal,
    Requires,
    Rule,
    SourcesSum,
    YesNeedsCount,
    excel_number,
    rule_fields,
)
from perfreg_xlsx.survey.types import NO, YES, Programme

Cell = float | int | str | None  # what an answer cell of the form holds; None is blank

# --- A small evaluator of the formulas the rules write ----------------------------------------

_TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"]|"")*")|(?P<fn>[A-Z]+)\(|(?P<ref>\$?[A-Z]+\$?\d+)'
    r"|(?P<num>\d+(?:\.\d+)?)|(?P<op><=|>=|<>|[<>=+\-(),]))"
)
_FUNCTIONS: dict[str, Callable[[list[Cell | bool]], Cell | bool]] = {
    "AND": lambda args: all(bool(a) for a in args),
    "ISNUMBER": lambda args: _is_number(args[0]),
    "SUM": lambda args: sum(a for a in args if _is_number(a)),  # type: ignore[misc]
    "COUNT": lambda args: sum(1 for a in args if _is_number(a)),
    "ABS": lambda args: abs(_arith(args[0])),
}


def _is_number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _arith(v: object) -> float:
    if v is None:
        return 0
    assert _is_number(v), v
    return v  # type: ignore[return-value]


def _compare(op: str, a: object, b: object) -> bool:
    if a is None:
        a = "" if isinstance(b, str) else 0
    if b is None:
        b = "" if isinstance(a, str) else 0
    if isinstance(a, str) and isinstance(b, str):
        a, b = a.casefold(), b.casefold()
    elif isinstance(a, str) or isinstance(b, str):
        a, b = (1, 0) if isinstance(a, str) else (0, 1)  # Excel: text sorts after numbers
    return {
        "=": a == b,
        "<>": a != b,
        "<": a < b,  # type: ignore[operator]
        ">": a > b,  # type: ignore[operator]
        "<=": a <= b,  # type: ignore[operator]
        ">=": a >= b,  # type: ignore[operator]
    }[op]


def evaluate(formula: str, cells: Mapping[str, Cell]) -> Cell | bool:
    """The value of `formula` over `cells` (absolute ref -> content; a missing ref is blank)."""
    matches = list(_TOKEN.finditer(formula))
    assert "".join(m.group(0) for m in matches) == formula, formula  # nothing left unread
    tokens = [(m.lastgroup, m.group(m.lastgroup or "")) for m in matches]
    pos = 0

    def peek() -> str:
        return tokens[pos][1] if pos < len(tokens) else ""

    def take() -> tuple[str | None, str]:
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def comparison() -> Cell | bool:
        left = additive()
        if peek() in ("=", "<>", "<", ">", "<=", ">="):
            op = take()[1]
            return _compare(op, left, additive())
        return left

    def additive() -> Cell | bool:
        value = primary()
        while peek() in ("+", "-"):
            op, right = take()[1], primary()
            value = _arith(value) + _arith(right) if op == "+" else _arith(value) - _arith(right)
        return value

    def primary() -> Cell | bool:
        kind, text = take()
        if kind == "num":
            return float(text) if "." in text else int(text)
        if kind == "str":
            return text[1:-1].replace('""', '"')
        if kind == "ref":
            return cells.get(text)
        if kind == "fn":
            args: list[Cell | bool] = []
            while peek() != ")":
                args.append(comparison())
                if peek() == ",":
                    take()
            take()
            return _FUNCTIONS[text](args)
        if text == "(":
            value = comparison()
            assert take()[1] == ")"
            return value
        raise AssertionError(f"unexpected {text!r} in {formula}")

    value = comparison()
    assert pos == len(tokens), formula
    return value


def test_the_evaluator_follows_excel_on_blanks_and_text() -> None:
    cells: dict[str, Cell] = {"$E$1": 3, "$E$2": None, "$E$3": "Nej"}
    assert evaluate("SUM($E$1,$E$2,$E$3)", cells) == 3
    assert evaluate("COUNT($E$1,$E$2,$E$3)", cells) == 1
    assert evaluate("$E$2>0", cells) is False
    assert evaluate("$E$2=0", cells) is True
    assert evaluate('$E$3="nej"', cells) is True
    assert evaluate('$E$2="Nej"', cells) is False
    assert evaluate("ABS($E$2-$E$1)>2.5", cells) is True
    assert evaluate("AND(ISNUMBER($E$1),ISNUMBER($E$2))", cells) is False


# --- Both languages of one rule ----------------------------------------------------------------


def _typed(cells: Mapping[str, Cell]) -> dict[str, int | float | bool | str | None]:
    """Form contents -> the answers validation hands the rules (Ja/Nej -> True/False)."""
    flags = {YES: True, NO: False}
    return {k: flags.get(v, v) if isinstance(v, str) else v for k, v in cells.items()}


def _refs(rule: Rule) -> dict[str, str]:
    return {fid: f"$E${10 + i}" for i, fid in enumerate(rule_fields(rule))}


def _excel_broken(rule: Rule, answers: Mapping[str, Cell]) -> set[str]:
    """The fields where the live check of `rule` shows, for the form holding `answers`."""
    refs = _refs(rule)
    cells = {refs[fid]: v for fid, v in answers.items()}
    broken = {at for at, f in rule.excel_breaches(refs).items() if evaluate(f, cells) is True}
    return broken


def _python_broken(rule: Rule, answers: Mapping[str, Cell]) -> set[str]:
    return {b.at for b in rule.breaches(_typed(answers))}


PART = PartOfTotal("part", "total")
SUM5 = SourcesSum(("a", "b", "c"), "total", tolerance=5)
NO_ZERO = NoMeansZero("offers", ("firms", "units"))
YES_COUNT = YesNeedsCount("offers", "firms")
NEEDS = Requires("turnover", "fte")

CASES: list[tuple[Rule, dict[str, Cell], tuple[Breach, ...]]] = [
    (PART, {"part": 3, "total": 5}, ()),
    (PART, {"part": 5, "total": 5}, ()),
    (PART, {"part": 6, "total": 5}, (Breach("part", 6, 5),)),
    (PART, {"part": 0, "total": 0}, ()),
    (SUM5, {"a": 10, "b": 20, "c": 30, "total": 60}, ()),
    (SUM5, {"a": 10, "b": 20, "c": 30, "total": 65}, ()),  # 5 off: within rounding
    (SUM5, {"a": 10, "b": 20, "c": 30, "total": 55}, ()),
    (SUM5, {"a": 10, "b": 20, "c": 30, "total": 66}, (Breach("total", 66, 60),)),
    (SUM5, {"a": 10, "b": 20, "c": 30, "total": 54}, (Breach("total", 54, 60),)),
    (SUM5, {"a": 0, "b": 0, "c": 0, "total": 0}, ()),
    (NO_ZERO, {"offers": NO, "firms": 0, "units": 0}, ()),
    (NO_ZERO, {"offers": NO, "firms": 4, "units": 0}, (Breach("firms", 4),)),
    (NO_ZERO, {"offers": NO, "firms": 4, "units": 2}, (Breach("firms", 4), Breach("units", 2))),
    (NO_ZERO, {"offers": YES, "firms": 4, "units": 2}, ()),
    (YES_COUNT, {"offers": YES, "firms": 0}, (Breach("firms", 0),)),
    (YES_COUNT, {"offers": YES, "firms": 1}, ()),
    (YES_COUNT, {"offers": NO, "firms": 0}, ()),
    (NEEDS, {"turnover": 1200, "fte": 0.0}, (Breach("fte", 0.0, 1200),)),
    (NEEDS, {"turnover": 1200, "fte": 2.5}, ()),
    (NEEDS, {"turnover": 0, "fte": 0.0}, ()),
]


@pytest.mark.parametrize(("rule", "answers", "expected"), CASES)
def test_python_check_and_excel_condition_agree(
    rule: Rule, answers: dict[str, Cell], expected: tuple[Breach, ...]
) -> None:
    assert rule.breaches(_typed(answers)) == expected
    assert _excel_broken(rule, answers) == {b.at for b in expected}


def test_the_formulas_each_rule_writes() -> None:
    assert PART.excel_breaches(_refs(PART)) == {
        "part": "AND(ISNUMBER($E$10),ISNUMBER($E$11),$E$10>$E$11)"
    }
    assert SUM5.excel_breaches(_refs(SUM5)) == {
        "total": "AND(ISNUMBER($E$13),COUNT($E$10,$E$11,$E$12)>0,"
        "ABS(SUM($E$10,$E$11,$E$12)-$E$13)>5)"
    }
    assert NO_ZERO.excel_breaches(_refs(NO_ZERO)) == {
        "firms": 'AND($E$10="Nej",ISNUMBER($E$11),$E$11>0)',
        "units": 'AND($E$10="Nej",ISNUMBER($E$12),$E$12>0)',
    }
    assert YES_COUNT.excel_breaches(_refs(YES_COUNT)) == {
        "firms": 'AND($E$10="Ja",ISNUMBER($E$11),$E$11=0)'
    }
    assert NEEDS.excel_breaches(_refs(NEEDS)) == {
        "fte": "AND(ISNUMBER($E$10),$E$10>0,ISNUMBER($E$11),$E$11<=0)"
    }
    half = replace(SUM5, tolerance=0.5)
    assert half.excel_breaches(_refs(half))["total"].endswith("-$E$13)>0.5)")
    assert (excel_number(5), excel_number(5.0), excel_number(0.25)) == ("5", "5", "0.25")


@pytest.mark.parametrize(
    ("rule", "answers"),
    [
        (PART, {"part": None, "total": 5}),
        (PART, {"part": 6, "total": None}),
        (NO_ZERO, {"offers": None, "firms": 4, "units": 2}),
        (YES_COUNT, {"offers": YES, "firms": None}),
        (NEEDS, {"turnover": None, "fte": 0.0}),
        (NEEDS, {"turnover": 1200, "fte": None}),
    ],
)
def test_a_blank_answer_breaks_no_rule_in_either(rule: Rule, answers: dict[str, Cell]) -> None:
    assert _python_broken(rule, answers) == set()
    assert _excel_broken(rule, answers) == set()


def test_the_live_sum_check_speaks_before_every_source_is_written() -> None:
    """The one intended difference: on the form a blank source counts 0 while typing; validation
    waits for every source (the blank one is `not-answered` of its own)."""
    answers: dict[str, Cell] = {"a": 10, "b": None, "c": 30, "total": 60}
    assert _excel_broken(SUM5, answers) == {"total"}
    assert _python_broken(SUM5, answers) == set()
    # No source written yet: no message, in either.
    blank: dict[str, Cell] = {"a": None, "b": None, "c": None, "total": 60}
    assert _excel_broken(SUM5, blank) == _python_broken(SUM5, blank) == set()


_count = st.integers(min_value=0, max_value=30)
_flag = st.sampled_from((YES, NO))


@given(data=st.data())
def test_every_catalogue_rule_agrees_on_complete_valid_answers(data: st.DataObject) -> None:
    """The rules as declared, with the form's own cell addresses, on any complete valid answers."""
    by_id = fm.layout(Programme.NETWORK).by_id()
    refs = {fid: f"$E${m.cell.row}" for fid, m in by_id.items()}
    for rule in RULES:
        flags = {getattr(rule, "flag", None)}
        answers: dict[str, Cell] = {
            fid: data.draw(_flag if fid in flags else _count, label=fid)
            for fid in rule_fields(rule)
        }
        cells = {refs[fid]: v for fid, v in answers.items()}
        excel = {at for at, f in rule.excel_breaches(refs).items() if evaluate(f, cells) is True}
        assert excel == _python_broken(rule, answers), (rule, answers)


# --- The sample answers use the same checks, exactly ---------------------------------------------


def test_sample_answers_are_held_to_the_rules_and_to_exact_sums() -> None:
    answers = {
        k: v for k, v in valid_answers("Test-net").items() if isinstance(v, int | float | str)
    }
    assert rule_violations(answers, Programme.NETWORK) == []
    # Each count is 10 and the turnover the sum of its sources: one over is caught by the
    # samples' exact sum, though validation would accept it as rounding.
    answers["firms_collab_sme"] = 11
    total = answers["turnover"]
    assert isinstance(total, int)
    answers["turnover"] = total + 1
    assert rule_violations(answers, Programme.NETWORK) == [
        "part-exceeds-total: firms_collab_sme=11 against 10",
        f"sources-do-not-sum: turnover={total + 1} against {total}",
    ]
