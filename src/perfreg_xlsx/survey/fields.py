"""The questions of the questionnaire, in form order, and the lookups every stage uses.

Adding a question is one `Field` (or `count`/`yes_no`) line here or in `activity_fields`
(section 2), plus an `Indicator` in `indicators` if the report shows it. No I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from perfreg_xlsx.survey.activity_fields import ACTIVITY_FIELDS
from perfreg_xlsx.survey.types import BOTH, UNIT_TKR, Field, Kind, Programme, Section, count, yes_no

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
        personal=True,
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
        personal=True,
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
    count(
        "firms_new_products",
        "1.1",
        "Antal virksomheder, der har udviklet nye produkter/ydelser/processer "
        "som følge af deltagelsen i netværket",
        "Tæl hver virksomhed én gang, også hvis den har udviklet flere.",
        both=True,
    ),
    count(
        "firms_new_ideas",
        "1.1",
        "Antal virksomheder, der har fået nye ideer til innovation",
        "Ideer, som senere kan føre til innovation.",
    ),
    count(
        "firms_new_competences",
        "1.1",
        "Antal virksomheder, der har fået tilført nye kompetencer, der kan føre til innovation",
        "Virksomheder, der som følge af deltagelsen i netværket har fået tilført nye "
        "kompetencer, der øger evnen til innovation.",
    ),
    # 1.2 Knowledge institutions
    count(
        "firms_collab",
        "1.2",
        "Antal virksomheder, der deltog i samspilsprojekter med videninstitutioner",
        "Virksomheder, der som direkte følge af netværksdeltagelsen indgik i projekter "
        "med en videninstitution.",
        both=True,
    ),
    count(
        "firms_collab_sme",
        "1.2",
        "– heraf virksomheder med under 50 ansatte",
        "En delmængde af tallet ovenfor.",
    ),
    count(
        "firms_first_collab",
        "1.2",
        "Antal virksomheder, der deltog for første gang i et samarbejdsprojekt "
        "med en videninstitution",
        "En delmængde af virksomhederne i samspilsprojekter.",
    ),
    count(
        "firms_first_collab_sme",
        "1.2",
        "– heraf virksomheder med under 50 ansatte",
        "En delmængde af tallet ovenfor.",
    ),
    count(
        "ki_count",
        "1.2",
        "Antal videninstitutioner, der deltog i netværkets aktiviteter",
        "Tæl hver institution (f.eks. et universitet eller et GTS-institut) én gang.",
    ),
    yes_no(
        "ki_gts",
        "1.2",
        "Deltager GTS-institutter i netværkets aktiviteter?",
        "Ja, hvis mindst ét GTS-institut (godkendt teknologisk serviceinstitut) har deltaget i "
        "netværkets aktiviteter.",
    ),
    yes_no(
        "ki_universities",
        "1.2",
        "Deltager universiteter i netværkets aktiviteter?",
        "Ja, hvis mindst ét universitet har deltaget i netværkets aktiviteter.",
    ),
    yes_no(
        "ki_university_colleges",
        "1.2",
        "Deltager professionshøjskoler i netværkets aktiviteter?",
        "Ja, hvis mindst én professionshøjskole har deltaget i netværkets aktiviteter.",
    ),
    yes_no(
        "ki_vocational_schools",
        "1.2",
        "Deltager erhvervsskoler i netværkets aktiviteter?",
        "Ja, hvis mindst én erhvervsskole har deltaget i netværkets aktiviteter.",
    ),
    yes_no(
        "ki_business_academies",
        "1.2",
        "Deltager erhvervsakademier i netværkets aktiviteter?",
        "Ja, hvis mindst ét erhvervsakademi har deltaget i netværkets aktiviteter.",
    ),
    yes_no(
        "ki_foreign",
        "1.2",
        "Deltager udenlandske videninstitutioner i netværkets aktiviteter?",
        "Ja, hvis mindst én videninstitution fra udlandet har deltaget i netværkets aktiviteter.",
    ),
    *ACTIVITY_FIELDS,
    # 3 Turnover, financing and staff
    count(
        "turnover",
        "3",
        "Netværkets samlede omsætning",
        "Beløb i hele 1.000 kr. Summen af finansieringskilderne nedenfor skal give omsætningen.",
        unit=UNIT_TKR,
    ),
    count(
        "financing_basic_grant",
        "3",
        "Finansiering fra: Basistilskud fra ministeriet",
        "Beløb i hele 1.000 kr.",
        unit=UNIT_TKR,
    ),
    count(
        "financing_other_ministry_schemes",
        "3",
        "Finansiering fra: Andre ordninger i ministeriet",
        "Beløb i hele 1.000 kr.",
        unit=UNIT_TKR,
    ),
    count(
        "financing_other_ministries",
        "3",
        "Finansiering fra: Andre ministerier",
        "Beløb i hele 1.000 kr.",
        unit=UNIT_TKR,
    ),
    count(
        "financing_regions",
        "3",
        "Finansiering fra: Regioner/kommuner",
        "Beløb i hele 1.000 kr.",
        unit=UNIT_TKR,
    ),
    count(
        "financing_knowledge_institutions",
        "3",
        "Finansiering fra: Videninstitutioner",
        "Beløb i hele 1.000 kr.",
        unit=UNIT_TKR,
    ),
    count(
        "financing_firms_in_kind",
        "3",
        "Finansiering fra: Virksomheder – in kind-bidrag",
        "Beløb i hele 1.000 kr. Værdien af virksomhedernes timer og udstyr.",
        unit=UNIT_TKR,
    ),
    count(
        "financing_firms_membership",
        "3",
        "Finansiering fra: Virksomheder – medlemskontingenter",
        "Beløb i hele 1.000 kr.",
        unit=UNIT_TKR,
    ),
    count(
        "financing_firms_direct",
        "3",
        "Finansiering fra: Virksomheder – direkte finansielle bidrag",
        "Beløb i hele 1.000 kr.",
        unit=UNIT_TKR,
    ),
    count("financing_eu", "3", "Finansiering fra: EU", "Beløb i hele 1.000 kr.", unit=UNIT_TKR),
    count(
        "financing_other",
        "3",
        "Finansiering fra: Andet",
        "Beløb i hele 1.000 kr.",
        unit=UNIT_TKR,
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
    yes_no(
        "has_membership_fees",
        "3",
        "Har netværket kontingentindtægter?",
        "Ja, hvis virksomhederne betaler medlemskontingent til netværket (en del af "
        "virksomhedernes medfinansiering ovenfor).",
    ),
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


@cache  # the catalogue never changes; every file of a run asks
def fields_for(programme: Programme) -> tuple[Field, ...]:
    """The fields a questionnaire of `programme` asks, in form order.

    >>> [f.id for f in fields_for(Programme.CLUSTER)][:2]
    ['network', 'contact_name']
    """
    return tuple(f for f in FIELDS if programme in f.programmes)
