"""The figures of the published report, declared as data, in report order.

Each figure names its indicators by literal id; the declarations check every id when this
module is loaded (`ids.check_ids`), so a mistyped or removed indicator stops the program at
import, naming the figure, rather than drawing an empty series. The kinds of figure and how
each is made from a `Summary` are in `figure_kinds`; the sheets they are drawn on in
`figure_sheets`. To add a figure, add its declaration here, or its rows to the definition
file's `figures` and `figure_series` sheets (`declared_figures` prefers those).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

from perfreg_xlsx.models import Summary
from perfreg_xlsx.report.figure_kinds import (
    ByCategory,
    ByYear,
    Declared,
    Figure,
    Pie,
    Source,
    TwoAxes,
)
from perfreg_xlsx.report.history import ExtraYears
from perfreg_xlsx.survey import catalogue
from perfreg_xlsx.survey.catalogue import Catalogue

_COLUMN: Mapping[str, object] = {"type": "column"}
_BAR: Mapping[str, object] = {"type": "bar"}
_LINE: Mapping[str, object] = {"type": "line"}
_SHARES = "Andel af netværkene"
_FIRMS = "Antal virksomheder"
_FIRMS_PER_NETWORK = "Antal virksomheder pr. netværk"

FIGURES: tuple[Declared, ...] = (
    ByYear(
        number="2.1",
        title="Udviklingen i antallet af netværk, som indgår i performanceregnskaber {period}",
        back=6,
        series=(("networks_reporting", "Antal netværk"),),
        y_title="Antal netværk",
        chart=_COLUMN,
        data_labels=True,
    ),
    ByYear(
        number="3.1",
        title="Virksomhedernes resultater af netværksdeltagelsen {period}",
        back=5,
        series=(
            ("firms_new_products", "Nye produkter, ydelser eller processer"),
            ("firms_new_ideas", "Nye idéer til innovation"),
            ("firms_new_competences", "Nye kompetencer"),
        ),
        y_title=_FIRMS,
        chart=_COLUMN,
    ),
    ByYear(
        number="3.2",
        title="Antal innovative virksomheder pr. netværk, {period}",
        back=5,
        series=(
            ("firms_new_products_avg", "Nye produkter, ydelser eller processer"),
            ("firms_new_ideas_avg", "Nye idéer til innovation"),
            ("firms_new_competences_avg", "Nye kompetencer"),
        ),
        y_title=_FIRMS_PER_NETWORK,
        chart=_COLUMN,
    ),
    ByYear(
        number="3.3",
        title="Antal virksomheder der indgik i projekter sammen med videninstitutioner som "
        "følge af deres deltagelse i et innovationsnetværk, {period}",
        back=6,
        series=(
            ("firms_collab", "Alle virksomheder"),
            ("firms_collab_sme", "Virksomheder med under 50 ansatte"),
            ("firms_first_collab", "Første samarbejde med en videninstitution"),
        ),
        y_title=_FIRMS,
        chart=_LINE,
    ),
    # Table 3.1 drawn as two lines: units in all networks (left axis), per network (right).
    TwoAxes(
        kind="Tabel",
        number="3.1",
        title="Videninstitutionernes deltagelse i innovationsnetværkene, {period}",
        back=6,
        left=(
            "ki_units_innovation_projects",
            "Deltagende enheder fra videninstitutioner i alle netværk",
        ),
        right=("ki_per_network_avg", "Gennemsnitligt antal videninstitutioner pr. netværk"),
        y_title="Enheder i alle netværk",
        y2_title="Videninstitutioner pr. netværk",
        data_labels=True,
    ),
    ByCategory(
        number="3.4",
        title="Andel af netværk, der inddrager forskellige typer af videninstitutioner, "
        "{period} (%)",
        back=4,
        categories=(
            ("share_ki_gts", None),
            ("share_ki_universities", None),
            ("share_ki_university_colleges", None),
            ("share_ki_vocational_schools", None),
            ("share_ki_business_academies", None),
            ("share_ki_foreign", None),
        ),
        category_title="Type af videninstitution",
        y_title=_SHARES,
        chart=_BAR,
        data_labels=True,
    ),
    ByYear(
        number="3.5",
        title="Finansiering af netværkene, {period}",
        back=4,
        series=(
            ("financing_state", "Staten"),
            ("financing_regions", "Regioner/kommuner"),
            ("financing_knowledge_institutions", "Videninstitutioner"),
            ("financing_firms", "Virksomheder"),
            ("financing_eu", "EU"),
            ("financing_other", "Andet"),
        ),
        y_title="Mio. kr.",
        chart={"type": "column", "subtype": "stacked"},
    ),
    Pie(
        number="3.6",
        title="Fordeling af finansieringskilder for innovationsnetværkene {period}",
        slices=(
            ("financing_share_basic_grant", None),
            ("financing_share_other_ministry_schemes", None),
            ("financing_share_other_ministries", None),
            ("financing_share_regions", None),
            ("financing_share_knowledge_institutions", None),
            ("financing_share_firms", None),
            ("financing_share_eu", None),
            ("financing_share_other", None),
        ),
        category_title="Finansieringskilde",
        # The slices take the colours of their source in figure 3.5, which the report prints
        # on the same page; the ministry's three parts are shades of "Staten".
        colour_slots=(0, 0, 0, 1, 2, 3, 4, 5),
        data_labels=True,
    ),
    ByYear(
        number="4.2",
        title="Samlet antal deltagere i netværkenes aktiviteter, {period}",
        back=6,
        series=(
            ("firms_participating", "Alle virksomheder"),
            ("firms_participating_sme", "Virksomheder med under 50 ansatte"),
        ),
        y_title=_FIRMS,
        chart=_COLUMN,
    ),
    ByYear(
        number="4.3",
        title="Antal nye virksomheder kontaktet af netværkene {period} (gennemsnit per netværk)",
        back=4,
        series=(("firms_contacted_avg", "Nye virksomheder kontaktet pr. netværk"),),
        y_title=_FIRMS_PER_NETWORK,
        chart=_COLUMN,
    ),
    # Grouped by activity, the years as series, as published.
    ByCategory(
        number="4.4",
        title="Antal virksomheder, der deltog i forskellige typer af brobyggende "
        "aktiviteter i netværkene, {period}",
        back=6,
        categories=(
            ("firms_conferences", "Konferencer, seminarer mv."),
            ("firms_matchmaking", "Matchmaking"),
            ("firms_ideageneration", "Idégenerering"),
        ),
        category_title="Aktivitet",
        y_title=_FIRMS,
        chart=_COLUMN,
    ),
    ByCategory(
        number="4.5",
        title="Andel af netværkene, der udbyder forskellige typer af ydelser i forbindelse "
        "med at matche virksomheder og videninstitutioner, {period}",
        back=4,
        categories=(
            (
                "share_facilitation",
                "Facilitering af møder mellem virksomheder og videninstitutioner",
            ),
            ("share_financing_info", "Information om finansiering"),
            ("share_idea_maturation", "Idémodning – konkretisering af idé"),
            ("share_outreach", "Opsøgende arbejde blandt virksomheder"),
            ("share_application_help", "Hjælp til at skrive ansøgninger om tilskud"),
            ("share_databases", "Etablering af særlige databaser"),
        ),
        category_title="Ydelse",
        y_title=_SHARES,
        chart=_BAR,
    ),
    ByYear(
        number="4.6",
        title="Antal virksomheder, der deltog i forprojekter i innovationsnetværkene, {period}",
        back=6,
        series=(
            ("firms_preprojects", "Virksomheder i forprojekter"),
            ("ki_units_preprojects", "Enheder fra videninstitutioner i forprojekter"),
        ),
        y_title="Antal",
        chart=_COLUMN,
    ),
    ByYear(
        number="4.7",
        title="Samlet antal virksomheder i innovationsprojekter i regi af netværkene, {period}",
        back=6,
        series=(
            ("firms_innovation_projects", "Alle virksomheder"),
            ("firms_innovation_projects_sme", "Virksomheder med under 50 ansatte"),
        ),
        y_title=_FIRMS,
        chart=_COLUMN,
    ),
    ByYear(
        number="4.8",
        title="Andelen af netværk, der tilbød virksomhederne sparring om ny viden og "
        "projektfinansiering, {period}",
        back=5,
        series=(
            ("share_sparring_trends", "Sparring om tendenser og ny viden"),
            ("share_advice_financing", "Rådgivning om projektfinansiering"),
        ),
        y_title=_SHARES,
        chart=_COLUMN,
    ),
    # Horizontal bars by activity, the years as series, as published.
    ByCategory(
        number="4.9",
        title="Andelen af netværk, der var initiativtager til uddannelsesforløb, eller selv "
        "udbød kurser, {period}",
        back=5,
        categories=(
            ("share_education_initiated", "Initiativtager til nye uddannelsesforløb"),
            ("share_education_offered", "Eget udbud af kurser/uddannelser"),
        ),
        category_title="Aktivitet",
        y_title=_SHARES,
        chart=_BAR,
    ),
    ByCategory(
        number="4.10",
        title="Andelen af netværk, der har udviklet en eller flere internationale "
        "aktiviteter i {period}",
        categories=(
            ("share_intl_partners", "Identificeret samarbejdspartnere i andre lande"),
            ("share_intl_strategy", "Strategi for internationalisering"),
            ("share_intl_collaboration", "Etableret internationale samarbejder"),
            ("share_intl_other", "Andre aktiviteter for internationale kontakter"),
            ("share_intl_any", "Mindst én af disse aktiviteter"),
        ),
        category_title="Aktivitet",
        y_title=_SHARES,
        chart=_BAR,
        data_labels=True,
    ),
    ByCategory(
        number="4.11",
        title="Antal formidlingsaktiviteter målt per innovationsnetværk i {period}",
        categories=(
            ("media_mentions_avg", "Omtaler i pressen"),
            ("press_releases_avg", "Pressemeddelelser"),
            ("newsletters_avg", "Nyhedsbreve"),
        ),
        category_title="Formidlingsaktivitet",
        y_title="Antal pr. netværk",
        chart=_COLUMN,
        data_labels=True,
    ),
)


def declared_figures() -> tuple[Declared, ...]:
    """The figures of the definition in force: its file's `figures` sheet, else `FIGURES`."""
    return _declared(catalogue.current())


@cache  # per catalogue (compared by identity): made once per run
def _declared(cat: Catalogue) -> tuple[Declared, ...]:
    from perfreg_xlsx.report.figure_rows import from_rows

    return from_rows(cat.figures) if cat.figures else FIGURES


def build_figures(
    summary: Summary,
    extra_years: ExtraYears | None = None,
    declared: Sequence[Declared] | None = None,
) -> list[Figure]:
    """Every figure of `declared` (default: the definition's, `declared_figures()`), in
    order, from the Summary.

    `extra_years` maps (indicator id, year) to the figure of a year before the Summary's
    years (a `history.History` is such a mapping); only figures reaching back that far use it.
    Figures are built even when all their values are missing (`Figure.has_data` is False).
    """
    src = Source(summary, extra_years)
    figures = declared_figures() if declared is None else declared
    return [figure.build(src, summary.survey_year) for figure in figures]
