"""The sample answers reproduce the published 2012 figures and keep every rule, per network.

The aggregates are computed here directly from the answers with exact fractions, independent
of the aggregation module, and compared with the published files at the published precision.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from samples import (
    Answers,
    Published,
    apportion,
    parse_published,
    published_conflicts,
    rule_violations,
    sample_answers,
)
from survey_names import (
    FINANCING_FIRMS,
    FINANCING_SOURCES,
    FINANCING_STATE,
    INDICATORS_BY_ID,
    RULES,
    fields_for,
)

from perfreg_xlsx.form.fieldmap import layout
from perfreg_xlsx.survey.registry import load_register
from perfreg_xlsx.survey.rules import (
    NoMeansZero,
    PartOfTotal,
    Requires,
    SourcesSum,
    YesNeedsCount,
)
from perfreg_xlsx.survey.types import Agg, Kind, Programme

ROOT = Path(__file__).resolve().parents[1]
APPENDIX = ROOT / "history" / "bilag1_2007_2012.csv"
FIGURES = ROOT / "history" / "other_published_figures.csv"
N = 22
LANDSCAPE = 54  # innovation networks and other clusters of the register (appendix 3)


def _half_up(x: Fraction, decimals: int = 0) -> Fraction:
    step = 10**decimals
    return Fraction(int(x * step + Fraction(1, 2)), step)


@pytest.fixture(scope="module")
def published() -> Published:
    return parse_published(APPENDIX.read_text("utf-8"), FIGURES.read_text("utf-8"), 2012)


@pytest.fixture(scope="module")
def all_answers(published: Published) -> Answers:
    register = load_register(ROOT / "templates" / "networks.csv")
    return sample_answers(register, published, clusters=True)


@pytest.fixture(scope="module")
def answers(all_answers: Answers) -> Answers:
    register = load_register(ROOT / "templates" / "networks.csv")
    nets = {n.short_name for n in register.of(Programme.NETWORK)}
    return {k: v for k, v in all_answers.items() if k in nets}


def _num(v: object) -> Fraction:
    assert isinstance(v, int | float) and not isinstance(v, bool), v
    return Fraction(Decimal(repr(v)))  # 4.3 stands for 43/10, not its binary expansion


def _total(answers: Answers, *fids: str) -> Fraction:
    return sum((_num(a[f]) for a in answers.values() for f in fids), Fraction(0))


def _yes(answers: Answers, fid: str) -> int:
    return sum(a[fid] == "Ja" for a in answers.values())


def _positive(answers: Answers, fid: str) -> int:
    return sum(_num(a[fid]) > 0 for a in answers.values())


def _computed(answers: Answers, iid: str) -> Fraction:
    """The indicator as the report prints it, at its published precision."""
    ind = INDICATORS_BY_ID[iid]
    n = len(answers)
    scale = Fraction(Decimal(str(ind.scale)))
    match ind.agg:
        case Agg.COUNT:
            return Fraction(n)
        case Agg.SUM:
            return _half_up(_total(answers, *ind.fields) * scale, ind.decimals)
        case Agg.MEAN:
            return _half_up(_total(answers, *ind.fields) * scale / n, ind.decimals)
        case Agg.SHARE_YES:
            return _half_up(Fraction(100 * _yes(answers, ind.fields[0]), n))
        case Agg.ANY_YES:
            k = sum(any(a[f] == "Ja" for f in ind.fields) for a in answers.values())
            return _half_up(Fraction(100 * k, n))
        case Agg.COUNT_YES:
            return Fraction(_yes(answers, ind.fields[0]))
        case Agg.COUNT_POSITIVE:
            return Fraction(_positive(answers, ind.fields[0]))
        case Agg.SHARE_POSITIVE:
            return _half_up(Fraction(100 * _positive(answers, ind.fields[0]), n))
        case Agg.RATIO:
            ratio = _total(answers, ind.fields[0]) * scale / _total(answers, ind.fields[1])
            return _half_up(ratio, ind.decimals)
        case Agg.SHARE_OF_SUM:
            share = 100 * _total(answers, *ind.fields[:-1]) / _total(answers, ind.fields[-1])
            return _half_up(share)
    raise AssertionError(ind.agg)


def _appendix_2012() -> dict[str, str]:
    with APPENDIX.open(encoding="utf-8") as fh:
        return {row["id"]: row["2012"] for row in csv.DictReader(fh) if row["2012"] != "NA"}


def _figures_2012() -> list[dict[str, str]]:
    with FIGURES.open(encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh) if row["year"] == "2012"]


def test_there_is_one_answer_set_per_network(answers: Answers, all_answers: Answers) -> None:
    assert len(answers) == N
    assert len(all_answers) == 54
    assert "ve-net" in answers and "gate21" in all_answers


@pytest.mark.parametrize("iid", sorted(_appendix_2012()))
def test_every_appendix_1_value_of_2012_is_reproduced(answers: Answers, iid: str) -> None:
    published = Fraction(Decimal(_appendix_2012()[iid]))
    assert _computed(answers, iid) == published


def test_key_totals_are_exact(answers: Answers) -> None:
    # Money is in whole 1.000 kr.: the published mio. kr. with one decimal, times 1000.
    assert _total(answers, "turnover") == 316_600
    assert _total(answers, *FINANCING_STATE) == 119_100
    assert _total(answers, *FINANCING_FIRMS) == 126_000
    assert _total(answers, "financing_regions") == 23_500
    assert _total(answers, "innovation_projects_turnover") == 178_000
    assert _total(answers, "innovation_projects_firm_financing") == 85_700
    assert _total(answers, "employees_fte") == Fraction(946, 10)
    assert _total(answers, "firms_participating") == 7383
    assert _total(answers, "firms_new_products") == 869


def test_other_published_figures_of_2012(answers: Answers) -> None:
    checked = 0
    for row in _figures_2012():
        iid, value, note = row["id"], Fraction(Decimal(row["value"])), row["note"]
        if iid.startswith("landscape_") or iid not in INDICATORS_BY_ID:
            continue
        got = _computed(answers, iid)
        checked += 1
        if iid == "media_mentions_avg":
            # 846 mentions (appendix 1) over 22 networks is 38.45: the figure's 39 cannot be.
            assert got == 38 and _total(answers, "media_mentions") == 846
        elif "over" in note:
            pct = Fraction(100 * _yes(answers, INDICATORS_BY_ID[iid].fields[0]), N)
            assert pct > value, iid
        else:
            assert got == value, iid
    assert checked >= 30


def test_knowledge_institution_shares_as_the_text_reads(answers: Answers) -> None:
    counts = {
        f: _yes(answers, f)
        for f in (
            "ki_gts",
            "ki_universities",
            "ki_university_colleges",
            "ki_vocational_schools",
            "ki_business_academies",
            "ki_foreign",
        )
    }
    assert counts == {
        "ki_gts": 22,
        "ki_universities": 22,
        "ki_university_colleges": 17,  # "over 75 pct."
        "ki_vocational_schools": 12,  # "over 50 pct."
        "ki_business_academies": 11,  # "omkring 50 pct."
        "ki_foreign": 20,  # "lige over 90 pct."
    }
    assert 407 <= _total(answers, "ki_count") <= 428


def test_tables_4_1_to_4_3(answers: Answers) -> None:
    offered = {
        "offers_conferences": (22, "firms_conferences", 5932),
        "offers_matchmaking": (20, "firms_matchmaking", 1256),
        "offers_ideageneration": (15, "firms_ideageneration", 915),
        "offers_preprojects": (14, "firms_preprojects", 393),
        "offers_sparring": (20, "firms_sparring", 724),
    }
    for flag, (networks, firms, total) in offered.items():
        assert _yes(answers, flag) == networks, flag
        assert _total(answers, firms) == total, firms
    assert _positive(answers, "innovation_projects") == 22
    assert _total(answers, "firms_innovation_projects") == 1258
    assert _yes(answers, "offers_courses") == 11
    assert _total(answers, "ki_units_preprojects") == 80


def test_education_and_courses_report_text(answers: Answers) -> None:
    initiated = {k for k, a in answers.items() if _num(a["education_initiated"]) > 0}
    offered = {k for k, a in answers.items() if _num(a["education_offered"]) > 0}
    courses = {k for k, a in answers.items() if a["offers_courses"] == "Ja"}
    assert (len(initiated), len(offered)) == (10, 8)  # 45 % and 36 %
    assert initiated | offered == courses


def test_membership_fees_exactly_where_there_is_a_membership_income(answers: Answers) -> None:
    fees = {k for k, a in answers.items() if a["has_membership_fees"] == "Ja"}
    income = {k for k, a in answers.items() if _num(a["financing_firms_membership"]) > 0}
    assert fees == income and len(fees) == 5


def test_financing_shares_of_figure_3_6(answers: Answers) -> None:
    turnover = _total(answers, "turnover")
    for field, pct in (
        ("financing_basic_grant", 34),
        ("financing_other_ministry_schemes", 3),
        ("financing_other_ministries", 1),
    ):
        assert _half_up(100 * _total(answers, field) / turnover) == pct, field


def test_each_network_s_sources_equal_its_turnover(answers: Answers) -> None:
    for name, a in answers.items():
        assert sum(_num(a[s]) for s in FINANCING_SOURCES) == _num(a["turnover"]), name
        assert _num(a["financing_basic_grant"]) > 0, name
        fte = _num(a["employees_fte"])
        assert fte >= 1 and (fte * 10).denominator == 1, name


def _rule_problems(a: dict[str, object], programme: Programme) -> list[str]:
    """Every catalogue rule whose fields the form asks, checked here without the library."""
    asked = {f.id for f in fields_for(programme)}

    def v(fid: str) -> Fraction:
        return _num(a[fid])

    out = []
    for rule in RULES:
        match rule:
            case PartOfTotal(part=p, total=t) if {p, t} <= asked:
                if v(p) > v(t):
                    out.append(f"{p} > {t}")
            case SourcesSum(parts=ps, total=t) if {*ps, t} <= asked:
                if sum(v(p) for p in ps) != v(t):
                    out.append("sources")
            case NoMeansZero(flag=f, counts=cs) if {f, *cs} <= asked:
                if a[f] == "Nej" and any(v(c) != 0 for c in cs):
                    out.append(f"{f} Nej")
            case YesNeedsCount(flag=f, count=c) if {f, c} <= asked:
                if a[f] == "Ja" and v(c) == 0:
                    out.append(f"{f} Ja")
            case Requires(field=f, needs=nd) if {f, nd} <= asked:
                if v(f) > 0 and v(nd) <= 0:
                    out.append(f"{f} needs {nd}")
    return out


def test_every_rule_holds_for_every_network_and_cluster(all_answers: Answers) -> None:
    for name, a in all_answers.items():
        programme = Programme.CLUSTER if "ki_count" not in a else Programme.NETWORK
        assert _rule_problems(dict(a), programme) == [], name
        assert rule_violations(a, programme) == [], name


def test_values_have_the_kind_the_form_asks(all_answers: Answers) -> None:
    register = load_register(ROOT / "templates" / "networks.csv")
    email = re.compile(r"^[a-z.]+@[a-z0-9-]+\.dk$")
    for net in register.networks:
        a = all_answers[net.short_name]
        assert set(a) <= {f.id for f in fields_for(net.programme)}
        for f in fields_for(net.programme):
            if f.required:
                assert f.id in a, (net.short_name, f.id)
            value = a.get(f.id)
            if f.kind is Kind.INT:
                assert isinstance(value, int) and value >= 0
            elif f.kind is Kind.YESNO:
                assert value in ("Ja", "Nej")
        assert a["network"] == net.name
        assert email.match(str(a["contact_email"])), a["contact_email"]
        assert str(a["contact_email"]).endswith(f"@{net.short_name}.dk")


def test_parts_stay_plausible(answers: Answers) -> None:
    for name, a in answers.items():
        part = _num(a["firms_participating"])
        for f in ("firms_new_products", "firms_conferences", "firms_sparring"):
            assert _num(a[f]) <= part, (name, f)
        assert _num(a["firms_first_collab_sme"]) <= _num(a["firms_collab_sme"]), name
        assert _num(a["firms_innovation_projects"]) <= _num(a["firms_collab"]), name
        kinds = sum(a[k] == "Ja" for k in ("ki_gts", "ki_universities", "ki_foreign"))
        assert _num(a["ki_count"]) >= kinds, name


def test_clusters_complete_the_landscape(all_answers: Answers) -> None:
    landscape = {r["id"]: int(r["value"]) for r in _figures_2012() if "landscape" in r["id"]}
    assert landscape["landscape_clusters"] == len(all_answers)
    for field in ("firms_participating", "firms_collab", "firms_new_products"):
        assert _total(all_answers, field) == landscape[f"landscape_{field}"], field
    assert _total(all_answers, "firms_participating") == 14_225


def test_answers_are_deterministic(published: Published, answers: Answers) -> None:
    register = load_register(ROOT / "templates" / "networks.csv")
    again = sample_answers(register, published)
    assert again == answers  # and the networks do not change when clusters are added
    assert sample_answers(register, published) == again


def test_the_only_published_conflict_is_media_mentions_avg(published: Published) -> None:
    assert published_conflicts(published, N) == [
        "media_mentions_avg: published 39, but 846/22 rounds to 38.0"
    ]


def test_parse_published_prefers_appendix_and_skips_na() -> None:
    appendix = (
        "id,section,label_da,unit,2011,2012\nturnover,3.1,x,mio. kr.,237,316.6\nz,1,x,a,1,NA\n"
    )
    figures = "id,source_in_report,year,value,unit,note\nturnover,x,2012,1,antal,\n"
    pub = parse_published(appendix, figures, 2012)
    assert pub.values == {"turnover": Decimal("316.6")}


def test_an_inconsistent_publication_is_refused(published: Published) -> None:
    register = load_register(ROOT / "templates" / "networks.csv")
    broken = Published(2012, {**published.values, "financing_eu": Decimal("16.9")}, published.notes)
    with pytest.raises(ValueError, match="do not add up"):
        sample_answers(register, broken)


def test_apportion_examples() -> None:
    assert apportion(10, [1, 1, 1], [0, 0, 0], [9, 9, 9]) == [4, 3, 3]
    assert apportion(10, [1, 3], [0, 0], [9, 9]) == [3, 7]  # 2.5 / 7.5: tie to the first
    assert apportion(10, [1, 100], [0, 0], [100, 4]) == [6, 4]  # capped share goes elsewhere
    assert apportion(5, [0, 1], [2, 0], [9, 9]) == [2, 3]  # zero weight keeps its minimum
    with pytest.raises(ValueError):
        apportion(10, [1, 1], [0, 0], [4, 4])
    with pytest.raises(ValueError):
        apportion(1, [1, 1], [1, 1], [4, 4])


@given(
    st.lists(
        st.tuples(st.integers(0, 50), st.integers(0, 5), st.integers(0, 60)),
        min_size=1,
        max_size=12,
    ),
    st.data(),
)
def test_apportion_sums_and_respects_bounds(
    rows: list[tuple[int, int, int]], data: st.DataObject
) -> None:
    weights = [w for w, _, _ in rows]
    lo = [low for _, low, _ in rows]
    hi = [low + room for _, low, room in rows]
    reachable = sum(lo) + sum(h - lw for w, lw, h in zip(weights, lo, hi, strict=True) if w > 0)
    total = data.draw(st.integers(sum(lo), reachable))
    got = apportion(total, weights, lo, hi)
    assert sum(got) == total
    assert all(lw <= g <= h for lw, g, h in zip(lo, got, hi, strict=True))


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_sample_inputs", ROOT / "scripts" / "make_sample_inputs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.glob("*.xlsx")}


def _run_script(out: Path, *extra: str) -> None:
    args = ["--out", str(out), "--history", str(ROOT / "history"), *extra]
    assert _script().main([*args, "--register", str(ROOT / "templates" / "networks.csv")]) == 0


def test_script_writes_the_same_bytes_twice_and_the_answers_read_back(
    tmp_path: Path, answers: Answers
) -> None:
    _run_script(tmp_path / "a")
    _run_script(tmp_path / "b")
    first = _digests(tmp_path / "a")
    assert len(first) == LANDSCAPE  # by default the 22 networks and the 32 other clusters
    assert first == _digests(tmp_path / "b")
    cells = layout(Programme.NETWORK).by_id()
    wb = load_workbook(tmp_path / "a" / "ve-net_2012.xlsx")
    ws = wb[cells["network"].cell.sheet]
    for fid, value in answers["ve-net"].items():
        assert ws[cells[fid].cell.a1].value == value, fid
    assert ws[cells["turnover"].cell.a1].data_type == "n"


def test_shipped_inputs_are_what_the_script_writes(tmp_path: Path) -> None:
    # The files in inputs/ are generated, never edited: regenerate them when this fails.
    shipped = _digests(ROOT / "inputs")
    if not shipped:
        pytest.skip("no sample inputs generated yet")
    _run_script(tmp_path)
    expected = _digests(tmp_path)
    assert len(expected) == LANDSCAPE
    assert shipped == expected


def test_networks_only_writes_the_22_networks_alone(tmp_path: Path) -> None:
    _run_script(tmp_path / "a", "--networks-only")
    _run_script(tmp_path / "b")
    networks = _digests(tmp_path / "a")
    assert len(networks) == N
    # The networks' answers do not depend on whether the clusters are made too.
    assert networks == {k: v for k, v in _digests(tmp_path / "b").items() if k in networks}
