"""One network's picture of the year: its own figures beside aggregates of the others. No I/O.

Every indicator is computed per network by `aggregate.compute` on that network's response
alone: the catalogue's one definition gives the network's own value (its sum of the fields,
its own ratio, 100/0 for a Ja/Nej share). Group statistics are then taken over those
per-network values, so a group mean of a "sum" indicator equals the report's "average per
network", and a group mean of a Ja/Nej indicator is the report's share of networks.

Disclosure rules (what a network may learn about the others), decided here and nowhere else:

* Only aggregates of groups with at least `MIN_GROUP` (3) networks that answered are shown.
  A mean of three tells a member no more than the sum of the two others.
* Order statistics (median, the 25-75 % band) and the rank are individual values in
  disguise: in a group of five, a member knowing its own value, the mean, the median and both
  quartiles can solve for every other value. They are shown only for groups of at least
  `MIN_SPREAD_GROUP` (10) networks, where they cannot be tied to a network. The lowest and
  highest answers are never shown: each is one network's answer, often a known one.
* A Ja/Nej share of a small group tells a member the others' answers whenever they agree
  (e.g. 100 % of three), so shares also need `MIN_SPREAD_GROUP` networks.
* A median of an odd number of networks equals one network's answer. For a group of at least
  ten networks this is accepted: it is a statistic of the group and names no one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from perfreg_xlsx.models import Response
from perfreg_xlsx.report.aggregate import change_pct, compute
from perfreg_xlsx.survey.catalogue import current
from perfreg_xlsx.survey.registry import Network, Register
from perfreg_xlsx.survey.types import Agg, Indicator, Programme
from perfreg_xlsx.util.numbers import divide, exact_sum, to_decimal

MIN_GROUP = 3
MIN_SPREAD_GROUP = 10
FINANCING_MIX_SECTION = "fig3.6"

# Aggregations whose per-network value is a Ja/Nej (computed as 100/0 or 1/0 for one network).
_YES_NO = frozenset(
    {Agg.SHARE_YES, Agg.ANY_YES, Agg.COUNT_YES, Agg.SHARE_POSITIVE, Agg.COUNT_POSITIVE}
)
_OWN_VALUE = frozenset({Agg.SUM, Agg.MEAN})  # for one network, its sum is its mean
_QUARTER, _THREE_QUARTERS = Decimal("0.25"), Decimal("0.75")


@dataclass(frozen=True)
class GroupStats:
    """Aggregates of one group of networks for one indicator; None = not shown.

    `size` is the number of networks in the group, `n` how many of them answered (the
    networks behind the figures). For a Ja/Nej indicator `mean` is the share answering Ja
    (0-100) and there is no median or band.
    """

    name: str
    size: int
    n: int
    mean: float | None = None
    median: float | None = None
    q1: float | None = None
    q3: float | None = None

    @property
    def shown(self) -> bool:
        return self.mean is not None


@dataclass(frozen=True)
class ProfileRow:
    """One indicator in a network's profile."""

    id: str
    section: str
    label_da: str
    unit: str
    decimals: int
    yes_no: bool
    own: float | bool | None  # None: not answered
    previous: float | bool | None  # last year's own value; None: not available
    change_pct: float | None  # % change from last year, from the values as printed
    rank: int | None  # 1 = the highest value among `all_networks.n`; None: not shown
    all_networks: GroupStats
    theme: GroupStats | None  # None: the theme area has fewer than MIN_GROUP networks


@dataclass(frozen=True)
class ProfileData:
    """Everything one network's feedback workbook shows."""

    network: str  # short name
    network_name: str
    theme_area: str
    survey_year: int
    networks_included: int
    theme_size: int  # included networks of the same theme area, this one included
    has_previous: bool  # last year's answers of this network were given
    rows: tuple[ProfileRow, ...]

    def row(self, indicator_id: str) -> ProfileRow:
        for r in self.rows:
            if r.id == indicator_id:
                return r
        raise KeyError(indicator_id)


def profile_indicators() -> tuple[Indicator, ...]:
    """The indicators a profile shows, in report order, each per-network figure once.

    Appendix 1 (without the count of networks), then the financing mix (each source's share
    of the turnover). A "total" and an "average per network" of the same fields are the same
    figure for one network; the first of them is kept.
    """
    chosen: list[Indicator] = []
    seen: set[tuple[object, ...]] = set()
    cat = current()
    mix = (i for i in cat.indicators if i.section == FINANCING_MIX_SECTION)
    candidates = [*cat.appendix1, *mix]
    for ind in candidates:
        if ind.agg is Agg.COUNT or Programme.NETWORK not in ind.programmes:
            continue
        key = _per_network_key(ind)
        if key not in seen:
            seen.add(key)
            chosen.append(ind)
    return tuple(chosen)


def _per_network_key(ind: Indicator) -> tuple[object, ...]:
    if ind.agg in _OWN_VALUE:
        return ("own", ind.fields, ind.scale)
    if ind.agg in (Agg.SHARE_YES, Agg.COUNT_YES):
        return ("yes", ind.fields[0])
    if ind.agg in (Agg.SHARE_POSITIVE, Agg.COUNT_POSITIVE):
        return ("positive", ind.fields[0])
    return (ind.agg, ind.fields, ind.scale)


