"""CSV files that people edit in Excel: decoding and the separator Excel chose."""

from __future__ import annotations


def decode(raw: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else the Windows code page.

    >>> decode("årsværk".encode("cp1252"))
    'årsværk'
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the ANSI code page.
        return raw.decode("cp1252")


def delimiter(text: str) -> str:
    """';' when the header line has more semicolons than commas, else ','.

    Excel with Danish settings saves CSV separated by semicolons.

    >>> delimiter("id;year;value")
    ';'
    """
    first = text.splitlines()[0] if text.strip() else ""
    return ";" if first.count(";") > first.count(",") else ","
