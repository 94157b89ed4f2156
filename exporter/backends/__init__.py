"""Backends: each turns rendered articles into one output format.

Backends share the renderer and know nothing of each other. They are
imported lazily by name so that ``exporter epub`` never loads WeasyPrint.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

STYLES = (Path(__file__).resolve().parents[1] / "styles").resolve()
"""Stylesheets and fonts. ``exporter/styles`` links to the project's top-level
``styles/`` folder, so a source checkout and an installed wheel (which copies
the files through the link) find them in the same place."""

BACKENDS: dict[str, str] = {
    "epub": "exporter.backends.epub",
    "pdf": "exporter.backends.pdf",
}
"""Format name → module exposing ``Options``, ``SUFFIX``, ``build(article, options) -> bytes``
and ``export(article_or_packet, options, progress) -> Built`` (``result.py``)."""


def backend(name: str) -> Any:
    """The backend module for ``name`` (imported on first use)."""
    return importlib.import_module(BACKENDS[name])
