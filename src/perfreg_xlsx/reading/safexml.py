"""The hardened XML parser every part of a package goes through: expat, namespace-aware,
refusing any DTD, entity declaration or external entity (Excel never writes them), with its
failures translated to named `ReadError`s (`xml-forbidden`, `xml-malformed`).

The standard library's expat is used directly rather than defusedxml: the scans need expat's
handler swapping for speed, and the four handlers set here refuse what defusedxml refuses
(defusedxml.expatreader does the same on top of the same parser).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol
from xml.parsers import expat

from perfreg_xlsx.reading.files import RESEND, ReadError


class Parts(Protocol):
    """Where the part scanners read from: a `SafeZip`, or one part already inflated."""

    def has(self, name: str) -> bool: ...

    def chunks(self, name: str) -> Iterator[bytes]: ...


class OnePart:
    """One part inflated by `SafeZip.read`, to be parsed from memory like a package's part."""

    def __init__(self, name: str, data: bytes) -> None:
        self._name = name.lstrip("/").lower()
        self.data = data

    def has(self, name: str) -> bool:
        return name.lstrip("/").lower() == self._name

    def chunks(self, name: str) -> Iterator[bytes]:
        if not self.has(name):
            raise KeyError(name)
        yield self.data


class _Forbidden(Exception):
    pass


def _forbid(*_args: object) -> Any:
    raise _Forbidden


StartHandler = Callable[[str, dict[str, str]], None]
EndHandler = Callable[[str], None]
TextHandler = Callable[[str], None]


def new_parser() -> expat.XMLParserType:
    """A namespace-aware expat parser that refuses any DTD, entity or external entity.

    Element and attribute names carry their namespace as "uri local", so prefixes do not
    matter. Handlers may be swapped while parsing (the sheet scan does, for speed).
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _forbid
    parser.EntityDeclHandler = _forbid
    parser.UnparsedEntityDeclHandler = _forbid
    parser.ExternalEntityRefHandler = _forbid
    parser.buffer_text = True
    return parser


def feed(zf: Parts, name: str, parser: expat.XMLParserType) -> None:
    """Stream part `name` through `parser` (from `new_parser`), translating its failures."""
    try:
        for chunk in zf.chunks(name):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Forbidden:
        raise ReadError(
            "xml-forbidden",
            f"The part '{name}' contains a DTD or entity declarations, which Excel never "
            f"writes; the file was refused as possibly hostile. {RESEND}",
        ) from None
    except expat.ExpatError as exc:
        raise ReadError(
            "xml-malformed",
            f"The part '{name}' is not well-formed XML "
            f"({expat.ErrorString(exc.code)}, line {exc.lineno}). {RESEND}",
        ) from None


def parse_part(
    zf: Parts,
    name: str,
    start: StartHandler,
    end: EndHandler | None = None,
    text: TextHandler | None = None,
) -> None:
    """Stream part `name` through a hardened parser calling the given handlers."""
    parser = new_parser()
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    feed(zf, name, parser)
