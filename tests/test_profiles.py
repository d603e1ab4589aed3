"""`perfreg-xlsx profiles`: one feedback workbook per innovation network.

The expected figures are computed here from the validated responses with plain arithmetic
(not with `aggregate` or `profile`), then compared with what the written workbooks hold.
"""

from __future__ import annotations

import html
import re
import shutil
import statistics
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import (
    INPUTS_DIR,
    MADE_ON,
    REGISTER_CSV,
    drawing_alt_texts,
    names_a_number,
    valid_answers,
)
from openpyxl.worksheet.worksheet import Worksheet

from perfreg_xlsx.cli.main import cli
from perfreg_xlsx.errors import OutputError
from perfreg_xlsx.form.fill import fill_form
from perfreg_xlsx.form.template import write_template
from perfreg_xlsx.models import Response
from perfreg_xlsx.pipeline import ProfilesRun, build_profiles, validate_folder
from perfreg_xlsx.profiles.chart_sheets import DATA_SHEET, chart_label
from perfreg_xlsx.profiles.profile import (
    MIN_GROUP,
    MIN_SPREAD_GROUP,
    GroupStats,
    ProfileData,
    ProfileRow,
    profile_indicators,
)
from perfreg_xlsx.profiles.sheets import (
    COL_CHANGE,
    COL_LABEL,
    COL_MEAN,
    COL_MEDIAN,
    COL_N,
    COL_OWN,
    COL_PREVIOUS,
    COL_Q1,
    COL_Q3,
    COL_RANK,
    COL_THEME_MEAN,
    COL_THEME_N,
    COL_UNIT,
    NA,
    NOT_SHOWN,
    PROFILE_SHEET,
    profile_workbook,
)
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import Agg, Indicator, Programme
from perfreg_xlsx.workbook import render as write_mod

YEAR = 2012
YES_NO = {Agg.SHARE_YES, Agg.ANY_YES, Agg.COUNT_YES, Agg.SHARE_POSITIVE, Agg.COUNT_POSITIVE}


# --- The expected figures, computed independently --------------------------------------------


def own(ind: Indicator, r: Response) -> float | bool | None:
    """A network's own figure of `ind`, by the catalogue's definition, in plain floats."""
    v = r.values

    def num(f: str) -> float | None:
        x = v.get(f)
        assert x is None or (isinstance(x, int | float) and not isinstance(x, bool))
        return None if x is None else float(x)

    if ind.agg in (Agg.SHARE_YES, Agg.COUNT_YES):
        answer = v.get(ind.fields[0])
        assert answer is None or isinstance(answer, bool)
        return answer
    if ind.agg is Agg.ANY_YES:
        answers = [v.get(f) for f in ind.fields]
        if any(a is True for a in answers):
            return True
        return False if all(a is False for a in answers) else None
    if ind.agg in (Agg.SUM, Agg.MEAN):
        parts = [x for x in (num(f) for f in ind.fields) if x is not None]
        return sum(parts) * ind.scale if parts else None
    if ind.agg is Agg.RATIO:
        top, bottom = num(ind.fields[0]), num(ind.fields[1])
        if top is None or not bottom:
            return None
        return top / bottom * ind.scale
    if ind.agg is Agg.SHARE_OF_SUM:
        parts = [x for x in (num(f) for f in ind.fields[:-1]) if x is not None]
        total = num(ind.fields[-1])
        if not parts or not total:
            return None
        return sum(parts) / total * 100
    raise AssertionError(f"no per-network definition for {ind.agg}")


def close(a: object, b: float) -> bool:
    return isinstance(a, int | float) and abs(float(a) - b) <= 1e-9 * max(1.0, abs(b))


@dataclass
class Expected:
    """Everything the test expects of one indicator row in one network's profile."""

    own: float | bool | None
    mean: float | None
    median: float | None = None
    q1: float | None = None
    q3: float | None = None
    rank: int | None = None
    n: int = 0
    theme_mean: float | None = None
    theme_n: int = 0


