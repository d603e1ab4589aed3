"""The report's figure declarations to and from the plain rows a definition file holds.

`from_row` makes the declaration (`figure_kinds.ByYear`, ...) a `FigureRow` of the definition
describes; `to_row` writes a declaration back as its row, so `to_row(from_row(r)) == r` for
every figure of the shipped definition (a test: the report objects keep all a row says).
The rows were checked when the definition was loaded (`definition.load`), so a row reaching
`from_row` is complete for its type.
"""

from __future__ import annotations

from perfreg_xlsx.report.figure_kinds import ByCategory, ByYear, Declared, Pie, Shown, TwoAxes
from perfreg_xlsx.survey.figure_spec import CHARTS, FigureRow, FigureSeries, FigureType, chart_name


def figure_id(caption: str, number: str) -> str:
    """The id a figure has in the definition: 'Figur', '3.1' -> 'figur_3.1'."""
    return f"{caption.lower()}_{number}"


def _series(shown: tuple[Shown, ...] | tuple[tuple[str, str], ...]) -> tuple[FigureSeries, ...]:
    return tuple(FigureSeries(iid, label or "") for iid, label in shown)


def _chart(declared: ByYear | ByCategory) -> str:
    name = chart_name(declared.chart)
    if name is None:
        raise ValueError(f"{declared.kind} {declared.number}: chart {declared.chart} has no name")
    return name


def to_row(declared: Declared) -> FigureRow:
    """The definition's row of one declared figure."""
    common = {
        "id": figure_id(declared.kind, declared.number),
        "caption": declared.kind,
        "number": declared.number,
        "title": declared.title,
        "back": declared.back,
        "data_labels": declared.data_labels,
    }
    match declared:
        case ByYear():
            return FigureRow(
                type=FigureType.BY_YEAR,
                chart=_chart(declared),
                y_title=declared.y_title,
                y2_title="",
                category_title="",
                series=_series(declared.series),
                **common,  # type: ignore[arg-type]
            )
        case ByCategory():
            return FigureRow(
                type=FigureType.BY_CATEGORY,
                chart=_chart(declared),
                y_title=declared.y_title,
                y2_title="",
                category_title=declared.category_title,
                series=_series(declared.categories),
                **common,  # type: ignore[arg-type]
            )
        case TwoAxes():
            return FigureRow(
                type=FigureType.TWO_AXES,
                chart="",
                y_title=declared.y_title,
                y2_title=declared.y2_title,
                category_title="",
                series=_series((declared.left, declared.right)),
                **common,  # type: ignore[arg-type]
            )
        case Pie():
            slots: list[int | None] = list(declared.colour_slots)
            slices = _series(declared.slices)
            slots += [None] * (len(slices) - len(slots))
            return FigureRow(
                type=FigureType.PIE,
                chart="",
                y_title="",
                y2_title="",
                category_title=declared.category_title,
                series=tuple(
                    FigureSeries(s.indicator, s.label, slot)
                    for s, slot in zip(slices, slots, strict=True)
                ),
                **common,  # type: ignore[arg-type]
            )
    raise TypeError(declared)  # pragma: no cover


def _pairs(row: FigureRow) -> tuple[tuple[str, str], ...]:
    return tuple((s.indicator, s.label) for s in row.series)


def _shown(row: FigureRow) -> tuple[Shown, ...]:
    return tuple((s.indicator, s.label or None) for s in row.series)


def from_row(row: FigureRow) -> Declared:
    """The report's declaration of one figure row."""
    common = {
        "kind": row.caption,
        "number": row.number,
        "title": row.title,
        "back": row.back,
        "data_labels": row.data_labels,
    }
    match row.type:
        case FigureType.BY_YEAR:
            return ByYear(
                series=_pairs(row),
                y_title=row.y_title,
                chart=dict(CHARTS[row.chart]),
                **common,  # type: ignore[arg-type]
            )
        case FigureType.BY_CATEGORY:
            return ByCategory(
                categories=_shown(row),
                category_title=row.category_title,
                y_title=row.y_title,
                chart=dict(CHARTS[row.chart]),
                **common,  # type: ignore[arg-type]
            )
        case FigureType.TWO_AXES:
            left, right = _pairs(row)
            return TwoAxes(
                left=left,
                right=right,
                y_title=row.y_title,
                y2_title=row.y2_title,
                **common,  # type: ignore[arg-type]
            )
        case FigureType.PIE:
            slots = tuple(s.colour_slot for s in row.series if s.colour_slot is not None)
            return Pie(
                slices=_shown(row),
                category_title=row.category_title,
                colour_slots=slots,
                **common,  # type: ignore[arg-type]
            )
    raise TypeError(row.type)  # pragma: no cover


def to_rows(declared: tuple[Declared, ...]) -> tuple[FigureRow, ...]:
    return tuple(to_row(d) for d in declared)


def from_rows(rows: tuple[FigureRow, ...]) -> tuple[Declared, ...]:
    return tuple(from_row(r) for r in rows)
