"""Hand-made Summary and ValidationResult for the layout and writer tests.

The numbers are the published appendix 1 (history/bilag1_2007_2012.csv) and the other
published figures, so the workbook under test looks like the real report.
"""

from __future__ import annotations

import csv
from pathlib import Path

from survey_names import INDICATORS

from perfreg_xlsx.models import (
    FileResult,
    FileStatus,
    Finding,
    IndicatorResult,
    Response,
    Summary,
    ValidationResult,
    YearValue,
)
from perfreg_xlsx.survey.registry import Register, load_register
from perfreg_xlsx.survey.types import Programme, Severity

ROOT = Path(__file__).resolve().parents[1]
YEARS = (2007, 2008, 2009, 2010, 2011, 2012)
SURVEY_YEAR = 2012
# The report's sheets, in tab order: as laid out (test_layout) and as written (test_write).
SHEETS = [
    "Forside",
    "Hovedresultater",
    "Bilag 1",
    "Tabel 2.1",
    "Tabel 3.1",
    "Tabel 4.1-4.3",
    "Bilag 3",
    "Noter",
    "Indikatorer",
    "Data",
    "Kilder",
]
INJECTIONS = {
    "comment": "=1+1",
    "contact_name": '=HYPERLINK("http://evil.example","klik")',
    "contact_email": "@SUM(A1)",
}


def register() -> Register:
    return load_register(ROOT / "templates" / "networks.csv")


def _num(text: str) -> float | None:
    text = text.strip()
    if text in ("", "NA"):
        return None
    return float(text.rstrip("%"))


def _published() -> tuple[dict[str, dict[int, float | None]], dict[str, float | None]]:
    series: dict[str, dict[int, float | None]] = {}
    change: dict[str, float | None] = {}
    with open(ROOT / "history" / "bilag1_2007_2012.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            series[row["id"]] = {y: _num(row[str(y)]) for y in YEARS}
            change[row["id"]] = _num(row["change_2011_2012_published"])
    with open(ROOT / "history" / "other_published_figures.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            series.setdefault(row["id"], {})[int(row["year"])] = _num(row["value"])
    return series, change


def response(short: str, name: str, file: str, **values: object) -> Response:
    base: dict[str, object] = {
        "network": name,
        "contact_name": "Hanne Hansen",
        "contact_email": "hanne@example.dk",
        "firms_new_products": 40,
        "offers_conferences": "Ja",
        "ki_gts": True,
        "employees_fte": 4.5,
        "turnover": 14_400,
    }
    base.update(values)
    return Response.model_validate(
        {
            "network": short,
            "network_name": name,
            "programme": Programme.NETWORK,
            "file": file,
            "sha256": "ab" * 32,
            "survey_year": SURVEY_YEAR,
            "template_version": "1.0",
            "values": base,
        }
    )


def responses(reg: Register) -> tuple[Response, ...]:
    """One response per registered innovation network, bar two (who did not answer)."""
    nets = sorted(reg.of(Programme.NETWORK), key=lambda n: n.short_name)
    out = []
    for i, n in enumerate(nets[2:]):
        extra: dict[str, object] = dict(INJECTIONS) if i == 0 else {}
        if i == 1:
            extra["retired_question"] = "gammelt svar"  # a field the catalogue no longer has
        out.append(response(n.short_name, n.name, f"{n.short_name}_{SURVEY_YEAR}.xlsx", **extra))
    return tuple(out)


def summary(reg: Register | None = None) -> Summary:
    reg = reg or register()
    series, change = _published()
    reporting: dict[int, int | None] = {
        y: int(v) for y, v in series["networks_reporting"].items() if v is not None
    }
    indicators = []
    for ind in INDICATORS:
        known = series.get(ind.id, {})
        years = tuple(
            YearValue(
                year=y,
                value=known.get(y),
                networks=reporting.get(y),
                source="inputs" if y == SURVEY_YEAR else "published",
            )
            for y in YEARS
        )
        indicators.append(IndicatorResult.of(ind, years, change.get(ind.id)))
    return Summary(
        survey_year=SURVEY_YEAR,
        years=YEARS,
        networks_reporting=reporting,
        indicators=tuple(indicators),
        responses=responses(reg),
    )


def extra_years() -> dict[tuple[str, int], YearValue]:
    """Published figures of years before the report years, as `history.History` gives them."""
    series, _ = _published()
    return {
        (iid, y): YearValue(year=y, value=v, source="published")
        for iid, by_year in series.items()
        for y, v in by_year.items()
        if y < YEARS[0]
    }


def validation(summ: Summary, reg: Register | None = None) -> ValidationResult:
    """Every included response accepted, plus one invalid, one refused and one lock file."""
    reg = reg or register()
    nets = sorted(reg.of(Programme.NETWORK), key=lambda n: n.short_name)
    files = [
        FileResult(
            file=r.file,
            status=FileStatus.ACCEPTED,
            sha256=r.sha256,
            network=r.network,
            template_version=r.template_version,
            response=r,
        )
        for r in summ.responses
    ]
    bad = response(nets[0].short_name, nets[0].name, f"{nets[0].short_name}_{SURVEY_YEAR}.xlsx")
    error = Finding(
        code="part-exceeds-total",
        severity=Severity.ERROR,
        file=bad.file,
        network=bad.network,
        message="firms_collab_sme exceeds firms_collab",
        message_da="Antal SMV'er i samspilsprojekter er større end antallet i alt",
    )
    files.append(
        FileResult(
            file=bad.file,
            status=FileStatus.INVALID,
            sha256="cd" * 32,
            network=bad.network,
            template_version="1.0",
            response=bad,
            findings=(error,),
        )
    )
    refused = Finding(
        code="not-a-workbook",
        severity=Severity.ERROR,
        file="=cmd|' /C calc'!A0.xlsx",
        message="not an xlsx file",
        message_da="Filen er ikke en Excel-projektmappe",
    )
    files.append(
        FileResult(
            file="=cmd|' /C calc'!A0.xlsx",
            status=FileStatus.REFUSED,
            sha256="ef" * 32,
            findings=(refused,),
        )
    )
    files.append(FileResult(file="~$lock.xlsx", status=FileStatus.SKIPPED))
    return ValidationResult(
        survey_year=SURVEY_YEAR,
        files=tuple(files),
        findings=(error, refused),
        missing_networks=(nets[1].short_name,),
    )
