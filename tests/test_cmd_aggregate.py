"""`perfreg-xlsx aggregate` end to end: blocking, --skip-invalid, text safety, atomic
replacement, repeatable bytes, and next year's run carrying this year's figures over."""

from __future__ import annotations

import csv
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import INPUTS_DIR, REGISTER_CSV, copy_published_history, table_records, valid_answers
from openpyxl import load_workbook

from perfreg_xlsx.cli.main import cli
from perfreg_xlsx.errors import OutputError
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.form.fill import fill_form
from perfreg_xlsx.form.template import write_template
from perfreg_xlsx.pipeline import build_report
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import Programme

CELLS = fm.layout(Programme.NETWORK).by_id()


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A project folder like the repository: inputs/ (22 networks, 32 clusters), history/,
    register."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for src in sorted(INPUTS_DIR.glob("*.xlsx")):
        if not src.name.startswith(("~$", "._")):
            shutil.copyfile(src, inputs / src.name)
    copy_published_history(tmp_path / "history")
    (tmp_path / "templates").mkdir()
    shutil.copyfile(REGISTER_CSV, tmp_path / "templates" / "networks.csv")
    return tmp_path


def run(
    project: Path, *args: str, inputs: Path | None = None, made_on: str = "2013-05-01"
) -> Result:
    """`perfreg-xlsx aggregate` in `project` (its inputs/ unless `inputs` is given)."""
    return CliRunner().invoke(
        cli,
        [
            "aggregate",
            str(inputs or project / "inputs"),
            "--register",
            str(project / "templates" / "networks.csv"),
            "--out",
            str(project / "out"),
            "--history",
            str(project / "history"),
            "--made-on",
            made_on,
            *args,
        ],
    )


def set_cell(path: Path, field_id: str, value: object) -> None:
    wb = load_workbook(path)
    ref = CELLS[field_id].cell
    wb[ref.sheet][ref.a1].value = value
    wb.save(path)


def network_counts(report: Path) -> dict[object, object]:
    ws = load_workbook(report, data_only=True)["Bilag 1"]
    # The year headers of an Excel table are text.
    return {int(str(ws.cell(3, c).value)): ws.cell(4, c).value for c in range(2, 8)}


def indicator(report: Path, iid: str) -> dict[int, object]:
    ws = load_workbook(report, data_only=True)["Indikatorer"]
    rows = table_records(ws, "Indikatorer")
    return {int(str(r["År"])): r["Værdi"] for r in rows if r["Indikator-id"] == iid}


def test_writes_the_report_and_records_the_year(project: Path) -> None:
    result = run(project)
    assert result.exit_code == 0, result.output
    report = project / "out" / "performanceregnskab_2012.xlsx"
    assert report.is_file()
    assert f"Wrote {report}" in result.output
    assert "No figures for" not in result.output  # every earlier year is in the history
    used = "54 questionnaire(s) used (22 of 22 innovation networks, 32 of 32 other clusters)"
    assert used in result.output
    recorded = project / "history" / "recorded_2012.csv"
    with recorded.open(encoding="utf-8-sig") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    assert rows["firms_new_products"]["value"] == "869"
    assert rows["networks_reporting"]["value"] == "22"
    # Issue 14 item 7: the answers recorded for next year's forms are said, as the figures are.
    answers = project / "history" / "answers_2012.csv"
    assert f"Recorded each network's 2012 answers in {answers}" in result.output
    with answers.open(encoding="utf-8-sig") as fh:
        assert len(list(csv.DictReader(fh))) == 54


def test_an_invalid_file_blocks_the_report(project: Path) -> None:
    broken = project / "inputs" / "robocluster_2012.xlsx"
    set_cell(broken, "firms_collab_sme", 100_000)
    result = run(project)
    assert result.exit_code == 1
    assert not (project / "out" / "performanceregnskab_2012.xlsx").exists()
    assert not (project / "history" / "recorded_2012.csv").exists()
    cell = CELLS["firms_collab_sme"].cell.a1
    assert "robocluster_2012.xlsx" in result.output
    assert f"Skema!{cell}" in result.output
    assert "part-exceeds-total" in result.output
    assert "No report written" in result.stderr


