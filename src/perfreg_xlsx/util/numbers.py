"""Decimal helpers shared by aggregation, history and the report: print rounding, exact sums.

Answers arrive as floats read from Excel cells, but they stand for the decimals a person typed
(4.1 årsværk, 2.5 mio. kr.). Converting through `repr` recovers those decimals exactly, so sums
and roundings behave like the printed figures, not like binary floating point.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext

# Wide enough that sums of any realistic number of answers are exact.
_PRECISION = 60


def to_decimal(x: float | int | Decimal) -> Decimal:
    """The decimal a number stands for: `0.1` -> `Decimal('0.1')`, not its binary expansion.

    >>> to_decimal(0.1) + to_decimal(0.2) == to_decimal(0.3)
    True
    """
    if isinstance(x, Decimal):
        return x
    if isinstance(x, bool):  # bool is an int subclass; True is never a quantity
        raise TypeError(f"expected a number, got {x!r}")
    if isinstance(x, int):
        return Decimal(x)
    if not math.isfinite(x):
        raise ValueError(f"expected a finite number, got {x!r}")
    return Decimal(repr(x))


def exact_sum(values: list[Decimal]) -> Decimal:
    """The exact sum, independent of the order of `values`."""
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return sum(values, Decimal(0))


def divide(numerator: Decimal, denominator: Decimal) -> Decimal:
    """`numerator / denominator` with enough digits that a float of it is correctly rounded."""
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return numerator / denominator


def multiply(a: Decimal, b: Decimal) -> Decimal:
    """`a * b` without loss (the scale 0.001 is exact as a Decimal, unlike as a float)."""
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return a * b


def round_half_up(x: float | int | Decimal, decimals: int = 0) -> float:
    """Round as a printed Danish table does: a trailing 5 rounds away from zero.

    Python's `round` rounds half to even on the binary value (`round(2.675, 2) == 2.67`);
    the report must show what a person computing by hand would show.

    >>> round_half_up(2.5), round_half_up(3.5), round_half_up(2.675, 2), round_half_up(-0.5)
    (3.0, 4.0, 2.68, -1.0)
    """
    d = to_decimal(x)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        rounded = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return float(rounded)


def decimal_text(x: float | int | Decimal) -> str:
    """A number as plain text with '.' as decimal separator and no exponent or trailing zeros.

    >>> decimal_text(869.0), decimal_text(4.30), decimal_text(1e16), decimal_text(0.001)
    ('869', '4.3', '10000000000000000', '0.001')
    """
    d = to_decimal(x)
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")
