"""Making findings: the whole catalogue of codes, and the one way a finding is written.

The codes are declared in `codes` (a file as a whole, a folder, the reader) and
`answer_codes` (one answer, the cross-field rules); `CODES` holds them all in that order.
`make` turns a spec and the facts of one case (file, cell, question, the value found, what
was expected) into a `models.Finding`, so every message names the same things in the same
way. `codes_markdown()` renders the catalogue for the documentation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from perfreg_xlsx.checking.answer_codes import ANSWER_CODES
from perfreg_xlsx.checking.codes import FILE_CODES, PREVIOUS, READ_ERROR, WORKER_FAILURES, Spec
from perfreg_xlsx.models import Finding
from perfreg_xlsx.survey.types import NO, TEXT_MAX, YES, Field, Kind, Severity
from perfreg_xlsx.util.safetext import for_xml, shortened

_SHOW_MAX = 80  # characters of a found value quoted in a message

CODES: Mapping[str, Spec] = {
    s.code: s for s in (*FILE_CODES, *ANSWER_CODES, PREVIOUS, READ_ERROR, *WORKER_FAILURES)
}


# --- Formatting ------------------------------------------------------------------------------


def fmt_number(x: float | int) -> str:
    """A number as a Danish reader writes it: `316600` -> '316.600', `4.5` -> '4,5'.

    >>> fmt_number(316600), fmt_number(4.5), fmt_number(-1234.25)
    ('316.600', '4,5', '-1.234,25')
    """
    if isinstance(x, float) and math.isnan(x):
        return "NaN"
    if isinstance(x, float) and x in (float("inf"), float("-inf")):
        return "∞" if x > 0 else "-∞"
    if isinstance(x, float) and x != 0 and abs(x) < 1e-10:  # would print as 0
        return f"{x:.3g}".replace(".", ",")
    text = f"{x:,.10f}".rstrip("0").rstrip(".") if isinstance(x, float) else f"{x:,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def show(value: object) -> str:
    """A found value quoted for a message, shortened if long."""
    if value is None:
        return "(blank)"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return fmt_number(value)
    return f"“{shortened(str(value), _SHOW_MAX)}”"


def expected_of(field: Field) -> tuple[str, str]:
    """What an answer to `field` should look like, in English and Danish."""
    unit = f" ({field.unit})" if field.unit and field.kind in (Kind.INT, Kind.DEC) else ""
    low = f" ≥ {fmt_number(field.min)}" if field.min is not None else ""
    high = f" and ≤ {fmt_number(field.max)}" if field.max is not None else ""
    high_da = f" og ≤ {fmt_number(field.max)}" if field.max is not None else ""
    match field.kind:
        case Kind.INT:
            return f"a whole number{low}{high}{unit}", f"et helt tal{low}{high_da}{unit}"
        case Kind.DEC:
            return (
                f"a number{low}{high}{unit}, decimals with a comma (e.g. 4,5)",
                f"et tal{low}{high_da}{unit}, decimaler med komma (f.eks. 4,5)",
            )
        case Kind.YESNO:
            return f"{YES} or {NO}", f"{YES} eller {NO}"
        case Kind.EMAIL:
            return "an e-mail address (e.g. navn@netvaerk.dk)", "en e-mailadresse"
        case Kind.NETWORK:
            return "a network's name from the list", "et netværksnavn fra listen"
        case Kind.TEXT:
            return f"text of at most {TEXT_MAX} characters", f"tekst på højst {TEXT_MAX} tegn"
    raise TypeError(field.kind)  # pragma: no cover


# --- Making findings -------------------------------------------------------------------------


def make(
    code: str,
    *,
    file: str,
    network: str | None = None,
    sheet: str | None = None,
    cell: str | None = None,
    field: Field | None = None,
    number: str | None = None,
    value: object = None,
    expected: str | None = None,
    expected_da: str | None = None,
    severity: Severity | None = None,
    spec: Spec | None = None,
    **params: object,
) -> Finding:
    """One finding of `code`, its messages filled in from the catalogue.

    `value` is the value found (quoted by `show`); `field` and `number` name the question;
    `params` fill the spec's other placeholders. When `field` is given, `expected` defaults
    to what an answer to it should look like.
    """
    spec = spec or CODES[code]
    if field is not None and expected is None:
        expected, expected_da = expected_of(field)
    # Values and formulas come from the file: what XML cannot hold never enters a finding,
    # so every workbook and feedback copy that quotes it can be written and opened.
    shown = for_xml(show(value))
    values: dict[str, object] = {
        "value": shown,
        "expected": expected or "",
        "code": code,
        **{k: _param(v) if isinstance(v, str) else v for k, v in params.items()},
    }
    values_da = {**values, "expected": expected_da or expected or ""}
    where = f"{sheet}!{cell}" if sheet and cell else (sheet or "")
    question = f"{number} “{field.question}”" if field is not None and number else None
    prefix = _prefix(where, question)
    message = _join(prefix, spec.en.format(**values), spec.fix.format(**values))
    message_da = _join(prefix, spec.da.format(**values_da), spec.fix_da.format(**values_da))
    return Finding(
        code=code,
        severity=severity or spec.severity,
        file=file,
        network=network,
        sheet=sheet,
        cell=cell,
        field_id=field.id if field is not None else None,
        question=field.question if field is not None else None,
        value=None if value is None else shown,
        expected=expected,
        message=message,
        message_da=message_da,
    )


def _param(text: str) -> str:
    """A text for a message placeholder (a formula from the file may be 8,000 characters):
    safe for XML and no longer than twice a quoted value."""
    return for_xml(shortened(text, 2 * _SHOW_MAX))


def _prefix(where: str, question: str | None) -> str:
    if where and question:
        return f"{where} ({question}): "
    return f"{where}: " if where else ""


def _join(prefix: str, what: str, fix: str) -> str:
    what = what.rstrip(". ")
    text = f"{what[:1].upper()}{what[1:]}." if not prefix else f"{prefix}{what}."
    return f"{text} {fix}" if fix else text


def codes_markdown() -> str:
    """The catalogue as a Markdown table, for the README."""
    rows = ["| Code | Severity | Meaning | Fix |", "|---|---|---|---|"]
    for s in CODES.values():
        rows.append(f"| `{s.code}` | {s.severity.value} | {s.en} | {s.fix} |")
    return "\n".join(rows)
