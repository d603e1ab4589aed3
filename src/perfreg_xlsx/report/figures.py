"""The figures of the published report as plain data: one `Figure` per chart.

Pure: a `Summary` (plus earlier years' figures for the charts that reach back before the six
report years) goes in, a list of figure specs comes out. Each spec carries the figure's data
table exactly as it is written to the "Figurdata" sheet, and the chart's type, axes and
formats as plain option dicts in XlsxWriter's vocabulary. `write_charts` turns them into native
Excel charts whose series point at those cells; nothing here imports xlsxwriter.

Decisions kept in one place:

* Shares are 0-100 in the Summary; figures hold them as fractions (0.91) with the "0%" number
  format, so Excel shows "91%" on the axis, in data labels and in the data table.
* A missing figure (None, the report's NA) stays None: it is written as an empty cell and drawn
  as a gap, never as 0. Years without data stay on the axis.
* Each figure covers the years the published report shows (e.g. 2006-2012 for figure 2.1 of the
  2012 report); years before the Summary's years come from `extra_years` (the history), and
  the title's period is computed from the years shown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from perfreg_xlsx.models import Summary, YearValue
from perfreg_xlsx.survey.fields import KI_KINDS
from perfreg_xlsx.survey.indicators import INDICATORS_BY_ID

FMT_COUNT = "#,##0"
FMT_DECIMAL = "#,##0.0"
FMT_SHARE = "0%"
FMT_YEAR = "0"

NETWORKS_ID = "networks_reporting"

ExtraYears = Mapping[tuple[str, int], YearValue]
Category = int | str


@dataclass(frozen=True)
class SeriesSpec:
    """One chart series: one value column of the figure's data table.

    `options` are extra XlsxWriter series options, e.g. {"y2_axis": True}.
    """

    name: str
    num_format: str
    options: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    """One row of a figure's data table: the category (a year or a label) and its values."""

    category: Category
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class Figure:
    """A figure of the report: its data table and how to draw it.

    >>> fig = build_figures(summary)[0]  # doctest: +SKIP
    >>> fig.label, fig.header[0], fig.chart["type"]  # doctest: +SKIP
    ('Figur 2.1', 'År', 'column')
    """

    kind: str  # "Figur" or "Tabel": how the report names it
    number: str  # "3.1"
    title: str  # the full Danish title, as the chart shows it
    header: tuple[str, ...]  # category heading, then one heading per series
    rows: tuple[Row, ...]
    series: tuple[SeriesSpec, ...]
    chart: Mapping[str, object]  # XlsxWriter add_chart() options
    x_axis: Mapping[str, object]  # the category axis
    y_axis: Mapping[str, object]  # the value axis
    y2_axis: Mapping[str, object] = field(default_factory=dict)  # secondary value axis, if any
    legend: Mapping[str, object] = field(default_factory=lambda: {"position": "bottom"})
    category_format: str = ""  # "0" when the categories are years
    data_labels: bool = False
    year_series: bool = False  # the series are years (coloured as a ramp, newest darkest)
    # A pie's colour slot per slice (an index into the chart palette, as series take them in
    # order); slices sharing a slot are shades of its colour. Empty: one slot per slice.
    colour_slots: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        """How the report refers to the figure, e.g. "Figur 3.1"."""
        return f"{self.kind} {self.number}"

    @property
    def has_data(self) -> bool:
        """True when at least one value of the figure is known."""
        return any(v is not None for row in self.rows for v in row.values)

    def column(self, index: int) -> tuple[float | None, ...]:
        """The values of series `index` (0-based), in row order."""
        return tuple(row.values[index] for row in self.rows)


# --- Looking values up ---------------------------------------------------------------------


