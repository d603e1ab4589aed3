"""What the rows of a definition say about each other, checked, then made into a `Catalogue`.

Each check names the cell to change: a duplicate id at its second row, an unknown field at
the `fields` cell naming it, min above max at `max`. Only a definition without problems
becomes a catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from perfreg_xlsx.definition.problems import Problem
from perfreg_xlsx.definition.rows import Broken, Row, Rows
from perfreg_xlsx.survey.catalogue import Catalogue
from perfreg_xlsx.survey.figure_spec import FigureRow, FigureSeries, FigureType
from perfreg_xlsx.survey.rules import (
    NoMeansZero,
    PartOfTotal,
    Requires,
    Rule,
    SourcesSum,
    YesNeedsCount,
)
from perfreg_xlsx.survey.types import (
    BOTH,
    CLUSTER_ONLY,
    NETWORK_ONLY,
    Agg,
    Field,
    Indicator,
    Kind,
    Section,
    Severity,
)

NUMERIC = frozenset({Kind.INT, Kind.DEC})
_PROGRAMMES = {"innovation_network": NETWORK_ONLY, "cluster": CLUSTER_ONLY, "both": BOTH}


def _rule_shape_ok(kind: str, kinds: Sequence[str]) -> bool:
    """Whether fields of these kinds ("n" number, "y" yesno, "t" other) suit rule `kind`."""
    match kind:
        case "part_of_total" | "requires":
            return list(kinds) == ["n", "n"]
        case "yes_needs_count":
            return list(kinds) == ["y", "n"]
        case "sources_sum":
            return len(kinds) >= 2 and all(k == "n" for k in kinds)
    return len(kinds) >= 2 and kinds[0] == "y" and all(k == "n" for k in kinds[1:])


_RULE_SAYS = {
    "part_of_total": "a part, then its total (two number fields)",
    "sources_sum": "the sources, then the total (number fields, at least two)",
    "no_means_zero": "a yesno field, then the counts (number fields) that must be 0 on Nej",
    "yes_needs_count": "a yesno field, then one count (a number field)",
    "requires": "two number fields",
}
# Per aggregation: (kind of field, least number of fields, most; None = any).
_AGG_SHAPE: dict[Agg, tuple[frozenset[Kind], int, int | None]] = {
    Agg.COUNT: (NUMERIC, 0, 0),
    Agg.SUM: (NUMERIC, 1, None),
    Agg.MEAN: (NUMERIC, 1, None),
    Agg.SHARE_YES: (frozenset({Kind.YESNO}), 1, 1),
    Agg.ANY_YES: (frozenset({Kind.YESNO}), 1, None),
    Agg.COUNT_YES: (frozenset({Kind.YESNO}), 1, 1),
    Agg.COUNT_POSITIVE: (NUMERIC, 1, 1),
    Agg.SHARE_POSITIVE: (NUMERIC, 1, 1),
    Agg.RATIO: (NUMERIC, 2, 2),
    Agg.SHARE_OF_SUM: (NUMERIC, 2, None),
}


def _m(row: Row) -> Any:
    return row.model


def _unique(rows: Sequence[Row], column: str, what: str, out: list[Problem]) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        key = getattr(row.model, column)
        if key in seen:
            out.append(
                row.problem(column, f"the {what} {key!r} is already used on row {seen[key]}")
            )
        else:
            seen[key] = row.number


def _fields_of(
    row: Row, ids: Sequence[str], fields: Mapping[str, Any], out: list[Problem], broken: set[str]
) -> bool:
    """Whether every one of `ids` is a field (one left out for its own problem is no second
    problem here, but no check of its kind either)."""
    unknown = [i for i in ids if i not in fields]
    for i in unknown:
        if i not in broken:
            out.append(
                row.problem("fields", f"names the field {i!r}, which the sheet fields lacks")
            )
    return not unknown


def _check_fields(rows: Rows, sections: set[str], out: list[Problem]) -> None:
    _unique(rows["fields"], "field_id", "field_id", out)
    for row in rows["fields"]:
        f = _m(row)
        if f.section not in sections:
            out.append(
                row.problem("section", f"section {f.section!r} is not on the sheet sections")
            )
        numeric = f.type in NUMERIC
        for col in ("min", "max", "yoy_factor"):
            if getattr(f, col) is not None and not numeric:
                out.append(row.problem(col, f"{col} is for whole and decimal fields; clear it"))
        if f.min is not None and f.max is not None and f.min > f.max:
            out.append(row.problem("max", f"max {f.max} is below min {f.min}"))


def _check_rules(rows: Rows, fields: Mapping[str, Any], out: list[Problem], broken: Broken) -> None:
    _unique(rows["rules"], "rule_id", "rule_id", out)
    for row in rows["rules"]:
        r = _m(row)
        if (r.kind == "sources_sum") != (r.tolerance is not None):
            say = (
                "give sources_sum a tolerance (0 for exact)"
                if r.kind == "sources_sum"
                else ("a tolerance is for sources_sum only; clear it")
            )
            out.append(row.problem("tolerance", say))
        if not _fields_of(row, r.fields, fields, out, broken["fields"]):
            continue
        kinds = [
            "y" if fields[i].type == Kind.YESNO else "n" if fields[i].type in NUMERIC else "t"
            for i in r.fields
        ]
        ok = _rule_shape_ok(r.kind, kinds)
        if not ok:
            texts = [i for i, k in zip(r.fields, kinds, strict=True) if k == "t"]
            why = f"; {texts[0]!r} is a {fields[texts[0]].type} field" if texts else ""
            out.append(row.problem("fields", f"{r.kind} needs {_RULE_SAYS[r.kind]}{why}"))


def _check_indicators(
    rows: Rows, fields: Mapping[str, Any], out: list[Problem], broken: Broken
) -> None:
    _unique(rows["indicators"], "indicator_id", "indicator_id", out)
    places: dict[int, int] = {}
    for row in rows["indicators"]:
        ind = _m(row)
        if ind.headline is not None:
            if ind.headline in places:
                out.append(
                    row.problem(
                        "headline", f"place {ind.headline} is already row {places[ind.headline]}'s"
                    )
                )
            places[ind.headline] = row.number
        if not _fields_of(row, ind.fields, fields, out, broken["fields"]):
            continue
        kinds, least, most = _AGG_SHAPE[ind.aggregation]
        n = len(ind.fields)
        if n < least or (most is not None and n > most):
            count = f"{least}" if least == most else f"at least {least}"
            out.append(row.problem("fields", f"{ind.aggregation} takes {count} field(s), not {n}"))
        wrong = [i for i in ind.fields if fields[i].type not in kinds]
        if wrong:
            want = "yesno" if Kind.YESNO in kinds else "whole or decimal"
            out.append(
                row.problem(
                    "fields",
                    f"{ind.aggregation} needs {want} fields; "
                    f"{wrong[0]!r} is {fields[wrong[0]].type}",
                )
            )
        asked = set(_PROGRAMMES[ind.programme])
        for i in ind.fields:
            if not asked <= set(_PROGRAMMES[fields[i].programme]):
                out.append(
                    row.problem(
                        "programme",
                        f"the field {i!r} is not asked of every programme of {ind.programme!r}",
                    )
                )
    # A left-out row may hold a missing place.
    gaps = sorted(places) != list(range(1, len(places) + 1))
    if places and gaps and not broken["indicators"]:
        last = rows["indicators"][-1]
        out.append(
            Problem(
                "indicators",
                f"{last.letters['headline']}1",
                f"the headline places must be 1, 2, ... without gaps; found "
                f"{', '.join(map(str, sorted(places)))}",
            )
        )


def _check_figures(rows: Rows, indicators: set[str], out: list[Problem], broken: Broken) -> None:
    figs = rows["figures"]
    _unique(figs, "figure_id", "figure_id", out)
    by_id = {_m(r).figure_id: r for r in figs}
    series: dict[str, list[Row]] = {i: [] for i in by_id}
    for row in rows["figure_series"]:
        s = _m(row)
        if s.figure_id not in by_id:
            if s.figure_id in broken["figures"]:
                continue
            out.append(row.problem("figure_id", f"no figure {s.figure_id!r} on the sheet figures"))
            continue
        series[s.figure_id].append(row)
        if s.indicator_id not in indicators and s.indicator_id not in broken["indicators"]:
            out.append(
                row.problem("indicator_id", f"{s.indicator_id!r} is not on the sheet indicators")
            )
    for fid, row in by_id.items():
        f = _m(row)
        t = f.type
        try:
            f.title.format(period="2012")
        except (KeyError, IndexError, ValueError):
            out.append(row.problem("title", "braces { } may only hold {period}"))
        rules = {
            "chart": t in (FigureType.BY_YEAR, FigureType.BY_CATEGORY),
            "y_title": t != FigureType.PIE,
            "y2_title": t == FigureType.TWO_AXES,
            "category_title": t in (FigureType.BY_CATEGORY, FigureType.PIE),
        }
        for col, needed in rules.items():
            if needed and not getattr(f, col):
                out.append(row.problem(col, f"a {t} figure needs its {col}"))
            elif getattr(f, col) and not needed:
                out.append(row.problem(col, f"a {t} figure has no {col}; clear the cell"))
        if t == FigureType.PIE and f.back:
            out.append(row.problem("back", "a pie shows the survey year only; write 0"))
        mine = series[fid]
        if fid in broken["figure_series"]:
            pass  # a series row of it was left out: its count is not known
        elif not mine or (t == FigureType.TWO_AXES and len(mine) != 2):
            want = "exactly two rows" if t == FigureType.TWO_AXES else "at least one row"
            out.append(row.problem("figure_id", f"the figure needs {want} on figure_series"))
        for s in mine:
            if not _m(s).label and t in (FigureType.BY_YEAR, FigureType.TWO_AXES):
                out.append(s.problem("label", f"a series of a {t} figure needs its label"))
            if _m(s).colour_slot is not None and t != FigureType.PIE:
                out.append(s.problem("colour_slot", "colour_slot is for pie slices; clear it"))
        slots = [_m(s).colour_slot is None for s in mine]
        if t == FigureType.PIE and any(slots) and not all(slots):
            first = mine[slots.index(True)]
            out.append(
                first.problem("colour_slot", "give every slice of the pie a colour_slot, or none")
            )


def build(
    rows: Rows, source: str, broken: Broken | None = None
) -> tuple[Catalogue | None, tuple[Problem, ...]]:
    """The catalogue of the typed rows, or None and what the rows get wrong together.

    `broken`: per sheet, the ids of rows left out for a problem of their own (references to
    them are no further problem).
    """
    broken = {name: set(ids) for name, ids in (broken or {}).items()}
    for name in rows:
        broken.setdefault(name, set())
    out: list[Problem] = []
    _unique(rows["sections"], "section_id", "section_id", out)
    sections = {_m(r).section_id for r in rows["sections"]} | broken["sections"]
    _check_fields(rows, sections, out)
    fields = {_m(r).field_id: _m(r) for r in rows["fields"]}
    _check_rules(rows, fields, out, broken)
    _check_indicators(rows, fields, out, broken)
    indicators = {_m(r).indicator_id for r in rows["indicators"]}
    in_appendix = {_m(r).section for r in rows["indicators"] if _m(r).appendix_row}
    for row in rows["appendix_headings"]:
        if _m(row).section not in in_appendix and not broken["indicators"]:
            out.append(
                row.problem(
                    "section",
                    f"no appendix_row indicator has section "
                    f"{_m(row).section!r}, so the heading would not be printed",
                )
            )
    _check_figures(rows, indicators, out, broken)
    if out or any(broken.values()):  # a left-out row: no catalogue without it
        return None, tuple(out)
    return _catalogue(rows, source), ()


def _rule(r: Any) -> Rule:
    fs, sev, said = r.fields, Severity(r.severity), r.message
    match r.kind:
        case "part_of_total":
            return PartOfTotal(fs[0], fs[1], sev, said)
        case "sources_sum":
            return SourcesSum(tuple(fs[:-1]), fs[-1], r.tolerance, sev, said)
        case "no_means_zero":
            return NoMeansZero(fs[0], tuple(fs[1:]), sev, said)
        case "yes_needs_count":
            return YesNeedsCount(fs[0], fs[1], sev, said)
    return Requires(fs[0], fs[1], sev, said)


def _catalogue(rows: Rows, source: str) -> Catalogue:
    fields = tuple(
        Field(
            f.field_id,
            f.section,
            f.question,
            Kind(f.type),
            unit=f.unit,
            help=f.help,
            required=f.required,
            min=f.min,
            max=f.max,
            programmes=_PROGRAMMES[f.programme],
            yoy_factor=f.yoy_factor,
            personal=f.personal,
        )
        for f in map(_m, rows["fields"])
    )
    indicators = tuple(
        Indicator(
            i.indicator_id,
            i.section,
            i.label,
            i.unit,
            Agg(i.aggregation),
            i.fields,
            i.scale,
            i.decimals,
            i.appendix_row,
            _PROGRAMMES[i.programme],
            i.break_note,
        )
        for i in map(_m, rows["indicators"])
    )
    headline = tuple(
        i.indicator_id
        for i in sorted(
            (i for i in map(_m, rows["indicators"]) if i.headline is not None),
            key=lambda i: i.headline,
        )
    )
    headings: dict[str, tuple[str, ...]] = {}
    for h in map(_m, rows["appendix_headings"]):
        headings[h.section] = (*headings.get(h.section, ()), h.heading)
    series: dict[str, list[FigureSeries]] = {}
    for s in map(_m, rows["figure_series"]):
        series.setdefault(s.figure_id, []).append(
            FigureSeries(s.indicator_id, s.label, s.colour_slot)
        )
    figures = tuple(
        FigureRow(
            f.figure_id,
            FigureType(f.type),
            f.caption,
            f.number,
            f.title,
            f.back,
            f.chart,
            f.y_title,
            f.y2_title,
            f.category_title,
            f.data_labels,
            tuple(series[f.figure_id]),
        )
        for f in map(_m, rows["figures"])
    )
    return Catalogue(
        sections=tuple(Section(s.section_id, s.title) for s in map(_m, rows["sections"])),
        fields=fields,
        rules=tuple(_rule(r) for r in map(_m, rows["rules"])),
        indicators=indicators,
        headline=headline,
        appendix1_headings=headings,
        figures=figures,
        source=source,
    )
