"""Aggregation: every Agg kind, unanswered fields, properties, and the published 2012 column."""

from __future__ import annotations

import math
import random
from decimal import Decimal

import pytest
from conftest import published_history
from hypothesis import given, settings
from hypothesis import strategies as st
from survey_names import APPENDIX1, INDICATORS, INDICATORS_BY_ID

from perfreg_xlsx.models import Response, Value, YearValue
from perfreg_xlsx.report.aggregate import aggregate, change_pct, compute, round_half_up, shown
from perfreg_xlsx.report.history import History, load_history
from perfreg_xlsx.survey.types import Agg, Indicator, Programme

HISTORY = published_history()
YEAR = 2012


def resp(
    network: str,
    values: dict[str, Value],
    *,
    programme: Programme = Programme.NETWORK,
    year: int = YEAR,
) -> Response:
    return Response(
        network=network,
        network_name=network.upper(),
        programme=programme,
        file=f"{network}.xlsx",
        sha256="0" * 64,
        survey_year=year,
        template_version="1.0",
        values=values,
    )


def ind(agg: Agg, *fields: str, scale: float = 1.0, unit: str = "antal") -> Indicator:
    return Indicator("x", "t", "label", unit, agg, fields, scale)


def value_of(
    agg: Agg, fields: tuple[str, ...], rs: list[Response], scale: float = 1.0
) -> YearValue:
    return compute(ind(agg, *fields, scale=scale), rs, YEAR)


# --- round_half_up -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "decimals", "expected"),
    [
        (0.5, 0, 1.0),
        (1.5, 0, 2.0),
        (2.5, 0, 3.0),  # round() gives 2 (half to even)
        (2.675, 2, 2.68),  # round() gives 2.67 (binary value below the half)
        (72.72727, 0, 73.0),
        (4.25, 1, 4.3),
        (4.35, 1, 4.4),
        (-3.676, 1, -3.7),
        (-0.5, 0, -1.0),
        (14.390909, 1, 14.4),
        (869, 0, 869.0),
    ],
)
def test_round_half_up(x: float, decimals: int, expected: float) -> None:
    assert round_half_up(x, decimals) == expected


def test_round_half_up_rejects_non_numbers() -> None:
    with pytest.raises(ValueError):
        round_half_up(float("nan"))
    with pytest.raises(TypeError):
        round_half_up(True)


# --- Each Agg kind, exact values ---------------------------------------------------------------


NUMS = [
    resp("a", {"f": 10, "g": 2, "yes": True, "y2": False}),
    resp("b", {"f": 5, "g": 0, "yes": False, "y2": False}),
    resp("c", {"f": 0, "g": 3.5, "yes": True, "y2": True}),
]


def test_count() -> None:
    assert value_of(Agg.COUNT, (), NUMS) == YearValue(
        year=YEAR, value=3.0, networks=3, source="inputs"
    )
    assert value_of(Agg.COUNT, (), []).value == 0.0


def test_sum_of_one_and_of_several_fields() -> None:
    assert value_of(Agg.SUM, ("f",), NUMS).value == 15.0
    assert value_of(Agg.SUM, ("f", "g"), NUMS).value == 20.5
    assert value_of(Agg.SUM, ("f", "g"), NUMS).networks == 3


def test_sum_scaled_to_millions_is_exact() -> None:
    rs = [resp("a", {"f": 316_599}), resp("b", {"f": 1})]
    assert value_of(Agg.SUM, ("f",), rs, scale=0.001).value == 316.6
    # Binary floats would give 0.30000000000000004; answers stand for decimals.
    rs = [resp("a", {"f": 0.1}), resp("b", {"f": 0.2})]
    assert value_of(Agg.SUM, ("f",), rs).value == 0.3


def test_mean() -> None:
    assert value_of(Agg.MEAN, ("f",), NUMS).value == 5.0
    got = value_of(Agg.MEAN, ("f",), [*NUMS[:2], resp("c", {"f": 1})])
    assert got.value == pytest.approx(16 / 3, rel=1e-15)
    assert got.networks == 3


