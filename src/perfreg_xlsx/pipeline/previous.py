"""Last year's answers of each network, for the "Sidste år" column of the per-network forms.

From last year's returned questionnaires (read and checked as `validate` reads them, never
opened any other way) or, failing those, from the answers `aggregate` recorded in `history/`.
"""

from __future__ import annotations

from pathlib import Path

from perfreg_xlsx.models import Value
from perfreg_xlsx.pipeline.validation import validate_folder
from perfreg_xlsx.report.answers_history import answers_path, load_answers
from perfreg_xlsx.survey.registry import Register

Answers = dict[str, dict[str, Value]]


def previous_answers(
    year: int, register: Register, previous: Path | None, history_dir: Path
) -> tuple[Answers, str]:
    """(answers of survey `year` - 1 by network short name, where they were found).

    `previous` is a folder of last year's files; None means `inputs/<year-1>` when that folder
    exists, else `history/answers_<year-1>.csv`. No source at all is no answers, not an error:
    the forms then have an empty "Sidste år" column.
    """
    last = year - 1
    folder = previous
    if folder is None and (Path("inputs") / str(last)).is_dir():
        folder = Path("inputs") / str(last)
    if folder is not None:
        result = validate_folder([folder], register, last)
        answers = {r.network: dict(r.values) for r in result.responses(include_invalid=True)}
        return answers, str(folder)
    recorded = load_answers(history_dir, last)
    if recorded is not None:
        return recorded, str(answers_path(history_dir, last))
    return {}, ""
