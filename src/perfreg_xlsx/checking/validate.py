"""One returned questionnaire: raw cells -> typed `Response` and findings.

Answers are read by the field map only (sheet name and cell, never position), after checking
that the form is the expected one: the sheet "Skema" exists, its template version and survey
year are the expected ones, its form type names a programme, and every row still holds the
field id the map expects in column A. Each answer is parsed by `parse.parse_cell`, then the
typed values go through a pydantic model built from the catalogue (types and bounds from the
one definition); pydantic's errors are translated into findings in `_translate` and nowhere
else. Last come the network's identity and the catalogue's cross-field rules, applied by rule
type (`apply_rules`): a part above its total is `part-exceeds-total`; financing sources that
miss the turnover by more than the rule's tolerance are `sources-do-not-sum` (a smaller
difference is within rounding and accepted); an activity answered Nej with participants is
`no-but-participants`, one answered Ja with none `yes-but-none`; a figure above 0 whose
companion is 0 (turnover without employees) is `requires-other`. Severities come from the rule.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Any, Protocol

from pydantic import BaseModel, ConfigDict, ValidationError, create_model
from pydantic import Field as PField

from perfreg_xlsx.checking.findings import EMAIL_MAX, TEXT_MAX, fmt_number, make
from perfreg_xlsx.checking.parse import CellLike, Parsed, RawValue, clean_text, parse_cell
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.models import FileResult, FileStatus, Finding, Response, Value
from perfreg_xlsx.survey.fields import fields_for
from perfreg_xlsx.survey.registry import Network, Register
from perfreg_xlsx.survey.rules import (
    NoMeansZero,
    PartOfTotal,
    Requires,
    Rule,
    SourcesSum,
    YesNeedsCount,
    rules_for,
)
from perfreg_xlsx.survey.types import Field, Kind, Programme, Severity

# Sheets the template itself has; "Lister" is hidden by design.
TEMPLATE_SHEETS = frozenset({fm.SHEET_GUIDE, fm.SHEET_FORM, fm.SHEET_LISTS})
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_PROGRAMME_EN = {Programme.NETWORK: "an innovation network", Programme.CLUSTER: "a cluster"}
_PROGRAMME_DA = {Programme.NETWORK: "et innovationsnetværk", Programme.CLUSTER: "en klynge"}
# Codes after which the file is not read as a questionnaire at all.
STRUCTURAL = frozenset(
    {"missing-sheet", "wrong-version", "wrong-year", "unknown-form-type", "moved-row",
     "wrong-form-type"}
)  # fmt: skip


class SheetLike(Protocol):
    @property
    def cells(self) -> Mapping[str, CellLike]: ...
    @property
    def merged(self) -> Sequence[str]: ...


class WorkbookLike(Protocol):
    """What validation needs of a workbook read from a file (`read.RawWorkbook` fits)."""

    @property
    def sha256(self) -> str: ...
    @property
    def sheet_names(self) -> Sequence[str]: ...
    @property
    def hidden_sheets(self) -> Collection[str]: ...
    @property
    def sheets(self) -> Mapping[str, SheetLike]: ...


def wanted_cells() -> dict[str, tuple[str, ...]]:
    """Every cell validation reads, for `read.read_workbook(path, wanted)`: both layouts."""
    return {fm.SHEET_FORM: _wanted_refs()}


@cache  # the same for every file of a run
def _wanted_refs() -> tuple[str, ...]:
    refs: set[str] = set()
    for programme in Programme:
        lay = fm.layout(programme)
        refs.update(r.a1 for r in (lay.year_cell, lay.version_cell, lay.form_cell))
        for m in lay.fields:
            refs.update((m.cell.a1, m.id_cell.a1))
    return tuple(sorted(refs))


@cache
def _by_id(programme: Programme) -> Mapping[str, fm.MappedField]:
    """`layout(programme).by_id()`, built once (callers only read it)."""
    return fm.layout(programme).by_id()


@dataclass(frozen=True)
class Meta:
    """The title block of a form: survey year, template version, form type."""

    year: int | None
    year_found: RawValue
    version: str | None
    programme: Programme | None
    form_found: RawValue


def read_meta(raw: WorkbookLike) -> Meta | None:
    """The title block of the form, or None when there is no sheet "Skema"."""
    sheet = raw.sheets.get(fm.SHEET_FORM)
    if sheet is None:
        return None
    lay = fm.layout()
    year_raw = _value(sheet, lay.year_cell.a1)
    version_raw = _value(sheet, lay.version_cell.a1)
    form_raw = _value(sheet, lay.form_cell.a1)
    form_text = clean_text(str(form_raw)).casefold() if form_raw is not None else ""
    programme = next(
        (p for p, name in fm.FORM_NAMES_DA.items() if name.casefold() == form_text), None
    )
    version = None if version_raw is None else clean_text(str(version_raw))
    return Meta(_year(year_raw), year_raw, version, programme, form_raw)


def _value(sheet: SheetLike, a1: str) -> RawValue:
    cell = sheet.cells.get(a1)
    return None if cell is None else cell.value


def _year(raw: RawValue) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str) and clean_text(raw).isdigit():
        raw = int(clean_text(raw))
    return raw if isinstance(raw, int) and 1900 < raw < 3000 else None


@dataclass
class _Out:
    """Findings of one file, all naming the same file and network."""

    file: str
    network: str | None = None
    findings: list[Finding] = field(default_factory=list)

    def add(self, code: str, **kw: Any) -> None:
        self.findings.append(make(code, file=self.file, network=self.network, **kw))

    def at(self, code: str, m: fm.MappedField, **kw: Any) -> None:
        where = {"sheet": m.cell.sheet, "cell": m.cell.a1, "field": m.field, "number": m.number}
        self.add(code, **where, **kw)

    def codes(self) -> set[str]:
        return {f.code for f in self.findings}


def validate_workbook(
    raw: WorkbookLike, file: str, register: Register, year: int | None
) -> FileResult:
    """Check one workbook read from `file` against survey `year` (None: any year)."""
    guessed = network_from_name(file, register)
    out = _Out(file, guessed.short_name if guessed else None)
    sheet = raw.sheets.get(fm.SHEET_FORM)
    meta = read_meta(raw)
    if sheet is None or meta is None:
        out.add("missing-sheet", value=", ".join(raw.sheet_names), expected=fm.SHEET_FORM)
        return _result(raw, out, FileStatus.REFUSED)
    network = _peek_network(sheet, meta.programme or Programme.NETWORK, register)
    if network is not None:
        out.network = network.short_name
    for name in sorted(set(raw.hidden_sheets) - TEMPLATE_SHEETS):
        out.add("hidden-sheet", sheet=name, value=name)
    _check_meta(meta, year, out)
    if meta.programme is None or out.codes() & STRUCTURAL:
        return _result(raw, out, FileStatus.REFUSED)
    lay = fm.layout(meta.programme)
    if not _rows_in_place(sheet, lay, out):
        return _result(raw, out, FileStatus.REFUSED)
    _check_merged(sheet, lay, out)
    values = _answers(sheet, lay, out)
    if network is None:
        _unknown_network(values.get("network"), lay, register, out)
    elif network.programme is not meta.programme:
        form_name = fm.FORM_NAMES_DA[meta.programme]
        out.add(
            "wrong-form-type",
            sheet=fm.SHEET_FORM,
            cell=lay.form_cell.a1,
            value=form_name,
            expected=fm.FORM_NAMES_DA[network.programme],
            network_name=network.name,
            programme_en=_PROGRAMME_EN[network.programme],
            programme_da=_PROGRAMME_DA[network.programme],
        )
        return _result(raw, out, FileStatus.REFUSED)
    apply_rules(values, lay, out)
    errors = any(f.severity is Severity.ERROR for f in out.findings)
    status = FileStatus.INVALID if errors else FileStatus.ACCEPTED
    response = None
    survey_year = year if year is not None else meta.year
    if network is not None and survey_year is not None:
        response = Response(
            network=network.short_name,
            network_name=network.name,
            programme=meta.programme,
            file=file,
            sha256=raw.sha256,
            survey_year=survey_year,
            template_version=meta.version or "",
            values=values,
        )
    return _result(raw, out, status, response, meta.version)


def _result(
    raw: WorkbookLike,
    out: _Out,
    status: FileStatus,
    response: Response | None = None,
    version: str | None = None,
) -> FileResult:
    return FileResult(
        file=out.file,
        status=status,
        sha256=raw.sha256,
        network=out.network,
        template_version=version,
        response=response,
        findings=tuple(out.findings),
    )


def network_from_name(file: str, register: Register) -> Network | None:
    """The network a file is named after (``ve-net_2012.xlsx``), to label its findings.

    Only a label: the answers are always the network named inside the form.
    """
    stem = os.path.splitext(os.path.basename(file))[0].casefold()  # Path(file).stem, faster
    return register.with_short_name(stem) or register.with_short_name(stem.split("_")[0])


def _peek_network(sheet: SheetLike, programme: Programme, register: Register) -> Network | None:
    raw = _value(sheet, _by_id(programme)["network"].cell.a1)
    return register.find(raw) if isinstance(raw, str) else None


def _check_meta(meta: Meta, year: int | None, out: _Out) -> None:
    lay = fm.layout()
    form = fm.SHEET_FORM
    if meta.version != fm.TEMPLATE_VERSION:
        out.add(
            "wrong-version",
            sheet=form,
            cell=lay.version_cell.a1,
            value=meta.version,
            expected=fm.TEMPLATE_VERSION,
        )
    if meta.programme is None:
        names = " / ".join(fm.FORM_NAMES_DA.values())
        out.add(
            "unknown-form-type",
            sheet=form,
            cell=lay.form_cell.a1,
            value=meta.form_found,
            expected=names,
        )
    if meta.year is None or (year is not None and meta.year != year):
        out.add(
            "wrong-year",
            sheet=form,
            cell=lay.year_cell.a1,
            value=str(meta.year) if meta.year is not None else meta.year_found,
            expected=str(year) if year is not None else "a survey year such as 2012",
        )


def _rows_in_place(sheet: SheetLike, lay: fm.FormLayout, out: _Out) -> bool:
    moved: list[tuple[fm.MappedField, RawValue]] = []
    for m in lay.fields:
        found = _value(sheet, m.id_cell.a1)
        fid = m.field.id
        if not (found == fid or (isinstance(found, str) and clean_text(found) == fid)):
            moved.append((m, found))
    if moved:
        m, found = moved[0]
        out.add(
            "moved-row",
            sheet=m.id_cell.sheet,
            cell=m.id_cell.a1,
            field=m.field,
            number=m.number,
            value=found,
            expected=f"{m.number} ({m.field.id})",
            count=len(moved),
        )
    return not moved


_A1 = re.compile(r"^\$?([A-Z]+)\$?(\d+)$")


def _cell_rc(a1: str) -> tuple[int, int]:
    match = _A1.match(a1.strip().upper())
    if match is None:
        return (0, 0)
    col = 0
    for ch in match.group(1):
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)), col


def _check_merged(sheet: SheetLike, lay: fm.FormLayout, out: _Out) -> None:
    for rng in sheet.merged:
        first, _, last = rng.partition(":")
        (r1, c1), (r2, c2) = _cell_rc(first), _cell_rc(last or first)
        for m in lay.fields:
            if r1 <= m.cell.row <= r2 and c1 <= m.cell.col <= c2:
                out.at("merged-cell", m, value=rng)


# --- The answers --------------------------------------------------------------------------


def _annotation(f: Field) -> Any:
    match f.kind:
        case Kind.INT:
            return Annotated[int | None, PField(ge=f.min, le=f.max)]
        case Kind.DEC:
            return Annotated[float | None, PField(ge=f.min, le=f.max, allow_inf_nan=False)]
        case Kind.YESNO:
            return Annotated[bool | None, PField(strict=True)]
        case Kind.EMAIL:
            return Annotated[str | None, PField(pattern=EMAIL_PATTERN, max_length=EMAIL_MAX)]
        case Kind.TEXT | Kind.NETWORK:
            return Annotated[str | None, PField(max_length=TEXT_MAX)]
    raise TypeError(f.kind)  # pragma: no cover


@cache
def values_model(programme: Programme) -> type[BaseModel]:
    """The pydantic model of one questionnaire's answers, built from the catalogue."""
    definitions: dict[str, Any] = {f.id: (_annotation(f), None) for f in fields_for(programme)}
    model: type[BaseModel] = create_model(
        f"Answers_{programme.name}",
        __config__=ConfigDict(extra="forbid", frozen=True),
        **definitions,
    )
    return model


