"""The questionnaire a network fills in: where every answer cell is, and writing the form.

Owns the field map (`fieldmap`: sheet, row and column of each field, derived from the survey
alone), the template writer (openpyxl) and filling answers into a copy (`fill`, for tests,
samples and benchmarks). A change to what the respondent sees goes here.

May import: `survey`, `errors`, `util`.
"""
