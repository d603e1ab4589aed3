"""Issue 14 items 1 and 3: last year's answers in the per-network forms, the movement check
live and in `validate`, and warnings the network explains in the "Forklaring" cell."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import INPUTS_DIR, valid_answers
from openpyxl import load_workbook
from soffice import to_xlsx

from perfreg_xlsx.cli.main import cli
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.form.fill import fill_form
from perfreg_xlsx.form.template import save_workbook
from perfreg_xlsx.models import FileResult
from perfreg_xlsx.pipeline import build_report, validate_folder
from perfreg_xlsx.report.answers_history import load_answers
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import NO, YES, Kind, Programme, Severity

ROWS = fm.layout(Programme.NETWORK).by_id()


def _forms(tmp_path: Path, *args: str) -> Path:
    forms = tmp_path / "forms"
    result = CliRunner().invoke(
        cli,
        ["template", "--year", "2013", "--out", str(tmp_path / "t"), "--per-network",
         "--forms-dir", str(forms), *args],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return forms


def _shown(v: object) -> object:
    return (YES if v else NO) if isinstance(v, bool) else v


@pytest.fixture(scope="module")
def last_year(register: Register) -> dict[str, dict[str, object]]:
    result = validate_folder([INPUTS_DIR], register, 2012)
    return {r.network: dict(r.values) for r in result.responses(include_invalid=True)}


def test_forms_show_each_networks_2012_answer(
    tmp_path: Path, register: Register, last_year: dict[str, dict[str, object]]
) -> None:
    forms = _forms(tmp_path, "--previous", str(INPUTS_DIR))
    checked = 0
    for network in register.of(Programme.NETWORK):
        ws = load_workbook(forms / f"{network.short_name}_2013.xlsx")["Skema"]
        assert ws.cell(fm.HEADER_ROW, fm.COL_PREVIOUS).value == "Sidste år"
        assert ws.cell(fm.HEADER_ROW, fm.COL_EXPLAIN).value == "Forklaring"
        before = last_year[network.short_name]
        for fid, m in ROWS.items():
            cell = ws.cell(m.cell.row, fm.COL_PREVIOUS)
            assert cell.value == _shown(before.get(fid)), (network.short_name, fid)
            assert cell.protection.locked
            assert not ws.cell(m.cell.row, fm.COL_EXPLAIN).protection.locked
            checked += before.get(fid) is not None
    assert checked > 1000  # 22 networks' answers, not an empty column


def test_a_new_network_gets_an_empty_column(tmp_path: Path, register: Register) -> None:
    inputs = tmp_path / "last"
    inputs.mkdir()
    shutil.copy(INPUTS_DIR / "alucluster_2012.xlsx", inputs)
    forms = _forms(tmp_path, "--previous", str(inputs))
    ws = load_workbook(forms / "biopeople_2013.xlsx")["Skema"]
    assert all(ws.cell(m.cell.row, fm.COL_PREVIOUS).value is None for m in ROWS.values())
    ws = load_workbook(forms / "alucluster_2013.xlsx")["Skema"]
    assert ws.cell(ROWS["employees_fte"].cell.row, fm.COL_PREVIOUS).value is not None


def test_aggregate_records_the_answers_and_template_uses_them(
    tmp_path: Path, register: Register, last_year: dict[str, dict[str, object]]
) -> None:
    history = tmp_path / "history"
    shutil.copytree(INPUTS_DIR.parent / "history", history)
    run = build_report([INPUTS_DIR], register, out_dir=tmp_path / "out", history_dir=history)
    assert run.recorded is not None
    recorded = load_answers(history, 2012)
    assert recorded is not None and set(recorded) == set(last_year)
    for network, values in last_year.items():
        for fid, v in values.items():
            if ROWS.get(fid) is None or ROWS[fid].field.kind in (Kind.INT, Kind.DEC, Kind.YESNO):
                assert recorded[network].get(fid) == v, (network, fid)
    forms = _forms(tmp_path, "--history", str(history))
    ws = load_workbook(forms / "alucluster_2013.xlsx")["Skema"]
    row = ROWS["employees_fte"].cell.row
    assert ws.cell(row, fm.COL_PREVIOUS).value == last_year["alucluster"]["employees_fte"]


def _answer_2013(
    forms: Path, dest: Path, network: str, name: str, changes: dict[str, object],
    explain: dict[str, str],
) -> Path:  # fmt: skip
    values = valid_answers(name)
    values.update(changes)
    fill_form(forms / f"{network}_2013.xlsx", dest, values)
    wb = load_workbook(dest)
    for fid, reason in explain.items():
        cell = wb["Skema"].cell(ROWS[fid].cell.row, fm.COL_EXPLAIN)
        cell.value, cell.data_type = reason, "s"
    save_workbook(wb, dest, datetime(2013, 1, 1))
    return dest


def _findings(r: FileResult, fid: str) -> list[tuple[str, Severity]]:
    return [(f.code, f.severity) for f in r.findings if f.field_id == fid]


def test_movement_warns_and_an_explained_warning_becomes_info(
    tmp_path: Path, register: Register, last_year: dict[str, dict[str, object]]
) -> None:
    forms = _forms(tmp_path, "--previous", str(INPUTS_DIR))
    before = last_year["alucluster"]["employees_fte"]
    assert isinstance(before, float) and before > 0
    name = register.with_short_name("alucluster").name  # type: ignore[union-attr]
    now = tmp_path / "2013"
    now.mkdir()
    jump = {"employees_fte": round(before * 6, 1)}
    _answer_2013(forms, now / "alucluster_2013.xlsx", "alucluster", name, jump, {})
    r = validate_folder([now], register, 2013, previous=INPUTS_DIR).files[0]
    assert ("implausible-change", Severity.WARNING) in _findings(r, "employees_fte")

    reason = '=HYPERLINK("x") Vi har ansat 20 nye'
    _answer_2013(forms, now / "alucluster_2013.xlsx", "alucluster", name, jump,
                 {"employees_fte": reason})  # fmt: skip
    r = validate_folder([now], register, 2013, previous=INPUTS_DIR).files[0]
    assert _findings(r, "employees_fte") == [("explained-warning", Severity.INFO)]
    f = next(f for f in r.findings if f.code == "explained-warning")
    assert f.value == f"“{reason}”" and "implausible-change" in f.message


def test_validate_compares_with_the_recorded_answers_without_previous(
    tmp_path: Path, register: Register, last_year: dict[str, dict[str, object]]
) -> None:
    """Issue 14 item 1/7: `validate` compared with last year only when given --previous,
    though `aggregate` records each network's answers for exactly that."""
    history = tmp_path / "history"
    shutil.copytree(INPUTS_DIR.parent / "history", history)
    assert build_report([INPUTS_DIR], register, out_dir=tmp_path / "out", history_dir=history)
    forms = _forms(tmp_path, "--history", str(history))
    before = last_year["alucluster"]["employees_fte"]
    assert isinstance(before, float) and before > 0
    name = register.with_short_name("alucluster").name  # type: ignore[union-attr]
    now = tmp_path / "2013"
    now.mkdir()
    jump = {"employees_fte": round(before * 6, 1)}
    _answer_2013(forms, now / "alucluster_2013.xlsx", "alucluster", name, jump, {})
    r = validate_folder([now], register, 2013, history_dir=history).files[0]
    assert ("implausible-change", Severity.WARNING) in _findings(r, "employees_fte")
    f = next(f for f in r.findings if f.code == "implausible-change")
    assert "answers_2012.csv" in f.message
    out = CliRunner().invoke(cli, ["validate", str(now), "--history", str(history)]).output
    assert "[implausible-change]" in out
    assert f"Compared with last year's answers recorded in {history / 'answers_2012.csv'}" in out
    # No recorded year before: nothing compared, nothing said.
    bare = CliRunner().invoke(cli, ["validate", str(now), "--history", str(tmp_path)]).output
    assert "[implausible-change]" not in bare and "Compared with" not in bare
    # aggregate and status count the same warning: `aggregate --strict` stops on it as
    # `validate --strict` does, and status shows it in the network's row.
    strict = CliRunner().invoke(cli, ["validate", str(now), "--history", str(history), "--strict"])
    assert strict.exit_code == 1
    agg = CliRunner().invoke(
        cli,
        ["aggregate", str(now), "--history", str(history), "--strict", "--no-record",
         "--out", str(tmp_path / "out13")],
    )  # fmt: skip
    assert agg.exit_code == 1 and "implausible-change" in agg.output, agg.output
    assert not (tmp_path / "out13" / "performanceregnskab_2013.xlsx").exists()
    status = CliRunner().invoke(
        cli, ["status", str(now), "--history", str(history), "--year", "2013", "--json"]
    )
    rows = json.loads(status.output)["networks"]
    row = next(r for r in rows if r["short_name"] == "alucluster")
    warned = sum(f.severity is Severity.WARNING for f in r.findings)
    assert warned >= 1 and (row["status"], row["errors"], row["warnings"]) == (
        "accepted",
        0,
        warned,
    )


