"""The vocabulary of the survey: kinds of answer, programmes, severities, and the shapes of a
section, a question (`Field`) and a report figure (`Indicator`). What the survey asks and shows
is the definition workbook's (`definition.load` makes these from its rows; `catalogue` holds
them). Imports nothing of the package; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """How an answer is typed and parsed."""

    INT = "whole"  # whole number >= 0
    DEC = "decimal"  # decimal number >= 0
    YESNO = "yesno"  # "Ja" / "Nej"
    TEXT = "text"  # free text
    EMAIL = "email"  # text that must look like an e-mail address
    NETWORK = "network"  # one name from the register


class Programme(StrEnum):
    """Which organisations answer a question (issue: appendix 3, the wider landscape)."""

    NETWORK = "innovation_network"
    CLUSTER = "cluster"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class ProgrammeNames:
    """What each programme is called, once for every place that names it."""

    form_da: str  # the form type written in the questionnaire (its title and Skema!E4)
    one_da: str  # one organisation, as a table cell says it
    a_da: str  # one organisation, in a Danish sentence
    a_en: str  # one organisation, in an English sentence
    plural_da: str  # the population, as the report says it
    plural_en: str  # the population, as the terminal says it


PROGRAMME_NAMES: dict[Programme, ProgrammeNames] = {
    Programme.NETWORK: ProgrammeNames(
        "Innovationsnetværk",
        "Innovationsnetværk",
        "et innovationsnetværk",
        "an innovation network",
        "innovationsnetværk",
        "innovation networks",
    ),
    Programme.CLUSTER: ProgrammeNames(
        "Klynge uden for innovationsnetværksprogrammet",
        "Øvrig klynge",
        "en klynge",
        "a cluster",
        "øvrige klynger",
        "other clusters",
    ),
}

BOTH = frozenset({Programme.NETWORK, Programme.CLUSTER})
NETWORK_ONLY = frozenset({Programme.NETWORK})
CLUSTER_ONLY = frozenset({Programme.CLUSTER})

YES = "Ja"
NO = "Nej"

# Characters a free-text answer may hold (the form's data validation and `validate` agree),
# and the longest valid e-mail address (RFC 5321's path limit less its angle brackets).
TEXT_MAX = 1000
EMAIL_MAX = 254


@dataclass(frozen=True)
class Section:
    id: str
    title_da: str  # as the heading reads in the questionnaire and in appendix 1


@dataclass(frozen=True)
class Field:
    """One answer cell of the questionnaire."""

    id: str
    section: str
    question: str  # Danish, as a network reads it
    kind: Kind
    unit: str = "antal"
    help: str = ""
    required: bool = True
    min: float | None = 0
    max: float | None = None
    programmes: frozenset[Programme] = NETWORK_ONLY
    # Year-over-year plausibility: a change beyond this factor (either way) is a warning.
    yoy_factor: float | None = None
    # Personal data (a person's name or e-mail): the report is e-mailed around, so these
    # answers stay out of it unless the secretariat asks for them.
    personal: bool = False


class Agg(StrEnum):
    """How an indicator is computed from the fields of the reporting networks."""

    COUNT = "count"  # number of reporting networks
    SUM = "sum"  # total over networks of the sum of `fields`
    MEAN = "mean"  # SUM / number of reporting networks
    SHARE_YES = "share_yes"  # % of reporting networks answering Ja to fields[0]
    ANY_YES = "any_yes"  # % of reporting networks answering Ja to any of `fields`
    COUNT_YES = "count_yes"  # networks answering Ja to fields[0]
    COUNT_POSITIVE = "count_positive"  # networks whose fields[0] is above 0
    SHARE_POSITIVE = "share_positive"  # % of networks whose fields[0] is above 0
    RATIO = "ratio"  # SUM(fields[0]) / SUM(fields[1])
    SHARE_OF_SUM = "share_of_sum"  # SUM(fields[:-1]) / SUM(fields[-1]) in %


@dataclass(frozen=True)
class Indicator:
    """One figure of the report.

    `scale` converts the fields' unit to the indicator's unit (1.000 kr. -> mio. kr.).
    `decimals` is the published precision; `appendix1` marks the rows of appendix 1, in order.
    """

    id: str
    section: str
    label_da: str
    unit: str
    agg: Agg
    fields: tuple[str, ...] = ()
    scale: float = 1.0
    decimals: int = 0
    appendix1: bool = True
    programmes: frozenset[Programme] = NETWORK_ONLY
    break_note: str = ""

    @property
    def is_share(self) -> bool:
        return self.unit == "pct"


UNIT_TKR = "1.000 kr."
UNIT_YES_NO = "Ja/Nej"