def test_share_yes_count_yes_any_yes() -> None:
    share = value_of(Agg.SHARE_YES, ("yes",), NUMS)
    assert share.value == pytest.approx(200 / 3, rel=1e-15)
    assert share.networks == 3
    assert value_of(Agg.COUNT_YES, ("yes",), NUMS).value == 2.0
    # a: Ja to "yes"; b: Nej to both; c: Ja to both -> 2 of 3.
    assert value_of(Agg.ANY_YES, ("y2", "yes"), NUMS).value == pytest.approx(200 / 3)
    assert value_of(Agg.ANY_YES, ("y2",), NUMS).value == pytest.approx(100 / 3)


def test_count_and_share_positive() -> None:
    assert value_of(Agg.COUNT_POSITIVE, ("f",), NUMS).value == 2.0
    assert value_of(Agg.SHARE_POSITIVE, ("g",), NUMS).value == pytest.approx(200 / 3)


def test_ratio_and_share_of_sum() -> None:
    rs = [resp("a", {"t": 2000, "e": 4.5}), resp("b", {"t": 1300, "e": 5.5})]
    got = value_of(Agg.RATIO, ("t", "e"), rs, scale=0.001)
    assert got.value == pytest.approx(0.33, rel=1e-15)
    assert got.networks == 2
    rs = [
        resp("a", {"p": 10, "q": 15, "tot": 100}),
        resp("b", {"p": 0, "q": 25, "tot": 100}),
    ]
    assert value_of(Agg.SHARE_OF_SUM, ("p", "q", "tot"), rs).value == 25.0
    assert value_of(Agg.SHARE_OF_SUM, ("p", "tot"), rs).value == 5.0


def test_zero_denominators_give_na() -> None:
    rs = [resp("a", {"t": 100, "e": 0})]
    assert value_of(Agg.RATIO, ("t", "e"), rs).value is None
    assert value_of(Agg.SHARE_OF_SUM, ("t", "e"), rs).value is None


# --- Unanswered fields ---------------------------------------------------------------------------


MISSING = [
    resp("a", {"f": 10, "g": None, "yes": True, "t": 1000, "e": 2.0}),
    resp("b", {"f": None, "g": None, "yes": None, "t": 3000}),  # "e" absent: same as None
    resp("c", {"f": 2, "g": 4, "yes": False, "t": None, "e": 3.0}),
]


def test_unanswered_left_out_of_sum_and_denominator() -> None:
    total = value_of(Agg.SUM, ("f",), MISSING)
    assert (total.value, total.networks) == (12.0, 2)
    mean = value_of(Agg.MEAN, ("f",), MISSING)
    assert (mean.value, mean.networks) == (6.0, 2)  # not 12 / 3
    share = value_of(Agg.SHARE_YES, ("yes",), MISSING)
    assert (share.value, share.networks) == (50.0, 2)
    assert value_of(Agg.COUNT_YES, ("yes",), MISSING).networks == 2
    assert value_of(Agg.COUNT_POSITIVE, ("f",), MISSING).networks == 2
    assert value_of(Agg.COUNT, (), MISSING).networks == 3


def test_several_fields_count_a_network_that_answered_any() -> None:
    got = value_of(Agg.SUM, ("f", "g"), MISSING)
    assert (got.value, got.networks) == (16.0, 2)


def test_ratio_uses_networks_that_answered_both_sides() -> None:
    # b has turnover but no staff, c staff but no turnover: only a is behind the figure.
    got = value_of(Agg.RATIO, ("t", "e"), MISSING)
    assert (got.value, got.networks) == (500.0, 1)


def test_any_yes_three_valued() -> None:
    rs = [
        resp("a", {"p": None, "q": True}),  # Ja
        resp("b", {"p": False, "q": None}),  # unknown: left out
        resp("c", {"p": False, "q": False}),  # Nej
    ]
    got = value_of(Agg.ANY_YES, ("p", "q"), rs)
    assert (got.value, got.networks) == (50.0, 2)