def expected_rows(
    responses: Sequence[Response], register: Register, network: str
) -> list[Expected]:
    themes = {n.short_name: n.theme_area for n in register.networks}
    mine = themes[network]
    members = [r for r in responses if themes[r.network] == mine]
    rows: list[Expected] = []
    for ind in profile_indicators():
        values = {r.network: own(ind, r) for r in responses}
        known = [x for x in values.values() if x is not None]
        theme_known = [x for r in members if (x := values[r.network]) is not None]
        mine_value = values[network]
        if ind.agg in YES_NO:
            mean = 100 * sum(1 for x in known if x is True) / len(known)
            rows.append(Expected(mine_value, mean, n=len(known)))
            continue
        floats = sorted(float(x) for x in known)
        q1, _, q3 = statistics.quantiles(floats, n=4, method="inclusive")
        assert isinstance(mine_value, float)
        e = Expected(
            own=mine_value,
            mean=statistics.fmean(floats),
            median=statistics.median(floats),
            q1=q1,
            q3=q3,
            rank=1 + sum(1 for x in floats if x > mine_value),
            n=len(floats),
        )
        if len(members) >= 3 and len(theme_known) >= 3:
            e.theme_mean = statistics.fmean(float(x) for x in theme_known)
            e.theme_n = len(theme_known)
        rows.append(e)
    return rows


# --- Fixtures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def responses(register: Register) -> tuple[Response, ...]:
    result = validate_folder([INPUTS_DIR], register, None)
    assert not result.errors
    return tuple(r for r in result.responses() if r.programme is Programme.NETWORK)


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory, register: Register) -> ProfilesRun:
    out = tmp_path_factory.mktemp("profiles") / "out"
    return build_profiles([INPUTS_DIR], register, out_dir=out, made_on=MADE_ON)


def table_rows(ws: Worksheet) -> list[tuple[object, ...]]:
    """The indicator rows of "Profil": rows with a unit below the table header."""
    head = next(
        r for r in range(1, ws.max_row + 1) if ws.cell(r, COL_LABEL + 1).value == "Indikator"
    )
    rows = []
    for r in range(head + 2, ws.max_row + 1):
        if ws.cell(r, COL_UNIT + 1).value is not None:
            rows.append(tuple(ws.cell(r, c + 1).value for c in range(COL_THEME_N + 1)))
    return rows


def pct_or_num(row: ProfileRow | Indicator, value: float) -> float:
    unit = row.unit
    return value / 100 if unit == "pct" else value


# --- The workbooks -------------------------------------------------------------------------


def test_one_profile_per_sample_network(sample_run: ProfilesRun, register: Register) -> None:
    assert not sample_run.blocked
    names = sorted(p.name for p in sample_run.paths)
    networks = sorted(n.short_name for n in register.of(Programme.NETWORK))
    assert len(names) == 22
    assert names == [f"{n}_{YEAR}.xlsx" for n in networks]
    assert {p.parent.name for p in sample_run.paths} == {"profiles"}
    assert not list(sample_run.paths[0].parent.glob("*.tmp"))


def test_values_match_independent_computation(
    sample_run: ProfilesRun, responses: tuple[Response, ...], register: Register
) -> None:
    indicators = profile_indicators()
    for path in sample_run.paths:
        network = path.name.removesuffix(f"_{YEAR}.xlsx")
        ws = openpyxl.load_workbook(path)[PROFILE_SHEET]
        rows = table_rows(ws)
        assert len(rows) == len(indicators)
        for ind, cells, e in zip(
            indicators, rows, expected_rows(responses, register, network), strict=True
        ):
            where = f"{network} {ind.id}"
            if ind.agg in YES_NO:
                answer = "Ikke besvaret" if e.own is None else ("Ja" if e.own else "Nej")
                assert cells[COL_OWN] == answer, where
                assert e.mean is not None
                assert close(cells[COL_MEAN], e.mean / 100), where
                for col in (COL_MEDIAN, COL_Q1, COL_Q3, COL_RANK, COL_THEME_MEAN, COL_THEME_N):
                    assert cells[col] == NOT_SHOWN, where
                assert cells[COL_N] == e.n
                continue
            assert isinstance(e.own, float) and e.mean is not None
            assert close(cells[COL_OWN], pct_or_num(ind, e.own)), where
            for col, value in (
                (COL_MEAN, e.mean),
                (COL_MEDIAN, e.median),
                (COL_Q1, e.q1),
                (COL_Q3, e.q3),
            ):
                assert value is not None
                assert close(cells[col], pct_or_num(ind, value)), (where, col)
            assert cells[COL_RANK] == e.rank, where
            assert cells[COL_N] == e.n == 22
            if e.theme_mean is None:
                assert cells[COL_THEME_MEAN] == cells[COL_THEME_N] == NOT_SHOWN, where
            else:
                assert close(cells[COL_THEME_MEAN], pct_or_num(ind, e.theme_mean)), where
                assert cells[COL_THEME_N] == e.theme_n
            # No --previous: last year is not available.
            assert cells[COL_PREVIOUS] == cells[COL_CHANGE] == NA


