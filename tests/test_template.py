"""The questionnaire: every field at its mapped cell, validated, protected, checked live,
filled through the field map, printed by LibreOffice, and written by the CLI."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import REGISTER_CSV, MakeForm, valid_answers
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from soffice import pdf_page_text, pdf_pages, to_pdf
from survey_names import FIELDS_BY_ID, FINANCING_SOURCES, fields_for, rules_for

from perfreg_xlsx.cli.main import cli
from perfreg_xlsx.errors import RegisterError
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.form.fill import fill_form
from perfreg_xlsx.form.template import write_forms, write_template
from perfreg_xlsx.survey.registry import Network, Register, parse_register
from perfreg_xlsx.survey.rules import PartOfTotal, SourcesSum
from perfreg_xlsx.survey.types import PROGRAMME_NAMES, Kind, Programme

NETWORK = Programme.NETWORK
CLUSTER = Programme.CLUSTER


def _open(path: Path) -> Workbook:
    return load_workbook(path)


def _validations(ws: Worksheet) -> dict[str, Any]:
    """Answer cell (A1) -> the data validation that covers it."""
    out: dict[str, Any] = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row, col in rng.cells:
                out[f"{fm.col_letter(col)}{row}"] = dv
    return out


def _cond_formats(ws: Worksheet) -> dict[str, list[str]]:
    """Cell (A1) -> the formulas of the conditional formats covering it."""
    out: dict[str, list[str]] = {}
    for cf in ws.conditional_formatting:
        for rng in cf.sqref.ranges:
            for row, col in rng.cells:
                for rule in cf.rules:
                    out.setdefault(f"{fm.col_letter(col)}{row}", []).extend(rule.formula)
    return out


@pytest.fixture(scope="module")
def template_wb(template_path: Path) -> Workbook:
    return _open(template_path)


@pytest.fixture(scope="module")
def cluster_wb(cluster_template_path: Path) -> Workbook:
    return _open(cluster_template_path)


def _wb(programme: Programme, template_wb: Workbook, cluster_wb: Workbook) -> Workbook:
    return template_wb if programme is NETWORK else cluster_wb


# --- Structure ---------------------------------------------------------------------------------


def test_register_has_22_networks_and_32_clusters(register: Register) -> None:
    assert len(register.of(NETWORK)) == 22
    assert len(register.of(CLUSTER)) == 32


def test_sheets_guide_first_lists_hidden_structure_locked(template_wb: Workbook) -> None:
    assert template_wb.sheetnames == [fm.SHEET_GUIDE, fm.SHEET_FORM, fm.SHEET_LISTS]
    assert template_wb.active.title == fm.SHEET_GUIDE
    assert template_wb[fm.SHEET_LISTS].sheet_state == "hidden"
    assert template_wb[fm.SHEET_FORM].sheet_state == "visible"
    assert template_wb.security.lockStructure
    assert template_wb.security.workbookPassword is None


def test_guide_explains_the_rules_of_answering(template_wb: Workbook) -> None:
    ws = template_wb[fm.SHEET_GUIDE]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    for phrase in (
        "kalenderåret 2012",
        "hele 1.000 kr.",
        "Et tomt felt betyder »ikke besvaret«",
        "Skriv 0",
        "Ja eller Nej",
        ".xlsx",
        "omdøb ikke arkene",
        "sekretariatet",
        f"Skemaversion {fm.template_version()}",
    ):
        assert phrase in text, phrase


@pytest.mark.parametrize("programme", list(Programme))
def test_meta_cells_hold_year_version_and_form(
    programme: Programme, template_wb: Workbook, cluster_wb: Workbook
) -> None:
    ws = _wb(programme, template_wb, cluster_wb)[fm.SHEET_FORM]
    lay = fm.layout(programme)
    assert ws[lay.year_cell.a1].value == 2012
    assert ws[lay.version_cell.a1].value == fm.template_version()
    assert ws[lay.version_cell.a1].data_type == "s"
    assert ws[lay.form_cell.a1].value == PROGRAMME_NAMES[programme].form_da
    assert [ws[f"C{r}"].value for r in (2, 3, 4)] == [
        "Undersøgelsesår",
        "Skemaversion",
        "Skematype",
    ]
    assert "2012" in str(ws["B1"].value)


def test_header_row(template_wb: Workbook) -> None:
    ws = template_wb[fm.SHEET_FORM]
    assert [c.value for c in ws[fm.HEADER_ROW]][:6] == [
        "Felt-id",
        "Nr.",
        "Spørgsmål",
        "Enhed",
        "Svar",
        "Kontrol og vejledning",
    ]
    assert ws.column_dimensions["A"].hidden
    assert ws.freeze_panes == f"A{fm.FIRST_ROW}"


@pytest.mark.parametrize("programme", list(Programme))
def test_every_field_sits_at_its_mapped_cell(
    programme: Programme, template_wb: Workbook, cluster_wb: Workbook
) -> None:
    ws = _wb(programme, template_wb, cluster_wb)[fm.SHEET_FORM]
    lay = fm.layout(programme)
    assert len(lay.fields) == len(fields_for(programme))
    for m in lay.fields:
        row = m.cell.row
        assert ws[m.id_cell.a1].value == m.field.id
        assert ws.cell(row, fm.COL_NUMBER).value == m.number
        assert ws.cell(row, fm.COL_QUESTION).value == m.field.question
        assert (ws.cell(row, fm.COL_UNIT).value or "") == m.field.unit
        answer = ws[m.cell.a1]
        assert answer.value is None, m.field.id
        assert answer.fill.fgColor.rgb == "00FFF2CC"
        assert answer.border.left.style == "thin"
    for heading in lay.headings:
        assert ws.cell(heading.row, fm.COL_QUESTION).value == heading.title_da
        assert ws.cell(heading.row, fm.COL_ID).value is None


@pytest.mark.parametrize("programme", list(Programme))
def test_only_answer_cells_are_unlocked_and_sheets_protected_without_password(
    programme: Programme, template_wb: Workbook, cluster_wb: Workbook
) -> None:
    wb = _wb(programme, template_wb, cluster_wb)
    ws = wb[fm.SHEET_FORM]
    unlocked = {
        c.coordinate
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row + 5, max_col=10)
        for c in row
        if not c.protection.locked
    }
    assert unlocked == {m.cell.a1 for m in fm.layout(programme).fields}
    for sheet in wb.worksheets:
        assert sheet.protection.sheet, sheet.title
        assert sheet.protection.password is None, sheet.title
        assert sheet.protection.hashValue is None, sheet.title


# --- Data validation ---------------------------------------------------------------------------


@pytest.mark.parametrize("programme", list(Programme))
def test_every_answer_cell_has_validation_of_its_kind(
    programme: Programme, template_wb: Workbook, cluster_wb: Workbook
) -> None:
    ws = _wb(programme, template_wb, cluster_wb)[fm.SHEET_FORM]
    dvs = _validations(ws)
    for m in fm.layout(programme).fields:
        f = m.field
        dv = dvs[m.cell.a1]
        assert dv.showErrorMessage and dv.showInputMessage and dv.allow_blank, f.id
        assert dv.errorStyle in (None, "stop")
        assert dv.prompt and dv.error and dv.errorTitle == "Ugyldigt svar"
        assert len(dv.prompt) <= 255 and len(dv.promptTitle) <= 32
        match f.kind:
            case Kind.INT:
                assert (dv.type, dv.formula1) == ("whole", "0"), f.id
                assert dv.operator == "greaterThanOrEqual"
            case Kind.DEC:
                assert (dv.type, dv.operator, dv.formula1) == ("decimal", "between", "0")
                assert f.max is not None and dv.formula2 == str(int(f.max))
            case Kind.YESNO:
                assert (dv.type, dv.formula1) == ("list", '"Ja,Nej"'), f.id
            case Kind.NETWORK:
                assert dv.type == "list"
                assert dv.formula1.startswith(f"{fm.SHEET_LISTS}!$A$2:$A$")
            case Kind.TEXT | Kind.EMAIL:
                assert (dv.type, dv.operator) == ("textLength", "lessThanOrEqual"), f.id
    # Money prompts tell the unit.
    if programme is NETWORK:
        assert "1.000 kr." in dvs[fm.layout(NETWORK).by_id()["turnover"].cell.a1].prompt


@pytest.mark.parametrize("programme", list(Programme))
def test_network_list_is_the_registers_networks_of_the_programme(
    programme: Programme, template_wb: Workbook, cluster_wb: Workbook, register: Register
) -> None:
    wb = _wb(programme, template_wb, cluster_wb)
    cell = fm.layout(programme).by_id()["network"].cell.a1
    formula = _validations(wb[fm.SHEET_FORM])[cell].formula1
    last = int(formula.rsplit("$", 1)[1])
    lists = wb[fm.SHEET_LISTS]
    names = [lists.cell(r, 1).value for r in range(2, last + 1)]
    assert names == sorted(n.name for n in register.of(programme))
    assert lists.cell(last + 1, 1).value is None


# --- Live checks -------------------------------------------------------------------------------


def _row(fid: str, programme: Programme = NETWORK) -> int:
    return fm.layout(programme).by_id()[fid].cell.row


def test_every_part_of_total_rule_has_a_live_check(template_wb: Workbook) -> None:
    ws = template_wb[fm.SHEET_FORM]
    cfs = _cond_formats(ws)
    rules = [r for r in rules_for(NETWORK) if isinstance(r, PartOfTotal)]
    assert len(rules) == 9
    for rule in rules:
        p, t = _row(rule.part), _row(rule.total)
        cond = f"$E${p}>$E${t}"
        formula = ws.cell(p, fm.COL_CHECK).value
        assert isinstance(formula, str) and formula.startswith("=IF("), rule
        assert cond in formula
        assert "Tallet er større end totalen" in formula
        assert any(cond in c for c in cfs[f"F{p}"]), rule
        assert any(cond in c for c in cfs[f"E{p}"]), rule


def test_sources_sum_check_adds_every_source(template_wb: Workbook) -> None:
    ws = template_wb[fm.SHEET_FORM]
    (rule,) = [r for r in rules_for(NETWORK) if isinstance(r, SourcesSum)]
    assert set(rule.parts) == set(FINANCING_SOURCES)
    row = _row(rule.total)
    formula = ws.cell(row, fm.COL_CHECK).value
    refs = ",".join(f"$E${_row(p)}" for p in rule.parts)
    assert f"SUM({refs})" in formula
    assert f"-$E${row})>5" in formula
    cfs = _cond_formats(ws)
    for part in rule.parts:
        assert any(f"SUM({refs})" in c for c in cfs[f"E{_row(part)}"]), part


@pytest.mark.parametrize("programme", [NETWORK, CLUSTER])
def test_every_rule_is_checked_live_by_its_own_condition(
    programme: Programme, template_wb: Workbook, cluster_wb: Workbook
) -> None:
    """Each breach a rule can have shows in the help column of its row, by the rule's formula."""
    ws = (template_wb if programme is NETWORK else cluster_wb)[fm.SHEET_FORM]
    cfs = _cond_formats(ws)
    by_id = fm.layout(programme).by_id()
    refs = {fid: f"$E${m.cell.row}" for fid, m in by_id.items()}
    seen = 0
    for rule in rules_for(programme):
        for at, condition in rule.excel_breaches(refs).items():
            row = by_id[at].cell.row
            assert f"IF({condition}," in ws.cell(row, fm.COL_CHECK).value, (rule, at)
            assert condition in cfs[f"F{row}"] and condition in cfs[f"E{row}"], (rule, at)
            seen += 1
    # 24 rules of the network form, one with two counts; the cluster form asks one rule's fields.
    assert seen == {NETWORK: 25, CLUSTER: 1}[programme]