def test_an_error_cannot_be_explained_away(tmp_path: Path, register: Register) -> None:
    forms = _forms(tmp_path)
    name = register.with_short_name("alucluster").name  # type: ignore[union-attr]
    now = tmp_path / "2013"
    now.mkdir()
    # A part above its total is an error.
    values = {"firms_collab": 1, "firms_collab_sme": 5}
    assert {"firms_collab", "firms_collab_sme"} <= set(ROWS)
    _answer_2013(forms, now / "a_2013.xlsx", "alucluster", name, values,
                 {"firms_collab_sme": "Det er rigtigt"})  # fmt: skip
    r = validate_folder([now], register, 2013).files[0]
    codes = _findings(r, "firms_collab_sme")
    assert any(s is Severity.ERROR for _, s in codes)
    assert ("explanation", Severity.INFO) in codes
    assert not any(c == "explained-warning" for c, _ in codes)


def test_the_form_shows_the_movement_warning_live_until_explained(
    tmp_path: Path, register: Register, last_year: dict[str, dict[str, object]]
) -> None:
    forms = _forms(tmp_path, "--previous", str(INPUTS_DIR))
    before = last_year["alucluster"]["employees_fte"]
    assert isinstance(before, float)
    name = register.with_short_name("alucluster").name  # type: ignore[union-attr]
    row = ROWS["employees_fte"].cell.row
    shown = {}
    for label, value, explain in (
        ("jump", round(before * 6, 1), {}),
        ("small", round(before * 2, 1), {}),
        ("explained", round(before * 6, 1), {"employees_fte": "Vi har ansat flere"}),
    ):
        dest = _answer_2013(forms, tmp_path / f"{label}.xlsx", "alucluster", name,
                            {"employees_fte": value}, explain)  # fmt: skip
        saved = to_xlsx(dest, tmp_path / f"lo_{label}")
        shown[label] = str(load_workbook(saved, data_only=True)["Skema"].cell(row, 6).value)
    assert shown["jump"].startswith("Bemærk: Svaret er ændret mere end en faktor 5")
    assert "faktor" not in shown["small"] and "faktor" not in shown["explained"]
