"""Per-run settings, and the boundary where errors become messages and exit statuses."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..errors import ExitStatus, ExporterError

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """Per-run settings shared by every command (no module globals)."""

    def __init__(self, debug: bool = False, quiet: bool = False, verbose: bool = False) -> None:
        self.debug = debug
        self.quiet = quiet
        self.verbose = verbose

    def say(self, message: str) -> None:
        """A line of detail on stderr, with ``--verbose`` only."""
        if self.verbose and not self.quiet:
            click.echo(f"exporter: {message}", err=True)

    def warn(self, message: str, where: object = None) -> None:
        """One warning line on stderr (``exporter: FILE: warning: …``), unless ``--quiet``."""
        if not self.quiet:
            at = f"{where}: " if where is not None else ""
            click.echo(f"exporter: {at}warning: {message}", err=True)

    @property
    def shows_progress(self) -> bool:
        """A progress bar only for a person watching a terminal."""
        return not self.quiet and sys.stderr.isatty()


def _fail(ctx: Context, error: BaseException) -> None:
    if ctx.debug:
        raise error
    if isinstance(error, ExporterError):
        click.echo(f"exporter: {error}", err=True)
        sys.exit(error.status)
    click.echo(
        f"exporter: internal error: {type(error).__name__}: {error} (run with --debug for details)",
        err=True,
    )
    sys.exit(ExitStatus.INTERNAL)


def reports_errors(func: F) -> F:
    """Turn library errors into one-line messages and exit statuses."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context().find_object(Context) or Context(False, False)
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            raise
        except Exception as error:  # noqa: BLE001 - the CLI boundary
            _fail(ctx, error)

    return wrapper  # type: ignore[return-value]
