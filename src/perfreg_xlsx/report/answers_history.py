"""Each network's answers of a recorded year: `history/answers_<year>.csv`.

Written by `aggregate` beside `recorded_<year>.csv`, only when the year is recorded, and read
by `template --per-network` for the "Sidste år" column of next year's forms. One row per
network (its short name), one column per field id of every programme. Only numbers and yes/no
answers are kept: the text answers are the contacts' names and e-mails, which do not belong in
a shared history folder (and text could start a formula when the file is opened in Excel).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from perfreg_xlsx.errors import HistoryError
from perfreg_xlsx.models import Response, Value
from perfreg_xlsx.survey.catalogue import current
from perfreg_xlsx.survey.types import NO, YES, Field, Kind, Programme
from perfreg_xlsx.util import csvtext
from perfreg_xlsx.util.numbers import decimal_text
from perfreg_xlsx.util.safetext import shortened

_KINDS = (Kind.INT, Kind.DEC, Kind.YESNO)


def _fields() -> dict[str, Field]:
    out: dict[str, Field] = {}
    for programme in Programme:
        out |= {f.id: f for f in current().fields_for(programme) if f.kind in _KINDS}
    return out


def answers_path(folder: Path, year: int) -> Path:
    return folder / f"answers_{year}.csv"


def _cell(v: Value) -> str:
    if isinstance(v, bool):
        return YES if v else NO
    if isinstance(v, int | float):
        return decimal_text(v)
    return ""


def record_answers(folder: Path, year: int, responses: Sequence[Response]) -> Path:
    """Write `answers_<year>.csv` atomically; raises OutputError when it cannot."""
    ids = list(_fields())
    rows = [[r.network, *(_cell(r.values.get(fid)) for fid in ids)] for r in responses]
    rows.sort(key=lambda row: str(row[0]))
    return csvtext.write_rows(answers_path(folder, year), [["network", *ids], *rows])


def load_answers(folder: Path, year: int) -> dict[str, dict[str, Value]] | None:
    """The answers recorded for `year` by network, or None when there is no such file."""
    path = answers_path(folder, year)
    if not path.is_file():
        return None
    fields = _fields()
    try:
        content = csvtext.read(path)
    except csvtext.NotText as exc:
        raise HistoryError(f"{path} cannot be read: {exc}") from None
    rows = list(csv.reader(io.StringIO(content), delimiter=csvtext.delimiter(content)))
    if not rows or not rows[0] or rows[0][0] != "network":
        raise HistoryError(f"{path}: the first column must be 'network'")
    header = rows[0]
    out: dict[str, dict[str, Value]] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        values: dict[str, Value] = {}
        for fid, text in zip(header[1:], row[1:], strict=False):
            f = fields.get(fid)
            if f is None or not text.strip():
                continue  # a column of no known number field, or no answer
            values[fid] = _parse(f, text.strip(), path, line)
        out[row[0]] = values
    return out


def _parse(f: Field, text: str, path: Path, line: int) -> Value:
    try:
        if f.kind is Kind.YESNO:
            if text not in (YES, NO):
                raise ValueError(text)
            return text == YES
        return int(text) if f.kind is Kind.INT else float(text)
    except ValueError:
        raise HistoryError(
            f"{path}, line {line}: {f.id} is not a number: {shortened(text, 40)!r}"
        ) from None
