"""What every check of one returned questionnaire shares: the workbook as read, and its findings.

`WorkbookLike` and `SheetLike` are what checking needs of a workbook read from a file
(`reading.reader.RawWorkbook` fits), so checking never depends on how it was read.
`FileFindings` collects the findings of one file, each naming that file and its network;
`at` places one at a question's answer cell.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from perfreg_xlsx.checking.findings import make
from perfreg_xlsx.checking.parse import CellLike, RawValue
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.models import Finding
from perfreg_xlsx.survey.catalogue import Catalogue, current
from perfreg_xlsx.survey.types import Programme


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


def cell_value(sheet: SheetLike, a1: str) -> RawValue:
    """The value of cell `a1`, None when the sheet has no such cell."""
    cell = sheet.cells.get(a1)
    return None if cell is None else cell.value


def mapped_fields(programme: Programme) -> Mapping[str, fm.MappedField]:
    """`layout(programme).by_id()`, built once per definition (callers only read it)."""
    return _mapped_fields(current(), programme)


@cache  # per catalogue (hashed by identity) and programme
def _mapped_fields(cat: Catalogue, programme: Programme) -> Mapping[str, fm.MappedField]:
    return fm.layout(programme).by_id()


@dataclass
class FileFindings:
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
