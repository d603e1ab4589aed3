"""validate -> per-network profiles -> one feedback workbook per innovation network.

The same rule as the report: a questionnaire with errors blocks the run unless
`skip_invalid`, in which case it is left out (of its own profile and of every group figure).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from perfreg_xlsx.errors import NoQuestionnaireError, OutputError, UsageError
from perfreg_xlsx.models import Response, ValidationResult
from perfreg_xlsx.pipeline import validate_folder
from perfreg_xlsx.survey.registry import Register
from perfreg_xlsx.survey.types import Programme

PROFILES_DIR = "profiles"


@dataclass(frozen=True)
class ProfilesRun:
    """What `build_profiles` did: the validation, and the profiles when they were written."""

    validation: ValidationResult
    paths: tuple[Path, ...] = ()  # one per included innovation network, by short name
    written: bool = False  # False: blocked by errors
    with_previous: int = 0  # profiles showing last year's answers
    previous: ValidationResult | None = None  # the validation of last year's folder
    # Profiles of the same year in the folder that this run did not write (a network left
    # out since an earlier run): not deleted, but they must not be sent by mistake.
    stale: tuple[Path, ...] = ()

    @property
    def blocked(self) -> bool:
        return not self.written


def build_profiles(
    paths: Sequence[Path],
    register: Register,
    *,
    year: int | None = None,
    out_dir: Path = Path("out"),
    previous: Path | None = None,
    skip_invalid: bool = False,
    made_on: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> ProfilesRun:
    """Validate `paths` and write `out_dir/profiles/<network>_<year>.xlsx` per network.

    `previous` is a folder of last year's returned questionnaires; its accepted answers give
    each network its change from last year (a file of last year with errors is not used).
    `made_on` is printed in the profiles and stored as their created date; None means Dec 31
    of the survey year, so that the same inputs give the same bytes.
    """
    from perfreg_xlsx.profiles.profile import build_profiles as profile_data
    from perfreg_xlsx.profiles.sheets import profile_filename, write_profile

    if previous is not None and not previous.is_dir():
        raise UsageError(f"last year's questionnaires: {previous} is not a folder")
    validation = validate_folder(paths, register, year, progress=progress)
    if validation.errors and not skip_invalid:
        return ProfilesRun(validation)
    survey_year = validation.survey_year
    if survey_year is None:
        raise NoQuestionnaireError(
            f"no questionnaire could be read in {', '.join(map(str, paths))}, so there is no "
            "survey year"
        )
    responses = [r for r in validation.responses() if r.programme is Programme.NETWORK]
    if not responses:
        raise NoQuestionnaireError(
            f"no valid questionnaire from an innovation network for {survey_year} in "
            f"{', '.join(map(str, paths))}: no profiles to write"
        )
    last: ValidationResult | None = None
    last_responses: tuple[Response, ...] = ()
    if previous is not None:
        last = validate_folder([previous], register, survey_year - 1)
        last_responses = last.responses()
    profiles = profile_data(responses, register, survey_year, last_responses)
    folder = out_dir / PROFILES_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {folder}: {exc.strerror or exc}") from None
    day = made_on or date(survey_year, 12, 31)
    written = tuple(
        write_profile(folder / profile_filename(p.network, survey_year), p, day) for p in profiles
    )
    stale = tuple(p for p in sorted(folder.glob(f"*_{survey_year}.xlsx")) if p not in set(written))
    return ProfilesRun(
        validation,
        written,
        written=True,
        with_previous=sum(p.has_previous for p in profiles),
        previous=last,
        stale=stale,
    )