def test_help_texts_stay_readable_beside_the_checks(template_wb: Workbook) -> None:
    ws = template_wb[fm.SHEET_FORM]
    for m in fm.layout(NETWORK).fields:
        value = ws.cell(m.cell.row, fm.COL_CHECK).value
        if isinstance(value, str) and value.startswith("="):
            # The help text is what the formula shows while every check passes.
            assert value.endswith(f'"{m.field.help}"' + ")" * value.count("IF(")), m.field.id
        else:
            assert (value or "") == m.field.help, m.field.id
    # A field that may stay blank, and has no rule, shows its help as plain text.
    assert ws[f"F{_row('comment')}"].value == FIELDS_BY_ID["comment"].help


# --- Properties, printing, determinism ---------------------------------------------------------


def test_print_setup_is_a4_landscape_one_page_wide(template_wb: Workbook) -> None:
    ws = template_wb[fm.SHEET_FORM]
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${fm.HEADER_ROW}:${fm.HEADER_ROW}"
    assert ws.print_area == f"'{fm.SHEET_FORM}'!$A$1:$F${fm.layout(NETWORK).last_row}"
    widths = {c: ws.column_dimensions[c].width for c in "BCDEF"}
    assert widths["C"] >= 40 and widths["E"] >= 15 and widths["F"] >= 30