def test_theme_area_figures_only_for_groups_of_three(
    sample_run: ProfilesRun, register: Register
) -> None:
    themes = {n.short_name: n.theme_area for n in register.of(Programme.NETWORK)}
    sizes = {t: list(themes.values()).count(t) for t in themes.values()}
    assert sorted(set(sizes.values())) == [1, 2, 3, 6]  # the sample covers both cases
    for path in sample_run.paths:
        network = path.name.removesuffix(f"_{YEAR}.xlsx")
        rows = table_rows(openpyxl.load_workbook(path)[PROFILE_SHEET])
        theme_n = [r[COL_THEME_N] for r in rows if r[COL_THEME_N] != NOT_SHOWN]
        if sizes[themes[network]] < MIN_GROUP:
            assert theme_n == []
        else:
            assert theme_n and all(n == sizes[themes[network]] for n in theme_n)
        # Every group size shown beside a figure is at least three.
        sizes_shown = [r[c] for r in rows for c in (COL_N, COL_THEME_N) if r[c] != NOT_SHOWN]
        assert all(isinstance(n, int) and n >= MIN_GROUP for n in sizes_shown)


def _all_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(
            z.read(name).decode("utf-8") for name in sorted(z.namelist()) if name.endswith(".xml")
        )


def test_no_other_network_is_named(sample_run: ProfilesRun, register: Register) -> None:
    for path in sample_run.paths:
        network = path.name.removesuffix(f"_{YEAR}.xlsx")
        text = _all_xml(path).casefold()
        me = register.by_short_name()[network]
        assert html.escape(me.name, quote=False).casefold() in text
        for other in register.networks:
            if other.short_name == network:
                continue
            assert html.escape(other.name, quote=False).casefold() not in text, other.name
            # Short names are words in the text (and part of their file names).
            pattern = rf"(?<![\w-]){re.escape(other.short_name)}(?![\w-])"
            if other.short_name != me.theme_area.casefold():
                assert not re.search(pattern, text), (path.name, other.short_name)


def _numbers_in_workbook(path: Path) -> list[float]:
    """Every number stored in the workbook: sheet cells and the charts' cached values."""
    numbers: list[float] = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            xml = z.read(name).decode("utf-8")
            if name.startswith("xl/worksheets/"):
                for cell in re.finditer(r"<c [^>]*?(?:/>|>(.*?)</c>)", xml):
                    inner = cell.group(0)
                    if ' t="s"' in inner or ' t="str"' in inner or ' t="inlineStr"' in inner:
                        continue
                    value = re.search(r"<v>([^<]*)</v>", inner)
                    if value:
                        numbers.append(float(value.group(1)))
            elif name.startswith("xl/charts/"):
                for cache in re.finditer(r"<c:numCache>(.*?)</c:numCache>", xml, re.S):
                    numbers += [float(v) for v in re.findall(r"<c:v>([^<]*)</c:v>", cache[1])]
    return numbers


def test_only_own_answers_and_aggregates(
    sample_run: ProfilesRun, responses: tuple[Response, ...], register: Register
) -> None:
    """Every number in a profile is the network's own, a group aggregate, or a fact."""
    indicators = profile_indicators()
    for path in sample_run.paths:
        network = path.name.removesuffix(f"_{YEAR}.xlsx")
        allowed: list[float] = [YEAR, 22, MADE_ON.toordinal() - 693594]  # year, count, date
        allowed += range(1, 23)  # ranks, group sizes
        for ind, e in zip(indicators, expected_rows(responses, register, network), strict=True):
            scale = 0.01 if ind.unit == "pct" or ind.agg in YES_NO else 1.0
            for x in (e.own, e.mean, e.median, e.q1, e.q3, e.theme_mean):
                if isinstance(x, float):
                    allowed.append(x * scale)
        numbers = _numbers_in_workbook(path)
        assert len(numbers) > 300
        stray = [x for x in numbers if not any(close(x, a) for a in allowed)]
        assert stray == [], (path.name, stray[:5])


