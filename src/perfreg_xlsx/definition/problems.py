"""A mistake in a definition file: where it is (sheet!cell) and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass

from perfreg_xlsx.errors import PerfregError
from perfreg_xlsx.util.safetext import for_terminal


@dataclass(frozen=True)
class Problem:
    """One mistake. `cell` is "" when the sheet (or the file, `sheet` "") as a whole is wrong."""

    sheet: str
    cell: str
    message: str  # English, for the secretariat: what is wrong and what to write instead

    @property
    def where(self) -> str:
        if not self.sheet:
            return "(file)"
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def line(self) -> str:
        """The problem as one line of terminal text (the file's text made safe to print)."""
        return for_terminal(f"{self.where}: {self.message}")

    def as_json(self) -> dict[str, str]:
        return {"sheet": self.sheet, "cell": self.cell, "message": self.message}


class DefinitionError(PerfregError):
    """The definition file has mistakes; nothing may run on it."""

    def __init__(self, source: str, problems: tuple[Problem, ...]) -> None:
        super().__init__(f"the definition {source} has {len(problems)} mistake(s)")
        self.source = source
        self.problems = problems


def quoted(value: object, limit: int = 60) -> str:
    """A cell's value for a message, cut short: '…' marks the cut."""
    text = str(value)
    return repr(text if len(text) <= limit else text[:limit] + "…")