class _Source:
    """Values of the Summary, with earlier years from `extra_years` where the Summary stops."""

    def __init__(self, summary: Summary, extra_years: ExtraYears | None) -> None:
        self.summary = summary
        self.extra = extra_years or {}
        self._by_id = {ind.id: ind for ind in summary.indicators}

    def raw(self, indicator_id: str, year: int) -> float | None:
        """The indicator's value as the Summary (0-100 for shares) or the history holds it."""
        if indicator_id == NETWORKS_ID and year in self.summary.networks_reporting:
            count = self.summary.networks_reporting[year]
            return None if count is None else float(count)
        ind = self._by_id.get(indicator_id)
        if ind is not None and year in self.summary.years:
            return ind.value(year)
        earlier = self.extra.get((indicator_id, year))
        return None if earlier is None else earlier.value

    def value(self, indicator_id: str, year: int) -> float | None:
        """The value as the figure shows it: shares become fractions."""
        raw = self.raw(indicator_id, year)
        if raw is None:
            return None
        return raw / 100 if _is_share(indicator_id) else raw


def _is_share(indicator_id: str) -> bool:
    ind = INDICATORS_BY_ID.get(indicator_id)
    return ind is not None and ind.is_share


def number_format(indicator_id: str) -> str:
    """The number format of an indicator's values: shares "0%", else by published decimals.

    >>> number_format("share_facilitation"), number_format("firms_new_products_avg")
    ('0%', '#,##0.0')
    """
    ind = INDICATORS_BY_ID.get(indicator_id)
    if ind is None:
        return FMT_COUNT
    if ind.is_share:
        return FMT_SHARE
    return FMT_DECIMAL if ind.decimals > 0 else FMT_COUNT


# --- Building blocks -------------------------------------------------------------------------

_SHARE_AXIS: Mapping[str, object] = {
    "name": "Andel af netværkene",
    "num_format": FMT_SHARE,
    "min": 0,
    "max": 1,
    "major_unit": 0.2,
}


def _years(survey_year: int, first_offset: int) -> tuple[int, ...]:
    return tuple(range(survey_year - first_offset, survey_year + 1))


def _period(years: Sequence[int]) -> str:
    return f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])


def _value_axis(name: str, fmt: str) -> dict[str, object]:
    return {"name": name, "num_format": fmt, "min": 0}


def _by_year(
    src: _Source,
    *,
    number: str,
    title: str,
    years: tuple[int, ...],
    series: Sequence[tuple[str, str]],
    y_title: str,
    chart: Mapping[str, object],
    data_labels: bool = False,
    kind: str = "Figur",
) -> Figure:
    """A figure with the years on the category axis and one series per indicator."""
    ids = [iid for iid, _ in series]
    rows = tuple(Row(year, tuple(src.value(iid, year) for iid in ids)) for year in years)
    shares = all(_is_share(iid) for iid in ids)
    axis_fmt = FMT_SHARE if shares else FMT_COUNT
    return Figure(
        kind=kind,
        number=number,
        title=f"{kind} {number}. {title}",
        header=("År", *(name for _, name in series)),
        rows=rows,
        series=tuple(SeriesSpec(name, number_format(iid)) for iid, name in series),
        chart=chart,
        x_axis={"name": "År"},
        y_axis=dict(_SHARE_AXIS) if shares else _value_axis(y_title, axis_fmt),
        category_format=FMT_YEAR,
        data_labels=data_labels,
    )


def _by_category(
    src: _Source,
    *,
    number: str,
    title: str,
    years: tuple[int, ...],
    categories: Sequence[tuple[str, str]],
    category_title: str,
    y_title: str,
    chart: Mapping[str, object],
    data_labels: bool = False,
) -> Figure:
    """A figure with the indicators as categories and one series per year."""
    ids = [iid for iid, _ in categories]
    rows = tuple(Row(label, tuple(src.value(iid, y) for y in years)) for iid, label in categories)
    shares = all(_is_share(iid) for iid in ids)
    fmts = {number_format(iid) for iid in ids}
    fmt = fmts.pop() if len(fmts) == 1 else FMT_DECIMAL
    horizontal = chart.get("type") == "bar"
    # Horizontal bars list categories bottom-up; reverse so they read top-down as in the
    # table, with the value axis kept at the bottom.
    x_axis: dict[str, object] = {"name": category_title}
    if horizontal:
        x_axis.update({"reverse": True, "crossing": "max"})
    return Figure(
        kind="Figur",
        number=number,
        title=f"Figur {number}. {title}",
        header=(category_title, *(str(y) for y in years)),
        rows=rows,
        series=tuple(SeriesSpec(str(y), fmt) for y in years),
        chart=chart,
        x_axis=x_axis,
        y_axis=dict(_SHARE_AXIS) if shares else _value_axis(y_title, FMT_COUNT),
        data_labels=data_labels,
        year_series=True,
    )