def test_skip_invalid_leaves_the_file_out_loudly(project: Path) -> None:
    broken = project / "inputs" / "robocluster_2012.xlsx"
    set_cell(broken, "firms_collab_sme", 100_000)
    result = run(project, "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "LEFT OUT of the report (1)" in result.output
    assert "robocluster_2012.xlsx" in result.output
    report = project / "out" / "performanceregnskab_2012.xlsx"
    assert network_counts(report)[2012] == "(21 netværk)"
    front = [
        v
        for row in load_workbook(report, data_only=True)["Forside"].iter_rows(values_only=True)
        for v in row
        if v is not None
    ]
    assert any("robocluster_2012.xlsx" in str(v) for v in front)
    # The totals follow the 21 networks: the left-out file is not counted.
    assert indicator(report, "networks_reporting")[2012] == 21
    # Incomplete figures are not recorded for next year's report.
    assert not (project / "history" / "recorded_2012.csv").exists()
    assert "Not recorded in" in result.output


def test_an_uncreatable_out_folder_is_a_clear_error(project: Path) -> None:
    (project / "blocker").write_text("a file where a folder should go", encoding="utf-8")
    result = run(project, "--out", str(project / "blocker" / "out"), "--no-record")
    assert result.exit_code == 1
    assert f"Error: cannot create {project / 'blocker' / 'out'}" in result.output
    assert "unexpected failure" not in result.output


def test_a_failed_recording_says_the_report_was_written(project: Path) -> None:
    (project / "history" / "recorded_2012.csv").mkdir()
    result = run(project)
    report = project / "out" / "performanceregnskab_2012.xlsx"
    assert result.exit_code == 1
    assert report.is_file()
    assert f"Error: wrote {report}, but could not record the 2012 figures" in result.output
    assert "--no-record" in result.output
    # The library says recording can be switched off; the command names the option.
    assert result.stderr.endswith("; recording can be switched off with --no-record\n")


def test_years_missing_from_the_history_are_named(project: Path) -> None:
    history = project / "history"
    (history / "bilag1_2007_2012.csv").unlink()
    (history / "other_published_figures.csv").write_text(
        "id,source_in_report,year,value,unit,note\nki_per_network_avg,Tabel 3.1,2010,16,antal,\n",
        encoding="utf-8",
    )
    result = run(project, "--no-record")
    assert result.exit_code == 0, result.output
    assert f"No figures for 2007, 2008, 2009, 2011 in {history}" in result.output


def test_strict_blocks_the_report_on_a_warning(project: Path) -> None:
    # A comment given as a formula is a warning (formula-in-answer), not an error.
    set_cell(project / "inputs" / "unik_2012.xlsx", "comment", '=CONCATENATE("a","b")')
    assert run(project, "--no-record").exit_code == 0
    report = project / "out" / "performanceregnskab_2012.xlsx"
    report.unlink()
    result = run(project, "--no-record", "--strict")
    assert result.exit_code == 1
    assert not report.exists()
    assert "No report written" in result.stderr
    result = run(project, "--no-record", "--strict", "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "unik_2012.xlsx" in result.output  # left out, loudly


def test_formula_looking_text_is_written_as_text(project: Path) -> None:
    evil = '=HYPERLINK("http://example.com","klik")'
    set_cell(project / "inputs" / "plastnet_2012.xlsx", "comment", evil)
    result = run(project)
    assert result.exit_code == 0, result.output
    report = project / "out" / "performanceregnskab_2012.xlsx"
    ws = load_workbook(report)["Data"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == evil]
    assert len(cells) == 1
    assert cells[0].data_type == "s"
    with zipfile.ZipFile(report) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/sheet"):
                # Text, never a formula (the Data sheet holds its text in-line).
                assert re.search(rb"<f>[^<]*HYPERLINK", zf.read(name)) is None


def _report_text(report: Path) -> str:
    with zipfile.ZipFile(report) as zf:
        return "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xml"))


def test_the_report_holds_no_contact_unless_asked(project: Path) -> None:
    # The report is e-mailed around: no person's name or e-mail in it by default.
    contact = ("mette.jensen@alucluster.dk", "Mette Jensen")
    assert run(project).exit_code == 0
    report = project / "out" / "performanceregnskab_2012.xlsx"
    text = _report_text(report)
    assert not any(c in text for c in contact)
    assert "kontaktpersoners navne og e-mails er udeladt" in text
    result = run(project, "--include-contacts")
    assert result.exit_code == 0, result.output
    text = _report_text(report)
    assert all(c in text for c in contact)
    assert "er udeladt: personoplysninger" not in text


def test_two_runs_give_identical_bytes(project: Path) -> None:
    report = project / "out" / "performanceregnskab_2012.xlsx"
    assert run(project).exit_code == 0
    first = report.read_bytes()
    assert run(project).exit_code == 0
    assert report.read_bytes() == first


