"""perfreg-xlsx: the yearly performance report of the Danish innovation networks, in Excel."""

__version__ = "0.1.0"
