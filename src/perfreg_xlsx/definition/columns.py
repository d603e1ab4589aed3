# ruff: noqa: E501  (a table of texts: one column per line reads better than wrapped strings)
"""The layout of the definition workbook: its sheets, their columns, what each column holds.

One declaration serves the writer (headers, widths, drop-down lists, the `about` sheet), the
loader (which columns must be there, how a cell is read) and docs/definition.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from perfreg_xlsx.survey.figure_spec import CAPTIONS, CHARTS, FigureType
from perfreg_xlsx.survey.types import Agg, Kind, Severity


class Cell(Enum):
    """How a column's cells are read."""

    TEXT = "text"
    ID = "id"  # lower-case letters, digits, "_", "." and "-"
    NUMBER = "number"
    WHOLE = "whole number"
    YESNO = "yes/no"
    CHOICE = "one of a list"
    IDS = "ids separated by commas"


PROGRAMMES = ("innovation_network", "cluster", "both")
RULE_KINDS = ("part_of_total", "sources_sum", "no_means_zero", "yes_needs_count", "requires")
YES_NO = ("yes", "no")


@dataclass(frozen=True)
class Column:
    name: str
    cell: Cell
    required: bool
    meaning: str
    example: str
    choices: tuple[str, ...] = ()
    width: int = 14


@dataclass(frozen=True)
class Sheet:
    name: str
    meaning: str
    columns: tuple[Column, ...]


def _c(
    name: str,
    cell: Cell,
    meaning: str,
    example: str,
    *,
    required: bool = True,
    choices: tuple[str, ...] = (),
    width: int = 14,
) -> Column:
    return Column(name, cell, required, meaning, example, choices, width)


_PROGRAMME = _c(
    "programme",
    Cell.CHOICE,
    "Who answers: innovation_network, cluster (the wider landscape, appendix 3) or both.",
    "both",
    choices=PROGRAMMES,
    width=18,
)

SECTIONS = Sheet(
    "sections",
    "The sections of the questionnaire, in form order.",
    (
        _c("section_id", Cell.ID, "The section's number; fields name it.", "1.2", width=10),
        _c(
            "title",
            Cell.TEXT,
            "Its Danish heading in the form.",
            "Samspil med videninstitutioner",
            width=50,
        ),
    ),
)

FIELDS = Sheet(
    "fields",
    "One row per question of the questionnaire, in form order.",
    (
        _c(
            "field_id",
            Cell.ID,
            "A unique id; rules and indicators name it. Never reuse one.",
            "firms_collab",
            width=30,
        ),
        _PROGRAMME,
        _c(
            "section",
            Cell.ID,
            "The section_id of the sheet sections it is asked in.",
            "1.2",
            width=9,
        ),
        _c(
            "question",
            Cell.TEXT,
            "The question in Danish, as the network reads it.",
            "Antal virksomheder, der ...",
            width=60,
        ),
        _c(
            "help",
            Cell.TEXT,
            "A Danish hint shown beside the answer cell.",
            "Tæl hver virksomhed én gang.",
            required=False,
            width=40,
        ),
        _c(
            "type",
            Cell.CHOICE,
            "The kind of answer: whole (a whole number), decimal, yesno (Ja/Nej), text, email, network (a name from the register).",
            "whole",
            choices=tuple(k.value for k in Kind),
        ),
        _c(
            "unit",
            Cell.TEXT,
            "The unit shown beside the answer.",
            "antal",
            required=False,
            width=12,
        ),
        _c(
            "min",
            Cell.NUMBER,
            "The smallest number allowed (empty: no limit; only for whole and decimal).",
            "0",
            required=False,
            width=8,
        ),
        _c(
            "max",
            Cell.NUMBER,
            "The largest number allowed (empty: no limit).",
            "1000",
            required=False,
            width=8,
        ),
        _c(
            "required",
            Cell.YESNO,
            "yes: a return without this answer is an error; no: it may be left empty.",
            "yes",
            choices=YES_NO,
            width=10,
        ),
        _c(
            "yoy_factor",
            Cell.NUMBER,
            "A change from last year beyond this factor (either way) is a warning (empty: no check).",
            "5",
            required=False,
            width=11,
        ),
        _c(
            "personal",
            Cell.YESNO,
            "yes: a person's name or e-mail, kept out of the report.",
            "no",
            choices=YES_NO,
            width=10,
        ),
    ),
)