def test_document_properties_carry_version_and_year(template_wb: Workbook) -> None:
    props = {p.name: p.value for p in template_wb.custom_doc_props.props}
    assert props == {
        "perfreg_template_version": fm.template_version(),
        "perfreg_survey_year": 2012,
        "perfreg_programme": NETWORK.value,
    }
    assert template_wb.properties.title == "Resultatopgørelse 2012 – Innovationsnetværk"
    assert template_wb.properties.created == datetime(2012, 1, 1)


def test_same_inputs_give_the_same_bytes(tmp_path: Path, register: Register) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_template(a, 2012, register=register)
    write_template(b, 2012, register=register)
    assert a.read_bytes() == b.read_bytes()
    write_template(b, 2013, register=register)
    assert a.read_bytes() != b.read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# --- Pre-filled copies -------------------------------------------------------------------------


@pytest.mark.parametrize(("programme", "count"), [(NETWORK, 22), (CLUSTER, 32)])
def test_per_network_copies_carry_their_network(
    tmp_path: Path, register: Register, programme: Programme, count: int
) -> None:
    paths = write_forms(tmp_path / "forms", 2012, register, programme)
    assert len(paths) == count
    networks = sorted(register.of(programme), key=lambda n: n.short_name)
    assert [p.name for p in paths] == [f"{n.short_name}_2012.xlsx" for n in networks]
    cell = fm.layout(programme).by_id()["network"].cell.a1
    for path, network in zip(paths, networks, strict=True):
        ws = _open(path)[fm.SHEET_FORM]
        assert ws[cell].value == network.name
        assert ws[cell].protection.locked is False


