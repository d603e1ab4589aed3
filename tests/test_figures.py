"""The figure specs: each figure's data table holds exactly the Summary's numbers.

The Summary is built by hand from the published figures of the 2012 report (appendix 1 and
the figures outside it), so the numbers are the real ones; None is the report's NA.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pytest
from survey_names import INDICATORS, INDICATORS_BY_ID, KI_KINDS

from perfreg_xlsx.models import IndicatorResult, Summary, YearValue
from perfreg_xlsx.report.figure_kinds import (
    FMT_COUNT,
    FMT_DECIMAL,
    FMT_SHARE,
    ByCategory,
    ByYear,
    Figure,
    Pie,
    TwoAxes,
    number_format,
)
from perfreg_xlsx.report.figures import build_figures, declared_figures
from perfreg_xlsx.report.ids import UnknownIndicatorError
from perfreg_xlsx.report.tables import TABLES_4, Activity, ActivityTable

YEARS = (2007, 2008, 2009, 2010, 2011, 2012)
N = None

# Published values 2007..2012 (history/bilag1_2007_2012.csv and other_published_figures.csv;
# the education shares of 2012 from the report text).
PUBLISHED: Mapping[str, tuple[float | None, ...]] = {
    "firms_new_products": (315, 408, 302, 322, 728, 869),
    "firms_new_products_avg": (11.3, 15.1, 13.1, 21, 33.1, 39.5),
    "firms_new_ideas": (424, 466, 556, 445, 1218, 2059),
    "firms_new_ideas_avg": (15.1, 17.3, 24.2, 30, 55.4, 93.6),
    "firms_new_competences": (572, 632, 749, 896, 1885, 2599),
    "firms_new_competences_avg": (20.4, 23.4, 32.6, 60, 85.7, 118.1),
    "firms_collab": (777, 924, 982, 906, 1445, 1801),
    "firms_collab_sme": (455, 737, 711, 615, 998, 1273),
    "firms_first_collab": (320, 305, 258, 174, 378, 364),
    "firms_contacted": (2678, 1680, 1100, 852, 1716, 2314),
    "firms_participating": (2418, 3913, 3659, 3155, 5883, 7383),
    "firms_participating_sme": (1628, 2690, 2316, 1936, 4060, 4720),
    "firms_conferences": (1842, 2973, 2969, 2276, 4913, 5932),
    "firms_matchmaking": (742, 870, 1215, 829, 849, 1256),
    "firms_ideageneration": (496, 1039, 827, 732, 944, 915),
    "firms_preprojects": (161, 348, 408, 226, 408, 393),
    "firms_innovation_projects": (440, 632, 520, 587, 1031, 1258),
    "firms_innovation_projects_sme": (248, 465, 358, 405, 691, 818),
    "ki_units_innovation_projects": (105, 139, 109, 132, 156, 189),
    "share_advice_financing": (32, 59, 43, 40, 41, 73),
    "share_sparring_trends": (78, 74, 74, 80, 68, 91),
    "share_facilitation": (N, 67, 74, 80, 95, 100),
    "share_financing_info": (N, 70, 65, 73, 77, 95),
    "share_idea_maturation": (N, 59, 65, 80, 95, 91),
    "share_outreach": (N, 56, 61, 60, 91, 91),
    "share_application_help": (N, 59, 57, 67, 68, 77),
    "share_databases": (N, 22, 26, 27, 14, 18),
    "share_intl_partners": (N, N, N, N, 91, 95),
    "share_intl_strategy": (N, N, N, N, 86, 86),
    "share_intl_collaboration": (N, N, N, N, 86, 91),
    "share_intl_other": (N, N, N, N, 91, 100),
    "share_intl_any": (N, N, N, N, 95, 100),
    "financing_state": (59.7, 70.8, 76.2, 74.8, 100.8, 119.1),
    "financing_regions": (18.2, 15.5, 18.8, 10.2, 10.8, 23.5),
    "financing_knowledge_institutions": (14.3, 18.4, 20.7, 3.3, 20.3, 20.7),
    "financing_firms": (53.3, 67.8, 63.1, 47.8, 85.4, 126),
    "financing_eu": (4.6, 2.2, 14.9, 6.9, 7.3, 16.8),
    "financing_other": (3.3, 6.2, 3.3, 8.9, 13.2, 10.5),
    "ki_per_network_avg": (13, 11, 14, 16, 18, 19),
    "ki_units_preprojects": (N, N, N, N, 92, 80),
    "firms_contacted_avg": (N, N, N, N, 78, 105),
    "media_mentions_avg": (N, N, N, N, N, 39),
    "press_releases_avg": (N, N, N, N, N, 10),
    "newsletters_avg": (N, N, N, N, N, 11),
    "share_education_initiated": (N, N, N, N, N, 45),
    "share_education_offered": (N, N, N, N, N, 36),
    "share_ki_gts": (N, N, N, N, N, 100),
    "share_ki_universities": (N, N, N, N, N, 100),
    "share_ki_university_colleges": (N, N, N, N, N, 75),
    "share_ki_vocational_schools": (N, N, N, N, N, 50),
    "share_ki_business_academies": (N, N, N, N, N, 50),
    "share_ki_foreign": (N, N, N, N, N, 90),
    "financing_share_basic_grant": (N, N, N, N, N, 34),
    "financing_share_other_ministry_schemes": (N, N, N, N, N, 3),
    "financing_share_other_ministries": (N, N, N, N, N, 1),
    "financing_share_regions": (N, N, N, N, N, 7),
    "financing_share_knowledge_institutions": (N, N, N, N, N, 7),
    "financing_share_firms": (N, N, N, N, N, 40),
    "financing_share_eu": (N, N, N, N, N, 5),
    "financing_share_other": (N, N, N, N, N, 3),
}
NETWORKS = {2007: 28, 2008: 27, 2009: 23, 2010: 15, 2011: 22, 2012: 22}

# The years before the Summary's six, as the history holds them (other_published_figures.csv).
EXTRA_2006: Mapping[str, float] = {
    "networks_reporting": 36,
    "ki_per_network_avg": 7,
    "ki_units_innovation_projects": 119,
    "firms_participating": 2200,
    "firms_innovation_projects": 600,
    "firms_innovation_projects_sme": 414,
}


def make_summary(
    published: Mapping[str, tuple[float | None, ...]] = PUBLISHED,
) -> Summary:
    """A Summary of survey year 2012 holding the published figures."""
    indicators = []
    for iid, values in published.items():
        ind = INDICATORS_BY_ID[iid]
        series = tuple(
            YearValue(year=y, value=None if v is None else float(v), networks=NETWORKS[y])
            for y, v in zip(YEARS, values, strict=True)
        )
        indicators.append(IndicatorResult.of(ind, series, None))
    return Summary(
        survey_year=2012,
        years=YEARS,
        networks_reporting=dict(NETWORKS),
        indicators=tuple(indicators),
        responses=(),
    )


def make_extra() -> dict[tuple[str, int], YearValue]:
    """Earlier years' figures keyed as `history.History` keys them."""
    return {
        (iid, 2006): YearValue(year=2006, value=v, source="published")
        for iid, v in EXTRA_2006.items()
    }