RULES = Sheet(
    "rules",
    "How answers must agree with each other. The fields column lists field ids in the order the kind says.",
    (
        _c(
            "rule_id",
            Cell.ID,
            "A unique id for the rule (messages about this sheet name it).",
            "r01",
            width=8,
        ),
        _c(
            "kind",
            Cell.CHOICE,
            "part_of_total (fields: part, total), sources_sum (fields: the sources, then the total; with tolerance), no_means_zero (fields: a yesno question, then the counts that must be 0 when it is Nej), yes_needs_count (fields: a yesno question, then the count that should be above 0 when it is Ja), requires (fields: a number, then the number that must be above 0 when the first is).",
            "part_of_total",
            choices=RULE_KINDS,
            width=18,
        ),
        _c(
            "fields",
            Cell.IDS,
            "The field ids the rule reads, separated by commas.",
            "firms_collab_sme, firms_collab",
            width=60,
        ),
        _c(
            "tolerance",
            Cell.NUMBER,
            "For sources_sum only: how far the sum may be from the total, in the fields' unit.",
            "5",
            required=False,
            width=10,
        ),
        _c(
            "severity",
            Cell.CHOICE,
            "error: the return is refused; warning: it is reported but accepted; info: a note.",
            "error",
            choices=tuple(s.value for s in Severity),
            width=10,
        ),
        _c(
            "message",
            Cell.TEXT,
            "The Danish text the respondent sees when the rule is broken (the form's live check and the feedback copy), instead of the kind's own; empty: the kind's own message, which names the questions and the numbers. At most 500 characters.",
            "Antallet af små virksomheder kan ikke være større end antallet i alt.",
            required=False,
            width=60,
        ),
    ),
)

INDICATORS = Sheet(
    "indicators",
    "The figures of the report, computed from the fields; appendix 1 lists the rows marked appendix_row, in this order.",
    (
        _c(
            "indicator_id",
            Cell.ID,
            "A unique id; figures name it, and the history of earlier years is matched by it.",
            "firms_collab",
            width=30,
        ),
        _c(
            "section",
            Cell.ID,
            "The report section it belongs to (appendix 1 groups its rows by it).",
            "1.2",
            width=9,
        ),
        _c(
            "label",
            Cell.TEXT,
            "Its Danish text, as appendix 1 and the tables print it.",
            "Antal virksomheder ... – i alt",
            width=60,
        ),
        _c(
            "aggregation",
            Cell.CHOICE,
            "count (reporting networks; no fields), sum, mean (sum per reporting network), share_yes (% answering Ja to one field), any_yes (% answering Ja to any of the fields), count_yes, count_positive and share_positive (of one field), ratio (sum of the first field / sum of the second), share_of_sum (% the sum of all fields but the last is of the last).",
            "sum",
            choices=tuple(a.value for a in Agg),
            width=15,
        ),
        _c(
            "fields",
            Cell.IDS,
            "The field ids it is computed from, separated by commas.",
            "firms_collab",
            required=False,
            width=40,
        ),
        _c("unit", Cell.TEXT, "Its unit as printed; pct for a share.", "antal", width=10),
        _c(
            "scale",
            Cell.NUMBER,
            "The fields' sum is multiplied by this (0.001 turns 1.000 kr. into mio. kr.).",
            "1",
            width=8,
        ),
        _c("decimals", Cell.WHOLE, "The decimals published.", "0", width=9),
        _PROGRAMME,
        _c(
            "appendix_row", Cell.YESNO, "yes: a row of appendix 1.", "yes", choices=YES_NO, width=12
        ),
        _c(
            "headline",
            Cell.WHOLE,
            "Its place (1, 2, ...) among the key findings stated in a sentence; empty: not one.",
            "1",
            required=False,
            width=9,
        ),
        _c(
            "break_note",
            Cell.TEXT,
            "When its definition changed from earlier years: a Danish note the report prints beside it.",
            "Fra 2013 indgår også ...",
            required=False,
            width=40,
        ),
    ),
)

