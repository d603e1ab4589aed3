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
        "Små og mellemstore virksomheder (SMV'er) med under 50 ansatte. En delmængde af "
        "tallet ovenfor.",
    ),
    # 2.2 Bridging activities
    yes_no(
        "offers_conferences",
        "2.2",
        "Har netværket arrangeret konferencer, seminarer, workshops mv.?",
        "Omfatter alt fra workshop over faglige seminarer til konferencer. Giver indblik "
        "i ny viden og bruges som networkingsfora.",
    ),
    count(
        "firms_conferences",
        "2.2",
        "Antal virksomheder, der har deltaget i konferencer, seminarer mv.",
        "Virksomheder, der har deltaget i konferencer, seminarer mv. arrangeret af "
        "netværket. Tæl hver virksomhed én gang.",
    ),
    yes_no(
        "offers_matchmaking",
        "2.2",
        "Har netværket tilbudt matchmaking (individuel hjælp til at finde samarbejdspartnere)?",
        "Hjælp til enkeltvirksomheder og forskere med at finde egnede samarbejdspartnere "
        "til et konkret projekt eller til løsning af et konkret problem.",
    ),
    count(
        "firms_matchmaking",
        "2.2",
        "Antal virksomheder, der har deltaget i matchmaking",
        "Virksomheder, der har deltaget i matchmaking udbudt af netværket. Tæl hver "
        "virksomhed én gang.",
    ),
    yes_no(
        "offers_ideageneration",
        "2.2",
        "Har netværket tilbudt idégenereringsforløb?",
        "Forløbene har til formål at føre til nye samarbejdsprojekter med udgangspunkt i en "
        "konkret idé eller i et nyt forskningsresultat.",
    ),
    count(
        "firms_ideageneration",
        "2.2",
        "Antal virksomheder, der har deltaget i idégenerering",
        "Virksomheder, der har deltaget i idégenerering udbudt af netværket. Tæl hver "
        "virksomhed én gang.",
    ),
    # 2.3 Projects
    yes_no(
        "offers_preprojects",
        "2.3",
        "Har netværket tilbudt forprojekter?",
        "Projekter, der har til formål at afklare grundlaget for et egentligt "
        "innovationsprojekt, f.eks. kortlægning af en ny idé, forsøg i mindre skala eller "
        "teamets holdbarhed.",
    ),
    count(
        "firms_preprojects",
        "2.3",
        "Antal virksomheder, der deltog i forprojekter",
        "Virksomheder, der sammen med videninstitutioner har testet en idé i et forprojekt, "
        "f.eks. gennem desk research, mindre test eller markedsanalyser.",
    ),
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
        "Innovationsprojekter med mindst én udenlandsk deltager. En delmængde af tallet ovenfor.",
    ),
    count(
        "firms_innovation_projects",
        "2.3",
        "Antal virksomheder, der deltog i innovationsprojekter",
        "Samarbejdsprojekter mellem virksomheder og videninstitutioner, der har til "
        "formål at udvikle en ny teknologi, et nyt produkt, en ny ydelse mv. Tæl hver "
        "virksomhed én gang.",
    ),
    count(
        "firms_innovation_projects_sme",
        "2.3",
        "– heraf virksomheder med under 50 ansatte",
        "Små og mellemstore virksomheder (SMV'er) med under 50 ansatte. En delmængde af "
        "tallet ovenfor.",
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
        "Nye, virksomhedsrettede uddannelsesforløb, som netværket har taget initiativ til "
        "sammen med universiteter og andre uddannelsesinstitutioner.",
    ),
    count(
        "education_offered",
        "2.4",
        "Antal uddannelsesforløb udbudt af netværket",
        "Kurser og uddannelsesforløb, som netværket selv har udbudt.",
    ),
    yes_no(
        "offers_sparring",
        "2.4",
        "Har netværket tilbudt virksomhederne individuel sparring?",
        "Sparring baseret på ny viden og forskning, information om projektfinansiering "
        "eller hjælp til ansøgninger.",
    ),
    count(
        "firms_sparring",
        "2.4",
        "Antal virksomheder, der modtog individuel sparring",
        "Individuel sparring baseret på ny viden og forskning fra universiteterne samt "
        "information om projektfinansiering og hjælp til at udforme ansøgninger. Tæl hver "
        "virksomhed én gang.",
    ),
    yes_no(
        "offers_courses",
        "2.4",
        "Har netværket udbudt kurser?",
        "I samarbejde med universiteter og andre uddannelsesinstitutioner kan netværket "
        "medvirke til at udvikle nye, virksomhedsrettede uddannelsestilbud inden for "
        "netværkets fagområde.",
    ),
    yes_no(
        "advice_financing",
        "2.4",
        "Har netværket rådgivet om projektfinansiering og tilskudsordninger?",
        "Ja, hvis netværket har rådgivet virksomheder om projektfinansiering og tilskudsordninger.",
    ),
    yes_no(
        "sparring_trends",
        "2.4",
        "Har netværket tilbudt individuel sparring om tendenser og anvendelsesmuligheder "
        "inden for netværkets fagområde?",
        "Sparring om de nyeste tendenser og ny viden inden for netværkets fagområde.",
    ),
    # 2.5 Communication and outreach
    count(
        "firms_contacted",
        "2.5",
        "Antal nye virksomheder, netværket tog individuel kontakt til mhp. deltagelse",
        "Virksomheder, som netværket har taget individuel kontakt til med henblik på "
        "deltagelse i netværket. Tæl hver virksomhed én gang.",
    ),
    count(
        "media_mentions",
        "2.5",
        "Antal omtaler af netværket i lokale og landsdækkende medier",
        "Hver gang netværket har været omtalt i pressen, lokalt eller landsdækkende.",
    ),
    count(
        "press_releases",
        "2.5",
        "Antal pressemeddelelser udsendt af netværket",
        "Pressemeddelelser, som netværket har udsendt.",
    ),
    count(
        "newsletters",
        "2.5",
        "Antal nyhedsbreve udgivet af netværket",
        "Nyhedsbreve, som netværket har udgivet; hvert nummer tæller én gang.",
    ),
    yes_no(
        "website_updated",
        "2.5",
        "Har netværket en opdateret hjemmeside?",
        "Ja, hvis netværkets hjemmeside er holdt opdateret.",
    ),
    # 2.6 Other activities
    yes_no(
        "facilitation",
        "2.6",
        "Har netværket faciliteret møder mellem virksomheder og videninstitutioner?",
        "Facilitering af møder mellem virksomheder og videninstitutioner, der bygger bro "
        "mellem dem.",
    ),
    yes_no(
        "financing_info",
        "2.6",
        "Har netværket udbudt information om finansiering?",
        "Information om tilskud og ordninger, der kan finansiere virksomhedernes projekter.",
    ),
    yes_no(
        "idea_maturation",
        "2.6",
        "Har netværket udbudt idémodning (konkretisering af idéer)?",
        "Idémodning: konkretisering af en idé, så den kan blive til et samarbejdsprojekt.",
    ),
    yes_no(
        "outreach",
        "2.6",
        "Har netværket udført opsøgende arbejde blandt virksomheder?",
        "Opsøgende arbejde over for virksomheder for at finde relevante problemstillinger.",
    ),
    yes_no(
        "application_help",
        "2.6",
        "Har netværket udbudt hjælp til at skrive ansøgninger om tilskud?",
        "Hjælp til virksomheder og videninstitutioner med at skrive ansøgninger om tilskud.",
    ),
    yes_no(
        "databases",
        "2.6",
        "Har netværket etableret særlige databaser?",
        "Ja, hvis netværket har etableret særlige databaser for deltagerne.",
    ),
    # 2.7 International activities
    yes_no(
        "intl_partners",
        "2.7",
        "Har netværket identificeret relevante samarbejdspartnere i andre lande?",
        "Ja, hvis netværket har identificeret relevante samarbejdspartnere i andre lande.",
    ),
    yes_no(
        "intl_strategy",
        "2.7",
        "Har netværket udviklet og implementeret en strategi for internationalisering?",
        "Ja, hvis netværket har en strategi for internationalisering, som er udviklet og "
        "taget i brug.",
    ),
    yes_no(
        "intl_collaboration",
        "2.7",
        "Har netværket etableret internationale samarbejder?",
        "Ja, hvis netværket har etableret samarbejde med partnere i udlandet.",
    ),
    yes_no(
        "intl_other",
        "2.7",
        "Har netværket iværksat andre aktiviteter for at styrke internationale kontakter "
        "med udenlandske partnere eller netværk?",
        "Andre aktiviteter end de ovenstående, der styrker de internationale kontakter.",
    ),
)
