"""What the survey is: the definition in force, its vocabulary and the register of networks.

Owns the shapes of a question, rule and indicator (`types`, `rules`, `answer_rules`), the
definition in force (`catalogue.current()`; the built-in one is the workbook packaged with
the program, loaded on first use), appendix 3's layout (`landscape`), the figures' row
shapes (`figure_spec`) and the register of networks expected to answer (`registry`,
`populations`). What the survey asks and shows is not declared here: a new question or
indicator is a row of the definition workbook (docs/definition.md).

May import: `errors`, `util`; and, once, lazily, the definition loader (`catalogue.builtin`
loads the packaged workbook; tests/test_architecture.py names it). Nothing here reads a
questionnaire or writes a workbook.
"""
