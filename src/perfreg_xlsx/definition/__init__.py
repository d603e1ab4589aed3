"""The survey definition as a workbook the secretariat edits (issue 15).

Owns the layout of templates/definition.xlsx (`columns`), the typed rows of its sheets
(`rows`), reading it into a `survey.catalogue.Catalogue` with every mistake a `Problem` at
its sheet!cell (`load`, `checks`, `problems`), keeping loaded catalogues on disk (`cache`),
which file a run uses (`files`), and writing a catalogue out as that workbook (`export`).
The cells are read by `reading.grid`, never by openpyxl.

May import: `reading`, `models`, `survey`, `util`, `errors`.
"""
