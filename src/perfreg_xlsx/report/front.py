"""The front sheet ("Forside") of the report: title, facts, what is in and what is left out
(`left_out_files`), who has not answered, and a linked table of contents.

File names are shown as `shared_path` (under the current folder relative to it, the home
folder as "~", so no user name travels with the report); a name with bytes that are not
UTF-8 reads with them as ``\\xNN``, as on the terminal, rather than as replacement characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from perfreg_xlsx import __version__
from perfreg_xlsx.models import FileStatus, Response, Summary, ValidationResult
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import PROGRAMME_NAMES, Programme, Severity
from perfreg_xlsx.util.safetext import shared_path
from perfreg_xlsx.workbook.spec import CellValue, PageSetup, SheetBuilder, SheetSpec, internal_link

TOOL = "perfreg-xlsx"
FRONT = "Forside"


@dataclass(frozen=True)
class LeftOut:
    """A returned questionnaire that is not part of the figures, and why (Danish)."""

    file: str  # as the OS gave it (see `models.PathText`)
    network: str
    reason: str


def report_title(year: int) -> str:
    return f"Performanceregnskab for innovationsnetværkene {year}"


def left_out_files(summary: Summary, validation: ValidationResult) -> tuple[LeftOut, ...]:
    """Every read or refused file whose answers are not in `summary`, with the reason.

    Skipped files (lock files, other file types) are not submissions and are listed only on
    the "Kilder" sheet.
    """
    included = {r.file for r in summary.responses}
    out: list[LeftOut] = []
    for f in sorted(validation.files, key=lambda f: f.file):
        if f.status == FileStatus.SKIPPED or f.file in included:
            continue
        errors = [x for x in f.findings if x.severity == Severity.ERROR]
        if errors:
            texts = [x.message_da or x.message for x in errors[:3]]
            more = f" (+ {len(errors) - 3} fejl mere)" if len(errors) > 3 else ""
            reason = "; ".join(texts) + more
        elif f.status == FileStatus.REFUSED:
            reason = "Filen kunne ikke læses som et spørgeskema."
        else:
            reason = "Ikke medtaget i opgørelsen."
        network = f.response.network_name if f.response else (f.network or "")
        out.append(LeftOut(f.file, network, reason))
    return tuple(out)


def front_sheet(
    summary: Summary,
    validation: ValidationResult,
    register: Register,
    made_on: date,
    left_out: Sequence[LeftOut],
    contents: Sequence[tuple[str, str]],
) -> SheetSpec:
    """Title, facts, what is in and what is left out, and a linked table of contents."""
    networks, others = _not_answered(validation, register)
    used = {p: [r for r in summary.responses if r.programme is p] for p in Programme}
    b = SheetBuilder(FRONT, "Forside")
    b.width(0, 0, 46)
    b.width(1, 1, 36)
    b.width(2, 2, 44)
    b.put(0, 0, report_title(summary.survey_year), "title")
    b.put(1, 0, "Bilag og tabeller med tal fra netværkenes besvarelser", "note")
    # Appendix 1 counts the innovation networks only, appendix 3 the other clusters too: the
    # front sheet counts the two populations apart so that neither hides in the other.
    facts: list[tuple[str, CellValue, str]] = [
        ("Undersøgelsesår", summary.survey_year, "year_plain"),
        ("Besvarelser med i opgørelsen", len(summary.responses), "int_plain"),
        (_USED[Programme.NETWORK], len(used[Programme.NETWORK]), "int_plain"),
        (_USED[Programme.CLUSTER], len(used[Programme.CLUSTER]), "int_plain"),
        ("Besvarelser udeladt", len(left_out), "int_plain"),
        (_MISSING_NETWORKS, len(networks), "int_plain"),
        (_MISSING_OTHERS, len(others), "int_plain"),
        ("Udarbejdet den", made_on, "date"),
        ("Værktøj", f"{TOOL} {__version__}", "plain"),
    ]
    row = 3
    for label, value, style in facts:
        # A missing cluster does not touch appendix 1, so only a missing network is loud.
        loud = bool(value) and label in ("Besvarelser udeladt", _MISSING_NETWORKS)
        b.put(row, 0, label, "warn" if loud else "key")
        b.put(row, 1, value, "warn" if loud else style)
        row += 1
    if left_out:
        b.put(row, 0, f"OBS: {len(left_out)} besvarelse(r) er IKKE med i tallene.", "warn")
        row += 1

    row += 1
    b.put(row, 0, "Indhold", "subtitle")
    row += 1
    b.put_row(row, 0, ["Ark", "Indhold"], "head_left")
    b.table("Forside_indhold", row, 0, row + len(contents), 1, description="Arkene i bogen")
    row += 1
    for name, description in contents:
        b.put(row, 0, name, "link", link=internal_link(name))
        b.put(row, 1, description, "plain")
        row += 1

    row += 1
    b.put(row, 0, f"Besvarelser med i opgørelsen ({len(summary.responses)})", "subtitle")
    row += 1
    b.put_row(row, 0, ["Netværk", "Fil", "Bemærkning"], "head_left")
    files_head = row
    row += 1
    invalid = {f.file for f in validation.files if f.status != FileStatus.ACCEPTED}
    for programme, responses in used.items():
        if not responses:
            continue
        b.put(
            row, 0, f"{PROGRAMME_NAMES[programme].plural_da.capitalize()} ({len(responses)})", "key"
        )
        row += 1
        row = _response_rows(b, row, responses, invalid)
    if not summary.responses:
        b.put(row, 0, "Ingen", "warn")
        row += 1
    b.table("Forside_besvarelser", files_head, 0, row - 1, 2, description="Besvarelser med")

    row += 1
    if left_out:
        b.put(row, 0, f"Besvarelser, der IKKE er med i opgørelsen ({len(left_out)})", "warn")
        row += 1
        b.put_row(row, 0, ["Fil", "Netværk", "Årsag"], "head_left")
        b.table("Forside_udeladt", row, 0, row + len(left_out), 2, description="Udeladte filer")
        row += 1
        for lo in left_out:
            network = lo.network or "(ukendt netværk)"
            b.put_row(row, 0, [shared_path(lo.file), network, lo.reason], "warn_text")
            row += 1
    else:
        b.put(row, 0, "Besvarelser, der ikke er med i opgørelsen: ingen", "subtitle")
        row += 1

    row += 1
    heading = "warn" if networks else "subtitle"
    b.put(row, 0, f"Innovationsnetværk, der ikke har svaret ({len(networks)})", heading)
    row += 1
    for name in networks:
        b.put(row, 0, name, "warn_text")
        row += 1
    if not networks:
        b.put(row, 0, "Ingen", "plain")
        row += 1
    if others:
        row += 1
        title = f"{_MISSING_OTHERS_LIST} ({len(others)})"
        b.put(row, 0, title, "subtitle")
        for name in others:  # one a row: no merged cell
            row += 1
            b.put(row, 0, name, "plain")
    # The list of files can run over pages: its header row is printed on each of them.
    b.page = PageSetup(landscape=False, fit_width=1, repeat_rows=(files_head, files_head))
    return b.build()


_USED = {p: f"– heraf {n.plural_da}" for p, n in PROGRAMME_NAMES.items()}
_MISSING_NETWORKS = "Innovationsnetværk, der ikke har svaret"
_MISSING_OTHERS = "Øvrige klynger, der ikke har svaret"
_MISSING_OTHERS_LIST = "Øvrige klynger og netværk i registret uden besvarelse"


def _response_rows(
    b: SheetBuilder, row: int, responses: Sequence[Response], invalid: set[str]
) -> int:
    for r in sorted(responses, key=lambda r: r.network_name.casefold()):
        b.put_row(row, 0, [r.network_name, shared_path(r.file)], "text_wrap")
        if r.file in invalid:
            # Only a deliberate choice (aggregating despite errors) gets a file with errors here.
            # "OBS" says it in words, not by the red alone.
            b.put(row, 2, "OBS: Medtaget trods fejl – se arket Kilder", "warn_text")
        else:
            b.put(row, 2, "Godkendt", "text_wrap")
        row += 1
    return row


def _not_answered(validation: ValidationResult, register: Register) -> tuple[list[str], list[str]]:
    """Names of the registered innovation networks, and of the others, without a file.

    A short name the register does not know is counted as an innovation network, so that it
    is shown loudly rather than lost among the clusters.
    """
    by_short = register.by_short_name()
    networks: list[str] = []
    others: list[str] = []
    for short in sorted(validation.missing_networks):
        net = by_short.get(short)
        if net is None or net.programme == Programme.NETWORK:
            networks.append(net.name if net else short)
        else:
            others.append(net.name)
    return sorted(networks, key=str.casefold), sorted(others, key=str.casefold)