def figures_by_label(figures: list[Figure]) -> dict[str, Figure]:
    return {f.label: f for f in figures}


@pytest.fixture(scope="module")
def figs() -> dict[str, Figure]:
    return figures_by_label(build_figures(make_summary(), make_extra()))


EXPECTED_LABELS = [
    "Figur 2.1",
    "Figur 3.1",
    "Figur 3.2",
    "Figur 3.3",
    "Tabel 3.1",
    "Figur 3.4",
    "Figur 3.5",
    "Figur 3.6",
    "Figur 4.2",
    "Figur 4.3",
    "Figur 4.4",
    "Figur 4.5",
    "Figur 4.6",
    "Figur 4.7",
    "Figur 4.8",
    "Figur 4.9",
    "Figur 4.10",
    "Figur 4.11",
]


def test_every_figure_of_the_report_in_order() -> None:
    figures = build_figures(make_summary(), make_extra())
    assert [f.label for f in figures] == EXPECTED_LABELS
    assert all(f.has_data for f in figures)


def test_titles_follow_the_survey_year(figs: dict[str, Figure]) -> None:
    assert figs["Figur 3.1"].title == (
        "Figur 3.1. Virksomhedernes resultater af netværksdeltagelsen 2007-2012"
    )
    assert figs["Figur 2.1"].title.endswith("performanceregnskaber 2006-2012")
    assert figs["Figur 3.5"].title == "Figur 3.5. Finansiering af netværkene, 2008-2012"
    assert figs["Figur 3.6"].title.endswith("innovationsnetværkene 2012")
    assert figs["Figur 4.11"].title.endswith("målt per innovationsnetværk i 2012")
    assert figs["Figur 4.10"].title.endswith("internationale aktiviteter i 2012")
    assert figs["Figur 3.4"].title.endswith("typer af videninstitutioner, 2012 (%)")
    # 2006 is in the publication's title, but nothing of 2006 is known: the title follows.
    assert figs["Figur 3.3"].title.endswith("innovationsnetværk, 2007-2012")
    assert figs["Tabel 3.1"].title.startswith("Tabel 3.1. Videninstitutionernes deltagelse")