HEADINGS = Sheet(
    "appendix_headings",
    "The headings of appendix 1, each printed before the first row of its section, in this order.",
    (
        _c("section", Cell.ID, "The indicators' section the heading precedes.", "1.1", width=9),
        _c("heading", Cell.TEXT, "The Danish heading.", "1.1. INNOVATION", width=60),
    ),
)

FIGURES = Sheet(
    "figures",
    "The report's figures, in report order; their indicators are on the sheet figure_series.",
    (
        _c("figure_id", Cell.ID, "A unique id; figure_series names it.", "figur_3.1", width=12),
        _c(
            "caption",
            Cell.CHOICE,
            "What its heading starts with: Figur or Tabel.",
            "Figur",
            choices=CAPTIONS,
            width=9,
        ),
        _c("number", Cell.TEXT, "Its number in the report.", "3.1", width=8),
        _c(
            "type",
            Cell.CHOICE,
            "by_year (years along the axis, one series per indicator), by_category (indicators along the axis, one series per year), two_axes (two indicators as lines, the second on a right axis), pie (the indicators as slices of the survey year).",
            "by_year",
            choices=tuple(t.value for t in FigureType),
            width=12,
        ),
        _c(
            "title",
            Cell.TEXT,
            "Its Danish title; {period} stands for the years shown.",
            "Finansiering af netværkene, {period}",
            width=60,
        ),
        _c(
            "back",
            Cell.WHOLE,
            "How many years before the survey year it shows (0 for a pie).",
            "5",
            width=7,
        ),
        _c(
            "chart",
            Cell.CHOICE,
            "For by_year and by_category: column, stacked_column, bar, stacked_bar or line. Empty for two_axes and pie.",
            "column",
            required=False,
            choices=tuple(CHARTS),
            width=15,
        ),
        _c(
            "y_title",
            Cell.TEXT,
            "The title of the value axis (not for a pie).",
            "Antal virksomheder",
            required=False,
            width=25,
        ),
        _c(
            "y2_title",
            Cell.TEXT,
            "For two_axes only: the title of the right-hand axis.",
            "Videninstitutioner pr. netværk",
            required=False,
            width=25,
        ),
        _c(
            "category_title",
            Cell.TEXT,
            "For by_category and pie: what the categories are.",
            "Aktivitet",
            required=False,
            width=20,
        ),
        _c(
            "data_labels",
            Cell.YESNO,
            "yes: the values are written on the chart.",
            "no",
            choices=YES_NO,
            width=11,
        ),
    ),
)

SERIES = Sheet(
    "figure_series",
    "The indicators each figure shows, in order: its series, categories or slices (two_axes: exactly two, left axis first).",
    (
        _c(
            "figure_id",
            Cell.ID,
            "The figure (a figure_id of the sheet figures).",
            "figur_3.1",
            width=12,
        ),
        _c("indicator_id", Cell.ID, "The indicator shown.", "firms_new_products", width=32),
        _c(
            "label",
            Cell.TEXT,
            "Its name in the figure; for by_category and pie it may be empty (the indicator's label).",
            "Nye kompetencer",
            required=False,
            width=50,
        ),
        _c(
            "colour_slot",
            Cell.WHOLE,
            "For a pie only, on every slice or none: the colour (0 = the first) it takes.",
            "0",
            required=False,
            width=12,
        ),
    ),
)

SHEETS: tuple[Sheet, ...] = (SECTIONS, FIELDS, RULES, INDICATORS, HEADINGS, FIGURES, SERIES)
ABOUT = "about"
