"""Backends: the writers, each turning a composed document into one file format.

Writers share the renderer and the composed document (``exporter/compose``)
and know nothing of each other. Each is a module that meets :class:`Backend`,
named in :data:`BACKENDS`; adding a format is one module and one entry.
They are imported lazily by name, so that ``exporter epub`` never loads
WeasyPrint.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from ..compose import Document
    from ..model import Article, Packet
    from .result import Built, Progress

STYLES = (Path(__file__).resolve().parents[1] / "styles").resolve()
"""Stylesheets and fonts. ``exporter/styles`` links to the project's top-level
``styles/`` folder, so a source checkout and an installed wheel (which copies
the files through the link) find them in the same place."""

BACKENDS: dict[str, str] = {
    "epub": "exporter.backends.epub",
    "pdf": "exporter.backends.pdf",
    "html": "exporter.backends.html",
}
"""Format name → the module that writes it."""


class Backend(Protocol):
    """What a writer module offers."""

    SUFFIX: str
    """The output file's extension, with its dot."""

    @property
    def Options(self) -> type[Any]:  # noqa: N802 - a class the module defines
        """The writer's options: a frozen dataclass whose ``compose`` property
        gives the :class:`~exporter.compose.ComposeOptions` it needs."""

    def write(self, document: Document, options: Any) -> Built:
        """The file of a document composed with ``options.compose``."""

    def export(self, work: Article | Packet, options: Any, progress: Progress = ...) -> Built:
        """One article's file or a packet's: composed, then written (``progress``
        ticks once per article)."""


def backend(name: str) -> Backend:
    """The writer for ``name`` (imported on first use)."""
    return cast(Backend, importlib.import_module(BACKENDS[name]))
