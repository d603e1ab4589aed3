"""Failures that stop a command (as opposed to findings, which are data)."""

from __future__ import annotations


class PerfregError(Exception):
    """Base of every error the CLI turns into a one-line message."""


class RegisterError(PerfregError):
    """The register of networks cannot be read or is inconsistent."""


class HistoryError(PerfregError):
    """The history of published or recorded figures cannot be read."""


class OutputError(PerfregError):
    """A file cannot be written or replaced."""


class UsageError(PerfregError):
    """The command was asked for something it cannot do (exit code 2)."""
