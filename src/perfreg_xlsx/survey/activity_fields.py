"""The questions of section 2 (the networks' activities), in form order; `fields` puts them
between sections 1 and 3.
"""

from __future__ import annotations

from perfreg_xlsx.survey.types import UNIT_TKR, Field, count, yes_no

ACTIVITY_FIELDS: tuple[Field, ...] = (
    # 2.1 Participants
    count(
        "firms_participating",
        "2.1",
        "Antal deltagende virksomheder i netværkets aktiviteter i alt",
        "Tæl hver virksomhed én gang, uanset hvor mange aktiviteter den deltog i.",
        both=True,
    ),
    count(
        "firms_participating_dedicated",
        "2.1",
        "– heraf dedikerede virksomheder",
        "Virksomheder, der har bekræftet deltagelsen skriftligt, ved formaliseret "
        "projektdeltagelse eller ved medlemsbidrag.",
    ),
    count(
        "firms_participating_sme",
        "2.1",
        "– heraf virksomheder med under 50 ansatte",
    ),
    # 2.2 Bridging activities
    yes_no(
        "offers_conferences",
        "2.2",
        "Har netværket arrangeret konferencer, seminarer, workshops mv.?",
    ),
    count(
        "firms_conferences",
        "2.2",
        "Antal virksomheder, der har deltaget i konferencer, seminarer mv.",
    ),
    yes_no(
        "offers_matchmaking",
        "2.2",
        "Har netværket tilbudt matchmaking (individuel hjælp til at finde samarbejdspartnere)?",
    ),
    count(
        "firms_matchmaking",
        "2.2",
        "Antal virksomheder, der har deltaget i matchmaking",
    ),
    yes_no("offers_ideageneration", "2.2", "Har netværket tilbudt idégenereringsforløb?"),
    count(
        "firms_ideageneration",
        "2.2",
        "Antal virksomheder, der har deltaget i idégenerering",
    ),
    # 2.3 Projects
    yes_no("offers_preprojects", "2.3", "Har netværket tilbudt forprojekter?"),
    count("firms_preprojects", "2.3", "Antal virksomheder, der deltog i forprojekter"),
    count(
        "ki_units_preprojects",
        "2.3",
        "Antal deltagende enheder fra videninstitutioner i forprojekter",
        "En enhed er f.eks. et universitetsinstitut.",
    ),
    count(
        "innovation_projects",
        "2.3",
        "Antal aktive innovationsprojekter i regi af netværket",
        "Samarbejdsprojekter med deltagelse af mindst én virksomhed og mindst én videninstitution.",
    ),
    count(
        "innovation_projects_foreign",
        "2.3",
        "– heraf med udenlandsk deltagelse",
    ),
    count(
        "firms_innovation_projects",
        "2.3",
        "Antal virksomheder, der deltog i innovationsprojekter",
    ),
    count(
        "firms_innovation_projects_sme",
        "2.3",
        "– heraf virksomheder med under 50 ansatte",
    ),
    count(
        "ki_units_innovation_projects",
        "2.3",
        "Antal deltagende enheder fra videninstitutioner i innovationsprojekter",
        "En enhed er f.eks. et universitetsinstitut.",
    ),
    count(
        "innovation_projects_turnover",
        "2.3",
        "Samlet omsætning i innovationsprojekterne",
        "Beløb i hele 1.000 kr. (f.eks. 2.500 for 2,5 mio. kr.).",
        unit=UNIT_TKR,
    ),
    count(
        "innovation_projects_firm_financing",
        "2.3",
        "– heraf virksomhedernes finansiering af innovationsprojekterne",
        "Beløb i hele 1.000 kr. En del af omsætningen ovenfor.",
        unit=UNIT_TKR,
    ),
    # 2.4 Knowledge dissemination and competence development
    count(
        "education_initiated",
        "2.4",
        "Antal uddannelsesforløb, netværket har taget initiativ til",
    ),
    count("education_offered", "2.4", "Antal uddannelsesforløb udbudt af netværket"),
    yes_no(
        "offers_sparring",
        "2.4",
        "Har netværket tilbudt virksomhederne individuel sparring?",
        "Sparring baseret på ny viden og forskning, information om projektfinansiering "
        "eller hjælp til ansøgninger.",
    ),
    count("firms_sparring", "2.4", "Antal virksomheder, der modtog individuel sparring"),
    yes_no("offers_courses", "2.4", "Har netværket udbudt kurser?"),
    yes_no(
        "advice_financing",
        "2.4",
        "Har netværket rådgivet om projektfinansiering og tilskudsordninger?",
    ),
    yes_no(
        "sparring_trends",
        "2.4",
        "Har netværket tilbudt individuel sparring om tendenser og anvendelsesmuligheder "
        "inden for netværkets fagområde?",
    ),
    # 2.5 Communication and outreach
    count(
        "firms_contacted",
        "2.5",
        "Antal nye virksomheder, netværket tog individuel kontakt til mhp. deltagelse",
    ),
    count(
        "media_mentions",
        "2.5",
        "Antal omtaler af netværket i lokale og landsdækkende medier",
    ),
    count("press_releases", "2.5", "Antal pressemeddelelser udsendt af netværket"),
    count("newsletters", "2.5", "Antal nyhedsbreve udgivet af netværket"),
    yes_no("website_updated", "2.5", "Har netværket en opdateret hjemmeside?"),
    # 2.6 Other activities
    yes_no(
        "facilitation",
        "2.6",
        "Har netværket faciliteret møder mellem virksomheder og videninstitutioner?",
    ),
    yes_no("financing_info", "2.6", "Har netværket udbudt information om finansiering?"),
    yes_no(
        "idea_maturation",
        "2.6",
        "Har netværket udbudt idémodning (konkretisering af idéer)?",
    ),
    yes_no("outreach", "2.6", "Har netværket udført opsøgende arbejde blandt virksomheder?"),
    yes_no(
        "application_help",
        "2.6",
        "Har netværket udbudt hjælp til at skrive ansøgninger om tilskud?",
    ),
    yes_no("databases", "2.6", "Har netværket etableret særlige databaser?"),
    # 2.7 International activities
    yes_no(
        "intl_partners",
        "2.7",
        "Har netværket identificeret relevante samarbejdspartnere i andre lande?",
    ),
    yes_no(
        "intl_strategy",
        "2.7",
        "Har netværket udviklet og implementeret en strategi for internationalisering?",
    ),
    yes_no(
        "intl_collaboration",
        "2.7",
        "Har netværket etableret internationale samarbejder?",
    ),
    yes_no(
        "intl_other",
        "2.7",
        "Har netværket iværksat andre aktiviteter for at styrke internationale kontakter "
        "med udenlandske partnere eller netværk?",
    ),
)
