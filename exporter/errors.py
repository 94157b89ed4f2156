"""Errors the library raises. Only the ``cli`` package turns them into messages and exits.

Every error names the file it is about and says the problem in one line.
Exit statuses live here, in one place (2 stays click's usage error).
"""

from __future__ import annotations

import enum
from pathlib import Path


class ExitStatus(enum.IntEnum):
    OK = 0
    INPUT = 1
    """The input could not be read or made sense of."""
    USAGE = 2
    """click's own status for a malformed command line."""
    OUTPUT = 3
    """The output could not be written."""
    INTERNAL = 4
    """A bug: please report it with ``--debug``."""


class ExporterError(Exception):
    """Base class: ``path`` is the file (or web address) concerned, ``problem`` the one-line reason."""

    status = ExitStatus.INPUT

    def __init__(self, path: Path | str | None, problem: str) -> None:
        # A web address stays as written: as a Path, "https://a" would lose a slash.
        self.path: Path | str | None = path if isinstance(path, str) and "://" in path else (
            Path(path) if path is not None else None
        )
        self.problem = " ".join(problem.split())
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}" if self.path is not None else self.problem


class InputError(ExporterError):
    """The input file is missing, unreadable, too large or not text."""


class FrontMatterError(ExporterError):
    """The YAML front matter (or a packet manifest) is malformed."""


class OutputError(ExporterError):
    """The output cannot be written where asked."""

    status = ExitStatus.OUTPUT


class UsageError(ExporterError):
    """A value given on the command line, or to the API, that cannot be used."""

    status = ExitStatus.USAGE


class InternalError(ExporterError):
    """Something of ours broke, not the input: a worker process died or stalled."""

    status = ExitStatus.INTERNAL
