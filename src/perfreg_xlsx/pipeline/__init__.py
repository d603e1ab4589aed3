"""The order of the stages: read -> validate (`validate_folder`), then aggregate -> lay out
-> write (`build_report`) or per-network profiles -> lay out -> write (`build_profiles`).
Only this module knows that order; the commands call one function each.

Owns the order of the stages and nothing else: `validation` runs read -> check over a folder
(with the worker pool), `outputs` runs aggregate -> lay out -> render for the report and the
profiles, `previous` finds last year's answers for the per-network forms. The commands in
`cli` call one of the functions exported here.

May import every stage (`checking`, `reading`, `report`, `profiles`, `workbook`, `form`) and
what they stand on; only `cli` imports it.
"""

from perfreg_xlsx.pipeline.outputs import (
    PROFILES_DIR,
    ProfilesRun,
    ReportRun,
    build_profiles,
    build_report,
)
from perfreg_xlsx.pipeline.validation import Checked, check_file, validate_folder

__all__ = [
    "PROFILES_DIR",
    "Checked",
    "ProfilesRun",
    "ReportRun",
    "build_profiles",
    "build_report",
    "check_file",
    "validate_folder",
]