def _answers(sheet: SheetLike, lay: fm.FormLayout, out: _Out) -> dict[str, Value]:
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
    by_id = _by_id(lay.programme)
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
    out: _Out,
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
    "int_parsing_size": "above-max",
    "string_pattern_mismatch": "bad-email",
    "string_too_long": "bad-email",
}


def _unknown_network(value: Value, lay: fm.FormLayout, register: Register, out: _Out) -> None:
    if value is None:
        return  # already `not-answered`
    names = [n.name for n in register.of(lay.programme)] or [n.name for n in register.networks]
    close = difflib.get_close_matches(str(value), names, n=3, cutoff=0.4)
    quoted = ", ".join(f"“{c}”" for c in close)
    out.at(
        "unknown-network",
        _by_id(lay.programme)["network"],
        value=value,
        suggestions=f"; did you mean {quoted}?" if close else "",
        suggestions_da=f"; mente I {quoted}?" if close else "",
    )


# --- Cross-field rules -----------------------------------------------------------------------


def apply_rules(values: Mapping[str, Value], lay: fm.FormLayout, out: _Out) -> None:
    """Apply the catalogue's cross-field rules for the form's programme, by rule type.

    A rule is skipped when one of its answers is missing or unusable: that answer already
    has its own finding.
    """
    canonical = lay is fm.layout(lay.programme)
    by_id = _by_id(lay.programme) if canonical else lay.by_id()
    for rule in rules_for(lay.programme):
        _apply(rule, values, by_id, out)


