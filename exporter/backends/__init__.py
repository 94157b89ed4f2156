"""Backends: each turns rendered articles into one output format.

Backends share the renderer and know nothing of each other. They are
imported lazily by name so that ``exporter epub`` never loads WeasyPrint.
"""

from __future__ import annotations

import importlib
from typing import Any

BACKENDS: dict[str, str] = {
    "epub": "exporter.backends.epub",
    "pdf": "exporter.backends.pdf",
}
"""Format name → module exposing ``Options``, ``SUFFIX`` and ``build(doc, options) -> bytes``."""


def backend(name: str) -> Any:
    """The backend module for ``name`` (imported on first use)."""
    return importlib.import_module(BACKENDS[name])
