"""The checks of one answer on its own that the form shows live, beside the findings of
`validate` they stand for.

Each check is declared once here, from the field alone (is it required, what kind is it), in the
two languages that need it: the finding codes validation gives for the same answer (checking/
parses the cell and reports them) and the Excel condition that is TRUE while the answer breaks
the check (form/ shows it in Danish, as it does the cross-field rules of `rules`).

* `Required`: a required field left blank (empty or only spaces) is `not-answered`.
* `NumberText`: text in a number cell that is not a number read the Danish way (``.`` groups
  thousands, ``,`` is the decimal comma: NUMBERVALUE(x; ","; ".")) is one of `NUMBER_TEXT_CODES`.
* `EmailShape`: an e-mail without one ``@`` between a name and a domain with a dot, or with a
  space, or longer than `EMAIL_MAX`, is `bad-email`; `EMAIL_PATTERN` is validation's side.

They agree on what a respondent types. Validation is stricter only where the text could mean
two numbers (``1,500``, and ``1.500`` in a decimal field: `ambiguous-number`), where a formula
cannot tell a typed negative from one written as text, and on tabs, line breaks and unusual
spaces, which the form's TRIM does not strip.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from perfreg_xlsx.survey.types import EMAIL_MAX, Field, Kind

# What `validate` requires of an e-mail address (with `EMAIL_MAX`); `EmailShape` says the same
# in Excel.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"

# The findings of text in a number cell that no reading makes a number.
NUMBER_TEXT_CODES = frozenset(
    {"not-a-number", "approximate-number", "range-given", "dont-know", "date-in-number"}
)


@dataclass(frozen=True)
class Required:
    """A required answer left blank (code `not-answered`)."""

    codes: ClassVar[frozenset[str]] = frozenset({"not-answered"})
    field: str

    def excel_breach(self, ref: str) -> str:
        return f'TRIM({ref})=""'


@dataclass(frozen=True)
class NumberText:
    """Text in a number cell that is not a number (codes `NUMBER_TEXT_CODES`)."""

    codes: ClassVar[frozenset[str]] = NUMBER_TEXT_CODES
    field: str

    def excel_breach(self, ref: str) -> str:
        # NUMBERVALUE reads "2.059" and "39,5" as validation does, whatever the locale.
        return f'AND(ISTEXT({ref}),TRIM({ref})<>"",ISERROR(_xlfn.NUMBERVALUE({ref},",",".")))'


@dataclass(frozen=True)
class EmailShape:
    """An e-mail address that is not name@domain.tld (code `bad-email`)."""

    codes: ClassVar[frozenset[str]] = frozenset({"bad-email"})
    field: str

    def excel_breach(self, ref: str) -> str:
        t = f"TRIM({ref})"
        at = f'FIND("@",{t})'
        domain = f"MID({t},{at}+1,{EMAIL_MAX})"
        valid = (
            f'AND(LEN({t})-LEN(SUBSTITUTE({t},"@",""))=1,{at}>1,'
            f'ISERROR(FIND(" ",{t})),LEN({t})<={EMAIL_MAX},'
            # a dot in the domain with a character before it and one after it
            f'ISNUMBER(FIND(".",LEFT({domain},LEN({domain})-1),2)))'
        )
        # IFERROR: FIND fails on a text without "@", and that address is broken too.
        return f'AND({t}<>"",NOT(IFERROR({valid},FALSE)))'


AnswerRule = Required | NumberText | EmailShape


def answer_rules(f: Field) -> tuple[AnswerRule, ...]:
    """The checks of `f`'s answer on its own, in the order the form tests them."""
    out: list[AnswerRule] = []
    if f.required:
        out.append(Required(f.id))
    if f.kind in (Kind.INT, Kind.DEC):
        out.append(NumberText(f.id))
    if f.kind is Kind.EMAIL:
        out.append(EmailShape(f.id))
    return tuple(out)
