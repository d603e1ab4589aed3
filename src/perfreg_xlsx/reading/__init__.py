"""Reading returned files safely: which files to read, the bounded zip and XML reader, the
worker pool.

Owns sniffing and listing the inputs (`inputs`, `files`: file typing and size limits), the
defensive container layer (`safezip`: zip checks on the standard library's `zipfile`) and
XML parser (`safexml`: expat with DTDs and entities refused), the scan of a worksheet into
raw cells (`reader`, `parts`, `sheet`, and the measured fast path `fastscan`), the worker
pool that survives a crashing or hanging file (`pool`, `outcomes`) and how a result crosses
back to the parent (`packing`). A new refusal of a hostile file goes here; what an answer
means does not (that is `checking`).

May import: `models`, `survey`, `errors`, `util`.
"""
