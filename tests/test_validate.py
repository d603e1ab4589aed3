"""Validation end to end: forms made from the real template, then broken one cell at a time.

Each case asserts the exact finding: code, cell and severity.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import hostile
import pytest
from conftest import REGISTER_CSV, YEAR, MakeForm, valid_answers
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from perfreg_xlsx.checking.findings import CODES
from perfreg_xlsx.checking.validate import validate_workbook
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.models import FileStatus, Finding, ValidationResult
from perfreg_xlsx.pipeline import validate_folder
from perfreg_xlsx.survey.registry import Register, load_register
from perfreg_xlsx.survey.types import PROGRAMME_NAMES, Programme, Severity

CELL = {fid: m.cell.a1 for fid, m in fm.layout().by_id().items()}


def network_names(register: Register, n: int) -> list[str]:
    return [net.name for net in register.of(Programme.NETWORK)[:n]]


def edit(path: Path, cells: Mapping[str, object], sheet: str = fm.SHEET_FORM) -> Path:
    """Type into cells with openpyxl, as a person editing the returned file would."""
    wb = load_workbook(path)
    ws = wb[sheet]
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(path)
    return path


def set_cached_formula(path: Path, ref: str, formula: str, cached: str, t: str = "") -> Path:
    """Make `ref` on Skema a formula with a cached value, as Excel saves it."""
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    sheet = "xl/worksheets/sheet2.xml"  # Vejledning, Skema, Lister
    xml = parts[sheet].decode()
    cell = re.compile(rf'<c r="{ref}"([^>]*?)(/>|>.*?</c>)')
    match = cell.search(xml)
    assert match is not None
    attrs = re.sub(r'\s?t="[^"]*"', "", match.group(1).rstrip("/"))
    kind = f' t="{t}"' if t else ""
    new = f'<c r="{ref}"{attrs}{kind}><f>{formula}</f><v>{cached}</v></c>'
    parts[sheet] = (xml[: match.start()] + new + xml[match.end() :]).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def run(
    paths: Path | list[Path], register: Register, year: int | None = YEAR, **kw: object
) -> ValidationResult:
    return validate_folder(paths if isinstance(paths, list) else [paths], register, year, **kw)  # type: ignore[arg-type]


def file_findings(result: ValidationResult, code: str) -> list[Finding]:
    return [f for f in result.findings if f.code == code]


def only(result: ValidationResult, code: str) -> Finding:
    found = file_findings(result, code)
    assert len(found) == 1, [f.message for f in result.findings if f.code != "not-answered-yet"]
    return found[0]


def problems(result: ValidationResult) -> list[tuple[str, str | None, Severity]]:
    """Every finding except the list of networks without a file."""
    return [(f.code, f.cell, f.severity) for f in result.findings if f.code != "not-answered-yet"]


# --- A good form ---------------------------------------------------------------------------


def test_valid_form_is_accepted_with_typed_values(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    name = network_names(register, 1)[0]
    make_form("a.xlsx", valid_answers(name))
    result = run(tmp_path, register)
    assert problems(result) == []
    (fr,) = result.files
    assert fr.status is FileStatus.ACCEPTED
    resp = fr.response
    assert resp is not None
    assert resp.network == register.find(name).short_name  # type: ignore[union-attr]
    assert resp.survey_year == YEAR and resp.template_version == fm.template_version()
    assert resp.values["firms_new_ideas"] == 10 and type(resp.values["firms_new_ideas"]) is int
    assert resp.values["employees_fte"] == 4.5
    assert resp.values["ki_gts"] is True
    assert resp.values["comment"] == "Test Testesen"
    assert result.survey_year == YEAR


def test_year_taken_from_the_forms(make_form: MakeForm, register: Register, tmp_path: Path) -> None:
    make_form("a.xlsx", valid_answers(network_names(register, 1)[0]))
    assert run(tmp_path, register, None).survey_year == YEAR


def test_danish_number_text_and_yes_no_in_any_case(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    values = valid_answers(network_names(register, 1)[0])
    values.update(
        firms_new_ideas="2.059",
        firms_new_competences="1\u00a0256",
        employees_fte="39,5",
        ki_gts="ja ",
        ki_foreign="NEJ",
    )
    make_form("a.xlsx", values)
    result = run(tmp_path, register)
    assert problems(result) == []
    resp = result.files[0].response
    assert resp is not None
    assert resp.values["firms_new_ideas"] == 2059
    assert resp.values["firms_new_competences"] == 1256
    assert resp.values["employees_fte"] == 39.5
    assert resp.values["ki_gts"] is True and resp.values["ki_foreign"] is False


# --- One bad answer at a time --------------------------------------------------------------


@pytest.mark.parametrize(
    ("fid", "value", "code"),
    [
        ("firms_new_ideas", "ca. 50", "approximate-number"),
        ("firms_new_ideas", "5-10", "range-given"),
        ("firms_new_ideas", "NA", "dont-know"),
        ("firms_new_ideas", "ved ikke", "dont-know"),
        ("firms_new_ideas", "12 stk.", "not-a-number"),
        ("firms_new_ideas", "NaN", "not-finite"),
        ("firms_new_ideas", -3, "negative"),
        ("firms_new_ideas", "-3", "negative"),
        ("firms_new_ideas", 4.5, "not-whole"),
        ("firms_new_ideas", "4,5", "not-whole"),
        ("firms_new_ideas", None, "not-answered"),
        ("firms_new_ideas", "  ", "not-answered"),
        ("employees_fte", "1.500", "ambiguous-number"),
        ("employees_fte", 2000, "above-max"),
        ("ki_gts", "måske", "not-yes-no"),
        ("ki_gts", "j", "not-yes-no"),
        ("contact_email", "jens at netvaerk", "bad-email"),
        ("network", None, "not-answered"),
    ],
)
def test_bad_answer_gives_its_own_finding(
    make_form: MakeForm, register: Register, tmp_path: Path, fid: str, value: object, code: str
) -> None:
    values = valid_answers(network_names(register, 1)[0])
    values[fid] = value
    make_form("a.xlsx", values)
    result = run(tmp_path, register)
    assert problems(result) == [(code, CELL[fid], Severity.ERROR)]
    finding = result.findings[0]
    assert finding.field_id == fid
    assert finding.sheet == fm.SHEET_FORM
    assert finding.question == fm.layout().by_id()[fid].field.question
    assert finding.expected
    assert result.files[0].status is FileStatus.INVALID
    if fid != "network":  # without a network there is no response to speak of
        assert result.files[0].response is not None
        assert result.files[0].response.values[fid] is None  # never coerced, never 0


def test_finding_names_everything(make_form: MakeForm, register: Register, tmp_path: Path) -> None:
    name = network_names(register, 1)[0]
    values = valid_answers(name)
    values["firms_new_ideas"] = "ca. 50"
    path = make_form("a.xlsx", values)
    f = only(run(tmp_path, register), "approximate-number")
    assert f.file == str(path)
    assert f.network == register.find(name).short_name  # type: ignore[union-attr]
    assert f.value == "“ca. 50”"
    assert f.expected == "a whole number ≥ 0 (antal)"
    assert f.message.startswith("Skema!E15 (1.1.2 “Antal virksomheder, der har fået nye ideer")
    assert "“ca. 50” is an approximate number" in f.message
    assert "best estimate" in f.message  # the fix
    assert "“ca. 50” er et omtrentligt tal" in f.message_da
    assert "forventet et helt tal" in f.message_da


def test_pydantic_text_never_reaches_a_user(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    values = valid_answers(network_names(register, 1)[0])
    values.update(firms_new_ideas=4.5, employees_fte=2000, contact_email="x", firms_sparring=-1)
    make_form("a.xlsx", values)
    result = run(tmp_path, register)
    assert {f.code for f in result.findings} >= {"not-whole", "above-max", "bad-email", "negative"}
    for f in result.findings:
        for text in (f.message, f.message_da):
            assert "Input should" not in text and "pydantic" not in text and "type=" not in text


def test_date_in_a_number_cell(make_form: MakeForm, register: Register, tmp_path: Path) -> None:
    path = make_form("a.xlsx", valid_answers(network_names(register, 1)[0]))
    edit(path, {CELL["firms_new_ideas"]: datetime(2012, 3, 12)})
    assert problems(run(tmp_path, register)) == [
        ("date-in-number", CELL["firms_new_ideas"], Severity.ERROR)
    ]


def test_formula_without_cached_value_is_value_unknown(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    path = make_form("a.xlsx", valid_answers(network_names(register, 1)[0]))
    edit(path, {CELL["firms_new_ideas"]: "=E14+E16"})
    result = run(tmp_path, register)
    assert problems(result) == [("value-unknown", CELL["firms_new_ideas"], Severity.ERROR)]
    assert "open the file in excel" in result.findings[0].message.lower()


def test_error_value_is_a_finding(make_form: MakeForm, register: Register, tmp_path: Path) -> None:
    path = make_form("a.xlsx", valid_answers(network_names(register, 1)[0]))
    set_cached_formula(path, CELL["firms_new_ideas"], "1/0", "#DIV/0!", t="e")
    result = run(tmp_path, register)
    assert problems(result) == [("error-value", CELL["firms_new_ideas"], Severity.ERROR)]
    assert result.findings[0].value == "“#DIV/0!”"


def test_formula_with_cached_value_uses_the_cached_value(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    path = make_form("a.xlsx", valid_answers(network_names(register, 1)[0]))
    set_cached_formula(path, CELL["firms_new_ideas"], "E14+E16", "20")
    result = run(tmp_path, register)
    # Used, with a warning naming the formula: the form recalculates on open (issue 16).
    assert problems(result) == [("formula-value", CELL["firms_new_ideas"], Severity.WARNING)]
    assert "=E14+E16" in next(f.message for f in result.findings if f.code == "formula-value")
    assert result.files[0].response.values["firms_new_ideas"] == 20  # type: ignore[union-attr]


def test_injected_formula_in_a_text_answer_is_kept_as_text(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    path = make_form("a.xlsx", valid_answers(network_names(register, 1)[0]))
    formula = '=HYPERLINK("http://evil.example","klik")'
    edit(path, {CELL["comment"]: formula})
    result = run(tmp_path, register)
    assert problems(result) == [("formula-in-answer", CELL["comment"], Severity.WARNING)]
    assert result.files[0].status is FileStatus.ACCEPTED
    assert result.files[0].response.values["comment"] == formula  # type: ignore[union-attr]


def test_text_starting_with_equals_stays_text(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    values = valid_answers(network_names(register, 1)[0])
    values["comment"] = "=1+1"
    make_form("a.xlsx", values)
    result = run(tmp_path, register)
    assert problems(result) == []
    assert result.files[0].response.values["comment"] == "=1+1"  # type: ignore[union-attr]


# --- The form itself -----------------------------------------------------------------------


def test_moved_rows_are_refused(make_form: MakeForm, register: Register, tmp_path: Path) -> None:
    path = make_form("a.xlsx", valid_answers(network_names(register, 1)[0]))
    wb = load_workbook(path)
    wb[fm.SHEET_FORM].insert_rows(14)
    wb.save(path)
    result = run(tmp_path, register)
    f = only(result, "moved-row")
    assert (f.cell, f.severity) == ("A14", Severity.ERROR)
    assert f.expected == "1.1.1 (firms_new_products)"
    assert result.files[0].status is FileStatus.REFUSED
    assert result.files[0].response is None


def test_renamed_sheet_is_refused(make_form: MakeForm, register: Register, tmp_path: Path) -> None:
    path = make_form("a.xlsx", valid_answers(network_names(register, 1)[0]))
    wb = load_workbook(path)
    wb[fm.SHEET_FORM].title = "Besvarelse"
    wb.save(path)
    result = run(tmp_path, register)
    assert problems(result) == [("missing-sheet", None, Severity.ERROR)]
    assert "“Skema” is missing" in result.findings[0].message
    assert "Besvarelse" in result.findings[0].message
    assert result.files[0].status is FileStatus.REFUSED


def test_other_template_version_is_refused(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    path = make_form("a.xlsx", valid_answers(network_names(register, 1)[0]))
    edit(path, {"E3": "0.9"})
    result = run(tmp_path, register)
    assert problems(result) == [("wrong-version", "E3", Severity.ERROR)]
    f = result.findings[0]
    assert f"expected version {fm.template_version()}" in f.message
    # The fix names the form to send: the network's own, from `perfreg-xlsx template`.
    assert f"`perfreg-xlsx template` (version {fm.template_version()})" in f.message
    assert f"netværkets skema for i år (version {fm.template_version()})" in f.message_da
    assert result.files[0].status is FileStatus.REFUSED


def test_other_survey_year_is_refused(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    path = make_form("a.xlsx", valid_answers(network_names(register, 1)[0]))
    edit(path, {"E2": 2011})
    result = run(tmp_path, register)
    assert problems(result) == [("wrong-year", "E2", Severity.ERROR)]
    assert "survey year “2011”, expected 2012" in result.findings[0].message
    assert result.files[0].status is FileStatus.REFUSED


def test_mixed_years_without_year_option(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    a, b, c = network_names(register, 3)
    make_form("a.xlsx", valid_answers(a))
    make_form("b.xlsx", valid_answers(b))
    edit(make_form("c.xlsx", valid_answers(c)), {"E2": 2011})
    result = run(tmp_path, register, None)
    assert result.survey_year == YEAR
    mixed = only(result, "mixed-years")
    assert mixed.severity is Severity.ERROR
    assert "2011: c.xlsx" in mixed.message and "2012: a.xlsx, b.xlsx" in mixed.message
    assert [f.status for f in result.files] == [
        FileStatus.ACCEPTED,
        FileStatus.ACCEPTED,
        FileStatus.REFUSED,
    ]


def test_unknown_form_type(make_form: MakeForm, register: Register, tmp_path: Path) -> None:
    path = make_form("a.xlsx", valid_answers(network_names(register, 1)[0]))
    edit(path, {"E4": "Noget andet"})
    assert problems(run(tmp_path, register)) == [("unknown-form-type", "E4", Severity.ERROR)]


def test_cluster_form_for_an_innovation_network(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    name = network_names(register, 1)[0]
    make_form("a.xlsx", valid_answers(name, Programme.CLUSTER), Programme.CLUSTER)
    result = run(tmp_path, register)
    f = only(result, "wrong-form-type")
    assert (f.cell, f.severity) == ("E4", Severity.ERROR)
    assert f"{name} is an innovation network" in f.message
    assert result.files[0].status is FileStatus.REFUSED


def test_innovation_form_for_a_cluster(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    cluster = register.of(Programme.CLUSTER)[0]
    make_form("a.xlsx", valid_answers(cluster.name))
    f = only(run(tmp_path, register), "wrong-form-type")
    assert f"{cluster.name} is a cluster" in f.message
    assert f.network == cluster.short_name


def test_cluster_form_for_a_cluster_is_accepted(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    cluster = register.of(Programme.CLUSTER)[0]
    make_form("a.xlsx", valid_answers(cluster.name, Programme.CLUSTER), Programme.CLUSTER)
    result = run(tmp_path, register)
    assert problems(result) == []
    assert result.files[0].response.programme is Programme.CLUSTER  # type: ignore[union-attr]


def test_hidden_extra_sheet_is_a_warning(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    path = make_form("a.xlsx", valid_answers(network_names(register, 1)[0]))
    wb = load_workbook(path)
    wb.create_sheet("Beregning").sheet_state = "hidden"
    wb.save(path)
    result = run(tmp_path, register)
    assert problems(result) == [("hidden-sheet", None, Severity.WARNING)]
    assert result.findings[0].sheet == "Beregning"
    assert result.files[0].status is FileStatus.ACCEPTED


def test_merged_answer_cell_is_an_error(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    path = make_form("a.xlsx", valid_answers(network_names(register, 1)[0]))
    wb = load_workbook(path)
    wb[fm.SHEET_FORM].merge_cells("E15:F15")
    wb.save(path)
    result = run(tmp_path, register)
    assert problems(result) == [("merged-cell", "E15", Severity.ERROR)]
    assert result.findings[0].value == "“E15:F15”"


# --- Cross-field rules ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "code", "fid", "severity"),
    [
        ({"firms_collab_sme": 11}, "part-exceeds-total", "firms_collab_sme", Severity.ERROR),
        (
            {"firms_collab": 11, "firms_collab_sme": 5, "firms_first_collab": 5,
             "firms_first_collab_sme": 5},
            "part-exceeds-total",
            "firms_collab",
            Severity.WARNING,
        ),
        ({"offers_conferences": "Nej"}, "no-but-participants", "firms_conferences", Severity.ERROR),
        ({"firms_conferences": 0}, "yes-but-none", "firms_conferences", Severity.WARNING),
        ({"employees_fte": 0}, "requires-other", "employees_fte", Severity.WARNING),
        (
            {"innovation_projects": 3, "innovation_projects_foreign": 0,
             "firms_innovation_projects": 0, "firms_innovation_projects_sme": 0},
            "requires-other",
            "firms_innovation_projects",
            Severity.ERROR,
        ),
    ],
)  # fmt: skip
def test_cross_field_rules(
    make_form: MakeForm,
    register: Register,
    tmp_path: Path,
    changes: dict[str, object],
    code: str,
    fid: str,
    severity: Severity,
) -> None:
    values = valid_answers(network_names(register, 1)[0])
    values.update(changes)
    make_form("a.xlsx", values)
    assert problems(run(tmp_path, register)) == [(code, CELL[fid], severity)]


def test_sources_do_not_sum_names_both_numbers(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    values = valid_answers(network_names(register, 1)[0], count=35_000)
    values["turnover"] = 316_500
    values["financing_other"] = 316_600 - 35_000 * 9
    make_form("a.xlsx", values)
    f = only(run(tmp_path, register), "sources-do-not-sum")
    assert (f.cell, f.severity) == (CELL["turnover"], Severity.ERROR)
    assert "add up to 316.600 but the turnover is 316.500 (1.000 kr.)" in f.message
    assert "giver 316.600, men omsætningen er 316.500" in f.message_da


def test_sources_within_rounding_are_fine(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    values = valid_answers(network_names(register, 1)[0])
    values["turnover"] = int(str(values["turnover"])) + 5
    make_form("a.xlsx", values)
    assert problems(run(tmp_path, register)) == []


# --- Identity and completeness -------------------------------------------------------------


def test_unknown_network_suggests_close_names(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    make_form("a.xlsx", valid_answers("Innovationsnetværket VE-NETT"))
    result = run(tmp_path, register)
    f = only(result, "unknown-network")
    assert (f.cell, f.severity) == ("E8", Severity.ERROR)
    assert "did you mean “Innovationsnetværket VE-NET”" in f.message
    assert result.files[0].status is FileStatus.INVALID


def test_two_files_for_one_network(make_form: MakeForm, register: Register, tmp_path: Path) -> None:
    name = network_names(register, 1)[0]
    make_form("a.xlsx", valid_answers(name))
    make_form("b.xlsx", valid_answers(name, count=11))
    result = run(tmp_path, register)
    dups = file_findings(result, "duplicate-network")
    assert [(f.file, f.severity) for f in dups] == [
        (str(tmp_path / "a.xlsx"), Severity.ERROR),
        (str(tmp_path / "b.xlsx"), Severity.ERROR),
    ]
    assert all("a.xlsx" in f.message and "b.xlsx" in f.message for f in dups)
    assert [f.status for f in result.files] == [FileStatus.INVALID, FileStatus.INVALID]


def test_identical_copy_is_counted_once(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    path = make_form("a.xlsx", valid_answers(network_names(register, 1)[0]))
    shutil.copy(path, tmp_path / "a_kopi.xlsx")
    result = run(tmp_path, register)
    assert problems(result) == [("duplicate-file", None, Severity.WARNING)]
    assert result.findings[0].file == str(tmp_path / "a_kopi.xlsx")
    assert "Identical copy of “a.xlsx”" in result.findings[0].message
    assert len(result.responses()) == 1


def test_of_identical_copies_the_one_named_as_the_form_is_kept(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    """Issue 14 item 7: "Kopi af ve-net_2012.xlsx" comes first by name and was kept."""
    network = register.with_short_name("ve-net")
    assert network is not None
    path = make_form("ve-net_2012.xlsx", valid_answers(network.name))
    shutil.copy(path, tmp_path / "Kopi af ve-net_2012.xlsx")
    result = run(tmp_path, register)
    assert problems(result) == [("duplicate-file", None, Severity.WARNING)]
    dup = result.findings[0]
    assert dup.file == str(tmp_path / "Kopi af ve-net_2012.xlsx")
    assert "Identical copy of “ve-net_2012.xlsx”" in dup.message
    assert [r.file for r in result.responses()] == [str(path)]


def test_networks_without_a_file_are_listed_as_info(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    name = network_names(register, 1)[0]
    make_form("a.xlsx", valid_answers(name))
    result = run(tmp_path, register)
    short = register.find(name).short_name  # type: ignore[union-attr]
    assert short not in result.missing_networks
    assert len(result.missing_networks) == len(register.networks) - 1
    missing = file_findings(result, "not-answered-yet")
    assert len(missing) == len(register.networks) - 1
    assert {f.severity for f in missing} == {Severity.INFO}
    assert result.errors == ()


def test_skipped_files(make_form: MakeForm, register: Register, tmp_path: Path) -> None:
    make_form("a.xlsx", valid_answers(network_names(register, 1)[0]))
    hostile.lock_file(tmp_path, "a.xlsx")
    (tmp_path / ".DS_Store").write_bytes(b"x")
    (tmp_path / "Thumbs.db").write_bytes(b"x")
    result = run(tmp_path, register)
    skipped = [f for f in result.files if f.status is FileStatus.SKIPPED]
    assert sorted(Path(f.file).name for f in skipped) == [".DS_Store", "Thumbs.db", "~$a.xlsx"]
    assert {f.findings[0].severity for f in skipped} == {Severity.INFO}
    assert result.errors == ()


@pytest.mark.parametrize("name", ["unik_2012.xls", "unik_2012.ods", "unik_2012.csv",
                                  "unik_2012.pdf", "noter.txt"])  # fmt: skip
def test_a_received_file_that_cannot_be_read_is_refused(
    register: Register, tmp_path: Path, name: str
) -> None:
    # Issue 14 item 5: it was skipped as "not read" and its network listed as "no file yet".
    (tmp_path / name).write_bytes(b"x")
    result = run(tmp_path, register)
    (fr,) = result.files
    assert fr.status is FileStatus.REFUSED
    assert [(f.code, f.severity) for f in fr.findings] == [("not-xlsx", Severity.ERROR)]
    if name.startswith("unik"):
        assert fr.network == "unik" and "unik" not in result.missing_networks
    assert "no-files" not in {f.code for f in result.findings}


def test_empty_folder(register: Register, tmp_path: Path) -> None:
    result = run(tmp_path, register)
    assert problems(result) == [("no-files", None, Severity.ERROR)]
    assert result.survey_year == YEAR


# --- Year over year ------------------------------------------------------------------------


def test_implausible_change_against_last_years_files(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    name = network_names(register, 1)[0]
    last = tmp_path / "2011"
    last.mkdir()
    now = tmp_path / "2012"
    now.mkdir()
    edit(make_form("old.xlsx", valid_answers(name), folder=last), {"E2": 2011})
    values = valid_answers(name)
    values.update(firms_new_ideas=100, firms_new_competences=50, firms_new_products=1)
    make_form("new.xlsx", values, folder=now)
    result = run(now, register, previous=last)
    changes = file_findings(result, "implausible-change")
    assert [(f.cell, f.severity) for f in changes] == [
        (CELL["firms_new_products"], Severity.WARNING),  # 10 -> 1: more than 5 times smaller
        (CELL["firms_new_ideas"], Severity.WARNING),  # 10 -> 100
    ]  # 10 -> 50 is exactly the factor: fine
    assert "100 this year against 10 last year in old.xlsx" in changes[1].message
    assert result.files[0].status is FileStatus.ACCEPTED
    strict = run(now, register, previous=last, strict=True)
    assert strict.files[0].status is FileStatus.INVALID


# --- Hostile files -------------------------------------------------------------------------

HOSTILE = {
    hostile.empty: "empty-file",
    hostile.ole2: "encrypted-or-xls",
    hostile.encrypted: "encrypted-or-xls",
    hostile.text_renamed: "not-a-zip",
    hostile.ods: "not-xlsx",
    hostile.truncated: "damaged-zip",
    hostile.zip_bomb: "zip-bomb",
    hostile.zip_bomb_lying: "damaged-zip",
    hostile.high_ratio: "zip-bomb",
    hostile.too_many_entries: "too-many-entries",
    hostile.duplicate_entries: "duplicate-zip-entry",
    hostile.entity_bomb_strings: "xml-forbidden",
    hostile.entity_bomb_sheet: "xml-forbidden",
    hostile.external_entity: "xml-forbidden",
    hostile.malformed_sheet: "xml-malformed",
    # Readable, but not our questionnaire: refused by the title-block checks.
    hostile.huge_dimension: "unknown-form-type",
    hostile.merged_answer: "unknown-form-type",
    hostile.injected_formulas: "wrong-version",
}


def test_hostile_files_are_refused_and_the_good_ones_read(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    names = network_names(register, 3)
    for i, name in enumerate(names):
        make_form(f"good{i}.xlsx", valid_answers(name, count=10 + i))
    bad = {make(tmp_path).name: code for make, code in HOSTILE.items()}
    hostile.lock_file(tmp_path, "good0.xlsx")
    hostile.macos_resource(tmp_path, "good0.xlsx")
    result = run(tmp_path, register)
    by_name = {Path(f.file).name: f for f in result.files}
    for i in range(3):
        good = by_name[f"good{i}.xlsx"]
        assert good.status is FileStatus.ACCEPTED
        assert good.findings == ()
        assert good.response.values["firms_new_ideas"] == 10 + i  # type: ignore[union-attr]
    refused = {n: f.findings[0] for n, f in by_name.items() if f.status is FileStatus.REFUSED}
    assert {n: f.code for n, f in refused.items()} == bad
    assert {f.severity for f in refused.values()} == {Severity.ERROR}
    for name, f in refused.items():
        assert f.file == str(tmp_path / name)
        assert f.message and f.message_da
    assert by_name["~$good0.xlsx"].status is FileStatus.SKIPPED
    assert by_name["._good0.xlsx"].status is FileStatus.SKIPPED


def test_progress_is_called_once_per_file(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    for i, name in enumerate(network_names(register, 2)):
        make_form(f"f{i}.xlsx", valid_answers(name))
    hostile.empty(tmp_path)
    hostile.lock_file(tmp_path, "f0.xlsx")  # skipped, not read
    ticks: list[int] = []
    run(tmp_path, register, progress=ticks.append)
    assert ticks == [1, 1, 1]


def test_every_code_has_both_languages() -> None:
    for spec in CODES.values():
        assert spec.en and spec.da and spec.fix_da, spec.code


def test_previous_files_that_cannot_be_compared_are_reported(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    name = network_names(register, 1)[0]
    last = tmp_path / "2011"
    last.mkdir()
    now = tmp_path / "2012"
    now.mkdir()
    hostile.empty(last)
    make_form("new.xlsx", valid_answers(name), folder=now)
    result = run(now, register, previous=last)
    f = only(result, "previous-not-used")
    assert (f.severity, f.value) == (Severity.INFO, "“empty.xlsx”")
    assert result.files[0].status is FileStatus.ACCEPTED


def test_rule_findings_say_what_was_expected(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    values = valid_answers(network_names(register, 1)[0])
    values["firms_collab_sme"] = 11
    make_form("a.xlsx", values)
    f = only(run(tmp_path, register), "part-exceeds-total")
    assert f.value == "11"
    assert f.expected == "at most 10 (question 1.2.1)"
    assert "højst 10 (spørgsmål 1.2.1)" not in f.message  # Danish only in the Danish text
    assert "11 er mere end totalen 10 (spørgsmål 1.2.1)" in f.message_da


def test_an_unfilled_form_is_one_finding(
    register: Register, tmp_path: Path, template_path: Path, make_form: MakeForm
) -> None:
    """Issue 14 item 7: a blank form, or a per-network copy returned as sent, gave 71
    "not answered" errors instead of saying once that the form is empty."""
    from perfreg_xlsx.form.template import write_template

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(template_path, folder / "blank.xlsx")
    network = register.with_short_name("ve-net")
    assert network is not None
    write_template(folder / "ve-net_2012.xlsx", YEAR, network=network, register=register)
    result = run(folder, register)
    asked = sum(m.field.kind.value != "network" for m in fm.layout().fields)
    assert asked == 71
    for fr in result.files:
        assert fr.status is FileStatus.INVALID
        assert [(f.code, f.severity) for f in fr.findings] == [("form-empty", Severity.ERROR)]
        f = fr.findings[0]
        assert "none of its 71 questions is answered" in f.message
        assert "spørgeskemaet er ikke udfyldt" in f.message_da
    assert {fr.network for fr in result.files} == {None, "ve-net"}
    # One answer is enough for the form to be checked question by question.
    values = {"network": network.name, "firms_new_ideas": 3}
    make_form("one.xlsx", values, folder=folder)
    one = next(fr for fr in run(folder, register).files if fr.file.endswith("one.xlsx"))
    codes = {f.code for f in one.findings}
    assert "form-empty" not in codes and "not-answered" in codes


def test_documentation_lists_every_code() -> None:
    from perfreg_xlsx.checking.findings import codes_markdown

    doc = (Path(__file__).resolve().parents[1] / "docs" / "validation.md").read_text("utf-8")
    assert codes_markdown() in doc


def test_unreadable_file_is_labelled_with_the_network_in_its_name(
    register: Register, tmp_path: Path
) -> None:
    (tmp_path / "ve-net_2012.xlsx").write_bytes(b"")
    result = run(tmp_path, register)
    assert result.files[0].network == "ve-net"
    assert result.findings[0].network == "ve-net"
    assert "ve-net" not in result.missing_networks
    assert result.files[0].response is None


def test_injected_formulas_with_saved_values(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    path = make_form("a.xlsx", valid_answers(network_names(register, 1)[0]))
    set_cached_formula(
        path, CELL["contact_name"], 'HYPERLINK("http://evil.example","Klik")', "Klik", t="str"
    )
    set_cached_formula(path, CELL["firms_new_ideas"], "cmd|' /C calc'!A0", "10")
    result = run(tmp_path, register)
    assert problems(result) == [
        ("formula-in-answer", CELL["contact_name"], Severity.WARNING),
        ("external-formula", CELL["firms_new_ideas"], Severity.WARNING),
    ]
    values = result.files[0].response.values  # type: ignore[union-attr]
    assert values["contact_name"] == "Klik"
    assert values["firms_new_ideas"] == 10


# --- Never a traceback ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cell:
    value: str | float | int | bool | None
    formula: str | None = None
    no_cached_value: bool = False
    is_error: bool = False
    date_formatted: bool = False


@dataclass(frozen=True)
class _Sheet:
    cells: dict[str, _Cell]
    merged: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Workbook:
    sheets: dict[str, _Sheet]
    sha256: str = "0" * 64
    sheet_names: tuple[str, ...] = ("Vejledning", "Skema", "Lister")
    hidden_sheets: tuple[str, ...] = ("Lister",)


_ANY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**9),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["Ja", "Nej", "ca. 5", "1.500", "4,5", "NA", "#DIV/0!"]),
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(CELL)), _ANY, max_size=20))
def test_validation_never_raises_and_uses_only_catalogued_codes(
    answers: dict[str, object],
) -> None:
    register = load_register(REGISTER_CSV)
    lay = fm.layout()
    cells = {m.id_cell.a1: _Cell(m.field.id) for m in lay.fields}
    cells.update(
        {
            lay.year_cell.a1: _Cell(YEAR),
            lay.version_cell.a1: _Cell(fm.template_version()),
            lay.form_cell.a1: _Cell(PROGRAMME_NAMES[Programme.NETWORK].form_da),
        }
    )
    valid = valid_answers(register.of(Programme.NETWORK)[0].name)
    for fid, value in {**valid, **answers}.items():
        cells[CELL[fid]] = _Cell(value)  # type: ignore[arg-type]
    wb = _Workbook({fm.SHEET_FORM: _Sheet(cells)})
    result = validate_workbook(wb, "x.xlsx", register, YEAR)
    assert result.status in (FileStatus.ACCEPTED, FileStatus.INVALID)
    assert {f.code for f in result.findings} <= set(CODES)
    if result.response is not None:  # untouched answers are read as they were written
        for fid, value in result.response.values.items():
            if fid not in answers:
                assert value == (True if valid[fid] == "Ja" else valid[fid])


def test_skipped_files_are_explained_in_danish_too(register: Register, tmp_path: Path) -> None:
    (tmp_path / ".DS_Store").write_bytes(b"x")
    hostile.lock_file(tmp_path, "a.xlsx")
    result = run(tmp_path, register)
    by_file = {Path(f.file).name: f for f in result.findings if f.code == "skipped-file"}
    assert by_file[".DS_Store"].message_da.startswith("Ikke læst: en skjult fil eller systemfil")
    assert by_file["~$a.xlsx"].message_da.startswith("Ikke læst: låsefil for en åben")
    assert "not a submission" not in by_file[".DS_Store"].message_da
