"""The cross-field rules: which answers must agree with which, and how strictly."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from perfreg_xlsx.survey.fields import FINANCING_SOURCES, fields_for
from perfreg_xlsx.survey.types import Programme, Severity

# --- Cross-field rules, declared beside the fields they read -----------------------------


@dataclass(frozen=True)
class PartOfTotal:
    """`part` must not exceed `total` (code `part-exceeds-total`)."""

    part: str
    total: str
    severity: Severity = Severity.ERROR


@dataclass(frozen=True)
class SourcesSum:
    """The `parts` must add up to `total` within `tolerance` (code `sources-do-not-sum`)."""

    parts: tuple[str, ...]
    total: str
    tolerance: float  # in the unit of the fields
    severity: Severity = Severity.ERROR


@dataclass(frozen=True)
class NoMeansZero:
    """An activity answered Nej has no participants (code `no-but-participants`)."""

    flag: str
    counts: tuple[str, ...]
    severity: Severity = Severity.ERROR


@dataclass(frozen=True)
class YesNeedsCount:
    """An activity answered Ja with 0 participants is suspicious (code `yes-but-none`)."""

    flag: str
    count: str
    severity: Severity = Severity.WARNING


@dataclass(frozen=True)
class Requires:
    """When `field` is above 0, `needs` must be above 0 too (code `requires-other`).

    Example: turnover without any employees.
    """

    field: str
    needs: str
    severity: Severity = Severity.WARNING


Rule = PartOfTotal | SourcesSum | NoMeansZero | YesNeedsCount | Requires


RULES: tuple[Rule, ...] = (
    PartOfTotal("firms_collab_sme", "firms_collab"),
    PartOfTotal("firms_first_collab", "firms_collab"),
    PartOfTotal("firms_first_collab_sme", "firms_first_collab"),
    PartOfTotal("firms_participating_dedicated", "firms_participating"),
    PartOfTotal("firms_participating_sme", "firms_participating"),
    PartOfTotal("innovation_projects_foreign", "innovation_projects"),
    PartOfTotal("firms_innovation_projects_sme", "firms_innovation_projects"),
    PartOfTotal("innovation_projects_firm_financing", "innovation_projects_turnover"),
    # A firm taking part in a project is a participating firm.
    PartOfTotal("firms_collab", "firms_participating", Severity.WARNING),
    # Rounding each source to whole 1.000 kr. can leave the sum a few thousand off.
    SourcesSum(FINANCING_SOURCES, "turnover", tolerance=5),
    NoMeansZero("offers_conferences", ("firms_conferences",)),
    NoMeansZero("offers_matchmaking", ("firms_matchmaking",)),
    NoMeansZero("offers_ideageneration", ("firms_ideageneration",)),
    NoMeansZero("offers_preprojects", ("firms_preprojects", "ki_units_preprojects")),
    NoMeansZero("offers_sparring", ("firms_sparring",)),
    NoMeansZero("has_membership_fees", ("financing_firms_membership",)),
    YesNeedsCount("offers_conferences", "firms_conferences"),
    YesNeedsCount("offers_matchmaking", "firms_matchmaking"),
    YesNeedsCount("offers_ideageneration", "firms_ideageneration"),
    YesNeedsCount("offers_preprojects", "firms_preprojects"),
    YesNeedsCount("offers_sparring", "firms_sparring"),
    YesNeedsCount("has_membership_fees", "financing_firms_membership"),
    Requires("turnover", "employees_fte"),
    Requires("innovation_projects", "firms_innovation_projects", Severity.ERROR),
)


@cache
def rules_for(programme: Programme) -> tuple[Rule, ...]:
    """The rules whose fields are all asked of `programme`."""
    asked = {f.id for f in fields_for(programme)}
    return tuple(r for r in RULES if set(rule_fields(r)) <= asked)


def rule_fields(rule: Rule) -> tuple[str, ...]:
    """Every field a rule reads."""
    match rule:
        case PartOfTotal(part=p, total=t):
            return (p, t)
        case SourcesSum(parts=ps, total=t):
            return (*ps, t)
        case NoMeansZero(flag=f, counts=cs):
            return (f, *cs)
        case YesNeedsCount(flag=f, count=c):
            return (f, c)
        case Requires(field=f, needs=n):
            return (f, n)
    raise TypeError(rule)  # pragma: no cover
