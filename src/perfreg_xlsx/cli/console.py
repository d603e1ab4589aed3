"""Shared terminal helpers for the commands: errors without tracebacks, exit codes."""

from __future__ import annotations

import contextlib
import functools
import io
import os
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import click

from perfreg_xlsx.errors import NoQuestionnaireError, PerfregError, UsageError
from perfreg_xlsx.util.safetext import for_terminal

P = ParamSpec("P")
R = TypeVar("R")

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def friendly_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn library errors (and, unless --debug, anything unexpected) into one line.

    No traceback ever reaches a user unless they ask for it with `--debug`. A message may
    quote a file name or a cell, so it is printed through `for_terminal`: one line, no escape
    sequence acted on.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        ctx = click.get_current_context()
        debug = bool(ctx.params.get("debug"))
        try:
            return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except UsageError as exc:
            raise click.UsageError(for_terminal(str(exc))) from None
        except NoQuestionnaireError as exc:
            # What the folders hold, as findings are: no traceback even with --debug.
            click.echo(f"Error: {for_terminal(str(exc))}", err=True)
            sys.exit(EXIT_FINDINGS)
        except PerfregError as exc:
            if debug:
                raise
            click.echo(f"Error: {for_terminal(str(exc))}", err=True)
            sys.exit(EXIT_FINDINGS)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # The reader stopped reading (`| head`, quitting `less`): not a failure to report.
            # Point stdout at nowhere so that the flush at exit does not fail a second time.
            with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_FINDINGS)
        except Exception as exc:
            if debug:
                raise
            click.echo(
                f"Error: unexpected failure ({type(exc).__name__}: {for_terminal(str(exc))}). "
                "Run again with --debug for details.",
                err=True,
            )
            sys.exit(EXIT_FINDINGS)

    return wrapper


debug_option = click.option(
    "--debug", is_flag=True, default=False, help="Show a traceback on unexpected errors."
)
