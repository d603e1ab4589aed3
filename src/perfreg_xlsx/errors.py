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


class NoQuestionnaireError(PerfregError):
    """The inputs hold no questionnaire to work from: nothing to report or profile.

    Not a usage error: the command was asked for the right thing, and the folder (an empty
    one, or one of unreadable files) is an answer that needs action, as findings are.
    """


class RecordError(OutputError):
    """The report was written, but its figures could not be recorded for next year."""
