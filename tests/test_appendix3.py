"""Appendix 3, the wider landscape: 22 innovation networks and 32 other clusters.

Golden: the report made from the shipped inputs (`sample_report`, from conftest) shows the
published 2012 landscape totals in its "Bilag 3" sheet, read back with openpyxl, while appendix
1 stays the 22 networks' (the full comparison of appendix 1 is `test_golden`). Around it: the
aggregation keeps each indicator to its programmes, the cluster form asks only its subset, a
form of the wrong programme is refused, and the populations are told apart on the front sheet
and in the terminal.
"""

from __future__ import annotations

import csv
import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import HISTORY_DIR, INPUTS_DIR, REGISTER_CSV, MakeForm, table_records, valid_answers
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from survey_names import APPENDIX1, INDICATORS_BY_ID, LANDSCAPE, fields_for

from perfreg_xlsx.cli.main import cli
from perfreg_xlsx.form import fieldmap as fm
from perfreg_xlsx.models import FileStatus, Response, ValidationResult
from perfreg_xlsx.pipeline import build_report, validate_folder
from perfreg_xlsx.report.aggregate import aggregate, compute
from perfreg_xlsx.report.appendix3 import APPENDIX3, COLUMNS, appendix3_sheet
from perfreg_xlsx.report.history import History, load_history, record_year
from perfreg_xlsx.survey.landscape import LANDSCAPE_ROWS, landscape_id
from perfreg_xlsx.survey.populations import populations, summary_line
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import BOTH, PROGRAMME_NAMES, Programme, Severity

YEAR = 2012
FIRM_STEMS = ("firms_participating", "firms_collab", "firms_new_products")


def _published_landscape() -> dict[str, int]:
    with (HISTORY_DIR / "other_published_figures.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["id"].startswith("landscape_")]
    return {r["id"]: int(r["value"]) for r in rows if int(r["year"]) == YEAR}


@pytest.fixture(scope="module")
def bilag3(sample_report: Path) -> Worksheet:
    ws = load_workbook(sample_report)[APPENDIX3]
    assert isinstance(ws, Worksheet)
    return ws


def _row(ws: Worksheet, label: str) -> int:
    rows = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label]
    assert len(rows) == 1, (label, rows)
    return rows[0]


def _numbers(ws: Worksheet, row: int, first: int, last: int) -> list[int]:
    """The whole numbers of a row; they must be stored as numbers, not as text."""
    cells = [ws.cell(row, c) for c in range(first, last + 1)]
    values = [c.value for c in cells]
    assert all(c.data_type == "n" for c in cells), values
    assert all(isinstance(v, int) for v in values), values
    return [v for v in values if isinstance(v, int)]


# --- Golden: the shipped inputs give the published landscape --------------------------------


def test_shipped_inputs_are_the_54_organisations_of_the_register(register: Register) -> None:
    names = sorted(p.name for p in INPUTS_DIR.glob("*.xlsx"))
    assert names == sorted(f"{n.short_name}_{YEAR}.xlsx" for n in register.networks)
    assert Counter(n.programme for n in register.networks) == {
        Programme.NETWORK: 22,
        Programme.CLUSTER: 32,
    }


def test_report_shows_the_published_landscape_totals(bilag3: Worksheet) -> None:
    published = _published_landscape()
    assert published == {
        "landscape_clusters": 54,
        "landscape_firms_participating": 14_225,
        "landscape_firms_collab": 2_886,
        "landscape_firms_new_products": 1_407,
    }
    head = _row(bilag3, "Indikator")
    assert [bilag3.cell(head, c).value for c in range(2, 5)] == [
        "Innovationsnetværk",
        "Øvrige klynger",
        "I alt",
    ]
    for stem, _field, label in LANDSCAPE_ROWS:
        networks, others, total = _numbers(bilag3, _row(bilag3, label), 2, 4)
        assert total == published[landscape_id(stem)], stem
        assert networks + others == total, stem
    assert _numbers(bilag3, _row(bilag3, "Antal klynger og netværk"), 2, 4) == [22, 32, 54]


