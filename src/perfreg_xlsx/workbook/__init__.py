"""Workbooks as plain data, and the one renderer that writes them with xlsxwriter.

Owns the spec types (`spec`: sheets, cells, styles, print set-up, `ChartSpec`) and their
rendering (`render`, `charts`). It knows nothing of the report or the profiles: they build a
spec, this package writes it.

May import: `models`, `survey`, `errors`, `util`.
"""
