"""The register of networks expected to answer: an editable CSV, loaded and checked here.

The secretariat edits `templates/networks.csv` in Excel or a text editor; nothing in Python
needs to change when a network joins, merges or closes.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from perfreg_xlsx.errors import RegisterError
from perfreg_xlsx.survey.types import Programme
from perfreg_xlsx.util import csvtext

DEFAULT_REGISTER = Path("templates") / "networks.csv"
COLUMNS = ("name", "short_name", "theme_area", "programme", "web")
_SHORT = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True, slots=True)  # slots: a register may list thousands
class Network:
    name: str
    short_name: str  # used in file names: lower case letters, digits and hyphens
    theme_area: str
    programme: Programme
    web: str = ""


@dataclass(frozen=True)
class Register:
    networks: tuple[Network, ...]

    def by_name(self) -> dict[str, Network]:
        return {n.name: n for n in self.networks}

    def by_short_name(self) -> dict[str, Network]:
        return {n.short_name: n for n in self.networks}

    def with_short_name(self, short_name: str) -> Network | None:
        """The network whose short name is exactly `short_name`, if any."""
        return self._short.get(short_name)

    @cached_property
    def _short(self) -> dict[str, Network]:
        return self.by_short_name()

    def of(self, programme: Programme) -> tuple[Network, ...]:
        return tuple(n for n in self.networks if n.programme == programme)

    def find(self, text: str) -> Network | None:
        """The network named `text`, by full or short name, ignoring case and spacing."""
        return self._index.get(_norm(text))

    @cached_property
    def _index(self) -> dict[str, Network]:
        # Built once: every questionnaire of a run is looked up, and a register may be long.
        # The first network listed wins, as a scan in register order would find it.
        index: dict[str, Network] = {}
        for n in self.networks:
            index.setdefault(_norm(n.name), n)
            # A valid short name is its own normal form (and then one string, not two).
            short = n.short_name if _SHORT.match(n.short_name) else _norm(n.short_name)
            index.setdefault(short, n)
        return index


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def parse_register(text: str, source: str = "networks.csv") -> Register:
    """Parse the register CSV (comma or semicolon separated, as Excel may save it).

    >>> parse_register("name,short_name,theme_area,programme,web\\nA,a,Energi,cluster,\\n")
    ... # doctest: +ELLIPSIS
    Register(networks=(Network(name='A', short_name='a', ...),))
    """
    text = text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text), delimiter=csvtext.delimiter(text))
    missing = [c for c in COLUMNS[:4] if c not in (reader.fieldnames or [])]
    if missing:
        raise RegisterError(f"{source}: missing column(s) {', '.join(missing)}")
    networks: list[Network] = []
    seen_names: dict[str, int] = {}
    seen_short: dict[str, int] = {}
    themes: dict[str, str] = {}
    for lineno, row in enumerate(reader, start=2):
        name = (row.get("name") or "").strip()
        if not name:
            # A blank line is skipped, but a row with content and no name would silently
            # drop a network the secretariat meant to list.
            if any(isinstance(v, str) and v.strip() for v in row.values()):
                raise RegisterError(f"{source}:{lineno}: the row has no name")
            continue
        short = (row.get("short_name") or "").strip()
        prog_text = (row.get("programme") or "").strip()
        if not _SHORT.match(short):
            raise RegisterError(
                f"{source}:{lineno}: short_name {short!r} must be lower-case letters, digits "
                "and hyphens"
            )
        try:
            programme = Programme(prog_text)
        except ValueError:
            allowed = ", ".join(p.value for p in Programme)
            raise RegisterError(
                f"{source}:{lineno}: programme {prog_text!r} is not one of {allowed}"
            ) from None
        norm = _norm(name)
        if norm in seen_names:
            raise RegisterError(
                f"{source}:{lineno}: {name!r} is listed twice (also line {seen_names[norm]})"
            )
        if short in seen_short:
            raise RegisterError(
                f"{source}:{lineno}: short_name {short!r} of {name!r} is already used on line "
                f"{seen_short[short]}; every network needs its own short name"
            )
        seen_names[norm] = lineno
        seen_short[short] = lineno
        theme = (row.get("theme_area") or "").strip()
        networks.append(
            Network(
                name=name,
                short_name=short,
                # The same few theme areas on every row: one string each, not one per row.
                theme_area=themes.setdefault(theme, theme),
                programme=programme,
                web=(row.get("web") or "").strip(),
            )
        )
    if not networks:
        raise RegisterError(f"{source}: the register lists no networks")
    return Register(tuple(networks))


def load_register(path: Path = DEFAULT_REGISTER) -> Register:
    try:
        text = csvtext.read(path)
    except csvtext.NotText as exc:
        raise RegisterError(f"cannot read the register {path}: {exc}") from None
    return parse_register(text, str(path))
