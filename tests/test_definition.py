"""The survey definition workbook (issue 15): written from the built-in catalogue, loaded back
item for item, every kind of mistake a problem at its sheet!cell, and the CLI around it."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing as mp
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from perfreg_xlsx.cli.main import cli
from perfreg_xlsx.definition.files import packaged_definition
from perfreg_xlsx.definition.load import check, load
from perfreg_xlsx.definition.problems import DefinitionError
from perfreg_xlsx.pipeline.definition import export_builtin
from perfreg_xlsx.reading import pool
from perfreg_xlsx.report.figure_rows import from_rows, to_rows
from perfreg_xlsx.report.figures import declared_figures
from perfreg_xlsx.survey import catalogue

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "templates" / "definition.xlsx"


@pytest.fixture(autouse=True)
def _builtin_after() -> Iterator[None]:
    yield
    catalogue.use(None)  # a test that put a definition in force leaves the built-in behind


def _same_as_builtin(cat: catalogue.Catalogue) -> None:
    b = catalogue.builtin()
    assert cat.sections == b.sections
    for got, want in zip(cat.fields, b.fields, strict=True):
        assert got == want
        assert repr(got) == repr(want)  # 5.0 stays 5.0, 0 stays 0: the same printed numbers
    assert cat.rules == b.rules
    for got_i, want_i in zip(cat.indicators, b.indicators, strict=True):
        assert repr(got_i) == repr(want_i)
    assert cat.headline == b.headline
    assert dict(cat.appendix1_headings) == dict(b.appendix1_headings)
    assert list(cat.appendix1_headings) == list(b.appendix1_headings)
    assert cat.figures == b.figures


def test_the_builtin_definition_is_the_packaged_workbook() -> None:
    # Nothing of the survey is declared in Python (issue 15): the built-in definition is
    # the packaged file, and the project's templates/definition.xlsx is the same file.
    b = catalogue.builtin()
    assert b.source == str(packaged_definition())
    assert SHIPPED.read_bytes() == packaged_definition().read_bytes()
    assert (len(b.sections), len(b.fields), len(b.rules)) == (11, 72, 24)
    assert (len(b.indicators), len(b.headline), len(b.figures)) == (100, 5, 18)
    cat = load(SHIPPED)
    assert cat.source == str(SHIPPED)
    _same_as_builtin(cat)


def test_the_figures_keep_all_their_rows_say() -> None:
    # The report objects made from the figure rows hold everything the rows say: written
    # back as rows they are the rows again.
    rows = catalogue.builtin().figures
    assert to_rows(from_rows(rows)) == rows
    assert declared_figures() == from_rows(rows)


def test_export_writes_the_packaged_bytes_back(tmp_path: Path) -> None:
    # The export is written from what was loaded, not copied: the same bytes show that the
    # loader understood every cell of the packaged file and the writer is deterministic.
    out = export_builtin(tmp_path / "d.xlsx")
    assert out.read_bytes() == packaged_definition().read_bytes()
    _same_as_builtin(load(out))


def test_the_report_draws_the_figures_of_the_definition_in_force(tmp_path: Path) -> None:
    path = _edited(tmp_path, lambda wb: wb["figures"].__setitem__("E2", "Ny titel {period}"))
    catalogue.use(load(path))
    assert declared_figures()[0].title == "Ny titel {period}"
    catalogue.use(None)
    assert declared_figures()[0].title != "Ny titel {period}"


def test_the_workbook_explains_every_column_and_offers_lists() -> None:
    wb = openpyxl.load_workbook(SHIPPED)
    assert wb.sheetnames[0] == "about"
    about = {(r[0], r[1]) for r in wb["about"].iter_rows(min_row=4, values_only=True)}
    assert ("fields", "yoy_factor") in about
    assert ("indicators", "break_note") in about
    fields = wb["fields"]
    assert fields.freeze_panes == "A2"
    assert fields.auto_filter.ref is not None
    lists = {
        str(dv.sqref).split(":")[0]: dv.formula1 for dv in fields.data_validations.dataValidation
    }
    assert lists["F2"] == '"whole,decimal,yesno,text,email,network"'
    assert fields["A2"].value == "network" and fields["B2"].value == "both"


# --- Mistakes ----------------------------------------------------------------------------


def _edited(tmp_path: Path, edit: Callable[[openpyxl.Workbook], object]) -> Path:
    wb = openpyxl.load_workbook(SHIPPED)
    edit(wb)
    out = tmp_path / "edited.xlsx"
    wb.save(out)
    return out


def _set(sheet: str, cell: str, value: object) -> Callable[[openpyxl.Workbook], object]:
    return lambda wb: wb[sheet].__setitem__(cell, value)


def _row_of(sheet: str, column: int, value: str) -> int:
    ws = openpyxl.load_workbook(SHIPPED)[sheet]
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, column).value == value)


TURNOVER = _row_of("fields", 1, "turnover")
EMPLOYEES = _row_of("fields", 1, "employees_fte")
KI_GTS = _row_of("fields", 1, "ki_gts")

MISTAKES = [
    ("duplicate id", _set("fields", "A3", "network"), "fields!A3", "already used on row 2"),
    (
        "unknown field in an indicator",
        _set("indicators", "E3", "firms_nope"),
        "indicators!E3",
        "'firms_nope'",
    ),
    (
        "unknown field in a rule",
        _set("rules", "C2", "firms_nope, firms_collab"),
        "rules!C2",
        "'firms_nope'",
    ),
    ("min > max", _set("fields", f"H{EMPLOYEES}", 2000), f"fields!I{EMPLOYEES}", "below min"),
    (
        "a rule on a text field",
        _set("rules", "C2", "contact_name, firms_collab"),
        "rules!C2",
        "'contact_name' is a text field",
    ),
    (
        "a figure naming an unknown indicator",
        _set("figure_series", "B2", "nope"),
        "figure_series!B2",
        "not on the sheet indicators",
    ),
    (
        "a label longer than a chart allows",
        _set("figure_series", "C2", "x" * 300),
        "figure_series!C2",
        "300 characters long; at most 255",
    ),
    ("unknown type", _set("fields", "F2", "integer"), "fields!F2", "is not one of: whole, decimal"),
    (
        "unknown aggregation",
        _set("indicators", "D2", "median"),
        "indicators!D2",
        "'median' is not one of",
    ),
    (
        "unknown rule kind",
        _set("rules", "B2", "less_than"),
        "rules!B2",
        "is not one of: part_of_total",
    ),
    ("empty required cell", _set("fields", "D2", None), "fields!D2", "question is empty"),
    (
        "a number cell holding text",
        _set("indicators", "G2", "en"),
        "indicators!G2",
        "holds the text 'en'",
    ),
    ("a formula", _set("indicators", "G2", "=1+1"), "indicators!G2", "holds a formula"),
    (
        "min on a yes/no field",
        _set("fields", f"H{KI_GTS}", 0),
        f"fields!H{KI_GTS}",
        "min is for whole and decimal",
    ),
    ("unknown column", _set("fields", "M1", "colour"), "fields!M1", "unknown column 'colour'"),
    ("value without a header", _set("fields", "N5", "x"), "fields!N5", "column without a header"),
    ("tolerance missing", _set("rules", "D11", None), "rules!D11", "give sources_sum a tolerance"),
    (
        "aggregation arity",
        _set("indicators", "E2", "turnover"),
        "indicators!E2",
        "count takes 0 field(s), not 1",
    ),
    (
        "braces in a title",
        _set("figures", "E2", "Netværk {år}"),
        "figures!E2",
        "may only hold {period}",
    ),
    (
        "two_axes with one series",
        lambda wb: wb["figures"].__setitem__("D2", "two_axes"),
        "figures!G2",
        "a two_axes figure has no chart",
    ),
    (
        "a number as text id",
        _set("fields", f"C{TURNOVER}", 3.1),
        f"fields!C{TURNOVER}",
        "write it as text",
    ),
    (
        "an unknown section",
        _set("fields", f"C{TURNOVER}", "9"),
        f"fields!C{TURNOVER}",
        "not on the sheet sections",
    ),
    ("a bad id", _set("fields", "A2", "Netværk"), "fields!A2", "is not an id"),
    (
        "negative decimals",
        _set("indicators", "H2", -1),
        "indicators!H2",
        "decimals must be at least 0",
    ),
    ("headline place twice", _set("indicators", "K2", 1), None, "place 1 is already"),
    (
        "a heading for no section",
        _set("appendix_headings", "A2", "9.9"),
        "appendix_headings!A2",
        "no appendix_row indicator",
    ),
    (
        "a series of no figure",
        _set("figure_series", "A2", "figur_9"),
        "figure_series!A2",
        "no figure 'figur_9'",
    ),
    ("missing sheet", lambda wb: wb.remove(wb["rules"]), "rules", "the sheet rules is missing"),
    (
        "missing column",
        lambda wb: wb["fields"].delete_cols(12),
        "fields!1",
        "lacks the column(s) personal",
    ),
]


@pytest.mark.parametrize(("what", "edit", "where", "says"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_a_problem_at_its_cell(
    tmp_path: Path,
    what: str,
    edit: Callable[[openpyxl.Workbook], object],
    where: str | None,
    says: str | None,
) -> None:
    cat, problems = check(_edited(tmp_path, edit))
    assert cat is None
    hits = [
        p
        for p in problems
        if (where is None or p.where == where) and (says is None or says in p.message)
    ]
    assert hits, [p.line() for p in problems]


def test_not_a_workbook_is_one_problem_of_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "d.xlsx"
    bad.write_text("field_id,type\n", "utf-8")
    cat, problems = check(bad)
    assert cat is None and len(problems) == 1 and problems[0].where == "(file)"
    with pytest.raises(DefinitionError):
        load(bad)


# --- CLI ---------------------------------------------------------------------------------


def test_definition_check_exit_codes_and_json(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["definition", "check", str(SHIPPED), "--json"])
    assert ok.exit_code == 0, ok.output
    data = json.loads(ok.output)
    assert data["ok"] is True and data["counts"]["fields"] == 72 and data["problems"] == []
    bad = _edited(tmp_path, _set("fields", "F2", "integer"))
    res = runner.invoke(cli, ["definition", "check", str(bad), "--json"])
    assert res.exit_code == 2
    data = json.loads(res.output)
    assert data["ok"] is False
    assert {"sheet": "fields", "cell": "F2"}.items() <= data["problems"][0].items()
    plain = runner.invoke(cli, ["definition", "check", str(bad)])
    assert plain.exit_code == 2 and "fields!F2: type 'integer' is not one of" in plain.output


def test_definition_export_writes_the_builtin_and_keeps_an_existing_file(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "d.xlsx"
    assert runner.invoke(cli, ["definition", "export", "--out", str(out)]).exit_code == 0
    assert out.read_bytes() == SHIPPED.read_bytes()
    out.write_bytes(b"edited")
    res = runner.invoke(cli, ["definition", "export", "--out", str(out)])
    assert res.exit_code == 2 and "--force" in res.output and out.read_bytes() == b"edited"
    assert runner.invoke(cli, ["definition", "export", "--out", str(out), "--force"]).exit_code == 0
    assert out.read_bytes() == SHIPPED.read_bytes()


def test_a_bad_definition_stops_the_command_and_writes_nothing(tmp_path: Path) -> None:
    catalogue.use(None)  # whatever an earlier test's command left in force
    bad = _edited(tmp_path, _set("indicators", "E3", "firms_nope"))
    out = tmp_path / "forms"
    res = CliRunner().invoke(
        cli, ["template", "--year", "2013", "--out", str(out), "--definition", str(bad)]
    )
    assert res.exit_code == 2, res.output
    assert "indicators!E3" in res.output and "nothing was done" in res.output
    assert not out.exists()
    assert catalogue.current() is catalogue.builtin()


@pytest.mark.parametrize(
    "command", ["template", "fields", "validate", "aggregate", "profiles", "status"]
)
def test_every_command_takes_definition(command: str) -> None:
    res = CliRunner().invoke(cli, [command, "--help"])
    assert "--definition" in res.output


def test_a_good_definition_is_in_force_for_the_command(tmp_path: Path) -> None:
    catalogue.use(None)
    question = "Netværkets samlede omsætning i alt (ændret)"
    path = _edited(tmp_path, _set("fields", f"D{TURNOVER}", question))
    res = CliRunner().invoke(cli, ["fields", "--definition", str(path), "--format", "csv"])
    assert res.exit_code == 0, res.output
    rows = {r["field_id"]: r for r in csv.DictReader(io.StringIO(res.output))}
    assert rows["turnover"]["question"] == question
    # For that command only: the caller gets back what it had in force.
    assert catalogue.current() is catalogue.builtin()


def _source(_item: int) -> str:
    return catalogue.current().source


def test_spawned_workers_get_the_definition_in_force(monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue.use(load(SHIPPED))
    monkeypatch.setattr(pool, "_context", lambda: mp.get_context("spawn"))
    assert pool.map_files(_source, [1, 2], jobs=2) == [str(SHIPPED)] * 2


# --- Files saved by other programs ---------------------------------------------------------


def test_a_definition_saved_by_libreoffice_loads_the_same(tmp_path: Path) -> None:
    from soffice import to_xlsx

    saved = to_xlsx(SHIPPED, tmp_path / "lo")
    _same_as_builtin(load(saved))


def test_a_definition_saved_by_openpyxl_loads_the_same(tmp_path: Path) -> None:
    _same_as_builtin(load(_edited(tmp_path, lambda wb: None)))


_SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<sheetData>{rows}</sheetData></worksheet>"
)


def _workbook(tmp_path: Path, rows: str, doctype: str = "") -> Path:
    """A one-sheet workbook ("s") whose sheetData is `rows`, written by hand."""
    import zipfile

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    path = tmp_path / "hand.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{pkg}"><Relationship Id="r1" Target="xl/workbook.xml" '
            f'Type="{rel}/officeDocument"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
            f'Target="worksheets/sheet1.xml" Type="{rel}/worksheet"/></Relationships>',
        )
        sheet = _SHEET.format(rows=rows).replace("<worksheet", doctype + "<worksheet", 1)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def test_every_cell_is_read_also_where_the_xml_is_not_plain(tmp_path: Path) -> None:
    from perfreg_xlsx.reading.grid import read_sheets

    rows = (
        '<row r="1"><c t="inlineStr"><is><t>a &amp; b</t></is></c><c><v>5</v></c></row>'
        "<!-- a comment: the handler scan reads this sheet -->"
        '<row><c r="C2"><f>1+1</f><v>2</v></c>'
        '<c t="inlineStr"><is><r><t>ri</t></r><r><t>ch</t></r></is></c></row>'
    )
    cells = read_sheets(_workbook(tmp_path, rows), ["s"]).sheets["s"]
    assert {ref: c.value for ref, c in cells.items()} == {
        "A1": "a & b",
        "B1": 5,
        "C2": 2,
        "D2": "rich",
    }
    assert cells["C2"].formula == "1+1"


def test_plain_and_handler_scans_agree(tmp_path: Path) -> None:
    from perfreg_xlsx.reading.grid import read_sheets

    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>x &lt; y</t></is></c>'
        '<c r="B1" s="1"><v>0.001</v></c><c r="C1" t="b"><v>1</v></c></row>'
        '<row r="3"><c r="A3" t="e"><v>#N/A</v></c><c r="B3"/></row>'
    )
    plain = read_sheets(_workbook(tmp_path, rows), ["s"]).sheets["s"]
    (tmp_path / "hand.xlsx").unlink()
    scanned = read_sheets(_workbook(tmp_path, "<!-- -->" + rows), ["s"]).sheets["s"]
    assert plain == scanned
    assert plain["A1"].value == "x < y" and plain["B1"].value == 0.001
    assert plain["C1"].value is True and plain["A3"].is_error


def test_a_hostile_sheet_is_refused(tmp_path: Path) -> None:
    from perfreg_xlsx.reading.files import ReadError
    from perfreg_xlsx.reading.grid import read_sheets

    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    path = _workbook(tmp_path, rows, doctype='<!DOCTYPE w [<!ENTITY e "x">]>')
    with pytest.raises(ReadError) as err:
        read_sheets(path, ["s"])
    assert err.value.code == "xml-forbidden"


def test_the_docs_list_every_sheet_and_column() -> None:
    from perfreg_xlsx.definition.columns import SHEETS

    text = (ROOT / "docs" / "definition.md").read_text("utf-8")
    for sheet in SHEETS:
        assert f"### `{sheet.name}`" in text
        for col in sheet.columns:
            assert f"| `{col.name}` |" in text, (sheet.name, col.name)


def test_the_docs_worked_example_adds_a_question_without_python(tmp_path: Path) -> None:
    def add(wb: openpyxl.Workbook) -> None:
        fields = wb["fields"]
        fields.append(
            ["firms_export_advice", "innovation_network", "2.7",
             "Antal virksomheder, der har fået rådgivning om eksport",
             "Tæl hver virksomhed én gang.", "whole", "antal", 0, None, "yes", 5, "no"]
        )  # fmt: skip
        wb["indicators"].append(
            ["firms_export_advice", "2.7", "Antal virksomheder, der har fået rådgivning om eksport",
             "sum", "firms_export_advice", "antal", 1, 0, "innovation_network", "yes", None, ""]
        )  # fmt: skip

    cat = load(_edited(tmp_path, add))
    assert cat.fields_by_id["firms_export_advice"].kind.value == "whole"
    assert cat.fields_by_id["firms_export_advice"].yoy_factor == 5.0
    assert cat.appendix1[-1].id == "firms_export_advice"
    assert len(cat.fields) == len(catalogue.builtin().fields) + 1


def test_one_check_lists_every_mistake_and_no_echo_of_one(tmp_path: Path) -> None:
    def edit(wb: openpyxl.Workbook) -> None:
        wb["fields"]["F2"] = "integer"  # a cell mistake
        wb["indicators"]["E3"] = "firms_nope"  # a reference mistake, found in the same run
        collab = _row_of("fields", 1, "firms_collab")
        wb["fields"][f"F{collab}"] = "integer"  # rules and indicators name it: no echo

    cat, problems = check(_edited(tmp_path, edit))
    collab = _row_of("fields", 1, "firms_collab")
    assert cat is None
    assert [p.where for p in problems] == ["fields!F2", f"fields!F{collab}", "indicators!E3"]


def test_the_row_models_check_bounds_also_beside_another_mistake(tmp_path: Path) -> None:
    # The pydantic models hold the bounds; a bound broken in a row whose other cell cannot
    # be read is still said, so one check lists both.
    def edit(wb: openpyxl.Workbook) -> None:
        wb["indicators"]["G2"] = "en"  # scale: text
        wb["indicators"]["H2"] = -1  # decimals below 0
        wb["fields"][f"K{TURNOVER}"] = 1  # yoy_factor must be above 1
        wb["indicators"]["C3"] = "\U0001f4c8" * 16_384  # 32,768 UTF-16 units, as Excel counts

    cat, problems = check(_edited(tmp_path, edit))
    assert cat is None
    said = {f"{p.sheet}!{p.cell}": p.message for p in problems}
    assert said["indicators!G2"].startswith("scale holds the text 'en'")
    assert said["indicators!H2"] == "decimals must be at least 0"
    assert said[f"fields!K{TURNOVER}"] == "yoy_factor must be above 1"
    assert said["indicators!C3"] == "label is 32768 characters long; at most 32767 fit here"


def test_an_optional_column_may_be_left_out_a_required_one_not(tmp_path: Path) -> None:
    # A definition written before the rules sheet had `message` (its last column) still loads.
    old = _edited(tmp_path, lambda wb: wb["rules"].delete_cols(6))
    cat = load(old)
    assert len(cat.rules) == len(catalogue.builtin().rules)
    assert all(r.message == "" for r in cat.rules)
    # The severity (column E) is required: the sheet cannot be read without it.
    no_severity = _edited(tmp_path, lambda wb: wb["rules"].delete_cols(5))
    got, problems = check(no_severity)
    assert got is None
    assert [(p.sheet, p.cell, p.message) for p in problems] == [
        ("rules", "1", "the header row lacks the column(s) severity")
    ]


def test_a_rule_message_longer_than_a_sentence_is_a_problem(tmp_path: Path) -> None:
    cat, problems = check(_edited(tmp_path, _set("rules", "F2", "x" * 501)))
    assert cat is None
    assert [(p.cell, p.message) for p in problems] == [
        ("F2", "message is 501 characters long; at most 500 fit here")
    ]