def test_network_of_another_programme_is_refused(tmp_path: Path, register: Register) -> None:
    cluster = register.of(CLUSTER)[0]
    with pytest.raises(RegisterError, match="belongs to programme cluster"):
        write_template(tmp_path / "x.xlsx", 2012, NETWORK, cluster, register=register)
    assert not (tmp_path / "x.xlsx").exists()


def test_register_without_networks_of_the_programme_is_refused(tmp_path: Path) -> None:
    only_clusters = parse_register("name,short_name,theme_area,programme\nA,a,T,cluster\n")
    with pytest.raises(RegisterError, match="no networks of programme innovation_network"):
        write_template(tmp_path / "x.xlsx", 2012, register=only_clusters)


def test_register_text_is_never_written_as_a_formula(tmp_path: Path) -> None:
    reg = parse_register("name,short_name,theme_area,programme\n=1+1,a,T,innovation_network\n")
    network = Network("=1+1", "a", "T", NETWORK)
    write_template(tmp_path / "x.xlsx", 2012, network=network, register=reg)
    wb = _open(tmp_path / "x.xlsx")
    assert wb[fm.SHEET_LISTS]["A2"].data_type == "s"
    cell = wb[fm.SHEET_FORM][fm.layout(NETWORK).by_id()["network"].cell.a1]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


