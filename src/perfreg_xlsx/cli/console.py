"""Shared terminal helpers for the commands: errors without tracebacks, exit codes."""

from __future__ import annotations

import contextlib
import functools
import io
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import ParamSpec, TypeVar

import click

from perfreg_xlsx.errors import NoQuestionnaireError, PerfregError, UsageError
from perfreg_xlsx.util.safetext import for_terminal

P = ParamSpec("P")
R = TypeVar("R")

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_TERMINATED = 128 + signal.SIGTERM  # as a shell reports a process ended by SIGTERM


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the command is, as Ctrl-C is: `with` blocks and `finally`
    clauses (the worker pool, atomic writes) end the workers and remove temporary files."""


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    """While the command runs, SIGTERM raises `Terminated` once; a second one kills."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set a handler (a command run from a library)
        return
    owner = os.getpid()

    def terminated(signum: int, _frame: object) -> None:
        if os.getpid() != owner:  # a worker just forked, before it set its own handler
            os._exit(EXIT_TERMINATED)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        # None: a handler set outside Python, which cannot be put back; the default then.
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


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
            with _sigterm_raises():
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
        except Terminated:
            click.echo("Terminated.", err=True)
            sys.exit(EXIT_TERMINATED)
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
