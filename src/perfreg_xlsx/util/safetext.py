"""The one boundary that makes text from a returned file safe for each place it goes.

Text read from a questionnaire, and the file's own name, are untrusted. Each sink has its own
danger, so each has its own function, and every writer calls the one for its sink:

- the terminal (`for_terminal`): control characters (ANSI escapes, carriage returns, newlines)
  would let a cell or a file name recolour, overwrite or forge output lines ("0 error(s)");
  they are shown as visible escapes, so one finding stays one line;
- XML we write (`for_xml`, `xml_unsafe`): XML 1.0 and Excel cannot hold most C0 controls,
  lone surrogates or U+FFFE/U+FFFF; a workbook holding one cannot be opened. They are
  replaced by U+FFFD, and the caller reports that it happened;
- file names (`path_text`): a name with bytes that are not UTF-8 arrives from the OS as lone
  surrogates (PEP 383); printing, encoding or writing it into XML would raise. It is shown with
  the undecodable bytes as ``\\xNN``.
"""

from __future__ import annotations

import os
import re

# Characters XML 1.0 cannot hold (tab, LF and CR can), lone surrogates and the two
# noncharacters U+FFFE/U+FFFF. One character class, no quantifier nesting: linear time.
_XML_UNSAFE_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What a terminal acts on: C0 controls, DEL, C1 controls (CSI is U+009B), and the line and
# paragraph separators some terminals break lines at; the bidirectional controls, which
# reorder what a line shows ("Trojan Source": a name could make a finding read otherwise);
# plus lone surrogates, which cannot be encoded for output at all.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_TERMINAL_UNSAFE_RE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff]")
# Machine output (JSON) is read by programs but often printed: the same characters, except
# those JSON itself escapes (C0) and the surrogates a serializer has already dealt with.
_JSON_UNSAFE_RE = re.compile(f"[\x7f-\x9f\u2028\u2029{_BIDI}]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}
REPLACEMENT = "\ufffd"


def for_terminal(text: str) -> str:
    """`text` on one line with every control character shown as an escape (``\\x1b`` -> ``\\e``).

    A backslash is left as it is: the escapes are for a person to read, not to be undone.
    """
    return _TERMINAL_UNSAFE_RE.sub(_terminal_escape, text)


def _terminal_escape(m: re.Match[str]) -> str:
    char = m.group(0)
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def for_json(text: str) -> str:
    """JSON text with the characters a terminal acts on written as ``\\uXXXX`` escapes.

    They can only stand inside JSON strings, where an escape means the same character, so the
    document parses to the same values; printed with `cat`, it can no longer drive a terminal.
    """
    return _JSON_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def xml_unsafe(text: str) -> bool:
    """Whether `text` holds a character XML 1.0 (and so Excel) cannot hold."""
    return _XML_UNSAFE_RE.search(text) is not None


def for_xml(text: str) -> str:
    """`text` with each character XML 1.0 cannot hold replaced by U+FFFD."""
    return _XML_UNSAFE_RE.sub(REPLACEMENT, text)


def xml_text(text: str) -> str:
    """`text` for a workbook cell: a file name's undecodable bytes shown as ``\\xNN``
    (`path_text`), then what XML still cannot hold replaced by U+FFFD (`for_xml`).

    Every writer of a workbook calls it on every text it writes; a text that needs nothing
    costs one search and comes back as it is.
    """
    return for_xml(path_text(text)) if xml_unsafe(text) else text


def path_text(path: str | os.PathLike[str]) -> str:
    """A file name as text that can be printed, encoded and written anywhere.

    Bytes of the name that are not UTF-8 (the OS hands them over as lone surrogates) are shown
    as ``\\xNN``; everything else is unchanged, so a good name reads as it is.
    """
    name = os.fspath(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            raw = os.fsencode(name)
        except UnicodeEncodeError:  # a surrogate no byte stands for: not from the OS
            return name.encode("utf-8", errors="backslashreplace").decode("utf-8")
        return raw.decode("utf-8", errors="backslashreplace")
    return name


def shared_path(path: str | os.PathLike[str]) -> str:
    """A file name for a workbook that is e-mailed (the report): `path_text` of the name
    relative to the current folder when the file is under it, else with the home folder as
    "~", so the user name in an absolute path (/home/jens/...) does not travel with it."""
    name = os.fspath(path)
    if os.path.isabs(name):
        here = os.getcwd()
        home = os.path.expanduser("~")
        if name.startswith(here.rstrip(os.sep) + os.sep):
            name = name[len(here.rstrip(os.sep)) + 1 :]
        elif os.path.isabs(home) and len(home) > 1 and name.startswith(home + os.sep):
            name = "~" + name[len(home) :]
    return path_text(name)


def display_path(path: str | os.PathLike[str]) -> str:
    """A file name for the terminal: `path_text`, then its control characters escaped."""
    return for_terminal(path_text(path))


def shortened(text: str, most: int) -> str:
    """`text` cut to at most `most` characters, the cut shown by "…": a value quoted in a
    message, which may be a megabyte from a file."""
    return text if len(text) <= most else text[: most - 1] + "…"
