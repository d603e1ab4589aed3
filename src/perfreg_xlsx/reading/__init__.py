"""Reading returned files safely: which files to read, the bounded zip and XML reader, the
worker pool.

Owns sniffing and listing the inputs (`inputs`), the defensive container and XML layer
(`safezip`), the scan of a worksheet into raw cells (`reader` and the modules it uses), the
worker pool that survives a crashing or hanging file (`pool`) and how a result crosses back
to the parent (`packing`). A new refusal of a hostile file goes here; what an answer means
does not (that is `checking`).

May import: `models`, `survey`, `errors`, `util`.
"""