def _num(values: Mapping[str, Value], fid: str) -> float | int | None:
    v = values.get(fid)
    return v if isinstance(v, int | float) and not isinstance(v, bool) else None


def _apply(
    rule: Rule, values: Mapping[str, Value], by_id: Mapping[str, fm.MappedField], out: _Out
) -> None:
    sev = rule.severity
    match rule:
        case PartOfTotal(part=p, total=t):
            part, total = _num(values, p), _num(values, t)
            if part is not None and total is not None and part > total:
                out.at(
                    "part-exceeds-total",
                    by_id[p],
                    severity=sev,
                    value=part,
                    expected=f"at most {fmt_number(total)} (question {by_id[t].number})",
                    expected_da=f"højst {fmt_number(total)} (spørgsmål {by_id[t].number})",
                    part=fmt_number(part),
                    total=fmt_number(total),
                    total_number=by_id[t].number,
                )
        case SourcesSum(parts=ps, total=t, tolerance=tol):
            nums = [_num(values, x) for x in ps]
            total = _num(values, t)
            if total is None or any(n is None for n in nums):
                return
            got = sum(n for n in nums if n is not None)
            if abs(got - total) > tol:
                out.at(
                    "sources-do-not-sum",
                    by_id[t],
                    severity=sev,
                    value=total,
                    expected=f"{fmt_number(got)}, the sum of the sources (± {fmt_number(tol)})",
                    expected_da=f"{fmt_number(got)}, summen af kilderne (± {fmt_number(tol)})",
                    sum=fmt_number(got),
                    total=fmt_number(total),
                    diff=fmt_number(abs(got - total)),
                    unit=by_id[t].field.unit,
                    tolerance=fmt_number(tol),
                )
        case NoMeansZero(flag=f, counts=cs):
            if values.get(f) is False:
                for c in cs:
                    n = _num(values, c)
                    if n is not None and n > 0:
                        out.at(
                            "no-but-participants",
                            by_id[c],
                            severity=sev,
                            value=n,
                            expected=f"0, as question {by_id[f].number} is Nej",
                            expected_da=f"0, da spørgsmål {by_id[f].number} er Nej",
                            flag_number=by_id[f].number,
                        )
        case YesNeedsCount(flag=f, count=c):
            if values.get(f) is True and _num(values, c) == 0:
                out.at(
                    "yes-but-none",
                    by_id[c],
                    severity=sev,
                    value=0,
                    expected=f"more than 0, as question {by_id[f].number} is Ja",
                    expected_da=f"mere end 0, da spørgsmål {by_id[f].number} er Ja",
                    flag_number=by_id[f].number,
                )
        case Requires(field=f, needs=n):
            have, need = _num(values, f), _num(values, n)
            if have is not None and have > 0 and need == 0:
                out.at(
                    "requires-other",
                    by_id[n],
                    severity=sev,
                    value=0,
                    expected=f"more than 0, as question {by_id[f].number} is above 0",
                    expected_da=f"mere end 0, da spørgsmål {by_id[f].number} er over 0",
                    other_number=by_id[f].number,
                    other_value=fmt_number(have),
                )