def test_a_failed_write_keeps_the_previous_report(
    project: Path, register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(project).exit_code == 0
    report = project / "out" / "performanceregnskab_2012.xlsx"
    before = report.read_bytes()

    from perfreg_xlsx.workbook import render as write

    def half_then_fail(spec: object, target: Path) -> None:
        target.write_bytes(b"PK\x03\x04 half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write, "render", half_then_fail)
    with pytest.raises(OutputError):
        build_report(
            [project / "inputs"],
            register,
            out_dir=project / "out",
            history_dir=project / "history",
        )
    assert report.read_bytes() == before
    assert sorted(p.name for p in (project / "out").iterdir()) == [report.name]


def test_next_year_shows_the_recorded_year(project: Path, register: Register) -> None:
    # 2012 from 21 networks (one file removed), so the recorded figures differ from the
    # published ones and the 2013 report can only show them by reading the recording.
    (project / "inputs" / "transport_2012.xlsx").unlink()
    assert run(project).exit_code == 0
    recorded_2012 = indicator(
        project / "out" / "performanceregnskab_2012.xlsx", "firms_new_products"
    )[2012]
    assert recorded_2012 != 869

    template = project / "q2013.xlsx"
    write_template(template, 2013, Programme.NETWORK, register=register)
    inputs_2013 = project / "inputs2013"
    inputs_2013.mkdir()
    networks = register.of(Programme.NETWORK)
    for net in networks:
        fill_form(template, inputs_2013 / f"{net.short_name}_2013.xlsx", valid_answers(net.name))
    result = run(project, inputs=inputs_2013, made_on="2014-05-01")
    assert result.exit_code == 0, result.output
    report = project / "out" / "performanceregnskab_2013.xlsx"
    assert network_counts(report) == {
        2008: "(27 netværk)",
        2009: "(23 netværk)",
        2010: "(15 netværk)",
        2011: "(22 netværk)",
        2012: "(21 netværk)",
        2013: "(22 netværk)",
    }
    series = indicator(report, "firms_new_products")
    assert series[2012] == recorded_2012
    assert series[2011] == 728
    assert series[2013] == 10 * len(networks)


@pytest.mark.parametrize("name", ["unik_2012.xls", "unik_2012.ods"])
def test_an_unreadable_answer_blocks_the_report_and_is_never_recorded(
    project: Path, name: str
) -> None:
    # Issue 14 item 5: it was "Not read", the network "no file yet", and the report written
    # and recorded with exit 0 although an answer was missing.
    (project / "inputs" / "unik_2012.xlsx").rename(project / "inputs" / name)
    result = run(project)
    assert result.exit_code == 1
    assert f"{name}: REFUSED" in result.output and "No report written" in result.output
    assert not (project / "history" / "recorded_2012.csv").exists()
    left_out = run(project, "--skip-invalid")
    assert left_out.exit_code == 0, left_out.output
    assert "Not recorded" in left_out.output
    assert not (project / "history" / "recorded_2012.csv").exists()


@pytest.mark.parametrize(
    "lock", [".~lock.performanceregnskab_2012.xlsx#", "~$rformanceregnskab_2012.xlsx"]
)
def test_a_report_open_in_a_spreadsheet_program_is_said(project: Path, lock: str) -> None:
    """Issue 14 item 7: a report open in LibreOffice or Excel was replaced without a word."""
    assert run(project).exit_code == 0
    out = project / "out"
    (out / lock).write_bytes(b"someone,host,/home/someone;03.12.2026 18:00;")
    result = run(project)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    report = out / "performanceregnskab_2012.xlsx"
    assert f"Warning: {report} is open in a spreadsheet program ({lock} is beside it)" in said
    assert f"Wrote {report}" in said


def test_a_report_that_cannot_be_replaced_is_written_beside(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to replace a file Excel holds open: simulated by PermissionError."""
    assert run(project).exit_code == 0
    report = project / "out" / "performanceregnskab_2012.xlsx"
    before = report.read_bytes()
    real_replace = os.replace

    def held_open(src: object, dst: object) -> None:
        if Path(str(dst)) == report:
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", held_open)
    result = run(project, made_on="2013-06-01")
    assert result.exit_code == 0, result.output
    beside = project / "out" / "performanceregnskab_2012 (1).xlsx"
    said = " ".join(result.output.split())
    assert f"{report} could not be replaced (open in another program?): wrote {beside}" in said
    assert f"Wrote {beside}" in said
    assert report.read_bytes() == before  # the open file is left as it was
    assert beside.read_bytes() != before  # the new run (another date) is beside it
    assert load_workbook(beside).sheetnames == load_workbook(report).sheetnames
    assert sorted(p.name for p in (project / "out").iterdir()) == sorted([report.name, beside.name])


def test_the_report_names_files_without_the_users_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # An absolute path (/home/jens/...) would carry a user name into the e-mailed report.
    monkeypatch.setenv("HOME", str(project.parent))
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    assert run(project).exit_code == 0
    report = project / "out" / "performanceregnskab_2012.xlsx"
    text = _report_text(report)
    assert str(project) not in text
    assert f"~/{project.name}/inputs/alucluster_2012.xlsx" in text
    # Run from the project folder: the names relative to it.
    monkeypatch.chdir(project)
    assert run(project).exit_code == 0
    text = _report_text(report)
    assert str(project) not in text and "inputs/alucluster_2012.xlsx" in text
    assert "~/" not in text
