"""Appendix 3 ("Bilag 3"), the wider landscape, as a sheet of plain data (see `layout`).

Three parts, top to bottom:

1. the combined totals of the survey year over every cluster and innovation network that
   answered, split into innovation networks and other clusters (the catalogue's `LANDSCAPE`
   indicators), with a native stacked bar chart whose series point at those cells;
2. table 5: the register's organisations by theme area, per population, and how many of each
   are in the figures;
3. every organisation of the register, with its population, theme area and whether its answers
   are in the figures.

The theme area comes from the register, never from a questionnaire: the organisation is chosen
from the register's list on the form, so the register is the one place it is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from perfreg_xlsx.models import Summary
from perfreg_xlsx.report.data_sheets import NA_NOTE
from perfreg_xlsx.report.figure_text import FMT_COUNT, FMT_SHARE, danish_number, end_sentence
from perfreg_xlsx.report.ids import check_ids
from perfreg_xlsx.report.tables import value_cell
from perfreg_xlsx.survey.landscape import LANDSCAPE_ROWS, landscape_id
from perfreg_xlsx.survey.registry import Network, Register
from perfreg_xlsx.survey.types import PROGRAMME_NAMES, Programme
from perfreg_xlsx.workbook.spec import ChartSpec, PageSetup, SheetBuilder, SheetSpec
from perfreg_xlsx.workbook.styles import PALETTE, num_style

APPENDIX3 = "Bilag 3"
TABLE5_TITLE = "Tabel 5. Klynger og innovationsnetværk fordelt på temaområder"
# The columns of the totals: (id suffix of the population, heading), the
# split first and the total last, as read left to right.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("_networks", PROGRAMME_NAMES[Programme.NETWORK].plural_da.capitalize()),
    ("_others", PROGRAMME_NAMES[Programme.CLUSTER].plural_da.capitalize()),
    ("", "I alt"),
)
SPLIT_HEADINGS = tuple(heading for _, heading in COLUMNS)
check_ids(
    "Bilag 3",
    [landscape_id(stem, suffix) for stem, _, _ in LANDSCAPE_ROWS for suffix, _ in COLUMNS],
)
_FIRST = 5  # row of the first total (0-based)
_NUMBERS = 18.0  # width of the number columns
_CHART_ROWS = 18  # rows the chart covers, with a little air below it


def appendix3_sheet(summary: Summary, register: Register) -> SheetSpec:
    """Bilag 3: the landscape totals with their split and chart, table 5 and the register."""
    y = summary.survey_year
    b = SheetBuilder(APPENDIX3, "Klynger og innovationsnetværk i alt (bilag 3)")
    b.width(0, 0, 72)  # the longest indicator label on one line
    b.width(1, 1, _NUMBERS)
    b.width(2, 2, 24)  # also the theme areas of the register list
    b.width(3, 4, _NUMBERS)
    b.put(0, 0, f"Bilag 3. Klynger og innovationsnetværk i Danmark {y}", "title")
    b.put(
        1,
        0,
        "De øvrige klynger besvarer et udsnit af spørgeskemaet. Bilag 1 omfatter kun "
        "innovationsnetværkene. " + NA_NOTE,
        "note",
    )
    row = _totals(b, summary)
    b.charts.append(_split_chart(summary, _FIRST, row - 1, row + 1))
    row += 1 + _CHART_ROWS
    row = _table5(b, summary, register, row)
    head = _organisations(b, summary, register, row + 1)
    # The register runs over pages: its header row is printed on each of them.
    b.page = PageSetup(landscape=False, fit_width=1, repeat_rows=(head, head))
    return b.build()


def _totals(b: SheetBuilder, summary: Summary) -> int:
    """The totals table from row 3; returns the row after it."""
    y = summary.survey_year
    b.put(3, 0, f"Samlede tal for {y}", "subtitle")
    b.put_row(4, 0, ["Indikator", *SPLIT_HEADINGS], "head_left")
    b.row_heights[4] = 30
    row = _FIRST
    for stem, _field, label in LANDSCAPE_ROWS:
        b.put(row, 0, label, "label_bold" if stem == "clusters" else "label")
        for col, (suffix, _) in enumerate(COLUMNS, start=1):
            ind = summary.get(landscape_id(stem, suffix))
            value, style = value_cell(ind, ind.value(y))
            b.put(row, col, value, style)
        row += 1
    b.table("Bilag3_i_alt", 4, 0, row - 1, len(COLUMNS), description=f"Samlede tal for {y}")
    return row


def _split_chart(summary: Summary, first: int, last: int, anchor_row: int) -> ChartSpec:
    """A 100 % stacked bar per firm total: the part of the innovation networks and of the
    other clusters, each labelled with its number of firms.

    Shares rather than numbers, because the totals differ tenfold: on one scale the split of
    the smaller ones would not show. The count of organisations (row `first`) is left out.
    """
    year = summary.survey_year
    title = f"Virksomheder i innovationsnetværk og øvrige klynger {year}"

    def ref(r1: int, c1: int, r2: int | None = None, c2: int | None = None) -> list[Any]:
        return [APPENDIX3, r1, c1] if r2 is None else [APPENDIX3, r1, c1, r2, c2]

    series = tuple(
        {
            "name": ref(4, col),
            "categories": ref(first + 1, 0, last, 0),
            "values": ref(first + 1, col, last, col),
            "fill": {"color": PALETTE[col - 1]},
            "border": {"color": "#FFFFFF"},
            "data_labels": {
                "value": True,
                "num_format": "#,##0",
                # White on the dark bar of the networks, dark on the light one of the others.
                "font": {"color": "#FFFFFF" if col == 1 else "#262626"},
            },
        }
        for col in (1, 2)
    )
    return ChartSpec(
        anchor=(anchor_row, 0),
        options={"type": "bar", "subtype": "percent_stacked"},
        series=series,
        settings={
            "set_title": {"name": title, "name_font": {"size": 11, "bold": True}},
            # A bar chart's x axis is the horizontal value axis.
            "set_x_axis": {
                "name": "Andel af virksomhederne (antal i søjlerne)",
                "name_font": {"size": 9, "bold": False},
                "num_format": "0%",
                "major_gridlines": {"visible": True},
            },
            "set_y_axis": {
                "name": "Virksomheder",
                "name_font": {"size": 9, "bold": False},
                # The first total at the top, as in the table, with the value axis (and its
                # title) below the bars.
                "reverse": True,
                "crossing": "max",
            },
            "set_legend": {"position": "bottom"},
            "set_size": {"width": 860, "height": 340},
        },
        alt_text=split_alt_text(summary, title),
    )


def split_alt_text(summary: Summary, title: str) -> str:
    """The split chart's alt text: what it shows and, per firm total, the two parts' numbers.

    E.g. "... Deltagende virksomheder: 7.383 i innovationsnetværk og 1.234 i øvrige klynger
    (86 pct. i innovationsnetværk); ..."
    """
    y = summary.survey_year
    networks, others = (h.lower() for h in SPLIT_HEADINGS[:2])
    parts = []
    for stem, _field, label in LANDSCAPE_ROWS[1:]:
        net = summary.get(landscape_id(stem, COLUMNS[0][0])).value(y)
        oth = summary.get(landscape_id(stem, COLUMNS[1][0])).value(y)
        if net is None or oth is None:
            continue
        name = label.removeprefix("Antal ")
        share = (
            f" ({danish_number(net / (net + oth), FMT_SHARE)} i {networks})" if net + oth else ""
        )
        parts.append(
            f"{name[:1].upper()}{name[1:]}: {danish_number(net, FMT_COUNT)} i {networks} og "
            f"{danish_number(oth, FMT_COUNT)} i {others}{share}"
        )
    text = (
        f"Liggende stablet søjlediagram (100 pct.) over {title[:1].lower()}{title[1:]}: hvor "
        "stor en del af virksomhederne der hører til innovationsnetværkene og til de øvrige "
        "klynger."
    )
    return end_sentence(f"{text} {'; '.join(parts)}") if parts else text


def _themes(register: Register) -> dict[str, list[Network]]:
    """The register's organisations by theme area, in the order the register first names each."""
    groups: dict[str, list[Network]] = {}
    for net in register.networks:
        groups.setdefault(net.theme_area or "(uden temaområde)", []).append(net)
    return groups