def test_innovation_network_column_is_appendix_1(sample_report: Path, bilag3: Worksheet) -> None:
    """The split's network column repeats appendix 1's 2012 figures, from the 22 networks."""
    book = load_workbook(sample_report, data_only=True)
    bilag1 = book["Bilag 1"]
    heads = {str(bilag1.cell(3, c).value): c for c in range(2, bilag1.max_column + 1)}
    years = {int(head): c for head, c in heads.items() if head.isdigit()}
    col = years[YEAR]
    assert bilag1.cell(4, col).value == "(22 netværk)"
    labels = {bilag1.cell(r, 1).value: r for r in range(5, bilag1.max_row + 1)}
    for stem, field, label in LANDSCAPE_ROWS:
        if field is None:
            continue
        in_appendix1 = bilag1.cell(labels[INDICATORS_BY_ID[stem].label_da], col).value
        assert bilag3.cell(_row(bilag3, label), 2).value == in_appendix1, stem
    assert bilag1.cell(labels[INDICATORS_BY_ID["firms_participating"].label_da], col).value == 7383


def test_indicators_sheet_holds_the_landscape_ids(sample_report: Path) -> None:
    ws = load_workbook(sample_report, data_only=True)["Indikatorer"]
    got = {
        r["Indikator-id"]: (r["Værdi"], r["Antal netværk"])
        for r in table_records(ws, "Indikatorer")
        if r["År"] == YEAR and str(r["Indikator-id"]).startswith("landscape_")
    }
    assert got["landscape_clusters"] == (54, 54)
    assert got["landscape_clusters_networks"] == (22, 22)
    assert got["landscape_clusters_others"] == (32, 32)
    assert got["landscape_firms_collab"] == (2886, 54)
    assert got["landscape_firms_new_products_others"] == (538, 32)
    assert len(got) == len(LANDSCAPE) == 12


def test_table5_counts_the_register_by_theme_area(bilag3: Worksheet, register: Register) -> None:
    head = _row(bilag3, "Temaområde")
    assert bilag3.cell(head, 5).value == f"Med i opgørelsen {YEAR}"
    themes: dict[str, list[int]] = {}
    row = head + 1
    while bilag3.cell(row, 1).value != "I alt":
        themes[str(bilag3.cell(row, 1).value)] = _numbers(bilag3, row, 2, 5)
        row += 1
    assert _numbers(bilag3, row, 2, 5) == [22, 32, 54, 54]
    expected: dict[str, list[int]] = {}
    for net in register.networks:
        counts = expected.setdefault(net.theme_area, [0, 0, 0, 0])
        counts[0 if net.programme is Programme.NETWORK else 1] += 1
        counts[2] += 1
        counts[3] += 1  # every organisation answered
    assert themes == expected
    assert themes["Produktionsteknologi og nye materialer"] == [6, 6, 12, 12]


def test_every_organisation_is_listed_with_its_type_and_answer(
    bilag3: Worksheet, register: Register
) -> None:
    head = _row(bilag3, "Navn")
    listed = {
        bilag3.cell(r, 1).value: (bilag3.cell(r, 2).value, bilag3.cell(r, 3).value)
        for r in range(head + 1, bilag3.max_row + 1)
        if bilag3.cell(r, 4).value == "Ja"
    }
    assert len(listed) == 54
    for net in register.networks:
        kind = "Innovationsnetværk" if net.programme is Programme.NETWORK else "Øvrig klynge"
        assert listed[net.name] == (kind, net.theme_area), net.name


def test_split_chart_points_at_the_table(sample_report: Path, bilag3: Worksheet) -> None:
    with zipfile.ZipFile(sample_report) as z:
        charts = [
            z.read(n).decode("utf-8")
            for n in z.namelist()
            if n.startswith("xl/charts/chart") and "'Bilag 3'!" in z.read(n).decode("utf-8")
        ]
    assert len(charts) == 1
    xml = charts[0]
    assert '<c:grouping val="percentStacked"/>' in xml and '<c:barDir val="bar"/>' in xml
    refs = re.findall(r"<c:f>'Bilag 3'!(\$[A-Z]+\$\d+(?::\$[A-Z]+\$\d+)?)</c:f>", xml)
    first = _row(bilag3, LANDSCAPE_ROWS[1][2])
    last = _row(bilag3, LANDSCAPE_ROWS[-1][2])
    head = _row(bilag3, "Indikator")
    assert refs == [
        f"$B${head}",
        f"$A${first}:$A${last}",
        f"$B${first}:$B${last}",
        f"$C${head}",
        f"$A${first}:$A${last}",
        f"$C${first}:$C${last}",
    ]
    # The cells the series read are the split of the three firm totals.
    assert [bilag3.cell(r, 2).value for r in range(first, last + 1)] == [7383, 1801, 869]
    assert [bilag3.cell(r, 3).value for r in range(first, last + 1)] == [6842, 1085, 538]