def test_year_figures_hold_the_summary_values(figs: dict[str, Figure]) -> None:
    fig = figs["Figur 3.1"]
    assert fig.header[0] == "År"
    assert [r.category for r in fig.rows] == list(YEARS)
    assert fig.column(0) == tuple(float(v) for v in PUBLISHED["firms_new_products"])  # type: ignore[arg-type]
    assert fig.column(1) == (424, 466, 556, 445, 1218, 2059)
    assert fig.column(2) == (572, 632, 749, 896, 1885, 2599)
    assert fig.chart == {"type": "column"}
    assert {s.num_format for s in fig.series} == {FMT_COUNT}
    avg = figs["Figur 3.2"]
    assert avg.column(2) == (20.4, 23.4, 32.6, 60, 85.7, 118.1)
    assert {s.num_format for s in avg.series} == {FMT_DECIMAL}


def test_years_before_the_summary_come_from_extra_years(figs: dict[str, Figure]) -> None:
    fig = figs["Figur 2.1"]
    assert [r.category for r in fig.rows] == [2006, *YEARS]
    assert fig.column(0) == (36, 28, 27, 23, 15, 22, 22)
    participants = figs["Figur 4.2"]
    assert participants.column(0) == (2200, 2418, 3913, 3659, 3155, 5883, 7383)
    # Nothing is known of SMEs in 2006: a gap, not a zero.
    assert participants.column(1)[0] is None
    table = figs["Tabel 3.1"]
    assert table.column(0) == (119, 105, 139, 109, 132, 156, 189)
    assert table.column(1) == (7, 13, 11, 14, 16, 18, 19)
    assert table.chart == {"type": "line"}
    assert table.series[0].options == {}
    assert table.series[1].options == {"y2_axis": True}
    # The right axis reaches twice the highest per-network value, rounded up: 2 x 19 -> 50.
    assert table.y2_axis["max"] == 50


def test_without_extra_years_the_earlier_year_is_a_gap_on_the_axis() -> None:
    fig = figures_by_label(build_figures(make_summary()))["Figur 4.7"]
    # Left out, not an empty slot; the note under its data table says so.
    assert [r.category for r in fig.rows] == list(YEARS)
    assert fig.left_out == ("2006",)
    assert fig.title.endswith("netværkene, 2007-2012")
    assert fig.column(0) == (440, 632, 520, 587, 1031, 1258)


def test_missing_years_are_gaps_never_zeros(figs: dict[str, Figure]) -> None:
    contacted = figs["Figur 4.3"]
    assert [r.category for r in contacted.rows] == [2008, 2009, 2010, 2011, 2012]
    # 2008-2010: appendix 1's total / the networks of that year (1,680 / 27, ...).
    assert contacted.column(0) == pytest.approx((1680 / 27, 1100 / 23, 852 / 15, 78, 105))
    education = figs["Figur 4.9"]
    assert education.header == ("Aktivitet", "2012")
    assert education.left_out == ("2007", "2008", "2009", "2010", "2011")
    assert education.column(0) == (0.45, 0.36)
    communication = figs["Figur 4.11"]
    assert communication.header == ("Formidlingsaktivitet", "2012")
    assert communication.column(0) == (39, 10, 11)
    assert communication.data_labels


def test_shares_are_fractions_with_percent_format(figs: dict[str, Figure]) -> None:
    fig = figs["Figur 4.5"]
    assert fig.chart == {"type": "bar"}
    assert fig.header == ("Ydelse", "2008", "2009", "2010", "2011", "2012")
    assert fig.rows[0].category.startswith("Facilitering")  # type: ignore[union-attr]
    assert fig.rows[0].values == (0.67, 0.74, 0.80, 0.95, 1.00)
    assert fig.rows[5].values == (0.22, 0.26, 0.27, 0.14, 0.18)
    assert {s.num_format for s in fig.series} == {FMT_SHARE}
    assert fig.y_axis["num_format"] == FMT_SHARE
    assert fig.y_axis["max"] == 1
    ki = figs["Figur 3.4"]
    assert ki.column(0) == (1.0, 1.0, 0.75, 0.5, 0.5, 0.9)
    assert ki.data_labels
    intl = figs["Figur 4.10"]
    assert intl.column(0) == (0.95, 0.86, 0.91, 1.0, 1.0)


