"""The figures of the report: appendix 1's rows, in order (sections 1 and 2 here, section 3
in `resource_indicators`), the body's tables and figures (`body_indicators`) and appendix 3
(`landscape`), and the lookups over all of them. No I/O.
"""

from __future__ import annotations

from collections.abc import Mapping

from perfreg_xlsx.survey.body_indicators import BODY
from perfreg_xlsx.survey.labels import (
    AVG,
    COLLAB,
    FIRST,
    INNO,
    MIO,
    NEW_COMP,
    NEW_IDEAS,
    NEW_PRODUCTS,
    PART,
    SME,
    TOTAL,
)
from perfreg_xlsx.survey.landscape import LANDSCAPE
from perfreg_xlsx.survey.resource_indicators import RESOURCES
from perfreg_xlsx.survey.types import Agg, Indicator, indicator

INDICATORS: tuple[Indicator, ...] = (
    indicator("networks_reporting", "header", "Antal netværk i opgørelsen", Agg.COUNT),
    # 1.1
    indicator("firms_new_products", "1.1", NEW_PRODUCTS + TOTAL, Agg.SUM, "firms_new_products"),
    indicator(
        "firms_new_products_avg",
        "1.1",
        NEW_PRODUCTS + AVG,
        Agg.MEAN,
        "firms_new_products",
        decimals=1,
    ),
    indicator("firms_new_ideas", "1.1", NEW_IDEAS + TOTAL, Agg.SUM, "firms_new_ideas"),
    indicator(
        "firms_new_ideas_avg", "1.1", NEW_IDEAS + AVG, Agg.MEAN, "firms_new_ideas", decimals=1
    ),
    indicator("firms_new_competences", "1.1", NEW_COMP + TOTAL, Agg.SUM, "firms_new_competences"),
    indicator(
        "firms_new_competences_avg",
        "1.1",
        NEW_COMP + AVG,
        Agg.MEAN,
        "firms_new_competences",
        decimals=1,
    ),
    # 1.2
    indicator("firms_collab", "1.2", COLLAB + TOTAL, Agg.SUM, "firms_collab"),
    indicator("firms_collab_sme", "1.2", COLLAB + SME, Agg.SUM, "firms_collab_sme"),
    indicator("firms_collab_avg", "1.2", COLLAB + AVG, Agg.MEAN, "firms_collab", decimals=1),
    indicator("firms_first_collab", "1.2", FIRST + TOTAL, Agg.SUM, "firms_first_collab"),
    indicator("firms_first_collab_sme", "1.2", FIRST + SME, Agg.SUM, "firms_first_collab_sme"),
    indicator(
        "firms_first_collab_avg",
        "1.2",
        FIRST + AVG,
        Agg.MEAN,
        "firms_first_collab",
        decimals=1,
    ),
    # 2.1
    indicator("firms_participating", "2.1", PART + TOTAL, Agg.SUM, "firms_participating"),
    indicator(
        "firms_participating_dedicated",
        "2.1",
        PART + " – heraf dedikerede virksomheder",
        Agg.SUM,
        "firms_participating_dedicated",
    ),
    indicator(
        "firms_participating_sme",
        "2.1",
        PART + " – virksomheder med under 50 ansatte",
        Agg.SUM,
        "firms_participating_sme",
    ),
    indicator(
        "firms_participating_avg",
        "2.1",
        "Gennemsnitligt antal deltagende virksomheder pr. netværk",
        Agg.MEAN,
        "firms_participating",
        decimals=1,
    ),
    # 2.2
    indicator(
        "firms_conferences",
        "2.2",
        "Antal virksomheder, der har deltaget i konferencer, seminarer mv. arrangeret af "
        "netværkene",
        Agg.SUM,
        "firms_conferences",
    ),
    indicator(
        "firms_matchmaking",
        "2.2",
        "Antal virksomheder, der har deltaget i matchmaking udbudt af netværkene",
        Agg.SUM,
        "firms_matchmaking",
    ),
    indicator(
        "firms_ideageneration",
        "2.2",
        "Antal virksomheder, der har deltaget i idegenerering udbudt af netværkene",
        Agg.SUM,
        "firms_ideageneration",
    ),
    # 2.3
    indicator(
        "firms_preprojects",
        "2.3",
        "Antal virksomheder, der deltog i forprojekter",
        Agg.SUM,
        "firms_preprojects",
    ),
    indicator(
        "innovation_projects",
        "2.3",
        "Antal aktive innovationsprojekter i regi af netværkene (samarbejdsprojekter med "
        "deltagelse af mindst én virksomhed og mindst én videninstitution)",
        Agg.SUM,
        "innovation_projects",
    ),
    indicator(
        "innovation_projects_foreign",
        "2.3",
        "Antal aktive innovationsprojekter – heraf med udenlandsk deltagelse",
        Agg.SUM,
        "innovation_projects_foreign",
    ),
    indicator(
        "firms_innovation_projects",
        "2.3",
        INNO + TOTAL,
        Agg.SUM,
        "firms_innovation_projects",
    ),
    indicator(
        "firms_innovation_projects_sme",
        "2.3",
        INNO + SME,
        Agg.SUM,
        "firms_innovation_projects_sme",
    ),
    indicator(
        "ki_units_innovation_projects",
        "2.3",
        "Antal deltagende enheder fra videninstitutioner i innovationsprojekter",
        Agg.SUM,
        "ki_units_innovation_projects",
    ),
    indicator(
        "innovation_projects_turnover",
        "2.3",
        "Samlet omsætning i innovationsprojekter",
        Agg.SUM,
        "innovation_projects_turnover",
        unit="mio. kr.",
        scale=MIO,
        decimals=1,
    ),
    indicator(
        "innovation_projects_firm_financing",
        "2.3",
        "Samlet virksomhedsfinansiering af innovationsprojekter",
        Agg.SUM,
        "innovation_projects_firm_financing",
        unit="mio. kr.",
        scale=MIO,
        decimals=1,
    ),
    # 2.4
    indicator(
        "education_initiated",
        "2.4",
        "Antal uddannelsesforløb netværkene har taget initiativ til",
        Agg.SUM,
        "education_initiated",
    ),
    indicator(
        "education_offered",
        "2.4",
        "Antal uddannelsesforløb udbudt af netværkene",
        Agg.SUM,
        "education_offered",
    ),
    indicator(
        "share_advice_financing",
        "2.4",
        "Andel af netværkene, der rådgav om projektfinansiering og tilskudsordninger",
        Agg.SHARE_YES,
        "advice_financing",
        unit="pct",
    ),
    indicator(
        "share_sparring_trends",
        "2.4",
        "Andel der tilbød individuel sparring om tendenser og anvendelsesmuligheder inden for "
        "netværkets fagområde",
        Agg.SHARE_YES,
        "sparring_trends",
        unit="pct",
    ),
    # 2.5
    indicator(
        "firms_contacted",
        "2.5",
        "Antal nye virksomheder netværkene tog individuel kontakt til mhp. deltagelse i netværkene",
        Agg.SUM,
        "firms_contacted",
    ),
    indicator(
        "media_mentions",
        "2.5",
        "Antal omtaler af netværkene i lokale og landsdækkende medier",
        Agg.SUM,
        "media_mentions",
    ),
    # 2.6
    indicator(
        "share_facilitation",
        "2.6",
        "Andel af netværkene der udbød facilitering af møder mellem virksomheder og "
        "videninstitutioner",
        Agg.SHARE_YES,
        "facilitation",
        unit="pct",
    ),
    indicator(
        "share_financing_info",
        "2.6",
        "Andel af netværkene der udbød information om finansiering",
        Agg.SHARE_YES,
        "financing_info",
        unit="pct",
    ),
    indicator(
        "share_idea_maturation",
        "2.6",
        "Andel af netværkene der udbød idémodning - konkretisering af idé",
        Agg.SHARE_YES,
        "idea_maturation",
        unit="pct",
    ),
    indicator(
        "share_outreach",
        "2.6",
        "Andel af netværkene der udførte opsøgende arbejde blandt virksomheder",
        Agg.SHARE_YES,
        "outreach",
        unit="pct",
    ),
    indicator(
        "share_application_help",
        "2.6",
        "Andel af netværkene der udbød hjælp til at skrive ansøgninger om tilskud",
        Agg.SHARE_YES,
        "application_help",
        unit="pct",
    ),
    indicator(
        "share_databases",
        "2.6",
        "Andel af netværkene der har etableret særlige databaser",
        Agg.SHARE_YES,
        "databases",
        unit="pct",
    ),
    # 2.7
    indicator(
        "share_intl_partners",
        "2.7",
        "Andel af netværkene der har identificeret relevante samarbejdspartnere i andre lande",
        Agg.SHARE_YES,
        "intl_partners",
        unit="pct",
    ),
    indicator(
        "share_intl_strategy",
        "2.7",
        "Andel af netværkene der har udviklet og implementeret en strategi for "
        "internationalisering",
        Agg.SHARE_YES,
        "intl_strategy",
        unit="pct",
    ),
    indicator(
        "share_intl_collaboration",
        "2.7",
        "Andel af netværkene der har etableret internationale samarbejder",
        Agg.SHARE_YES,
        "intl_collaboration",
        unit="pct",
    ),
    indicator(
        "share_intl_other",
        "2.7",
        "Andel af netværkene der har iværksat andre aktiviteter for at styrke internationale "
        "kontakter med udenlandske partnere eller netværk",
        Agg.SHARE_YES,
        "intl_other",
        unit="pct",
    ),
    indicator(
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
    *RESOURCES,
    *BODY,
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

# Headline indicators: the ones the report's key findings ("Hovedresultater") state in a
# sentence, in this order. Each needs a phrasing in `report.key_findings.PHRASES`.
HEADLINE: tuple[str, ...] = (
    "firms_participating",
    "firms_collab",
    "firms_new_products",
    "innovation_projects",
    "turnover",
)