def test_front_sheet_counts_the_populations_apart(sample_report: Path) -> None:
    ws = load_workbook(sample_report)["Forside"]
    facts = {
        ws.cell(r, 1).value: ws.cell(r, 2).value
        for r in range(1, 16)
        if isinstance(ws.cell(r, 2).value, int)
    }
    assert facts["Besvarelser med i opgørelsen"] == 54
    assert facts["– heraf innovationsnetværk"] == 22
    assert facts["– heraf øvrige klynger"] == 32
    assert facts["Innovationsnetværk, der ikke har svaret"] == 0
    assert facts["Øvrige klynger, der ikke har svaret"] == 0
    column = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert "Innovationsnetværk (22)" in column and "Øvrige klynger (32)" in column
    assert "Bilag 3" in column  # in the table of contents


# --- Aggregation: each indicator from the programmes it covers -------------------------------


def _resp(short: str, programme: Programme, firms: int) -> Response:
    values: dict[str, int | None] = {f.id: None for f in fields_for(programme)}
    values.update(firms_participating=firms, firms_collab=firms // 2, firms_new_products=1)
    return Response(
        network=short,
        network_name=short.upper(),
        programme=programme,
        file=f"{short}_{YEAR}.xlsx",
        sha256="0" * 64,
        survey_year=YEAR,
        template_version=fm.template_version(),
        values=values,  # type: ignore[arg-type]
    )


def test_landscape_indicators_cover_their_programmes_only() -> None:
    rs = [
        _resp("n1", Programme.NETWORK, 100),
        _resp("n2", Programme.NETWORK, 50),
        _resp("c1", Programme.CLUSTER, 1000),
    ]
    by_id = INDICATORS_BY_ID
    assert compute(by_id["landscape_clusters"], rs, YEAR).value == 3
    assert compute(by_id["landscape_clusters_networks"], rs, YEAR).value == 2
    assert compute(by_id["landscape_clusters_others"], rs, YEAR).value == 1
    total = compute(by_id["landscape_firms_participating"], rs, YEAR)
    assert (total.value, total.networks) == (1150, 3)
    assert compute(by_id["landscape_firms_participating_others"], rs, YEAR).value == 1000
    # Appendix 1 is the innovation networks', whatever clusters answered.
    assert compute(by_id["firms_participating"], rs, YEAR).value == 150
    assert compute(by_id["networks_reporting"], rs, YEAR).value == 2
    assert compute(by_id["firms_participating_avg"], rs, YEAR).value == 75


def test_catalogue_declares_the_landscape_as_the_published_ids() -> None:
    assert {i.id for i in LANDSCAPE} >= set(_published_landscape())
    for ind in LANDSCAPE:
        assert not ind.appendix1 and ind.id.startswith("landscape_")
        assert ind.unit == "antal" and ind.decimals == 0
    totals = [INDICATORS_BY_ID[landscape_id(stem)] for stem, _, _ in LANDSCAPE_ROWS]
    assert all(i.programmes == BOTH for i in totals)
    for suffix, _heading in COLUMNS[:2]:
        split = {INDICATORS_BY_ID[landscape_id(s, suffix)].programmes for s, _, _ in LANDSCAPE_ROWS}
        assert len(split) == 1 and len(split.pop()) == 1
    assert not {i.id for i in APPENDIX1} & {i.id for i in LANDSCAPE}


def test_clusters_do_not_change_appendix_1() -> None:
    networks = [_resp(f"n{i}", Programme.NETWORK, 10 * i) for i in range(1, 4)]
    clusters = [_resp(f"c{i}", Programme.CLUSTER, 999) for i in range(1, 3)]
    alone = aggregate(networks, History(), YEAR, n_years=1)
    both = aggregate([*networks, *clusters], History(), YEAR, n_years=1)
    for ind in APPENDIX1:
        assert both.get(ind.id).series == alone.get(ind.id).series, ind.id
    assert both.networks_reporting == {YEAR: 3}
    assert both.get("landscape_clusters").value(YEAR) == 5
    assert alone.get("landscape_clusters_others").value(YEAR) == 0


def test_history_loads_published_and_recorded_landscape(tmp_path: Path) -> None:
    folder = tmp_path / "history"
    folder.mkdir()
    for name in ("bilag1_2007_2012.csv", "other_published_figures.csv"):
        shutil.copyfile(HISTORY_DIR / name, folder / name)
    published = load_history(folder, before_year=2013)
    fig = published[("landscape_firms_participating", YEAR)]
    # Appendix 3 counts the clusters too: the 22 of networks_reporting are not behind it.
    assert (fig.value, fig.networks, fig.source) == (14_225, None, "published")
    rs = [_resp("n1", Programme.NETWORK, 70), _resp("c1", Programme.CLUSTER, 30)]
    record_year(folder, aggregate(rs, published, YEAR))
    recorded = load_history(folder, before_year=2013)
    fig = recorded[("landscape_firms_participating", YEAR)]
    assert (fig.value, fig.networks, fig.source) == (100, 2, "recorded")
    assert recorded[("landscape_clusters_others", YEAR)].value == 1


# --- Validation: the cluster form asks its subset; the wrong form is refused -----------------


def _validate(folder: Path, register: Register) -> ValidationResult:
    return validate_folder([folder], register, YEAR)


def test_cluster_form_asks_only_its_subset(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    cluster = register.of(Programme.CLUSTER)[0]
    answers = valid_answers(cluster.name, Programme.CLUSTER)
    asked = {f.id for f in fields_for(Programme.CLUSTER)}
    assert set(answers) == asked
    assert asked >= {"network", "firms_participating", "firms_collab", "firms_new_products"}
    assert "turnover" not in asked and "firms_new_ideas" not in asked
    make_form(f"{cluster.short_name}_{YEAR}.xlsx", answers, Programme.CLUSTER)
    result = _validate(tmp_path, register)
    (file,) = result.files
    assert file.status is FileStatus.ACCEPTED and file.findings == ()
    assert file.response is not None and set(file.response.values) == asked


def test_an_empty_cluster_answer_names_only_cluster_fields(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    cluster = register.of(Programme.CLUSTER)[1]
    answers = valid_answers(cluster.name, Programme.CLUSTER)
    answers["firms_collab"] = None
    make_form(f"{cluster.short_name}_{YEAR}.xlsx", answers, Programme.CLUSTER)
    (file,) = _validate(tmp_path, register).files
    not_answered = [f.field_id for f in file.findings if f.code == "not-answered"]
    assert not_answered == ["firms_collab"]
    network_only = {f.id for f in fields_for(Programme.NETWORK)} - {
        f.id for f in fields_for(Programme.CLUSTER)
    }
    assert not {f.field_id for f in file.findings} & network_only


def test_cluster_form_for_an_innovation_network_is_refused(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    network = register.of(Programme.NETWORK)[0]
    make_form("form.xlsx", valid_answers(network.name, Programme.CLUSTER), Programme.CLUSTER)
    (file,) = _validate(tmp_path, register).files
    assert file.status is FileStatus.REFUSED and file.response is None
    (f,) = [f for f in file.findings if f.severity is Severity.ERROR]
    assert (f.code, f.sheet, f.cell) == ("wrong-form-type", fm.SHEET_FORM, "E4")
    cluster_form = PROGRAMME_NAMES[Programme.CLUSTER].form_da
    network_form = PROGRAMME_NAMES[Programme.NETWORK].form_da
    assert f.message == (
        f"Skema!E4: {network.name} is an innovation network, but this is the form "
        f"“{cluster_form}”. Answer on the questionnaire “{network_form}”."
    )
    assert f.message_da.startswith(f"Skema!E4: {network.name} er et innovationsnetværk")
    assert f"skemaet “{cluster_form}”." in f.message_da
    assert f.expected == PROGRAMME_NAMES[Programme.NETWORK].form_da


def test_innovation_form_for_a_cluster_is_refused_and_blocks_the_report(
    make_form: MakeForm, register: Register, tmp_path: Path
) -> None:
    cluster = register.of(Programme.CLUSTER)[0]
    network = register.of(Programme.NETWORK)[0]
    folder = tmp_path / "in"
    folder.mkdir()
    make_form("a.xlsx", valid_answers(network.name), folder=folder)
    make_form("b.xlsx", valid_answers(cluster.name), folder=folder)
    run = build_report([folder], register, out_dir=tmp_path / "out", record=False)
    assert run.blocked
    (f,) = [f for f in run.validation.errors]
    assert f.code == "wrong-form-type" and f.network == cluster.short_name
    network_form = PROGRAMME_NAMES[Programme.NETWORK].form_da
    cluster_form = PROGRAMME_NAMES[Programme.CLUSTER].form_da
    assert f.message == (
        f"Skema!E4: {cluster.name} is a cluster, but this is the form “{network_form}”. "
        f"Answer on the questionnaire “{cluster_form}”."
    )


# --- The populations in the terminal and in the layout ---------------------------------------


def test_validate_lists_missing_organisations_per_population(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    gone = {"ve-net", "marcod", "green-ship"}
    for src in INPUTS_DIR.glob("*.xlsx"):
        if src.name.split("_")[0] not in gone:
            shutil.copyfile(src, folder / src.name)
    result = CliRunner().invoke(cli, ["validate", str(folder), "--register", str(REGISTER_CSV)])
    assert result.exit_code == 0, result.output
    assert "Files from 21 of 22 innovation networks, 30 of 32 other clusters." in result.output
    assert "No file yet from 1 of 22 innovation networks: ve-net" in result.output
    assert "No file yet from 2 of 32 other clusters: green-ship, marcod" in result.output


def test_populations_count_apart(register: Register) -> None:
    answered = {n.short_name for n in register.networks} - {"ve-net", "marcod"}
    net, clu = populations(register, answered)
    assert (net.programme, net.registered, net.answered, net.missing) == (
        Programme.NETWORK,
        22,
        21,
        ("ve-net",),
    )
    assert (clu.registered, clu.answered, clu.missing) == (32, 31, ("marcod",))
    assert summary_line((net, clu)) == "21 of 22 innovation networks, 31 of 32 other clusters"
    only_networks = Register(register.of(Programme.NETWORK))
    assert summary_line(populations(only_networks, answered)) == "21 of 22 innovation networks"


def test_appendix3_sheet_without_answers_from_clusters(register: Register) -> None:
    """With the networks alone the totals are theirs, and the clusters' figures are NA."""
    history = load_history(HISTORY_DIR, before_year=YEAR)
    networks = [
        _resp(n.short_name, Programme.NETWORK, 10) for n in register.of(Programme.NETWORK)[:3]
    ]
    summary = aggregate(networks, history, YEAR)
    sheet = appendix3_sheet(summary, register)
    r, _ = sheet.find("Antal deltagende virksomheder")
    assert [sheet.value(r, c) for c in (1, 2, 3)] == [30, "[x]", 30]
    r, _ = sheet.find("Antal klynger og netværk")
    assert [sheet.value(r, c) for c in (1, 2, 3)] == [3, 0, 3]
    r = max(row for (row, col), cell in sheet.cells.items() if cell.value == "I alt")
    assert [sheet.value(r, c) for c in (1, 2, 3, 4)] == [22, 32, 54, 3]
    head, _ = sheet.find("Navn")
    answers = [v.value for (row, col), v in sheet.cells.items() if col == 3 and row > head]
    assert Counter(answers) == {"Ja": 3, "Nej": 51}
    (chart,) = sheet.charts
    assert chart.options == {"type": "bar", "subtype": "percent_stacked"}


def test_aggregate_counts_the_populations_apart(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for src in INPUTS_DIR.glob("*.xlsx"):
        if src.name.split("_")[0] != "marcod":
            shutil.copyfile(src, folder / src.name)
    history = tmp_path / "history"
    history.mkdir()
    for name in ("bilag1_2007_2012.csv", "other_published_figures.csv"):
        shutil.copyfile(HISTORY_DIR / name, history / name)
    args = ["aggregate", str(folder), "--register", str(REGISTER_CSV), "--history", str(history)]
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, [*args, "--out", str(out), "--no-record"])
    assert result.exit_code == 0, result.output
    assert (
        "53 questionnaire(s) used (22 of 22 innovation networks, 31 of 32 other clusters)."
        in result.output
    )
    assert "No file yet from 1 of 32 other clusters: marcod" in result.output
    assert "innovation networks:" not in result.output  # none of them is missing
    ws = load_workbook(out / "performanceregnskab_2012.xlsx")["Forside"]
    facts = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, 16)}
    assert facts["Øvrige klynger, der ikke har svaret"] == 1
    assert facts["Innovationsnetværk, der ikke har svaret"] == 0