def test_financing_figures(figs: dict[str, Figure]) -> None:
    stacked = figs["Figur 3.5"]
    assert stacked.chart == {"type": "column", "subtype": "stacked"}
    assert [s.name for s in stacked.series] == [
        "Staten",
        "Regioner/kommuner",
        "Videninstitutioner",
        "Virksomheder",
        "EU",
        "Andet",
    ]
    assert stacked.column(0) == (70.8, 76.2, 74.8, 100.8, 119.1)
    assert stacked.series[0].num_format == FMT_DECIMAL
    pie = figs["Figur 3.6"]
    assert pie.chart == {"type": "pie"}
    assert [r.category for r in pie.rows][:2] == [
        "Basistilskud fra ministeriet",
        "Andre ordninger i ministeriet",
    ]
    assert pie.column(0) == (0.34, 0.03, 0.01, 0.07, 0.07, 0.40, 0.05, 0.03)
    assert pie.data_labels


def test_a_figure_without_data_says_so() -> None:
    published = dict(PUBLISHED)
    for key in [k for k in published if k.startswith("share_intl_")]:
        published[key] = (N,) * 6
    figs = figures_by_label(build_figures(make_summary(published)))
    assert not figs["Figur 4.10"].has_data
    assert figs["Figur 4.10"].rows[0].values == (None,)
    assert figs["Figur 4.11"].has_data


def test_an_indicator_absent_from_the_summary_is_a_gap() -> None:
    published = {k: v for k, v in PUBLISHED.items() if k != "firms_ideageneration"}
    fig = figures_by_label(build_figures(make_summary(published)))["Figur 4.4"]
    assert fig.rows[2].category == "Idégenerering"
    assert fig.rows[2].values == (None,) * 6
    assert fig.rows[0].values == (1842, 2973, 2969, 2276, 4913, 5932)


def test_number_format_follows_the_catalogue() -> None:
    assert number_format("share_intl_any") == FMT_SHARE
    assert number_format("financing_eu") == FMT_DECIMAL
    assert number_format("firms_collab") == FMT_COUNT
    assert number_format("media_mentions_avg") == FMT_COUNT


def test_every_declared_id_is_an_indicator_and_none_is_built_by_formatting() -> None:
    ids = [iid for figure in declared_figures() for iid in figure.ids()]
    assert len(ids) == 60 and set(ids) <= set(INDICATORS_BY_ID)
    # Figure 3.2 names the per-network averages themselves, not "<id>_avg" made from 3.1's.
    by_number = {f.number: f for f in declared_figures() if f.kind == "Figur"}
    assert by_number["3.2"].ids() == (
        "firms_new_products_avg",
        "firms_new_ideas_avg",
        "firms_new_competences_avg",
    )


def test_figures_3_4_and_3_6_show_every_indicator_of_their_section() -> None:
    by_number = {f.number: f for f in declared_figures() if f.kind == "Figur"}
    assert by_number["3.4"].ids() == tuple(f"share_{kind}" for kind in KI_KINDS)
    for number in ("3.4", "3.6"):
        section = tuple(i.id for i in INDICATORS if i.section == f"fig{number}")
        assert by_number[number].ids() == section


@pytest.mark.parametrize(
    "declare",
    [
        lambda: ByYear(
            number="9.9",
            title="Prøve {period}",
            back=1,
            series=(("firms_collab", "Alle"), ("firms_colab_sme", "Små")),
            y_title="Antal",
            chart={"type": "column"},
        ),
        lambda: ByCategory(
            number="9.9",
            title="Prøve",
            categories=(("firms_colab_sme", None),),
            category_title="Ydelse",
            y_title="Antal",
            chart={"type": "bar"},
        ),
        lambda: TwoAxes(
            number="9.9",
            title="Prøve",
            left=("firms_collab", "Alle"),
            right=("firms_colab_sme", "Små"),
            y_title="Antal",
            y2_title="Antal",
        ),
        lambda: Pie(
            number="9.9", title="Prøve", slices=(("firms_colab_sme", None),), category_title="Kilde"
        ),
    ],
)
def test_a_figure_naming_an_unknown_indicator_is_refused_when_declared(declare: object) -> None:
    with pytest.raises(
        UnknownIndicatorError, match=r"^Figur 9\.9 names the indicator 'firms_colab_sme'"
    ):
        declare()  # type: ignore[operator]


