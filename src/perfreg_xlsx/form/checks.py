"""The form's live checks: a message in the help column while answers break a cross-field rule.

What breaks a rule is the rule's own formula (`survey.rules`: each kind's `excel_breaches`);
this module gives each breach its Danish message, where it shows and how it is coloured. The
help cell of a row becomes IF(broken1, message1, IF(broken2, message2, help)), and conditional
formats colour the message and the answer cells involved while the condition holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from openpyxl.styles import Font, PatternFill

from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.survey.answer_rules import (
    AnswerRule,
    EmailShape,
    NumberText,
    Required,
    answer_rules,
)
from perfreg_xlsx.survey.catalogue import current
from perfreg_xlsx.survey.rules import (
    NoMeansZero,
    PartOfTotal,
    Requires,
    Rule,
    SourcesSum,
    YesNeedsCount,
)
from perfreg_xlsx.survey.types import Programme, Severity
from perfreg_xlsx.util.a1 import col_letter
from perfreg_xlsx.util.excel import FORMULA_TEXT_MAX

_SEVERITY = {
    Severity.ERROR: ("Fejl: ", "9C0006", "FFC7CE"),
    Severity.WARNING: ("Bemærk: ", "9C5700", "FFEB9C"),
    Severity.INFO: ("Info: ", "1F4E79", "DDEBF7"),
}


@dataclass(frozen=True)
class LiveCheck:
    """One live check: a message in the help column of `row` while `condition` holds.

    `expr` is the message as a formula; `text` the longest it shows, to size the row; `cells`
    the answer cells coloured with it; `fill` whether the message cell is filled too (a blank
    answer only turns its message red: a new form is not a wall of red).
    """

    row: int
    condition: str
    severity: Severity
    cells: tuple[str, ...]
    expr: str
    text: str
    fill: bool = True


# What the form says while an answer on its own breaks a check of `survey.answer_rules`.
MISSING = "Mangler svar."
_ANSWER_WORDING: dict[type[AnswerRule], str] = {
    Required: MISSING,
    NumberText: "Fejl: Skriv kun tallet, uden enhed eller ord (f.eks. 2.500).",
    EmailShape: "Fejl: Skriv én e-mailadresse med @ og domæne, f.eks. navn@netvaerk.dk.",
}


def answer_checks(programme: Programme) -> list[LiveCheck]:
    """The live checks of each answer on its own (`survey.answer_rules`), in form order."""
    out: list[LiveCheck] = []
    for m in fm.layout(programme).fields:
        ref = f"${col_letter(m.cell.col)}${m.cell.row}"
        for check in answer_rules(m.field):
            message = _ANSWER_WORDING[type(check)]
            if isinstance(check, Required):
                # The help text stays readable after the mark, so the question is understood.
                message = f"{message} {m.field.help}".strip()
            out.append(
                LiveCheck(
                    row=m.cell.row,
                    condition=check.excel_breach(ref),
                    severity=Severity.ERROR,
                    cells=() if isinstance(check, Required) else (m.cell.a1,),
                    expr=_str_lit(message),
                    text=message,
                    fill=not isinstance(check, Required),
                )
            )
    return out


def live_checks(programme: Programme) -> list[LiveCheck]:
    """The live checks of every answer on its own, then of every rule whose fields the form of
    `programme` asks: a row shows the first that holds."""
    by_id = fm.layout(programme).by_id()
    refs = {fid: f"${col_letter(m.cell.col)}${m.cell.row}" for fid, m in by_id.items()}
    out: list[LiveCheck] = answer_checks(programme)
    for rule in current().rules_for(programme):
        message, extra, more = _wording(rule, refs, by_id)
        # The longest the message shows, to size its row: a number filled in at most 1.234.567.
        shown = message + " 1.234.567 " + extra
        if rule.message:  # the definition's own words for this rule, as they are written
            message, extra, shown = rule.message, "", rule.message
        prefix = _SEVERITY[rule.severity][0]
        for at, condition in rule.excel_breaches(refs).items():
            out.append(
                LiveCheck(
                    row=by_id[at].cell.row,
                    condition=condition,
                    severity=rule.severity,
                    cells=tuple(by_id[fid].cell.a1 for fid in (at, *more)),
                    expr=_str_lit(prefix + message) + extra,
                    text=prefix + shown,
                )
            )
    return out


def _wording(
    rule: Rule, refs: Mapping[str, str], by_id: Mapping[str, fm.MappedField]
) -> tuple[str, str, tuple[str, ...]]:
    """(message, formula appended to it, other fields coloured) of a breach of `rule`."""
    match rule:
        case PartOfTotal(total=t):
            shown = danish_number(refs[t])
            return f"Tallet er større end totalen i nr. {by_id[t].number} (", f'&{shown}&")."', ()
        case SourcesSum(parts=ps):
            parts = ",".join(refs[p] for p in ps)
            total = "&" + danish_number(f"SUM({parts})")
            return (
                "Finansieringskilderne nedenfor summer til ",
                total + '&", ikke til omsætningen."',
                ps,
            )
        case NoMeansZero(flag=f):
            return f"Nr. {by_id[f].number} er besvaret Nej, men tallet her er over 0.", "", ()
        case YesNeedsCount(flag=f):
            return f"Nr. {by_id[f].number} er besvaret Ja, men tallet her er 0.", "", ()
        case Requires(field=f):
            return f"Nr. {by_id[f].number} er over 0, så dette tal bør også være over 0.", "", ()
    raise TypeError(rule)  # pragma: no cover


def danish_number(expr: str) -> str:
    """`expr` (a whole number) as text with Danish thousands separators, 12345 -> "12.345",
    in any locale: FIXED groups by the locale, so an English comma is made a dot."""
    return f'SUBSTITUTE(FIXED({expr},0),",",".")'


def nested_if(checks: list[LiveCheck], help_text: str) -> str:
    """IF(c1, m1, IF(c2, m2, help)): the first broken rule's message, else the help text."""
    expr = _str_lit(help_text)
    for check in reversed(checks):
        expr = f"IF({check.condition},{check.expr},{expr})"
    return expr


# Characters of `text` per literal: below Excel's limit, as the form has always split them.
_CHUNK = FORMULA_TEXT_MAX - 5


def _str_lit(text: str) -> str:
    """`text` as a formula string of literals joined by `&`, each within Excel's limit.

    A quote is written doubled inside a literal, so a chunk is cut by its written length,
    never between the two halves of a doubled quote.
    """
    chunks: list[str] = []
    chunk = ""
    for ch in text:
        written = '""' if ch == '"' else ch
        if len(chunk) + len(written) > _CHUNK:
            chunks.append(chunk)
            chunk = ""
        chunk += written
    chunks.append(chunk)
    return "&".join(f'"{c}"' for c in chunks)


def check_style(severity: Severity) -> tuple[Font, PatternFill]:
    """The font of the message and the fill of the cells while a check of `severity` holds."""
    _, font_color, fill_color = _SEVERITY[severity]
    fill = PatternFill(start_color=fill_color, end_color=fill_color, fill_type="solid")
    return Font(color=font_color, bold=True), fill  # a differential style: no font name
