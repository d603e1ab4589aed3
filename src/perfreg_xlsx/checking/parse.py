"""Typed value parsing: one answer cell as read from the file -> a candidate value or a problem.

The rule, as stated to the networks and the secretariat:

* **Blank** (empty, or only spaces) means *not answered*, never 0.
* **Numbers** may be typed as numbers or as text. Text is read the Danish way:
  ``.`` or a space (ordinary, non-breaking or narrow) separates thousands and ``,`` is the
  decimal comma: ``2.059`` -> 2059, ``39,5`` -> 39.5, ``1 256`` -> 1256, ``1.234,5`` ->
  1234.5. A dot followed by one, two or more than three digits can only be a decimal point
  (``1.5`` -> 1.5). Where text could mean two numbers it is refused as
  ``ambiguous-number``: ``1.500`` in a decimal field (1500 or 1,5?) and ``1,500`` in any
  field (1,5 or an English 1500). ``1.500`` in a whole-number field is 1500.
* Never guessed, each its own finding: ``ca. 50``/``>50``/``50+`` (``approximate-number``),
  ``5-10`` (``range-given``), ``NA``/``ved ikke``/``-``/``?`` (``dont-know``), a date typed
  or formatted in a number cell (``date-in-number``), ``NaN``/``inf`` (``not-finite``),
  negative numbers (``negative``), decimals in a whole-number field (``not-whole``), numbers
  beyond the field's maximum (``above-max``), any other text (``not-a-number``), a number
  of 2**53 or more, which no spreadsheet or JSON holds exactly (``too-large``), and one
  nearer zero than 0,000001 without being 0, such as ``1e-320`` (``too-small``).
  The bounds and types (``not-finite``, ``negative``, ``not-whole``, ``above-max``,
  ``too-large``, ``too-small``) are
  checked by the pydantic model of the answers, built from the catalogue (`checking/answers.py`).
* **Ja/Nej**: exactly ``Ja`` or ``Nej`` in any case with any surrounding spaces
  (``ja ``, ``NEJ``). Single letters (``j``/``n``), English words, ``1``/``0`` and TRUE/FALSE
  are refused (``not-yes-no``): the form offers a drop-down list, and a wrong guess would
  silently change a share in the report.
* **Bounded work**: number and Ja/Nej text longer than `NUMBER_TEXT_MAX` characters is
  refused before any other step (no number is that long), and every expression below runs in
  time linear in the text; only ASCII digits are digits (``٣`` is not 3).
* **Formulas**: a formula's cached value is used as the answer, with the warning
  ``formula-value`` that names the formula: the form recalculates when it is opened, so the
  saved value may not be what the respondent saw. A formula Excel has not
  calculated (no cached value) is ``value-unknown`` ("open and save the file"), never 0; an
  error value such as ``#DIV/0!`` is ``error-value``. A formula in a text answer is kept as
  text (its value, else the formula text itself) with the warning ``formula-in-answer``.
  A number or Ja/Nej computed by a formula that reaches outside the file (another workbook,
  DDE such as ``cmd|...``, the web) keeps its saved value with the warning
  ``external-formula``.
* **Broken cells**: a cell of a type no spreadsheet program writes (``t="zz"``), or a
  "boolean" holding anything but 0/1, is ``bad-cell-type``: never read as a number or a word.
* **Text** is stripped of surrounding spaces and kept as text, cut to
  1000 characters (`survey.types.TEXT_MAX`) with the warning ``text-too-long``. Characters
  a spreadsheet cannot hold (control characters, U+FFFF; shared strings can smuggle them in
  as ``_x001B_``) are replaced by U+FFFD with the warning ``unsafe-characters``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Protocol

from perfreg_xlsx.checking.findings import fmt_number
from perfreg_xlsx.models import Value
from perfreg_xlsx.survey.types import NO, TEXT_MAX, YES, Kind
from perfreg_xlsx.util.safetext import for_xml, xml_unsafe

RawValue = str | float | int | bool | None


class CellLike(Protocol):
    """What parsing needs of a cell read from a file (`read.RawCell` satisfies it)."""

    @property
    def value(self) -> RawValue: ...
    @property
    def formula(self) -> str | None: ...
    @property
    def no_cached_value(self) -> bool: ...
    @property
    def is_error(self) -> bool: ...
    @property
    def date_formatted(self) -> bool: ...
    @property
    def cell_type(self) -> str: ...


@dataclass(frozen=True)
class Issue:
    """A problem with one answer: a finding code and the facts its message needs."""

    code: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Parsed:
    """The outcome of parsing one cell.

    `value` is the candidate for the answers model (None: blank or unusable); `found` is what
    the cell held, for messages; `issues` are problems (a non-empty `errors` means `value` is
    None).
    """

    value: Value
    found: RawValue = None
    issues: tuple[Issue, ...] = ()
    blank: bool = False


# Spaces people (and Excel's "1 234" formats) put between digit groups.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2009\u2007\u2002\u2003\t"), " ")
_INVISIBLE = "\u200b\ufeff\u2060"
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-"})

_DONT_KNOW = frozenset(
    {"na", "n/a", "n.a", "n.a.", "ved ikke", "vides ikke", "ukendt", "unknown", "-", "?", "x",
     "ikke oplyst", "ikke relevant", "i.r.", "ir", "kan ikke opgøres", "ingen data", "nil"}
)  # fmt: skip
# "Don't know" said in a sentence: a word of not knowing before "ikke" ("ved det ikke"), or
# "ikke" before one ("ikke opgjort endnu"), or "ukendt". Found by one pass over the words, not
# by `.*` between two words, which backtracks quadratically on "ved ved ved ...".
_WORDS = re.compile(r"\w+")
_KNOW_BEFORE = frozenset({"ved", "vides", "kendes"})
_KNOW_AFTER = frozenset({"oplyst", "kendt", "opgjort", "opgøres", "relevant"})
_UNKNOWN = frozenset({"ukendt", "unknown"})
# No number, written any way, is longer (2**53 with separators is 21 characters); a longer text
# is refused before it is cleaned, split or searched, so a megabyte costs what a line does.
NUMBER_TEXT_MAX = 200
_NOT_FINITE = {
    "nan": math.nan,
    "inf": math.inf,
    "+inf": math.inf,
    "-inf": -math.inf,
    "infinity": math.inf,
    "-infinity": -math.inf,
    "∞": math.inf,
    "uendelig": math.inf,
}
_APPROX = re.compile(
    r"^(ca\.?|cirka|circa|omkring|ungefær|approx\.?|app\.?|~|≈|>=?|<=?|≥|≤|over|under|mindst|"
    r"min\.|max\.|maks\.?|op til|godt|knap|næsten|about)\s*[0-9+-]",
    re.IGNORECASE,
)
_APPROX_END = re.compile(r"[0-9]\s*(\+|ca\.?|el\. derover|eller flere)$", re.IGNORECASE)
_RANGE = re.compile(r"^[0-9][0-9., ]*\s*(-|til|to)\s*[0-9][0-9., ]*$", re.IGNORECASE)
_DATE = re.compile(
    r"^([0-9]{1,2}[./-][0-9]{1,2}[./-]([0-9]{2}|[0-9]{4})|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})$"
)
_INT = re.compile(r"^[0-9]+$")
_SPACED = re.compile(r"^[0-9]{1,3}( [0-9]{3})+([.,][0-9]+)?$")
_DOT_GROUPS = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})+$")
_COMMA_GROUPS = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+$")
_DOT_DECIMAL = re.compile(r"^[0-9]+\.[0-9]+$")
_COMMA_DECIMAL = re.compile(r"^[0-9]+,[0-9]+$")
_DANISH = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})+,[0-9]+$")
_ENGLISH = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+\.[0-9]+$")


# Everything `clean_text` removes from the ends: str.strip()'s whitespace, the unusual
# spaces and the invisible characters. A text of only these is blank.
_BLANKS = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000" + _INVISIBLE
)


def is_blank(text: str) -> bool:
    """Whether `clean_text(text)` is empty, without cleaning a text that may be a megabyte."""
    return not text.strip(_BLANKS)


def clean_text(text: str) -> str:
    """Text with unusual spaces made ordinary, invisible characters removed, ends stripped."""
    if text.isascii():  # of the unusual spaces and invisible characters only a tab is ASCII
        return (text.replace("\t", " ") if "\t" in text else text).strip()
    text = text.translate(_SPACES)
    for ch in _INVISIBLE:
        text = text.replace(ch, "")
    return text.strip()


def parse_number_text(text: str, *, whole: bool) -> int | float | Issue:
    """A number typed as text, by the rule in the module docstring.

    `whole` says the field takes whole numbers, where ``1.500`` can only mean 1500.

    >>> parse_number_text("2.059", whole=True), parse_number_text("39,5", whole=False)
    (2059, 39.5)
    >>> parse_number_text("1.500", whole=False).code
    'ambiguous-number'
    """
    if len(text) > NUMBER_TEXT_MAX:
        return Issue("not-a-number")
    s = " ".join(clean_text(text).split())
    low = s.casefold()
    if low.rstrip(".") in _DONT_KNOW or low in _DONT_KNOW or _says_dont_know(low):
        return Issue("dont-know")
    if low in _NOT_FINITE:
        return _NOT_FINITE[low]
    if _APPROX.match(s) or _APPROX_END.search(s):
        return Issue("approximate-number")
    if _DATE.match(s):
        return Issue("date-in-number")
    s = s.translate(_MINUS)
    if _RANGE.match(s):
        return Issue("range-given")
    sign = 1
    if s[:1] in ("+", "-"):
        sign = -1 if s[0] == "-" else 1
        s = s[1:].strip()
    number = _unsigned(s, whole=whole)
    if isinstance(number, Issue):
        return number
    return sign * number


def _says_dont_know(low: str) -> bool:
    """Whether casefolded `low` says "don't know" in a sentence (see `_KNOW_BEFORE`)."""
    seen_know = seen_not = False
    for word in _WORDS.findall(low):
        if word in _UNKNOWN:
            return True
        if word == "ikke":
            if seen_know:
                return True
            seen_not = True
        elif word in _KNOW_BEFORE:
            seen_know = True
        elif seen_not and word in _KNOW_AFTER:
            return True
    return False


def _unsigned(s: str, *, whole: bool) -> int | float | Issue:
    if _INT.match(s):
        return int(s)
    if _SPACED.match(s):
        head, _, tail = s.replace(" ", "").replace(",", ".").partition(".")
        return int(head) if not tail else float(f"{head}.{tail}")
    for sep, groups in ((".", _DOT_GROUPS), (",", _COMMA_GROUPS)):
        if not groups.match(s):
            continue
        single = s.count(sep) == 1
        if s.startswith("0"):  # "0.500" and "0,500" cannot be thousands
            return float(s.replace(sep, ".")) if single else Issue("not-a-number")
        # A dot groups thousands (Danish); a lone comma before three digits may be a Danish
        # decimal comma or an English thousands separator.
        if single and (sep == "," or not whole):
            return Issue("ambiguous-number", _readings(s, sep))
        return int(s.replace(sep, ""))
    if _COMMA_DECIMAL.match(s):
        return float(s.replace(",", "."))
    if _DOT_DECIMAL.match(s):
        return float(s)
    if _DANISH.match(s):
        return float(s.replace(".", "").replace(",", "."))
    if _ENGLISH.match(s):
        return float(s.replace(",", ""))
    return Issue("not-a-number")


def _readings(s: str, sep: str) -> dict[str, str]:
    thousands = s.replace(sep, "")
    return {"reading_a": thousands, "reading_b": fmt_number(float(s.replace(sep, ".")))}


_YES_NO = {YES: True, NO: False}
_YES_NO_FOLDED = {k.casefold(): v for k, v in _YES_NO.items()}


def parse_yes_no(text: str) -> bool | None:
    """True for Ja, False for Nej (any case, surrounding spaces); None for anything else."""
    if len(text) > NUMBER_TEXT_MAX:
        return None
    return _YES_NO_FOLDED.get(clean_text(text).casefold())


# Formulas whose cached value comes from outside the file: another workbook ([1]Sheet!A1 or
# 'C:\\path\\[book.xlsx]Sheet'!A1), DDE (cmd|' /C calc'!A0) or the web.
_EXTERNAL = re.compile(r"\[|\||\b(WEBSERVICE|HYPERLINK|CALL|REGISTER|RTD|FILTERXML)\s*\(", re.I)


_BLANK = Parsed(None, blank=True)
_NUMBER_KINDS = frozenset({Kind.INT, Kind.DEC})


def parse_cell(cell: CellLike | None, kind: Kind) -> Parsed:
    """Parse one answer cell of a field of `kind` by the rule in the module docstring."""
    if cell is None:
        return _BLANK
    if cell.formula is None and not cell.is_error and not cell.date_formatted:
        # The answers of nearly every form, in short: a number cell in a number field, or
        # "Ja"/"Nej" as written in the list (the general rules below give the same).
        raw = cell.value
        if (type(raw) is int or type(raw) is float) and kind in _NUMBER_KINDS:
            return Parsed(raw, raw)
        if kind is Kind.YESNO and raw in _YES_NO:
            return Parsed(_YES_NO[raw], raw)
    return parse_cell_by_rules(cell, kind)


def parse_cell_by_rules(cell: CellLike, kind: Kind) -> Parsed:
    """`parse_cell` without its short cuts (a test holds the two equal)."""
    if kind in (Kind.TEXT, Kind.EMAIL, Kind.NETWORK):
        return _parse_text(cell)
    parsed = _parse_typed(cell, kind)
    if cell.formula is not None and parsed.value is not None:
        # The form recalculates on open (fullCalcOnLoad): the saved value may not be what the
        # respondent saw, so it is used but never silently.
        formula = "=" + cell.formula.lstrip("=")
        code = "external-formula" if _EXTERNAL.search(cell.formula) else "formula-value"
        return Parsed(parsed.value, parsed.found, (Issue(code, {"formula": formula}),))
    return parsed


def _parse_typed(cell: CellLike, kind: Kind) -> Parsed:
    if cell.formula is not None and cell.no_cached_value:
        return Parsed(None, "=" + cell.formula.lstrip("="), (Issue("value-unknown"),))
    raw = cell.value
    if cell.is_error:
        return Parsed(None, raw, (_error_issue(cell),))
    if raw is None or (isinstance(raw, str) and is_blank(raw)):
        return Parsed(None, raw, blank=True)
    if kind is Kind.YESNO:
        answer = parse_yes_no(raw) if isinstance(raw, str) else None
        if answer is None:
            return Parsed(None, raw, (Issue("not-yes-no"),))
        return Parsed(answer, raw)
    return _parse_number(raw, cell.date_formatted, whole=kind is Kind.INT)


def _parse_number(raw: str | float | int | bool, date_formatted: bool, *, whole: bool) -> Parsed:
    if isinstance(raw, bool):
        return Parsed(None, raw, (Issue("not-a-number"),))
    if date_formatted:  # a date serial number, or an ISO date cell (t="d")
        return Parsed(None, raw, (Issue("date-in-number"),))
    if isinstance(raw, int | float):
        return Parsed(raw, raw)
    number = parse_number_text(raw, whole=whole)
    if isinstance(number, Issue):
        return Parsed(None, raw, (number,))
    return Parsed(number, raw)


def _parse_text(cell: CellLike) -> Parsed:
    issues: list[Issue] = []
    raw = cell.value
    if cell.is_error and cell.formula is None:
        return Parsed(None, raw, (_error_issue(cell),))
    if cell.formula is not None:
        formula = "=" + cell.formula.lstrip("=")
        usable = not cell.no_cached_value and not cell.is_error and raw is not None
        raw = raw if usable else formula
        issues.append(Issue("formula-in-answer", {"formula": formula}))
    if raw is None:
        return Parsed(None, None, blank=True)
    full = _as_text(raw).strip(_BLANKS)
    if not full:
        return Parsed(None, raw, blank=True)
    # Only a bounded head is cleaned (the rest would be cut anyway): a megabyte of text costs
    # what a long answer does. Its length is then counted before cleaning.
    text = clean_text(full[: 2 * TEXT_MAX])
    if len(text) > TEXT_MAX or len(full) > 2 * TEXT_MAX:
        length = len(text) if len(full) <= 2 * TEXT_MAX else len(full)
        issues.append(Issue("text-too-long", {"length": str(length), "limit": str(TEXT_MAX)}))
        text = text[:TEXT_MAX]
    if xml_unsafe(text):
        issues.append(Issue("unsafe-characters"))
        text = for_xml(text)
    return Parsed(text, raw, tuple(issues))


# The cell types of SpreadsheetML; any other `t` is a broken cell (see `reading.rawcell`).
_CELL_TYPES = frozenset({"n", "s", "str", "inlineStr", "b", "e", "d"})


def _error_issue(cell: CellLike) -> Issue:
    """An error value (``#DIV/0!``), or a cell stored in a type no program writes."""
    if cell.cell_type not in _CELL_TYPES or cell.cell_type == "b":
        return Issue("bad-cell-type", {"type": cell.cell_type})
    return Issue("error-value")


def _as_text(raw: str | float | int | bool) -> str:
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)