# --- Filling -----------------------------------------------------------------------------------


def test_filled_form_reads_back_the_values_written(make_form: MakeForm) -> None:
    values = valid_answers("Innovationsnetværket VE-NET")
    values |= {"comment": "=SUM(A1)", "contact_name": "Åse Ørsted", "employees_fte": 2.25}
    values |= {"ki_foreign": False, "firms_new_ideas": None, "turnover": 123456789}
    path = make_form("ve-net_2012.xlsx", values)
    ws = _open(path)[fm.SHEET_FORM]
    cells = fm.layout(NETWORK).by_id()
    for fid, value in values.items():
        expected = (
            {False: "Nej", True: "Ja"}.get(value, value) if isinstance(value, bool) else value
        )
        got = ws[cells[fid].cell.a1].value
        assert got == expected, fid
        assert type(got) is type(expected), fid
    assert ws[cells["comment"].cell.a1].data_type == "s"
    assert ws[cells["firms_collab"].cell.a1].data_type == "n"


def test_filled_form_keeps_the_templates_structure(make_form: MakeForm) -> None:
    path = make_form("f.xlsx", {"firms_collab": 3})
    wb = _open(path)
    ws = wb[fm.SHEET_FORM]
    assert wb.sheetnames == [fm.SHEET_GUIDE, fm.SHEET_FORM, fm.SHEET_LISTS]
    assert ws.protection.sheet and wb[fm.SHEET_LISTS].sheet_state == "hidden"
    assert set(_validations(ws)) == {m.cell.a1 for m in fm.layout(NETWORK).fields}
    assert ws["E2"].value == 2012 and ws["E3"].value == fm.template_version()
    assert wb.properties.created == datetime(2012, 1, 1)


def test_fill_is_deterministic_and_cluster_forms_use_their_map(make_form: MakeForm) -> None:
    values = valid_answers("Alucluster", CLUSTER)
    a = make_form("a.xlsx", values, CLUSTER)
    b = make_form("b.xlsx", values, CLUSTER)
    assert a.read_bytes() == b.read_bytes()
    ws = _open(a)[fm.SHEET_FORM]
    assert ws[fm.layout(CLUSTER).by_id()["firms_participating"].cell.a1].value == 10


def test_fill_refuses_unknown_fields_and_odd_values(
    tmp_path: Path, template_path: Path, cluster_template_path: Path
) -> None:
    with pytest.raises(KeyError, match="no_such_field"):
        fill_form(template_path, tmp_path / "x.xlsx", {"no_such_field": 1})
    with pytest.raises(KeyError, match="turnover"):
        fill_form(cluster_template_path, tmp_path / "x.xlsx", {"turnover": 1}, CLUSTER)
    with pytest.raises(TypeError, match="Ja/Nej"):
        fill_form(template_path, tmp_path / "x.xlsx", {"turnover": True})
    with pytest.raises(TypeError, match="list"):
        fill_form(template_path, tmp_path / "x.xlsx", {"turnover": [1]})
    assert not (tmp_path / "x.xlsx").exists()


# --- LibreOffice: what the respondent sees and prints --------------------------------------------


