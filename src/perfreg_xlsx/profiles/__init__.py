"""Per-network profiles: one network's figures beside the others', as a workbook spec.

Owns the computation of a profile (`profile`, pure) and the layout of its sheets.

May import: `report` (aggregation), `workbook`, `models`, `survey`, `errors`, `util`.
"""