def _table5(b: SheetBuilder, summary: Summary, register: Register, row: int) -> int:
    """Table 5 from `row`; returns the row after it."""
    y = summary.survey_year
    included = {r.network for r in summary.responses}
    b.put(row, 0, f"{TABLE5_TITLE} ({y})", "subtitle")
    b.put_row(row + 1, 0, ["Temaområde", *SPLIT_HEADINGS, f"Med i opgørelsen {y}"], "head_left")
    b.row_heights[row + 1] = 30
    head = row + 1
    row += 2
    all_nets: list[Network] = []
    for theme, nets in _themes(register).items():
        all_nets.extend(nets)
        _count_row(b, row, theme, nets, included, "label")
        row += 1
    _count_row(b, row, "I alt", all_nets, included, "label_bold")
    b.table("Tabel5", head, 0, row, len(COLUMNS) + 1, description=TABLE5_TITLE)
    return row + 1


def _count_row(
    b: SheetBuilder,
    row: int,
    label: str,
    nets: Sequence[Network],
    included: set[str],
    style: str,
) -> None:
    counts = [sum(n.programme is p for n in nets) for p in (Programme.NETWORK, Programme.CLUSTER)]
    answered = sum(n.short_name in included for n in nets)
    b.put(row, 0, label, style)
    b.put_row(row, 1, [*counts, sum(counts), answered], num_style(0))


def _organisations(b: SheetBuilder, summary: Summary, register: Register, row: int) -> int:
    """Every organisation of the register, grouped by theme area, networks before clusters.

    Returns the row of its header.
    """
    y = summary.survey_year
    included = {r.network for r in summary.responses}
    b.put(row, 0, "Klynger og innovationsnetværk i registret", "subtitle")
    b.put_row(row + 1, 0, ["Navn", "Type", "Temaområde", f"Med i opgørelsen {y}"], "head_left")
    b.row_heights[row + 1] = 30
    head = row + 1
    row += 2
    order = list(Programme)
    for theme, nets in _themes(register).items():
        for net in sorted(nets, key=lambda n: (order.index(n.programme), n.name.casefold())):
            b.put(row, 0, net.name, "label")
            b.put(row, 1, PROGRAMME_NAMES[net.programme].one_da, "text_wrap")
            b.put(row, 2, theme, "text_wrap")
            b.put(row, 3, "Ja" if net.short_name in included else "Nej", "text")
            row += 1
    if row > head + 1:
        b.table("Bilag3_register", head, 0, row - 1, 3, description="Registrets organisationer")
    return head