def test_nobody_answered_gives_na() -> None:
    rs = [resp("a", {"f": None}), resp("b", {})]
    for agg, fields in [
        (Agg.SUM, ("f",)),
        (Agg.MEAN, ("f",)),
        (Agg.SHARE_YES, ("f",)),
        (Agg.ANY_YES, ("f",)),
        (Agg.COUNT_YES, ("f",)),
        (Agg.COUNT_POSITIVE, ("f",)),
        (Agg.SHARE_POSITIVE, ("f",)),
        (Agg.RATIO, ("f", "g")),
        (Agg.SHARE_OF_SUM, ("f", "g")),
    ]:
        got = value_of(agg, fields, rs)
        assert (got.value, got.networks) == (None, 0), agg


def test_wrong_types_are_refused_not_coerced() -> None:
    with pytest.raises(TypeError, match=r"a\.xlsx: f should be a number"):
        value_of(Agg.SUM, ("f",), [resp("a", {"f": True})])
    with pytest.raises(TypeError, match=r"a\.xlsx: f should be a number"):
        value_of(Agg.SUM, ("f",), [resp("a", {"f": "12"})])
    with pytest.raises(TypeError, match="should be Ja/Nej"):
        value_of(Agg.SHARE_YES, ("f",), [resp("a", {"f": 1})])


# --- The whole summary ---------------------------------------------------------------------------


def test_summary_series_history_and_order() -> None:
    history = History(
        {
            ("firms_new_products", 2011): YearValue(
                year=2011, value=728.0, networks=22, source="published"
            ),
            ("firms_new_products", 2008): YearValue(
                year=2008, value=None, networks=None, source="published"
            ),
            # The survey year is never taken from history.
            ("firms_new_products", 2012): YearValue(year=2012, value=1.0, source="recorded"),
            ("networks_reporting", 2011): YearValue(year=2011, value=22.0, source="published"),
        }
    )
    rs = [resp("b", {"firms_new_products": 500}), resp("a", {"firms_new_products": 369})]
    summary = aggregate(rs, history, YEAR, n_years=6)
    assert summary.years == (2007, 2008, 2009, 2010, 2011, 2012)
    assert [r.network for r in summary.responses] == ["a", "b"]
    assert summary.networks_reporting == {
        2007: None,
        2008: None,
        2009: None,
        2010: None,
        2011: 22,
        2012: 2,
    }
    row = summary.get("firms_new_products")
    assert [yv.value for yv in row.series] == [None, None, None, None, 728.0, 869.0]
    assert [yv.source for yv in row.series] == ["", "published", "", "", "published", "inputs"]
    assert row.series[-1].networks == 2
    assert round_half_up(row.change_pct or 0, 0) == 19.0
    assert [i.id for i in summary.indicators] == [i.id for i in INDICATORS]
    assert summary.get("firms_new_ideas").value(2012) is None  # nobody answered it
    assert summary.get("firms_new_ideas").change_pct is None


def test_only_the_programmes_an_indicator_covers() -> None:
    rs = [
        resp("net", {"firms_new_products": 5}),
        resp("clu", {"firms_new_products": 7}, programme=Programme.CLUSTER),
    ]
    summary = aggregate(rs, History(), YEAR, n_years=1)
    assert summary.get("firms_new_products").value(YEAR) == 5.0
    assert summary.networks_reporting == {YEAR: 1}


def test_inconsistent_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="two responses for network a"):
        aggregate([resp("a", {}), resp("a", {})], History(), YEAR)
    with pytest.raises(ValueError, match="not for 2012"):
        aggregate([resp("a", {}, year=2011)], History(), YEAR)
    with pytest.raises(ValueError, match="n_years"):
        aggregate([], History(), YEAR, n_years=0)


@pytest.mark.parametrize(
    ("previous", "current", "decimals", "expected"),
    [
        (2.6, 3.3, 1, 26.923076923076923),
        (2.64, 3.26, 1, 26.923076923076923),  # shown as 2.6 and 3.3
        (4.2, 94.6 / 22, 1, 2.380952380952381),
        (408, 393, 0, -3.6764705882352944),
        (91.0, 91.4, 0, 0.0),
        (None, 5, 0, None),
        (5, None, 0, None),
        (0, 5, 0, None),
        (0.04, 5, 1, None),  # shown as 0.0
    ],
)
def test_change_pct(
    previous: float | None, current: float | None, decimals: int, expected: float | None
) -> None:
    got = change_pct(previous, current, decimals)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected, rel=1e-15)