def test_a_table_naming_an_unknown_indicator_is_refused_when_declared() -> None:
    assert {a.offered for t in TABLES_4 for a in t.activities} <= set(INDICATORS_BY_ID)
    with pytest.raises(
        UnknownIndicatorError, match=r"^Tabel 4\.9 Prøve names the indicator 'firms_kurser'"
    ):
        ActivityTable(
            "Tabel 4.9 Prøve",
            (
                Activity("Sparring", "offered_sparring", "firms_sparring"),
                Activity("Kurser", "offered_courses", "firms_kurser"),
            ),
        )


# --- What the publication shows --------------------------------------------------------------

Y = range  # years as the publication's figures show them, e.g. Y(2006, 2013) is 2006-2012
_COL, _BAR, _LINE, _PIE = ("column", None), ("bar", None), ("line", None), ("pie", None)
_ACTIVITIES_44 = ["Konferencer, seminarer mv.", "Matchmaking", "Idégenerering"]


@dataclass(frozen=True)
class Published:
    """A figure as the 2013 publication prints it (the report text, ../shared/seed/...).

    `years` are the years its title, axis or legend shows; `by_year` says whether they are the
    categories (else they are the series and `names` the categories). `lacking` are the years
    no published source gives any number of (the figure leaves them out).
    """

    chart: tuple[str, str | None]
    years: range
    names: tuple[str, ...]
    by_year: bool = True
    lacking: tuple[int, ...] = ()


PUBLICATION: Mapping[str, Published] = {
    "Figur 2.1": Published(_COL, Y(2006, 2013), ("Antal netværk",)),
    "Figur 3.1": Published(
        _COL,
        Y(2007, 2013),
        ("Nye produkter, ydelser eller processer", "Nye idéer til innovation", "Nye kompetencer"),
    ),
    "Figur 3.2": Published(
        _COL,
        Y(2007, 2013),
        ("Nye produkter, ydelser eller processer", "Nye idéer til innovation", "Nye kompetencer"),
    ),
    "Figur 3.3": Published(
        _LINE,
        Y(2006, 2013),
        (
            "Alle virksomheder",
            "Virksomheder med under 50 ansatte",
            "Første samarbejde med en videninstitution",
        ),
        lacking=(2006,),
    ),
    "Tabel 3.1": Published(
        _LINE,
        Y(2006, 2013),
        (
            "Deltagende enheder fra videninstitutioner i alle netværk",
            "Gennemsnitligt antal videninstitutioner pr. netværk",
        ),
    ),
    "Figur 3.4": Published(
        _BAR,
        Y(2008, 2013),
        (
            "GTS-institutter",
            "Universiteter",
            "Professionshøjskoler",
            "Erhvervsskoler",
            "Erhvervsakademier",
            "Udenlandske videninstitutioner",
        ),
        by_year=False,
        lacking=(2008, 2009, 2010, 2011),
    ),
    "Figur 3.5": Published(
        ("column", "stacked"),
        Y(2008, 2013),
        ("Staten", "Regioner/kommuner", "Videninstitutioner", "Virksomheder", "EU", "Andet"),
    ),
    "Figur 3.6": Published(
        _PIE,
        Y(2012, 2013),
        (
            "Basistilskud fra ministeriet",
            "Andre ordninger i ministeriet",
            "Andre ministerier",
            "Regioner/kommuner",
            "Videninstitutioner",
            "Virksomheder",
            "EU",
            "Andet",
        ),
        by_year=False,
    ),
    "Figur 4.2": Published(
        _COL, Y(2006, 2013), ("Alle virksomheder", "Virksomheder med under 50 ansatte")
    ),
    "Figur 4.3": Published(_COL, Y(2008, 2013), ("Nye virksomheder kontaktet pr. netværk",)),
    "Figur 4.4": Published(
        _COL, Y(2006, 2013), tuple(_ACTIVITIES_44), by_year=False, lacking=(2006,)
    ),
    "Figur 4.5": Published(
        _BAR,
        Y(2008, 2013),
        (
            "Facilitering af møder mellem virksomheder og videninstitutioner",
            "Information om finansiering",
            "Idémodning – konkretisering af idé",
            "Opsøgende arbejde blandt virksomheder",
            "Hjælp til at skrive ansøgninger om tilskud",
            "Etablering af særlige databaser",
        ),
        by_year=False,
    ),
    "Figur 4.6": Published(
        _COL,
        Y(2006, 2013),
        ("Virksomheder i forprojekter", "Enheder fra videninstitutioner i forprojekter"),
        lacking=(2006,),
    ),
    "Figur 4.7": Published(
        _COL, Y(2006, 2013), ("Alle virksomheder", "Virksomheder med under 50 ansatte")
    ),
    "Figur 4.8": Published(
        _COL,
        Y(2007, 2013),
        ("Sparring om tendenser og ny viden", "Rådgivning om projektfinansiering"),
    ),
    "Figur 4.9": Published(
        _BAR,
        Y(2007, 2013),
        ("Initiativtager til nye uddannelsesforløb", "Eget udbud af kurser/uddannelser"),
        by_year=False,
        lacking=(2007, 2008, 2009, 2010, 2011),
    ),
    "Figur 4.10": Published(
        _BAR,
        Y(2012, 2013),
        (
            "Identificeret samarbejdspartnere i andre lande",
            "Strategi for internationalisering",
            "Etableret internationale samarbejder",
            "Andre aktiviteter for internationale kontakter",
            "Mindst én af disse aktiviteter",
        ),
        by_year=False,
    ),
    "Figur 4.11": Published(
        _COL,
        Y(2012, 2013),
        ("Omtaler i pressen", "Pressemeddelelser", "Nyhedsbreve"),
        by_year=False,
    ),
}


