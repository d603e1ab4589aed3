"""One returned questionnaire: raw cells -> typed `Response` and findings.

The order of the checks, each in its own module: is this the expected form (`structure`: the
sheet "Skema" exists, its template version and survey year are the expected ones, its form type
names a programme, every row still holds the field id the map expects in column A); the answers
(`answers`: parsed by the field map and checked by a pydantic model built from the catalogue);
the network's identity (here: the network named in the form must be in the register and of the
form's programme); last the catalogue's cross-field rules (`crossfield`). A structural finding
refuses the file; any error makes it invalid; the rest is accepted, warnings and all.
"""

from __future__ import annotations

import difflib
import os
from functools import cache

from perfreg_xlsx.checking.answers import read_answers
from perfreg_xlsx.checking.context import (
    FileFindings,
    SheetLike,
    WorkbookLike,
    cell_value,
    mapped_fields,
)
from perfreg_xlsx.checking.crossfield import apply_rules
from perfreg_xlsx.checking.explained import explanation_refs, read_explanations
from perfreg_xlsx.checking.parse import is_blank
from perfreg_xlsx.checking.structure import check_merged, check_meta, read_meta, rows_in_place
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.models import FileResult, FileStatus, Response, Value
from perfreg_xlsx.survey.catalogue import Catalogue, current
from perfreg_xlsx.survey.registry import Network, Register
from perfreg_xlsx.survey.types import PROGRAMME_NAMES, Kind, Programme, Severity

# Sheets the template itself has; "Lister" is hidden by design.
TEMPLATE_SHEETS = frozenset({fm.SHEET_GUIDE, fm.SHEET_FORM, fm.SHEET_LISTS})
# Codes after which the file is not read as a questionnaire at all.
STRUCTURAL = frozenset(
    {"missing-sheet", "wrong-version", "wrong-year", "unknown-form-type", "moved-row",
     "wrong-form-type"}
)  # fmt: skip


def wanted_cells() -> dict[str, tuple[str, ...]]:
    """Every cell validation reads, for `read.read_workbook(path, wanted)`: both layouts."""
    return {fm.SHEET_FORM: _wanted_refs(current())}


@cache  # per catalogue (hashed by identity): the same for every file of a run
def _wanted_refs(cat: Catalogue) -> tuple[str, ...]:
    # `fm.layout` reads the catalogue in force, which is `cat`.
    refs: set[str] = set()
    for programme in Programme:
        lay = fm.layout(programme)
        refs.update(r.a1 for r in (lay.year_cell, lay.version_cell, lay.form_cell))
        for m in lay.fields:
            refs.update((m.cell.a1, m.id_cell.a1))
        refs.update(explanation_refs(lay))
    return tuple(sorted(refs))


def validate_workbook(
    raw: WorkbookLike, file: str, register: Register, year: int | None
) -> FileResult:
    """Check one workbook read from `file` against survey `year` (None: any year)."""
    guessed = network_from_name(file, register)
    out = FileFindings(file, guessed.short_name if guessed else None)
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
    check_meta(meta, year, out)
    if meta.programme is None or out.codes() & STRUCTURAL:
        return _result(raw, out, FileStatus.REFUSED)
    lay = fm.layout(meta.programme)
    if not rows_in_place(sheet, lay, out):
        return _result(raw, out, FileStatus.REFUSED)
    check_merged(sheet, lay, out)
    if _unfilled(sheet, lay):
        # One finding, not one "not answered" per question: the form came back as sent.
        asked = sum(m.field.kind is not Kind.NETWORK for m in lay.fields)
        out.add("form-empty", sheet=fm.SHEET_FORM, count=asked)
        return _result(raw, out, FileStatus.INVALID, version=meta.version)
    values = read_answers(sheet, lay, out)
    if network is None:
        _unknown_network(values.get("network"), lay, register, out)
    elif network.programme is not meta.programme:
        form_name = PROGRAMME_NAMES[meta.programme].form_da
        out.add(
            "wrong-form-type",
            sheet=fm.SHEET_FORM,
            cell=lay.form_cell.a1,
            value=form_name,
            expected=PROGRAMME_NAMES[network.programme].form_da,
            network_name=network.name,
            programme_en=PROGRAMME_NAMES[network.programme].a_en,
            programme_da=PROGRAMME_NAMES[network.programme].a_da,
        )
        return _result(raw, out, FileStatus.REFUSED)
    apply_rules(values, lay, out)
    read_explanations(sheet, lay, out)
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


def _unfilled(sheet: SheetLike, lay: fm.FormLayout) -> bool:
    """No answer in any answer cell but the network's (a per-network copy names it): a blank
    form, or a per-network copy returned as it was sent."""
    for m in lay.fields:
        if m.field.kind is Kind.NETWORK:
            continue
        raw = cell_value(sheet, m.cell.a1)
        if raw is not None and not (isinstance(raw, str) and is_blank(raw)):
            return False
    return True


def _result(
    raw: WorkbookLike,
    out: FileFindings,
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
    raw = cell_value(sheet, mapped_fields(programme)["network"].cell.a1)
    return register.find(raw) if isinstance(raw, str) else None


def _unknown_network(
    value: Value, lay: fm.FormLayout, register: Register, out: FileFindings
) -> None:
    if value is None:
        return  # already `not-answered`
    names = [n.name for n in register.of(lay.programme)] or [n.name for n in register.networks]
    close = difflib.get_close_matches(str(value), names, n=3, cutoff=0.4)
    quoted = ", ".join(f"“{c}”" for c in close)
    out.at(
        "unknown-network",
        mapped_fields(lay.programme)["network"],
        value=value,
        suggestions=f"; did you mean {quoted}?" if close else "",
        suggestions_da=f"; mente I {quoted}?" if close else "",
    )
