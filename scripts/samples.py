"""Made-up questionnaire answers whose aggregate reproduces a year's published figures.

The shipped sample inputs must add up to the report exactly, at the published precision, while
each network's answers look like a real network's: parts never exceed their totals, an activity
answered Nej has no participants, the financing sources add up to the turnover. The published
totals are the input; per-network numbers are *solved* from them by splitting each total over
the networks with deterministic weights (a size profile drawn from `random.Random(year)`) and
bounds taken from the catalogue's rules, so nothing here is a hand-typed per-network number.

No I/O: callers parse the history files' text with `parse_published` and write the answers.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from survey_names import (
    FIELDS_BY_ID,
    FINANCING_FIRMS,
    FINANCING_SOURCES,
    FINANCING_STATE,
    INDICATORS,
    KI_KINDS,
)

from perfreg_xlsx.survey import catalogue
from perfreg_xlsx.survey.registry import Network, Register
from perfreg_xlsx.survey.rules import (
    Breach,
    NoMeansZero,
    PartOfTotal,
    Requires,
    Rule,
    SourcesSum,
    YesNeedsCount,
)
from perfreg_xlsx.survey.types import NO, YES, Agg, Indicator, Kind, Programme

Answer = int | float | str
Answers = dict[str, dict[str, Answer]]

# Shares the report states only in its running text (section 4.4, figure 4.9), not in history/.
REPORT_TEXT_FIGURES: Mapping[str, Decimal] = {
    "share_education_initiated": Decimal(45),
    "share_education_offered": Decimal(36),
}

# A network offers courses exactly when it initiated or offered education (report, 4.4).
_UNION_OF_POSITIVE = {"offers_courses": ("education_initiated", "education_offered")}

# Plausibility profile: how the firms' financing divides (no published split), and what part of
# the networks has money from sources that not every network taps. Percent.
_FIRMS_SPLIT = {
    "financing_firms_in_kind": 55,
    "financing_firms_membership": 5,
    "financing_firms_direct": 40,
}
_SOURCE_REACH = {"financing_eu": 55, "financing_other_ministries": 30}
# The basic grant is what remains once the other sources are placed: every network has one.
_RESIDUAL_SOURCE = "financing_basic_grant"
_FTE_STEP = 10  # employees are answered in tenths of a full-time equivalent
_MIN_FTE_STEPS = 10  # no network runs on less than one full-time equivalent

# Integer fields in the order they are solved: (field, driver, extra caps). A field is split in
# proportion to its driver's per-network values (None: the size profile); the catalogue's
# part-of-total rules bound it, and the extra caps add bounds a real network would respect.
_P = "firms_participating"
_NETWORK_ORDER: tuple[tuple[str, str | None, tuple[str, ...]], ...] = (
    (_P, None, ()),
    ("firms_participating_dedicated", _P, ()),
    ("firms_participating_sme", _P, ()),
    ("firms_collab", _P, ()),
    ("firms_collab_sme", "firms_collab", ()),
    ("firms_first_collab", "firms_collab", ()),
    ("firms_first_collab_sme", "firms_first_collab", ("firms_collab_sme",)),
    ("firms_new_products", _P, (_P,)),
    ("firms_new_ideas", _P, (_P,)),
    ("firms_new_competences", _P, (_P,)),
    ("firms_conferences", _P, (_P,)),
    ("firms_matchmaking", _P, (_P,)),
    ("firms_ideageneration", _P, (_P,)),
    ("firms_preprojects", _P, (_P,)),
    ("firms_sparring", _P, (_P,)),
    ("ki_units_preprojects", "firms_preprojects", ()),
    ("ki_count", None, ()),
    ("innovation_projects", None, ()),
    ("innovation_projects_foreign", "innovation_projects", ()),
    ("firms_innovation_projects", "innovation_projects", ("firms_collab",)),
    ("firms_innovation_projects_sme", "firms_innovation_projects", ()),
    ("ki_units_innovation_projects", "innovation_projects", ()),
    ("innovation_projects_turnover", "innovation_projects", ()),
    ("innovation_projects_firm_financing", "innovation_projects_turnover", ()),
    ("education_initiated", None, ()),
    ("education_offered", None, ()),
    ("firms_contacted", None, ()),
    ("media_mentions", None, ()),
    ("press_releases", None, ()),
    ("newsletters", None, ()),
    ("turnover", None, ()),
)
_CLUSTER_ORDER: tuple[tuple[str, str | None, tuple[str, ...]], ...] = (
    (_P, None, ()),
    ("firms_collab", _P, ()),
    ("firms_new_products", _P, (_P,)),
)

_FIRST_NAMES = (
    "Anne", "Mette", "Lars", "Søren", "Henrik", "Camilla", "Jesper", "Louise", "Morten",
    "Helle", "Rasmus", "Birgitte", "Thomas", "Pernille", "Niels", "Susanne", "Jørgen", "Ida",
)  # fmt: skip
_SURNAMES = (
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
    "Sørensen", "Rasmussen", "Jørgensen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Møller",
)  # fmt: skip
_COMMENTS = (
    "Antallet af omtaler i medierne er opgjort på grundlag af vores egen presseovervågning.",
    "Omsætningen omfatter et større EU-projekt, som netværket koordinerer.",
    "Tallene for deltagende virksomheder er baseret på vores CRM-system.",
    "In kind-bidragene er opgjort efter de timesatser, styrelsen har fastsat.",
)


@dataclass(frozen=True)
class Published:
    """One year's published figures: indicator id -> value, with the report's qualifier.

    A note such as "over 75 pct." marks a value the report gives only as a bound.
    """

    year: int
    values: Mapping[str, Decimal]
    notes: Mapping[str, str]


def parse_published(appendix_csv: str, figures_csv: str, year: int) -> Published:
    """Read the `year` figures of appendix 1 and of the other published figures (CSV text).

    Appendix 1 wins where both give an indicator; "NA" cells are left out.
    """
    values: dict[str, Decimal] = {}
    notes: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(figures_csv.lstrip("\ufeff"))):
        if row["year"].strip() == str(year):
            if row["id"] in values:
                raise ValueError(f"{row['id']} is listed twice for {year}")
            values[row["id"]] = Decimal(row["value"].strip())
            notes[row["id"]] = row.get("note") or ""
    for row in csv.DictReader(io.StringIO(appendix_csv.lstrip("\ufeff"))):
        text = (row.get(str(year)) or "").strip()
        if text and text != "NA":
            values[row["id"]] = Decimal(text)
            notes[row["id"]] = ""
    return Published(year, values, notes)


def round_half_up(x: Fraction, decimals: int = 0) -> Fraction:
    """Round a non-negative exact number as the printed report does (a trailing 5 goes up)."""
    step = Fraction(10) ** decimals
    return Fraction(int(x * step + Fraction(1, 2)), 1) / step


def share_matches(count: int, n: int, value: Decimal, note: str = "") -> bool:
    """Whether `count` of `n` networks is the published share `value` (%), read with its note.

    "over 75" means above 75; otherwise the share rounds half-up to the value.
    """
    pct = Fraction(100 * count, n)
    if "over" in note.casefold():
        return pct > Fraction(value)
    return round_half_up(pct) == Fraction(value)


def apportion(
    total: int, weights: Sequence[int], lo: Sequence[int], hi: Sequence[int]
) -> list[int]:
    """Split `total` into whole numbers within `lo`..`hi`, above `lo` in proportion to `weights`.

    Largest remainders settle the rounding; a share that would pass its `hi` is held there and
    the rest is spread again over the others. Ties go to the earlier position: deterministic.
    """
    n = len(weights)
    room = [hi[i] - lo[i] if weights[i] > 0 else 0 for i in range(n)]
    if any(r < 0 for r in room) or any(hi[i] < lo[i] for i in range(n)):
        raise ValueError("a lower bound exceeds its upper bound")
    left = total - sum(lo)
    if not 0 <= left <= sum(room):
        raise ValueError(f"cannot split {total} within {sum(lo)}..{sum(lo) + sum(room)}")
    extra = [0] * n
    active = [i for i in range(n) if room[i] > 0]
    while True:
        weight = sum(weights[i] for i in active)
        full = [i for i in active if Fraction(left * weights[i], weight) >= room[i]]
        if not full:
            break
        for i in full:
            extra[i] = room[i]
            left -= room[i]
            active.remove(i)
    if active:
        ideal = {i: Fraction(left * weights[i], weight) for i in active}
        for i in active:
            extra[i] = int(ideal[i])
        short = left - sum(extra[i] for i in active)
        by_remainder = sorted(active, key=lambda i: (-(ideal[i] - extra[i]), i))
        for i in by_remainder[:short]:
            extra[i] += 1
    return [lo[i] + extra[i] for i in range(n)]


# --- Solving the published figures into per-field targets ------------------------------------


@dataclass
class _Targets:
    sums: dict[str, Fraction]  # field -> total over the networks, in the field's unit
    groups: dict[tuple[str, ...], Fraction]  # total of several fields (e.g. state financing)
    yes: dict[str, int]  # YESNO field -> networks answering Ja
    positive: dict[str, int]  # field -> networks answering above 0
    shares: dict[str, Fraction]  # fig. 3.6 share of the turnover, by source field


def _published(ind: Indicator, pub: Published) -> Decimal | None:
    if ind.id in pub.values:
        return pub.values[ind.id]
    return REPORT_TEXT_FIGURES.get(ind.id) if pub.year == 2012 else None


def _count_for_share(ind: Indicator, value: Decimal, note: str, n: int) -> int:
    fits = [k for k in range(n + 1) if share_matches(k, n, value, note)]
    if not fits:
        raise ValueError(f"{ind.id}: no count of {n} networks gives {value} %")
    return fits[0]


def _solve_targets(pub: Published, n: int) -> _Targets:
    t = _Targets({}, {}, {}, {}, {})
    # Indicators over both programmes (appendix 3) are solved by `_cluster_answers`.
    inds = [i for i in INDICATORS if i.programmes == {Programme.NETWORK}]
    for ind in inds:  # sums first: appendix 1's totals are binding, means only checked
        value = _published(ind, pub)
        if value is not None and ind.agg is Agg.SUM:
            total = Fraction(value) / Fraction(Decimal(str(ind.scale)))
            if len(ind.fields) == 1:
                t.sums[ind.fields[0]] = total
            else:
                t.groups[ind.fields] = total
    for ind in inds:
        value = _published(ind, pub)
        if value is None:
            continue
        note = pub.notes.get(ind.id, "")
        match ind.agg:
            case Agg.COUNT if int(value) != n:
                raise ValueError(f"{n} networks in the register, {value} published")
            case Agg.MEAN if ind.fields[0] not in t.sums:
                t.sums[ind.fields[0]] = Fraction(value) * n / Fraction(Decimal(str(ind.scale)))
            case Agg.SHARE_YES:
                t.yes[ind.fields[0]] = _count_for_share(ind, value, note, n)
            case Agg.COUNT_YES:
                t.yes[ind.fields[0]] = int(value)
            case Agg.COUNT_POSITIVE:
                t.positive[ind.fields[0]] = int(value)
            case Agg.SHARE_POSITIVE:
                t.positive[ind.fields[0]] = _count_for_share(ind, value, note, n)
            case Agg.SHARE_OF_SUM if len(ind.fields) == 2:
                t.shares[ind.fields[0]] = Fraction(value)
    return t


def published_conflicts(pub: Published, n: int) -> list[str]:
    """Published means that contradict a published total of the same field over `n` networks.

    The total wins (it is appendix 1's figure); these means cannot be reproduced by any answers.
    """
    out = []
    for ind in INDICATORS:
        value = _published(ind, pub)
        if value is None or ind.agg is not Agg.MEAN:
            continue
        total = next(
            (
                pub.values[s.id]
                for s in INDICATORS
                if s.agg is Agg.SUM and s.fields == ind.fields and s.id in pub.values
            ),
            None,
        )
        if total is not None:
            mean = round_half_up(Fraction(total) / n, ind.decimals)
            if mean != Fraction(value):
                out.append(f"{ind.id}: published {value}, but {total}/{n} rounds to {float(mean)}")
    return out


# --- Building the answers --------------------------------------------------------------------


class _Builder:
    """Fills per-field columns (one value per network, register order) from the targets."""

    def __init__(self, networks: Sequence[Network], rng: random.Random) -> None:
        self.networks = networks
        self.n = len(networks)
        self.rng = rng
        # Most networks are small; a few are several times the size of the smallest.
        self.size = [40 + int(210 * rng.random() ** 2) for _ in networks]
        self.cols: dict[str, list[int]] = {}
        self.flags: dict[str, list[bool]] = {}

    def _jittered(self, base: Sequence[int]) -> list[int]:
        return [b * self.rng.randint(70, 130) for b in base]

    def choose(self, k: int) -> list[bool]:
        """`k` networks, the bigger ones likelier (an established network does more)."""
        pool = list(range(self.n))
        if not 0 <= k <= len(pool):
            raise ValueError(f"cannot choose {k} of {len(pool)} networks")
        score = {i: self.size[i] * self.rng.randint(50, 150) for i in pool}
        picked = set(sorted(pool, key=lambda i: (-score[i], i))[:k])
        return [i in picked for i in range(self.n)]

    def bounds(self, fid: str, programme: Programme) -> tuple[list[int], list[int]]:
        lo, hi = [0] * self.n, [10**12] * self.n
        for rule in catalogue.builtin().rules_for(programme):
            match rule:
                case PartOfTotal(part=p, total=tot) if p == fid:
                    hi = [min(h, v) for h, v in zip(hi, self.cols[tot], strict=True)]
                case NoMeansZero(flag=f, counts=cs) if fid in cs:
                    hi = [h if yes else 0 for h, yes in zip(hi, self.flags[f], strict=True)]
                case YesNeedsCount(flag=f, count=c) if c == fid:
                    lo = [max(x, 1) if y else x for x, y in zip(lo, self.flags[f], strict=True)]
                case Requires(field=f, needs=nd) if nd == fid and f in self.cols:
                    lo = [max(x, 1) if v > 0 else x for x, v in zip(lo, self.cols[f], strict=True)]
        return lo, hi

    def split(
        self,
        fid: str,
        total: int,
        driver: str | None,
        caps: tuple[str, ...],
        programme: Programme,
        positive: list[bool] | None,
        floor: Sequence[int] = (),
    ) -> None:
        lo, hi = self.bounds(fid, programme)
        lo = [max(x, f) for x, f in zip(lo, floor, strict=True)] if floor else lo
        for cap in caps:
            hi = [min(h, v) for h, v in zip(hi, self.cols[cap], strict=True)]
        if positive is not None:
            lo = [max(x, 1) if p else x for x, p in zip(lo, positive, strict=True)]
            hi = [h if p else 0 for h, p in zip(hi, positive, strict=True)]
        elif driver is None:
            lo = [max(x, 1) if h > 0 else x for x, h in zip(lo, hi, strict=True)]
        base = self.size if driver is None else [max(v, 1) for v in self.cols[driver]]
        self.cols[fid] = apportion(total, self._jittered(base), lo, hi)


def _whole(x: Fraction, what: str) -> int:
    if x.denominator != 1:
        raise ValueError(f"{what}: the published figure gives a fractional total {float(x)}")
    return int(x)


def _yes_sets(b: _Builder, t: _Targets) -> dict[str, list[bool]]:
    """Which networks answer above 0 to the fields whose positive count is published."""
    positive: dict[str, list[bool]] = {}
    for flag, parts in _UNION_OF_POSITIVE.items():
        union = [i for i, y in enumerate(b.flags[flag]) if y]
        order = sorted(union, key=lambda i: (b.rng.random(), i))
        first, second = (t.positive[p] for p in parts)
        if max(first, second) > len(union) or first + second < len(union):
            raise ValueError(f"{flag}: {parts} cannot cover exactly {len(union)} networks")
        # Head and tail of one ordering: together they cover the union, as the report says.
        positive[parts[0]] = [i in order[:first] for i in range(b.n)]
        positive[parts[1]] = [i in order[len(order) - second :] for i in range(b.n)]
    for fid, k in t.positive.items():
        if fid not in positive:
            positive[fid] = b.choose(k)
    return positive


def _financing(b: _Builder, t: _Targets, programme: Programme) -> None:
    """Split each source over the networks so that every network's sources sum to its turnover."""
    turnover = _whole(t.sums["turnover"], "turnover")
    col_total: dict[str, int] = {}
    state = apportion(
        _whole(t.groups[FINANCING_STATE], "state financing"),
        [int(t.shares[s]) for s in FINANCING_STATE],
        [0] * 3,
        [10**12] * 3,
    )
    col_total.update(zip(FINANCING_STATE, state, strict=True))
    firms = apportion(
        _whole(t.groups[FINANCING_FIRMS], "firms' financing"),
        [_FIRMS_SPLIT[s] for s in FINANCING_FIRMS],
        [0] * 3,
        [10**12] * 3,
    )
    col_total.update(zip(FINANCING_FIRMS, firms, strict=True))
    for src in FINANCING_SOURCES:
        if src not in col_total:
            col_total[src] = _whole(t.sums[src], src)
    if sum(col_total.values()) != turnover:
        raise ValueError("the published financing sources do not add up to the turnover")
    left = list(b.cols["turnover"])
    for src in sorted(FINANCING_SOURCES, key=lambda s: s != "financing_firms_membership"):
        if src == _RESIDUAL_SOURCE:
            continue
        lo, hi = b.bounds(src, programme)
        reach = b.choose(b.n * _SOURCE_REACH[src] // 100) if src in _SOURCE_REACH else None
        # Keep one unit per network for the basic grant, which takes what is left.
        hi = [
            min(h, rest - 1) if reach is None or reach[i] else 0
            for i, (h, rest) in enumerate(zip(hi, left, strict=True))
        ]
        b.cols[src] = apportion(col_total[src], b._jittered(b.cols["turnover"]), lo, hi)
        left = [a - v for a, v in zip(left, b.cols[src], strict=True)]
    b.cols[_RESIDUAL_SOURCE] = left


def _network_columns(b: _Builder, t: _Targets) -> dict[str, list[float]]:
    prog = Programme.NETWORK
    for fid, k in sorted(t.yes.items()):
        if fid not in _UNION_OF_POSITIVE:
            b.flags[fid] = b.choose(k)
    for fid in _UNION_OF_POSITIVE:
        b.flags[fid] = b.choose(t.yes[fid])
    positive = _yes_sets(b, t)
    missing = [
        f.id
        for f in catalogue.builtin().fields_for(prog)
        if f.kind is Kind.YESNO and f.id not in b.flags
    ]
    if missing:
        raise ValueError(f"no published share for {', '.join(missing)}")
    for fid, driver, caps in _NETWORK_ORDER:
        if fid not in t.sums:
            raise ValueError(f"no published total or mean for {fid}")
        # Each kind of knowledge institution taking part counts at least one institution.
        floor = [sum(b.flags[k][i] for k in KI_KINDS) for i in range(b.n)]
        b.split(
            fid,
            _whole(t.sums[fid], fid),
            driver,
            caps,
            prog,
            positive.get(fid),
            floor if fid == "ki_count" else (),
        )
    _financing(b, t, prog)
    steps = _whole(t.sums["employees_fte"] * _FTE_STEP, "employees_fte")
    fte = apportion(
        steps,
        b._jittered(b.cols["turnover"]),
        [_MIN_FTE_STEPS if v > 0 else 0 for v in b.cols["turnover"]],
        [10**6] * b.n,
    )
    return {"employees_fte": [s / _FTE_STEP for s in fte]}


def _identity(b: _Builder, i: int, with_comment: bool) -> dict[str, Answer]:
    first = b.rng.choice(_FIRST_NAMES)
    last = b.rng.choice(_SURNAMES)
    local = f"{first}.{last}".casefold()
    for da, ascii_ in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        local = local.replace(da, ascii_)
    net = b.networks[i]
    out: dict[str, Answer] = {
        "network": net.name,
        "contact_name": f"{first} {last}",
        "contact_email": f"{local}@{net.short_name}.dk",
    }
    if with_comment:
        out["comment"] = _COMMENTS[i % len(_COMMENTS)]
    return out


def _assemble(b: _Builder, programme: Programme, decimals: Mapping[str, list[float]]) -> Answers:
    commented = set(b.rng.sample(range(b.n), min(4, b.n)))
    answers: Answers = {}
    for i, net in enumerate(b.networks):
        ident = _identity(b, i, i in commented)
        row: dict[str, Answer] = {}
        for f in catalogue.builtin().fields_for(programme):
            if f.id in ident:
                row[f.id] = ident[f.id]
            elif f.id in b.flags:
                row[f.id] = YES if b.flags[f.id][i] else NO
            elif f.id in b.cols:
                row[f.id] = b.cols[f.id][i]
            elif f.id in decimals:
                row[f.id] = decimals[f.id][i]
        problems = rule_violations(row, programme)
        if problems:
            raise AssertionError(f"{net.short_name}: {'; '.join(problems)}")
        answers[net.short_name] = row
    return answers


def sample_answers(register: Register, published: Published, *, clusters: bool = False) -> Answers:
    """Answers for every innovation network (and, with `clusters`, every cluster) of `register`.

    Keyed by short name; values are whole numbers, decimals, "Ja"/"Nej" or text, by field id.
    Aggregated, the networks' answers reproduce `published` at its precision; with clusters, the
    networks and clusters together give the landscape totals (`landscape_<field>`). Deterministic.
    """
    rng = random.Random(published.year)
    nets = register.of(Programme.NETWORK)
    b = _Builder(nets, rng)
    targets = _solve_targets(published, len(nets))
    answers = _assemble(b, Programme.NETWORK, _network_columns(b, targets))
    if clusters:
        answers.update(_cluster_answers(register, published, targets, rng))
    return answers


def _cluster_answers(
    register: Register, pub: Published, t: _Targets, rng: random.Random
) -> Answers:
    nets = register.of(Programme.CLUSTER)
    count = pub.values.get("landscape_clusters")
    if count is not None and int(count) != len(nets) + len(register.of(Programme.NETWORK)):
        raise ValueError(f"the register has not the {count} organisations of the landscape")
    b = _Builder(nets, rng)
    for fid, driver, caps in _CLUSTER_ORDER:
        landscape = pub.values.get(f"landscape_{fid}")
        if landscape is None:
            raise ValueError(f"no published landscape total for {fid}")
        total = _whole(Fraction(landscape) - t.sums[fid], fid)
        b.split(fid, total, driver, caps, Programme.CLUSTER, None)
    return _assemble(b, Programme.CLUSTER, {})


# --- Checking one network's answers -----------------------------------------------------------


def rule_violations(values: Mapping[str, Answer], programme: Programme) -> list[str]:
    """What is wrong with one network's answers: bounds, kinds and every catalogue rule.

    Stricter than validation where samples can be: the sources must equal the turnover exactly.
    """
    out: list[str] = []
    for f in catalogue.builtin().fields_for(programme):
        v = values.get(f.id)
        if v is None:
            if f.required:
                out.append(f"{f.id} is missing")
            continue
        if f.kind is Kind.YESNO and v not in (YES, NO):
            out.append(f"{f.id}={v!r} is not Ja/Nej")
        if f.kind in (Kind.INT, Kind.DEC):
            if not isinstance(v, int | float) or (f.kind is Kind.INT and not isinstance(v, int)):
                out.append(f"{f.id}={v!r} has the wrong type")
            elif (f.min is not None and v < f.min) or (f.max is not None and v > f.max):
                out.append(f"{f.id}={v} is out of range")

    typed = {fid: _typed(fid, v) for fid, v in values.items()}
    for rule in catalogue.builtin().rules_for(programme):
        # Samples can be exact where returned forms are allowed their rounding.
        exact = replace(rule, tolerance=0) if isinstance(rule, SourcesSum) else rule
        out.extend(_said(rule, b) for b in exact.breaches(typed))
    unknown = set(values) - set(FIELDS_BY_ID)
    if unknown:
        out.append(f"unknown fields {sorted(unknown)}")
    return out


def _typed(fid: str, v: Answer) -> Answer | bool:
    """An answer as validation types it (Ja/Nej -> True/False), for the rules' own checks."""
    f = FIELDS_BY_ID.get(fid)
    if f is not None and f.kind is Kind.YESNO and v in (YES, NO):
        return v == YES
    return v


def _said(rule: Rule, breach: Breach) -> str:
    """One breach in a line, e.g. "part-exceeds-total: firms_collab_sme=12 against 10"."""
    against = "" if breach.against is None else f" against {breach.against}"
    return f"{rule.code}: {breach.at}={breach.value}{against}"
