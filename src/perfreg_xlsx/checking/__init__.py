"""Checking answers: raw cells -> typed answers and findings, per file and across a folder.

Owns parsing one cell (`parse`), validating one questionnaire (`validate`), the finding codes
and their messages (`findings`: a new finding code goes there), the checks across the files
of a folder (`folderchecks`) and what a check writes for people (`feedback` copies, the
validation `workbook`).

May import: `form` (the field map), `reading`, `models`, `survey`, `errors`, `util`.
"""
