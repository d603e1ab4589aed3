"""Types at the boundaries between stages: read -> validate -> aggregate -> layout -> write."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from perfreg_xlsx.survey.types import Indicator, Programme, Severity
from perfreg_xlsx.util.safetext import path_text

Value = int | float | bool | str | None
# A file name, or a text that may quote one. It is kept as the OS gave it, so that the file can
# be opened again: bytes that are not UTF-8 are lone surrogates then (PEP 383), which no JSON
# encoder takes. As JSON it is `path_text`, those bytes shown as \xNN; other texts unchanged.
PathText = Annotated[str, PlainSerializer(path_text, return_type=str, when_used="json")]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Finding(_Frozen):
    """One thing found wrong (or worth saying) about a file or an answer.

    `code` is stable (see `findings.CODES`); `message` is for the secretariat (English),
    `message_da` for the network in the feedback copy (Danish).
    """

    code: str
    severity: Severity
    file: PathText
    network: str | None = None
    sheet: str | None = None
    cell: str | None = None
    field_id: str | None = None
    question: str | None = None
    value: PathText | None = None
    expected: str | None = None
    message: PathText
    message_da: PathText = ""

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""


class FileStatus(StrEnum):
    ACCEPTED = "accepted"  # read; may still carry warnings
    INVALID = "invalid"  # read, but at least one error finding
    REFUSED = "refused"  # could not be read as a questionnaire at all
    SKIPPED = "skipped"  # not a submission (lock file, other file type, duplicate copy)


class Response(_Frozen):
    """The answers of one network as read and typed: one value per field id.

    `None` means "not answered", never 0.
    """

    network: str  # short name from the register
    network_name: str
    programme: Programme
    file: PathText
    sha256: str
    survey_year: int
    template_version: str
    values: dict[str, Value] = Field(default_factory=dict)


class FileResult(_Frozen):
    file: PathText
    status: FileStatus
    sha256: str | None = None
    network: str | None = None
    template_version: str | None = None
    response: Response | None = None
    findings: tuple[Finding, ...] = ()


class ValidationResult(_Frozen):
    """Everything `validate` learned about a folder of returned questionnaires."""

    survey_year: int | None
    files: tuple[FileResult, ...]
    findings: tuple[Finding, ...]  # all findings, including folder-level ones
    missing_networks: tuple[str, ...] = ()  # short names of registered networks without a file

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == Severity.WARNING)

    def responses(self, *, include_invalid: bool = False) -> tuple[Response, ...]:
        ok = {FileStatus.ACCEPTED} | ({FileStatus.INVALID} if include_invalid else set())
        return tuple(f.response for f in self.files if f.status in ok and f.response is not None)


class YearValue(_Frozen):
    """One indicator in one year. `value` None is what the report prints as NA."""

    year: int
    value: float | None
    networks: int | None = None  # networks behind the figure that year
    source: str = ""  # "inputs", "recorded", "published"


class IndicatorResult(_Frozen):
    id: str
    label_da: str
    unit: str
    section: str
    decimals: int
    series: tuple[YearValue, ...]  # oldest first, one per report year
    change_pct: float | None = None  # % change from last year; None = NA

    @classmethod
    def of(
        cls, ind: Indicator, series: tuple[YearValue, ...], change_pct: float | None
    ) -> IndicatorResult:
        """The result of catalogue indicator `ind`: its identity and format, and the figures."""
        return cls(
            id=ind.id,
            label_da=ind.label_da,
            unit=ind.unit,
            section=ind.section,
            decimals=ind.decimals,
            series=series,
            change_pct=change_pct,
        )

    def value(self, year: int) -> float | None:
        for yv in self.series:
            if yv.year == year:
                return yv.value
        return None


class Summary(_Frozen):
    """The report's numbers: every indicator over the report years. No Excel here."""

    survey_year: int
    years: tuple[int, ...]
    networks_reporting: dict[int, int | None]
    indicators: tuple[IndicatorResult, ...]
    responses: tuple[Response, ...]  # the networks included, sorted by short name

    def get(self, indicator_id: str) -> IndicatorResult:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)