def test_min_and_max_of_others_are_not_shown(
    sample_run: ProfilesRun, responses: tuple[Response, ...]
) -> None:
    """The lowest and highest answers are single networks' answers: never in another profile."""
    ind = next(i for i in profile_indicators() if i.id == "turnover")
    values = {r.network: own(ind, r) for r in responses}
    top = max(values, key=lambda k: float(values[k] or 0))
    top_value = values[top]
    assert isinstance(top_value, float)
    for path in sample_run.paths:
        if path.name.startswith(f"{top}_"):
            assert any(close(x, top_value) for x in _numbers_in_workbook(path))
        else:
            assert not any(close(x, top_value) for x in _numbers_in_workbook(path))


def test_charts_point_at_the_profile_cells(sample_run: ProfilesRun) -> None:
    path = sample_run.paths[0]
    with zipfile.ZipFile(path) as z:
        charts = sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        assert len(charts) == 4
        for name in charts:
            xml = z.read(name).decode("utf-8")
            refs = re.findall(r"<c:f>([^<]*)</c:f>", xml)
            assert refs and all(r.startswith(f"{DATA_SHEET}!") for r in refs)
    wb = openpyxl.load_workbook(path)
    data, profile = wb[DATA_SHEET], table_rows(wb[PROFILE_SHEET])
    by_label = {chart_label(str(r[COL_LABEL])): r for r in profile}
    # Each chart's "Jeres netværk" values are the network's own figures in "Profil".
    checked = 0
    for row in data.iter_rows(min_row=1, values_only=True):
        label, mine, mean = row[0], row[1], row[2]
        if isinstance(mine, int | float) and isinstance(mean, int | float):
            assert close(by_label[str(label)][COL_OWN], float(mine)), label
            assert close(by_label[str(label)][COL_MEAN], float(mean)), label
            checked += 1
    assert checked == 27  # 7 results, 6 participants, 6 projects, 8 financing sources


def test_every_chart_has_alt_text_naming_its_numbers(sample_run: ProfilesRun) -> None:
    path = sample_run.paths[0]
    texts = drawing_alt_texts(path)
    assert len(texts) == 4
    data = openpyxl.load_workbook(path)[DATA_SHEET]
    for text in texts:
        assert text.startswith("Liggende søjlediagram over ") and names_a_number(text), text
    # The first bar pair of the first chart, as the data table holds it.
    first = next(
        r
        for r in data.iter_rows(min_row=1, values_only=True)
        if r[0] and r[1] is not None and not isinstance(r[1], str)
    )
    own = f"{first[1]:,.0f}".replace(",", ".")
    assert f"{first[0]}: jeres netværk {own}, gennemsnit " in texts[0], texts[0]


def test_print_setup_and_text_cells(sample_run: ProfilesRun) -> None:
    wb = openpyxl.load_workbook(sample_run.paths[0])
    assert wb.sheetnames == [PROFILE_SHEET, "Figurer", DATA_SHEET]
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9
    assert wb[PROFILE_SHEET].page_setup.orientation == "landscape"
    assert wb[PROFILE_SHEET].print_title_rows
    for path in sample_run.paths:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/sheet"):
                    assert "<f>" not in z.read(name).decode("utf-8")