# --- Properties ----------------------------------------------------------------------------------

_count = st.one_of(st.none(), st.integers(min_value=0, max_value=10**7))
_fte = st.one_of(
    st.none(), st.decimals(min_value=0, max_value=1000, places=1).map(lambda d: float(d))
)
_flag = st.one_of(st.none(), st.booleans())


@st.composite
def responses(draw: st.DrawFn) -> list[Response]:
    n = draw(st.integers(min_value=0, max_value=25))
    out = []
    for i in range(n):
        values: dict[str, Value] = {
            "firms_new_products": draw(_count),
            "turnover": draw(_count),
            "financing_basic_grant": draw(_count),
            "financing_other_ministries": draw(_count),
            "employees_fte": draw(_fte),
            "education_offered": draw(_count),
        }
        # Sources within the turnover, as validation demands, so shares of it stay <= 100 %.
        if isinstance(turnover := values["turnover"], int):
            values["turnover"] = turnover + sum(
                v
                for f in ("financing_basic_grant", "financing_other_ministries")
                if isinstance(v := values[f], int)
            )
        for field in ("advice_financing", "intl_partners", "intl_strategy", "intl_other"):
            values[field] = draw(_flag)
        out.append(resp(f"n{i:02d}", values))
    return out


def _answered(rs: list[Response], field: str) -> list[float]:
    return [v for r in rs if isinstance(v := r.values.get(field), int | float)]


@settings(max_examples=150, deadline=None)
@given(responses())
def test_totals_are_sums_and_means_times_networks_are_totals(rs: list[Response]) -> None:
    s = aggregate(rs, History(), YEAR, n_years=2)
    products = _answered(rs, "firms_new_products")
    total = s.get("firms_new_products").series[-1]
    assert total.value == (float(sum(products)) if products else None)
    assert total.networks == len(products)
    mean = s.get("firms_new_products_avg").series[-1]
    assert mean.networks == len(products)
    if products:
        assert mean.value is not None
        assert math.isclose(mean.value * len(products), sum(products), rel_tol=1e-12)
    fte = _answered(rs, "employees_fte")
    avg = s.get("employees_avg").series[-1]
    if fte:
        exact = sum(Decimal(repr(x)) for x in fte) / len(fte)
        assert avg.value == pytest.approx(float(exact), rel=1e-15)
    state = s.get("financing_state").value(YEAR)
    parts = [
        sum(_answered([r], "financing_basic_grant") + _answered([r], "financing_other_ministries"))
        for r in rs
        if _answered([r], "financing_basic_grant") or _answered([r], "financing_other_ministries")
    ]
    assert state == (pytest.approx(sum(parts) / 1000, rel=1e-15) if parts else None)
    assert s.get("networks_reporting").value(YEAR) == len(rs)


@settings(max_examples=150, deadline=None)
@given(responses())
def test_shares_are_percentages(rs: list[Response]) -> None:
    s = aggregate(rs, History(), YEAR, n_years=1)
    for row in s.indicators:
        if INDICATORS_BY_ID[row.id].is_share:
            v = row.value(YEAR)
            assert v is None or 0 <= v <= 100, row.id


@settings(max_examples=100, deadline=None)
@given(responses(), st.randoms(use_true_random=False))
def test_order_of_responses_does_not_matter(rs: list[Response], rnd: random.Random) -> None:
    history = History({("turnover", 2011): YearValue(year=2011, value=237.0, source="published")})
    shuffled = list(rs)
    rnd.shuffle(shuffled)
    assert aggregate(shuffled, history, YEAR) == aggregate(rs, history, YEAR)


@settings(max_examples=200, deadline=None)
@given(
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
    st.integers(min_value=0, max_value=2),
)
def test_change_sign_follows_the_values(previous: float, current: float, decimals: int) -> None:
    got = change_pct(previous, current, decimals)
    before, now = shown(previous, decimals), shown(current, decimals)
    assert before is not None and now is not None
    if before == 0:
        assert got is None
    else:
        assert got is not None
        assert (got > 0) == (now > before)
        assert (got < 0) == (now < before)
        assert (got == 0) == (now == before)


