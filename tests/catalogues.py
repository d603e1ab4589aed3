"""Catalogues for tests: today's definition changed with `dataclasses.replace`, put in force
for one block (`in_force`) and the one before restored after, whatever the block does."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable, Iterator
from typing import Any

from perfreg_xlsx.survey import catalogue
from perfreg_xlsx.survey.catalogue import Catalogue
from perfreg_xlsx.survey.types import Field, Indicator


@contextlib.contextmanager
def in_force(cat: Catalogue) -> Iterator[Catalogue]:
    before = catalogue.current()
    catalogue.use(cat)
    try:
        yield cat
    finally:
        catalogue.use(before if before is not catalogue.builtin() else None)


def changed(**changes: Any) -> Catalogue:
    """The built-in catalogue with `changes` (Catalogue attributes), a new catalogue."""
    return dataclasses.replace(catalogue.builtin(), source="test definition", **changes)


def with_field(field: Field, after: str) -> tuple[Field, ...]:
    """The built-in fields with `field` inserted after the field `after`."""
    out: list[Field] = []
    for f in catalogue.builtin().fields:
        out.append(f)
        if f.id == after:
            out.append(field)
    return tuple(out)


def with_indicator(ind: Indicator, after: str) -> tuple[Indicator, ...]:
    out: list[Indicator] = []
    for i in catalogue.builtin().indicators:
        out.append(i)
        if i.id == after:
            out.append(ind)
    return tuple(out)


def without_fields(ids: Iterable[str]) -> tuple[Field, ...]:
    drop = set(ids)
    return tuple(f for f in catalogue.builtin().fields if f.id not in drop)


def without_indicators(ids: Iterable[str]) -> tuple[Indicator, ...]:
    drop = set(ids)
    return tuple(i for i in catalogue.builtin().indicators if i.id not in drop)


def replaced_field(fid: str, **changes: Any) -> tuple[Field, ...]:
    return tuple(
        dataclasses.replace(f, **changes) if f.id == fid else f for f in catalogue.builtin().fields
    )


def replaced_indicator(iid: str, **changes: Any) -> tuple[Indicator, ...]:
    return tuple(
        dataclasses.replace(i, **changes) if i.id == iid else i
        for i in catalogue.builtin().indicators
    )