# --- The figures -----------------------------------------------------------------------------

_RESULTS = (
    ("firms_new_products", "Nye produkter, ydelser eller processer"),
    ("firms_new_ideas", "Nye idéer til innovation"),
    ("firms_new_competences", "Nye kompetencer"),
)
_FINANCING = (
    ("financing_state", "Staten"),
    ("financing_regions", "Regioner/kommuner"),
    ("financing_knowledge_institutions", "Videninstitutioner"),
    ("financing_firms", "Virksomheder"),
    ("financing_eu", "EU"),
    ("financing_other", "Andet"),
)
_FINANCING_SHARES = (
    "basic_grant",
    "other_ministry_schemes",
    "other_ministries",
    "regions",
    "knowledge_institutions",
    "firms",
    "eu",
    "other",
)
# Figure 3.6's slices take the colours of their source in figure 3.5 (the index into
# _FINANCING), which the report prints on the same page; the ministry's three parts are shades
# of "Staten".
_SHARE_SOURCE = (0, 0, 0, 1, 2, 3, 4, 5)
_MATCHMAKING = (
    ("share_facilitation", "Facilitering af møder mellem virksomheder og videninstitutioner"),
    ("share_financing_info", "Information om finansiering"),
    ("share_idea_maturation", "Idémodning – konkretisering af idé"),
    ("share_outreach", "Opsøgende arbejde blandt virksomheder"),
    ("share_application_help", "Hjælp til at skrive ansøgninger om tilskud"),
    ("share_databases", "Etablering af særlige databaser"),
)
_INTERNATIONAL = (
    ("share_intl_partners", "Identificeret samarbejdspartnere i andre lande"),
    ("share_intl_strategy", "Strategi for internationalisering"),
    ("share_intl_collaboration", "Etableret internationale samarbejder"),
    ("share_intl_other", "Andre aktiviteter for internationale kontakter"),
    ("share_intl_any", "Mindst én af disse aktiviteter"),
)
_COMMUNICATION = (
    ("media_mentions_avg", "Omtaler i pressen"),
    ("press_releases_avg", "Pressemeddelelser"),
    ("newsletters_avg", "Nyhedsbreve"),
)

_COLUMN = {"type": "column"}
_BAR = {"type": "bar"}
_LINE = {"type": "line"}