def test_deterministic_bytes(sample_run: ProfilesRun, tmp_path: Path, register: Register) -> None:
    again = build_profiles([INPUTS_DIR], register, out_dir=tmp_path, made_on=MADE_ON)
    assert [p.name for p in again.paths] == [p.name for p in sample_run.paths]
    for a, b in zip(sample_run.paths, again.paths, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def _profile(name: str, theme: str) -> ProfileData:
    stats = GroupStats("Alle netværk", 22, 22, mean=5.0, median=4.0, q1=2.0, q3=7.0)
    row = ProfileRow(
        id="firms_new_products",
        section="1.1",
        label_da="=1+1",
        unit="antal",
        decimals=0,
        yes_no=False,
        own=3.0,
        previous=None,
        change_pct=None,
        rank=4,
        all_networks=stats,
        theme=None,
    )
    return ProfileData(name.lstrip("=@+-")[:5] or "x", name, theme, YEAR, 22, 1, False, (row,))


def write_profile(path: Path, data: ProfileData, made_on: date) -> Path:
    """A profile laid out and rendered, as the pipeline does it."""
    return write_mod.write_workbook(path, profile_workbook(data, made_on))


def test_a_long_theme_area_is_not_clipped(tmp_path: Path) -> None:
    theme = "Informations- og kommunikationsteknologi"
    path = write_profile(tmp_path / "p.xlsx", _profile("Netværk", theme), MADE_ON)
    ws = openpyxl.load_workbook(path)[PROFILE_SHEET]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == f"Temaområde: {theme}")
    # Three lines of 11 pt bold over the two columns of 11 characters.
    assert ws.row_dimensions[cell.row].height >= 3 * 15