def test_libreoffice_prints_guide_on_one_page_and_form_on_eight(
    tmp_path: Path, template_path: Path, register: Register
) -> None:
    # Expected: 9 A4 pages, measured with Calibri's metrics (the Carlito font, which .ci/run
    # installs). The guide fits one portrait page; the form, landscape so its 10 pt help text
    # prints at 9 pt or more, takes eight, broken before a heading that would end a page
    # (form/pagebreaks); the hidden list sheet is not printed.
    pdf = to_pdf(template_path, tmp_path)
    pages = pdf_pages(pdf)
    assert pages == 9
    first = pdf_page_text(pdf, 1)
    assert "Om undersøgelsen" in first and "Enhed" not in first
    for page in range(2, pages + 1):
        text = pdf_page_text(pdf, page)
        assert "Enhed" in text and "Kontrol og vejledning" in text, page  # the header repeats
        assert f"Side {page} af {pages}" in text
    assert "Netværkets navn" in pdf_page_text(pdf, 2)
    assert "kontingentindtægter" in pdf_page_text(pdf, pages)  # the last question
    all_text = "".join(pdf_page_text(pdf, p) for p in range(1, pages + 1))
    assert register.of(NETWORK)[1].name not in all_text


def test_libreoffice_prints_the_cluster_form_on_three_pages(
    tmp_path: Path, cluster_template_path: Path
) -> None:
    # Expected: 3 pages, the guide and the short form of 7 questions; its last section (a
    # heading and one question) goes whole to the third page.
    pdf = to_pdf(cluster_template_path, tmp_path)
    assert pdf_pages(pdf) == 3
    assert "Klynge uden for innovationsnetværksprogrammet" in pdf_page_text(pdf, 2)


def test_libreoffice_shows_broken_rules_in_the_check_column(
    tmp_path: Path, make_form: MakeForm
) -> None:
    name = "Innovationsnetværket VE-NET"
    clean = to_pdf(make_form("clean.xlsx", valid_answers(name)), tmp_path / "clean")
    # The form's pages (the guide's explanation of the colours names »Fejl:« too).
    clean_text = "".join(pdf_page_text(clean, p) for p in range(2, pdf_pages(clean) + 1))
    assert "Fejl:" not in clean_text and "Bemærk:" not in clean_text
    assert FIELDS_BY_ID["ki_count"].help.split()[0] in clean_text

    broken = valid_answers(name) | {
        "firms_collab_sme": 11,  # more than firms_collab (10)
        "financing_eu": 0,  # sources now sum to 90, turnover says 100
        "offers_sparring": "Nej",  # ... but 10 firms received sparring
    }
    pdf = to_pdf(make_form("broken.xlsx", broken), tmp_path / "broken")
    text = " ".join(" ".join(pdf_page_text(pdf, p).split()) for p in range(2, pdf_pages(pdf) + 1))
    assert "Fejl: Tallet er større end totalen i nr. 1.2.1 (10)." in text
    assert "Fejl: Finansieringskilderne nedenfor summer til 90, ikke til omsætningen." in text
    assert "er besvaret Nej, men tallet her er over 0." in text
    assert text.count("Fejl:") == 3


# --- Command line ------------------------------------------------------------------------------


def test_cli_template_writes_templates_and_forms(tmp_path: Path) -> None:
    out, forms = tmp_path / "templates", tmp_path / "forms"
    args = ["template", "--year", "2012", "--out", str(out), "--forms-dir", str(forms)]
    args += ["--register", str(REGISTER_CSV), "--per-network"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "questionnaire_2012.xlsx",
        "questionnaire_cluster_2012.xlsx",
    ]
    assert len(list(forms.glob("*_2012.xlsx"))) == 54
    assert f"Wrote {out / 'questionnaire_2012.xlsx'}" in result.output
    assert "Wrote 22 innovation_network forms" in result.output
    assert "Wrote 32 cluster forms" in result.output