def build_figures(summary: Summary, extra_years: ExtraYears | None = None) -> list[Figure]:
    """Every figure of the report, in report order, from the Summary.

    `extra_years` maps (indicator id, year) to the figure of a year before the Summary's
    years (a `history.History` is such a mapping); only figures reaching back that far use it.
    Figures are built even when all their values are missing (`Figure.has_data` is False).
    """
    src = _Source(summary, extra_years)
    sy = summary.survey_year
    y6, y5, y4 = _years(sy, 6), _years(sy, 5), _years(sy, 4)
    last_two = (sy - 1, sy)
    two = f"{sy - 1} og {sy}"
    ki_labels = [(f"share_{k}", INDICATORS_BY_ID[f"share_{k}"].label_da) for k in KI_KINDS]
    fin_labels = [
        (f"financing_share_{k}", INDICATORS_BY_ID[f"financing_share_{k}"].label_da)
        for k in _FINANCING_SHARES
    ]
    figures = [
        _by_year(
            src,
            number="2.1",
            title="Udviklingen i antallet af netværk, som indgår i performanceregnskaber "
            + _period(y6),
            years=y6,
            series=[(NETWORKS_ID, "Antal netværk")],
            y_title="Antal netværk",
            chart=_COLUMN,
            data_labels=True,
        ),
        _by_year(
            src,
            number="3.1",
            title=f"Virksomhedernes resultater af netværksdeltagelsen {_period(y5)}",
            years=y5,
            series=_RESULTS,
            y_title="Antal virksomheder",
            chart=_COLUMN,
        ),
        _by_year(
            src,
            number="3.2",
            title=f"Antal innovative virksomheder pr. netværk, {_period(y5)}",
            years=y5,
            series=[(f"{iid}_avg", name) for iid, name in _RESULTS],
            y_title="Antal virksomheder pr. netværk",
            chart=_COLUMN,
        ),
        _by_year(
            src,
            number="3.3",
            title="Antal virksomheder der indgik i projekter sammen med videninstitutioner som "
            f"følge af deres deltagelse i et innovationsnetværk, {_period(y6)}",
            years=y6,
            series=[
                ("firms_collab", "Alle virksomheder"),
                ("firms_collab_sme", "Virksomheder med under 50 ansatte"),
                ("firms_first_collab", "Første samarbejde med en videninstitution"),
            ],
            y_title="Antal virksomheder",
            chart=_LINE,
        ),
        _table_3_1(src, y6),
        _by_category(
            src,
            number="3.4",
            title=f"Andel af netværk, der inddrager forskellige typer af videninstitutioner, {sy}",
            years=(sy,),
            categories=ki_labels,
            category_title="Type af videninstitution",
            y_title="Andel af netværkene",
            chart=_BAR,
            data_labels=True,
        ),
        _by_year(
            src,
            number="3.5",
            title=f"Finansiering af netværkene, {_period(y4)}",
            years=y4,
            series=_FINANCING,
            y_title="Mio. kr.",
            chart={"type": "column", "subtype": "stacked"},
        ),
        _pie_3_6(src, sy, fin_labels),
        _by_year(
            src,
            number="4.2",
            title=f"Samlet antal deltagere i netværkenes aktiviteter, {_period(y6)}",
            years=y6,
            series=[
                ("firms_participating", "Alle virksomheder"),
                ("firms_participating_sme", "Virksomheder med under 50 ansatte"),
            ],
            y_title="Antal virksomheder",
            chart=_COLUMN,
        ),
        _by_year(
            src,
            number="4.3",
            title=f"Antal nye virksomheder kontaktet af netværkene {_period(y4)} "
            "(gennemsnit per netværk)",
            years=y4,
            series=[("firms_contacted_avg", "Nye virksomheder kontaktet pr. netværk")],
            y_title="Antal virksomheder pr. netværk",
            chart=_COLUMN,
        ),
        _by_year(
            src,
            number="4.4",
            title="Antal virksomheder, der deltog i forskellige typer af brobyggende "
            f"aktiviteter i netværkene, {_period(y6)}",
            years=y6,
            series=[
                ("firms_conferences", "Konferencer, seminarer mv."),
                ("firms_matchmaking", "Matchmaking"),
                ("firms_ideageneration", "Idégenerering"),
            ],
            y_title="Antal virksomheder",
            chart=_COLUMN,
        ),
        _by_category(
            src,
            number="4.5",
            title="Andel af netværkene, der udbyder forskellige typer af ydelser i forbindelse "
            f"med at matche virksomheder og videninstitutioner, {_period(y4)}",
            years=y4,
            categories=_MATCHMAKING,
            category_title="Ydelse",
            y_title="Andel af netværkene",
            chart=_BAR,
        ),
        _by_year(
            src,
            number="4.6",
            title="Antal virksomheder, der deltog i forprojekter i innovationsnetværkene, "
            + _period(y6),
            years=y6,
            series=[
                ("firms_preprojects", "Virksomheder i forprojekter"),
                ("ki_units_preprojects", "Enheder fra videninstitutioner i forprojekter"),
            ],
            y_title="Antal",
            chart=_COLUMN,
        ),
        _by_year(
            src,
            number="4.7",
            title="Samlet antal virksomheder i innovationsprojekter i regi af netværkene, "
            + _period(y6),
            years=y6,
            series=[
                ("firms_innovation_projects", "Alle virksomheder"),
                ("firms_innovation_projects_sme", "Virksomheder med under 50 ansatte"),
            ],
            y_title="Antal virksomheder",
            chart=_COLUMN,
        ),
        _by_year(
            src,
            number="4.8",
            title="Andelen af netværk, der tilbød virksomhederne sparring om ny viden og "
            f"projektfinansiering, {_period(y5)}",
            years=y5,
            series=[
                ("share_sparring_trends", "Sparring om tendenser og ny viden"),
                ("share_advice_financing", "Rådgivning om projektfinansiering"),
            ],
            y_title="Andel af netværkene",
            chart=_COLUMN,
        ),
        _by_year(
            src,
            number="4.9",
            title="Andelen af netværk, der var initiativtager til uddannelsesforløb, eller selv "
            f"udbød kurser, {_period(y5)}",
            years=y5,
            series=[
                ("share_education_initiated", "Initiativtager til nye uddannelsesforløb"),
                ("share_education_offered", "Eget udbud af kurser/uddannelser"),
            ],
            y_title="Andel af netværkene",
            chart=_COLUMN,
        ),
        _by_category(
            src,
            number="4.10",
            title=f"Andelen af netværk, der har udviklet en eller flere internationale "
            f"aktiviteter, {two}",
            years=last_two,
            categories=_INTERNATIONAL,
            category_title="Aktivitet",
            y_title="Andel af netværkene",
            chart=_BAR,
            data_labels=True,
        ),
        _by_category(
            src,
            number="4.11",
            title=f"Antal formidlingsaktiviteter målt per innovationsnetværk i {two}",
            years=last_two,
            categories=_COMMUNICATION,
            category_title="Formidlingsaktivitet",
            y_title="Antal pr. netværk",
            chart=_COLUMN,
            data_labels=True,
        ),
    ]
    return figures


