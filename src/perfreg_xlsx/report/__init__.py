"""The report: answers -> indicators -> the report workbook as plain data.

Owns aggregation (`aggregate`, pure), the figures of earlier years (`history`; each network's
recorded answers: `answers_history`), the report's figures and tables declared as data
(`figures`, `tables`: a new chart is a declaration in `figures`) and the layout of every
sheet (`layout` and its siblings), which builds a `workbook.spec.WorkbookSpec` that
`workbook.render` writes.

May import: `workbook` (the spec types), `models`, `survey`, `errors`, `util`.
"""
