"""The cross-field rules: which answers must agree with which, how strictly, and what breaks them.

Each rule kind says its meaning once, in the two languages that need it: `breaches` checks typed
answers in Python (validation, the sample answers) and `excel_breaches` writes the formula that
is TRUE while the rule is broken (the questionnaire's live checks). Neither makes a message:
checking/ turns a `Breach` into a finding, form/ shows the formula's result in Danish.

The two agree on every complete set of valid answers. They differ only where the form is still
being filled in: the live check of `SourcesSum` speaks as soon as one source is written (a blank
source counts 0 in Excel's SUM), while validation waits for every source, a blank one being a
finding of its own (`not-answered`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from perfreg_xlsx.survey.types import NO, YES, Severity

# One questionnaire's typed answers by field id: numbers, True/False for Ja/Nej, text.
Answers = Mapping[str, int | float | bool | str | None]
# The absolute address of each field's answer cell on the form sheet, e.g. "$E$12".
Refs = Mapping[str, str]


@dataclass(frozen=True)
class Breach:
    """One place a rule is broken: the field it shows at and the numbers a message names.

    `value` is the answer at `at`; `against` is what it is measured against, where the rule
    compares two answers: the total (`PartOfTotal`), the sum of the sources (`SourcesSum`), the
    figure that needs this one (`Requires`).
    """

    at: str
    value: int | float
    against: int | float | None = None


def excel_number(value: float) -> str:
    """`value` as a number in a formula: 5 -> '5', 0.5 -> '0.5'."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _number(answers: Answers, fid: str) -> float | int | None:
    """The answer to `fid` when it is a usable number (True is not the number 1)."""
    v = answers.get(fid)
    return v if isinstance(v, int | float) and not isinstance(v, bool) else None


# --- Cross-field rules, declared beside the fields they read -----------------------------


@dataclass(frozen=True)
class PartOfTotal:
    """`part` must not exceed `total` (code `part-exceeds-total`)."""

    code: ClassVar[str] = "part-exceeds-total"
    part: str
    total: str
    severity: Severity = Severity.ERROR
    # The Danish text a respondent sees when the rule is broken, instead of the kind's own
    # (the definition's `message` column; empty: the kind's, with the numbers filled in).
    message: str = ""

    def breaches(self, answers: Answers) -> tuple[Breach, ...]:
        part, total = _number(answers, self.part), _number(answers, self.total)
        if part is not None and total is not None and part > total:
            return (Breach(self.part, part, total),)
        return ()

    def excel_breaches(self, refs: Refs) -> dict[str, str]:
        p, t = refs[self.part], refs[self.total]
        return {self.part: f"AND(ISNUMBER({p}),ISNUMBER({t}),{p}>{t})"}


@dataclass(frozen=True)
class SourcesSum:
    """The `parts` must add up to `total` within `tolerance` (code `sources-do-not-sum`)."""

    code: ClassVar[str] = "sources-do-not-sum"
    parts: tuple[str, ...]
    total: str
    tolerance: float  # in the unit of the fields
    severity: Severity = Severity.ERROR
    # The Danish text a respondent sees when the rule is broken, instead of the kind's own
    # (the definition's `message` column; empty: the kind's, with the numbers filled in).
    message: str = ""

    def breaches(self, answers: Answers) -> tuple[Breach, ...]:
        nums = [_number(answers, p) for p in self.parts]
        total = _number(answers, self.total)
        if total is None or any(n is None for n in nums):
            return ()
        got = sum(n for n in nums if n is not None)
        if abs(got - total) > self.tolerance:
            return (Breach(self.total, total, got),)
        return ()

    def excel_breaches(self, refs: Refs) -> dict[str, str]:
        t, parts = refs[self.total], ",".join(refs[p] for p in self.parts)
        off = f"ABS(SUM({parts})-{t})>{excel_number(self.tolerance)}"
        return {self.total: f"AND(ISNUMBER({t}),COUNT({parts})>0,{off})"}


@dataclass(frozen=True)
class NoMeansZero:
    """An activity answered Nej has no participants (code `no-but-participants`)."""

    code: ClassVar[str] = "no-but-participants"
    flag: str
    counts: tuple[str, ...]
    severity: Severity = Severity.ERROR
    # The Danish text a respondent sees when the rule is broken, instead of the kind's own
    # (the definition's `message` column; empty: the kind's, with the numbers filled in).
    message: str = ""

    def breaches(self, answers: Answers) -> tuple[Breach, ...]:
        if answers.get(self.flag) is not False:
            return ()
        counts = ((c, _number(answers, c)) for c in self.counts)
        return tuple(Breach(c, n) for c, n in counts if n is not None and n > 0)

    def excel_breaches(self, refs: Refs) -> dict[str, str]:
        f = refs[self.flag]
        return {c: f'AND({f}="{NO}",ISNUMBER({refs[c]}),{refs[c]}>0)' for c in self.counts}


@dataclass(frozen=True)
class YesNeedsCount:
    """An activity answered Ja with 0 participants is suspicious (code `yes-but-none`)."""

    code: ClassVar[str] = "yes-but-none"
    flag: str
    count: str
    severity: Severity = Severity.WARNING
    # As above: the definition's own Danish message for this rule, if it has one.
    message: str = ""

    def breaches(self, answers: Answers) -> tuple[Breach, ...]:
        n = _number(answers, self.count)
        if answers.get(self.flag) is True and n is not None and n == 0:
            return (Breach(self.count, n),)
        return ()

    def excel_breaches(self, refs: Refs) -> dict[str, str]:
        f, c = refs[self.flag], refs[self.count]
        return {self.count: f'AND({f}="{YES}",ISNUMBER({c}),{c}=0)'}


@dataclass(frozen=True)
class Requires:
    """When `field` is above 0, `needs` must be above 0 too (code `requires-other`).

    Example: turnover without any employees.
    """

    code: ClassVar[str] = "requires-other"
    field: str
    needs: str
    severity: Severity = Severity.WARNING
    # As above: the definition's own Danish message for this rule, if it has one.
    message: str = ""

    def breaches(self, answers: Answers) -> tuple[Breach, ...]:
        have, need = _number(answers, self.field), _number(answers, self.needs)
        if have is not None and have > 0 and need is not None and need == 0:
            return (Breach(self.needs, need, have),)
        return ()

    def excel_breaches(self, refs: Refs) -> dict[str, str]:
        f, n = refs[self.field], refs[self.needs]
        # `<=0` where Python asks `== 0`: the same on valid answers (none is below 0).
        return {self.needs: f"AND(ISNUMBER({f}),{f}>0,ISNUMBER({n}),{n}<=0)"}


Rule = PartOfTotal | SourcesSum | NoMeansZero | YesNeedsCount | Requires


def rule_fields(rule: Rule) -> tuple[str, ...]:
    """Every field a rule reads."""
    match rule:
        case PartOfTotal(part=p, total=t):
            return (p, t)
        case SourcesSum(parts=ps, total=t):
            return (*ps, t)
        case NoMeansZero(flag=f, counts=cs):
            return (f, *cs)
        case YesNeedsCount(flag=f, count=c):
            return (f, c)
        case Requires(field=f, needs=n):
            return (f, n)
    raise TypeError(rule)  # pragma: no cover