# --- The published 2012 column ------------------------------------------------------------------

N = 22
# Published changes that the published figures themselves do not give (see the report).
# The three shares appear computed from unrounded 2012 shares; firms_participating's 26 %
# cannot be had from 5883 -> 7383 (25.497 %) and looks copied from the average row.
INCONSISTENT = {
    "share_financing_info",
    "share_application_help",
    "share_databases",
    "firms_participating",
}


def _published_2012() -> dict[str, float | None]:
    history = load_history(HISTORY, before_year=2013)
    return {i.id: (yv.value if (yv := history.get((i.id, 2012))) else None) for i in APPENDIX1}


def _spread(total: Decimal) -> list[Decimal]:
    """22 answers adding up to `total`: 21 equal ones and network 0 carrying the rest."""
    each = (total / N).to_integral_value(rounding="ROUND_FLOOR")
    return [total - each * (N - 1)] + [each] * (N - 1)


def responses_matching_2012() -> list[Response]:
    published = _published_2012()
    values: list[dict[str, Value]] = [{} for _ in range(N)]

    def put(field: str, total: Decimal, *, decimal: bool = False) -> None:
        for i, x in enumerate(_spread(total)):
            values[i][field] = float(x) if decimal else int(x)

    for row in APPENDIX1:
        v = published[row.id]
        if row.agg is Agg.SUM and v is not None:
            # Several fields (state, firms financing): the first carries it all.
            put(row.fields[0], Decimal(repr(v)) / Decimal(repr(row.scale)))
            for other in row.fields[1:]:
                put(other, Decimal(0))
        elif row.agg is Agg.SHARE_YES and v is not None:
            k = [k for k in range(N + 1) if round_half_up(k * 100 / N) == v]
            assert k, row.id
            for i in range(N):
                values[i][row.fields[0]] = i < k[0]
    put("employees_fte", Decimal("94.6"), decimal=True)
    return [resp(f"n{i:02d}", values[i]) for i in range(N)]


def _published_precision(text: str) -> tuple[Decimal, int]:
    number = text.rstrip("%")
    # "-3.70%" and "2.40%" are one-decimal figures printed in a two-decimal format.
    digits = number.split(".")[1].rstrip("0") if "." in number else ""
    return Decimal(number), len(digits)


def test_reproduces_the_published_2012_column_and_change() -> None:
    history = load_history(HISTORY, before_year=YEAR)
    published = _published_2012()
    summary = aggregate(responses_matching_2012(), history, YEAR)
    checked = 0
    for row in APPENDIX1:
        result = summary.get(row.id)
        assert shown(result.value(YEAR), row.decimals) == published[row.id], row.id
        text = history.published_change(row.id)
        if text is None:  # the header row has no change
            assert row.id == "networks_reporting"
            continue
        if text == "NA":
            assert result.change_pct is None, row.id
            continue
        assert result.change_pct is not None, row.id
        expected, decimals = _published_precision(text)
        got = round_half_up(result.change_pct, decimals)
        if row.id in INCONSISTENT:
            before = history[(row.id, 2011)].value
            now = published[row.id]
            assert before is not None and now is not None
            assert got == round_half_up((now - before) / before * 100, decimals), row.id
            assert got != float(expected), f"{row.id} is consistent after all"
        else:
            assert got == float(expected), (row.id, result.change_pct, text)
        checked += 1
    assert checked == len(APPENDIX1) - 2  # all but the header row and the NA row


def test_published_2012_shown_values_for_derived_rows() -> None:
    summary = aggregate(responses_matching_2012(), History(), YEAR)
    assert shown(summary.get("employees_avg").value(YEAR), 1) == 4.3
    assert shown(summary.get("turnover_per_employee").value(YEAR), 1) == 3.3
    assert shown(summary.get("turnover_avg").value(YEAR), 1) == 14.4
    assert summary.get("turnover").value(YEAR) == 316.6
    assert summary.networks_reporting == {y: (22 if y == YEAR else None) for y in summary.years}
