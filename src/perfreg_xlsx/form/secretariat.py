"""Who the respondents contact: the secretariat's name, e-mail and phone, from
`templates/secretariat.csv` (edited by the secretariat, one row under the header
``name,email,phone``; Excel's semicolons are read too), shown on the instructions sheet.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from perfreg_xlsx.errors import PerfregError, UsageError
from perfreg_xlsx.survey.answer_rules import EMAIL_PATTERN
from perfreg_xlsx.util import csvtext
from perfreg_xlsx.util.safetext import path_text

DEFAULT_SECRETARIAT = Path("templates") / "secretariat.csv"
COLUMNS = ("name", "email", "phone")
_LONGEST = 200  # characters of one value: a name, an address or a number, not a letter


@dataclass(frozen=True)
class Secretariat:
    name: str
    email: str
    phone: str


def load_secretariat(path: Path = DEFAULT_SECRETARIAT) -> Secretariat:
    """The secretariat of `path`. A missing file is a usage error (exit 2); a file that is not
    one row of name, e-mail and phone is an error (exit 1); both name the file."""
    shown = path_text(path)
    if not path.is_file():
        raise UsageError(
            f"the secretariat's contact file {shown} does not exist; write it with the columns "
            f"{','.join(COLUMNS)} and one row"
        )
    try:
        text = csvtext.read(path)
    except csvtext.NotText as exc:
        raise PerfregError(f"cannot read the secretariat's contact file {shown}: {exc}") from None
    return parse_secretariat(text, shown)


def default_secretariat() -> Secretariat | None:
    """The secretariat of `DEFAULT_SECRETARIAT` when that file exists (a malformed one is still
    an error), else None: library callers outside the project folder (feedback copies, samples)
    get a guide that says "kontakt sekretariatet" without the details. `template` always loads
    the file and refuses a missing one."""
    return load_secretariat() if DEFAULT_SECRETARIAT.is_file() else None


def parse_secretariat(text: str, source: str) -> Secretariat:
    """The one row of `text` (CSV with the header `COLUMNS`); `source` names it in errors."""
    rows = [
        r
        for r in csv.reader(io.StringIO(text), delimiter=csvtext.delimiter(text))
        if any(cell.strip() for cell in r)
    ]
    bad = f"the secretariat's contact file {source}"
    if not rows or tuple(c.strip().lower() for c in rows[0]) != COLUMNS:
        raise PerfregError(f"{bad} must start with the header line {','.join(COLUMNS)}")
    if len(rows) != 2 or len(rows[1]) != len(COLUMNS):
        raise PerfregError(f"{bad} must hold exactly one row of {len(COLUMNS)} values")
    name, email, phone = (c.strip() for c in rows[1])
    for column, value in zip(COLUMNS, (name, email, phone), strict=True):
        if not value or len(value) > _LONGEST:
            raise PerfregError(f"{bad}: {column} is empty or longer than {_LONGEST} characters")
    if not re.match(EMAIL_PATTERN, email):
        raise PerfregError(f"{bad}: email {email!r} is not an e-mail address")
    return Secretariat(name, email, phone)
