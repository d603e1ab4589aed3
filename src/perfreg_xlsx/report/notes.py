"""The sheet "Noter": numbered notes ("[note 1]" ...) that table titles and headers refer to.

Notes are referenced from titles and headers, never from data cells, as the statistics
spreadsheet guidance asks. The known inconsistencies of the publication are stated only when
the report shows printed (published) figures from the history.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from perfreg_xlsx.models import Summary
from perfreg_xlsx.survey.catalogue import current
from perfreg_xlsx.workbook.spec import PageSetup, SheetBuilder, SheetSpec

NOTES = "Noter"

BREAK_PREFIX = "break:"  # the key of an indicator's series-break note: "break:<indicator id>"


def series_breaks(summary: Summary) -> Mapping[str, str]:
    """The series breaks the report shows, by indicator id in report order: each indicator's
    `break_note` (a change of its definition between years, "Fra 2013 indgår ...")."""
    shown = {ind.id for ind in summary.indicators}
    return {i.id: i.break_note for i in current().indicators if i.break_note and i.id in shown}


def break_key(indicator_id: str) -> str:
    return BREAK_PREFIX + indicator_id


@dataclass(frozen=True)
class Note:
    key: str  # what a sheet asks for: "population", "computed", "missing", ...
    text: str


def ref(number: int) -> str:
    """The reference a title carries: "[note 1]"."""
    return f"[note {number}]"


def report_notes(summary: Summary) -> tuple[Note, ...]:
    """Every note of the report, in the order they are numbered."""
    years = [y for y in summary.years if summary.networks_reporting.get(y) is not None]
    population = "; ".join(f"{y}: {summary.networks_reporting[y]} netværk" for y in years)
    notes = [
        Note(
            "population",
            "Opgørelsen omfatter de innovationsnetværk, der har indsendt skema det "
            f"pågældende år ({population or 'ikke opgjort'}). Tallet står under hvert år.",
        ),
        Note(
            "computed",
            "Totaler er summen over de netværk, der har besvaret feltet. Gennemsnit pr. "
            "netværk er totalen divideret med antallet af netværk, der har besvaret feltet. "
            "Andele (pct.) er andelen af de netværk, der har besvaret spørgsmålet, som svarede "
            "ja. Procent ændring er beregnet af tallene, som de er vist (afrundet).",
        ),
        Note(
            "missing",
            "[x]: ikke indsamlet eller ikke opgjort det pågældende år (i tidligere udgaver "
            "vist som NA).",
        ),
    ]
    breaks = series_breaks(summary)
    if not breaks:
        notes.append(Note("breaks", "Databrud i serierne: ingen."))
    else:
        first = len(notes) + 2  # the number of the first break's own note
        numbers = ", ".join(str(n) for n in range(first, first + len(breaks)))
        word = "note" if len(breaks) == 1 else "noterne"
        said = f"Databrud i serierne: se {word} {numbers} ved de berørte rækker."
        notes.append(Note("breaks", said))
        labels = {ind.id: ind.label_da for ind in summary.indicators}
        notes.extend(Note(break_key(iid), f"{labels[iid]}: {text}") for iid, text in breaks.items())
    if _shows_published(summary):
        notes.append(Note("published", _PUBLISHED))
    return tuple(notes)


_PUBLISHED = (
    "Tal for tidligere år er gengivet som trykt i de offentliggjorte performanceregnskaber, "
    "også hvor de ikke stemmer med en beregning: enkelte gennemsnit pr. netværk er trykt som "
    "hele tal (fx 2007-2010: 86, 145, 159 og 210 deltagende virksomheder pr. netværk); "
    "samspil pr. netværk 2009 er trykt 42 (982 / 23 = 42,7); procent ændring for "
    "information om finansiering, hjælp til ansøgninger og databaser er trykt 24, 14 og 30 "
    "pct., hvor de trykte andele giver 23, 13 og 29 pct.; finansieringskilderne 2009-2011 "
    "summerer ikke præcis til den trykte samlede omsætning (2011: 237,8 mod 237); "
    "stigningen i antal deltagende virksomheder 2011-2012 er trykt 26 pct., men 5.883 til "
    "7.383 er 25 pct. (26 pct. er stigningen i gennemsnittet pr. netværk)."
)


def _shows_published(summary: Summary) -> bool:
    return any(yv.source == "published" for ind in summary.indicators for yv in ind.series)


def note_number(notes: tuple[Note, ...], key: str) -> int:
    """The number of the note `key` (1-based); KeyError when the report has no such note."""
    for i, note in enumerate(notes, start=1):
        if note.key == key:
            return i
    raise KeyError(key)


def notes_sheet(notes: tuple[Note, ...]) -> SheetSpec:
    """The notes as a two-column table: the reference and its text."""
    b = SheetBuilder(NOTES, "Noter til tabellerne")
    b.width(0, 0, 12)
    b.width(1, 1, 100)
    b.put(0, 0, "Noter til tabellerne og figurerne i performanceregnskabet", "title")
    b.put_row(2, 0, ["Note", "Tekst"], "head_left")
    for i, note in enumerate(notes, start=1):
        b.put(2 + i, 0, ref(i), "text")
        b.put(2 + i, 1, note.text, "text_wrap")
    if notes:  # an Excel table, as every table of the report (issue 13 item 1)
        b.table("Noter", 2, 0, 2 + len(notes), 1, description=b.description)
    b.page = PageSetup(landscape=False)
    return b.build()
