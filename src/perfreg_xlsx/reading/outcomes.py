"""What a worker pool gives back for each item: its value, still pickled (`Packed`) until
`unpack`, or a `Failure` saying how the worker ended; and the header a worker's answer
carries through its pipe (`HEADER`: the item's index and whether the function returned).
"""

from __future__ import annotations

import gc
import pickle
import struct
from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True)
class Failure:
    """What happened to a file whose worker did not give an answer."""

    kind: Literal["crashed", "timeout", "error"]
    detail: str  # English, for the finding: how the worker ended


def dumps(obj: object) -> bytes:
    return pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)


# A worker's answer: the item's index and whether `func` returned, then the pickled value (or
# the name of the exception). The parent needs only the header to keep order and blame.
HEADER = struct.Struct("<q?")


class Packed:
    """An answer as it came from a worker, still pickled (a fifth of its size unpickled).

    Kept so while the workers run: the parent's memory then does not grow by the unpickled
    results of every file while the workers hold theirs (see `Pool.map_packed`).
    """

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data


def unpack(outcomes: list[Any]) -> list[Any]:
    """The answers of `Pool.map_packed`, unpickled; a `Failure` where that fails.

    The answers are kept to the end of a run, so they are moved out of the garbage
    collector's sight (`gc.freeze`): otherwise every full collection from here on walks the
    objects of ten thousand results again (tens of milliseconds each), and making them
    triggers several.
    """
    out = []
    collecting = gc.isenabled()
    gc.disable()  # unpickling makes only objects without cycles; nothing to collect
    try:
        for x in outcomes:
            if isinstance(x, Packed):
                try:
                    x = pickle.loads(x.data)
                except Exception as exc:
                    x = Failure("error", f"unexpected {type(exc).__name__} unpacking the answer")
            out.append(x)
    finally:
        if collecting:
            gc.enable()
    gc.freeze()
    return out
