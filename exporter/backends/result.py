"""What a backend hands back to the command line, and how it reports progress.

Every backend's ``export(work, options, progress)`` takes one
:class:`~exporter.model.Article` (a handout or e-book of its own) or one
:class:`~exporter.model.Packet`, and returns a :class:`Built`. ``progress``
is called once for each article rendered, so that the command line can move
its progress bar; the library itself never prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Progress = Callable[[], None]
"""Called once per article as the backend finishes rendering it."""


def no_progress() -> None:
    """The default :data:`Progress`: nobody is watching."""


@dataclass(frozen=True, slots=True)
class Built:
    """One output file, made in memory."""

    data: bytes
    """The file's bytes, written out by the caller."""
    pages: int | None = None
    """Pages of a paged format (PDF); None for a reflowable one (EPUB)."""
    warnings: tuple[str, ...] = ()
    """What a reader of the file would find wrong with it, one line each
    (characters printed as empty boxes); the command line shows them, or
    with ``--strict`` refuses the file."""
