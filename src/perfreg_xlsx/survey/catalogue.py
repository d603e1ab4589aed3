"""The survey definition in force: one `Catalogue` of sections, fields, rules and indicators.

Every part of the program asks `current()` for the definition, so `--definition FILE`
(issue 15) can put another definition in force for a whole run with `use()`. Until something
is put in force, `current()` is the built-in definition: the workbook shipped in the package.

A `Catalogue` is compared and hashed by identity (`eq=False`): what is derived from it (the
answer model, the field map) is cached per catalogue with `functools.cache`, and two loads of
the same file are two catalogues.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from perfreg_xlsx.survey.figure_spec import FigureRow
from perfreg_xlsx.survey.types import Field, Indicator, Programme, Section

if TYPE_CHECKING:
    from perfreg_xlsx.survey.rules import Rule


@dataclass(frozen=True, eq=False)
class Catalogue:
    """What the survey asks, how answers must agree, and what the report shows.

    `source` names where it came from (a file path, or "built-in") for messages.
    """

    sections: tuple[Section, ...]
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...]
    indicators: tuple[Indicator, ...]
    # Indicator ids the key findings state, in order.
    headline: tuple[str, ...]
    # Headings of appendix 1, keyed by the section whose first row they precede.
    appendix1_headings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The report's figures, as the definition's `figures` and `figure_series` sheets say.
    figures: tuple[FigureRow, ...] = ()
    source: str = "built-in"

    @cached_property
    def fields_by_id(self) -> Mapping[str, Field]:
        return {f.id: f for f in self.fields}

    @cached_property
    def indicators_by_id(self) -> Mapping[str, Indicator]:
        return {i.id: i for i in self.indicators}

    @cached_property
    def appendix1(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.appendix1)

    def fields_for(self, programme: Programme) -> tuple[Field, ...]:
        """The fields a questionnaire of `programme` asks, in form order."""
        return self._fields_for[programme]

    @cached_property
    def _fields_for(self) -> Mapping[Programme, tuple[Field, ...]]:
        return {p: tuple(f for f in self.fields if p in f.programmes) for p in Programme}

    def rules_for(self, programme: Programme) -> tuple[Rule, ...]:
        """The rules whose fields are all asked of `programme`."""
        return self._rules_for[programme]

    @cached_property
    def _rules_for(self) -> Mapping[Programme, tuple[Rule, ...]]:
        from perfreg_xlsx.survey.rules import rule_fields

        out: dict[Programme, tuple[Rule, ...]] = {}
        for p in Programme:
            asked = {f.id for f in self.fields_for(p)}
            out[p] = tuple(r for r in self.rules if set(rule_fields(r)) <= asked)
        return out


_current: Catalogue | None = None


def builtin() -> Catalogue:
    """The definition shipped inside the package (`perfreg_xlsx/data/definition.xlsx`).

    The workbook is the one source of the survey's questions, rules, indicators and figures
    (issue 15): nothing is declared in Python. Loaded on first use, once per process.
    """
    global _BUILTIN
    if _BUILTIN is None:
        # Imported here, not at the top: the loader builds on this module (and on the
        # reader), and a `--help` or a run with `--definition` never needs the packaged copy.
        from perfreg_xlsx.definition.cache import load_cached
        from perfreg_xlsx.definition.files import packaged_definition

        _BUILTIN = load_cached(packaged_definition())
    return _BUILTIN


_BUILTIN: Catalogue | None = None


def current() -> Catalogue:
    """The definition in force for this run."""
    return _current if _current is not None else builtin()


def use(catalogue: Catalogue | None) -> Catalogue | None:
    """Put `catalogue` in force for the rest of the run (None: back to the built-in).

    Returns what was put in force before (None: the built-in), to restore it with `use`.
    """
    global _current
    before, _current = _current, catalogue
    return before
