"""The two populations of the register: innovation networks (appendix 1) and other clusters.

Appendix 1 is computed from the innovation networks alone; appendix 3 adds the other clusters.
Every summary that counts answers (front sheet, terminal) counts them per population, so that a
missing cluster is never mistaken for a missing innovation network or the reverse. No I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import PROGRAMME_NAMES, Programme


@dataclass(frozen=True)
class Population:
    """How many of one programme's registered organisations a set of files covers."""

    programme: Programme
    registered: int
    answered: int  # registered organisations with a file (or with a response used)
    missing: tuple[str, ...]  # short names without one, sorted

    @property
    def name_en(self) -> str:
        return PROGRAMME_NAMES[self.programme].plural_en

    @property
    def name_da(self) -> str:
        return PROGRAMME_NAMES[self.programme].plural_da

    def text_en(self) -> str:
        """E.g. "22 of 22 innovation networks"."""
        return f"{self.answered} of {self.registered} {self.name_en}"


def populations(register: Register, answered: Iterable[str]) -> tuple[Population, ...]:
    """Per programme (innovation networks first): registered, answered and missing.

    `answered` holds short names; names the register does not know are ignored here (they
    are findings of their own, reported by validation).
    """
    done = set(answered)
    out: list[Population] = []
    for programme in Programme:
        members = register.of(programme)
        missing = tuple(sorted(n.short_name for n in members if n.short_name not in done))
        out.append(Population(programme, len(members), len(members) - len(missing), missing))
    return tuple(out)


def answered_from_missing(register: Register, missing: Iterable[str]) -> set[str]:
    """The registered short names that are not in `missing` (a validation's missing list)."""
    gone = set(missing)
    return {n.short_name for n in register.networks if n.short_name not in gone}


def summary_line(pops: Iterable[Population]) -> str:
    """E.g. "22 of 22 innovation networks, 32 of 32 other clusters"; empty populations left
    out, so a register without clusters reads as before."""
    return ", ".join(p.text_en() for p in pops if p.registered or p.answered)
