"""Stages 1 and 2 together: a file to an :class:`~exporter.model.Article`.

``read`` → already canonical? → ``clean``. A file exactly as ``exporter
clean`` writes one (front matter and all, the body perhaps corrected by hand
since) is taken as it stands: cleaning it again would change nothing of ours
and could undo the corrections. Anything else is cleaned.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from .canonical import as_written
from .model import Article
from .read import DEFAULT_MAX_BYTES, read_source, read_stream


@dataclass(frozen=True, slots=True)
class Loaded:
    """An input file read and, unless it was canonical already, cleaned."""

    article: Article
    warnings: tuple[str, ...] = ()
    """What reading noticed (a guessed encoding), one line each."""
    report: tuple[str, ...] = ()
    """What cleaning removed and rewrote, one line each (``--report``)."""
    cleaned: bool = True
    """False when the file was taken as ``exporter clean`` wrote it."""


def load(
    path: str | Path,
    *,
    max_size: int = DEFAULT_MAX_BYTES,
    base_url: str | None = None,
    disabled: tuple[str, ...] = (),
    as_is: bool = True,
) -> Loaded:
    """``path`` read and cleaned; with ``as_is``, a canonical file is taken as it stands.
    ``-`` is standard input.

    Raises the typed errors of ``errors.py`` (``InputError``, ``FrontMatterError``).
    """
    if str(path) == "-":
        source = read_stream(sys.stdin.buffer, max_size)
    else:
        source = read_source(Path(path), max_size)
    article = as_written(source.text, str(source.path)) if as_is else None
    if article is not None:
        return Loaded(article, source.warnings, cleaned=False)
    # Imported when first needed: a packet of canonical files needs no cleaner.
    from .cleaner import clean_source

    cleaned = clean_source(source, base_url=base_url, disabled=disabled)
    return Loaded(cleaned.article, source.warnings + cleaned.warnings, cleaned.report)