def test_the_table_of_the_publication_names_every_figure() -> None:
    assert list(PUBLICATION) == EXPECTED_LABELS


@pytest.mark.parametrize("label", EXPECTED_LABELS)
def test_each_figure_has_the_shape_and_years_of_the_publication(
    figs: dict[str, Figure], label: str
) -> None:
    fig, pub = figs[label], PUBLICATION[label]
    assert (fig.chart["type"], fig.chart.get("subtype")) == pub.chart
    shown = [y for y in pub.years if y not in pub.lacking]
    categories = [r.category for r in fig.rows]
    names = [s.name for s in fig.series]
    if pub.chart == _PIE:
        assert (categories, names) == (list(pub.names), [str(y) for y in shown])
    elif pub.by_year:
        assert (categories, names) == (shown, list(pub.names))
    else:
        assert (categories, names) == (list(pub.names), [str(y) for y in shown])
    # Every series and every category slot holds a number; what is lacking is said.
    assert all(any(v is not None for v in fig.column(i)) for i in range(len(fig.series)))
    assert all(any(v is not None for v in r.values) for r in fig.rows) or not pub.by_year
    assert fig.left_out == tuple(str(y) for y in pub.lacking)
    period = f"{shown[0]}-{shown[-1]}" if len(shown) > 1 else str(shown[0])
    assert period in fig.title


def test_alt_text_says_what_the_figure_shows_and_its_headline_number(
    figs: dict[str, Figure],
) -> None:
    assert figs["Figur 2.1"].alt_text == (
        "Søjlediagram over udviklingen i antallet af netværk, som indgår i "
        "performanceregnskaber 2006-2012. I 2012: Antal netværk 22."
    )
    assert figs["Figur 4.2"].alt_text.endswith(
        "I 2012: Alle virksomheder 7.383; Virksomheder med under 50 ansatte 4.720."
    )
    assert figs["Figur 4.5"].alt_text.startswith("Liggende søjlediagram over andel af netværkene")
    assert "Facilitering af møder mellem virksomheder og videninstitutioner 100 pct." in (
        figs["Figur 4.5"].alt_text
    )
    assert figs["Figur 3.2"].alt_text.endswith("Nye kompetencer 118,1.")
    assert figs["Figur 3.6"].alt_text.startswith("Cirkeldiagram over fordeling")
    assert figs["Figur 3.5"].alt_text.startswith("Stablet søjlediagram")
    assert all(
        f.alt_text.startswith(("Søjle", "Liggende", "Kurve", "Cirkel", "Stablet"))
        for f in figs.values()
    )


def test_a_series_without_data_is_left_out_and_the_title_follows() -> None:
    # Figure 4.11's 2011 series had no data and its title said "2011 og 2012".
    published = dict(PUBLISHED)
    published["ki_units_preprojects"] = (N,) * 6
    fig = figures_by_label(build_figures(make_summary(published), make_extra()))["Figur 4.6"]
    assert [s.name for s in fig.series] == ["Virksomheder i forprojekter"]
    assert fig.left_out == ("2006", "Enheder fra videninstitutioner i forprojekter")
