"""The one definition of every questionnaire field, cross-field rule and report indicator.

Everything else is derived from the declarations here: the template's rows and data
validation, the field map, the pydantic models and rules of validation, the aggregation of
each indicator and the layout of appendix 1. Adding a question is a `Field(...)` line in
`FIELDS` (plus an `Indicator` if the report shows it). No I/O happens in this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache


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


BOTH = frozenset({Programme.NETWORK, Programme.CLUSTER})
NETWORK_ONLY = frozenset({Programme.NETWORK})
CLUSTER_ONLY = frozenset({Programme.CLUSTER})

YES = "Ja"
NO = "Nej"


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


# --- Sections ------------------------------------------------------------------------------

SECTIONS: tuple[Section, ...] = (
    Section("0", "Netværkets identitet"),
    Section("1.1", "Innovation i virksomhederne"),
    Section("1.2", "Samspil med videninstitutioner"),
    Section("2.1", "Samlet antal deltagere i netværkenes aktiviteter"),
    Section("2.2", "Brobyggende aktiviteter"),
    Section("2.3", "Samarbejdsprojekter i regi af netværket"),
    Section("2.4", "Videnformidling og kompetenceudvikling"),
    Section("2.5", "Generel formidling og opsøgende arbejde"),
    Section("2.6", "Andre aktiviteter"),
    Section("2.7", "Internationale aktiviteter"),
    Section("3", "Omsætning og medarbejdere"),
)

_TKR = "1.000 kr."
_YN = "Ja/Nej"


def _yn(fid: str, section: str, question: str, help: str = "", *, both: bool = False) -> Field:
    return Field(
        fid,
        section,
        question,
        Kind.YESNO,
        unit=_YN,
        help=help,
        min=None,
        programmes=BOTH if both else NETWORK_ONLY,
    )


def _n(
    fid: str,
    section: str,
    question: str,
    help: str = "",
    *,
    both: bool = False,
    unit: str = "antal",
    yoy: float | None = 5.0,
) -> Field:
    return Field(
        fid,
        section,
        question,
        Kind.INT,
        unit=unit,
        help=help,
        programmes=BOTH if both else NETWORK_ONLY,
        yoy_factor=yoy,
    )


# The questions. Wording follows the report's indicator texts, turned into questions about
# the survey year ("året" is replaced by nothing: the form's header names the year).
FIELDS: tuple[Field, ...] = (
    # 0 Identity
    Field(
        "network",
        "0",
        "Netværkets navn",
        Kind.NETWORK,
        unit="",
        help="Vælg netværket fra listen.",
        min=None,
        programmes=BOTH,
    ),
    Field(
        "contact_name",
        "0",
        "Kontaktperson (navn)",
        Kind.TEXT,
        unit="",
        help="Den person, sekretariatet kan kontakte om besvarelsen.",
        min=None,
        programmes=BOTH,
    ),
    Field(
        "contact_email",
        "0",
        "Kontaktpersonens e-mail",
        Kind.EMAIL,
        unit="",
        help="F.eks. navn@netvaerk.dk",
        min=None,
        programmes=BOTH,
    ),
    Field(
        "comment",
        "0",
        "Bemærkninger til besvarelsen (frivilligt)",
        Kind.TEXT,
        unit="",
        help="Skriv gerne, hvis et tal er usikkert eller opgjort på en særlig måde.",
        required=False,
        min=None,
        programmes=BOTH,
    ),
    # 1.1 Innovation
    _n(
        "firms_new_products",
        "1.1",
        "Antal virksomheder, der har udviklet nye produkter/ydelser/processer "
        "som følge af deltagelsen i netværket",
        "Tæl hver virksomhed én gang, også hvis den har udviklet flere.",
        both=True,
    ),
    _n(
        "firms_new_ideas",
        "1.1",
        "Antal virksomheder, der har fået nye ideer til innovation",
        "Ideer, som senere kan føre til innovation.",
    ),
    _n(
        "firms_new_competences",
        "1.1",
        "Antal virksomheder, der har fået tilført nye kompetencer, der kan føre til innovation",
    ),
    # 1.2 Knowledge institutions
    _n(
        "firms_collab",
        "1.2",
        "Antal virksomheder, der deltog i samspilsprojekter med videninstitutioner",
        "Virksomheder, der som direkte følge af netværksdeltagelsen indgik i projekter "
        "med en videninstitution.",
        both=True,
    ),
    _n(
        "firms_collab_sme",
        "1.2",
        "– heraf virksomheder med under 50 ansatte",
        "En delmængde af tallet ovenfor.",
    ),
    _n(
        "firms_first_collab",
        "1.2",
        "Antal virksomheder, der deltog for første gang i et samarbejdsprojekt "
        "med en videninstitution",
        "En delmængde af virksomhederne i samspilsprojekter.",
    ),
    _n(
        "firms_first_collab_sme",
        "1.2",
        "– heraf virksomheder med under 50 ansatte",
        "En delmængde af tallet ovenfor.",
    ),
    _n(
        "ki_count",
        "1.2",
        "Antal videninstitutioner, der deltog i netværkets aktiviteter",
        "Tæl hver institution (f.eks. et universitet eller et GTS-institut) én gang.",
    ),
    _yn("ki_gts", "1.2", "Deltager GTS-institutter i netværkets aktiviteter?"),
    _yn("ki_universities", "1.2", "Deltager universiteter i netværkets aktiviteter?"),
    _yn(
        "ki_university_colleges",
        "1.2",
        "Deltager professionshøjskoler i netværkets aktiviteter?",
    ),
    _yn("ki_vocational_schools", "1.2", "Deltager erhvervsskoler i netværkets aktiviteter?"),
    _yn(
        "ki_business_academies",
        "1.2",
        "Deltager erhvervsakademier i netværkets aktiviteter?",
    ),
    _yn(
        "ki_foreign",
        "1.2",
        "Deltager udenlandske videninstitutioner i netværkets aktiviteter?",
    ),
    # 2.1 Participants
    _n(
        "firms_participating",
        "2.1",
        "Antal deltagende virksomheder i netværkets aktiviteter i alt",
        "Tæl hver virksomhed én gang, uanset hvor mange aktiviteter den deltog i.",
        both=True,
    ),
    _n(
        "firms_participating_dedicated",
        "2.1",
        "– heraf dedikerede virksomheder",
        "Virksomheder, der har bekræftet deltagelsen skriftligt, ved formaliseret "
        "projektdeltagelse eller ved medlemsbidrag.",
    ),
    _n(
        "firms_participating_sme",
        "2.1",
        "– heraf virksomheder med under 50 ansatte",
    ),
    # 2.2 Bridging activities
    _yn(
        "offers_conferences",
        "2.2",
        "Har netværket arrangeret konferencer, seminarer, workshops mv.?",
    ),
    _n(
        "firms_conferences",
        "2.2",
        "Antal virksomheder, der har deltaget i konferencer, seminarer mv.",
    ),
    _yn(
        "offers_matchmaking",
        "2.2",
        "Har netværket tilbudt matchmaking (individuel hjælp til at finde samarbejdspartnere)?",
    ),
    _n(
        "firms_matchmaking",
        "2.2",
        "Antal virksomheder, der har deltaget i matchmaking",
    ),
    _yn("offers_ideageneration", "2.2", "Har netværket tilbudt idégenereringsforløb?"),
    _n(
        "firms_ideageneration",
        "2.2",
        "Antal virksomheder, der har deltaget i idégenerering",
    ),
    # 2.3 Projects
    _yn("offers_preprojects", "2.3", "Har netværket tilbudt forprojekter?"),
    _n("firms_preprojects", "2.3", "Antal virksomheder, der deltog i forprojekter"),
    _n(
        "ki_units_preprojects",
        "2.3",
        "Antal deltagende enheder fra videninstitutioner i forprojekter",
        "En enhed er f.eks. et universitetsinstitut.",
    ),
    _n(
        "innovation_projects",
        "2.3",
        "Antal aktive innovationsprojekter i regi af netværket",
        "Samarbejdsprojekter med deltagelse af mindst én virksomhed og mindst én videninstitution.",
    ),
    _n(
        "innovation_projects_foreign",
        "2.3",
        "– heraf med udenlandsk deltagelse",
    ),
    _n(
        "firms_innovation_projects",
        "2.3",
        "Antal virksomheder, der deltog i innovationsprojekter",
    ),
    _n(
        "firms_innovation_projects_sme",
        "2.3",
        "– heraf virksomheder med under 50 ansatte",
    ),
    _n(
        "ki_units_innovation_projects",
        "2.3",
        "Antal deltagende enheder fra videninstitutioner i innovationsprojekter",
        "En enhed er f.eks. et universitetsinstitut.",
    ),
    _n(
        "innovation_projects_turnover",
        "2.3",
        "Samlet omsætning i innovationsprojekterne",
        "Beløb i hele 1.000 kr. (f.eks. 2.500 for 2,5 mio. kr.).",
        unit=_TKR,
    ),
    _n(
        "innovation_projects_firm_financing",
        "2.3",
        "– heraf virksomhedernes finansiering af innovationsprojekterne",
        "Beløb i hele 1.000 kr. En del af omsætningen ovenfor.",
        unit=_TKR,
    ),
    # 2.4 Knowledge dissemination and competence development
    _n(
        "education_initiated",
        "2.4",
        "Antal uddannelsesforløb, netværket har taget initiativ til",
    ),
    _n("education_offered", "2.4", "Antal uddannelsesforløb udbudt af netværket"),
    _yn(
        "offers_sparring",
        "2.4",
        "Har netværket tilbudt virksomhederne individuel sparring?",
        "Sparring baseret på ny viden og forskning, information om projektfinansiering "
        "eller hjælp til ansøgninger.",
    ),
    _n("firms_sparring", "2.4", "Antal virksomheder, der modtog individuel sparring"),
    _yn("offers_courses", "2.4", "Har netværket udbudt kurser?"),
    _yn(
        "advice_financing",
        "2.4",
        "Har netværket rådgivet om projektfinansiering og tilskudsordninger?",
    ),
    _yn(
        "sparring_trends",
        "2.4",
        "Har netværket tilbudt individuel sparring om tendenser og anvendelsesmuligheder "
        "inden for netværkets fagområde?",
    ),
    # 2.5 Communication and outreach
    _n(
        "firms_contacted",
        "2.5",
        "Antal nye virksomheder, netværket tog individuel kontakt til mhp. deltagelse",
    ),
    _n(
        "media_mentions",
        "2.5",
        "Antal omtaler af netværket i lokale og landsdækkende medier",
    ),
    _n("press_releases", "2.5", "Antal pressemeddelelser udsendt af netværket"),
    _n("newsletters", "2.5", "Antal nyhedsbreve udgivet af netværket"),
    _yn("website_updated", "2.5", "Har netværket en opdateret hjemmeside?"),
    # 2.6 Other activities
    _yn(
        "facilitation",
        "2.6",
        "Har netværket faciliteret møder mellem virksomheder og videninstitutioner?",
    ),
    _yn("financing_info", "2.6", "Har netværket udbudt information om finansiering?"),
    _yn(
        "idea_maturation",
        "2.6",
        "Har netværket udbudt idémodning (konkretisering af idéer)?",
    ),
    _yn("outreach", "2.6", "Har netværket udført opsøgende arbejde blandt virksomheder?"),
    _yn(
        "application_help",
        "2.6",
        "Har netværket udbudt hjælp til at skrive ansøgninger om tilskud?",
    ),
    _yn("databases", "2.6", "Har netværket etableret særlige databaser?"),
    # 2.7 International activities
    _yn(
        "intl_partners",
        "2.7",
        "Har netværket identificeret relevante samarbejdspartnere i andre lande?",
    ),
    _yn(
        "intl_strategy",
        "2.7",
        "Har netværket udviklet og implementeret en strategi for internationalisering?",
    ),
    _yn(
        "intl_collaboration",
        "2.7",
        "Har netværket etableret internationale samarbejder?",
    ),
    _yn(
        "intl_other",
        "2.7",
        "Har netværket iværksat andre aktiviteter for at styrke internationale kontakter "
        "med udenlandske partnere eller netværk?",
    ),
    # 3 Turnover, financing and staff
    _n(
        "turnover",
        "3",
        "Netværkets samlede omsætning",
        "Beløb i hele 1.000 kr. Summen af finansieringskilderne nedenfor skal give omsætningen.",
        unit=_TKR,
    ),
    _n(
        "financing_basic_grant",
        "3",
        "Finansiering fra: Basistilskud fra ministeriet",
        "Beløb i hele 1.000 kr.",
        unit=_TKR,
    ),
    _n(
        "financing_other_ministry_schemes",
        "3",
        "Finansiering fra: Andre ordninger i ministeriet",
        "Beløb i hele 1.000 kr.",
        unit=_TKR,
    ),
    _n(
        "financing_other_ministries",
        "3",
        "Finansiering fra: Andre ministerier",
        "Beløb i hele 1.000 kr.",
        unit=_TKR,
    ),
    _n(
        "financing_regions",
        "3",
        "Finansiering fra: Regioner/kommuner",
        "Beløb i hele 1.000 kr.",
        unit=_TKR,
    ),
    _n(
        "financing_knowledge_institutions",
        "3",
        "Finansiering fra: Videninstitutioner",
        "Beløb i hele 1.000 kr.",
        unit=_TKR,
    ),
    _n(
        "financing_firms_in_kind",
        "3",
        "Finansiering fra: Virksomheder – in kind-bidrag",
        "Beløb i hele 1.000 kr. Værdien af virksomhedernes timer og udstyr.",
        unit=_TKR,
    ),
    _n(
        "financing_firms_membership",
        "3",
        "Finansiering fra: Virksomheder – medlemskontingenter",
        "Beløb i hele 1.000 kr.",
        unit=_TKR,
    ),
    _n(
        "financing_firms_direct",
        "3",
        "Finansiering fra: Virksomheder – direkte finansielle bidrag",
        "Beløb i hele 1.000 kr.",
        unit=_TKR,
    ),
    _n("financing_eu", "3", "Finansiering fra: EU", "Beløb i hele 1.000 kr.", unit=_TKR),
    _n(
        "financing_other",
        "3",
        "Finansiering fra: Andet",
        "Beløb i hele 1.000 kr.",
        unit=_TKR,
    ),
    Field(
        "employees_fte",
        "3",
        "Antal medarbejdere i netværket (årsværk)",
        Kind.DEC,
        unit="årsværk",
        help="Fuldtidsstillinger omregnet til årsværk, f.eks. 4,5.",
        max=1000,
        yoy_factor=5.0,
    ),
    _yn("has_membership_fees", "3", "Har netværket kontingentindtægter?"),
)

FIELDS_BY_ID: Mapping[str, Field] = {f.id: f for f in FIELDS}

FINANCING_STATE = (
    "financing_basic_grant",
    "financing_other_ministry_schemes",
    "financing_other_ministries",
)
FINANCING_FIRMS = (
    "financing_firms_in_kind",
    "financing_firms_membership",
    "financing_firms_direct",
)
FINANCING_SOURCES = (
    *FINANCING_STATE,
    "financing_regions",
    "financing_knowledge_institutions",
    *FINANCING_FIRMS,
    "financing_eu",
    "financing_other",
)

# The kinds of knowledge institution asked about (figure 3.4): field id -> Danish label.
KI_KINDS: Mapping[str, str] = {
    "ki_gts": "GTS-institutter",
    "ki_universities": "Universiteter",
    "ki_university_colleges": "Professionshøjskoler",
    "ki_vocational_schools": "Erhvervsskoler",
    "ki_business_academies": "Erhvervsakademier",
    "ki_foreign": "Udenlandske videninstitutioner",
}

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


# --- Indicators ------------------------------------------------------------------------------


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

    @property
    def is_share(self) -> bool:
        return self.unit == "pct"


_M = 0.001  # 1.000 kr. -> mio. kr.

_L_NEW_PRODUCTS = "Antal virksomheder, der har udviklet nye produkter/ydelser/processer"
_L_NEW_IDEAS = "Antal virksomheder, der har fået nye ideer til innovation"
_L_NEW_COMP = (
    "Antal virksomheder, der har fået tilført nye kompetencer, der kan føre til innovation"
)
_L_COLLAB = "Antal virksomheder, der deltog i samspilsprojekter med videninstitutioner"
_L_FIRST = (
    "Antal virksomheder, der deltog for første gang i et samarbejdsprojekt med en videninstitution"
)
_L_PART = "Antal deltagende virksomheder"
_L_INNO = "Antal virksomheder, der deltog i innovationsprojekter"
_TOTAL = " – i alt"
_AVG = " – gennemsnit pr. netværk"
_SME = " – heraf virksomheder med under 50 ansatte"


def _ind(
    iid: str,
    section: str,
    label: str,
    agg: Agg,
    *fields: str,
    unit: str = "antal",
    scale: float = 1.0,
    decimals: int = 0,
    appendix1: bool = True,
    programmes: frozenset[Programme] = NETWORK_ONLY,
) -> Indicator:
    return Indicator(iid, section, label, unit, agg, fields, scale, decimals, appendix1, programmes)


# --- Appendix 3: the wider landscape -------------------------------------------------------
# Every cluster and innovation network of the register answers the fields marked BOTH; appendix
# 3 shows their totals over both programmes, split into the two populations. The ids start with
# "landscape_" as in history/other_published_figures.csv.

LANDSCAPE_SECTION = "bilag3"
LANDSCAPE_PREFIX = "landscape_"
# (suffix of the id, programmes, suffix of the label): the total, then the split.
LANDSCAPE_POPULATIONS: tuple[tuple[str, frozenset[Programme], str], ...] = (
    ("", BOTH, " – i alt"),
    ("_networks", NETWORK_ONLY, " – heraf innovationsnetværk"),
    ("_others", CLUSTER_ONLY, " – heraf øvrige klynger"),
)
# (id stem, field, label): the count of organisations first, then the published totals.
LANDSCAPE_ROWS: tuple[tuple[str, str | None, str], ...] = (
    ("clusters", None, "Antal klynger og netværk"),
    ("firms_participating", "firms_participating", _L_PART),
    ("firms_collab", "firms_collab", _L_COLLAB),
    ("firms_new_products", "firms_new_products", _L_NEW_PRODUCTS),
)


def landscape_id(stem: str, suffix: str = "") -> str:
    """The id of an appendix 3 indicator, e.g. `landscape_firms_collab_others`."""
    return f"{LANDSCAPE_PREFIX}{stem}{suffix}"


LANDSCAPE: tuple[Indicator, ...] = tuple(
    _ind(
        landscape_id(stem, suffix),
        LANDSCAPE_SECTION,
        label + label_suffix,
        Agg.COUNT if field is None else Agg.SUM,
        *(() if field is None else (field,)),
        unit="antal",
        appendix1=False,
        programmes=programmes,
    )
    for stem, field, label in LANDSCAPE_ROWS
    for suffix, programmes, label_suffix in LANDSCAPE_POPULATIONS
)

INDICATORS: tuple[Indicator, ...] = (
    _ind("networks_reporting", "header", "Antal netværk i opgørelsen", Agg.COUNT),
    # 1.1
    _ind("firms_new_products", "1.1", _L_NEW_PRODUCTS + _TOTAL, Agg.SUM, "firms_new_products"),
    _ind(
        "firms_new_products_avg",
        "1.1",
        _L_NEW_PRODUCTS + _AVG,
        Agg.MEAN,
        "firms_new_products",
        decimals=1,
    ),
    _ind("firms_new_ideas", "1.1", _L_NEW_IDEAS + _TOTAL, Agg.SUM, "firms_new_ideas"),
    _ind(
        "firms_new_ideas_avg", "1.1", _L_NEW_IDEAS + _AVG, Agg.MEAN, "firms_new_ideas", decimals=1
    ),
    _ind("firms_new_competences", "1.1", _L_NEW_COMP + _TOTAL, Agg.SUM, "firms_new_competences"),
    _ind(
        "firms_new_competences_avg",
        "1.1",
        _L_NEW_COMP + _AVG,
        Agg.MEAN,
        "firms_new_competences",
        decimals=1,
    ),
    # 1.2
    _ind("firms_collab", "1.2", _L_COLLAB + _TOTAL, Agg.SUM, "firms_collab"),
    _ind("firms_collab_sme", "1.2", _L_COLLAB + _SME, Agg.SUM, "firms_collab_sme"),
    _ind("firms_collab_avg", "1.2", _L_COLLAB + _AVG, Agg.MEAN, "firms_collab", decimals=1),
    _ind("firms_first_collab", "1.2", _L_FIRST + _TOTAL, Agg.SUM, "firms_first_collab"),
    _ind("firms_first_collab_sme", "1.2", _L_FIRST + _SME, Agg.SUM, "firms_first_collab_sme"),
    _ind(
        "firms_first_collab_avg",
        "1.2",
        _L_FIRST + _AVG,
        Agg.MEAN,
        "firms_first_collab",
        decimals=1,
    ),
    # 2.1
    _ind("firms_participating", "2.1", _L_PART + _TOTAL, Agg.SUM, "firms_participating"),
    _ind(
        "firms_participating_dedicated",
        "2.1",
        _L_PART + " – heraf dedikerede virksomheder",
        Agg.SUM,
        "firms_participating_dedicated",
    ),
    _ind(
        "firms_participating_sme",
        "2.1",
        _L_PART + " – virksomheder med under 50 ansatte",
        Agg.SUM,
        "firms_participating_sme",
    ),
    _ind(
        "firms_participating_avg",
        "2.1",
        "Gennemsnitligt antal deltagende virksomheder pr. netværk",
        Agg.MEAN,
        "firms_participating",
        decimals=1,
    ),
    # 2.2
    _ind(
        "firms_conferences",
        "2.2",
        "Antal virksomheder, der har deltaget i konferencer, seminarer mv. arrangeret af "
        "netværkene",
        Agg.SUM,
        "firms_conferences",
    ),
    _ind(
        "firms_matchmaking",
        "2.2",
        "Antal virksomheder, der har deltaget i matchmaking udbudt af netværkene",
        Agg.SUM,
        "firms_matchmaking",
    ),
    _ind(
        "firms_ideageneration",
        "2.2",
        "Antal virksomheder, der har deltaget i idegenerering udbudt af netværkene",
        Agg.SUM,
        "firms_ideageneration",
    ),
    # 2.3
    _ind(
        "firms_preprojects",
        "2.3",
        "Antal virksomheder, der deltog i forprojekter",
        Agg.SUM,
        "firms_preprojects",
    ),
    _ind(
        "innovation_projects",
        "2.3",
        "Antal aktive innovationsprojekter i regi af netværkene (samarbejdsprojekter med "
        "deltagelse af mindst én virksomhed og mindst én videninstitution)",
        Agg.SUM,
        "innovation_projects",
    ),
    _ind(
        "innovation_projects_foreign",
        "2.3",
        "Antal aktive innovationsprojekter – heraf med udenlandsk deltagelse",
        Agg.SUM,
        "innovation_projects_foreign",
    ),
    _ind(
        "firms_innovation_projects",
        "2.3",
        _L_INNO + _TOTAL,
        Agg.SUM,
        "firms_innovation_projects",
    ),
    _ind(
        "firms_innovation_projects_sme",
        "2.3",
        _L_INNO + _SME,
        Agg.SUM,
        "firms_innovation_projects_sme",
    ),
    _ind(
        "ki_units_innovation_projects",
        "2.3",
        "Antal deltagende enheder fra videninstitutioner i innovationsprojekter",
        Agg.SUM,
        "ki_units_innovation_projects",
    ),
    _ind(
        "innovation_projects_turnover",
        "2.3",
        "Samlet omsætning i innovationsprojekter",
        Agg.SUM,
        "innovation_projects_turnover",
        unit="mio. kr.",
        scale=_M,
        decimals=1,
    ),
    _ind(
        "innovation_projects_firm_financing",
        "2.3",
        "Samlet virksomhedsfinansiering af innovationsprojekter",
        Agg.SUM,
        "innovation_projects_firm_financing",
        unit="mio. kr.",
        scale=_M,
        decimals=1,
    ),
    # 2.4
    _ind(
        "education_initiated",
        "2.4",
        "Antal uddannelsesforløb netværkene har taget initiativ til",
        Agg.SUM,
        "education_initiated",
    ),
    _ind(
        "education_offered",
        "2.4",
        "Antal uddannelsesforløb udbudt af netværkene",
        Agg.SUM,
        "education_offered",
    ),
    _ind(
        "share_advice_financing",
        "2.4",
        "Andel af netværkene, der rådgav om projektfinansiering og tilskudsordninger",
        Agg.SHARE_YES,
        "advice_financing",
        unit="pct",
    ),
    _ind(
        "share_sparring_trends",
        "2.4",
        "Andel der tilbød individuel sparring om tendenser og anvendelsesmuligheder inden for "
        "netværkets fagområde",
        Agg.SHARE_YES,
        "sparring_trends",
        unit="pct",
    ),
    # 2.5
    _ind(
        "firms_contacted",
        "2.5",
        "Antal nye virksomheder netværkene tog individuel kontakt til mhp. deltagelse i netværkene",
        Agg.SUM,
        "firms_contacted",
    ),
    _ind(
        "media_mentions",
        "2.5",
        "Antal omtaler af netværkene i lokale og landsdækkende medier",
        Agg.SUM,
        "media_mentions",
    ),
    # 2.6
    _ind(
        "share_facilitation",
        "2.6",
        "Andel af netværkene der udbød facilitering af møder mellem virksomheder og "
        "videninstitutioner",
        Agg.SHARE_YES,
        "facilitation",
        unit="pct",
    ),
    _ind(
        "share_financing_info",
        "2.6",
        "Andel af netværkene der udbød information om finansiering",
        Agg.SHARE_YES,
        "financing_info",
        unit="pct",
    ),
    _ind(
        "share_idea_maturation",
        "2.6",
        "Andel af netværkene der udbød idémodning - konkretisering af idé",
        Agg.SHARE_YES,
        "idea_maturation",
        unit="pct",
    ),
    _ind(
        "share_outreach",
        "2.6",
        "Andel af netværkene der udførte opsøgende arbejde blandt virksomheder",
        Agg.SHARE_YES,
        "outreach",
        unit="pct",
    ),
    _ind(
        "share_application_help",
        "2.6",
        "Andel af netværkene der udbød hjælp til at skrive ansøgninger om tilskud",
        Agg.SHARE_YES,
        "application_help",
        unit="pct",
    ),
    _ind(
        "share_databases",
        "2.6",
        "Andel af netværkene der har etableret særlige databaser",
        Agg.SHARE_YES,
        "databases",
        unit="pct",
    ),
    # 2.7
    _ind(
        "share_intl_partners",
        "2.7",
        "Andel af netværkene der har identificeret relevante samarbejdspartnere i andre lande",
        Agg.SHARE_YES,
        "intl_partners",
        unit="pct",
    ),
    _ind(
        "share_intl_strategy",
        "2.7",
        "Andel af netværkene der har udviklet og implementeret en strategi for "
        "internationalisering",
        Agg.SHARE_YES,
        "intl_strategy",
        unit="pct",
    ),
    _ind(
        "share_intl_collaboration",
        "2.7",
        "Andel af netværkene der har etableret internationale samarbejder",
        Agg.SHARE_YES,
        "intl_collaboration",
        unit="pct",
    ),
    _ind(
        "share_intl_other",
        "2.7",
        "Andel af netværkene der har iværksat andre aktiviteter for at styrke internationale "
        "kontakter med udenlandske partnere eller netværk",
        Agg.SHARE_YES,
        "intl_other",
        unit="pct",
    ),
    _ind(
        "share_intl_any",
        "2.7",
        "Andel af netværkene der har iværksat én af ovenstående former for internationalisering",
        Agg.ANY_YES,
        "intl_partners",
        "intl_strategy",
        "intl_collaboration",
        "intl_other",
        unit="pct",
    ),
    # 3.1
    _ind(
        "turnover",
        "3.1",
        "Samlet omsætning",
        Agg.SUM,
        "turnover",
        unit="mio. kr.",
        scale=_M,
        decimals=1,
    ),
    _ind(
        "financing_state",
        "3.1",
        "Heraf finansiering fra: Staten",
        Agg.SUM,
        *FINANCING_STATE,
        unit="mio. kr.",
        scale=_M,
        decimals=1,
    ),
    _ind(
        "financing_regions",
        "3.1",
        "Heraf finansiering fra: Regioner/kommuner",
        Agg.SUM,
        "financing_regions",
        unit="mio. kr.",
        scale=_M,
        decimals=1,
    ),
    _ind(
        "financing_knowledge_institutions",
        "3.1",
        "Heraf finansiering fra: Videninstitutioner",
        Agg.SUM,
        "financing_knowledge_institutions",
        unit="mio. kr.",
        scale=_M,
        decimals=1,
    ),
    _ind(
        "financing_firms",
        "3.1",
        "Heraf finansiering fra: Virksomheder",
        Agg.SUM,
        *FINANCING_FIRMS,
        unit="mio. kr.",
        scale=_M,
        decimals=1,
    ),
    _ind(
        "financing_eu",
        "3.1",
        "Heraf finansiering fra: EU",
        Agg.SUM,
        "financing_eu",
        unit="mio. kr.",
        scale=_M,
        decimals=1,
    ),
    _ind(
        "financing_other",
        "3.1",
        "Heraf finansiering fra: Andet",
        Agg.SUM,
        "financing_other",
        unit="mio. kr.",
        scale=_M,
        decimals=1,
    ),
    _ind(
        "turnover_avg",
        "3.1",
        "Gennemsnitlig omsætning per netværk",
        Agg.MEAN,
        "turnover",
        unit="mio. kr.",
        scale=_M,
        decimals=1,
    ),
    _ind(
        "employees_avg",
        "3.1",
        "Gennemsnitligt antal medarbejdere i netværkene",
        Agg.MEAN,
        "employees_fte",
        unit="årsværk",
        decimals=1,
    ),
    _ind(
        "turnover_per_employee",
        "3.1",
        "Omsætning per medarbejder",
        Agg.RATIO,
        "turnover",
        "employees_fte",
        unit="mio. kr.",
        scale=_M,
        decimals=1,
    ),
    _ind(
        "share_membership_fees",
        "3.1",
        "Andel af netværkene, der har kontingentindtægter",
        Agg.SHARE_YES,
        "has_membership_fees",
        unit="pct",
    ),
    # --- Figures and tables of the report body (not rows of appendix 1) ---
    _ind(
        "ki_per_network_avg",
        "tab3.1",
        "Gennemsnitligt antal deltagende videninstitutioner pr. netværk",
        Agg.MEAN,
        "ki_count",
        appendix1=False,
    ),
    *(
        _ind(
            f"share_{fid}",
            "fig3.4",
            label,
            Agg.SHARE_YES,
            fid,
            unit="pct",
            appendix1=False,
        )
        for fid, label in KI_KINDS.items()
    ),
    *(
        _ind(
            f"financing_share_{key}",
            "fig3.6",
            label,
            Agg.SHARE_OF_SUM,
            *parts,
            "turnover",
            unit="pct",
            appendix1=False,
        )
        for key, label, parts in (
            ("basic_grant", "Basistilskud fra ministeriet", ("financing_basic_grant",)),
            (
                "other_ministry_schemes",
                "Andre ordninger i ministeriet",
                ("financing_other_ministry_schemes",),
            ),
            ("other_ministries", "Andre ministerier", ("financing_other_ministries",)),
            ("regions", "Regioner/kommuner", ("financing_regions",)),
            (
                "knowledge_institutions",
                "Videninstitutioner",
                ("financing_knowledge_institutions",),
            ),
            ("firms", "Virksomheder", FINANCING_FIRMS),
            ("eu", "EU", ("financing_eu",)),
            ("other", "Andet", ("financing_other",)),
        )
    ),
    _ind(
        "firms_participating_dedicated_avg",
        "2.1",
        "Gennemsnitligt antal dedikerede virksomheder pr. netværk",
        Agg.MEAN,
        "firms_participating_dedicated",
        appendix1=False,
    ),
    _ind(
        "ki_units_preprojects",
        "fig4.6",
        "Antal deltagende enheder fra videninstitutioner i forprojekter",
        Agg.SUM,
        "ki_units_preprojects",
        appendix1=False,
    ),
    _ind(
        "firms_contacted_avg",
        "fig4.3",
        "Antal nye virksomheder kontaktet pr. netværk",
        Agg.MEAN,
        "firms_contacted",
        appendix1=False,
    ),
    _ind(
        "media_mentions_avg",
        "fig4.11",
        "Omtaler i pressen pr. netværk",
        Agg.MEAN,
        "media_mentions",
        appendix1=False,
    ),
    _ind(
        "press_releases_avg",
        "fig4.11",
        "Pressemeddelelser pr. netværk",
        Agg.MEAN,
        "press_releases",
        appendix1=False,
    ),
    _ind(
        "newsletters_avg",
        "fig4.11",
        "Nyhedsbreve pr. netværk",
        Agg.MEAN,
        "newsletters",
        appendix1=False,
    ),
    _ind(
        "share_website_updated",
        "fig4.11",
        "Andel af netværkene med en opdateret hjemmeside",
        Agg.SHARE_YES,
        "website_updated",
        unit="pct",
        appendix1=False,
    ),
    _ind(
        "share_education_initiated",
        "fig4.9",
        "Initiativtager til nye uddannelsesforløb",
        Agg.SHARE_POSITIVE,
        "education_initiated",
        unit="pct",
        appendix1=False,
    ),
    _ind(
        "share_education_offered",
        "fig4.9",
        "Eget udbud af kurser/uddannelser",
        Agg.SHARE_POSITIVE,
        "education_offered",
        unit="pct",
        appendix1=False,
    ),
    # Tables 4.1-4.3: networks offering each activity, and the firms taking part.
    _ind(
        "offered_conferences",
        "tab4.1",
        "Konferencer, seminarer etc.",
        Agg.COUNT_YES,
        "offers_conferences",
        unit="antal netværk",
        appendix1=False,
    ),
    _ind(
        "offered_matchmaking",
        "tab4.1",
        "Individuel hjælp til at finde samarbejdspartnere",
        Agg.COUNT_YES,
        "offers_matchmaking",
        unit="antal netværk",
        appendix1=False,
    ),
    _ind(
        "offered_ideageneration",
        "tab4.1",
        "Idégenerering",
        Agg.COUNT_YES,
        "offers_ideageneration",
        unit="antal netværk",
        appendix1=False,
    ),
    _ind(
        "offered_preprojects",
        "tab4.2",
        "Forprojekter",
        Agg.COUNT_YES,
        "offers_preprojects",
        unit="antal netværk",
        appendix1=False,
    ),
    _ind(
        "offered_innovation_projects",
        "tab4.2",
        "Innovationsprojekter",
        Agg.COUNT_POSITIVE,
        "innovation_projects",
        unit="antal netværk",
        appendix1=False,
    ),
    _ind(
        "offered_sparring",
        "tab4.3",
        "Sparring",
        Agg.COUNT_YES,
        "offers_sparring",
        unit="antal netværk",
        appendix1=False,
    ),
    _ind(
        "firms_sparring",
        "tab4.3",
        "Antal virksomheder, der modtog sparring",
        Agg.SUM,
        "firms_sparring",
        appendix1=False,
    ),
    _ind(
        "offered_courses",
        "tab4.3",
        "Kurser",
        Agg.COUNT_YES,
        "offers_courses",
        unit="antal netværk",
        appendix1=False,
    ),
    # Appendix 3, last: the rows of appendix 1 and the body come first in every listing.
    *LANDSCAPE,
)

INDICATORS_BY_ID: Mapping[str, Indicator] = {i.id: i for i in INDICATORS}

APPENDIX1: tuple[Indicator, ...] = tuple(i for i in INDICATORS if i.appendix1)

# Headings of appendix 1, keyed by the section whose first row they precede.
APPENDIX1_HEADINGS: Mapping[str, tuple[str, ...]] = {
    "1.1": ("1. RESULTATER", "1.1. INNOVATION"),
    "1.2": ("1.2. SAMSPIL MED VIDENINSTITUTIONER",),
    "2.1": ("2. AKTIVITETER", "2.1. SAMLET ANTAL DELTAGERE I NETVÆRKENES AKTIVITETER"),
    "2.2": ("2.2. BROBYGGENDE AKTIVITETER",),
    "2.3": ("2.3. SAMARBEJDSPROJEKTER I REGI AF NETVÆRKENE",),
    "2.4": ("2.4. VIDENFORMIDLING",),
    "2.5": ("2.5. GENEREL FORMIDLING OG OPSØGENDE ARBEJDE",),
    "2.6": ("2.6. ANDRE AKTIVITETER",),
    "2.7": ("2.7. INTERNATIONALE AKTIVITETER",),
    "3.1": ("3. RESSOURCER", "3.1. OMSÆTNING OG MEDARBEJDERE"),
}


@cache  # the catalogue never changes; every file of a run asks
def fields_for(programme: Programme) -> tuple[Field, ...]:
    """The fields a questionnaire of `programme` asks, in form order.

    >>> [f.id for f in fields_for(Programme.CLUSTER)][:2]
    ['network', 'contact_name']
    """
    return tuple(f for f in FIELDS if programme in f.programmes)


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
