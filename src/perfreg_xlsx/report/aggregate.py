"""Aggregation: the answers of the networks -> every indicator of the report. No I/O.

Each indicator is computed as its `survey.types.Agg` says, from the responses of the programmes
it covers. Arithmetic is done on the decimals the answers stand for (see `numbers`), so the
result does not depend on the order of the responses and sums are exact.

Unanswered fields (None, or a field id absent from `Response.values`):

* A network that did not answer a field is left out of that field's sum and out of the
  denominator of means and shares for the indicator. `YearValue.networks` is the number of
  networks actually behind each figure, so the report can say so.
* An indicator summing several fields (e.g. state financing = three sources) counts a
  network that answered at least one of them, with the sum of what it answered.
* RATIO and SHARE_OF_SUM compare two sums, so they use only networks that answered both
  sides (the numerator field, or at least one part, and the denominator field): a turnover
  without staff figures would otherwise inflate turnover per employee.
* ANY_YES counts a network as Ja when any answer is Ja, as Nej when every field is answered
  Nej, and leaves it out when it answered no Ja and left a field unanswered.
* When no network answered, the value is None (printed as NA). COUNT is never None.

Values are kept unrounded; `change_pct` is computed from the values as printed (rounded to
the indicator's published precision), which is how the published column was made.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import pairwise

from perfreg_xlsx.models import IndicatorResult, Response, Summary, Value, YearValue
from perfreg_xlsx.report.history import History
from perfreg_xlsx.survey import catalogue
from perfreg_xlsx.survey.types import Agg, Indicator
from perfreg_xlsx.util.numbers import divide, exact_sum, multiply, round_half_up, to_decimal

__all__ = ["aggregate", "change_pct", "compute", "round_half_up", "shown"]

_HUNDRED = Decimal(100)


def aggregate(
    responses: Sequence[Response],
    history: History,
    survey_year: int,
    n_years: int = 6,
) -> Summary:
    """Every catalogue indicator for the report years `survey_year - n_years + 1 .. survey_year`.

    The survey year is computed from `responses`; earlier years come from `history` (a
    `YearValue` with value None where history has nothing). Each indicator uses the
    responses of the programmes it covers; `Summary.responses` holds every response given,
    sorted by network. Raises ValueError when the responses are not of `survey_year` or a
    network answers twice, and TypeError when an answer has the wrong type for its
    indicator (both mean validation was bypassed).
    """
    if n_years < 1:
        raise ValueError(f"n_years must be at least 1, got {n_years}")
    ordered = _checked(responses, survey_year)
    years = tuple(range(survey_year - n_years + 1, survey_year + 1))
    results: list[IndicatorResult] = []
    for ind in catalogue.current().indicators:
        results.append(_result(ind, ordered, history, years))
    # Every note and table names the networks behind each year, so the count is made even
    # where a definition leaves it out of the report's indicators.
    reporting = next((r for r in results if r.id == NETWORKS_REPORTING.id), None)
    if reporting is None:
        reporting = _result(NETWORKS_REPORTING, ordered, history, years)
    return Summary(
        survey_year=survey_year,
        years=years,
        networks_reporting={
            yv.year: None if yv.value is None else int(yv.value) for yv in reporting.series
        },
        indicators=tuple(results),
        responses=ordered,
    )


NETWORKS_REPORTING = Indicator(
    "networks_reporting", "header", "Antal netværk i opgørelsen", "antal", Agg.COUNT
)


def _result(
    ind: Indicator, ordered: Sequence[Response], history: History, years: tuple[int, ...]
) -> IndicatorResult:
    survey_year = years[-1]
    now = compute(ind, ordered, survey_year)
    series = tuple(
        now if year == survey_year else _from_history(history, ind.id, year) for year in years
    )
    previous = _from_history(history, ind.id, survey_year - 1)
    return IndicatorResult.of(ind, series, change_pct(previous.value, now.value, ind.decimals))


def _checked(responses: Sequence[Response], survey_year: int) -> tuple[Response, ...]:
    ordered = tuple(sorted(responses, key=lambda r: (r.network, r.file)))
    for prev, this in pairwise(ordered):
        if prev.network == this.network:
            raise ValueError(f"two responses for network {this.network}: {prev.file}, {this.file}")
    for r in ordered:
        if r.survey_year != survey_year:
            raise ValueError(f"{r.file} answers for {r.survey_year}, not for {survey_year}")
    return ordered


def _from_history(history: History, indicator_id: str, year: int) -> YearValue:
    found = history.get((indicator_id, year))
    return found if found is not None else YearValue(year=year, value=None, source="")


def shown(value: float | None, decimals: int) -> float | None:
    """The value as the report prints it (rounded half up to `decimals`), or None."""
    return None if value is None else round_half_up(value, decimals)


def change_pct(previous: float | None, current: float | None, decimals: int) -> float | None:
    """% change from `previous` to `current`, from the values as printed; None = NA.

    >>> round_half_up(change_pct(2.6, 3.3, 1), 0)  # turnover per employee, 2011 -> 2012
    27.0
    """
    before, now = shown(previous, decimals), shown(current, decimals)
    if before is None or now is None or before == 0:
        return None
    b, n = to_decimal(before), to_decimal(now)
    # abs: the sign of the change follows the values even for a negative base year.
    return float(divide((n - b) * _HUNDRED, abs(b)))


# --- One indicator ---------------------------------------------------------------------------


def compute(ind: Indicator, responses: Sequence[Response], year: int) -> YearValue:
    """The figure of one indicator in `year` from the responses of the programmes it covers."""
    rs = [r for r in responses if r.programme in ind.programmes]
    value, networks = _AGGS[ind.agg](ind, rs)
    if value is not None:
        value = multiply(value, to_decimal(ind.scale))
    return YearValue(
        year=year,
        value=None if value is None else float(value),
        networks=networks,
        source="inputs",
    )


_Result = tuple[Decimal | None, int]


def _number(r: Response, field: str) -> Decimal | None:
    v = r.values.get(field)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise TypeError(f"{r.file}: {field} should be a number, got {v!r}")
    return to_decimal(v)


def _yes(r: Response, field: str) -> bool | None:
    v: Value = r.values.get(field)
    if v is None or isinstance(v, bool):
        return v
    raise TypeError(f"{r.file}: {field} should be Ja/Nej (a bool), got {v!r}")


def _network_sum(r: Response, fields: Sequence[str]) -> Decimal | None:
    """The sum of the fields a network answered; None when it answered none of them."""
    # Whole numbers (most answers) are summed as ints, which is exact and several times
    # faster than Decimal; the others go through `_number`'s checks and Decimal.
    whole = 0
    rest: list[Decimal] = []
    answered = False
    values = r.values
    for f in fields:
        v = values.get(f)
        if v is None:
            continue
        answered = True
        if type(v) is int:  # not bool, which `_number` refuses
            whole += v
        else:
            rest.append(_number(r, f))  # type: ignore[arg-type]  # not None: checked above
    if not answered:
        return None
    return exact_sum([Decimal(whole), *rest]) if rest else Decimal(whole)


def _sums(ind: Indicator, rs: Sequence[Response]) -> list[Decimal]:
    return [x for x in (_network_sum(r, ind.fields) for r in rs) if x is not None]


def _share(count: int, networks: int) -> _Result:
    if networks == 0:
        return None, 0
    return divide(Decimal(count) * _HUNDRED, Decimal(networks)), networks


def _count(ind: Indicator, rs: Sequence[Response]) -> _Result:
    return Decimal(len(rs)), len(rs)


def _sum(ind: Indicator, rs: Sequence[Response]) -> _Result:
    sums = _sums(ind, rs)
    return (exact_sum(sums) if sums else None), len(sums)


def _mean(ind: Indicator, rs: Sequence[Response]) -> _Result:
    sums = _sums(ind, rs)
    if not sums:
        return None, 0
    return divide(exact_sum(sums), Decimal(len(sums))), len(sums)


def _answers(ind: Indicator, rs: Sequence[Response]) -> list[bool]:
    return [a for a in (_yes(r, ind.fields[0]) for r in rs) if a is not None]


def _share_yes(ind: Indicator, rs: Sequence[Response]) -> _Result:
    answers = _answers(ind, rs)
    return _share(sum(answers), len(answers))


def _count_yes(ind: Indicator, rs: Sequence[Response]) -> _Result:
    answers = _answers(ind, rs)
    return (Decimal(sum(answers)) if answers else None), len(answers)


def _any_yes(ind: Indicator, rs: Sequence[Response]) -> _Result:
    known: list[bool] = []
    for r in rs:
        answers = [_yes(r, f) for f in ind.fields]
        if any(a is True for a in answers):
            known.append(True)
        elif all(a is False for a in answers):
            known.append(False)
    return _share(sum(known), len(known))


def _positives(ind: Indicator, rs: Sequence[Response]) -> list[bool]:
    return [x > 0 for x in (_number(r, ind.fields[0]) for r in rs) if x is not None]


def _count_positive(ind: Indicator, rs: Sequence[Response]) -> _Result:
    flags = _positives(ind, rs)
    return (Decimal(sum(flags)) if flags else None), len(flags)


def _share_positive(ind: Indicator, rs: Sequence[Response]) -> _Result:
    flags = _positives(ind, rs)
    return _share(sum(flags), len(flags))


def _two_sided(
    rs: Sequence[Response], top: Sequence[str], bottom: str
) -> tuple[Decimal, Decimal, int] | None:
    """Sums of `top` fields and of `bottom` over networks that answered both sides."""
    tops: list[Decimal] = []
    bottoms: list[Decimal] = []
    for r in rs:
        t, b = _network_sum(r, top), _number(r, bottom)
        if t is not None and b is not None:
            tops.append(t)
            bottoms.append(b)
    if not tops:
        return None
    return exact_sum(tops), exact_sum(bottoms), len(tops)


def _ratio(ind: Indicator, rs: Sequence[Response]) -> _Result:
    sides = _two_sided(rs, ind.fields[:1], ind.fields[1])
    if sides is None:
        return None, 0
    top, bottom, n = sides
    return (None if bottom == 0 else divide(top, bottom)), n


def _share_of_sum(ind: Indicator, rs: Sequence[Response]) -> _Result:
    sides = _two_sided(rs, ind.fields[:-1], ind.fields[-1])
    if sides is None:
        return None, 0
    top, bottom, n = sides
    return (None if bottom == 0 else divide(top * _HUNDRED, bottom)), n


_AGGS: dict[Agg, Callable[[Indicator, Sequence[Response]], _Result]] = {
    Agg.COUNT: _count,
    Agg.SUM: _sum,
    Agg.MEAN: _mean,
    Agg.SHARE_YES: _share_yes,
    Agg.ANY_YES: _any_yes,
    Agg.COUNT_YES: _count_yes,
    Agg.COUNT_POSITIVE: _count_positive,
    Agg.SHARE_POSITIVE: _share_positive,
    Agg.RATIO: _ratio,
    Agg.SHARE_OF_SUM: _share_of_sum,
}
