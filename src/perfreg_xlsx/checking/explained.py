"""Warnings a network has explained: the "Forklaring" cell beside an answer.

A per-network form offers an explanation cell beside every question (`form.previous`). A
reason written there is read as an `explanation` finding (info) of that answer; once every
check has run (the folder's `implausible-change` too), each warning of the same answer becomes
`explained-warning` (info, the reason quoted) and the explanation it used is dropped. An error
is never explained away: it stays, and the explanation beside it stays as info.
"""

from __future__ import annotations

from perfreg_xlsx.checking.context import FileFindings, SheetLike, cell_value
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.models import FileResult, Finding
from perfreg_xlsx.survey.types import Severity
from perfreg_xlsx.util.a1 import col_letter

EXPLAIN_COLUMN = col_letter(fm.COL_EXPLAIN)


def explanation_refs(lay: fm.FormLayout) -> tuple[str, ...]:
    """The explanation cells of `lay`, one per question."""
    return tuple(f"{EXPLAIN_COLUMN}{m.cell.row}" for m in lay.fields)


def read_explanations(sheet: SheetLike, lay: fm.FormLayout, out: FileFindings) -> None:
    """An `explanation` finding for each non-blank explanation cell of `lay`."""
    for m in lay.fields:
        a1 = f"{EXPLAIN_COLUMN}{m.cell.row}"
        raw = cell_value(sheet, a1)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        where = {"sheet": m.cell.sheet, "cell": a1, "field": m.field, "number": m.number}
        out.add("explanation", **where, value=str(raw).strip())


def apply_explanations(result: FileResult) -> FileResult:
    """`result` with each explained warning made `explained-warning` (info)."""
    from perfreg_xlsx.checking.findings import make

    reasons = {f.field_id: f for f in result.findings if f.code == "explanation"}
    if not reasons:
        return result
    used: set[str] = set()
    out: list[Finding] = []
    for f in result.findings:
        why = reasons.get(f.field_id) if f.field_id is not None else None
        if why is None or f.severity is not Severity.WARNING:
            out.append(f)
            continue
        used.add(why.field_id or "")
        explained = make(
            "explained-warning",
            file=f.file,
            network=f.network,
            sheet=f.sheet,
            cell=f.cell,
            warning=f.code,
            reason=why.value or "",
        )
        out.append(
            explained.model_copy(
                update={
                    "field_id": f.field_id,
                    "question": f.question,
                    "value": why.value,
                    "message": f"{explained.message} Warning: {f.message}",
                    "message_da": f"{explained.message_da} Advarslen: {f.message_da}",
                }
            )
        )
    kept = [f for f in out if not (f.code == "explanation" and f.field_id in used)]
    return result.model_copy(update={"findings": tuple(kept)})