def test_text_is_never_a_formula(tmp_path: Path) -> None:
    name, theme = '=HYPERLINK("http://x","y")', "@SUM(A1:A2)"
    path = write_profile(tmp_path / "p.xlsx", _profile(name, theme), MADE_ON)
    wb = openpyxl.load_workbook(path)
    texts = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert name in texts and "=1+1" in texts
    with zipfile.ZipFile(path) as z:
        for part in z.namelist():
            if part.startswith("xl/worksheets/sheet"):
                assert "<f>" not in z.read(part).decode("utf-8")


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_profile(tmp_path / "p.xlsx", _profile("Net", "Energi"), MADE_ON)
    before = path.read_bytes()

    def broken(spec: object, target: Path) -> None:
        target.write_bytes(b"half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write_mod, "render", broken)
    with pytest.raises(OutputError):
        write_profile(path, _profile("Net 2", "Energi"), MADE_ON)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.xlsx"]


# --- Blocking, --skip-invalid, --previous, the command -------------------------------------


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    for src in sorted(INPUTS_DIR.glob("*.xlsx")):
        shutil.copyfile(src, folder / src.name)
    return folder


def test_errors_block_unless_skip_invalid(
    inputs: Path, tmp_path: Path, register: Register, template_path: Path
) -> None:
    net = register.by_short_name()["unik"]
    bad = valid_answers(net.name)
    bad["firms_collab_sme"] = int(str(bad["firms_collab"])) + 1  # part exceeds total
    fill_form(template_path, inputs / "unik_2012.xlsx", bad)
    out = tmp_path / "out"
    blocked = build_profiles([inputs], register, out_dir=out, made_on=MADE_ON)
    assert blocked.blocked and blocked.validation.errors
    assert not (out / "profiles").exists()
    earlier = build_profiles([INPUTS_DIR], register, out_dir=out, made_on=MADE_ON)
    assert len(earlier.paths) == 22 and earlier.stale == ()
    run = build_profiles([inputs], register, out_dir=out, made_on=MADE_ON, skip_invalid=True)
    assert len(run.paths) == 21
    assert all(p.name != "unik_2012.xlsx" for p in run.paths)
    # The earlier run's profile of the network now left out is named, not silently kept.
    assert run.stale == (out / "profiles" / "unik_2012.xlsx",)
    ws = openpyxl.load_workbook(out / "profiles" / "biopeople_2012.xlsx")[PROFILE_SHEET]
    assert 21 in [c.value for c in ws["B"]]
    assert all(r[COL_N] in (21, NOT_SHOWN) for r in table_rows(ws))


def test_the_blocked_command_does_not_advise_an_option_it_lacks(
    inputs: Path, tmp_path: Path, register: Register, template_path: Path
) -> None:
    net = register.by_short_name()["unik"]
    bad = valid_answers(net.name)
    bad["firms_collab_sme"] = int(str(bad["firms_collab"])) + 1
    fill_form(template_path, inputs / "unik_2012.xlsx", bad)
    args = ["profiles", str(inputs), "--register", str(REGISTER_CSV), "--out", str(tmp_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    # profiles has no --strict: its advice named it before.
    assert "No profiles written: fix the errors above, or run again with --skip-invalid" in (
        result.output
    )
    assert "--strict" not in result.output


def test_previous_year_gives_the_change(
    tmp_path: Path, register: Register, responses: tuple[Response, ...]
) -> None:
    template = tmp_path / "questionnaire_2011.xlsx"
    write_template(template, YEAR - 1, Programme.NETWORK, register=register)
    previous = tmp_path / "previous"
    previous.mkdir()
    nets = register.by_short_name()
    for short in ("biopeople", "transport"):
        fill_form(template, previous / f"{short}_2011.xlsx", valid_answers(nets[short].name))
    run = build_profiles(
        [INPUTS_DIR], register, out_dir=tmp_path / "out", previous=previous, made_on=MADE_ON
    )
    assert run.with_previous == 2
    ind = profile_indicators()
    i = next(k for k, x in enumerate(ind) if x.id == "firms_new_products")
    j = next(k for k, x in enumerate(ind) if x.id == "share_sparring_trends")
    for path in run.paths:
        network = path.name.removesuffix(f"_{YEAR}.xlsx")
        rows = table_rows(openpyxl.load_workbook(path)[PROFILE_SHEET])
        if network in ("biopeople", "transport"):
            now = own(ind[i], next(r for r in responses if r.network == network))
            assert isinstance(now, float)
            assert rows[i][COL_PREVIOUS] == 10  # valid_answers: every count is 10
            assert close(rows[i][COL_CHANGE], (round(now) - 10) / 10)
            assert rows[j][COL_PREVIOUS] == "Ja" and rows[j][COL_CHANGE] == NOT_SHOWN
        else:
            assert rows[i][COL_PREVIOUS] == rows[i][COL_CHANGE] == NA
    args = ["profiles", str(INPUTS_DIR), "--register", str(REGISTER_CSV)]
    args += ["--out", str(tmp_path / "cli"), "--previous", str(previous)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Last year's answers found for 2 of 22 network(s)." in result.output


def test_command(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "profiles",
            str(INPUTS_DIR),
            "--register",
            str(REGISTER_CSV),
            "--out",
            str(tmp_path / "out"),
            "--made-on",
            "2013-05-01",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 22 profile(s)" in result.output
    assert len(list((tmp_path / "out" / "profiles").glob("*_2012.xlsx"))) == 22


def test_command_reports_an_uncreatable_profiles_folder(tmp_path: Path) -> None:
    (tmp_path / "profiles").write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["profiles", str(INPUTS_DIR), "--register", str(REGISTER_CSV), "--out", str(tmp_path)],
    )
    assert result.exit_code == 1
    assert f"Error: cannot create {tmp_path / 'profiles'}" in result.output
    assert "unexpected failure" not in result.output


def test_unusable_previous_files_hint_names_last_year(tmp_path: Path) -> None:
    # This year's files given as last year's: they fail only for their year, which a plain
    # `validate` of the folder would not show.
    args = ["profiles", str(INPUTS_DIR), "--register", str(REGISTER_CSV)]
    args += ["--out", str(tmp_path), "--previous", str(INPUTS_DIR)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert f"run `perfreg-xlsx validate {INPUTS_DIR} --year 2011` to see why" in result.output


def test_command_refuses_a_bad_date(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["profiles", str(INPUTS_DIR), "--out", str(tmp_path), "--made-on", "31-12-2012"]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_spread_needs_ten_networks() -> None:
    from perfreg_xlsx.profiles.profile import group_stats

    small = group_stats("x", 6, [1.0, 2.0, 3.0, 4.0, 5.0, 9.0], False)
    assert small.mean == 4.0 and small.median is None and small.q1 is None
    two = group_stats("x", 2, [1.0, 2.0], False)
    assert not two.shown
    shares = group_stats("x", 9, [True] * 9, True)
    assert not shares.shown
    big = group_stats("x", MIN_SPREAD_GROUP, [float(k) for k in range(10)], False)
    assert big.median == 4.5 and big.q1 == 2.25 and big.q3 == 6.75