def _table_3_1(src: _Source, years: tuple[int, ...]) -> Figure:
    """Table 3.1 drawn as two lines: units in all networks (left axis), per network (right)."""
    rows = tuple(
        Row(
            y,
            (src.value("ki_units_innovation_projects", y), src.value("ki_per_network_avg", y)),
        )
        for y in years
    )
    per_network = [v for row in rows if (v := row.values[1]) is not None]
    # The right axis reaches twice the highest value, so the per-network line runs below the
    # line of all units (about ten times larger) and their labels do not collide.
    y2_axis = _value_axis("Videninstitutioner pr. netværk", FMT_COUNT)
    if per_network:
        y2_axis["max"] = nice_ceiling(2 * max(per_network))
    total = "Deltagende enheder fra videninstitutioner i alle netværk"
    average = "Gennemsnitligt antal videninstitutioner pr. netværk"
    return Figure(
        kind="Tabel",
        number="3.1",
        title=f"Tabel 3.1. Videninstitutionernes deltagelse i innovationsnetværkene, "
        f"{_period(years)}",
        header=("År", total, average),
        rows=rows,
        series=(
            SeriesSpec(total, number_format("ki_units_innovation_projects")),
            SeriesSpec(average, number_format("ki_per_network_avg"), {"y2_axis": True}),
        ),
        chart=_LINE,
        x_axis={"name": "År"},
        y_axis=_value_axis("Enheder i alle netværk", FMT_COUNT),
        y2_axis=y2_axis,
        category_format=FMT_YEAR,
        data_labels=True,
    )


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is at least `value` (> 0).

    >>> nice_ceiling(38), nice_ceiling(0.3), nice_ceiling(200)
    (50.0, 0.5, 200.0)
    """
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def _pie_3_6(src: _Source, year: int, labels: Sequence[tuple[str, str]]) -> Figure:
    rows = tuple(Row(label, (src.value(iid, year),)) for iid, label in labels)
    return Figure(
        kind="Figur",
        number="3.6",
        title=f"Figur 3.6. Fordeling af finansieringskilder for innovationsnetværkene {year}",
        header=("Finansieringskilde", str(year)),
        rows=rows,
        series=(SeriesSpec(str(year), FMT_SHARE),),
        chart={"type": "pie"},
        x_axis={},
        y_axis={},
        legend={"position": "right"},
        data_labels=True,
        colour_slots=_SHARE_SOURCE[: len(rows)],
    )
