"""The answers of one form: its answer cells -> typed values by field id, and their findings.

Each answer cell is read by the field map (never by position) and parsed by `parse.parse_cell`;
the typed values then go through a pydantic model built from the catalogue (`values_model`: types
and bounds from the one definition of the fields). pydantic's errors become findings in
`_translate` and nowhere else; an answer that fails is left out of the values, so no later check
reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError, create_model
from pydantic import Field as PField
from pydantic_core import PydanticCustomError

from perfreg_xlsx.checking.context import FileFindings, SheetLike, mapped_fields
from perfreg_xlsx.checking.parse import Parsed, parse_cell
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.models import Value
from perfreg_xlsx.survey.answer_rules import EMAIL_PATTERN
from perfreg_xlsx.survey.catalogue import Catalogue, current
from perfreg_xlsx.survey.types import EMAIL_MAX, TEXT_MAX, Field, Kind, Programme

# Past 2**53 a number is no longer held exactly as Excel, JSON and our sums hold numbers
# (9007199254740993 would become ...992): refused, whatever the field's own maximum.
EXACT_LIMIT = 2**53
# No answer of the survey (an FTE, an amount in 1.000 kr.) is this close to zero without being
# zero; nearer zero, a subnormal such as 1e-320 loses its precision, and a ratio or a square of
# any tiny number (2.2e-308 is a normal float) overflows in the profiles and the report.
SMALLEST = 1e-6


def _not_too_small(x: float | None) -> float | None:
    if x is not None and x != 0 and abs(x) < SMALLEST:
        raise PydanticCustomError("too_small_number", "too close to zero")
    return x


def _annotation(f: Field) -> Any:
    low, high = -EXACT_LIMIT, EXACT_LIMIT
    match f.kind:
        case Kind.INT:
            return Annotated[int | None, PField(ge=f.min, le=f.max, gt=low, lt=high)]
        case Kind.DEC:
            return Annotated[
                float | None,
                PField(ge=f.min, le=f.max, gt=low, lt=high, allow_inf_nan=False),
                AfterValidator(_not_too_small),
            ]
        case Kind.YESNO:
            return Annotated[bool | None, PField(strict=True)]
        case Kind.EMAIL:
            return Annotated[str | None, PField(pattern=EMAIL_PATTERN, max_length=EMAIL_MAX)]
        case Kind.TEXT | Kind.NETWORK:
            return Annotated[str | None, PField(max_length=TEXT_MAX)]
    raise TypeError(f.kind)  # pragma: no cover


def values_model(programme: Programme) -> type[BaseModel]:
    """The pydantic model of one questionnaire's answers, built from the catalogue in force."""
    return _values_model(current(), programme)


@cache  # per catalogue (hashed by identity): built once a run, asked by every file
def _values_model(cat: Catalogue, programme: Programme) -> type[BaseModel]:
    definitions: dict[str, Any] = {f.id: (_annotation(f), None) for f in cat.fields_for(programme)}
    model: type[BaseModel] = create_model(
        f"Answers_{programme.name}",
        __config__=ConfigDict(extra="forbid", frozen=True),
        **definitions,
    )
    return model


def read_answers(sheet: SheetLike, lay: fm.FormLayout, out: FileFindings) -> dict[str, Value]:
    """The usable answers of `sheet` by field id; what is blank, unreadable or invalid is
    reported to `out` and left out."""
    parsed: dict[str, Parsed] = {}
    candidates: dict[str, Value] = {}
    for m in lay.fields:
        p = parse_cell(sheet.cells.get(m.cell.a1), m.field.kind)
        parsed[m.field.id] = p
        if p.blank and m.field.required:
            number = m.field.kind in (Kind.INT, Kind.DEC)
            zero = "; write 0 if the number is zero" if number else ""
            zero_da = "; skriv 0, hvis tallet er nul" if number else ""
            out.at("not-answered", m, zero=zero, zero_da=zero_da)
        for issue in p.issues:
            out.at(issue.code, m, value=p.found, **issue.params)
        if p.value is not None:
            candidates[m.field.id] = p.value
    model = values_model(lay.programme)
    by_id = mapped_fields(lay.programme)
    try:
        checked = model.model_validate(candidates)
    except ValidationError as exc:
        bad = _translate(exc, by_id, parsed, out)
        checked = model.model_validate({k: v for k, v in candidates.items() if k not in bad})
    return dict(checked.model_dump())


def _translate(
    exc: ValidationError,
    by_id: Mapping[str, fm.MappedField],
    parsed: Mapping[str, Parsed],
    out: FileFindings,
) -> set[str]:
    """pydantic's errors -> our findings; the only place pydantic's errors are looked at."""
    bad: set[str] = set()
    for err in exc.errors():
        fid = str(err["loc"][0]) if err["loc"] else ""
        m = by_id.get(fid)
        if m is None or fid in bad:
            continue
        bad.add(fid)
        kind = err["type"]
        if kind == "greater_than_equal":
            low = (err.get("ctx") or {}).get("ge", 0)
            code = "negative" if low == 0 else "below-min"
        else:
            code = _PYDANTIC_CODES.get(kind, "invalid-value")
        out.at(code, m, value=parsed[fid].found)
    return bad


_PYDANTIC_CODES = {
    "int_from_float": "not-whole",
    "finite_number": "not-finite",
    "less_than_equal": "above-max",
    "int_parsing_size": "too-large",
    "less_than": "too-large",
    "greater_than": "too-large",
    "too_small_number": "too-small",
    "string_pattern_mismatch": "bad-email",
    "string_too_long": "bad-email",
}
