"""The words of a figure: its title's period, its numbers in Danish and its alt text.

Kept apart from `figure_kinds` (how a figure is built) because they are text, the same for
every kind of figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from perfreg_xlsx.util.numbers import round_half_up

FMT_COUNT = "#,##0"
FMT_DECIMAL = "#,##0.0"
FMT_SHARE = "0%"


def period_text(years: Sequence[int]) -> str:
    """The years as a Danish title says them: runs joined by "-", the rest by ", " and "og".

    >>> period_text([2012]), period_text([2007, 2008, 2009]), period_text([2007, 2009, 2010])
    ('2012', '2007-2009', '2007 og 2009-2010')
    """
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    parts = [f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]


def danish_number(value: float, num_format: str) -> str:
    """`value` as the report prints it in Danish: "7.383", "39,5", "91 pct.".

    >>> danish_number(7383, FMT_COUNT), danish_number(39.54, FMT_DECIMAL)
    ('7.383', '39,5')
    >>> danish_number(0.91, FMT_SHARE)
    '91 pct.'
    """
    if num_format == FMT_SHARE:
        return f"{round_half_up(value * 100):,.0f} pct.".replace(",", ".")
    decimals = 1 if num_format == FMT_DECIMAL else 0
    text = f"{round_half_up(value, decimals):,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


CHART_WORDS: Mapping[tuple[object, object], str] = {
    ("column", None): "Søjlediagram",
    ("column", "stacked"): "Stablet søjlediagram",
    ("bar", None): "Liggende søjlediagram",
    ("line", None): "Kurvediagram",
    ("pie", None): "Cirkeldiagram",
}


def alt_text(
    title: str,
    chart: Mapping[str, object],
    year: int,
    names: Sequence[tuple[str, str]],
    values: Sequence[float | None],
) -> str:
    """The alt text: the kind of chart, what it shows, and the numbers of `year`.

    `names` holds a (name, number format) pair per value; unknown values are not named.

    >>> alt_text("Figur 2.1. Antal netværk 2011-2012", {"type": "column"}, 2012,
    ...          [("Antal netværk", FMT_COUNT)], [22.0])
    'Søjlediagram over antal netværk 2011-2012. I 2012: Antal netværk 22.'
    """
    word = CHART_WORDS.get((chart.get("type"), chart.get("subtype")), "Diagram")
    body = title.split(". ", 1)[-1].rstrip(".")
    body = body[:1].lower() + body[1:]
    shown = [
        f"{name} {danish_number(v, fmt)}"
        for (name, fmt), v in zip(names, values, strict=True)
        if v is not None
    ]
    text = f"{word} over {body}. I {year}: {'; '.join(shown)}" if shown else f"{word} over {body}"
    return end_sentence(text)


def end_sentence(text: str) -> str:
    """`text` ending in one full stop (a last "pct." is not given a second one).

    >>> end_sentence("Andel 91 pct."), end_sentence("Antal 22")
    ('Andel 91 pct.', 'Antal 22.')
    """
    return text if text.endswith(".") else text + "."