def _label(ind: Indicator) -> str:
    # An "average per network" kept without its total (employees) reads, for one network,
    # as the question the network answered.
    field = current().fields_by_id.get(ind.fields[0]) if len(ind.fields) == 1 else None
    if ind.agg is Agg.MEAN and field is not None:
        return field.question
    return ind.label_da


def own_value(ind: Indicator, response: Response) -> float | bool | None:
    """The network's own figure of `ind`: a number, Ja (True)/Nej (False), or None."""
    value = compute(ind, [response], response.survey_year).value
    if value is None:
        return None
    return value > 0 if ind.agg in _YES_NO else value


def network_profiles(
    responses: Sequence[Response],
    register: Register,
    survey_year: int,
    previous: Sequence[Response] = (),
) -> tuple[ProfileData, ...]:
    """One `ProfileData` per innovation network in `responses`, sorted by short name.

    `previous` are last year's responses (any networks); a network's own change from last
    year is given where its response is among them. Raises ValueError when a response is not
    of `survey_year` or a network answers twice (validation was bypassed).
    """
    nets = sorted(
        (r for r in responses if r.programme is Programme.NETWORK), key=lambda r: r.network
    )
    for r in nets:
        if r.survey_year != survey_year:
            raise ValueError(f"{r.file} answers for {r.survey_year}, not for {survey_year}")
    if len({r.network for r in nets}) != len(nets):
        raise ValueError("a network answers twice")
    by_short = register.by_short_name()
    theme_of = {r.network: _theme(by_short.get(r.network)) for r in nets}
    last_year = {p.network: p for p in previous if p.survey_year == survey_year - 1}
    indicators = profile_indicators()
    values = {ind.id: {r.network: own_value(ind, r) for r in nets} for ind in indicators}
    profiles: list[ProfileData] = []
    for r in nets:
        theme = theme_of[r.network]
        members = [x.network for x in nets if theme and theme_of[x.network] == theme]
        prev = last_year.get(r.network)
        rows = tuple(
            _row(ind, values[ind.id], r.network, members, theme, len(nets), prev)
            for ind in indicators
        )
        profiles.append(
            ProfileData(
                network=r.network,
                network_name=r.network_name,
                theme_area=theme,
                survey_year=survey_year,
                networks_included=len(nets),
                theme_size=len(members),
                has_previous=prev is not None,
                rows=rows,
            )
        )
    return tuple(profiles)


def _theme(network: Network | None) -> str:
    return "" if network is None else network.theme_area


def _row(
    ind: Indicator,
    values: Mapping[str, float | bool | None],
    network: str,
    theme_members: Sequence[str],
    theme: str,
    size: int,
    prev: Response | None,
) -> ProfileRow:
    yes_no = ind.agg in _YES_NO
    own = values[network]
    previous = None if prev is None else own_value(ind, prev)
    change = None
    if not yes_no and isinstance(own, float) and isinstance(previous, float):
        change = change_pct(previous, own, ind.decimals)
    all_values = [v for v in values.values() if v is not None]
    everyone = group_stats("Alle netværk", size, all_values, yes_no)
    theme_stats = None
    if len(theme_members) >= MIN_GROUP:
        answered = [v for m in theme_members if (v := values[m]) is not None]
        theme_stats = group_stats(theme, len(theme_members), answered, yes_no)
    rank = None
    if not yes_no and isinstance(own, float) and everyone.median is not None:
        rank = 1 + sum(1 for v in all_values if isinstance(v, float) and v > own)
    return ProfileRow(
        id=ind.id,
        section=ind.section,
        label_da=_label(ind),
        unit=ind.unit,
        decimals=ind.decimals,
        yes_no=yes_no,
        own=own,
        previous=previous,
        change_pct=change,
        rank=rank,
        all_networks=everyone,
        theme=theme_stats,
    )


def group_stats(name: str, size: int, values: Sequence[float | bool], yes_no: bool) -> GroupStats:
    """The aggregates of a group that the disclosure rules allow (see the module docstring)."""
    n = len(values)
    if n < MIN_GROUP or (yes_no and n < MIN_SPREAD_GROUP):
        return GroupStats(name, size, n)
    if yes_no:
        share = divide(Decimal(sum(1 for v in values if v is True)) * 100, Decimal(n))
        return GroupStats(name, size, n, mean=float(share))
    ds = sorted(to_decimal(float(v)) for v in values)
    mean = float(divide(exact_sum(ds), Decimal(n)))
    if n < MIN_SPREAD_GROUP:
        return GroupStats(name, size, n, mean=mean)
    return GroupStats(
        name,
        size,
        n,
        mean=mean,
        median=_quantile(ds, Decimal("0.5")),
        q1=_quantile(ds, _QUARTER),
        q3=_quantile(ds, _THREE_QUARTERS),
    )


def _quantile(ordered: Sequence[Decimal], p: Decimal) -> float:
    """Excel's PERCENTILE.INC / QUARTILE.INC: linear between the two nearest ranks."""
    position = p * (len(ordered) - 1)
    low = math.floor(position)
    frac = position - low
    if frac == 0:
        return float(ordered[low])
    return float(ordered[low] + (ordered[low + 1] - ordered[low]) * frac)
