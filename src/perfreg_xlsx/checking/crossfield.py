"""The catalogue's cross-field rules applied to one form's answers, as findings.

What breaks a rule is the rule's own business (`survey.rules`: each kind's `breaches`); this
module only says it, through `findings.make`: a part above its total is `part-exceeds-total`;
financing sources that miss the turnover by more than the rule's tolerance are
`sources-do-not-sum` (a smaller difference is within rounding and accepted); an activity
answered Nej with participants is `no-but-participants`, one answered Ja with none
`yes-but-none`; a figure above 0 whose companion is 0 (turnover without employees) is
`requires-other`. Severities come from the rule; a rule with its own `message` (the
definition's) says that in Danish instead of the code's Danish text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from perfreg_xlsx.checking.codes import Spec
from perfreg_xlsx.checking.context import FileFindings, mapped_fields
from perfreg_xlsx.checking.findings import CODES, fmt_number
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.models import Value
from perfreg_xlsx.survey.catalogue import current
from perfreg_xlsx.survey.rules import (
    Breach,
    NoMeansZero,
    PartOfTotal,
    Requires,
    Rule,
    SourcesSum,
    YesNeedsCount,
)


def apply_rules(values: Mapping[str, Value], lay: fm.FormLayout, out: FileFindings) -> None:
    """Report every breach of the cross-field rules of the form's programme, rule by rule.

    A rule is skipped when one of its answers is missing or unusable: that answer already
    has its own finding.
    """
    canonical = lay is fm.layout(lay.programme)
    by_id = mapped_fields(lay.programme) if canonical else lay.by_id()
    for rule in current().rules_for(lay.programme):
        spec = _spec(rule)
        for breach in rule.breaches(values):
            params = _params(rule, breach, by_id)
            at = by_id[breach.at]
            out.at(rule.code, at, severity=rule.severity, value=breach.value, spec=spec, **params)


def _spec(rule: Rule) -> Spec:
    """The finding's code, in the definition's own Danish words when the rule has them (the
    feedback copy says what the form said); the English message stays the code's."""
    spec = CODES[rule.code]
    if not rule.message:
        return spec
    # Said as written: braces are text here, not placeholders.
    return replace(spec, da=rule.message.replace("{", "{{").replace("}", "}}"))


def _params(rule: Rule, breach: Breach, by_id: Mapping[str, fm.MappedField]) -> dict[str, object]:
    """What the finding of `breach` says beyond the value found: the expected and the numbers."""
    against = breach.against
    match rule:
        case PartOfTotal(total=t) if against is not None:
            number = by_id[t].number
            return {
                "expected": f"at most {fmt_number(against)} (question {number})",
                "expected_da": f"højst {fmt_number(against)} (spørgsmål {number})",
                "part": fmt_number(breach.value),
                "total": fmt_number(against),
                "total_number": number,
            }
        case SourcesSum(total=t, tolerance=tol) if against is not None:
            got, total = fmt_number(against), fmt_number(breach.value)
            return {
                "expected": f"{got}, the sum of the sources (± {fmt_number(tol)})",
                "expected_da": f"{got}, summen af kilderne (± {fmt_number(tol)})",
                "sum": got,
                "total": total,
                "diff": fmt_number(abs(against - breach.value)),
                "unit": by_id[t].field.unit,
                "tolerance": fmt_number(tol),
            }
        case NoMeansZero(flag=f):
            return {
                "expected": f"0, as question {by_id[f].number} is Nej",
                "expected_da": f"0, da spørgsmål {by_id[f].number} er Nej",
                "flag_number": by_id[f].number,
            }
        case YesNeedsCount(flag=f):
            return {
                "expected": f"more than 0, as question {by_id[f].number} is Ja",
                "expected_da": f"mere end 0, da spørgsmål {by_id[f].number} er Ja",
                "flag_number": by_id[f].number,
            }
        case Requires(field=f) if against is not None:
            return {
                "expected": f"more than 0, as question {by_id[f].number} is above 0",
                "expected_da": f"mere end 0, da spørgsmål {by_id[f].number} er over 0",
                "other_number": by_id[f].number,
                "other_value": fmt_number(against),
            }
    raise TypeError(rule)  # pragma: no cover
