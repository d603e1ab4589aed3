"""The form's details (issue 14 item 4): the secretariat on the instructions, text printed at
9 pt or more, no section heading alone at a page's foot, instructions only about the questions
the form has, Danish thousands separators in the live messages, help on every question."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REGISTER_CSV, YEAR, MakeForm, valid_answers
from openpyxl import load_workbook
from soffice import pdf_page_text, pdf_pages, recalculated, to_pdf
from survey_names import FIELDS

from perfreg_xlsx.cli.main import cli
from perfreg_xlsx.errors import PerfregError, UsageError
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.form.pagebreaks import page_breaks
from perfreg_xlsx.form.secretariat import (
    DEFAULT_SECRETARIAT,
    Secretariat,
    load_secretariat,
    parse_secretariat,
)
from perfreg_xlsx.form.styles import MIN_PRINT_PT, print_scale
from perfreg_xlsx.form.template import write_template
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import Programme

NETWORK, CLUSTER = Programme.NETWORK, Programme.CLUSTER
SEC = Secretariat("Anne Andersen, Netværkssekretariatet", "anne@sekretariat.dk", "+45 12 34 56 78")


def _guide_text(path: Path) -> str:
    ws = load_workbook(path)[fm.SHEET_GUIDE]
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)


def test_the_shipped_secretariat_file_has_placeholders() -> None:
    sec = load_secretariat(DEFAULT_SECRETARIAT)
    assert "udfyldes" in sec.name and sec.email.endswith("example.dk")


def test_the_guide_names_the_secretariat_of_the_csv(tmp_path: Path, register: Register) -> None:
    csv = tmp_path / "sec.csv"
    csv.write_text(f"name;email;phone\n{SEC.name};{SEC.email};{SEC.phone}\n", encoding="cp1252")
    path = tmp_path / "q.xlsx"
    write_template(path, YEAR, NETWORK, register=register, secretariat=load_secretariat(csv))
    text = _guide_text(path)
    assert SEC.name in text and f"E-mail: {SEC.email}" in text and f"Telefon: {SEC.phone}" in text


def test_secretariat_text_is_never_a_formula(tmp_path: Path, register: Register) -> None:
    path = tmp_path / "q.xlsx"
    evil = Secretariat('=HYPERLINK("x")', "a@b.dk", "=1+1")
    write_template(path, YEAR, NETWORK, register=register, secretariat=evil)
    ws = load_workbook(path)[fm.SHEET_GUIDE]
    cells = [c for row in ws.iter_rows() for c in row if c.value == evil.name]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "header line"),
        ("navn,mail,tlf\na,b@c.dk,1\n", "header line"),
        ("name,email,phone\n", "exactly one row"),
        ("name,email,phone\na,b@c.dk,1\nd,e@f.dk,2\n", "exactly one row"),
        ("name,email,phone\na,b@c.dk\n", "exactly one row"),
        ("name,email,phone\n,b@c.dk,1\n", "name is empty"),
        ("name,email,phone\na,not-an-address,1\n", "not an e-mail"),
    ],
)
def test_a_malformed_secretariat_file_is_a_clear_error(text: str, says: str) -> None:
    with pytest.raises(PerfregError, match=says) as exc:
        parse_secretariat(text, "sec.csv")
    assert "sec.csv" in str(exc.value)


def test_a_missing_secretariat_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"nope\.csv"):
        load_secretariat(tmp_path / "nope.csv")


@pytest.mark.parametrize(("content", "code"), [(None, 2), ("name,email\nx,y\n", 1)])
def test_cli_template_refuses_a_missing_or_malformed_secretariat(
    tmp_path: Path, content: str | None, code: int
) -> None:
    sec = tmp_path / "secretariat.csv"
    if content is not None:
        sec.write_text(content, encoding="utf-8")
    args = ["template", "--year", "2013", "--out", str(tmp_path / "o"), "--secretariat", str(sec)]
    result = CliRunner().invoke(cli, [*args, "--register", str(REGISTER_CSV)])
    assert result.exit_code == code, result.output
    assert "secretariat.csv" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_every_question_has_help_text() -> None:
    assert [f.id for f in FIELDS if len(f.help.strip()) < 10] == []


@pytest.mark.parametrize("programme", [NETWORK, CLUSTER])
def test_question_and_help_text_print_at_9_pt_or_more(
    programme: Programme, template_path: Path, cluster_template_path: Path
) -> None:
    path = template_path if programme is NETWORK else cluster_template_path
    wb = load_workbook(path)
    for ws in (wb[fm.SHEET_FORM], wb[fm.SHEET_GUIDE]):
        widths = [
            ws.column_dimensions[c].width
            for c in ws.column_dimensions
            if not ws.column_dimensions[c].hidden and ws.column_dimensions[c].width
        ]
        scale = print_scale(widths, landscape=ws.page_setup.orientation == "landscape")
        sizes = {c.font.sz for row in ws.iter_rows() for c in row if c.value is not None}
        assert min(sizes) * scale >= MIN_PRINT_PT, (ws.title, min(sizes), scale)
        assert ws.oddFooter.right.size >= MIN_PRINT_PT


def test_a_heading_never_ends_a_page_in_the_model() -> None:
    heights = dict.fromkeys(range(1, 40), 30.0)
    breaks = page_breaks(heights, range(1, 40), {10, 20}, 20.0, page_pt=300.0)
    # Row 10 (a heading) would be the last row of the first page: it moves to the next.
    assert breaks[0] == 10
    assert all(b - 1 not in {10, 20} for b in breaks)


def test_libreoffice_never_prints_a_heading_alone_at_a_pages_foot(
    tmp_path: Path, template_path: Path
) -> None:
    pdf = to_pdf(template_path, tmp_path)
    titles = {h.title_da for h in fm.layout(NETWORK).headings}
    pages = pdf_pages(pdf)
    assert pages >= 3
    for page in range(2, pages + 1):
        lines = [ln.strip() for ln in pdf_page_text(pdf, page).splitlines() if ln.strip()]
        body = [ln for ln in lines if not ln.startswith("Resultatopgørelse") and "Side " not in ln]
        last = body[-1]
        assert not any(t in last for t in titles), (page, last)


def test_the_cluster_guide_speaks_only_of_what_its_form_asks(
    template_path: Path, cluster_template_path: Path
) -> None:
    network, cluster = _guide_text(template_path), _guide_text(cluster_template_path)
    for words in ("1.000 kr.", "Ja/Nej", "– heraf", "årsværk", "omsætningen"):
        assert words in network and words not in cluster, words
    assert "Rød tekst" in cluster and "Gul-brun tekst" in cluster


def test_the_guide_explains_red_errors_and_amber_warnings(template_path: Path) -> None:
    text = _guide_text(template_path)
    assert "Rød tekst (»Fejl:« eller »Mangler svar«) er en fejl" in text
    assert "Gul-brun tekst (»Bemærk:«) er en advarsel" in text
    assert "Lad feltet stå tomt" not in text


def test_the_cluster_title_is_not_clipped(cluster_template_path: Path) -> None:
    ws = load_workbook(cluster_template_path)[fm.SHEET_GUIDE]
    assert ws["A1"].alignment.wrap_text and ws.row_dimensions[1].height >= 48


def test_live_messages_use_danish_thousands_separators(tmp_path: Path, make_form: MakeForm) -> None:
    values = valid_answers("Innovationsnetværket VE-NET", count=1500) | {
        "firms_collab_sme": 2000,
        "financing_eu": 0,
    }
    saved = recalculated([make_form("big.xlsx", values)], tmp_path / "saved")[0]
    ws = load_workbook(saved, data_only=True)[fm.SHEET_FORM]
    by_id = fm.layout(NETWORK).by_id()
    part = ws.cell(by_id["firms_collab_sme"].cell.row, fm.COL_CHECK).value
    assert part == "Fejl: Tallet er større end totalen i nr. 1.2.1 (1.500)."
    total = ws.cell(by_id["turnover"].cell.row, fm.COL_CHECK).value
    assert total.startswith("Fejl: Finansieringskilderne nedenfor summer til 13.500,"), total


def test_library_callers_without_the_file_get_a_guide_without_details(
    tmp_path: Path, register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Feedback copies and samples write the form outside the project folder too.
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "q.xlsx"
    write_template(path, YEAR, NETWORK, register=register)
    assert "Har du spørgsmål, så kontakt sekretariatet." in _guide_text(path)


def test_the_money_rules_message_speaks_of_amounts_not_participants(
    make_form: MakeForm, register: Register
) -> None:
    from perfreg_xlsx.pipeline import check_file

    values = valid_answers("Innovationsnetværket VE-NET") | {"has_membership_fees": "Nej"}
    result = check_file(make_form("fees.xlsx", values), register, YEAR).result
    (finding,) = [f for f in result.findings if f.code == "no-but-participants"]
    assert finding.field_id == "financing_firms_membership"
    assert "deltagere" not in finding.message_da and "took part" not in finding.message
    assert "tallet her er 10, ikke 0" in finding.message_da
