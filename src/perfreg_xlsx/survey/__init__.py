"""What the survey is: its questions, rules, report indicators and the register of networks.

Owns the one declaration of every field (`fields`, `activity_fields`), cross-field rule
(`rules`), indicator (`indicators` and the modules it gathers) and the register of networks
expected to answer (`registry`, `populations`). A new question goes in `fields` or
`activity_fields`; a new report figure is an `Indicator`.

May import: `errors`, `util`. Nothing here reads a questionnaire or writes a workbook.
"""
