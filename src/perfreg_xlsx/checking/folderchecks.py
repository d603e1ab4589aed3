"""Checks across the files of a folder: survey year, duplicates, last year, completeness.

Each check takes the per-file results of `validate.validate_workbook` and returns them with
findings added; none reads a file.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from perfreg_xlsx.checking.findings import fmt_number, make
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.models import (
    FileResult,
    FileStatus,
    Finding,
    Response,
    ValidationResult,
    Value,
)
from perfreg_xlsx.survey.catalogue import current
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import Severity

READ_OK = (FileStatus.ACCEPTED, FileStatus.INVALID)


def survey_year(
    year: int | None, years: Mapping[Path, int | None]
) -> tuple[int | None, list[Finding]]:
    """The survey year: `year` if given, else the year most forms name (a tie: the latest).

    Forms naming different years give the folder finding `mixed-years`.
    """
    if year is not None:
        return year, []
    by_year: dict[int, list[str]] = defaultdict(list)
    for path, form_year in years.items():
        if form_year is not None:
            by_year[form_year].append(path.name)
    if not by_year:
        return None, []
    counts = Counter({y: len(names) for y, names in by_year.items()})
    # The most common year wins; a tie goes to the latest year.
    chosen = max(counts, key=lambda y: (counts[y], y))
    if len(by_year) == 1:
        return chosen, []
    text = "; ".join(f"{y}: {', '.join(by_year[y])}" for y in sorted(by_year))
    return chosen, [make("mixed-years", file="", value=text)]


def preferred_copy(
    paths: Sequence[Path], network: str | None, year: int | None, register: Register
) -> int:
    """Of identical files `paths` (in name order) of `network`, the index of the one to keep:
    the one named as the network's form (`template --per-network` writes `<short>_<year>.xlsx`),
    which the copies' names ("Kopi af ...", "... (1)") are not; else the first."""
    net = register.with_short_name(network) if network is not None else None
    if net is not None and year is not None:
        from perfreg_xlsx.form.template import form_filename  # only when there are copies

        wanted = form_filename(net, year).casefold()
        for i, path in enumerate(paths):
            if path.name.casefold() == wanted:
                return i
    return 0


def mark_duplicate_networks(results: list[FileResult]) -> list[FileResult]:
    """Two files (different bytes) for one network: `duplicate-network` on each, INVALID."""
    files_of: dict[str, list[str]] = defaultdict(list)
    for r in results:
        if r.response is not None and r.status in READ_OK:
            files_of[r.response.network].append(os.path.basename(r.file))
    out: list[FileResult] = []
    for r in results:
        resp = r.response
        if resp is None or r.status not in READ_OK or len(files_of[resp.network]) < 2:
            out.append(r)
            continue
        m = fm.layout(resp.programme).by_id()["network"]
        dup = make(
            "duplicate-network",
            file=r.file,
            network=resp.network,
            sheet=m.cell.sheet,
            cell=m.cell.a1,
            field=m.field,
            number=m.number,
            value=", ".join(files_of[resp.network]),
            network_name=resp.network_name,
        )
        out.append(
            r.model_copy(update={"status": FileStatus.INVALID, "findings": (*r.findings, dup)})
        )
    return out


def compare_previous(
    results: list[FileResult], previous: Path, last: ValidationResult, folder: list[Finding]
) -> list[FileResult]:
    """Warn `implausible-change` where an answer moved beyond its field's `yoy_factor`.

    `last` is the validation of last year's files in `previous`; its files that cannot be
    compared are named in one `previous-not-used` finding added to `folder`.
    """
    before = {r.network: r for r in last.responses(include_invalid=True)}
    unused = [
        Path(r.file).name
        for r in last.files
        if r.status is not FileStatus.SKIPPED and (r.response is None or r.status not in READ_OK)
    ]
    if unused:
        folder.append(
            make(
                "previous-not-used", file=str(previous), value=", ".join(unused), count=len(unused)
            )
        )
    last_answers = {n: (r.values, Path(r.file).name) for n, r in before.items()}
    return compare_answers(results, last_answers)


def compare_answers(
    results: list[FileResult], before: Mapping[str, tuple[Mapping[str, Value], str]]
) -> list[FileResult]:
    """`implausible-change` on each answer against `before`: per network short name, last
    year's values and the name of the file they come from (a questionnaire, or the answers
    `aggregate` recorded in the history folder)."""
    out: list[FileResult] = []
    for r in results:
        old = before.get(r.response.network) if r.response is not None else None
        if r.response is None or old is None:
            out.append(r)
            continue
        new = tuple(changes(r.response, *old))
        out.append(r.model_copy(update={"findings": (*r.findings, *new)}) if new else r)
    return out


def changes(now: Response, before: Mapping[str, Value], source: str) -> Iterable[Finding]:
    """`implausible-change` findings of one network's answers against last year's values
    `before`, read from the file named `source`.

    A change from or to 0 is not judged: a factor says nothing about it.
    """
    mapped = fm.layout(now.programme).by_id()
    for f in current().fields_for(now.programme):
        a, b = now.values.get(f.id), before.get(f.id)
        if f.yoy_factor is None or not _positive(a) or not _positive(b):
            continue
        assert isinstance(a, int | float) and isinstance(b, int | float)
        ratio = a / b
        if ratio > f.yoy_factor or ratio < 1 / f.yoy_factor:
            m = mapped[f.id]
            low, high = round(b / f.yoy_factor, 1), round(b * f.yoy_factor, 1)
            yield make(
                "implausible-change",
                file=now.file,
                network=now.network,
                sheet=m.cell.sheet,
                cell=m.cell.a1,
                field=f,
                number=m.number,
                value=a,
                expected=f"between {fmt_number(low)} and {fmt_number(high)}",
                expected_da=f"mellem {fmt_number(low)} og {fmt_number(high)}",
                previous=fmt_number(b),
                previous_file=source,
                factor=fmt_number(f.yoy_factor),
            )


def _positive(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and v > 0


def strict(r: FileResult) -> FileResult:
    """In a strict run a file with warnings is INVALID: kept out of the report."""
    if r.status is FileStatus.ACCEPTED and any(f.severity is Severity.WARNING for f in r.findings):
        return r.model_copy(update={"status": FileStatus.INVALID})
    return r


def missing_networks(
    results: Sequence[FileResult], register: Register
) -> tuple[tuple[str, ...], list[Finding]]:
    """Registered networks with no file (short names), each an info `not-answered-yet`."""
    answered = {r.network for r in results if r.network and r.status is not FileStatus.SKIPPED}
    missing = tuple(sorted(n.short_name for n in register.networks if n.short_name not in answered))
    by_short = register.by_short_name()
    found = [
        make("not-answered-yet", file="", network=s, network_name=by_short[s].name) for s in missing
    ]
    return missing, found
