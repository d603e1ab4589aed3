"""The sheet "Hovedresultater": the key findings as Danish sentences made from the numbers.

One sentence per headline indicator (the catalogue's `headline`), phrased as the report's
body states it ("I 2012 deltog 7.383 virksomheder i netværkenes aktiviteter, 26 pct. flere
end i 2011."). The numbers of each sentence stand in the cells beside it (this year, last
year, the change) as numbers with number formats, so a reader can check them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from perfreg_xlsx.models import IndicatorResult, Summary
from perfreg_xlsx.report.appendix1 import label_height, shown_decimals
from perfreg_xlsx.report.data_sheets import NA
from perfreg_xlsx.report.tables import value_cell
from perfreg_xlsx.survey.catalogue import current
from perfreg_xlsx.util.numbers import round_half_up
from perfreg_xlsx.workbook.spec import PageSetup, SheetBuilder, SheetSpec
from perfreg_xlsx.workbook.styles import num_style, pct_style

_SENTENCE_WIDTH = 90  # the sentence column, in Excel's character units

KEY_FINDINGS = "Hovedresultater"


@dataclass(frozen=True)
class Phrase:
    """How one headline indicator is said. `what` follows the number ("virksomheder i ...").

    `verb` is the verb of the year ("deltog"); `counted` True says the change as "flere/færre"
    (counts), False as "steg/faldt" (amounts, with the unit after the number).
    """

    verb: str
    what: str
    counted: bool = True


PHRASES: Mapping[str, Phrase] = {
    "firms_participating": Phrase("deltog", "virksomheder i netværkenes aktiviteter"),
    "firms_collab": Phrase("deltog", "virksomheder i samspilsprojekter med videninstitutioner"),
    "firms_new_products": Phrase(
        "udviklede", "virksomheder nye produkter, ydelser eller processer gennem netværkene"
    ),
    "innovation_projects": Phrase("var der", "aktive innovationsprojekter i regi af netværkene"),
    "turnover": Phrase("var", "netværkenes samlede omsætning", counted=False),
}


def phrase(ind: IndicatorResult) -> Phrase:
    """How `ind` is said: its own phrase, or for a headline indicator a definition adds
    (issue 15) one made from its label."""
    return PHRASES.get(ind.id) or Phrase("var", f"tallet for »{ind.label_da}«", counted=False)


def danish_number(value: float, decimals: int) -> str:
    """A number as Danish print writes it: "." between thousands, "," before decimals.

    >>> danish_number(7383, 0), danish_number(-1234.56, 1), danish_number(0.05, 1)
    ('7.383', '-1.234,6', '0,1')
    """
    rounded = round_half_up(value, decimals)
    text = f"{abs(rounded):,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return ("-" if rounded < 0 else "") + text


def direction(change: float, counted: bool) -> str:
    """The direction word of a whole-percent change: flere/færre (counts), steg/faldt."""
    if change > 0:
        return "flere" if counted else "steg"
    if change < 0:
        return "færre" if counted else "faldt"
    return "uændret"


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def sentence(ind: IndicatorResult, phrase: Phrase, year: int) -> str:
    """The key finding of `ind` in `year`, compared with the year before."""
    now, before = _finite(ind.value(year)), _finite(ind.value(year - 1))
    if now is None:
        return f"{ind.label_da}: ikke opgjort for {year}."
    unit = "" if phrase.counted else f" {ind.unit}"
    shown = danish_number(now, shown_decimals(ind, year)) + unit
    if phrase.counted:
        start = f"I {year} {phrase.verb} {shown} {phrase.what}"
    else:
        start = f"I {year} {phrase.verb} {phrase.what} {shown}"
    if before is None or _finite(ind.change_pct) is None:
        return f"{start}; {year - 1} er ikke opgjort."
    change = round_half_up(ind.change_pct or 0.0, 0)
    word = direction(change, phrase.counted)
    then = danish_number(before, shown_decimals(ind, year - 1)) + unit
    if word == "uændret":
        return f"{start}, uændret fra {year - 1}."
    if phrase.counted:
        return f"{start}, {danish_number(abs(change), 0)} pct. {word} end i {year - 1}."
    return f"{start}; den {word} {danish_number(abs(change), 0)} pct. fra {then} i {year - 1}."


def key_findings_sheet(summary: Summary, note_ref: str = "") -> SheetSpec:
    """One row per headline indicator: the sentence, then its numbers in cells B-D."""
    y = summary.survey_year
    b = SheetBuilder(KEY_FINDINGS, "Hovedresultater i sætninger, med tallene bag dem")
    b.width(0, 0, _SENTENCE_WIDTH)
    b.width(1, 2, 12)
    b.width(3, 3, 18)  # "Ændring 2011-2012" on one line
    title = f"Hovedresultater {y}"
    b.put(0, 0, f"{title} {note_ref}".strip(), "title")
    b.put_row(2, 0, ["Hovedresultat", str(y), str(y - 1), f"Ændring {y - 1}-{y}"], "head_left")
    row = 3
    for iid in current().headline:
        ind = summary.get(iid)
        said = sentence(ind, phrase(ind), y)
        b.put(row, 0, said, "label")
        for col, year in ((1, y), (2, y - 1)):
            value, style = value_cell(ind, ind.value(year))
            if isinstance(value, int | float) and ind.unit != "pct":
                style = num_style(shown_decimals(ind, year))
            b.put(row, col, value, style)
        change = _finite(ind.change_pct)
        if change is None:
            b.put(row, 3, NA, "na")
        else:
            b.put(row, 3, round_half_up(change, 0) / 100, pct_style(0))
        # As high as the sentence needs: one line where it fits, not always two.
        b.row_heights[row] = label_height(said, _SENTENCE_WIDTH)
        row += 1
    if row > 3:  # an Excel table, as every table of the report (issue 13 item 1)
        b.table("Hovedresultater", 2, 0, row - 1, 3, description=title)
    b.put(row + 1, 0, "Ændringen er beregnet af tallene, som de er vist (afrundet).", "note")
    b.page = PageSetup(landscape=False)
    return b.build()