def test_cli_template_one_programme(tmp_path: Path) -> None:
    args = ["template", "--year", "2013", "--out", str(tmp_path), "--programme", "cluster"]
    result = CliRunner().invoke(cli, [*args, "--register", str(REGISTER_CSV)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["questionnaire_cluster_2013.xlsx"]
    assert _open(tmp_path / "questionnaire_cluster_2013.xlsx")[fm.SHEET_FORM]["E2"].value == 2013


def test_cli_template_default_year_is_last_calendar_year_when_nothing_is_on_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secretariat = REGISTER_CSV.parent / "secretariat.csv"
    monkeypatch.chdir(tmp_path)  # no inputs/, no history/: a project on its first survey
    args = ["template", "--out", "tpl", "--register", str(REGISTER_CSV)]
    result = CliRunner().invoke(cli, [*args, "--secretariat", str(secretariat)])
    assert result.exit_code == 0, result.output
    year = datetime.now().year - 1
    assert f"Survey year {year} (the last calendar year: nothing on record)" in result.output
    assert (tmp_path / "tpl" / f"questionnaire_{year}.xlsx").exists()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        # A missing register is a usage error, as the README says (was exit 1).
        (["template", "--register", "/nonexistent/networks.csv"], 2, "does not exist"),
        (["template", "--year", "1999"], 2, "1999"),
        (["template", "--programme", "nope"], 2, "nope"),
        (["fields", "--format", "xml"], 2, "xml"),
    ],
)
def test_cli_errors_have_exit_codes_and_no_traceback(
    tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    result = CliRunner().invoke(
        cli, [*args, "--out", str(tmp_path)] if "template" in args else args
    )
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("programme", list(Programme))
def test_cli_fields_csv_lists_every_field_at_its_cell(programme: Programme) -> None:
    result = CliRunner().invoke(cli, ["fields", "--format", "csv", "--programme", programme.value])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    lay = fm.layout(programme)
    assert [r["field_id"] for r in rows] == [m.field.id for m in lay.fields]
    for row, m in zip(rows, lay.fields, strict=True):
        assert (row["sheet"], row["cell"]) == (fm.SHEET_FORM, m.cell.a1)
        assert row["type"] == m.field.kind.value
        assert row["question"] == m.field.question
        assert row["required"] == ("yes" if m.field.required else "no")
    by_id = {r["field_id"]: r for r in rows}
    assert by_id["network"]["choices"] == "register"
    assert by_id["firms_participating"]["min"] == "0"
    if programme is NETWORK:
        assert by_id["ki_gts"]["choices"] == "Ja|Nej"
        assert (by_id["employees_fte"]["min"], by_id["employees_fte"]["max"]) == ("0", "1000")
        assert by_id["turnover"]["unit"] == "1.000 kr."


def test_cli_fields_table_is_aligned_and_stable() -> None:
    first = CliRunner().invoke(cli, ["fields"])
    second = CliRunner().invoke(cli, ["fields", "--format", "table"])
    assert first.exit_code == 0 and first.output == second.output
    lines = first.output.splitlines()
    assert lines[0].split()[:3] == ["field_id", "sheet", "cell"]
    assert len(lines) == 1 + len(fm.layout(NETWORK).fields)
    cell_col = lines[0].index("cell")
    assert lines[1][cell_col:].startswith("E8 ")


def test_fields_command_does_not_load_openpyxl() -> None:
    code = (
        "import sys\n"
        "from perfreg_xlsx.cli.main import cli\n"
        "cli.main(['fields', '--format', 'csv'], standalone_mode=False)\n"
        "print('LOADED' if 'openpyxl' in sys.modules else 'CLEAN', file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stderr.strip().endswith("CLEAN")
    assert result.stdout.startswith("field_id,sheet,cell,")


def test_template_without_year_takes_the_year_after_the_newest_on_record(tmp_path: Path) -> None:
    """Issue 14 item 7: without --year the forms are for the year after the recorded one
    (was the last calendar year, which wrote 2025 forms beside the shipped 2012 ones)."""
    history = tmp_path / "history"
    history.mkdir()
    (history / "bilag1_2007_2012.csv").write_text("id\n", encoding="utf-8")
    (history / "recorded_2013.csv").write_text("id\n", encoding="utf-8")
    out = tmp_path / "tpl"
    result = CliRunner().invoke(
        cli,
        ["template", "--out", str(out), "--history", str(history), "--programme", "cluster"],
    )
    assert result.exit_code == 0, result.output
    assert "Survey year 2014 (the year after 2013, the newest on record)" in result.output
    assert [p.name for p in out.iterdir()] == ["questionnaire_cluster_2014.xlsx"]
